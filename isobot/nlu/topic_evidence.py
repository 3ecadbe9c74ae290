"""Topic evidence (isobot/nlu/topic_evidence.yml): which clause asks, and what it names.

Patients write a question among context: "wk 9 on 30mg, which stretches are ok?", "no
numbness, bladder fine, can i still go to the gym?". The clause that asks is the question;
the rest is context. This module finds that clause and the catalogue topics its words name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from isobot.content.errors import ContentError
from isobot.content.yaml_file import read_mapping, require

EVIDENCE_FILE = Path(__file__).with_name("topic_evidence.yml")
_CLAUSE_END = re.compile(r"(?<=[?!.;\n])\s*|\s*(?:,\s*(?:but|and|so)\b|\bbut\b|\balso\b|,)\s*")
_WORD = re.compile(r"[a-z0-9']+")


@dataclass(frozen=True)
class Clause:
    text: str
    start: int
    end: int
    asks: bool


@dataclass(frozen=True)
class Evidence:
    question_starts: frozenset[str]
    question_words: tuple[str, ...]
    fillers: frozenset[str]
    intents: dict[str, tuple[re.Pattern[str], ...]]
    entity_intents: dict[str, dict[str, str]]
    acknowledgement_intents: frozenset[str]
    overridable_intents: frozenset[str]
    on_topic_words: frozenset[str]

    def clauses(self, text: str) -> list[Clause]:
        found, position = [], 0
        for piece in _CLAUSE_END.split(text):
            if piece is None:
                continue
            start = text.find(piece, position) if piece else position
            if piece.strip():
                end = start + len(piece)
                tail = text[end : end + 3]
                found.append(Clause(piece, start, end, self._asks(piece, "?" in tail)))
                position = end
        return found

    def _asks(self, clause: str, ends_with_question_mark: bool) -> bool:
        if ends_with_question_mark or clause.rstrip().endswith("?"):
            return True
        words = [w for w in _WORD.findall(clause)]
        while words and words[0] in self.fillers:
            words.pop(0)
        if words and words[0] in self.question_starts:
            return True
        padded = f" {' '.join(_WORD.findall(clause))} "
        return any(f" {w} " in padded for w in self.question_words)

    def on_topic(self, text: str) -> bool:
        return bool(set(_WORD.findall(text)) & self.on_topic_words)

    def strongly_asks(self, clause: Clause) -> bool:
        """A question by its form ("?" or a question word first), not only by its wording."""
        words = _WORD.findall(clause.text)
        while words and words[0] in self.fillers:
            words.pop(0)
        return clause.text.rstrip().endswith("?") or bool(words and words[0] in self.question_starts)

    def scores(self, text: str) -> dict[str, int]:
        """How many evidence phrases of each intent the text contains."""
        return {
            intent: n for intent, patterns in self.intents.items() if (n := sum(1 for p in patterns if p.search(text)))
        }


def _pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z0-9])" + re.escape(phrase.lower()) + r"(?![a-z0-9])")


def load_evidence(path: Path | str = EVIDENCE_FILE) -> Evidence:
    data = read_mapping(path)

    def words(key: str) -> tuple[str, ...]:
        value = require(data, key, list, path)
        if not all(isinstance(v, str) and v.strip() for v in value):
            raise ContentError(path, "expected a list of non-empty strings", key=key)
        return tuple(v.strip().lower() for v in value)

    intents = {}
    for intent, phrases in require(data, "intents", dict, path).items():
        if not isinstance(phrases, list) or not phrases or not all(isinstance(p, str) for p in phrases):
            raise ContentError(path, "expected a non-empty list of phrases", key=f"intents.{intent}")
        intents[intent] = tuple(_pattern(p) for p in phrases)
    entity_intents = require(data, "entity_intents", dict, path)
    for entity, mapping in entity_intents.items():
        if not isinstance(mapping, dict) or "default" not in mapping:
            raise ContentError(path, "expected a mapping with a 'default' intent", key=f"entity_intents.{entity}")
    return Evidence(
        frozenset(words("question_starts")),
        words("question_words"),
        frozenset(words("fillers")),
        intents,
        entity_intents,
        frozenset(words("acknowledgement_intents")),
        frozenset(words("overridable_intents")),
        frozenset(words("on_topic_words")),
    )
