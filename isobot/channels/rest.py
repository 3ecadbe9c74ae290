"""The REST channel, strict about its input and never silent.

Rasa's RestInput raises on an empty body (None.get) and passes a missing message on as
None. Here the body must be a JSON object with a string `sender`; a missing or non-string
`message` counts as empty text, which the assistant answers politely.

The conversation is `rest:<sender>` (isobot/channels/conversation_ids.py), so a REST client
cannot name another channel's conversation; a request carrying the Rasa API token in
STAFF_TOKEN_HEADER (the staff console) goes to `staff:<sender>` instead, which tells staff
tests from patients. The `input_channel` field is not taken from the client: it is always "rest".

Rasa also answers 200 with no messages when a turn fails (for example the action server is
down: "Bot will continue, but the actions events are lost"). Every turn here runs through
isobot/channels/turn.py, which is never silent, as on every other channel.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint
from sanic.exceptions import InvalidUsage as BadRequest  # sanic 21.12 name for 400
from sanic.exceptions import PayloadTooLarge
from sanic.request import Request

from isobot.channels.conversation_ids import REST, STAFF, STAFF_TOKEN_HEADER, conversation_id
from isobot.channels.turn import check_replies, run_turn
from isobot.channels.whole_messages import keep_whole
from isobot.ratelimit.middleware import guard_rest
from isobot.security.limits import MAX_MESSAGE_CHARS, message_too_long
from isobot.security.secret_files import read_secret
from isobot.text import without_lone_surrogates

MAX_SENDER_CHARS = 128
API_TOKEN_NAME = "RASA_API_TOKEN"


def from_staff(request: Request) -> bool:
    """True when the request carries the Rasa API token, which only the web server holds."""
    given = request.headers.get(STAFF_TOKEN_HEADER, "")
    expected = read_secret(API_TOKEN_NAME)
    return bool(given and expected) and hmac.compare_digest(given.encode(), expected.encode())


def _body(request: Request) -> dict[str, Any]:
    try:
        body = request.json
    except Exception:  # sanic raises its own error type for malformed JSON
        raise BadRequest("The request body must be JSON.") from None
    if not isinstance(body, dict):
        raise BadRequest("The request body must be a JSON object with 'sender' and 'message'.")
    return body


class PatientRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> PatientRestInput:
        check_replies()  # fail at start-up, naming the file, if the apology or a notice is missing
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def never_silent(message: UserMessage) -> None:
            keep_whole(message.output_channel)  # an answer's text and its custom.provenance: one object
            await run_turn(on_new_message, message)

        # Over a limit, a request is answered before it reaches the turn (isobot/ratelimit/middleware.py).
        guarded: Blueprint = guard_rest(super().blueprint(never_silent))
        return guarded

    async def _extract_sender(self, request: Request) -> str | None:
        sender = _body(request).get("sender")
        if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
            raise BadRequest(f"'sender' must be a non-empty string of at most {MAX_SENDER_CHARS} characters.")
        if without_lone_surrogates(sender) != sender:
            raise BadRequest("'sender' must be valid Unicode text.")
        return conversation_id(STAFF if from_staff(request) else REST, sender)

    def _extract_message(self, request: Request) -> str | None:
        message = _body(request).get("message")
        if not isinstance(message, str):
            return ""
        if message_too_long(message):  # answered with JSON by isobot/channels/edge.py
            raise PayloadTooLarge(f"'message' must be at most {MAX_MESSAGE_CHARS} characters.")
        return message

    def _extract_input_channel(self, request: Request) -> str:
        return self.name()

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        metadata = _body(request).get("metadata")
        return metadata if isinstance(metadata, dict) else None
