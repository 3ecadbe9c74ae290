"""One patient turn on any channel, never silent.

Rasa runs a turn and, when part of it fails, logs and carries on: the action server down
gives "Bot will continue, but the actions events are lost" and the patient gets nothing;
an exception inside the turn is logged with the message text by Rasa's REST channel. Here:

- the conversation database down (TrackerStoreUnavailable): red flags are still answered
  and the patient is told the service is temporarily unavailable (isobot.channels.degraded_turn);
- any other failure is logged without the message text;
- a turn that sent nothing gets the domain's `utter_default` apology, which says how to get
  help in an emergency.

Both are worded in the message's own language (English or Spanish, from its words: the
conversation's `language` slot is out of reach when the turn failed).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from functools import lru_cache
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage

from isobot import settings
from isobot.channels.degraded_turn import reply_without_store
from isobot.content.errors import ContentError
from isobot.content.service import notice, notices
from isobot.content.translated_responses import spanish_responses
from isobot.content.yaml_file import read_mapping
from isobot.safety.language import reply_language
from isobot.security.limits import accepted_text
from isobot.stores.tracker_store import TrackerStoreUnavailable
from isobot.text import without_lone_surrogates

logger = logging.getLogger(__name__)
APOLOGY_RESPONSE = "utter_default"
OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


@lru_cache(maxsize=1)
def _english_apology() -> str:
    path = settings.ROOT / "domain.yml"
    try:
        text: str = read_mapping(path, expected_version="3.1")["responses"][APOLOGY_RESPONSE][0]["text"]
        return text
    except (KeyError, IndexError, TypeError):
        raise ContentError(path, "missing", key=f"responses.{APOLOGY_RESPONSE}") from None


def apology_text(language: str | None = None) -> str:
    """The domain's apology, in Spanish from content/responses.es.yml when asked for."""
    if language == "es":
        return spanish_responses().responses[APOLOGY_RESPONSE].text
    return _english_apology()


def check_replies() -> None:
    """Fail at start-up, naming the file, if the apology or a notice is missing."""
    apology_text()
    apology_text("es")
    notices()


class _SendCounter:
    """Counts what the turn sends through one output channel (this message's only)."""

    def __init__(self, channel: OutputChannel) -> None:
        self.sent = 0
        original = channel.send_response

        async def counting(recipient_id: str, message: dict[str, Any]) -> None:
            self.sent += 1
            await original(recipient_id, message)

        channel.send_response = counting  # type: ignore[method-assign]


async def run_turn(on_new_message: OnNewMessage, message: UserMessage) -> None:
    channel = message.output_channel
    if isinstance(message.text, str):
        message.text = without_lone_surrogates(message.text)  # else the database cannot store it
        # REST refuses longer messages with a 413; platforms cannot be told, so theirs are cut
        # where the red-flag detector's scan ends (isobot/security/limits.py).
        message.text = accepted_text(message.text)
    counter = _SendCounter(channel)
    try:
        await on_new_message(message)
    except TrackerStoreUnavailable:  # logged by the store
        if counter.sent:
            await channel.send_text_message(
                message.sender_id, notice("temporarily_unavailable", reply_language(message.text))
            )
        else:
            await reply_without_store(message)
        return
    except Exception:  # noqa: BLE001 - the patient must still hear back; Rasa would log the text
        logger.exception("A turn failed on %s.", message.input_channel)
    if not counter.sent:
        logger.error("A turn on %s produced no reply; sent the apology instead.", message.input_channel)
        await channel.send_text_message(message.sender_id, apology_text(reply_language(message.text)))
