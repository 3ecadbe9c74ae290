"""The reply to a language the assistant does not speak (content/other_languages.yml): one
short line per language the SafetyGate can name, and `both` (English / Spanish) for the rest.

Each line must carry {emergency_number}, and nothing else to fill in: whoever cannot read our
answers may still be the one who needs to call it. The number is the region's, filled in at
build time like the escalations', so the reply needs no slot and no action server.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from isobot import settings
from isobot.content.errors import ContentError
from isobot.content.text_checks import PLACEHOLDER_PATTERN
from isobot.content.yaml_file import read_mapping, require

# The `other_language` codes the SafetyGate sets: Latin-script languages py3langid names
# (isobot/safety/language.py CANDIDATES), then the scripts the input normaliser recognises.
CODES = ("fr", "pt", "de", "it", "nl", "ca", "ru", "ar", "zh", "ja", "ko", "hi", "el", "he", "th")
PLACEHOLDER = "emergency_number"
MAX_CHARS = 220  # "one short line"; `both` is two of them


@dataclass(frozen=True)
class OtherLanguages:
    both: str
    lines: Mapping[str, str]  # code -> line, each with {emergency_number}
    status: str

    def filled(self, emergency_number: str) -> tuple[str, dict[str, str]]:
        """`both` and every line with the region's number in."""
        fill = {PLACEHOLDER: emergency_number}
        return self.both.format(**fill), {code: line.format(**fill) for code, line in self.lines.items()}


def _line(text: object, path: Path | str, key: str, max_chars: int) -> str:
    if not isinstance(text, str) or not text.strip():
        raise ContentError(path, "expected a non-empty line", key=key)
    placeholders = PLACEHOLDER_PATTERN.findall(text)
    if PLACEHOLDER not in placeholders:
        raise ContentError(path, "the line must give {emergency_number}", key=key)
    if set(placeholders) != {PLACEHOLDER}:
        raise ContentError(path, f"unknown placeholders {sorted(set(placeholders) - {PLACEHOLDER})}", key=key)
    if len(text.strip()) > max_chars:
        raise ContentError(path, f"{len(text.strip())} characters; at most {max_chars}", key=key)
    return text.strip()


def load_other_languages(path: Path | str) -> OtherLanguages:
    data = read_mapping(path)
    unknown = set(data) - {"version", "translation", "both", "lines"}
    if unknown:
        raise ContentError(path, f"unknown keys {sorted(unknown)}")
    status = require(data, "translation", str, path)
    if not status.strip():
        raise ContentError(path, "empty translation status", key="translation")
    lines = require(data, "lines", dict, path)
    for code in lines:
        if code not in CODES:
            raise ContentError(
                path, f"not a language code the SafetyGate sets ({', '.join(CODES)})", key=f"lines.{code}"
            )
    for code in CODES:
        if code not in lines:
            raise ContentError(path, "missing", key=f"lines.{code}")
    return OtherLanguages(
        both=_line(data.get("both"), path, "both", 2 * MAX_CHARS),
        lines={code: _line(lines[code], path, f"lines.{code}", MAX_CHARS) for code in CODES},
        status=status.strip(),
    )


@lru_cache(maxsize=1)
def other_languages() -> OtherLanguages:
    return load_other_languages(settings.OTHER_LANGUAGES)
