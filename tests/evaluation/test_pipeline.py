"""isobot/evaluation/pipeline.py: the tier a parsed message gives the patient."""

from __future__ import annotations

import pytest

from isobot.evaluation.pipeline import tier_of


def parse(intent, *escalations):
    return {"intent": {"name": intent}, "entities": [{"entity": "escalation", "value": e} for e in escalations]}


@pytest.mark.parametrize(
    "parsed, tier",
    [
        (parse("report_emergency_symptom", "cauda_equina"), "emergency"),
        (parse("ask_red_flags", "red_flags_info"), "info"),
        # the answer, then the red-flag information (isobot/nlu/gate_decision.py)
        (parse("ask_prevalence", "red_flags_info"), "info"),
        (parse("ask_prevalence"), "none"),
        ({"intent": None, "entities": []}, "none"),
    ],
)
def test_the_tier_is_what_the_patient_is_shown(parsed, tier):
    assert tier_of(parsed) == tier
