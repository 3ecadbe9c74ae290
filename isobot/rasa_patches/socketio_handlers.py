"""Guard: the socket.io channel's `session_request` and user-message handlers, replaced.

Rasa's SocketIOInput.blueprint lets the client choose its `session_id`: a second socket that
names another patient's id joins that patient's room (and receives the replies live) and
writes into that conversation. These handlers accept only session ids the server issued and
signed (isobot.channels.socketio.SessionIds) and drop a message whose id does not verify.
They also await `sio.enter_room(...)`: Rasa 3.6 calls it without `await`, but since
python-socketio 5.10 it is a coroutine, so the session never joined its room and the bot's
replies (sent to the room) were lost.

Installed by isobot.channels.socketio.PatientSocketIOInput.blueprint, on the socket.io server
that blueprint builds, through the registry (so it is recorded, reported and undone).
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from isobot.rasa_patches.base import Original, Patch, Setter

logger = logging.getLogger(__name__)

PATCH = Patch(
    name="socketio_handlers",
    kind="guard",
    scope="channel",
    replaces=(
        Original(
            "rasa.core.channels.socketio:SocketIOInput.blueprint",
            "(self, on_new_message: Callable[[rasa.core.channels.channel.UserMessage], Awaitable[Any]]) -> sanic.blueprints.Blueprint",  # noqa: E501 (Rasa's signature, verbatim)
            "1246d69fa05c3b1f",
        ),
    ),
    why="Rasa's handlers let a client join another patient's room by naming its session id, and never "
    "await enter_room, so replies to the room were lost",
    gain="not a speedup: a socket cannot read or write another session's conversation, and replies arrive "
    "(tests/channels/test_socketio.py; commits f15a6f1, d2059d2)",
)


class SessionVerifier(Protocol):
    def issue(self) -> str: ...

    def verify(self, signed: Any) -> str | None: ...


def apply(
    setter: Setter, channel: Any, session_ids: SessionVerifier, user_message: Callable[[str, Any, Any], Awaitable[None]]
) -> None:
    """Replace the handlers Rasa's blueprint registered on `channel.sio`. `user_message(sender_id,
    text, metadata)` runs the turn for a verified session."""
    sio = channel.sio
    namespace = channel.namespace or "/"

    async def session_request(sid: str, data: dict[str, Any] | None) -> None:
        proposed = data.get("session_id") if isinstance(data, dict) else None
        signed = proposed if session_ids.verify(proposed) else session_ids.issue()
        if channel.session_persistence:
            entered = sio.enter_room(sid, session_ids.verify(signed), namespace=channel.namespace)
            if inspect.isawaitable(entered):
                await entered
        await sio.emit("session_confirm", signed, room=sid, namespace=channel.namespace)

    async def user_uttered(sid: str, data: Any) -> None:
        data = data if isinstance(data, dict) else {}
        if channel.session_persistence:
            sender_id = session_ids.verify(data.get("session_id"))
            if sender_id is None:
                logger.warning("socketio: a message without a session id this server issued was dropped")
                return
        else:
            sender_id = sid
        await user_message(sender_id, data.get("message", ""), data.get(channel.metadata_key))

    handlers = sio.handlers.setdefault(namespace, {})
    setter(handlers, "session_request", session_request)
    setter(handlers, channel.user_message_evt, user_uttered)
