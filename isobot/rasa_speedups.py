"""Per-turn costs inside Rasa 3.6 that do no useful work, removed at server start.

Measured with `python -m bench.profile_turn` (cProfile of a 50-message conversation):

- `RemoteAction._validate_action_result` calls `jsonschema.validate`, which first checks
  Rasa's large events schema against the JSON Schema meta-schema, on every action-server
  call: about 95% of the validation and a third of an answered turn. The schema is a
  constant, so it is checked once here and the validator reused; every response is still
  validated in full, with Rasa's error message. Each event is checked against the one event
  schema its type selects, not all 23 (see `_event_type_dispatch`).
- `Event.resolve_by_type` walks the whole Event class tree for each event it deserialises,
  and the tracker store deserialises the whole session on every turn: about 70% of reading a
  tracker, and the main reason late messages in a conversation are slower. The class for
  each type name is remembered; unknown names still go to Rasa's lookup (and its errors).
- Every policy asks the tracker for its `past_states` (RulePolicy twice per prediction), and
  each call replays the whole conversation through `applied_events`, whose `isinstance`
  checks on Rasa's abstract Event classes are slow. Both are remembered on the tracker and
  extended as events are appended (a restart, new session, revert or loop event falls back
  to Rasa's own code), and states are handed out as copies, because policies edit the last
  state in place. This was most of why message 50 was twice as slow as message 1. The same
  holds for the states without rule-only turns that MemoizationPolicy asks for.
- The processor copies the tracker before each action it runs, and Rasa's `copy()` replays
  the whole conversation. Once a session start has reset the slots, one replay kept beside
  the remembered history and fed each new event gives the same tracker; a copy is a clone
  of it.
- Every action-server call carries the whole conversation's events, so the request grows
  with every message (38 KiB at message 1, 154 KiB at message 50, mostly events and the
  domain). With `send_full_history_to` in endpoints.yml's action_endpoint, the other actions
  get only the current turn's events (from the action_listen before the latest user message):
  all that rasa_sdk's latest-input, form-validation and slot helpers read. Without the key,
  Rasa's behaviour is unchanged. `enable_selective_domain` does the same for the domain.

Installed by `isobot.server_guards.install` (after the agent has loaded), never at import.
"""
from __future__ import annotations

import copy
import itertools
import json
from typing import Any, Dict, List, Optional, Text, Type

_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    _reuse_action_result_validator()
    _remember_event_classes()
    _remember_tracker_history()
    _send_current_turn_to_actions()
    _installed = True


def _reuse_action_result_validator() -> None:
    from jsonschema import ValidationError, exceptions, validators
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    is_valid = _event_type_dispatch(schema, validator_class)

    def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
        if is_valid(result):
            return True
        # As jsonschema.validate does, minus the schema check: report the best-matching error.
        error = exceptions.best_match(validator.iter_errors(result))
        if error is None:
            return True
        assert isinstance(error, ValidationError)
        error.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error

    RemoteAction._validate_action_result = _validate_action_result


def _event_type_dispatch(schema: Dict[Text, Any], validator_class: Any) -> Any:
    """A quick yes for valid action responses. Each event must match exactly one of the
    schema's 23 event schemas (`oneOf`), so jsonschema checks every event against all of them.
    Each of those fixes `event` to a different constant, so an event of type T can only match
    T's: checking that one is the same test. Anything this does not accept goes to the full
    validator, which decides and explains."""
    events_schema = schema["properties"]["events"]
    items = events_schema["items"]
    by_type = {branch["properties"]["event"]["const"]: branch for branch in items["oneOf"]}
    if len(by_type) != len(items["oneOf"]):  # two schemas for one type: no shortcut
        return lambda result: False
    common = {key: value for key, value in items.items() if key != "oneOf"}
    event_validators = {
        event_type: validator_class({**common, "allOf": [branch]}) for event_type, branch in by_type.items()}
    envelope = validator_class({**schema, "properties": {
        **schema["properties"], "events": {key: value for key, value in events_schema.items() if key != "items"}}})

    def is_valid(result: Any) -> bool:
        if not envelope.is_valid(result):
            return False
        for event in result.get("events") or ():
            event_validator = event_validators.get(event.get("event")) if isinstance(event, dict) else None
            if event_validator is None or not event_validator.is_valid(event):
                return False
        return True

    return is_valid


