"""isobot/channels/whole_messages.py: a reply with `custom` stays one message on REST and
socket.io. Checked against Rasa's own output channels first: if a Rasa upgrade stops splitting
text from custom, the first two tests fail and the module can go."""

from __future__ import annotations

import asyncio

import pytest
import socketio
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.channels.socketio import SocketIOOutput

from isobot.channels.whole_messages import keep_whole, socketio_payload
from tests.channels.conftest import CORS_ORIGIN, QUESTION_ANSWER_ID
from tests.channels.socketio_patient import Patient

PROVENANCE = {"provenance": {"kind": "answer", "id": "x", "source_line": "Source: the article, reviewed 25 Nov 2026."}}
TEXT = "First paragraph.\n\n- a point\n- another"


def collect(channel: CollectingOutputChannel, message: dict) -> list[dict]:
    asyncio.run(channel.send_response("rest:p1", dict(message)))
    return channel.messages


def test_rasas_collector_splits_the_text_and_sends_custom_apart():
    assert collect(CollectingOutputChannel(), {"text": TEXT, "custom": PROVENANCE}) == [
        {"recipient_id": "rest:p1", "text": "First paragraph."},
        {"recipient_id": "rest:p1", "text": "- a point\n- another"},
        {"recipient_id": "rest:p1", "custom": PROVENANCE},
    ]


def test_rasas_socketio_output_cannot_send_a_provenance_at_all():
    server = socketio.AsyncServer(async_mode="asgi")
    with pytest.raises(TypeError):
        asyncio.run(SocketIOOutput(server, "bot_uttered").send_custom_json("room", dict(PROVENANCE)))


def test_a_reply_with_custom_is_collected_whole_in_one_object():
    channel = CollectingOutputChannel()
    keep_whole(channel)
    assert collect(channel, {"text": TEXT, "custom": PROVENANCE}) == [
        {"recipient_id": "rest:p1", "text": TEXT, "custom": PROVENANCE}
    ]


def test_a_reply_without_custom_is_collected_as_rasa_does():
    ours, rasas = CollectingOutputChannel(), CollectingOutputChannel()
    keep_whole(ours)
    message = {"text": TEXT, "buttons": [{"title": "Yes", "payload": "/affirm"}]}
    assert collect(ours, message) == collect(rasas, message)


def test_the_socketio_message_keeps_text_custom_and_buttons_together():
    buttons = [{"title": "Yes", "payload": "/affirm"}]
    payload = socketio_payload({"text": TEXT, "custom": PROVENANCE, "buttons": buttons})
    assert payload == {
        "text": TEXT,
        "custom": PROVENANCE,
        "quick_replies": [{"content_type": "text", "title": "Yes", "payload": "/affirm"}],
    }
    assert socketio_payload({"text": TEXT}) is None


def test_an_answer_over_socketio_arrives_with_its_provenance_in_the_same_message(channel_rasa, catalogue):
    async def scenario() -> list[dict]:
        patient = Patient(channel_rasa.url, origin=CORS_ORIGIN)
        await patient.connect()
        try:
            await patient.client.emit("user_uttered", {"message": "/ask_causes", "session_id": patient.session})
            return await patient.heard_messages()
        finally:
            await patient.close()

    messages = asyncio.run(scenario())
    answer = catalogue.answers[QUESTION_ANSWER_ID]
    [message] = [m for m in messages if m.get("text") == answer.text]
    assert message["custom"]["provenance"]["id"] == QUESTION_ANSWER_ID
    assert message["custom"]["provenance"]["quotes"] == list(answer.quotes)
