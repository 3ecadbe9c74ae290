"""The rate limits' polite "please slow down" (content/rate_limit.yml), checked and read once.

One SMS long, with the region's emergency number filled in, because a patient who is told to
wait may be the one who needs to call it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from isobot import settings
from isobot.content.catalogue import load_escalations
from isobot.content.errors import ContentError
from isobot.content.text_checks import PLACEHOLDER_PATTERN
from isobot.content.yaml_file import read_mapping, require

SLOW_DOWN_FILE = settings.SLOW_DOWN
MAX_SLOW_DOWN_CHARS = 160  # one SMS


def load_slow_down_text(path: Path | str, escalations_path: Path | str, region: str | None) -> str:
    data = read_mapping(path)
    unknown = set(data) - {"version", "slow_down"}
    if unknown:
        raise ContentError(path, f"unknown keys {sorted(unknown)}")
    text = " ".join(require(data, "slow_down", str, path).split())
    if not text:
        raise ContentError(path, "empty text", key="slow_down")
    placeholders = set(PLACEHOLDER_PATTERN.findall(text)) - {"emergency_number"}
    if placeholders:
        raise ContentError(
            path, f"unknown placeholders {sorted(placeholders)}; only {{emergency_number}}", key="slow_down"
        )
    _, numbers, default_region = load_escalations(escalations_path)
    number = (numbers.get((region or "").upper()) or numbers[default_region])["emergency_number"]
    text = text.replace("{emergency_number}", number)
    if len(text) > MAX_SLOW_DOWN_CHARS:
        raise ContentError(path, f"{len(text)} characters; at most {MAX_SLOW_DOWN_CHARS} (one SMS)", key="slow_down")
    return text


@lru_cache(maxsize=1)
def slow_down_text() -> str:
    return load_slow_down_text(SLOW_DOWN_FILE, settings.ESCALATIONS, settings.region())
