"""content/other_languages.yml (isobot/content/other_languages.py): a line per language the
SafetyGate names, each with the region's emergency number, and a broken file fails loudly."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from isobot import settings
from isobot.content.errors import ContentError
from isobot.content.other_languages import CODES, load_other_languages, other_languages


def test_every_code_the_safety_gate_sets_has_a_line_pending_sign_off():
    loaded = other_languages()
    assert set(loaded.lines) == set(CODES) and loaded.status == "sign-off pending"
    assert loaded.both.count("{emergency_number}") == 2  # once in English, once in Spanish


@pytest.mark.parametrize("region, number", [("US", "911"), ("UK", "999"), ("EU", "112")])
def test_every_line_gives_the_regions_emergency_number(catalogue, region, number):
    both, lines = other_languages().filled(catalogue.region_numbers(region)["emergency_number"])
    for text in (both, *lines.values()):
        assert number in text and "{" not in text, text


def test_each_line_is_written_in_its_own_script_not_left_in_english():
    lines = other_languages().lines
    assert all("English" not in line for line in lines.values())
    assert "английском" in lines["ru"] and "英语" in lines["zh"] and "ספרדית" in lines["he"]


def good() -> dict:
    return yaml.safe_load(settings.OTHER_LANGUAGES.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "other_languages.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "change, key",
    [
        (lambda d: d["lines"].pop("fr"), "lines.fr"),
        (lambda d: d["lines"].update(eo="Saluton {emergency_number}"), "lines.eo"),
        (lambda d: d["lines"].update(de="Nur Englisch oder Spanisch."), "lines.de"),
        (lambda d: d["lines"].update(it="Chiami il {emergency_number} o {crisis_line}."), "lines.it"),
        (lambda d: d["lines"].update(nl=""), "lines.nl"),
        (lambda d: d.pop("both"), "both"),
        (lambda d: d.pop("translation"), "translation"),
    ],
)
def test_a_broken_file_fails_naming_the_path_and_the_key(tmp_path, change, key):
    data = good()
    change(data)
    path = write(tmp_path, data)
    with pytest.raises(ContentError) as error:
        load_other_languages(path)
    assert error.value.path == str(path) and error.value.key == key
