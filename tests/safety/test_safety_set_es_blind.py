"""CI gate on the blind Spanish safety set (tests/safety/es/blind3.yml), end to end through the
real Rasa server: the tier of what the patient was shown for each case's last message.

The sixth Spanish set, written at stop 28 by a helper who read only the labelling rules and
public Spanish pages, never the rules, the training data or the other sets
(tests/safety/es/BLIND3_SOURCES.md); never used to write a rule. First contact, on the stop-27
model and rules: emergency recall 0.983, urgent 1.000, false emergency alarms 1.6%
(reports/first_contact/s28_blind/figures.json). After the stop-28 and stop-29 fixes (made from
informed4.yml and the informed English part, never from this set), end to end: the same, 0.983,
1.000 and 1.6%; info recall rose from 0.600 to 0.733. The previous blind set (stops 26-27) is now
informed (tests/safety/es/informed4.yml). Emergency recall is short of the 1.00 target on unseen
Spanish; each gate is the measured figure less (or, for the alarm rate, plus) 2 points.
"""

from __future__ import annotations

import pytest

from isobot.evaluation.e2e import Conversations
from isobot.evaluation.spanish import SPANISH_SAFETY_BLIND, evaluate_safety
from tests import servers

MARGIN = 0.02
MEASURED = {"emergency": 0.983, "urgent": 1.000, "false_emergency": 0.016}


@pytest.fixture(scope="module")
def blind(rasa_server):
    return evaluate_safety(Conversations(rasa_server.url, servers.API_TOKEN), SPANISH_SAFETY_BLIND)


def test_the_blind_spanish_set_is_big_enough(blind):
    assert blind["size"] >= 150


def test_blind_spanish_emergency_and_urgent_recall_hold(blind):
    assert blind["recall"]["emergency"] >= MEASURED["emergency"] - MARGIN, blind["misses"]
    assert blind["recall"]["urgent"] >= MEASURED["urgent"] - MARGIN, blind["misses"]


def test_blind_spanish_false_emergency_alarms_stay_low(blind):
    assert blind["false_emergency_rate"] <= MEASURED["false_emergency"] + MARGIN, blind["misses"]
