"""Speedup: a tracker's past states, remembered and extended as events are appended.

Every policy asks the tracker for its `past_states` (RulePolicy twice per prediction, and
MemoizationPolicy without rule-only turns), and each call replays the whole conversation:
most of why message 50 was twice as slow as message 1. The replays are kept beside the
remembered history (tracker_history.py, state_replay.py) and fed each new event; states are
handed out as copies, because policies edit the last state in place.
"""

from __future__ import annotations

from typing import Any

from isobot.rasa_patches.base import Original, Patch, Setter
from isobot.rasa_patches.state_replay import State, copy_states
from isobot.rasa_patches.tracker_history import history

PATCH = Patch(
    name="past_states",
    kind="speedup",
    scope="process",
    replaces=(
        Original(
            "rasa.shared.core.trackers:DialogueStateTracker.past_states",
            "(self, domain: rasa.shared.core.domain.Domain, omit_unset_slots: bool = False, ignore_rule_only_turns: bool = False, rule_only_data: Optional[Dict[str, Any]] = None) -> List[Dict[str, MutableMapping[str, Union[str, Tuple[Union[float, str], ...]]]]]",  # noqa: E501 (Rasa's signature, verbatim)
            "5463eefb5c69d27f",
        ),
        # Replayed step by step by state_replay.py: a change here changes the states.
        Original(
            "rasa.shared.core.domain:Domain.states_for_tracker_history",
            "(self, tracker: 'DialogueStateTracker', omit_unset_slots: bool = False, ignore_rule_only_turns: bool = False, rule_only_data: Optional[Dict[str, Any]] = None) -> List[Dict[str, MutableMapping[str, Union[str, Tuple[Union[float, str], ...]]]]]",  # noqa: E501 (Rasa's signature, verbatim)
            "035111ce73ac90ba",
        ),
    ),
    why="each policy's call replays the whole conversation (RulePolicy twice per prediction)",
    gain="with applied_events: policy time 7.5 -> 4.2 ms per message, messages 41-50 43.4 -> 32.6 ms in-process "
    "(commit 5f6dfa5); MemoizationPolicy's states: policy 0.81x, flat from message 1 to 50 (was 0.7 -> 1.6 ms; "
    "make profile, commit ea0f072)",
)


def apply(setter: Setter) -> None:
    from rasa.shared.core.trackers import DialogueStateTracker

    rasa_past_states = DialogueStateTracker.past_states

    def past_states(
        self: DialogueStateTracker,
        domain: Any,
        omit_unset_slots: bool = False,
        ignore_rule_only_turns: bool = False,
        rule_only_data: dict[str, Any] | None = None,
    ) -> list[State]:
        return copy_states(
            history(self).states(self, domain, omit_unset_slots, rule_only_data, ml_only=ignore_rule_only_turns)
        )

    past_states.__wrapped__ = rasa_past_states  # type: ignore[attr-defined]
    setter(DialogueStateTracker, "past_states", past_states)
