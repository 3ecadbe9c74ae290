"""CI gate on the Spanish safety set (tests/safety/es/cases.yml), end to end through the real
Rasa server: the tier of what the patient was shown for each case's last message.

History: blind until 2026-12-01; first contact (rules written without reading the set):
emergency recall 0.868, urgent 0.657, false emergency alarms 3.0%. It is now the TUNING set:
the Spanish rules were fixed from its misses, so meeting the issue's targets here says the
fixes hold, not that unseen Spanish is caught (the new blind Spanish set measures that). The
gates are the issue's targets, which the tuned rules reach end to end (emergency 1.00, urgent
1.00, false emergency alarms 0%); a rule edit that loses any of them fails here.
"""

from __future__ import annotations

import pytest

from isobot.evaluation.e2e import Conversations
from isobot.evaluation.spanish import evaluate_safety
from tests import servers

# The targets: emergency recall 1.00, urgent >= 0.97, false emergency alarms <= 1%.
GATES = {"emergency": 1.00, "urgent": 0.97, "false_emergency": 0.01}


@pytest.fixture(scope="module")
def spanish(rasa_server):
    return evaluate_safety(Conversations(rasa_server.url, servers.API_TOKEN))


def test_the_spanish_set_is_big_enough(spanish):
    assert spanish["size"] >= 150


def test_spanish_emergency_and_urgent_recall_hold(spanish):
    assert spanish["recall"]["emergency"] >= GATES["emergency"], spanish["misses"]
    assert spanish["recall"]["urgent"] >= GATES["urgent"], spanish["misses"]


def test_spanish_false_emergency_alarms_stay_low(spanish):
    assert spanish["false_emergency_rate"] <= GATES["false_emergency"], spanish["misses"]
