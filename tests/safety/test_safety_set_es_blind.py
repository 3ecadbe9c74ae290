"""CI gate on the second Spanish safety set (tests/safety/es/blind.yml), end to end through the
real Rasa server: the tier of what the patient was shown for each case's last message.

Written blind at stop 21 by a helper who never read the rules. It is NO LONGER BLIND: at stop 22
its misses informed the Spanish rules (each fixed as a family of wordings, with tests in our own
words), so it is a second tuning set and meeting the targets here does not say that unseen
Spanish is caught; the new blind Spanish set measures that.

First contact: emergency recall 0.684, urgent 0.703, false emergency alarms 7.4%
(reports/first_contact/safety_es_blind.json); after the stop-21 tuning on the first set,
still blind: 0.750, 0.865, 5.6%. After the stop-22 fixes from its own misses: 1.000, 1.000,
0.0% end to end. Each gate is that measured figure less (or, for the alarm rate, plus) 2 points.
"""

from __future__ import annotations

import pytest

from isobot.evaluation.e2e import Conversations
from isobot.evaluation.spanish import SPANISH_SAFETY_BLIND, evaluate_safety
from tests import servers

MARGIN = 0.02
MEASURED = {"emergency": 1.000, "urgent": 1.000, "false_emergency": 0.000}


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
