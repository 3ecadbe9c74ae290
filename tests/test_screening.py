"""content/screening.yml's translations (isobot/content/screening.py): the guided check asks
the same three questions in Spanish, and a broken translation fails naming path and key."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from isobot import settings
from isobot.content.errors import ContentError
from isobot.content.screening import load_screening


def test_the_spanish_check_asks_every_question_pending_sign_off(catalogue):
    screening = load_screening(settings.SCREENING, catalogue)
    spanish = screening.translations["es"]
    assert set(spanish.questions) == {q.slot for q in screening.questions}
    assert spanish.status == "sign-off pending"
    assert spanish.buttons == {"affirm": "Sí", "deny": "No", "skip": "Omitir la revisión"}
    assert spanish.intro.startswith("Siento que le duela la espalda")


def write(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(settings.SCREENING.read_text(encoding="utf-8"))
    change(data["translations"]["es"])
    path = tmp_path / "screening.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "change, key",
    [
        (lambda es: es["questions"].pop("screen_leg_weakness"), "translations.es.questions"),
        (lambda es: es["questions"].update(screen_mood="¿Está triste?"), "translations.es.questions"),
        (lambda es: es["questions"].update(screen_fever_injury=" "), "translations.es.questions.screen_fever_injury"),
        (lambda es: es["buttons"].pop("skip"), "translations.es.buttons"),
        (lambda es: es.pop("intro"), "translations.es.intro"),
        (lambda es: es.pop("translation"), "translations.es.translation"),
    ],
)
def test_a_broken_translation_fails_naming_the_path_and_the_key(tmp_path, catalogue, change, key):
    path = write(tmp_path, change)
    with pytest.raises(ContentError) as error:
        load_screening(path, catalogue)
    assert error.value.path == str(path) and error.value.key == key
