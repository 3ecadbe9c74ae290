"""content/responses.es.yml (isobot/content/translated_responses.py): every conversational line
of domain.yml has its Spanish, pending sign-off, and a broken file fails naming path and key."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from isobot import settings
from isobot.content.errors import ContentError
from isobot.content.translated_responses import domain_responses, load_translated_responses, spanish_responses

DOMAIN = {
    "utter_greet": [{"text": "Hi!"}],
    "utter_ask_feedback": [
        {
            "text": "Was this helpful?",
            "buttons": [
                {"title": "👍 Yes", "payload": "/feedback_helpful"},
                {"title": "👎 No", "payload": "/feedback_not_helpful"},
            ],
        }
    ],
}
GOOD = {
    "version": 1,
    "language": "es",
    "translation": "sign-off pending",
    "responses": {
        "utter_greet": {"text": "¡Hola!"},
        "utter_ask_feedback": {"text": "¿Le ha sido útil?", "buttons": ["👍 Sí", "👎 No"]},
    },
}


def write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "responses.es.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def broken(change) -> dict:
    data = yaml.safe_load(yaml.safe_dump(GOOD, allow_unicode=True))
    change(data)
    return data


def test_the_project_file_translates_every_domain_response_pending_sign_off():
    translated = spanish_responses()
    assert set(translated.responses) == set(domain_responses())
    assert translated.status == "sign-off pending"
    assert translated.responses["utter_greet"].text.startswith("¡Hola!")


def test_every_safety_sentence_stays_in_the_spanish():
    english = domain_responses()
    for name, variations in english.items():
        if "emergency number" in variations[0]["text"]:
            assert "Si es una emergencia, llame ahora" in spanish_responses().responses[name].text, name


def test_a_good_file_loads_with_its_button_titles_in_order(tmp_path):
    translated = load_translated_responses(write(tmp_path, GOOD), DOMAIN, "es")
    assert translated.responses["utter_ask_feedback"].buttons == ("👍 Sí", "👎 No")
    assert translated.responses["utter_greet"].buttons == ()


@pytest.mark.parametrize(
    "change, key",
    [
        (lambda d: d["responses"].update(utter_nonsense={"text": "Hola"}), "responses.utter_nonsense"),
        (lambda d: d["responses"].pop("utter_greet"), "responses.utter_greet"),
        (lambda d: d["responses"]["utter_greet"].update(text="  "), "responses.utter_greet.text"),
        (lambda d: d["responses"]["utter_greet"].pop("text"), "responses.utter_greet.text"),
        (
            lambda d: d["responses"]["utter_ask_feedback"].update(buttons=["👍 Sí"]),
            "responses.utter_ask_feedback.buttons",
        ),
        (
            lambda d: d["responses"]["utter_ask_feedback"].update(buttons=["👎 No", "👍 Sí"]),
            "responses.utter_ask_feedback.buttons[0]",
        ),
        (lambda d: d["responses"]["utter_greet"].update(buttons=["Sí"]), "responses.utter_greet.buttons"),
        (lambda d: d["responses"]["utter_greet"].update(text="¡Hola, {name}!"), "responses.utter_greet.text"),
        (lambda d: d.pop("translation"), "translation"),
        (lambda d: d.update(language="fr"), "language"),
    ],
)
def test_a_broken_file_fails_naming_the_path_and_the_key(tmp_path, change, key):
    path = write(tmp_path, broken(change))
    with pytest.raises(ContentError) as error:
        load_translated_responses(path, DOMAIN, "es")
    assert error.value.path == str(path) and error.value.key == key


def test_a_missing_file_fails_naming_it(tmp_path):
    with pytest.raises(ContentError, match="file not found") as error:
        load_translated_responses(tmp_path / "nowhere.yml", DOMAIN, "es")
    assert error.value.path == str(tmp_path / "nowhere.yml")


def test_the_spanish_is_loaded_once():
    assert spanish_responses() is spanish_responses()


def test_the_project_domain_is_the_one_in_settings():
    assert settings.DOMAIN == settings.ROOT / "domain.yml" and "utter_greet" in domain_responses()
