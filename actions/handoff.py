"""action_request_human: tell the patient how to reach a person, and tell staff someone asked.

The patient's words come from the domain (utter_human_handoff), sent first so that a slow
or failing webhook never delays them. Staff get a summary on STAFF_WEBHOOK_URL (e.g. a
Slack incoming webhook): the tier "handoff", the answers this conversation was given, and
the hashed conversation id the staff console lists the conversation under.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from isobot.content.catalogue import ANSWER_RESPONSE_PREFIX
from isobot.staff import log as staff_log
from isobot.staff.notify import notify_staff
from isobot.staff.privacy import hash_conversation_id

logger = logging.getLogger(__name__)
HANDOFF_TIER = "handoff"


def answer_ids(tracker: Tracker) -> list[str]:
    """The vetted answers sent so far in this conversation, oldest first, without repeats.

    Needs the whole conversation's events: Rasa sends them to this action only because it is
    listed under `send_full_history_to` in endpoints.yml (other actions get the current turn)."""
    ids: list[str] = []
    for event in tracker.events:
        action = ((event.get("metadata") or {}).get("utter_action") or "") if event.get("event") == "bot" else ""
        answer = action.removeprefix(ANSWER_RESPONSE_PREFIX) if action.startswith(ANSWER_RESPONSE_PREFIX) else None
        if answer and answer not in ids:
            ids.append(answer)
    return ids


class ActionRequestHuman(Action):
    def name(self) -> str:
        return "action_request_human"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_human_handoff")
        conversation = hash_conversation_id(tracker.sender_id)
        notified = await notify_staff(
            {
                "tier": HANDOFF_TIER,
                "escalation": "request_human",
                "flags": [],
                "conversation": conversation,
                "answer_ids": answer_ids(tracker),
                "channel": tracker.get_latest_input_channel(),
            }
        )
        try:
            staff_log.record_escalation(
                tracker.sender_id,
                HANDOFF_TIER,
                "request_human",
                [],
                (tracker.latest_message or {}).get("text") or "",
                notified,
            )
        except Exception:  # the log must never break the conversation; staff see the error in logs
            logger.exception("Could not record the handoff request for conversation %s", conversation)
        return []
