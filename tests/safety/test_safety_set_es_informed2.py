"""CI gate on the third Spanish safety set (tests/safety/es/informed2.yml), on the SafetyGate's
own reading (isobot/evaluation/gate_set.py: both languages' rules, the earlier turns, no
classifier, no Rasa).

Written blind at stop 22, it was the blind Spanish set until stop 24 (end to end with the learned
net: emergency 0.879, urgent 0.957, false emergency 3.7%). It is NO LONGER BLIND: at stop 25 its
misses informed the Spanish rules and it feeds the learned net's examples, so it is a tuning
set. On this reading, before those fixes: emergency 0.788, urgent 0.894, false emergency 3.7%;
after: 0.985, 0.979, 1.9%; after the stop-27 Spanish fixes: 1.000, 1.000, 1.9%. Each gate
is the figure after less (for the alarm rate, plus) 2 points. The blind Spanish set is now
tests/safety/es/blind.yml (stop 25).
"""

from __future__ import annotations

import pytest

from isobot.evaluation.gate_set import score_set
from isobot.evaluation.spanish import SPANISH_SAFETY_INFORMED2

MARGIN = 0.02
MEASURED = {"emergency": 1.000, "urgent": 1.000, "false_emergency": 0.019}


@pytest.fixture(scope="module")
def informed2():
    return score_set(SPANISH_SAFETY_INFORMED2)


def test_the_third_spanish_set_is_big_enough(informed2):
    assert sum(informed2.counts.values()) >= 150


def test_third_spanish_set_emergency_and_urgent_recall_hold(informed2):
    assert informed2.recall["emergency"] >= MEASURED["emergency"] - MARGIN, informed2.misses
    assert informed2.recall["urgent"] >= MEASURED["urgent"] - MARGIN, informed2.misses


def test_third_spanish_set_false_emergency_alarms_stay_low(informed2):
    assert informed2.false_emergency_rate <= MEASURED["false_emergency"] + MARGIN, informed2.misses
