"""The `translations` fields of content/escalations.yml and content/answers.yml are validated
like the English text, and a broken entry fails loudly, naming the file and the key."""

from __future__ import annotations

import pytest
import yaml

from isobot import settings
from isobot.content.catalogue import load_catalogue, load_escalations, load_region_translations
from isobot.content.errors import ContentError
from isobot.content.screening import load_screening
from isobot.content.translations import MAX_TRANSLATED_LABEL_CHARS
from isobot.content.yaml_file import safe_yaml

HEADER = """version: 1
regions:
  default: US
  US: {emergency_number: "911", crisis_line: "988", translations: {es: {crisis_line: "988, oprima 2"}}}
messages:
  - id: cauda_equina
    tier: emergency
    text: "**Call {emergency_number} now.** Why."
    sources: [{title: "NHS"}]
    review: {reviewer: "team", date: "2026-12-01", version: 1}
"""


def write(tmp_path, translations: str):
    path = tmp_path / "escalations.yml"
    path.write_text(HEADER + translations, encoding="utf-8")
    return path


def test_every_escalation_has_a_spanish_text_pending_sign_off():
    catalogue = load_catalogue(settings.ANSWERS, settings.ESCALATIONS, settings.ARTICLE)
    for escalation in catalogue.escalations.values():
        spanish = escalation.translations["es"]
        assert spanish.status == "sign-off pending"
        # The same placeholders as English: the number is never lost in translation.
        assert ("{emergency_number}" in spanish.text) == ("{emergency_number}" in escalation.text), escalation.id


def test_a_valid_translation_loads(tmp_path):
    path = write(
        tmp_path,
        '    translations: {es: {text: "**Llame al {emergency_number}.**", translation: "sign-off pending"}}\n',
    )
    escalations, _, _ = load_escalations(path)
    assert escalations["cauda_equina"].translations["es"].text == "**Llame al {emergency_number}.**"


@pytest.mark.parametrize(
    "translations, key",
    [
        ('    translations: {es: {text: "**Llame al 911.**"}}\n', "messages[cauda_equina].translations.es"),
        (
            '    translations: {es: {text: "", translation: "sign-off pending"}}\n',
            "messages[cauda_equina].translations.es.text",
        ),
        (
            '    translations: {es: {text: "Llame al {numero}", translation: "sign-off pending"}}\n',
            "messages[cauda_equina].translations.es.text",
        ),
        (
            '    translations: {fr: {text: "Appelez", translation: "sign-off pending"}}\n',
            "messages[cauda_equina].translations.fr",
        ),
        (
            '    translations: {es: {text: "x", translation: ""}}\n',
            "messages[cauda_equina].translations.es.translation",
        ),
    ],
)
def test_a_broken_translation_names_the_file_and_key(tmp_path, translations, key):
    path = write(tmp_path, translations)
    with pytest.raises(ContentError) as error:
        load_escalations(path)
    assert str(path) in str(error.value) and key in str(error.value)


# The answers' translations (isobot/content/translations.py): a label and a text per language.


def _answers_copy(tmp_path, mutate):
    data = safe_yaml(settings.ANSWERS.read_text(encoding="utf-8"))
    mutate(data)
    path = tmp_path / "answers.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _spanish(data, answer_index: int = 0):
    return data["answers"][answer_index]["translations"]["es"]


def test_every_approved_answer_has_a_spanish_label_and_text_pending_sign_off():
    catalogue = load_catalogue(settings.ANSWERS, settings.ESCALATIONS, settings.ARTICLE)
    assert len(catalogue.answers) == 26
    for answer in catalogue.answers.values():
        spanish = answer.translations["es"]
        assert spanish.status == "sign-off pending", answer.id
        assert spanish.label != answer.label and spanish.text != answer.text, answer.id
        assert len(spanish.label) <= MAX_TRANSLATED_LABEL_CHARS, answer.id
        # The markdown stays: a bold lead-in or a list in English is one in Spanish too.
        assert ("**" in spanish.text) == ("**" in answer.text), answer.id
        assert ("\n- " in spanish.text) == ("\n- " in answer.text), answer.id


