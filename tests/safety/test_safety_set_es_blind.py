"""CI gate on the second blind Spanish safety set (tests/safety/es/blind.yml), end to end
through the real Rasa server: the tier of what the patient was shown for each case's last
message. Written at stop 21 by a helper who never read the rules; never used to write one.

First contact, before the stop-21 tuning on the first set: emergency recall 0.684, urgent
0.703, false emergency alarms 7.4% (reports/first_contact/safety_es_blind.json). After that
tuning (still blind to this set): emergency 0.750, urgent 0.865, false emergency 5.6%. The
targets (1.00, >= 0.97, <= 1%) are not met; each gate is the measured figure less (or, for
the alarm rate, plus) 2 points.
"""

from __future__ import annotations

import pytest

from isobot.evaluation.e2e import Conversations
from isobot.evaluation.spanish import SPANISH_SAFETY_BLIND, evaluate_safety
from tests import servers

MARGIN = 0.02
MEASURED = {"emergency": 0.750, "urgent": 0.865, "false_emergency": 0.056}


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