def _remember_event_classes() -> None:
    from rasa.shared.core.events import Event

    rasa_resolve = Event.resolve_by_type
    known: Dict[Text, Type[Event]] = {}

    def resolve_by_type(type_name: Text, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
        cls = known.get(type_name)
        if cls is None:
            cls = rasa_resolve(type_name, default)
            # Only a real match is remembered: a default or None depends on the caller.
            if cls is not None and getattr(cls, "type_name", None) == type_name:
                known[type_name] = cls
        return cls

    Event.resolve_by_type = staticmethod(resolve_by_type)


class _RememberedHistory:
    """A tracker's applied events and, per (domain, omit_unset_slots), the replayed tracker and
    its states, extended event by event while the history only grows."""

    def __init__(self, tracker: Any, rasa_applied_events: Any) -> None:
        from rasa.shared.core.events import ActiveLoop, Restarted, SessionStarted

        events = tracker.events
        self.events_id, self.count = id(events), len(events)
        self.last = events[-1] if events else None
        self.applied: List[Any] = rasa_applied_events(tracker)
        self.loop_names = {e.name for e in events if isinstance(e, ActiveLoop) and e.name}
        self.replays: Dict[tuple, _Replay] = {}
        # Rasa's copy() replays the whole conversation onto init_copy(), whose slots start with
        # the tracker's current values. Once a new session or restart has reset every slot, that
        # start no longer shows, so one replay fed with each new event serves every later copy.
        self.resets_slots = any(isinstance(e, (SessionStarted, Restarted)) for e in events)
        self.copy_base: Any = None

    def new_events(self, tracker: Any) -> Optional[List[Any]]:
        """The events added since, or None when the history may have changed otherwise.

        Rasa only appends to `events` or replaces the deque. An appended restart, new session,
        revert or loop event can rewrite what came before (see `applied_events`), so those
        are recomputed by Rasa's own code."""
        from rasa.shared.core.events import (ActionExecuted, ActionReverted, ActiveLoop, Restarted,
                                             SessionStarted, UserUtteranceReverted)

        events = tracker.events
        if id(events) != self.events_id or len(events) < self.count:
            return None
        if self.count and events[self.count - 1] is not self.last:
            return None
        new = list(itertools.islice(events, self.count, None))
        for event in new:
            if isinstance(event, (Restarted, SessionStarted, ActionReverted, UserUtteranceReverted, ActiveLoop)):
                return None
            if isinstance(event, ActionExecuted) and event.action_name in self.loop_names:
                return None
        return new

    def extend(self, new: List[Any]) -> None:
        self.applied.extend(new)
        if self.copy_base is not None:
            for event in new:
                self.copy_base.update(event)
        for replay in self.replays.values():
            replay.feed(new)
        self.count += len(new)
        self.last = new[-1] if new else self.last

    def states(self, tracker: Any, domain: Any, omit_unset_slots: bool,
               rule_only_data: Optional[Dict[Text, Any]] = None, ml_only: bool = False) -> List[Dict[Text, Any]]:
        key = (id(domain), omit_unset_slots, ml_only, _frozen(rule_only_data) if ml_only else None)
        replay = self.replays.get(key)
        if replay is None:
            replay = (_MlReplay(domain, omit_unset_slots, tracker.init_copy(), rule_only_data) if ml_only
                      else _Replay(domain, omit_unset_slots, tracker.init_copy()))
            replay.feed(self.applied)
            self.replays[key] = replay
        return replay.states()

    def copy(self, tracker: Any) -> Any:
        """What Rasa's `tracker.copy()` returns, without replaying the conversation; None
        where the replay would still depend on the tracker's current slot values."""
        from rasa.shared.core.trackers import AnySlotDict

        if not self.resets_slots or isinstance(tracker.slots, AnySlotDict):
            return None
        if self.copy_base is None:
            self.copy_base = tracker.init_copy()
            for event in tracker.events:
                self.copy_base.update(event)
        return _clone(self.copy_base)


def _clone(tracker: Any) -> Any:
    """A tracker in the same state, sharing nothing a tracker changes in place (its events,
    slots, active loop and latest action); the events themselves are shared, as in Rasa."""
    from collections import deque

    clone = object.__new__(type(tracker))
    clone.__dict__.update(tracker.__dict__)
    clone.events = deque(tracker.events, tracker._max_event_history)
    clone.slots = {name: copy.copy(slot) for name, slot in tracker.slots.items()}
    clone.active_loop = copy.copy(tracker.active_loop)
    clone.latest_action = dict(tracker.latest_action) if tracker.latest_action is not None else None
    return clone


def _frozen(rule_only_data: Optional[Dict[Text, Any]]) -> str:
    return json.dumps(rule_only_data or {}, sort_keys=True, default=str)


class _Replay:
    """Domain.states_for_tracker_history without rule-only turns, fed one event at a time: the
    state before each action, and the state after the last event."""

    def __init__(self, domain: Any, omit_unset_slots: bool, tracker: Any) -> None:
        self.domain, self.omit_unset_slots, self.tracker = domain, omit_unset_slots, tracker
        self.before_actions: List[Dict[Text, Any]] = []
        self.current: Optional[Dict[Text, Any]] = None

    def _state(self) -> Dict[Text, Any]:
        return self.domain._clean_state(self.domain.get_active_state(self.tracker, self.omit_unset_slots))

    def _before_action(self, hide_rule_turn: bool) -> None:
        self.before_actions.append(self._state())

    def _after_last_event(self) -> Optional[Dict[Text, Any]]:
        return self._state()

    def feed(self, events: List[Any]) -> None:
        from rasa.shared.core.events import ActionExecuted

        for event in events:
            if isinstance(event, ActionExecuted):
                self._before_action(event.hide_rule_turn)
            self.tracker.update(event)
        self.current = self._after_last_event()

    def states(self) -> List[Dict[Text, Any]]:
        return self.before_actions + ([self.current] if self.current is not None else [])


class _MlReplay(_Replay):
    """The same with `ignore_rule_only_turns` (what ML-data policies such as MemoizationPolicy
    ask for): Domain.states_for_tracker_history's loop, step for step, with its running
    variables kept between feeds. The state after the last event is worked out without
    keeping them, because the next feed continues from the last action."""

    def __init__(self, domain: Any, omit_unset_slots: bool, tracker: Any,
                 rule_only_data: Optional[Dict[Text, Any]]) -> None:
        super().__init__(domain, omit_unset_slots, tracker)
        self.rule_only_data = rule_only_data
        self.turn_was_hidden = False
        self.last_ml_action_sub_state: Optional[Dict[Text, Any]] = None

    def _step(self, hide_rule_turn: bool, turn_was_hidden: bool,
              last_ml_action: Optional[Dict[Text, Any]]) -> tuple:
        from rasa.shared.core.constants import PREVIOUS_ACTION

        tracker, domain = self.tracker, self.domain
        if not turn_was_hidden:
            last_ml_action = domain._get_prev_action_sub_state(tracker)
        if not tracker.followup_action and not tracker.latest_action_name == tracker.active_loop_name:
            turn_was_hidden = hide_rule_turn
        if turn_was_hidden:
            return None, turn_was_hidden, last_ml_action
        state = domain.get_active_state(tracker, omit_unset_slots=self.omit_unset_slots)
        domain._remove_rule_only_features(state, self.rule_only_data)
        if self.before_actions:
            domain._substitute_rule_only_user_input(state, self.before_actions[-1])
        if last_ml_action:
            state[PREVIOUS_ACTION] = last_ml_action
        return domain._clean_state(state), turn_was_hidden, last_ml_action

    def _before_action(self, hide_rule_turn: bool) -> None:
        state, self.turn_was_hidden, self.last_ml_action_sub_state = self._step(
            hide_rule_turn, self.turn_was_hidden, self.last_ml_action_sub_state)
        if state is not None:
            self.before_actions.append(state)

    def _after_last_event(self) -> Optional[Dict[Text, Any]]:
        state, _, _ = self._step(False, self.turn_was_hidden, self.last_ml_action_sub_state)
        return state


def _copy_states(states: List[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
    # A state is {sub-state name: {feature: str or tuple}}: two levels are all that is mutable.
    return [{name: dict(sub) if isinstance(sub, dict) else sub for name, sub in state.items()}
            for state in states]


def _remember_tracker_history() -> None:
    from rasa.shared.core.trackers import DialogueStateTracker

    rasa_applied_events = DialogueStateTracker.applied_events
    rasa_past_states = DialogueStateTracker.past_states
    rasa_copy = DialogueStateTracker.copy

    def history(tracker: DialogueStateTracker) -> _RememberedHistory:
        memo = tracker.__dict__.get("_isobot_history")
        new = memo.new_events(tracker) if memo is not None else None
        if new is None:
            memo = _RememberedHistory(tracker, rasa_applied_events)
            tracker.__dict__["_isobot_history"] = memo
        elif new:
            memo.extend(new)
        return memo

    def applied_events(self: DialogueStateTracker) -> List[Any]:
        return list(history(self).applied)

    def past_states(self: DialogueStateTracker, domain: Any, omit_unset_slots: bool = False,
                    ignore_rule_only_turns: bool = False,
                    rule_only_data: Optional[Dict[Text, Any]] = None) -> List[Dict[Text, Any]]:
        return _copy_states(history(self).states(self, domain, omit_unset_slots, rule_only_data,
                                                 ml_only=ignore_rule_only_turns))

    def copy_tracker(self: DialogueStateTracker) -> DialogueStateTracker:
        # The processor copies the tracker before every action it runs.
        if type(self) is not DialogueStateTracker:  # training's trackers override init_copy
            return rasa_copy(self)
        clone = history(self).copy(self)
        return rasa_copy(self) if clone is None else clone

    applied_events.__wrapped__ = rasa_applied_events  # type: ignore[attr-defined]
    past_states.__wrapped__ = rasa_past_states  # type: ignore[attr-defined]
    DialogueStateTracker.applied_events = applied_events
    DialogueStateTracker.past_states = past_states
    copy_tracker.__wrapped__ = rasa_copy  # type: ignore[attr-defined]
    DialogueStateTracker.copy = copy_tracker


FULL_HISTORY_KEY = "send_full_history_to"


def current_turn_events(events: Any) -> List[Any]:
    """The events since the action_listen that preceded the latest user message (all of them
    when there is no user message yet)."""
    from rasa.shared.core.constants import ACTION_LISTEN_NAME
    from rasa.shared.core.events import ActionExecuted, UserUttered

    turn: List[Any] = []
    seen_user = False
    for event in reversed(events):
        turn.append(event)
        seen_user = seen_user or isinstance(event, UserUttered)
        if seen_user and isinstance(event, ActionExecuted) and event.action_name == ACTION_LISTEN_NAME:
            break
    turn.reverse()
    return turn


def _send_current_turn_to_actions() -> None:
    import rasa
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.core.trackers import EventVerbosity

    rasa_action_call_format = RemoteAction._action_call_format

    def _action_call_format(self: RemoteAction, tracker: Any, domain: Any) -> Dict[Text, Any]:
        config = self.action_endpoint.kwargs if self.action_endpoint else {}
        full_history_to = config.get(FULL_HISTORY_KEY)
        if full_history_to is None or self.name() in full_history_to:
            return rasa_action_call_format(self, tracker, domain)
        # Rasa's request, with the current turn's events instead of all of them.
        state = tracker.current_state(EventVerbosity.NONE)
        state["events"] = [event.as_dict() for event in current_turn_events(tracker.events)]
        result = {"next_action": self._name, "sender_id": tracker.sender_id, "tracker": state,
                  "version": rasa.__version__}
        if not self._is_selective_domain_enabled() or domain.does_custom_action_explicitly_need_domain(self.name()):
            result["domain"] = domain.as_dict()
        return result

    _action_call_format.__wrapped__ = rasa_action_call_format  # type: ignore[attr-defined]
    RemoteAction._action_call_format = _action_call_format
