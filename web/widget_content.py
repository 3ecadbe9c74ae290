"""The widget's strings (content/widget.yml) and the emergency number for a region.

Loaded once at start-up; a broken file stops the server with the file and key named.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from isobot.content.catalogue import Catalogue
from isobot.content.errors import ContentError
from isobot.content.yaml_file import read_mapping, require

# The thumbs send the same intents as the bot's own "Was this helpful?" buttons, so
# action_record_feedback records them against the latest answer (slot last_answer_id).
FEEDBACK_PAYLOADS = {"helpful": "/feedback_helpful", "not_helpful": "/feedback_not_helpful"}
REQUIRED_STRINGS = (
    "title", "open_label", "launcher_text", "close_label", "start_over", "feedback_question",
    "disclaimer_heading", "disclaimer", "input_label", "placeholder", "send", "typing", "you",
    "assistant", "emergency_badge", "call_emergency", "feedback_yes", "feedback_no", "feedback_helpful",
    "feedback_not_helpful", "connection_error", "conversation_label",
)


@dataclass(frozen=True)
class WidgetContent:
    strings: dict[str, str]

    def for_region(self, catalogue: Catalogue, region: str | None) -> dict:
        """What the widget needs: strings with the region's emergency number filled in."""
        numbers = catalogue.region_numbers(region)
        region_name = next(name for name, spec in catalogue.regions.items() if spec is numbers)
        strings = {key: text.replace("{emergency_number}", numbers["emergency_number"])
                   for key, text in self.strings.items()}
        return {"region": region_name, "emergency_number": numbers["emergency_number"], "strings": strings,
                "feedback_payloads": FEEDBACK_PAYLOADS}


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
    return WidgetContent({key: strings[key].strip() for key in REQUIRED_STRINGS})
