"""The REST channel, strict about its input and never silent.

Rasa's RestInput raises on an empty body (None.get) and passes a missing message on as
None. Here the body must be a JSON object with a string `sender`; a missing or non-string
`message` counts as empty text, which the assistant answers politely.

Rasa also answers 200 with no messages when a turn fails (for example the action server is
down: "Bot will continue, but the actions events are lost"). A patient must never get
silence, so a turn that produced nothing gets the domain's `utter_default` apology, which
says how to get help. When the conversation database is down the turn cannot run at all:
red flags are still answered (isobot.degraded_turn), then a "temporarily unavailable" notice.
"""
from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any, Awaitable, Callable, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint
from sanic.exceptions import InvalidUsage as BadRequest  # sanic 21.12 name for 400
from sanic.request import Request

from isobot import settings
from isobot.degraded_turn import reply_without_store
from isobot.service_notices import notice, notices
from isobot.tracker_store import TrackerStoreUnavailable
from isobot.yaml_file import read_mapping

logger = logging.getLogger(__name__)
MAX_SENDER_CHARS = 128
APOLOGY_RESPONSE = "utter_default"


@lru_cache(maxsize=1)
def apology_text() -> str:
    """The domain's apology, read once (and checked at start-up, see from_credentials)."""
    path = settings.ROOT / "domain.yml"
    try:
        return read_mapping(path, expected_version="3.1")["responses"][APOLOGY_RESPONSE][0]["text"]
    except (KeyError, IndexError, TypeError):
        from isobot.errors import ContentError

        raise ContentError(path, "missing", key=f"responses.{APOLOGY_RESPONSE}") from None


def _sent_something(collector: Any) -> bool:
    return isinstance(collector, CollectingOutputChannel) and bool(collector.messages)

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
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[dict[str, Any]]) -> "PatientRestInput":
        apology_text()  # fail at start-up, naming the file, if the apology or a notice is missing
        notices()
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def never_silent(message: UserMessage) -> None:
            collector = message.output_channel
            try:
                await on_new_message(message)

            except TrackerStoreUnavailable:
                # Logged by the store. Red flags still escalate; the patient is told to retry.
                if _sent_something(collector):
                    await collector.send_text_message(message.sender_id, notice("temporarily_unavailable"))
                else:
                    await reply_without_store(message)
                return
            except Exception:  # noqa: BLE001 - Rasa's own handler would log the message text
                logger.exception("A turn failed for %s.", message.sender_id)
            if isinstance(collector, CollectingOutputChannel) and not collector.messages:
                logger.error("A turn produced no reply for %s; sent the apology instead.", message.sender_id)
                await collector.send_text_message(message.sender_id, apology_text())

        return super().blueprint(never_silent)

    async def _extract_sender(self, request: Request) -> Optional[Text]:
        sender = _body(request).get("sender")
        if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
            raise BadRequest(f"'sender' must be a non-empty string of at most {MAX_SENDER_CHARS} characters.")
        return sender

    def _extract_message(self, request: Request) -> Optional[Text]:
        message = _body(request).get("message")
        return message if isinstance(message, str) else ""

    def _extract_input_channel(self, request: Request) -> Text:
        channel = _body(request).get("input_channel")
        return channel if isinstance(channel, str) and channel else self.name()

    def get_metadata(self, request: Request) -> Optional[dict[str, Any]]:
        metadata = _body(request).get("metadata")
        return metadata if isinstance(metadata, dict) else None
