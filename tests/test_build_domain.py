"""The generated domain: region numbers are filled in, and every escalation has its variation."""

from __future__ import annotations

import importlib.util

import pytest
import yaml

from isobot import settings

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


def test_every_spanish_variation_carries_its_language_for_the_widget_and_english_stays_unmarked(tmp_path):
    build_domain.build(tmp_path)
    responses = yaml.safe_load((tmp_path / "content.yml").read_text(encoding="utf-8"))["responses"]
    spanish = english = 0
    for variations in responses.values():
        for variation in variations:
            language = {c["name"]: c["value"] for c in variation.get("condition") or []}.get("language", "en")
            if language == "es":
                spanish += 1
                assert variation["custom"]["lang"] == "es"
            else:
                english += 1
                assert "lang" not in (variation.get("custom") or {})
    assert spanish and english


def test_every_answer_has_a_spanish_variation_chosen_by_the_language_slot(catalogue, tmp_path):
    build_domain.build(tmp_path)
    responses = yaml.safe_load((tmp_path / "content.yml").read_text(encoding="utf-8"))["responses"]
    for answer in catalogue.answers.values():
        english, spanish = responses[answer.response]
        assert english["text"] == answer.text and "condition" not in english, answer.id
        assert spanish["condition"] == [{"type": "slot", "name": "language", "value": "es"}], answer.id
        assert spanish["text"] == answer.translations["es"].text, answer.id
        assert spanish["custom"]["lang"] == "es", answer.id
