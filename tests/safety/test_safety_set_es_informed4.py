"""CI gate on the fifth Spanish safety set (tests/safety/es/informed4.yml), on the SafetyGate's
own reading (isobot/evaluation/gate_set.py: both languages' rules, the earlier turns, no
classifier, no Rasa).

Written blind at stop 26 (as blind2.yml), it was the blind Spanish set at stops 26 and 27 (end to
end after the stop-27 fixes: emergency 0.917, urgent 0.953, false emergency 0.0%). It is NO
LONGER BLIND: at stop 29 its misses on this reading informed the Spanish rules and it feeds the
learned net's examples, so it is a tuning set. MEASURED is the figure after those fixes; each
gate is it less (for the alarm rate, plus) 2 points. The blind Spanish set is blind3.yml.
"""

from __future__ import annotations

import pytest

from isobot.evaluation.gate_set import score_set
from isobot.evaluation.spanish import SPANISH_SAFETY_INFORMED4

MARGIN = 0.02
MEASURED = {"emergency": 1.000, "urgent": 1.000, "false_emergency": 0.000}


@pytest.fixture(scope="module")
def informed4():
    return score_set(SPANISH_SAFETY_INFORMED4)


def test_the_fifth_spanish_set_is_big_enough(informed4):
    assert sum(informed4.counts.values()) >= 150


def test_fifth_spanish_set_emergency_and_urgent_recall_hold(informed4):
    assert informed4.recall["emergency"] >= MEASURED["emergency"] - MARGIN, informed4.misses
    assert informed4.recall["urgent"] >= MEASURED["urgent"] - MARGIN, informed4.misses


def test_fifth_spanish_set_false_emergency_alarms_stay_low(informed4):
    assert informed4.false_emergency_rate <= MEASURED["false_emergency"] + MARGIN, informed4.misses
