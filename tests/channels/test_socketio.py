"""The socket.io channel, as a browser widget would use it, against the real Rasa server."""
from __future__ import annotations

import asyncio
import uuid

import socketio

from isobot.channels.turn import apology_text


async def converse(base_url: str, messages: list[str], settle: float = 1.5) -> list[list[str]]:
    """Send each message on one socket.io session and collect the bot's texts per message."""
    client = socketio.AsyncClient()
    replies: asyncio.Queue = asyncio.Queue()
    client.on("bot_uttered", lambda data: replies.put_nowait(data.get("text", "")))
    session = uuid.uuid4().hex
    # Long-polling: python-engineio's websocket client needs a newer aiohttp than Rasa pins.
    await client.connect(base_url, socketio_path="/socket.io", transports=["polling"])
    try:
        await client.emit("session_request", {"session_id": session})
        turns = []
        for message in messages:
            await client.emit("user_uttered", {"message": message, "session_id": session})
            texts = [await asyncio.wait_for(replies.get(), timeout=60)]
            while True:  # the rest of this turn's messages arrive close together
                try:
                    texts.append(await asyncio.wait_for(replies.get(), timeout=settle))
                except asyncio.TimeoutError:
                    break
            turns.append(texts)
        return turns
    finally:
        await client.disconnect()


def test_a_question_gets_the_vetted_answer_over_socketio(rasa_server, catalogue):
    [answer] = asyncio.run(converse(rasa_server.url, ["how common is back pain on accutane?"]))
    assert "\n\n".join(answer).startswith(catalogue.answers["prevalence_overview"].text)


def test_socketio_is_never_silent_when_the_action_server_is_down(rasa_without_actions):
    question, emergency = asyncio.run(converse(rasa_without_actions.url, [
        "how common is back pain on accutane?", "i cant feel my legs and i wet myself"]))
    assert question == [apology_text()]
    assert "911" in emergency[0] and apology_text() not in emergency
