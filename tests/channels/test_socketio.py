"""The socket.io channel, as a browser widget would use it, against the real Rasa server: off
unless SOCKETIO_SESSION_SECRET is set, session ids issued (and signed) by the server, and the
browser origins allowed following CORS_ORIGINS."""

from __future__ import annotations

import asyncio

import httpx
import pytest
import socketio

from isobot.channels.conversation_ids import SOCKETIO, conversation_id
from isobot.channels.turn import apology_text
from tests.channels.conftest import CORS_ORIGIN, user_turns
from tests.channels.socketio_patient import Patient

QUESTION = "how common is back pain on accutane?"


async def converse(base_url: str, messages: list[str]) -> list[list[str]]:
    patient = Patient(base_url)
    await patient.connect()
    try:
        return [await patient.say(message) for message in messages]
    finally:
        await patient.close()


def test_a_question_gets_the_vetted_answer_over_socketio(channel_rasa, catalogue):
    [answer] = asyncio.run(converse(channel_rasa.url, [QUESTION]))
    assert "\n\n".join(answer).startswith(catalogue.answers["prevalence_overview"].text)


def test_socketio_is_never_silent_when_the_action_server_is_down(rasa_without_actions):
    question, emergency = asyncio.run(
        converse(rasa_without_actions.url, [QUESTION, "i cant feel my legs and i wet myself"])
    )
    assert question == [apology_text()]
    assert "911" in emergency[0] and apology_text() not in emergency


def test_a_second_socket_cannot_join_or_write_into_another_patients_session(channel_rasa):
    async def scenario():
        alice, mallory = Patient(channel_rasa.url), Patient(channel_rasa.url)
        signed = await alice.connect()
        alices_id = signed.split(".")[0]
        await alice.say("hello")
        try:
            # Naming Alice's conversation (its id, or a made-up signature) gets a session of one's own.
            assert await mallory.connect(propose=alices_id) != signed
            await mallory.client.emit("session_request", {"session_id": f"{alices_id}.{'0' * 64}"})
            assert await asyncio.wait_for(mallory.confirmed.get(), timeout=30) != signed
            # A message naming Alice's id is dropped: no reply, nothing in her conversation.
            # (A reply takes under 2 s here, so 5 s of silence means none is coming.)
            assert await mallory.say("I was here", session=alices_id, settle=0.5, first_timeout=5) == []
            # Alice's next replies reach Alice only.
            assert await alice.say(QUESTION)
            assert await mallory.heard(settle=0.5, first_timeout=3) == []
            return alices_id
        finally:
            await alice.close()
            await mallory.close()

    alices_id = asyncio.run(scenario())
    assert user_turns(channel_rasa.url, conversation_id(SOCKETIO, alices_id)) == ["hello", QUESTION]


def test_a_patient_can_resume_a_session_with_the_id_the_server_gave(channel_rasa):
    async def scenario():
        first = Patient(channel_rasa.url)
        signed = await first.connect()
        await first.say("hello")
        await first.close()
        again = Patient(channel_rasa.url)
        try:
            assert await again.connect(propose=signed) == signed
            assert await again.say(QUESTION)
        finally:
            await again.close()
        return signed.split(".")[0]

    assert user_turns(channel_rasa.url, conversation_id(SOCKETIO, asyncio.run(scenario()))) == ["hello", QUESTION]


def test_socketio_refuses_pages_from_origins_not_in_cors_origins(channel_rasa):
    async def connects(origin: str) -> bool:
        patient = Patient(channel_rasa.url, origin=origin)
        try:
            await patient.connect()
            return True
        except socketio.exceptions.ConnectionError:
            return False
        finally:
            await patient.close()

    assert asyncio.run(connects(CORS_ORIGIN))
    assert not asyncio.run(connects("https://evil.example"))
    # The WebSocket upgrade request itself is refused too, before any handshake.
    upgrade = httpx.get(
        f"{channel_rasa.url}/socket.io/",
        params={"EIO": "4", "transport": "websocket"},
        headers={
            "Origin": "https://evil.example",
            "Connection": "Upgrade",
            "Upgrade": "websocket",
            "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        },
    )
    assert upgrade.status_code == 400


def test_socketio_is_off_without_its_secret(rasa_server):
    log = rasa_server.log.read_text(errors="replace")
    assert log.count("socketio channel off: set SOCKETIO_SESSION_SECRET to enable") == 1
    assert httpx.get(f"{rasa_server.url}/socket.io/", params={"EIO": "4", "transport": "polling"}).status_code == 404
    assert httpx.post(f"{rasa_server.url}/webhooks/socketio/webhook", json={}).status_code == 503


@pytest.mark.parametrize("proposed", [None, "", 5, {"a": 1}, "x" * 10_000, "0" * 32])
def test_any_proposed_session_id_that_is_not_ours_gets_a_new_one(channel_rasa, proposed):
    async def scenario():
        patient = Patient(channel_rasa.url)
        try:
            await patient.open()
            await patient.client.emit("session_request", {"session_id": proposed})
            return await asyncio.wait_for(patient.confirmed.get(), timeout=30)
        finally:
            await patient.close()

    confirmed = asyncio.run(scenario())
    assert isinstance(confirmed, str) and confirmed != proposed and len(confirmed) == 32 + 1 + 64
