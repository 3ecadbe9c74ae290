"""Rasa's socket.io channel, with the same never-silent turn as every other channel, off
unless SOCKETIO_SESSION_SECRET is set, and with server-issued session ids.

Rasa's channel lets the client choose its `session_id`: a second socket that names another
patient's id joins that patient's room (and receives the replies live) and writes into that
conversation. Here the server issues every session id, signed with SOCKETIO_SESSION_SECRET
(`<id>.<hmac>`); a proposed id that does not verify gets a new one, and a message whose id
does not verify is dropped. The browser origins allowed follow CORS_ORIGINS (as Rasa's own
`--cors`): Rasa's channel passed `cors_allowed_origins=[]`, which turns python-engineio's
Origin check off, so a page on any site could open a socket.

Each session's conversation is `socketio:<session id>` (isobot/channels/conversation_ids.py);
replies still go to the socket.io room named by the session id.

The handlers that check the session ids (and await `sio.enter_room`, which Rasa 3.6 does not)
replace Rasa's: isobot/rasa_patches/socketio_handlers.py.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import uuid
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from isobot.channels.common import disabled_blueprint
from isobot.channels.conversation_ids import SOCKETIO, conversation_id, platform_id
from isobot.channels.turn import OnNewMessage, check_replies, run_turn
from isobot.channels.whole_messages import socketio_payload
from isobot.rasa_patches import registry, socketio_handlers
from isobot.ratelimit import middleware as ratelimit
from isobot.settings import channel_settings

SECRET_VARIABLE = "SOCKETIO_SESSION_SECRET"
_SIGNED_ID = re.compile(r"^([0-9a-f]{32})\.([0-9a-f]{64})$")


class SessionIds:
    """Session ids only this server can issue: `<random id>.<HMAC of it>`. The random part is
    the room and the conversation's sender id; the whole is the client's proof."""

    def __init__(self, secret: str) -> None:
        self._secret = secret.encode()

    def _sign(self, session_id: str) -> str:
        return hmac.new(self._secret, f"socketio.{session_id}".encode(), hashlib.sha256).hexdigest()

    def issue(self) -> str:
        session_id = uuid.uuid4().hex
        return f"{session_id}.{self._sign(session_id)}"

    def verify(self, signed: Any) -> str | None:
        """The session id inside `signed`, if this server issued it; else None."""
        match = _SIGNED_ID.match(signed) if isinstance(signed, str) else None
        if match and hmac.compare_digest(match.group(2), self._sign(match.group(1))):
            return match.group(1)
        return None


def allowed_origins() -> list[str] | str:
    """The browser origins allowed to open a socket: CORS_ORIGINS (comma or space separated,
    the same variable scripts/run.sh passes to Rasa's --cors), default the web page's origin."""
    configured = os.environ.get("CORS_ORIGINS") or f"http://localhost:{os.environ.get('WEB_PORT', '8080')}"
    origins = [o.rstrip("/") for o in re.split(r"[,\s]+", configured) if o.strip()]
    return "*" if "*" in origins else origins


def _metadata(value: Any) -> dict[str, Any] | None:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    return value if isinstance(value, dict) else None


class RoomOutput(SocketIOOutput):
    """Rasa's socket.io output, sending to the room of the conversation's session id."""

    async def _send_message(self, socket_id: str, response: Any) -> None:
        await super()._send_message(platform_id(SOCKETIO, socket_id), response)

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        await super().send_custom_json(platform_id(SOCKETIO, recipient_id), json_message, **kwargs)

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        # An answer's text and its custom.provenance as one message (isobot/channels/whole_messages.py).
        payload = socketio_payload(message)
        if payload is None:
            await super().send_response(recipient_id, message)
        else:
            await self._send_message(recipient_id, payload)


class PatientSocketIOInput(SocketIOInput):
    @classmethod
    def name(cls) -> str:
        return "socketio"  # same URL (/socket.io) and event names as Rasa's channel

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> PatientSocketIOInput:
        check_replies()
        channel = super().from_credentials(credentials)
        settings = channel_settings("socketio", {"secret": SECRET_VARIABLE})
        channel.session_ids = SessionIds(settings["secret"]) if settings else None  # type: ignore[attr-defined]
        return channel  # type: ignore[return-value]

    session_ids: SessionIds | None = None

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        if self.session_ids is None:
            return disabled_blueprint(self.name())
        session_ids = self.session_ids

        async def never_silent(message: UserMessage) -> None:
            if not isinstance(message.text, str):
                message.text = ""  # a client may send any JSON; empty text gets a polite answer
            message.sender_id = conversation_id(SOCKETIO, message.sender_id)
            output = message.output_channel
            if isinstance(output, SocketIOOutput):  # always, from user_uttered below
                message.output_channel = RoomOutput(output.sio, output.bot_message_evt)
            if await ratelimit.slowed_down(message):
                return
            await run_turn(on_new_message, message)

        blueprint = super().blueprint(never_silent)
        sio = self.sio
        if sio is None:  # SocketIOInput.blueprint() has just set it
            raise RuntimeError("socket.io server missing after SocketIOInput.blueprint()")
        sio.eio.cors_allowed_origins = allowed_origins()

        async def user_message(sender_id: str, text: Any, metadata: Any) -> None:
            await never_silent(
                UserMessage(
                    text,
                    SocketIOOutput(sio, self.bot_message_evt),
                    sender_id,
                    input_channel=self.name(),
                    metadata=_metadata(metadata),
                )
            )

        # Rasa's own session_request and message handlers, replaced (isobot/rasa_patches/socketio_handlers.py).
        registry.install_channel_override(
            socketio_handlers.PATCH, lambda setter: socketio_handlers.apply(setter, self, session_ids, user_message)
        )
        return blueprint
