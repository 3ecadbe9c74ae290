"""action_answer_question: answer from the vetted catalogue, by intent, entities and context."""

from __future__ import annotations

import os
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import CatalogueAction
from actions.suggest import offer_topics
from actions.truncation_notice import tell_if_truncated
from isobot.content.topics import FOLLOWUP_INTENT, choose_answer, topic_entities

# Ask "Was this helpful?" after the first answer, then after every Nth one: unobtrusive.
FEEDBACK_EVERY = int(os.environ.get("FEEDBACK_EVERY", "3"))
# The SafetyGate's escalation for a red flag only read about, asked about or someone else's,
# beside a question it lets the classifier answer (isobot/nlu/gate_decision.py).
INFO_ESCALATION = "red_flags_info"
INFO_RESPONSE = "utter_escalate_info"


class ActionAnswerQuestion(CatalogueAction):
    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name")
        tell_if_truncated(dispatcher, message)
        events: list = [SlotSet("mechanism", None), SlotSet("strategy", None)]
        if tracker.active_loop.get("name"):
            events.append(ActiveLoop(None))
        answer = choose_answer(self.catalogue, intent, topic_entities(message), tracker.get_slot("last_answer_id"))
        if answer is None:
            # "Tell me more" after an answer with nothing more to say: its related topics, not
            # "I'm not sure I understood".
            followup = intent == FOLLOWUP_INTENT and tracker.get_slot("last_answer_id") in self.catalogue.answers
            offer_topics(
                dispatcher,
                self.catalogue,
                message,
                "utter_related_topics" if followup else "utter_did_you_mean",
                exclude=(str(tracker.get_slot("last_answer_id")),) if followup else (),
                language=tracker.get_slot("language"),
            )
            return events
        dispatcher.utter_message(response=answer.response)
        if _escalation_of(message) == INFO_ESCALATION:
            dispatcher.utter_message(response=INFO_RESPONSE)  # the answer's safety net
        answered = int(tracker.get_slot("answers_since_feedback") or 0) + 1
        if answered == 1 or answered > FEEDBACK_EVERY:
            dispatcher.utter_message(response="utter_ask_feedback")
            answered = 1 if answered > FEEDBACK_EVERY else answered
        return events + [SlotSet("last_answer_id", answer.id), SlotSet("answers_since_feedback", answered)]


def _escalation_of(message: dict[str, Any]) -> str | None:
    """This message's escalation entity (the slot may still hold an earlier turn's)."""
    return next((e.get("value") for e in message.get("entities") or [] if e.get("entity") == "escalation"), None)
