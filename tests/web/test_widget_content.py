"""content/widget.yml's translations (web/widget_content.py): every English string in each
language with the same placeholders, or the web server refuses to start, naming file and key."""

from __future__ import annotations

import re

import pytest
import yaml

from isobot.content.errors import ContentError
from web.server import WIDGET_CONTENT
from web.widget_content import REQUIRED_STRINGS, load_widget_content

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def original() -> dict:
    return yaml.safe_load(WIDGET_CONTENT.read_text(encoding="utf-8"))


def write(tmp_path, data: dict):
    path = tmp_path / "widget.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_the_widget_speaks_spanish_with_every_string_pending_sign_off():
    content = load_widget_content(WIDGET_CONTENT)
    spanish = content.translations["es"]
    assert set(spanish.strings) == set(REQUIRED_STRINGS)
    assert spanish.translation == "sign-off pending"
    for key in REQUIRED_STRINGS:
        assert PLACEHOLDER.findall(spanish.strings[key]) == PLACEHOLDER.findall(content.strings[key]), key
        if key not in ("feedback_no",):  # "No" is the same word in both
            assert spanish.strings[key] != content.strings[key], f"{key} is still English"
    # The disclaimer keeps its emergency sentence, with the number.
    assert "**En una emergencia, llame al {emergency_number} ahora.**" in spanish.strings["disclaimer"]
    assert len(spanish.strings["provenance_months"].split()) == 12
    assert 3 <= len(spanish.starters) <= 4 and all(s["message"].startswith("¿") for s in spanish.starters)
    assert {"imprimir", "guardar", "resumen"} <= set(spanish.summary_commands)


def test_a_missing_spanish_string_stops_the_server_naming_the_file_and_key(tmp_path):
    data = original()
    del data["translations"]["es"]["strings"]["send"]
    path = write(tmp_path, data)
    with pytest.raises(ContentError, match=rf"{re.escape(str(path))}: translations\.es\.strings\.send: missing"):
        load_widget_content(path)


def test_a_spanish_disclaimer_without_the_emergency_number_is_refused(tmp_path):
    data = original()
    data["translations"]["es"]["strings"]["disclaimer"] = "No es un diagnóstico. En una emergencia, llame ahora."
    with pytest.raises(ContentError, match=r"translations\.es\.strings\.disclaimer: placeholders \[\] differ"):
        load_widget_content(write(tmp_path, data))


@pytest.mark.parametrize(
    "change, key",
    [
        (lambda es: es.pop("translation"), r"translations\.es\.translation"),
        (lambda es: es["strings"].update(sendd="Enviar"), r"translations\.es\.strings: unknown keys"),
        (lambda es: es.pop("starters"), r"translations\.es\.starters: missing"),
        (lambda es: es.update(summary_commands=[]), r"translations\.es\.summary_commands"),
        (lambda es: es["starters"][0].update(message=""), r"translations\.es\.starters\[0\]: empty"),
        (lambda es: es.update(titel="x"), r"translations\.es: unknown keys"),
    ],
)
def test_a_broken_translation_fails_loudly(tmp_path, change, key):
    data = original()
    change(data["translations"]["es"])
    with pytest.raises(ContentError, match=key):
        load_widget_content(write(tmp_path, data))


def test_a_language_the_assistant_does_not_speak_is_refused(tmp_path):
    data = original()
    data["translations"]["fr"] = data["translations"]["es"]
    with pytest.raises(ContentError, match=r"translations\.fr: unsupported language"):
        load_widget_content(write(tmp_path, data))
