"""The guided back-pain check (content/screening.yml): three yes/no questions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from isobot.content.catalogue import Catalogue
from isobot.content.errors import ContentError
from isobot.content.yaml_file import read_mapping, require

FORM_NAME = "screening_form"


@dataclass(frozen=True)
class Question:
    slot: str
    text: str
    on_yes: str


@dataclass(frozen=True)
class Screening:
    intro: str
    questions: tuple[Question, ...]
    buttons: dict[str, str]


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
    for name in ("affirm", "deny", "skip"):
        require(buttons, name, str, path, "buttons")
    require(data, "sources", list, path)
    return Screening(intro, tuple(questions), buttons)
