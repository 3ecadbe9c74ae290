"""action_record_feedback: "Was this helpful?" recorded against the answer id."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from isobot.staff import log as staff_log

logger = logging.getLogger(__name__)
HELPFUL_INTENT = "feedback_helpful"


class ActionRecordFeedback(Action):
    def name(self) -> str:
        return "action_record_feedback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        helpful = ((tracker.latest_message or {}).get("intent") or {}).get("name") == HELPFUL_INTENT
        answer_id = tracker.get_slot("last_answer_id")
        try:
            staff_log.record_feedback(tracker.sender_id, answer_id, helpful)
        except Exception:
            logger.exception("Could not record feedback")
        dispatcher.utter_message(response="utter_feedback_thanks" if helpful else "utter_feedback_sorry")
        return [SlotSet("feedback", {"answer_id": answer_id, "helpful": helpful})]
