"""The generated domain: region numbers are filled in, and every escalation has its variation."""

from __future__ import annotations

import importlib.util

import pytest
import yaml

from isobot import settings
from isobot.content.other_languages import CODES, other_languages

spec = importlib.util.spec_from_file_location("build_domain", settings.ROOT / "scripts" / "build_domain.py")
assert spec is not None and spec.loader is not None
build_domain = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build_domain)


@pytest.mark.parametrize("region, number", [("US", "911"), ("UK", "999"), ("EU", "112"), (None, "911")])
def test_the_configured_region_sets_the_emergency_number(catalogue, region, number):
    responses = build_domain.escalation_responses(catalogue, region)
    emergency = responses["utter_escalate_emergency"]
    assert all(number in v["text"] for v in emergency)
    assert not any("{" in v["text"] for variations in responses.values() for v in variations)


def test_self_harm_gives_the_regional_crisis_line(catalogue):
    uk = build_domain.escalation_responses(catalogue, "UK")["utter_escalate_emergency"]
    self_harm = next(v for v in uk if v.get("condition", [{}])[0].get("value") == "self_harm")
    assert "116 123" in self_harm["text"]


def test_each_tier_falls_back_to_its_generic_message(catalogue):
    responses = build_domain.escalation_responses(catalogue, None)
    default = [v for v in responses["utter_escalate_emergency"] if "condition" not in v]
    assert default == [
        {"text": catalogue.escalations["emergency_generic"].text.format(**catalogue.region_numbers(None))}
    ]


def test_each_escalation_has_an_english_and_a_spanish_variation_chosen_by_the_language_slot(catalogue):
    responses = build_domain.escalation_responses(catalogue, None)
    for escalation in catalogue.escalations.values():
        variations = [
            v
            for v in responses[escalation.response]
            if v.get("condition") and v["condition"][0]["value"] == escalation.id
        ]
        by_language = {v["condition"][1]["value"]: v["text"] for v in variations}
        assert set(by_language) == {"en", "es"}, escalation.id
        assert by_language["es"] == escalation.translations["es"].text.format(**catalogue.region_numbers(None, "es"))


def test_the_spanish_crisis_line_is_the_regions_spanish_one(catalogue):
    uk = build_domain.escalation_responses(catalogue, "UK")["utter_escalate_emergency"]
    spanish = next(
        v["text"]
        for v in uk
        if v.get("condition") and v["condition"][0]["value"] == "self_harm" and v["condition"][1]["value"] == "es"
    )
    assert "116 123" in spanish and "999" in spanish and "{" not in spanish


def test_every_variation_in_another_language_carries_it_for_the_widget_and_english_stays_unmarked(tmp_path):
    build_domain.build(tmp_path)
    responses = yaml.safe_load((tmp_path / "content.yml").read_text(encoding="utf-8"))["responses"]
    marked = {"es": 0, "other": 0}
    english = 0
    for variations in responses.values():
        for variation in variations:
            slots = {c["name"]: c["value"] for c in variation.get("condition") or []}
            language = slots.get("language") or slots.get("other_language") or "en"
            if language == "en":
                english += 1
                assert "lang" not in (variation.get("custom") or {})
            else:
                marked["es" if language == "es" else "other"] += 1
                assert variation["custom"]["lang"] == language
    assert marked["es"] and marked["other"] == len(CODES) and english


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    output = tmp_path_factory.mktemp("domain")
    build_domain.build(output)
    return {name: yaml.safe_load((output / name).read_text(encoding="utf-8")) for name in ("domain.yml", "content.yml")}


def spanish_of(variations: list[dict]) -> list[dict]:
    return [v for v in variations if {"type": "slot", "name": "language", "value": "es"} in (v.get("condition") or [])]


def test_every_domain_response_has_one_spanish_variation_beside_the_english(built):
    english = yaml.safe_load((settings.ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]
    generated = built["content.yml"]["responses"]
    for name, variations in english.items():
        spanish = spanish_of(generated[name])
        assert len(spanish) == 1 and spanish[0]["custom"]["lang"] == "es", name
        assert [v for v in generated[name] if not v.get("condition")] == variations, name


def test_the_built_domain_holds_each_response_once(built):
    # Rasa keeps only the first of two same-named responses it walks over, in directory order.
    assert not set(built["domain.yml"].get("responses") or {}) & set(built["content.yml"]["responses"])
    assert built["domain.yml"]["intents"] and built["domain.yml"]["slots"]["language"]


def test_spanish_buttons_keep_the_english_payloads(built):
    checked = 0
    for name, variations in built["content.yml"]["responses"].items():
        english = [v for v in variations if not v.get("condition")]
        for spanish in spanish_of(variations):
            if english and "buttons" in english[0]:
                assert [b["payload"] for b in spanish["buttons"]] == [b["payload"] for b in english[0]["buttons"]], name
                assert [b["title"] for b in spanish["buttons"]] != [b["title"] for b in english[0]["buttons"]], name
                checked += 1
    assert checked >= 5  # feedback, erase confirmation, three guided-check questions


def test_the_guided_check_asks_in_spanish_with_si_no_omitir(built, catalogue):
    generated = built["content.yml"]["responses"]
    question = spanish_of(generated["utter_ask_screening_form_screen_saddle_bladder"])[0]
    assert question["text"].startswith("¿Tiene **adormecimiento")
    assert [b["title"] for b in question["buttons"]] == ["Sí", "No", "Omitir la revisión"]
    assert question["buttons"][0]["payload"] == '/report_emergency_symptom{"escalation": "cauda_equina"}'
    assert spanish_of(generated["utter_screening_intro"])[0]["text"].startswith("Siento que le duela")


@pytest.mark.parametrize("region, number", [("US", "911"), ("UK", "999"), ("EU", "112")])
def test_the_reply_to_another_language_is_in_that_language_with_the_regions_number(catalogue, region, number):
    variations = build_domain.other_language_responses(other_languages(), catalogue.region_numbers(region))[
        "utter_non_english"
    ]
    by_code = {v["condition"][0]["value"]: v["text"] for v in variations if v.get("condition")}
    assert set(by_code) == set(CODES)
    assert all(v["condition"][0]["name"] == "other_language" for v in variations if v.get("condition"))
    unconditioned = [v["text"] for v in variations if not v.get("condition")]
    assert len(unconditioned) == 1 and unconditioned[0].startswith("Sorry, I can only answer in English or Spanish")
    assert "Lo siento, solo puedo responder en inglés o en español" in unconditioned[0]
    for text in [*by_code.values(), *unconditioned]:
        assert number in text and "{" not in text, text


def test_every_answer_has_a_spanish_variation_chosen_by_the_language_slot(catalogue, tmp_path):
    build_domain.build(tmp_path)
    responses = yaml.safe_load((tmp_path / "content.yml").read_text(encoding="utf-8"))["responses"]
    for answer in catalogue.answers.values():
        english, spanish = responses[answer.response]
        assert english["text"] == answer.text and "condition" not in english, answer.id
        assert spanish["condition"] == [{"type": "slot", "name": "language", "value": "es"}], answer.id
        assert spanish["text"] == answer.translations["es"].text, answer.id
        assert spanish["custom"]["lang"] == "es", answer.id
