"""The widget's strings (content/widget.yml) and the emergency number for a region.

Loaded once at start-up; a broken file stops the server with the file and key named.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from isobot.content.catalogue import Catalogue
from isobot.content.errors import ContentError
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


@dataclass(frozen=True)
class WidgetContent:
    strings: dict[str, str]
    starters: tuple[dict[str, str], ...] = ()
    summary_commands: tuple[str, ...] = ()

    def for_region(self, catalogue: Catalogue, region: str | None) -> dict:
        """What the widget needs: strings with the region's emergency number filled in."""
        numbers = catalogue.region_numbers(region)
        region_name = next(name for name, spec in catalogue.regions.items() if spec is numbers)
        strings = {
            key: text.replace("{emergency_number}", numbers["emergency_number"]) for key, text in self.strings.items()
        }
        return {
            "region": region_name,
            "emergency_number": numbers["emergency_number"],
            "strings": strings,
            "feedback_payloads": FEEDBACK_PAYLOADS,
            "starters": list(self.starters),
            "summary_commands": list(self.summary_commands),
        }


def load_widget_content(path: Path | str) -> WidgetContent:
    data = read_mapping(path)
    strings = require(data, "strings", dict, path)
    for key in REQUIRED_STRINGS:
        text = require(strings, key, str, path, "strings")
        if not text.strip():
            raise ContentError(path, "empty text", key=f"strings.{key}")
    unknown = set(strings) - set(REQUIRED_STRINGS)
    if unknown:
        raise ContentError(path, f"unknown keys {sorted(unknown)}", key="strings")
    return WidgetContent(
        {key: strings[key].strip() for key in REQUIRED_STRINGS}, _starters(data, path), _commands(data, path)
    )


def _starters(data: dict, path: Path | str) -> tuple[dict[str, str], ...]:
    """The first screen's buttons: three or four, each a title and the message it sends."""
    items = require(data, "starters", list, path)
    if not 3 <= len(items) <= 4:
        raise ContentError(path, "three or four starter buttons", key="starters")
    starters = []
    for index, item in enumerate(items):
        where = f"starters[{index}]"
        if not isinstance(item, dict):
            raise ContentError(path, "a mapping with title and message", key=where)
        pair = {name: require(item, name, str, path, where).strip() for name in ("title", "message")}
        if not all(pair.values()):
            raise ContentError(path, "empty text", key=where)
        starters.append(pair)
    return tuple(starters)


def _commands(data: dict, path: Path | str) -> tuple[str, ...]:
    commands = require(data, "summary_commands", list, path)
    if not commands or not all(isinstance(c, str) and c.strip() for c in commands):
        raise ContentError(path, "a list of non-empty commands", key="summary_commands")
    return tuple(c.strip().lower() for c in commands)
