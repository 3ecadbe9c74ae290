"""The guided back-pain check (content/screening.yml): three yes/no questions, and their
translations (`translations.<language>`), which ask the same questions with the same buttons."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from isobot.content.catalogue import Catalogue
from isobot.content.errors import ContentError
from isobot.content.translations import require_language
from isobot.content.yaml_file import read_mapping, require

FORM_NAME = "screening_form"
BUTTONS = ("affirm", "deny", "skip")


@dataclass(frozen=True)
class Question:
    slot: str
    text: str
    on_yes: str


@dataclass(frozen=True)
class ScreeningTranslation:
    intro: str
    questions: Mapping[str, str]  # slot -> question
    buttons: Mapping[str, str]  # affirm, deny, skip -> title
    status: str  # "sign-off pending" until a reviewer who reads the language signs it off


@dataclass(frozen=True)
class Screening:
    intro: str
    questions: tuple[Question, ...]
    buttons: dict[str, str]
    translations: Mapping[str, ScreeningTranslation] = field(default_factory=dict)


def _text(mapping: dict[str, Any], key: str, path: Path | str, where: str) -> str:
    text: str = require(mapping, key, str, path, where)
    if not text.strip():
        raise ContentError(path, "empty text", key=f"{where}.{key}")
    return text


def _translations(data: dict[str, Any], path: Path | str, slots: tuple[str, ...]) -> dict[str, ScreeningTranslation]:
    found: dict[str, ScreeningTranslation] = {}
    for language, spec in (data.get("translations") or {}).items():
        key = f"translations.{language}"
        require_language(language, path, key)
        if not isinstance(spec, dict):
            raise ContentError(path, "expected a mapping", key=key)
        unknown = set(spec) - {"translation", "intro", "questions", "buttons"}
        if unknown:
            raise ContentError(path, f"unknown keys {sorted(unknown)}", key=key)
        status = _text(spec, "translation", path, key)
        questions = require(spec, "questions", dict, path, key)
        # The same slots as the English questions: a translation that drops one would skip a
        # red-flag question for the patients who read it.
        if set(questions) != set(slots):
            raise ContentError(
                path, f"questions for {sorted(questions)}; expected {sorted(slots)}", key=f"{key}.questions"
            )
        buttons = require(spec, "buttons", dict, path, key)
        if set(buttons) != set(BUTTONS):
            raise ContentError(path, f"buttons {sorted(buttons)}; expected {sorted(BUTTONS)}", key=f"{key}.buttons")
        found[language] = ScreeningTranslation(
            intro=_text(spec, "intro", path, key),
            questions={slot: _text(questions, slot, path, f"{key}.questions") for slot in slots},
            buttons={name: _text(buttons, name, path, f"{key}.buttons") for name in BUTTONS},
            status=status,
        )
    return found


def load_screening(path: Path | str, catalogue: Catalogue) -> Screening:
    data = read_mapping(path)
    intro = require(require(data, "intro", dict, path), "text", str, path, "intro")
    questions = []
    for index, spec in enumerate(require(data, "questions", list, path)):
        key = f"questions[{index}]"
        if not isinstance(spec, dict):
            raise ContentError(path, "expected a mapping", key=key)
        on_yes = require(spec, "on_yes", str, path, key)
        if on_yes not in catalogue.escalations:
            raise ContentError(path, f"unknown escalation '{on_yes}'", key=f"{key}.on_yes")
        questions.append(Question(require(spec, "slot", str, path, key), require(spec, "text", str, path, key), on_yes))
    buttons = require(data, "buttons", dict, path)
    for name in BUTTONS:
        require(buttons, name, str, path, "buttons")
    require(data, "sources", list, path)
    if not isinstance(data.get("translations") or {}, dict):
        raise ContentError(path, "expected a mapping", key="translations")
    translations = _translations(data, path, tuple(q.slot for q in questions))
    return Screening(intro, tuple(questions), buttons, translations)
