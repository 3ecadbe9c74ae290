"""The turn when the conversation database is down: red flags still escalate, then a notice.

Without the tracker store Rasa cannot run a turn (it has nowhere to read the conversation
from or write it to). Safety must not depend on that database, so the message still goes
through the model's NLU, whose last step is the red-flag SafetyGate, and an escalation is
answered with the same domain response the rules would send (its variation picked by the
`escalation` slot, as in a normal turn). Then the patient is told the service is
temporarily unavailable. Nothing is stored: there is nowhere to store it.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.shared.core.events import Event, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Sanic
from sanic.exceptions import SanicException

from isobot.content.catalogue import ESCALATION_RESPONSE_PREFIX
from isobot.content.service import notice
from isobot.safety.language import reply_language
from isobot.safety.tiers import INTENT_TIERS

logger = logging.getLogger(__name__)
ESCALATION_SLOT = "escalation"
LANGUAGE_SLOT = "language"  # the SafetyGate's reply language: a Spanish red flag escalates in Spanish here too


def current_agent() -> Any | None:
    """The Rasa server's agent (one Sanic app per Rasa process)."""
    try:
        return getattr(Sanic.get_app().ctx, "agent", None)
    except SanicException:
        return None


async def escalation_message(agent: Any, message: UserMessage) -> dict[str, Any] | None:
    """The escalation as the rules would send it: its text and its custom.provenance together."""
    parsed = await agent.parse_message(message.text or "")
    tier = INTENT_TIERS.get(str((parsed.get("intent") or {}).get("name")))
    if tier is None:
        return None
    entities = parsed.get("entities", [])
    escalation = next((e.get("value") for e in entities if e.get("entity") == ESCALATION_SLOT), None)
    events: list[Event] = [SlotSet(ESCALATION_SLOT, escalation)]
    language = next((e.get("value") for e in entities if e.get("entity") == LANGUAGE_SLOT), None)
    if language:
        events.append(SlotSet(LANGUAGE_SLOT, language))
    tracker = DialogueStateTracker.from_events(message.sender_id, events, slots=agent.domain.slots)
    generated = await agent.nlg.generate(ESCALATION_RESPONSE_PREFIX + tier, tracker, message.output_channel.name())
    if not (generated or {}).get("text"):
        return None
    custom = generated.get("custom")
    return {"text": generated["text"], **({"custom": custom} if isinstance(custom, dict) else {})}


async def reply_without_store(message: UserMessage, agent: Any | None = None) -> None:
    agent = agent or current_agent()
    try:
        escalation = await escalation_message(agent, message) if agent is not None else None
    except Exception:  # noqa: BLE001 - the notice below must still go out
        logger.exception("The red-flag check failed while the tracker store was unavailable.")
        escalation = None
    if escalation:
        await message.output_channel.send_response(message.sender_id, escalation)
    await message.output_channel.send_text_message(
        message.sender_id, notice("temporarily_unavailable", reply_language(message.text))
    )
