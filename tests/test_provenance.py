"""isobot/content/provenance.py: what a patient is told about where a reply comes from, built from content/."""

from __future__ import annotations

import importlib.util
import shutil

import pytest
import yaml

from isobot import settings
from isobot.content import provenance
from isobot.content.catalogue import load_catalogue
from isobot.content.errors import ContentError
from isobot.content.text_checks import collapse_whitespace
from isobot.content.yaml_file import safe_yaml

spec = importlib.util.spec_from_file_location("build_domain", settings.ROOT / "scripts" / "build_domain.py")
build_domain = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build_domain)

ANSWER_FIELDS = {
    "kind",
    "id",
    "section",
    "quotes",
    "article_title",
    "reviewer",
    "reviewed_on",
    "next_review_due",
    "version",
    "source_line",
}
ESCALATION_FIELDS = {
    "kind",
    "id",
    "sources",
    "reviewer",
    "reviewed_on",
    "next_review_due",
    "version",
    "sign_off",
    "source_line",
}


@pytest.fixture(scope="module")
def responses(tmp_path_factory):
    out = tmp_path_factory.mktemp("domain")
    build_domain.build(out)
    return safe_yaml((out / "content.yml").read_text(encoding="utf-8"))["responses"]


def test_every_answer_response_carries_its_provenance_beside_its_text(responses, catalogue):
    article = collapse_whitespace(settings.ARTICLE.read_text(encoding="utf-8"))
    for answer in catalogue.answers.values():
        [variation] = [v for v in responses[answer.response] if not v.get("condition")]
        payload = variation["custom"]["provenance"]
        assert variation["text"] == answer.text
        assert set(payload) == ANSWER_FIELDS
        assert payload["kind"] == "answer" and payload["id"] == answer.id and payload["section"] == answer.section
        assert payload["quotes"] and all(collapse_whitespace(q) in article for q in payload["quotes"])
        assert payload["article_title"] == "This popular Acne treatment may cause serious Lower Back Pain"
        assert payload["reviewed_on"] == answer.review.date and payload["version"] == answer.review.version


def test_the_answer_source_line_names_the_article_section_and_review_date(responses):
    payload = responses["utter_answer_drug_overview"][0]["custom"]["provenance"]
    assert payload["source_line"] == (
        "Source: This popular Acne treatment may cause serious Lower Back Pain, "
        "section “Understanding Isotretinoin’s Impact on the Body”, reviewed 25 Nov 2026."
    )


def test_a_spanish_answer_cites_the_english_article_in_a_spanish_source_line(responses, catalogue):
    for answer in catalogue.answers.values():
        english, spanish = (v["custom"]["provenance"] for v in responses[answer.response])
        assert set(spanish) == ANSWER_FIELDS | {"language", "translation"}, answer.id
        assert spanish["language"] == "es" and spanish["translation"] == "sign-off pending", answer.id
        # The same article, section, quotes (verbatim English) and review as the English reply.
        assert {k: v for k, v in spanish.items() if k in ANSWER_FIELDS - {"source_line"}} == {
            k: v for k, v in english.items() if k != "source_line"
        }, answer.id
    line = responses["utter_answer_drug_overview"][1]["custom"]["provenance"]["source_line"]
    assert line == (
        "Fuente: This popular Acne treatment may cause serious Lower Back Pain, "
        "sección «Understanding Isotretinoin’s Impact on the Body», revisada el 25 nov 2026."
    )


def test_every_escalation_variation_carries_its_own_sources_and_sign_off(responses, catalogue):
    for message in catalogue.escalations.values():
        variations = [
            v
            for v in responses[message.response]
            if {"name": "escalation", "type": "slot", "value": message.id} in v.get("condition", [])
        ]
        assert len(variations) == 1 + len(message.translations)
        for variation in variations:
            payload = variation["custom"]["provenance"]
            language = {c["name"]: c["value"] for c in variation["condition"]}["language"]
            translated = {"language", "translation"} if language != "en" else set()
            assert set(payload) == ESCALATION_FIELDS | translated
            if translated:
                assert (payload["language"], payload["translation"]) == (language, "sign-off pending")
            assert payload["id"] == message.id and payload["kind"] == "escalation"
            assert [s["title"] for s in payload["sources"]] == [s["title"] for s in message.sources]
            assert payload["sign_off"] == {"status": "pending", "by": None, "on": None}
    # The tier's fallback (no slot matched) is the generic message, and names the generic's sources.
    fallback = [v for v in responses["utter_escalate_emergency"] if not v.get("condition")]
    assert fallback[0]["custom"]["provenance"]["id"] == "emergency_generic"


