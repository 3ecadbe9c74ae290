"""Domain.states_for_tracker_history, fed one event at a time (used by past_states.py).

Not a patch itself: the replays the remembered history (tracker_history.py) keeps per
(domain, omit_unset_slots, ignore_rule_only_turns, rule_only_data), so that a policy's
states are extended as events arrive instead of replaying the conversation.
"""

from __future__ import annotations

from typing import Any

State = dict[str, Any]


class Replay:
    """The states without rule-only turns' special handling: the state before each action,
    and the state after the last event."""

    def __init__(self, domain: Any, omit_unset_slots: bool, tracker: Any) -> None:
        self.domain, self.omit_unset_slots, self.tracker = domain, omit_unset_slots, tracker
        self.before_actions: list[State] = []
        self.current: State | None = None

    def _state(self) -> State:
        state: State = self.domain._clean_state(self.domain.get_active_state(self.tracker, self.omit_unset_slots))
        return state

    def _before_action(self, hide_rule_turn: bool) -> None:
        self.before_actions.append(self._state())

    def _after_last_event(self) -> State | None:
        return self._state()

    def feed(self, events: list[Any]) -> None:
        from rasa.shared.core.events import ActionExecuted

        for event in events:
            if isinstance(event, ActionExecuted):
                self._before_action(event.hide_rule_turn)
            self.tracker.update(event)
        self.current = self._after_last_event()

    def states(self) -> list[State]:
        return self.before_actions + ([self.current] if self.current is not None else [])


class MlReplay(Replay):
    """The same with `ignore_rule_only_turns` (what ML-data policies such as MemoizationPolicy
    ask for): Domain.states_for_tracker_history's loop, step for step, with its running
    variables kept between feeds. The state after the last event is worked out without
    keeping them, because the next feed continues from the last action."""

    def __init__(
        self, domain: Any, omit_unset_slots: bool, tracker: Any, rule_only_data: dict[str, Any] | None
    ) -> None:
        super().__init__(domain, omit_unset_slots, tracker)
        self.rule_only_data = rule_only_data
        self.turn_was_hidden = False
        self.last_ml_action_sub_state: dict[str, Any] | None = None

    def _step(
        self, hide_rule_turn: bool, turn_was_hidden: bool, last_ml_action: dict[str, Any] | None
    ) -> tuple[State | None, bool, dict[str, Any] | None]:
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
            hide_rule_turn, self.turn_was_hidden, self.last_ml_action_sub_state
        )
        if state is not None:
            self.before_actions.append(state)

    def _after_last_event(self) -> State | None:
        state, _, _ = self._step(False, self.turn_was_hidden, self.last_ml_action_sub_state)
        return state


def copy_states(states: list[State]) -> list[State]:
    """Copies a policy may edit: it changes the last state in place. A state is
    {sub-state name: {feature: str or tuple}}: two levels are all that is mutable."""
    return [{name: dict(sub) if isinstance(sub, dict) else sub for name, sub in state.items()} for state in states]
