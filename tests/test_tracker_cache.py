"""A remembered tracker is handed out once, and never beyond its size or idle bounds."""

from __future__ import annotations

from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.trackers import DialogueStateTracker

from isobot.stores.tracker_cache import RememberedTrackers


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def tracker(sender: str) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(sender, [ActionExecuted("action_listen")])


def test_a_kept_tracker_is_taken_once_as_it_was_saved():
    remembered = RememberedTrackers(size=4, idle_seconds=60)
    kept = tracker("a")
    remembered.keep(kept, 7, '{"event": "action"}')
    taken = remembered.take("a")
    assert taken.tracker is kept and (taken.last_row_id, taken.last_row_data) == (7, '{"event": "action"}')
    assert remembered.take("a") is None


def test_a_tracker_changed_after_its_save_is_not_handed_out():
    remembered = RememberedTrackers(size=4, idle_seconds=60)
    kept = tracker("a")
    remembered.keep(kept, 7, "{}")
    kept.update(ActionExecuted("utter_greet"))  # an event the database never got
    assert remembered.take("a") is None


def test_the_least_recently_saved_conversation_is_dropped_beyond_the_size():
    remembered = RememberedTrackers(size=2, idle_seconds=60)
    for sender in ("a", "b", "c"):
        remembered.keep(tracker(sender), 1, "{}")
    assert len(remembered) == 2
    assert remembered.take("a") is None
    assert remembered.take("b") is not None and remembered.take("c") is not None


def test_an_idle_conversation_is_dropped_after_the_idle_time():
    clock = Clock()
    remembered = RememberedTrackers(size=4, idle_seconds=60, clock=clock)
    remembered.keep(tracker("a"), 1, "{}")
    clock.now += 30
    remembered.keep(tracker("b"), 1, "{}")
    clock.now += 31
    assert remembered.take("a") is None
    assert remembered.take("b") is not None
    remembered.keep(tracker("c"), 1, "{}")
    clock.now += 61
    remembered.keep(tracker("d"), 1, "{}")  # any keep also sweeps the idle ones
    assert len(remembered) == 1


def test_size_zero_remembers_nothing(monkeypatch):
    monkeypatch.setenv("TRACKER_CACHE_SIZE", "0")
    remembered = RememberedTrackers.from_environment()
    remembered.keep(tracker("a"), 1, "{}")
    assert len(remembered) == 0 and remembered.take("a") is None
