"""A tracker's remembered history, shared by applied_events.py, past_states.py and tracker_copy.py.

Not a patch itself. It keeps, on the tracker, the applied events and, per (domain,
omit_unset_slots, ...), the replayed tracker and its states, extended event by event while the
history only grows. A restart, new session, revert or loop event falls back to Rasa's own
code (`applied_events`), which is the only thing that can rewrite what came before.
"""

from __future__ import annotations

import copy
import inspect
import itertools
import json
from collections import deque
from collections.abc import Callable
from typing import Any

from isobot.rasa_patches.state_replay import MlReplay, Replay, State

MEMO_KEY = "_isobot_history"


def rasa_applied_events() -> Callable[[Any], list[Any]]:
    """Rasa's own DialogueStateTracker.applied_events, whether or not ours is installed."""
    from rasa.shared.core.trackers import DialogueStateTracker

    original: Callable[[Any], list[Any]] = inspect.unwrap(DialogueStateTracker.applied_events)
    return original


class RememberedHistory:
    def __init__(self, tracker: Any) -> None:
        from rasa.shared.core.events import ActiveLoop, Restarted, SessionStarted

        events = tracker.events
        self.events_id, self.count = id(events), len(events)
        self.last = events[-1] if events else None
        self.applied: list[Any] = rasa_applied_events()(tracker)
        self.loop_names = {e.name for e in events if isinstance(e, ActiveLoop) and e.name}
        self.replays: dict[tuple[Any, ...], Replay] = {}
        # Rasa's copy() replays the whole conversation onto init_copy(), whose slots start with
        # the tracker's current values. Once a new session or restart has reset every slot, that
        # start no longer shows, so one replay fed with each new event serves every later copy.
        self.resets_slots = any(isinstance(e, (SessionStarted, Restarted)) for e in events)
        self.copy_base: Any = None

    def new_events(self, tracker: Any) -> list[Any] | None:
        """The events added since, or None when the history may have changed otherwise.

        Rasa only appends to `events` or replaces the deque. An appended restart, new session,
        revert or loop event can rewrite what came before (see `applied_events`), so those
        are recomputed by Rasa's own code."""
        from rasa.shared.core.events import (
            ActionExecuted,
            ActionReverted,
            ActiveLoop,
            Restarted,
            SessionStarted,
            UserUtteranceReverted,
        )

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

    def extend(self, new: list[Any]) -> None:
        self.applied.extend(new)
        if self.copy_base is not None:
            for event in new:
                self.copy_base.update(event)
        for replay in self.replays.values():
            replay.feed(new)
        self.count += len(new)
        self.last = new[-1] if new else self.last

    def states(
        self,
        tracker: Any,
        domain: Any,
        omit_unset_slots: bool,
        rule_only_data: dict[str, Any] | None = None,
        ml_only: bool = False,
    ) -> list[State]:
        key = (id(domain), omit_unset_slots, ml_only, _frozen(rule_only_data) if ml_only else None)
        replay = self.replays.get(key)
        if replay is None:
            replay = (
                MlReplay(domain, omit_unset_slots, tracker.init_copy(), rule_only_data)
                if ml_only
                else Replay(domain, omit_unset_slots, tracker.init_copy())
            )
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


def history(tracker: Any) -> RememberedHistory:
    """The tracker's remembered history, brought up to date (or started again)."""
    memo: RememberedHistory | None = tracker.__dict__.get(MEMO_KEY)
    new = memo.new_events(tracker) if memo is not None else None
    if memo is None or new is None:
        memo = RememberedHistory(tracker)
        tracker.__dict__[MEMO_KEY] = memo
    elif new:
        memo.extend(new)
    return memo


def _clone(tracker: Any) -> Any:
    """A tracker in the same state, sharing nothing a tracker changes in place (its events,
    slots, active loop and latest action); the events themselves are shared, as in Rasa."""
    clone = object.__new__(type(tracker))
    clone.__dict__.update(tracker.__dict__)
    clone.events = deque(tracker.events, tracker._max_event_history)
    clone.slots = {name: copy.copy(slot) for name, slot in tracker.slots.items()}
    clone.active_loop = copy.copy(tracker.active_loop)
    clone.latest_action = dict(tracker.latest_action) if tracker.latest_action is not None else None
    return clone


def _frozen(rule_only_data: dict[str, Any] | None) -> str:
    return json.dumps(rule_only_data or {}, sort_keys=True, default=str)
