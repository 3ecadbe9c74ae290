"""CI gate on the fourth Spanish safety set (tests/safety/es/informed3.yml), on the SafetyGate's
own reading (isobot/evaluation/gate_set.py: both languages' rules, the earlier turns, no
classifier, no Rasa).

Written blind at stop 25, it was the blind Spanish set at stops 25 and 26 (end to end with the
learned net: emergency 0.873, urgent 1.000, false emergency 4.8%). It is NO LONGER BLIND: at
stop 27 its misses informed the Spanish rules and it feeds the learned net's examples, so it is
a tuning set. On this reading, before those fixes: emergency 0.841, urgent 0.826, false
emergency 3.2%; after them (stop 27): emergency 1.000, urgent 1.000, false emergency 0.0%.
Each gate is the figure after the fixes less (for the alarm rate, plus) 2 points. The blind
Spanish set was then tests/safety/es/blind2.yml (now informed4.yml); it is blind3.yml from stop 28.
"""

from __future__ import annotations

import pytest

from isobot.evaluation.gate_set import score_set
from isobot.evaluation.spanish import SPANISH_SAFETY_INFORMED3

MARGIN = 0.02
MEASURED = {"emergency": 1.000, "urgent": 1.000, "false_emergency": 0.000}


@pytest.fixture(scope="module")
def informed3():
    return score_set(SPANISH_SAFETY_INFORMED3)


def test_the_fourth_spanish_set_is_big_enough(informed3):
    assert sum(informed3.counts.values()) >= 150


def test_fourth_spanish_set_emergency_and_urgent_recall_hold(informed3):
    assert informed3.recall["emergency"] >= MEASURED["emergency"] - MARGIN, informed3.misses
    assert informed3.recall["urgent"] >= MEASURED["urgent"] - MARGIN, informed3.misses


def test_fourth_spanish_set_false_emergency_alarms_stay_low(informed3):
    assert informed3.false_emergency_rate <= MEASURED["false_emergency"] + MARGIN, informed3.misses
