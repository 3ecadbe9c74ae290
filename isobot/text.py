"""Input normalisation shared by the NLU pipeline and the red-flag detector.

It never changes what is stored or shown; it only gives the classifiers and the
detector a predictable text: Unicode NFKC, no control characters or markup, expanded
contractions, squashed letter repeats.
"""

from __future__ import annotations

import html
import re
import unicodedata

_TAG = re.compile(r"<[^>]{0,200}>")
_CONTROL = re.compile(
    r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]"
)
_SPACES = re.compile(r"[ \t\u00a0]+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_REPEATS = re.compile(r"([a-z])\1{2,}")
# spaCy's tokenizer splits prefixes and suffixes off a token one at a time, which is quadratic
# on a long run without spaces (8,000 "!" took 9 s, 25,000 emoji 76 s, blocking every patient).
# No word is this long, so a space every LONG_RUN characters changes nothing a reader means.
LONG_RUN = 50
_LONG_RUNS = re.compile(rf"(\S{{{LONG_RUN}}})(?=\S)")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})

# Order matters: specific irregular forms before the generic "n't".
_CONTRACTIONS = [
    (re.compile(r"\bcan'?t\b"), "can not"),
    (re.compile(r"\bcannot\b"), "can not"),
    (re.compile(r"\bwon'?t\b"), "will not"),
    (re.compile(r"\bshan'?t\b"), "shall not"),
    (re.compile(r"\bain'?t\b"), "is not"),
    (re.compile(r"\b(do|does|did|is|are|was|were|has|have|had|could|would|should|must|need|might)n'?t\b"), r"\1 not"),
    (re.compile(r"\bi'?m\b"), "i am"),
    (re.compile(r"\bi'?ve\b"), "i have"),
    (re.compile(r"\bi'?ll\b"), "i will"),
    (re.compile(r"\bi'd\b"), "i would"),
    (re.compile(r"\b(you|we|they)'re\b"), r"\1 are"),
    (re.compile(r"\b(\w+)'s\b"), r"\1 is"),  # "skin's coming off", "it's": possessives read the same
    (re.compile(r"n't\b"), " not"),
]
# The same negatives as written without the apostrophe, for the red-flag detector's typo pass
# (isobot/safety/spelling.py): "cnat" is "cant" misspelt, read as "can not".
_NEGATED_AUXILIARIES = (
    "do",
    "does",
    "did",
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "could",
    "would",
    "should",
)
NEGATIVE_CONTRACTIONS = {"cant": "can not", "wont": "will not"} | {
    f"{aux}nt": f"{aux} not" for aux in _NEGATED_AUXILIARIES
}


def strip_markup(text: str) -> str:
    return _TAG.sub(" ", html.unescape(text))


def without_lone_surrogates(text: str) -> str:
    """A JSON "\\udfff" escape decodes to a lone surrogate, which no encoder (UTF-8 for the
    database, spaCy) accepts. Each becomes U+FFFD, as a UTF-8 decoder would have done."""
    return _SURROGATE.sub("\ufffd", text)


def normalise(text: str | None) -> str:
    """Lower-cased, cleaned text for matching. Never raises on any string."""
    if not text:
        return ""
    text = without_lone_surrogates(unicodedata.normalize("NFKC", str(text)))
    text = _CONTROL.sub(" ", text).translate(_APOSTROPHES)
    text = strip_markup(text).lower()
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    text = _REPEATS.sub(r"\1\1", text)
    text = _LONG_RUNS.sub(r"\1 ", text)
    text = _SPACES.sub(" ", text)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


# Spanish written without accents ("orino", "dolor de cabeza fuerte en el ojo izquierdo") is
# the everyday register on phones: the Spanish rules and the text are both folded, so that
# "orinó" and "orino" match the same phrase. "ñ" is kept: "año" folded to "ano" would read as
# a body part ("hace un año" is a date, not a red flag).
# "sí" (yes) and "él" (he) are kept when written with their accent: folded they would be "si"
# (if: "sí tengo fiebre" read as hypothetical) and "el" (the article, in every sentence).
_ACCENTS = str.maketrans("áéíóúüàèìòùâêîôû", "aeiouuaeiouaeiou")
_KEEP_ACCENT = re.compile(r"(?<!\w)(sí|él)(?!\w)")


def fold_accents(text: str) -> str:
    """Lower-case Spanish text with its vowel accents removed (ñ kept; "sí" and "él" kept)."""
    parts = _KEEP_ACCENT.split(text)
    return "".join(part if i % 2 else part.translate(_ACCENTS) for i, part in enumerate(parts))


def is_readable(text: str) -> bool:
    """True when the text has at least two letters or digits in a row (emoji/punctuation-only is not)."""
    return bool(re.search(r"\w\w", text))


def looks_non_english(text: str) -> bool:
    """True when most letters are outside the Latin alphabet (Cyrillic, Arabic, CJK, Devanagari...).

    Latin-script languages (Spanish, French...) are left to the intent classifier, which is
    trained on them; a word-list heuristic misfires on short English fragments.
    """
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return False
    latin = sum(1 for c in letters if "a" <= c.lower() <= "z" or "\u00c0" <= c <= "\u024f")
    return latin / len(letters) < 0.5
