"""Which language a patient's message is in, for the red-flag detector and the reply.

py3langid ships its model inside the package (nothing is downloaded at run time). It is
asked to choose among a few Latin-script languages only: over its 97 languages a short
Spanish message is often read as Esperanto or Galician ("me duele la espalda" -> eo).
Non-Latin scripts are caught earlier by the input normaliser (isobot/text.py).

A short message says too little ("tengo fiebre" came out English at 0.77), so a guess
counts only when it is confident AND the message has a few words; otherwise the result is
"unsure" and the caller falls back to the conversation's language for the reply, while
safety reads the message with every detector (isobot/nlu/safety_gate.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from isobot.text import fold_accents

SUPPORTED = ("en", "es")
# The others are here so that French or Portuguese is not forced into English or Spanish.
CANDIDATES = ("en", "es", "pt", "fr", "de", "it", "nl", "ca")
CONFIDENCE = 0.9
MIN_WORDS = 3
UNSURE = "unsure"
OTHER = "other"
_WORD = re.compile(r"[^\W\d_]{2,}")


@lru_cache(maxsize=1)
def _short_words() -> dict[str, frozenset[str]]:
    from isobot import settings
    from isobot.content.errors import ContentError
    from isobot.content.yaml_file import read_mapping, require

    path = settings.SHORT_MESSAGE_WORDS
    languages = require(read_mapping(path), "languages", dict, path)
    if set(languages) != set(SUPPORTED):
        raise ContentError(path, f"expected word lists for exactly {list(SUPPORTED)}", key="languages")
    result = {}
    for language, words in languages.items():
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w for w in words):
            raise ContentError(path, "expected a non-empty list of words", key=f"languages.{language}")
        result[str(language)] = frozenset(fold_accents(w.lower()) for w in words)
    return result


def short_message_language(text: str | None) -> str | None:
    """English or Spanish for a message too short for the identifier, from its words
    (safety/short_messages.yml); None when the words do not say. For the reply only."""
    words = {fold_accents(w.lower()) for w in _WORD.findall(text or "")}
    if not words:
        return None
    lists = _short_words()
    spanish, english = words & lists["es"] - lists["en"], words & lists["en"] - lists["es"]
    if spanish and not english:
        return "es"
    if english and not spanish:
        return "en"
    return None


@dataclass(frozen=True)
class Guess:
    language: str  # "en" | "es" | "other" | "unsure"
    detected: str  # the identifier's top language, whatever its confidence
    confidence: float


@lru_cache(maxsize=1)
def _identifier() -> Any:  # py3langid ships no types
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(CANDIDATES))
    return identifier


# Cached: the router and the SafetyGate both ask about a message DIET reads as another language.
@lru_cache(maxsize=64)
def detect_language(text: str | None) -> Guess:
    words = _WORD.findall(text or "")
    if not words:
        return Guess(UNSURE, "", 0.0)
    language, confidence = _identifier().classify(" ".join(words))
    confidence = float(confidence)
    if len(words) < MIN_WORDS or confidence < CONFIDENCE:
        return Guess(UNSURE, language, confidence)
    return Guess(language if language in SUPPORTED else OTHER, language, confidence)


# A non-Latin script names its most used language; a Latin-script text is asked of py3langid
# over all its languages (the reply to Polish or Swahili must not be worded in one of the
# CANDIDATES). content/other_languages.yml words the reply per code; a code it lacks gets
# the English-and-Spanish line, so any code here is safe.
SCRIPT_LANGUAGES = (
    # Kana before Han: Japanese is written with both, Chinese never with kana.
    (("HIRAGANA", "KATAKANA"), "ja"),
    (("HANGUL",), "ko"),
    (("CJK",), "zh"),
    (("CYRILLIC",), "ru"),
    (("ARABIC",), "ar"),
    (("DEVANAGARI",), "hi"),
    (("GREEK",), "el"),
    (("HEBREW",), "he"),
    (("THAI",), "th"),
)
UNKNOWN = "unknown"


def script_language(text: str) -> str | None:
    """The language of a non-Latin script when its letters make up most of the text."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return None
    names = [unicodedata.name(c, "") for c in letters]
    latin = sum(1 for n in names if n.startswith("LATIN"))
    if latin * 2 >= len(letters):
        return None
    for prefixes, language in SCRIPT_LANGUAGES:
        if sum(1 for n in names if n.startswith(prefixes)) * 4 >= len(letters):
            return language
    return None


@lru_cache(maxsize=1)
def _any_language_identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)


def other_language(text: str | None) -> str:
    """Which unsupported language to word the "I can only answer in English or Spanish" line
    in: the script's language, a confident guess over all of py3langid's languages, or
    `unknown` (then the line is in English and Spanish). Asked only once the message is known
    not to be English or Spanish (the classifier's input_non_english, or a non-Latin script)."""
    by_script = script_language(text or "")
    if by_script:
        return by_script
    words = _WORD.findall(text or "")
    if not words:
        return UNKNOWN
    language, confidence = _any_language_identifier().classify(" ".join(words))
    if float(confidence) >= CONFIDENCE and language not in SUPPORTED:
        return str(language)
    return UNKNOWN


def reply_language(
    text: str | None,
    guess: Guess | None = None,
    raised_only_by: str | None = None,
    conversation: str | None = None,
) -> str | None:
    """English or Spanish for a reply, or None for "no opinion".

    In order: a confident guess; the one language whose red-flag words alone raised the
    message's tier (the SafetyGate says which); the short-message word lists ("hola",
    "gracias": too short for the identifier, clear from their words); else the conversation's.
    Without the gate's say (a turn that failed, the database away) only the first and third apply."""
    guess = guess or detect_language(text)
    if guess.language in SUPPORTED:
        return guess.language
    if raised_only_by:
        return raised_only_by
    return (short_message_language(text) if guess.language == UNSURE else None) or conversation
