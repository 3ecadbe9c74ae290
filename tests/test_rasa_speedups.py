"""The start-up speedups (isobot/rasa_patches/) keep Rasa's behaviour: action responses are still
validated, events still resolve, histories, states and copies equal Rasa's own. Each test
installs the patches and undoes them afterwards, so no other test runs against a patched Rasa."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered, deserialise_events

from isobot import rasa_patches
from isobot.rasa_patches.action_call_format import current_turn_events


@pytest.fixture(autouse=True)
def installed():
    report = rasa_patches.install()
    assert report["version_supported"], report  # else the speedups under test would not be installed
    yield
    rasa_patches.uninstall()


def test_a_valid_action_server_response_is_accepted():
    action = RemoteAction("action_answer_question", None)
    assert action._validate_action_result(
        {"events": [{"event": "slot", "name": "x", "value": 1}], "responses": [{"response": "utter_greet"}]}
    )


@pytest.mark.parametrize(
    "response",
    [
        {"events": [{"name": "x"}]},  # an event without its type
        {"events": "not a list"},
        {"responses": [1]},
    ],
)
def test_a_malformed_action_server_response_is_still_rejected_with_rasas_hint(response):
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        RemoteAction("action_answer_question", None)._validate_action_result(response)


def test_stored_events_come_back_as_the_same_event_types():
    stored = [
        e.as_dict() for e in (UserUttered("hi", {"name": "greet"}), ActionExecuted("action_listen"), SlotSet("x", 1))
    ] * 2
    assert [type(e) for e in deserialise_events(stored)] == [UserUttered, ActionExecuted, SlotSet] * 2


def test_unknown_event_types_still_fall_back_or_fail_as_rasa_does():
    assert Event.resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")
    assert Event.resolve_by_type("slot") is SlotSet


DOMAIN_YAML = """
version: "3.1"
intents: [greet, ask_cause, affirm, deny, stop]
entities: [drug]
slots:
  drug: {type: text, mappings: [{type: from_entity, entity: drug}]}
  q1: {type: bool, influence_conversation: true, mappings: [{type: custom}]}
forms:
  screening_form: {required_slots: [q1]}
responses:
  utter_greet: [{text: hi}]
  utter_cause: [{text: because}]
