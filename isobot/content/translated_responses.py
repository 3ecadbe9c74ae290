"""The conversational lines of domain.yml in another language (content/responses.<lang>.yml).

The English lines stay in domain.yml; a translation file gives, for EVERY one of them, the text
and the button titles in the same order (the payloads are domain.yml's, so a Spanish button
does what the English one does). Checked once against domain.yml, failing with the file's path
and the response's key: an unknown or missing response, an empty text, a different number of
buttons, a button whose leading symbol (👍, 👎) moved, or a placeholder that is not English's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from isobot import settings
from isobot.content.errors import ContentError
from isobot.content.text_checks import PLACEHOLDER_PATTERN, check_text
from isobot.content.yaml_file import read_mapping, require

# The domain's glue limit (tests/test_content.py): a longer line belongs in content/ as an answer.
MAX_CHARS = 320
# A title's leading symbols: the one thing that shows, in any language, which button is which.
_LEADING_SYMBOLS = re.compile(r"^[^\w\s]*", re.UNICODE)


@dataclass(frozen=True)
class TranslatedResponse:
    text: str
    buttons: tuple[str, ...]  # titles, in domain.yml's order


@dataclass(frozen=True)
class TranslatedResponses:
    language: str
    status: str  # "sign-off pending" until a reviewer who reads the language signs it off
    responses: Mapping[str, TranslatedResponse]


def domain_responses(path: Path | str = settings.DOMAIN) -> dict[str, list[dict[str, Any]]]:
    """domain.yml's `responses:` (name -> variations)."""
    data = read_mapping(path, expected_version="3.1")
    responses: dict[str, list[dict[str, Any]]] = require(data, "responses", dict, path)
    return responses


def _english_buttons(variations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    buttons: list[dict[str, Any]] = variations[0].get("buttons") or []
    return buttons


def _check_buttons(titles: Any, english: list[dict[str, Any]], path: Path | str, key: str) -> tuple[str, ...]:
    if titles is None:
        titles = []
    if not isinstance(titles, list) or not all(isinstance(t, str) and t.strip() for t in titles):
        raise ContentError(path, "expected a list of non-empty button titles", key=key)
    if len(titles) != len(english):
        raise ContentError(path, f"{len(titles)} buttons; domain.yml has {len(english)}", key=key)
    for index, (title, button) in enumerate(zip(titles, english, strict=True)):
        symbols = _LEADING_SYMBOLS.match(str(button.get("title", "")))
        expected = symbols.group(0) if symbols else ""
        if expected and not title.startswith(expected):
            raise ContentError(
                path, f"title '{title}' should start with '{expected}', like domain.yml's", key=f"{key}[{index}]"
            )
    return tuple(t.strip() for t in titles)


def _response(spec: Any, english: list[dict[str, Any]], path: Path | str, key: str) -> TranslatedResponse:
    if not isinstance(spec, dict):
        raise ContentError(path, "expected a mapping with text (and buttons)", key=key)
    unknown = set(spec) - {"text", "buttons"}
    if unknown:
        raise ContentError(path, f"unknown keys {sorted(unknown)}", key=key)
    text = check_text(require(spec, "text", str, path, key), path, f"{key}.text", MAX_CHARS)
    # Rasa fills {slot} placeholders: a translation must ask for the same ones.
    if set(PLACEHOLDER_PATTERN.findall(text)) != set(PLACEHOLDER_PATTERN.findall(str(english[0].get("text", "")))):
        raise ContentError(path, "placeholders differ from domain.yml's", key=f"{key}.text")
    return TranslatedResponse(
        text, _check_buttons(spec.get("buttons"), _english_buttons(english), path, f"{key}.buttons")
    )


def load_translated_responses(
    path: Path | str, domain: Mapping[str, list[dict[str, Any]]], language: str
) -> TranslatedResponses:
    data = read_mapping(path)
    unknown_keys = set(data) - {"version", "language", "translation", "responses"}
    if unknown_keys:
        raise ContentError(path, f"unknown keys {sorted(unknown_keys)}")
    if require(data, "language", str, path) != language:
        raise ContentError(path, f"expected language '{language}'", key="language")
    status = require(data, "translation", str, path)
    if not status.strip():
        raise ContentError(path, "empty translation status", key="translation")
    specs = require(data, "responses", dict, path)
    for name in specs:
        if name not in domain:
            raise ContentError(path, "not a response in domain.yml", key=f"responses.{name}")
    for name in domain:
        if name not in specs:
            raise ContentError(
                path, "missing: every response in domain.yml needs its translation", key=f"responses.{name}"
            )
    responses = {name: _response(specs[name], domain[name], path, f"responses.{name}") for name in domain}
    return TranslatedResponses(language, status.strip(), responses)


@lru_cache(maxsize=1)
def spanish_responses() -> TranslatedResponses:
    return load_translated_responses(settings.RESPONSES_ES, domain_responses(), "es")
