"""The `translations` of each answer in content/answers.yml: a label and a text per language,
each with its sign-off status, validated like the English ones (catalogue.py loads them).

    translations:
      es: {label: "...", text: "...", translation: "sign-off pending"}

The source quotes stay the English article's: a translation restates an entry, it cites nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from isobot.content.errors import ContentError
from isobot.content.text_checks import check_text

if TYPE_CHECKING:  # catalogue.py imports this module at run time
    from isobot.content.catalogue import Answer

# Languages a message may be translated into, besides its English text.
TRANSLATION_LANGUAGES = frozenset({"es"})
# Every approved answer must speak these (a Spanish conversation never falls back to English).
REQUIRED_LANGUAGES = ("es",)
ANSWER_FIELDS = frozenset({"label", "text", "translation"})


def require_language(language: object, path: Path | str, key: str) -> str:
    """A content file's translation key names a language the product serves, or fails loudly."""
    if language not in TRANSLATION_LANGUAGES:
        raise ContentError(path, f"unsupported language; expected one of {sorted(TRANSLATION_LANGUAGES)}", key=key)
    return str(language)


# Spanish runs about a fifth longer than English for the same content (catalogue.py: 700 and 32).
MAX_TRANSLATED_ANSWER_CHARS = 850
MAX_TRANSLATED_LABEL_CHARS = 40


@dataclass(frozen=True)
class AnswerTranslation:
    text: str
    label: str
    status: str  # "sign-off pending" until a clinician who reads the language signs it


def sign_off_status(entry: Mapping[str, Any], path: Path | str, key: str) -> str:
    status = entry["translation"]
    if not isinstance(status, str) or not status.strip():
        raise ContentError(path, "state the sign-off status, e.g. 'sign-off pending'", key=f"{key}.translation")
    return status.strip()


def answer_translations(spec: Any, path: Path | str, key: str) -> dict[str, AnswerTranslation]:
    """`translations` of one answer (`key` is `answers[<id>]`); every problem names the file and key."""
    if spec is None:
        return {}
    if not isinstance(spec, dict):
        raise ContentError(
            path, "expected a mapping of language -> {label, text, translation}", key=f"{key}.translations"
        )
    result = {}
    for language, entry in spec.items():
        entry_key = f"{key}.translations.{language}"
        require_language(language, path, entry_key)
        if not isinstance(entry, dict) or set(entry) != ANSWER_FIELDS:
            raise ContentError(path, f"expected exactly {sorted(ANSWER_FIELDS)}", key=entry_key)
        texts = {}
        for name, limit in (("label", MAX_TRANSLATED_LABEL_CHARS), ("text", MAX_TRANSLATED_ANSWER_CHARS)):
            if not isinstance(entry[name], str):
                raise ContentError(path, "expected a string", key=f"{entry_key}.{name}")
            texts[name] = check_text(entry[name], path, f"{entry_key}.{name}", limit)
        result[str(language)] = AnswerTranslation(
            texts["text"], texts["label"], sign_off_status(entry, path, entry_key)
        )
    return result


def require_translations(answers: Mapping[str, Answer], path: Path | str) -> None:
    """Every served answer has each required language: a draft may wait for its translation."""
    for answer in answers.values():
        for language in REQUIRED_LANGUAGES:
            if answer.served and language not in answer.translations:
                raise ContentError(
                    path,
                    "an approved answer needs this translation (it is what a conversation in that language is shown)",
                    key=f"answers[{answer.id}].translations.{language}",
                )
