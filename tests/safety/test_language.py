"""Language per message (isobot/safety/language.py) and how the SafetyGate uses it: the
message's own language when it is clear, both detectors when it is not, and the reply in the
conversation's language unless only one language's words raised the flag."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from isobot.evaluation.gate_set import detectors
from isobot.nlu.safety_gate import SafetyGate
from isobot.safety.language import (
    OTHER,
    UNKNOWN,
    UNSURE,
    detect_language,
    other_language,
    script_language,
    short_message_language,
)


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
    return SafetyGate(SafetyGate.get_default_config(), None, None, detectors())  # both languages' rules


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


@pytest.mark.parametrize(
    "text, code",
    [
        ("у меня болит поясница", "ru"),
        ("腰が痛いです", "ja"),
        ("我的腰很痛", "zh"),
        ("허리가 아파요", "ko"),
        ("मेरी कमर में दर्द हो रहा है", "hi"),
        ("أعاني من ألم في أسفل الظهر", "ar"),
        ("Πονάει η πλάτη μου", "el"),
        ("כואב לי הגב", "he"),
        ("j'ai mal au bas du dos depuis que je prends roaccutane", "fr"),
        ("ich habe rückenschmerzen wegen isotretinoin", "de"),
        ("boli mnie dół pleców od izotretynoiny", "pl"),
        # Too little to name: the reply is worded in English and Spanish.
        ("merci beaucoup", UNKNOWN),
        ("😀😀", UNKNOWN),
    ],
)
def test_the_unsupported_reply_is_worded_in_the_language_it_can_name(text, code):
    assert other_language(text) == code


def test_a_mostly_latin_message_with_a_foreign_word_has_no_script_language():
    assert script_language("my back hurts, 痛い") is None


def gated(gate, text, classifier_intent):
    message = Message(data={TEXT: text, INTENT: {"name": classifier_intent, "confidence": 0.9}})
    gate.process([message])
    return message.get(INTENT)["name"], {e["entity"]: e["value"] for e in message.get(ENTITIES)}


def test_a_message_in_another_language_names_it_for_the_reply(gate):
    intent, entities = gated(gate, "est-ce que le roaccutane fait tomber les cheveux ?", "input_non_english")
    assert (intent, entities.get("other_language")) == ("input_non_english", "fr")


def test_a_confidently_spanish_message_is_never_told_the_assistant_does_not_speak_it(gate):
    intent, entities = gated(gate, "me duele mucho la espalda desde que empecé con el roacutan", "input_non_english")
    assert intent == "nlu_fallback"
    assert entities["language"] == "es" and "other_language" not in entities


@pytest.mark.parametrize(
    "text, language",
    [
        ("hola", "es"),
        ("buenas tardes", "es"),
        ("gracias", "es"),
        ("tengo fiebre", "es"),
        ("hello", "en"),
        ("thanks", "en"),
        # Both languages use these in chat: they never switch the conversation.
        ("ok", None),
        ("no", None),
        ("ok gracias", "es"),
        ("39.5", None),
    ],
)
def test_a_short_message_takes_the_language_its_words_say(text, language):
    assert short_message_language(text) == language


def test_a_spanish_greeting_is_answered_in_spanish_and_ok_keeps_the_conversation_language(gate):
    assert gate.read("hola", None, {}, "en")[2] == "es"
    assert gate.read("ok", None, {}, "es")[2] == "es"
    assert gate.read("no", None, {}, "es")[2] == "es"


def test_an_english_word_is_not_corrected_into_a_spanish_red_flag(gate):
    # Unsure of the language, both rules read it; "depression" is English spelled right, not a
    # typo of Spanish "depresion": the question gets information, not the urgent reply.
    finding, decided, _, detected = gate.read("does accutane cause depression or mood changes?", None, {}, None)
    assert detected["read_by"] == ["en", "es"]
    assert (finding.tier, decided) == ("info", "en")


def test_a_misspelled_spanish_red_flag_is_still_corrected_when_both_read_it(gate):
    finding, _, _, detected = gate.read("quiero moriir", None, {}, None)
    assert detected["read_by"] == ["en", "es"]
    assert (finding.tier, finding.corrections) == ("emergency", (("moriir", "morir"),))


def test_the_reply_language_prefers_a_sure_guess_then_the_words_that_raised_the_flag_then_the_chat():
    from isobot.safety.language import reply_language

    sure = detect_language("tengo mucho dolor de espalda desde ayer")
    unsure = detect_language("ok")
    assert reply_language("tengo mucho dolor de espalda desde ayer", sure, "en", "en") == "es"
    assert reply_language("ok", unsure, "es", "en") == "es"
    assert reply_language("hola", None, None, "en") == "es"
    assert reply_language("ok", unsure, None, "es") == "es"
    assert reply_language("ok") is None
