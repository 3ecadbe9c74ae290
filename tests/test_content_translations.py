"""The `translations` field of content/escalations.yml is validated like the English text,
and a broken entry fails loudly, naming the file and the key."""

from __future__ import annotations

import pytest

from isobot import settings
from isobot.content.catalogue import load_catalogue, load_escalations
from isobot.content.errors import ContentError

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
