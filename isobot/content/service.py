"""The channels' own replies for when a turn cannot run (content/service.yml), read once,
in English and in each language under `translations`."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from isobot import settings
from isobot.content.errors import ContentError
from isobot.content.translations import require_language
from isobot.content.yaml_file import read_mapping, require

PATH = settings.SERVICE_NOTICES
REQUIRED = ("temporarily_unavailable",)
ENGLISH = "en"


def _notices(found: Any, where: str) -> dict[str, str]:
    if not isinstance(found, dict):
        raise ContentError(PATH, "expected a mapping of key -> text", key=where)
    for key in REQUIRED:
        text = require(found, key, str, PATH, where=where)
        if not text.strip():
            raise ContentError(PATH, "empty", key=f"{where}.{key}")
    return dict(found)


@lru_cache(maxsize=1)
def notices() -> dict[str, dict[str, str]]:
    """language -> key -> text; a translation has exactly the English keys."""
    data = read_mapping(PATH)
    english = _notices(require(data, "notices", dict, PATH), "notices")
    found = {ENGLISH: english}
    for language, spec in (data.get("translations") or {}).items():
        where = f"translations.{language}"
        require_language(language, PATH, where)
        if not isinstance(spec, dict):
            raise ContentError(PATH, "expected a mapping with translation and notices", key=where)
        if not require(spec, "translation", str, PATH, where=where).strip():
            raise ContentError(PATH, "empty sign-off status", key=f"{where}.translation")
        translated = _notices(require(spec, "notices", dict, PATH, where=where), f"{where}.notices")
        if set(translated) != set(english):
            raise ContentError(PATH, f"keys {sorted(translated)}; expected {sorted(english)}", key=f"{where}.notices")
        found[language] = translated
    return found


def notice(key: str, language: str | None = None) -> str:
    """The notice in `language` when the file has it, else in English."""
    texts = notices()
    return texts.get(language or ENGLISH, texts[ENGLISH])[key]
