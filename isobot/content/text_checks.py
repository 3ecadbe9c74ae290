"""The checks every catalogue text passes, and its review record: shared by the answers and
the escalations (catalogue.py), the slow-down reply and the content tests."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from isobot.content.errors import ContentError
from isobot.content.yaml_file import require

PLACEHOLDERS = frozenset({"emergency_number", "crisis_line"})
PLACEHOLDER_PATTERN = re.compile(r"\{([^{}]*)\}")
_WHITESPACE = re.compile(r"\s+")
# Promotional lines in the source article are not vetted medical content (see README).
BANNED_PHRASES = (
    "no side effects",
    "buy now",
    "get your fix",
    "stocks run out",
    "full stack",
    "unique formulation",
    "bioactive",
    "bio-active",
    "lasting relief",
    # The closing section's app and care-team programme is an advert too.
    "mobile app",
    "physiotherapy app",
    "personal care team",
    "tailor our program",
    "nutritional coaching",
    "pain care products",
    "pain relief solutions",
    "available to purchase",
)


def check_not_promotional(text: str, path: Path | str, key: str) -> None:
    lowered = text.lower()
    for phrase in BANNED_PHRASES:
        if phrase in lowered:
            raise ContentError(path, f"promotional phrase '{phrase}' is not vetted content", key=key)


@dataclass(frozen=True)
class Review:
    reviewer: str
    date: str
    version: int


def collapse_whitespace(text: str) -> str:
    return _WHITESPACE.sub(" ", text.replace("\u00a0", " ")).strip()


def review_of(spec: Any, path: Path | str, key: str) -> Review:
    if not isinstance(spec, dict):
        raise ContentError(path, "expected a mapping with reviewer, date, version", key=key)
    date = spec.get("date")
    if not date:
        raise ContentError(path, "missing", key=f"{key}.date")
    return Review(
        reviewer=require(spec, "reviewer", str, path, key),
        date=date.isoformat() if hasattr(date, "isoformat") else str(date),
        version=require(spec, "version", int, path, key),
    )


def check_text(text: str, path: Path | str, key: str, max_chars: int) -> str:
    text = text.strip()
    if not text:
        raise ContentError(path, "empty text", key=key)
    if len(text) > max_chars:
        raise ContentError(path, f"text is {len(text)} characters; the limit is {max_chars}", key=key)
    check_not_promotional(text, path, key)
    for name in PLACEHOLDER_PATTERN.findall(text):
        if name not in PLACEHOLDERS:
            raise ContentError(path, f"unknown placeholder '{{{name}}}'", key=key)
    return text