def test_a_spanish_escalation_names_its_sources_in_spanish(responses):
    [spanish] = [
        v
        for v in responses["utter_escalate_emergency"]
        if {"name": "language", "type": "slot", "value": "es"} in v.get("condition", [])
        and {"name": "escalation", "type": "slot", "value": "cauda_equina"} in v["condition"]
    ]
    line = spanish["custom"]["provenance"]["source_line"]
    assert line.startswith("Fuentes: NHS: Cauda equina syndrome;") and "25 nov 2026" in line and "pendiente" in line


def _content_copy(tmp_path, edit_answers=None, edit_escalations=None):
    """The project's content files in tmp_path, edited as a later lifecycle would have them."""
    paths = {}
    for name, edit in (("answers.yml", edit_answers), ("escalations.yml", edit_escalations)):
        data = safe_yaml((settings.ROOT / "content" / name).read_text(encoding="utf-8"))
        if edit:
            edit(data)
        paths[name] = tmp_path / name
        paths[name].write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    shutil.copy(settings.ARTICLE, tmp_path / "article.txt")
    catalogue = load_catalogue(paths["answers.yml"], paths["escalations.yml"], tmp_path / "article.txt")
    return provenance.build_provenances(
        catalogue, paths["answers.yml"], paths["escalations.yml"], tmp_path / "article.txt", provenance.TEMPLATES
    )


def test_next_review_due_follows_the_review_cycle_and_sign_off_is_pending_until_the_content_gives_them(tmp_path):
    def no_due(data):
        del data["answers"][0]["review"]["next_due"]

    built = _content_copy(tmp_path, no_due)
    assert built.answers["drug_overview"]["next_review_due"] == "2027-11-25"  # 2026-11-25 + 12 months
    assert built.escalations[("cauda_equina", "en")]["sign_off"]["status"] == "pending"
    assert "clinical sign-off pending" in built.escalations[("cauda_equina", "en")]["source_line"]


def test_next_review_due_and_a_sign_off_are_read_from_the_lifecycle_fields(tmp_path):
    def due(data):
        data["answers"][0]["review"]["next_due"] = "2027-06-01"

    def signed(data):
        data["messages"][0].update(signed_off_by="Dr A Clinician, GP", signed_off_on="2026-12-01")

    built = _content_copy(tmp_path, due, signed)
    assert built.answers["drug_overview"]["next_review_due"] == "2027-06-01"
    first = built.escalations[("cauda_equina", "en")]
    assert first["sign_off"] == {"status": "signed", "by": "Dr A Clinician, GP", "on": "2026-12-01"}
    assert first["source_line"].endswith("clinical sign-off by Dr A Clinician, GP on 1 Dec 2026.")
    assert built.escalations[("bilateral_leg_weakness", "en")]["sign_off"]["status"] == "pending"


def test_half_a_sign_off_fails_naming_the_file_and_key(tmp_path):
    def half(data):
        data["messages"][1].update(signed_off_by="Dr A Clinician, GP", signed_off_on=None)

    with pytest.raises(ContentError, match=r"messages\[bilateral_leg_weakness\].signed_off_by"):
        _content_copy(tmp_path, edit_escalations=half)


def test_a_malformed_review_date_fails_naming_the_file_and_key(tmp_path):
    def bad(data):
        data["answers"][0]["review"]["next_due"] = "next year"

    with pytest.raises(ContentError, match=r"answers.yml: answers\[drug_overview\].review.next_due"):
        _content_copy(tmp_path, bad)
