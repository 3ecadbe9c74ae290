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
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

SUPPORTED = ("en", "es")
# The others are here so that French or Portuguese is not forced into English or Spanish.
CANDIDATES = ("en", "es", "pt", "fr", "de", "it", "nl", "ca")
CONFIDENCE = 0.9
MIN_WORDS = 3
UNSURE = "unsure"
OTHER = "other"
_WORD = re.compile(r"[^\W\d_]{2,}")


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


def detect_language(text: str | None) -> Guess:
    words = _WORD.findall(text or "")
    if not words:
        return Guess(UNSURE, "", 0.0)
    language, confidence = _identifier().classify(" ".join(words))
    confidence = float(confidence)
    if len(words) < MIN_WORDS or confidence < CONFIDENCE:
        return Guess(UNSURE, language, confidence)
    return Guess(language if language in SUPPORTED else OTHER, language, confidence)
