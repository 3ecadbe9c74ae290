"""The start-up speedups keep Rasa's behaviour: action responses are still validated, events still resolve."""
from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered, deserialise_events

from isobot import rasa_speedups


@pytest.fixture(scope="module", autouse=True)
def installed():
    rasa_speedups.install()


def test_a_valid_action_server_response_is_accepted():
    action = RemoteAction("action_answer_question", None)
    assert action._validate_action_result({"events": [{"event": "slot", "name": "x", "value": 1}],
                                           "responses": [{"response": "utter_greet"}]})


@pytest.mark.parametrize("response", [
    {"events": [{"name": "x"}]},                      # an event without its type
    {"events": "not a list"},
    {"responses": [1]},
])
def test_a_malformed_action_server_response_is_still_rejected_with_rasas_hint(response):
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        RemoteAction("action_answer_question", None)._validate_action_result(response)


def test_stored_events_come_back_as_the_same_event_types():
    stored = [e.as_dict() for e in (UserUttered("hi", {"name": "greet"}), ActionExecuted("action_listen"),
                                     SlotSet("x", 1))] * 2
    assert [type(e) for e in deserialise_events(stored)] == [UserUttered, ActionExecuted, SlotSet] * 2


def test_unknown_event_types_still_fall_back_or_fail_as_rasa_does():
    assert Event.resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")
    assert Event.resolve_by_type("slot") is SlotSet
