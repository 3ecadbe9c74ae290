"""Language per message (isobot/safety/language.py) and how the SafetyGate uses it: the
message's own language when it is clear, both detectors when it is not, and the reply in the
conversation's language unless only one language's words raised the flag."""

from __future__ import annotations

import pytest

from isobot import settings
from isobot.nlu.safety_gate import SafetyGate
from isobot.safety.detector import RedFlagDetector
from isobot.safety.language import OTHER, UNSURE, detect_language


@pytest.mark.parametrize(
    "text, language",
    [
        ("no siento las nalgas y me orino encima", "es"),
        ("me duele mucho la espalda y tengo calentura", "es"),
        ("mi hija no siente las piernas", "es"),
        ("is it normal to have back pain on accutane", "en"),
        ("numbness in my groin and i wet myself", "en"),
        ("je ne sens plus mes jambes depuis ce matin", OTHER),
        ("não sinto as pernas desde ontem", OTHER),
    ],
)
def test_a_clear_message_gets_its_language(text, language):
    assert detect_language(text).language == language


@pytest.mark.parametrize("text", ["hola", "my back hurts", "tengo fiebre", "39.5", "ok", ""])
def test_a_short_message_is_unsure(text):
    assert detect_language(text).language == UNSURE


@pytest.fixture(scope="module")
def gate():
    detectors = {
        "en": RedFlagDetector.from_paths(settings.SPACY_PIPELINE, settings.RED_FLAG_RULES),
        "es": RedFlagDetector.from_paths(settings.SPACY_PIPELINE_ES, settings.RED_FLAG_RULES_ES),
    }
    return SafetyGate(SafetyGate.get_default_config(), None, None, detectors)


def test_a_spanish_message_is_read_by_the_spanish_rules_and_answered_in_spanish(gate):
    finding, decided, reply, _ = gate.read("no siento las nalgas y me orino encima", None, {}, None)
    assert (finding.escalation, decided, reply) == ("cauda_equina", "es", "es")


def test_a_short_spanish_red_flag_in_an_english_conversation_is_still_caught_and_answered_in_spanish(gate):
    # Two words are too few to be sure of the language; only the Spanish rules know them.
    finding, decided, reply, detected = gate.read("me orino", None, {}, "en")
    assert detected["read_by"] == ["en", "es"]
    assert (finding.escalation, decided, reply) == ("cauda_equina", "es", "es")


def test_a_short_message_without_a_flag_keeps_the_conversation_language(gate):
    assert gate.read("ok gracias", None, {}, "es")[2] == "es"
    assert gate.read("ok thanks", None, {}, "en")[2] == "en"


def test_an_english_red_flag_gets_english(gate):
    finding, decided, reply, _ = gate.read("i can't feel my legs and i wet myself", None, {}, None)
    assert (finding.tier, decided, reply) == ("emergency", "en", "en")


def test_another_language_with_spanish_red_flag_words_is_still_checked(gate):
    # Portuguese around Spanish words: read by both detectors, the higher tier wins.
    finding, decided, reply, detected = gate.read("olá, eu estou com muita dor, quiero morirme", None, {}, None)
    assert detected["read_by"] == ["en", "es"]
    assert (finding.escalation, decided) == ("self_harm", "es")
