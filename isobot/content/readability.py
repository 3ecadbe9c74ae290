"""How easy each patient-facing text is to read: Flesch reading ease and Flesch-Kincaid grade
for English, Fernández-Huerta reading ease (and Crawford's school years, reported) for Spanish.

textstat 0.7.3 exactly (requirements.txt): later releases fetch NLTK's cmudict at run time,
which fails offline; 0.7.3 counts syllables with pyphen's bundled dictionaries.

Markdown is stripped first, and each bullet point counts as a sentence: a patient reads a
list item as a unit, but textstat would read a list without full stops as one endless sentence.
Placeholders are measured filled in ({emergency_number} -> "911"), as the patient sees them.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import textstat  # type: ignore[import-untyped]  # textstat 0.7.3 ships no types
from textstat.textstat import textstatistics  # type: ignore[import-untyped]

# The targets of issue 16: every answer, and every escalation's first sentence.
MIN_EASE = 60.0
MAX_GRADE = 8.0
# Spanish: Fernández-Huerta (1959), Flesch's reading ease refitted to Spanish on the same 0-100
# scale. Its published bands put 60-70 at "normal", the 7th-8th school year (70-80 "fairly
# easy", 50-60 "fairly difficult"): 60 holds Spanish to the reader the English targets (ease 60,
# grade 8) aim at. There is no Spanish grade gate; Crawford's school years are reported beside it.
MIN_EASE_ES = 60.0
SPANISH = "es"

_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
_EMPHASIS = re.compile(r"(?<!\w)[*_](\S(?:.*?\S)?)[*_](?!\w)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_SENTENCE_END = re.compile(r"[.!?:;]$")
_FIRST_SENTENCE = re.compile(r"^(.+?[.!?])(?:\s|$)", re.S)


@dataclass(frozen=True)
class Score:
    ease: float  # Flesch reading ease (Spanish: Fernández-Huerta): higher is easier; 60+ is plain
    grade: float  # Flesch-Kincaid grade: the US school year needed (Spanish: Crawford's years, not gated)
    language: str = "en"

    @property
    def ease_ok(self) -> bool:
        return self.ease >= (MIN_EASE_ES if self.language == SPANISH else MIN_EASE)

    @property
    def grade_ok(self) -> bool:
        return self.language == SPANISH or self.grade <= MAX_GRADE

    @property
    def meets_targets(self) -> bool:
        return self.ease_ok and self.grade_ok


@lru_cache(maxsize=1)
def _spanish() -> Any:
    """textstat's language is state on its module-level instance (`set_lang` is global to every
    caller of `textstat.*`): Spanish gets an instance of its own, so measuring Spanish never
    changes how English is counted. pyphen's bundled es dictionary: nothing is downloaded."""
    counter = textstatistics()
    counter.set_lang(SPANISH)
    return counter


def plain_text(text: str, placeholders: Mapping[str, str] | None = None) -> str:
    """The words a patient reads, one sentence per bullet point or paragraph line."""
    for name, value in (placeholders or {}).items():
        text = text.replace("{" + name + "}", value)
    text = _LINK.sub(r"\1", _EMPHASIS.sub(r"\1", _BOLD.sub(r"\1", text)))
    sentences = []
    for line in text.splitlines():
        line = _BULLET.sub("", line).strip()
        if not line:
            continue
        if not _SENTENCE_END.search(line):
            line += "."
        sentences.append(line)
    return " ".join(sentences)


def first_sentence(text: str, placeholders: Mapping[str, str] | None = None) -> str:
    """The first sentence of the plain text: an escalation's instruction."""
    plain = plain_text(text, placeholders)
    match = _FIRST_SENTENCE.match(plain)
    return match.group(1) if match else plain


def measure(text: str, placeholders: Mapping[str, str] | None = None, language: str = "en") -> Score:
    plain = plain_text(text, placeholders)
    return measure_sentence(plain, language)


def measure_sentence(sentence: str, language: str = "en") -> Score:
    if language == SPANISH:
        spanish = _spanish()
        return Score(
            ease=round(float(spanish.fernandez_huerta(sentence)), 1),
            grade=round(float(spanish.crawford(sentence)), 1),
            language=SPANISH,
        )
    return Score(
        ease=round(float(textstat.flesch_reading_ease(sentence)), 1),
        grade=round(float(textstat.flesch_kincaid_grade(sentence)), 1),
    )


@dataclass(frozen=True)
class Summary:
    count: int
    median_ease: float
    median_grade: float
    ease_ok: int  # reading ease >= MIN_EASE (Spanish: MIN_EASE_ES)
    grade_ok: int  # grade <= MAX_GRADE (Spanish: not gated, all count)
    worst: tuple[tuple[str, Score], ...]  # lowest reading ease first


def summarise(scores: Mapping[str, Score], worst: int = 5) -> Summary:
    values = list(scores.values())
    ranked = sorted(scores.items(), key=lambda item: (item[1].ease, -item[1].grade))
    return Summary(
        count=len(values),
        median_ease=round(statistics.median(s.ease for s in values), 1),
        median_grade=round(statistics.median(s.grade for s in values), 1),
        ease_ok=sum(s.ease_ok for s in values),
        grade_ok=sum(s.grade_ok for s in values),
        worst=tuple(ranked[:worst]),
    )


def failing(scores: Mapping[str, Score]) -> list[str]:
    return [name for name, score in scores.items() if not score.meets_targets]


def markdown_rows(scores: Iterable[tuple[str, Score]]) -> list[str]:
    return [f"| {name} | {score.ease:.1f} | {score.grade:.1f} |" for name, score in scores]
