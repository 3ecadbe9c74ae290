"""A service that cannot start: supervisord gives up on it, loudly, and the rest keeps serving."""

from __future__ import annotations

import pytest

from isobot.channels.turn import apology_text
from tests.conftest import Chat
from tests.supervision.conftest import statuses
from tests.supervision.test_make_run import EMERGENCY, INFO, escalated, timed_texts

pytestmark = pytest.mark.supervision


def test_a_crash_looping_action_server_shows_in_readiness_and_the_terminal(crash_looping):
    stack = crash_looping
    stack.wait_until(lambda: statuses(stack).get("actions", {}).get("crash_loop"), 180, "the crash loop reported")
    ready = stack.ready()
    assert ready.status_code == 503
    supervision = ready.json()["checks"]["supervision"]
    assert supervision["ok"] is False and "actions" in supervision["error"]
    assert "CRASH LOOP: actions" in stack.terminal()
    # Rasa keeps answering: red flags escalate, other questions get the apology at once.
    for _ in range(3):
        texts, seconds = timed_texts(Chat(stack.rasa), EMERGENCY)
        assert escalated(texts) and seconds < 1
    texts, seconds = timed_texts(Chat(stack.rasa), INFO)
    assert texts == [apology_text()] and seconds < 1
    assert stack.web_answers()
