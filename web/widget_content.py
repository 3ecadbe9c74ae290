"""The widget's strings (content/widget.yml), in English and each translation, and the
emergency number for a region.

Loaded once at start-up; a broken file stops the server with the file and key named. A
translation must give every English string with the same placeholders, so a patient who
switches language never meets a missing label or loses the emergency number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from isobot.content.catalogue import Catalogue
from isobot.content.errors import ContentError
from isobot.content.translations import require_language
from isobot.content.yaml_file import read_mapping, require
from web.provenance_strings import PROVENANCE_STRINGS

# The thumbs send the same intents as the bot's own "Was this helpful?" buttons, so
# action_record_feedback records them against the latest answer (slot last_answer_id).
FEEDBACK_PAYLOADS = {"helpful": "/feedback_helpful", "not_helpful": "/feedback_not_helpful"}
REQUIRED_STRINGS = (
    "title",
    "open_label",
    "launcher_text",
    "close_label",
    "start_over",
    "feedback_question",
    "disclaimer_heading",
    "disclaimer",
    "input_label",
    "placeholder",
    "send",
    "typing",
    "you",
    "assistant",
    "emergency_badge",
    "call_emergency",
    "feedback_yes",
    "feedback_no",
    "feedback_helpful",
    "feedback_not_helpful",
    "connection_error",
    "conversation_label",
    # The first screen, "Start over", the printable summary and the launcher badge.
    "welcome",
    "starters_label",
    "disclaimer_ok",
    "privacy_notice",
    "forget_me_hint",
    "start_over_question",
    "start_over_keep",
    "start_over_erase",
    "start_over_cancel",
    "summary_button",
    "summary_button_label",
    "summary_title",
    "summary_intro",
    "summary_date",
    "summary_advice_heading",
    "summary_questions_heading",
    "summary_question",
    "summary_answer",
    "summary_empty",
    "summary_print",
    "summary_close",
    "summary_private",
    "summary_disclaimer_heading",
    "unread_badge",
    "unread_label",
) + PROVENANCE_STRINGS


_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


@dataclass(frozen=True)
class WidgetLanguage:
    """One language's strings, starter buttons and summary commands (a translation's sign-off status)."""

    strings: dict[str, str]
    starters: tuple[dict[str, str], ...]
    summary_commands: tuple[str, ...]
    translation: str | None = None  # None: the English original

    def filled(self, emergency_number: str) -> dict[str, Any]:
        strings = {key: text.replace("{emergency_number}", emergency_number) for key, text in self.strings.items()}
        served: dict[str, Any] = {
            "strings": strings,
            "starters": list(self.starters),
            "summary_commands": list(self.summary_commands),
        }
        if self.translation is not None:
            served["translation"] = self.translation
        return served


@dataclass(frozen=True)
class WidgetContent:
    strings: dict[str, str]
    starters: tuple[dict[str, str], ...] = ()
    summary_commands: tuple[str, ...] = ()
    translations: dict[str, WidgetLanguage] = field(default_factory=dict)

    def for_region(self, catalogue: Catalogue, region: str | None) -> dict[str, Any]:
        """What the widget needs: strings with the region's emergency number filled in, English
        at the top level and every language under `languages` (the widget switches between them)."""
        numbers = catalogue.region_numbers(region)
        region_name = next(name for name, spec in catalogue.regions.items() if spec is numbers)
        number = numbers["emergency_number"]
        english = WidgetLanguage(self.strings, self.starters, self.summary_commands).filled(number)
        languages = {"en": english, **{code: pack.filled(number) for code, pack in self.translations.items()}}
        return {
            "region": region_name,
            "emergency_number": number,
            **english,
            "feedback_payloads": FEEDBACK_PAYLOADS,
            "languages": languages,
        }


def load_widget_content(path: Path | str) -> WidgetContent:
    data = read_mapping(path)
    english = _language(data, path, "")
    translations = {
        code: _translation(spec, english, path, f"translations.{code}")
        for code, spec in _translation_specs(data, path).items()
    }
    return WidgetContent(english.strings, english.starters, english.summary_commands, translations)


def _language(data: dict[str, Any], path: Path | str, where: str) -> WidgetLanguage:
    return WidgetLanguage(_strings(data, path, where), _starters(data, path, where), _commands(data, path, where))


def _strings(data: dict[str, Any], path: Path | str, where: str) -> dict[str, str]:
    strings = require(data, "strings", dict, path, where)
    for key in REQUIRED_STRINGS:
        text = require(strings, key, str, path, _key(where, "strings"))
        if not text.strip():
            raise ContentError(path, "empty text", key=_key(where, f"strings.{key}"))
    unknown = set(strings) - set(REQUIRED_STRINGS)
    if unknown:
        raise ContentError(path, f"unknown keys {sorted(unknown)}", key=_key(where, "strings"))
    return {key: strings[key].strip() for key in REQUIRED_STRINGS}


def _translation_specs(data: dict[str, Any], path: Path | str) -> dict[str, dict[str, Any]]:
    specs = data.get("translations") or {}
    if not isinstance(specs, dict):
        raise ContentError(path, "expected a mapping of language -> strings", key="translations")
    for code, spec in specs.items():
        require_language(code, path, f"translations.{code}")
        if not isinstance(spec, dict):
            raise ContentError(path, "expected a mapping", key=f"translations.{code}")
    return specs


def _translation(spec: dict[str, Any], english: WidgetLanguage, path: Path | str, where: str) -> WidgetLanguage:
    """A translation checked against English: the same keys (by _strings) and, key by key, the
    same placeholders, so a translated disclaimer can never drop {emergency_number}."""
    unknown = set(spec) - {"translation", "strings", "starters", "summary_commands"}
    if unknown:
        raise ContentError(path, f"unknown keys {sorted(unknown)}", key=where)
    status = spec.get("translation")
    if not isinstance(status, str) or not status.strip():
        raise ContentError(path, "state the sign-off status, e.g. 'sign-off pending'", key=f"{where}.translation")
    pack = _language(spec, path, where)
    for key, text in pack.strings.items():
        expected, found = sorted(_PLACEHOLDER.findall(english.strings[key])), sorted(_PLACEHOLDER.findall(text))
        if found != expected:
            raise ContentError(
                path, f"placeholders {found} differ from English {expected}", key=f"{where}.strings.{key}"
            )
    return WidgetLanguage(pack.strings, pack.starters, pack.summary_commands, status.strip())


def _key(where: str, key: str) -> str:
    """`key` inside `where` (the top level when empty), as ContentError names it."""
    return f"{where}.{key}" if where else key


def _starters(data: dict[str, Any], path: Path | str, where: str = "") -> tuple[dict[str, str], ...]:
    """The first screen's buttons: three or four, each a title and the message it sends."""
    items = require(data, "starters", list, path, where)
    if not 3 <= len(items) <= 4:
        raise ContentError(path, "three or four starter buttons", key=_key(where, "starters"))
    starters = []
    for index, item in enumerate(items):
        where_item = _key(where, f"starters[{index}]")
        if not isinstance(item, dict):
            raise ContentError(path, "a mapping with title and message", key=where_item)
        pair = {name: require(item, name, str, path, where_item).strip() for name in ("title", "message")}
        if not all(pair.values()):
            raise ContentError(path, "empty text", key=where_item)
        starters.append(pair)
    return tuple(starters)


def _commands(data: dict[str, Any], path: Path | str, where: str = "") -> tuple[str, ...]:
    commands = require(data, "summary_commands", list, path, where)
    if not commands or not all(isinstance(c, str) and c.strip() for c in commands):
        raise ContentError(path, "a list of non-empty commands", key=_key(where, "summary_commands"))
    return tuple(c.strip().lower() for c in commands)
