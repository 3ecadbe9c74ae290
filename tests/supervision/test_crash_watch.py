"""crash_watch's rule, event by event as supervisord sends them: when is a service crash-looping,
what does the operator read, what does the readiness route get."""

from __future__ import annotations

import importlib.util
import io
import json

from tests import servers

_spec = importlib.util.spec_from_file_location("crash_watch", servers.ROOT / "scripts/supervise/crash_watch.py")
assert _spec is not None and _spec.loader is not None
crash_watch = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(crash_watch)


def exited(watch, name, now):
    watch.on_event("PROCESS_STATE_EXITED", {"processname": name, "expected": "0", "pid": "42"}, now)
    watch.on_event("PROCESS_STATE_STARTING", {"processname": name}, now + 0.1)
    watch.on_event("PROCESS_STATE_RUNNING", {"processname": name}, now + 1)


def test_five_exits_in_five_minutes_is_a_crash_loop_and_it_ends_when_they_age_out(tmp_path):
    status, out = tmp_path / "supervision.json", io.StringIO()
    watch = crash_watch.Watch(str(status), out)
    for minute in range(4):  # a Rasa server that dies every minute, after loading its model
        exited(watch, "rasa", minute * 60.0)
    assert not json.loads(status.read_text())["programs"]["rasa"]["crash_loop"]
    assert out.getvalue().count("rasa exited unexpectedly") == 4 and "CRASH LOOP" not in out.getvalue()
    exited(watch, "rasa", 240.0)
    assert json.loads(status.read_text())["programs"]["rasa"] == {
        "state": "RUNNING",
        "recent_exits": 5,
        "crash_loop": True,
    }
    assert "CRASH LOOP: rasa" in out.getvalue()
    watch.on_event("TICK_5", {}, 600.0)  # five quiet minutes later
    assert json.loads(status.read_text())["programs"]["rasa"]["crash_loop"] is False
    assert "rasa is running again" in out.getvalue()


def test_giving_up_is_a_crash_loop_at_once(tmp_path):
    status, out = tmp_path / "supervision.json", io.StringIO()
    watch = crash_watch.Watch(str(status), out)
    watch.on_event("PROCESS_STATE_BACKOFF", {"processname": "actions"}, 0.0)
    watch.on_event("PROCESS_STATE_FATAL", {"processname": "actions"}, 1.0)
    assert json.loads(status.read_text())["programs"]["actions"]["crash_loop"] is True
    assert "GAVE UP (FATAL)" in out.getvalue()


def test_a_stop_asked_for_is_not_a_crash(tmp_path):
    status, out = tmp_path / "supervision.json", io.StringIO()
    watch = crash_watch.Watch(str(status), out)
    for second in range(10):
        watch.on_event("PROCESS_STATE_STOPPING", {"processname": "web"}, float(second))
        watch.on_event("PROCESS_STATE_STOPPED", {"processname": "web"}, second + 0.5)
    assert json.loads(status.read_text())["programs"]["web"]["recent_exits"] == 0 and out.getvalue() == ""
