"""CI gate on the blind Spanish safety set (tests/safety/es/cases.yml), end to end through the
real Rasa server: the tier of what the patient was shown for each case's last message.

First contact, 2026-12-01 (rules written without reading the set): emergency recall 0.868,
urgent 0.657, false emergency alarms 3.0%. The issue's targets (1.00, >= 0.97, <= 1%) are not
met yet; each gate is the measured figure less (or, for the alarm rate, plus) 2 points.
"""

from __future__ import annotations

import pytest

from isobot.evaluation.e2e import Conversations
from isobot.evaluation.spanish import evaluate_safety
from tests import servers

MARGIN = 0.02
MEASURED = {"emergency": 0.868, "urgent": 0.657, "false_emergency": 0.030}


@pytest.fixture(scope="module")
def spanish(rasa_server):
    return evaluate_safety(Conversations(rasa_server.url, servers.API_TOKEN))


def test_the_spanish_set_is_big_enough(spanish):
    assert spanish["size"] >= 150


def test_spanish_emergency_and_urgent_recall_hold(spanish):
    assert spanish["recall"]["emergency"] >= MEASURED["emergency"] - MARGIN, spanish["misses"]
    assert spanish["recall"]["urgent"] >= MEASURED["urgent"] - MARGIN, spanish["misses"]


def test_spanish_false_emergency_alarms_stay_low(spanish):
    assert spanish["false_emergency_rate"] <= MEASURED["false_emergency"] + MARGIN, spanish["misses"]