actions: [action_answer]
"""


def _conversation() -> list[Event]:
    """Every kind of event that rewrites history: forms, reverts, a restart, a new session."""
    from rasa.shared.core.events import (
        ActionReverted,
        ActiveLoop,
        BotUttered,
        FollowupAction,
        Restarted,
        SessionStarted,
        UserUtteranceReverted,
    )

    def user(intent, entities=()):
        return UserUttered(intent, {"name": intent, "confidence": 1.0}, list(entities))

    turn = [
        ActionExecuted("action_listen"),
        user("ask_cause", [{"entity": "drug", "value": "isotretinoin"}]),
        SlotSet("drug", "isotretinoin"),
        ActionExecuted("action_answer"),
        BotUttered("because"),
    ]
    form = [
        ActionExecuted("action_listen"),
        user("affirm"),
        ActionExecuted("screening_form"),
        ActiveLoop("screening_form"),
        SlotSet("requested_slot", "q1"),
        ActionExecuted("action_listen"),
        user("deny"),
        ActionExecuted("screening_form"),
        SlotSet("q1", False),
        ActiveLoop(None),
    ]
    # A turn only rules predict (hidden from ML policies), with a follow-up action.
    rule_turn = [
        ActionExecuted("action_listen"),
        user("greet"),
        ActionExecuted("utter_greet", hide_rule_turn=True),
        BotUttered("hi"),
        FollowupAction("action_answer"),
        ActionExecuted("action_answer", hide_rule_turn=True),
    ]
    return (
        [ActionExecuted("action_session_start"), SessionStarted()]
        + turn * 3
        + rule_turn
        + form
        + [ActionExecuted("action_listen"), user("stop"), UserUtteranceReverted()]
        + turn
        + rule_turn
        + [ActionExecuted("utter_greet"), ActionReverted()]
        + form
        + [Restarted()]
        + turn * 2
        + [ActionExecuted("action_session_start"), SessionStarted()]
        + turn
        + rule_turn
    )


RULE_ONLY_DATA = (None, {"rule_only_slots": ["drug"], "rule_only_loops": ["screening_form"]})


def test_remembered_history_equals_rasas_after_every_event():
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    domain = Domain.from_yaml(DOMAIN_YAML)
    tracker = DialogueStateTracker("c", domain.slots)
    rasa_past_states = DialogueStateTracker.past_states.__wrapped__  # type: ignore[attr-defined]  # functools.wraps sets it
    rasa_applied_events = DialogueStateTracker.applied_events.__wrapped__  # type: ignore[attr-defined]  # functools.wraps sets it
    histories = {}  # id -> object, kept alive so that no id is reused
    for event in _conversation():
        tracker.update(event)
        for _ in range(2):  # the second call is served from what was remembered
            assert tracker.applied_events() == rasa_applied_events(tracker)
            for omit in (False, True):
                assert tracker.past_states(domain, omit_unset_slots=omit) == rasa_past_states(tracker, domain, omit)
                for rule_only in RULE_ONLY_DATA:  # as MemoizationPolicy asks: without rule-only turns
                    assert tracker.past_states(
                        domain, omit, ignore_rule_only_turns=True, rule_only_data=rule_only
                    ) == rasa_past_states(tracker, domain, omit, True, rule_only)
        memo = tracker.__dict__["_isobot_history"]
        histories[id(memo)] = memo
    # Mostly extended, not replayed: only history-rewriting events start again from scratch.
    assert len(histories) < len(_conversation()) / 3


def test_a_policy_editing_its_states_does_not_change_the_next_policys():
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    domain = Domain.from_yaml(DOMAIN_YAML)
    tracker = DialogueStateTracker.from_events("c", _conversation()[:7], domain.slots)
    first = tracker.past_states(domain)
    expected = [dict((k, dict(v)) for k, v in state.items()) for state in first]
    first[-1]["user"].clear()  # as a featurizer's _choose_last_user_input does
    first.append({})
    assert tracker.past_states(domain) == expected


def test_an_action_gets_the_current_turn_from_the_listen_before_the_latest_message():
    events = _conversation()[:12]  # session start, then two turns of listen/user/slot/action/bot
    assert events[7] == ActionExecuted("action_listen") and isinstance(events[8], UserUttered)
    assert current_turn_events(events) == events[7:]
    assert current_turn_events(events[:9]) == events[7:9]  # as an action runs


def test_before_any_user_message_an_action_gets_everything():
    events = _conversation()[:2]
    assert current_turn_events(events) == events


def _snapshot(tracker) -> tuple:
    from rasa.shared.core.trackers import EventVerbosity

    return (
        list(tracker.events),
        tracker.current_state(EventVerbosity.ALL),
        {name: (slot.value, slot.has_been_set) for name, slot in tracker.slots.items()},
        tracker.active_loop,
        tracker.followup_action,
        tracker.latest_action,
        tracker.latest_message,
        tracker.latest_bot_utterance,
        tracker.is_paused(),
        tracker.sender_id,
        tracker.model_id,
    )


def test_a_tracker_copy_equals_rasas_replayed_copy_after_every_event():
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    domain = Domain.from_yaml(DOMAIN_YAML)
    tracker = DialogueStateTracker("c", domain.slots)
    tracker.model_id = "model"  # the processor sets it; a copy starts without, as in Rasa
    rasa_copy = DialogueStateTracker.copy.__wrapped__  # type: ignore[attr-defined]  # functools.wraps sets it
    for event in _conversation():
        tracker.update(event)
        ours = tracker.copy()
        assert _snapshot(ours) == _snapshot(rasa_copy(tracker))
        # An action may change its copy: neither the tracker nor the next copy may see it.
        ours.update(SlotSet("drug", "something else"))
        ours.slots["q1"].value = True
        ours.interrupt_loop(True)
        ours.reject_action(ours.active_loop_name)
        if ours.latest_action:
            ours.latest_action["action_name"] = "changed in place"
        assert _snapshot(tracker.copy()) == _snapshot(rasa_copy(tracker))
    assert tracker.__dict__["_isobot_history"].copy_base is not None  # served without a replay


def test_without_a_session_start_a_copy_is_rasas_own_replay():
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    domain = Domain.from_yaml(DOMAIN_YAML)
    tracker = DialogueStateTracker("c", domain.slots)
    tracker.slots["drug"].value = "set outside any event"
    tracker.update(ActionExecuted("action_listen"))
    assert _snapshot(tracker.copy()) == _snapshot(DialogueStateTracker.copy.__wrapped__(tracker))  # type: ignore[attr-defined]
    assert tracker.__dict__["_isobot_history"].copy_base is None


def _every_event_type() -> list[dict]:
    from datetime import datetime

    from rasa.shared.core import events as ev

    samples = [
        UserUttered(
            "hi", {"name": "greet", "confidence": 1.0}, [{"entity": "drug", "value": "x", "start": 0, "end": 1}]
        ),
        ActionExecuted("utter_greet"),
        SlotSet("drug", "isotretinoin"),
        ev.EntitiesAdded([{"entity": "e", "value": 1}]),
        ev.DefinePrevUserUtteredFeaturization(False),
        ev.ReminderCancelled(),
        ev.ReminderScheduled("greet", datetime.now()),
        ev.ActionExecutionRejected("action_answer"),
        ev.LegacyFormValidation(True),
        ev.LoopInterrupted(True),
        ev.LegacyForm("screening_form"),
        ev.ActiveLoop("screening_form"),
        ev.AllSlotsReset(),
        ev.ConversationResumed(),
        ev.ConversationPaused(),
        ev.FollowupAction("action_answer"),
        ev.StoryExported(),
        ev.Restarted(),
        ev.UserUtteranceReverted(),
        ev.ActionReverted(),
        BotUttered("hi", {"buttons": []}),
        ev.SessionStarted(),
        ev.AgentUttered("hi"),
    ]
    return [event.as_dict() for event in samples]


def _broken(event: dict) -> list[dict]:
    """Each event made invalid in a few ways the schema forbids."""
    variants = [
        {**event, "timestamp": "yesterday"},
        {**event, "metadata": 3},
        {key: value for key, value in event.items() if key != "event"},
        {**event, "event": "no_such_event"},
    ]
    for key, value in event.items():
        if key not in ("event", "timestamp", "metadata") and isinstance(value, str):
            variants.append({**event, key: 42})  # a string field given a number
    return variants


def _rasa_accepts(result: dict) -> bool:
    import jsonschema

    try:
        jsonschema.validate(result, RemoteAction.action_response_format_spec())
        return True
    except ValidationError:
        return False


@pytest.mark.parametrize("event", _every_event_type(), ids=lambda event: event["event"])
def test_action_responses_are_accepted_and_rejected_exactly_as_rasa_does(event):
    action = RemoteAction("action_answer_question", None)
    for result in [{"events": [event]}, {"events": [event, event], "responses": [{"text": "hi"}]}] + [
        {"events": [event, broken]} for broken in _broken(event)
    ]:
        if _rasa_accepts(result):
            assert action._validate_action_result(result)
        else:
            with pytest.raises(ValidationError, match="Failed to validate Action server response"):
                action._validate_action_result(result)
