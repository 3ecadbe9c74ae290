"""action_log_escalation: record each escalation for staff and notify them.

Runs AFTER the escalation response in every rule, so the patient has the message even when
this action, the database or the webhook fails.
"""
from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from isobot import staff_log
from isobot.channels.conversation_ids import STAFF, channel_of
from isobot.nlu import notices
from isobot.privacy import hash_conversation_id
from isobot.staff_notify import notify_staff

logger = logging.getLogger(__name__)


def is_staff_test(tracker: Tracker) -> bool:
    """The staff console's "explain a reply" runs real conversations: staff tests, not patients,
    so they are neither logged as escalations nor sent to staff. Rasa puts them in the `staff`
    namespace only when the request carried its API token (isobot/channels/rest.py); no sender
    a client chooses can land there."""
    return channel_of(tracker.sender_id) == STAFF


async def log_escalation(tracker: Tracker, tier: str, escalation: str | None, flags: list[str]) -> None:
    if is_staff_test(tracker):
        return
    conversation = hash_conversation_id(tracker.sender_id)
    notified = await notify_staff({"tier": tier, "escalation": escalation, "flags": flags,
                                   "conversation": conversation})
    try:
        staff_log.record_escalation(tracker.sender_id, tier, escalation, flags,
                                    (tracker.latest_message or {}).get("text") or "", notified)
    except Exception:  # the log must never break the conversation; staff see the error in logs
        logger.exception("Could not record escalation for conversation %s", conversation)


class ActionLogEscalation(Action):
    def name(self) -> str:
        return "action_log_escalation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        safety = (tracker.latest_message or {}).get(notices.SAFETY) or {}
        flags = [hit["flag"] for hit in safety.get("flags", [])]
        tier = safety.get("tier") if safety.get("tier") not in (None, "none") else _tier_of(tracker)
        await log_escalation(tracker, tier, tracker.get_slot("escalation"), flags)
        return []


def _tier_of(tracker: Tracker) -> str:
    intent = ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""
    return intent.removeprefix("report_").removesuffix("_symptom") or "unknown"
