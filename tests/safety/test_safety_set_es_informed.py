"""CI gate on the second Spanish safety set (tests/safety/es/informed.yml), on the SafetyGate's
own reading (isobot/evaluation/gate_set.py: both languages' rules, the earlier turns, no
classifier, no Rasa), which keeps it to seconds.

Written blind at stop 21 by a helper who never read the rules. It is NO LONGER BLIND: at stop 22
its misses informed the Spanish rules (each fixed as a family of wordings, with tests in our own
words), so it is a tuning set, and meeting the targets here says the fixes hold, not that unseen
Spanish is caught; the blind Spanish set (tests/safety/es/blind.yml) measures that, end to end.

First contact: emergency recall 0.684, urgent 0.703, false emergency alarms 7.4%
(reports/first_contact/safety_es_blind.json); after the stop-21 tuning on the first set, still
blind: 0.750, 0.865, 5.6%. After the stop-22 fixes from its own misses: 1.000, 1.000, 0.0%, both
here and end to end (make evaluate, reports/safety_es.md). The gates are the issue's targets.
"""

from __future__ import annotations

import pytest

from isobot.evaluation.gate_set import score_set
from isobot.evaluation.spanish import SPANISH_SAFETY_INFORMED

# The targets: emergency recall 1.00, urgent >= 0.97, false emergency alarms <= 1%.
GATES = {"emergency": 1.00, "urgent": 0.97, "false_emergency": 0.01}


@pytest.fixture(scope="module")
def informed():
    return score_set(SPANISH_SAFETY_INFORMED)


def test_the_second_spanish_set_is_big_enough(informed):
    assert sum(informed.counts.values()) >= 150


def test_second_spanish_set_emergency_and_urgent_recall_hold(informed):
    assert informed.recall["emergency"] >= GATES["emergency"], informed.misses
    assert informed.recall["urgent"] >= GATES["urgent"], informed.misses


def test_second_spanish_set_false_emergency_alarms_stay_low(informed):
    assert informed.false_emergency_rate <= GATES["false_emergency"], informed.misses
