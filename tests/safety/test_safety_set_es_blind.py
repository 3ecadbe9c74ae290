"""CI gate on the blind Spanish safety set (tests/safety/es/blind2.yml), end to end through the
real Rasa server: the tier of what the patient was shown for each case's last message.

The fifth Spanish set, written at stop 26 by a helper who read only the labelling rules and
public Spanish pages, never the rules, the training data or the other sets
(tests/safety/es/BLIND2_SOURCES.md); never used to write a rule. First contact, on the stop-25
rules and the stop-26 model: emergency recall 0.900, urgent 0.907, false emergency alarms 3.4%
(reports/first_contact/s26_blind/figures.json). After the stop-27 Spanish fixes (made from
informed3.yml, never from this set), end to end: emergency 0.917, urgent 0.953, false emergency
0.0%. The previous blind set (stop 25) is now informed (tests/safety/es/informed3.yml). The
recall targets (1.00, >= 0.97) are not met on unseen Spanish; each gate is the measured figure
less (or, for the alarm rate, plus) 2 points.
"""

from __future__ import annotations

import pytest

from isobot.evaluation.e2e import Conversations
from isobot.evaluation.spanish import SPANISH_SAFETY_BLIND, evaluate_safety
from tests import servers

MARGIN = 0.02
MEASURED = {"emergency": 0.917, "urgent": 0.953, "false_emergency": 0.000}


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
