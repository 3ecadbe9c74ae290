"""Rasa's socket.io channel, with the same never-silent turn as every other channel.

Each session's conversation is `socketio:<session id>` (isobot/channels/conversation_ids.py);
replies still go to the socket.io room named by the session id.

Also fixes session persistence: Rasa 3.6 calls `sio.enter_room(...)` without `await`, but
since python-socketio 5.10 that is a coroutine, so the session never joined its room and the
bot's replies (sent to the room) were lost. Our `session_request` handler awaits it.
"""
from __future__ import annotations

import inspect
import uuid
from typing import Any, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from isobot import ratelimit
from isobot.channels.conversation_ids import SOCKETIO, conversation_id, platform_id
from isobot.channels.turn import OnNewMessage, check_replies, run_turn
from isobot.text import without_lone_surrogates

MAX_SESSION_ID_CHARS = 128


def _session_id(data: Any) -> str:
    """The client's session id if it is a sensible string, else a new one."""
    proposed = data.get("session_id") if isinstance(data, dict) else None
    if (isinstance(proposed, str) and proposed.strip() and len(proposed) <= MAX_SESSION_ID_CHARS
            and without_lone_surrogates(proposed) == proposed):
        return proposed
    return uuid.uuid4().hex


class RoomOutput(SocketIOOutput):
    """Rasa's socket.io output, sending to the room of the conversation's session id."""

    async def _send_message(self, socket_id: Text, response: Any) -> None:
        await super()._send_message(platform_id(SOCKETIO, socket_id), response)

    async def send_custom_json(self, recipient_id: Text, json_message: dict[str, Any], **kwargs: Any) -> None:
        await super().send_custom_json(platform_id(SOCKETIO, recipient_id), json_message, **kwargs)


class PatientSocketIOInput(SocketIOInput):
    @classmethod
    def name(cls) -> Text:
        return "socketio"  # same URL (/socket.io) and event names as Rasa's channel

    @classmethod
    def from_credentials(cls, credentials: Optional[dict[str, Any]]) -> "PatientSocketIOInput":
        check_replies()
        return super().from_credentials(credentials)  # type: ignore[return-value]

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        async def never_silent(message: UserMessage) -> None:
            if not isinstance(message.text, str):
                message.text = ""  # a client may send any JSON; empty text gets a polite answer
            message.sender_id = conversation_id(SOCKETIO, message.sender_id)
            message.output_channel = RoomOutput(message.output_channel.sio, message.output_channel.bot_message_evt)
            if await ratelimit.slowed_down(message):
                return
            await run_turn(on_new_message, message)

        blueprint = super().blueprint(never_silent)
        sio = self.sio

        async def session_request(sid: Text, data: Optional[dict]) -> None:
            session_id = _session_id(data)
            if self.session_persistence:
                entered = sio.enter_room(sid, session_id, namespace=self.namespace)
                if inspect.isawaitable(entered):
                    await entered
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        sio.on("session_request", namespace=self.namespace)(session_request)  # replaces Rasa's handler
        return blueprint