def test_label_for_and_text_for_speak_the_conversations_language_and_fall_back_to_english(catalogue):
    answer = catalogue.answers["causes_overview"]
    assert answer.label_for("es") == "Por qué puede causar dolor de espalda"
    assert answer.text_for("es").startswith("Varias cosas pueden contribuir al dolor")
    for language in ("en", None, "fr"):
        assert answer.label_for(language) == answer.label == "Why it can cause back pain"
        assert answer.text_for(language) == answer.text


@pytest.mark.parametrize(
    "mutate, key",
    [
        (lambda d: _spanish(d).pop("translation"), "answers[drug_overview].translations.es"),
        (lambda d: _spanish(d).pop("label"), "answers[drug_overview].translations.es"),
        (lambda d: _spanish(d).update(quotes=["una cita"]), "answers[drug_overview].translations.es"),
        (lambda d: _spanish(d).update(text=""), "answers[drug_overview].translations.es.text"),
        (lambda d: _spanish(d).update(text=["una lista"]), "answers[drug_overview].translations.es.text"),
        (lambda d: _spanish(d).update(text="x" * 851), "answers[drug_overview].translations.es.text"),
        (lambda d: _spanish(d).update(text="Llame al {numero}"), "answers[drug_overview].translations.es.text"),
        (
            lambda d: _spanish(d).update(text="Alivio sin efectos: buy now"),
            "answers[drug_overview].translations.es.text",
        ),
        (lambda d: _spanish(d).update(label="x" * 41), "answers[drug_overview].translations.es.label"),
        (lambda d: _spanish(d).update(translation=" "), "answers[drug_overview].translations.es.translation"),
        (
            lambda d: d["answers"][0]["translations"].update(fr={"label": "x", "text": "x", "translation": "x"}),
            "answers[drug_overview].translations.fr",
        ),
        (lambda d: d["answers"][0].update(translations=["es"]), "answers[drug_overview].translations"),
        (lambda d: d["answers"][1].pop("translations"), "answers[causes_overview].translations.es"),
    ],
)
def test_a_broken_answer_translation_names_the_file_and_key(tmp_path, mutate, key):
    path = _answers_copy(tmp_path, mutate)
    with pytest.raises(ContentError) as error:
        load_catalogue(path, settings.ESCALATIONS, settings.ARTICLE)
    assert str(path) in str(error.value) and key in str(error.value)


def test_a_draft_may_wait_for_its_translation(tmp_path):
    def draft_without_spanish(data):
        entry = next(e for e in data["answers"] if e["id"] == "about_zanskar")
        entry["status"] = "draft"
        del entry["translations"]

    path = _answers_copy(tmp_path, draft_without_spanish)
    served = load_catalogue(path, settings.ESCALATIONS, settings.ARTICLE)
    assert "about_zanskar" not in served.answers
    everything = load_catalogue(path, settings.ESCALATIONS, settings.ARTICLE, include_unserved=True)
    assert everything.answers["about_zanskar"].label_for("es") == "About Zanskar Health"


# Every content file with `translations` takes only a language the product serves: a stray `fr`
# block would otherwise load and never be shown, and its reviewer would think it live.


def test_a_region_translation_in_an_unsupported_language_names_the_file_and_key(tmp_path):
    path = tmp_path / "escalations.yml"
    path.write_text(HEADER.replace("translations: {es:", "translations: {fr:"), encoding="utf-8")
    with pytest.raises(ContentError, match=r"regions\.US\.translations\.fr: unsupported language") as error:
        load_region_translations(path)
    assert str(path) in str(error.value)


def test_a_screening_translation_in_an_unsupported_language_names_the_file_and_key(tmp_path, catalogue):
    data = safe_yaml(settings.ROOT.joinpath("content", "screening.yml").read_text(encoding="utf-8"))
    data["translations"]["fr"] = data["translations"]["es"]
    path = tmp_path / "screening.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(ContentError, match=r"translations\.fr: unsupported language") as error:
        load_screening(path, catalogue)
    assert str(path) in str(error.value)
