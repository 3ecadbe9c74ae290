"""The channels' own replies for when a turn cannot run (content/service.yml), read once."""

from __future__ import annotations

from functools import lru_cache

from isobot import settings
from isobot.content.errors import ContentError
from isobot.content.yaml_file import read_mapping, require

PATH = settings.SERVICE_NOTICES
REQUIRED = ("temporarily_unavailable",)


@lru_cache(maxsize=1)
def notices() -> dict[str, str]:
    data = read_mapping(PATH)
    found = require(data, "notices", dict, PATH)
    for key in REQUIRED:
        text = require(found, key, str, PATH, where="notices")
        if not text.strip():
            raise ContentError(PATH, "empty", key=f"notices.{key}")
    return dict(found)


def notice(key: str) -> str:
    return notices()[key]
