"""A message read by both languages' rules (isobot/nlu/gate_decision.py, asked_in_another_language):
the Spanish rules know English symptom words but not the English question around them, so an
English question about a red flag must not become a Spanish alarm. A red flag told in a sentence
of its own, in either language, still decides."""

from __future__ import annotations

import pytest

from isobot.evaluation.gate_set import detectors
from isobot.nlu.gate_decision import asked_in_another_language
from isobot.nlu.safety_gate import SafetyGate
from isobot.safety.findings import Finding, FlagHit


@pytest.fixture(scope="module")
def gate():
    return SafetyGate(SafetyGate.get_default_config(), None, None, detectors())  # both languages' rules


@pytest.mark.parametrize(
    "text", ["can roaccutane give you foot drop?", "does isotretinoin cause tingling in your legs?"]
)
def test_a_short_english_question_about_a_red_flag_gets_the_information(gate, text):
    assert gate.read(text, None, {}, None)[0].tier == "info", text


@pytest.mark.parametrize(
    "text, tier",
    [
        ("does accutane cause numb legs? tengo las dos piernas dormidas", "emergency"),
        ("can it cause foot drop? se me arrastra el pie derecho", "urgent"),
        ("my legs are numb and weak", "emergency"),
    ],
)
def test_a_red_flag_told_in_its_own_sentence_still_decides(gate, text, tier):
    assert gate.read(text, None, {}, None)[0].tier == tier, text


def _hit(context, sentence="Does it cause Numbness?"):
    return FlagHit("bilateral_leg_weakness", "emergency", "bilateral_leg_weakness", context, sentence)


def test_only_the_same_flag_asked_in_the_same_sentence_counts():
    present = Finding("emergency", (_hit("personal"),))
    assert asked_in_another_language(present, [Finding("info", (_hit("hypothetical", "does it cause numbness ?"),))])
    assert not asked_in_another_language(present, [Finding("info", (_hit("hypothetical", "another sentence"),))])
    assert not asked_in_another_language(present, [Finding("info", (_hit("third_party"),))])
    assert not asked_in_another_language(Finding("info", (_hit("hypothetical"),)), [present])
