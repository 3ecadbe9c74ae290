"""The guided back-pain check: validate_screening_form and action_screening_outcome.

The Yes buttons carry the escalation themselves (no action server needed); this module
handles a typed "yes"/"no" and the outcome once the form is done.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.base import CatalogueAction, default_screening
from isobot.content.screening import FORM_NAME

NOT_ASKED = "not_asked"
ALL_CLEAR_REACHED_BY = "screening_all_clear"
SLOTS = ("screen_saddle_bladder", "screen_leg_weakness", "screen_fever_injury")


def _answer(slot: str, value: Any, tracker: Tracker) -> dict[str, Any]:
    """A "yes" ends the check at once: the questions not yet asked are marked so."""
    result = {slot: value}
    if value is True:
        result.update({other: NOT_ASKED for other in SLOTS if other != slot and tracker.get_slot(other) is None})
    return result


class ValidateScreeningForm(FormValidationAction):
    def name(self) -> str:
        return f"validate_{FORM_NAME}"

    async def validate_screen_saddle_bladder(self, slot_value, dispatcher, tracker, domain):
        return _answer("screen_saddle_bladder", slot_value, tracker)

    async def validate_screen_leg_weakness(self, slot_value, dispatcher, tracker, domain):
        return _answer("screen_leg_weakness", slot_value, tracker)

    async def validate_screen_fever_injury(self, slot_value, dispatcher, tracker, domain):
        return _answer("screen_fever_injury", slot_value, tracker)


class ActionScreeningOutcome(CatalogueAction):
    def name(self) -> str:
        return "action_screening_outcome"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        questions = default_screening().questions
        reset = [SlotSet(q.slot, None) for q in questions]
        for question in questions:
            if tracker.get_slot(question.slot) is True:
                escalation = self.catalogue.escalations[question.on_yes]
                # FollowupAction so the response is rendered after the slot is set. The staff
                # log and notification follow from the stored response (isobot/staff/escalation_watch.py).
                return reset + [SlotSet("escalation", escalation.id), FollowupAction(escalation.response)]
        answer = next(a for a in self.catalogue.answers.values() if ALL_CLEAR_REACHED_BY in a.reached_by)
        dispatcher.utter_message(response=answer.response)
        return reset + [SlotSet("last_answer_id", answer.id)]
