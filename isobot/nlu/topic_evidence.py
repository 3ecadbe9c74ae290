"""Topic evidence (isobot/nlu/topic_evidence.yml): which clause asks, and what it names.

Patients write a question among context: "wk 9 on 30mg, which stretches are ok?", "no
numbness, bladder fine, can i still go to the gym?". The clause that asks is the question;
the rest is context. This module finds that clause and the catalogue topics its words name.

Spanish clauses ask differently ("y" is "and", not texted "why"; "que bueno" thanks, it does not
ask), so a message with a Spanish marker word is read with the file's `spanish` cues instead.
Text is matched accent-folded ("qué" as "que"), which changes no English word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from isobot.content.errors import ContentError
from isobot.content.yaml_file import read_mapping, require
from isobot.text import fold_accents

EVIDENCE_FILE = Path(__file__).with_name("topic_evidence.yml")
_CLAUSE_END = re.compile(r"(?<=[?!.;\n])\s*|\s*(?:,\s*(?:but|and|so)\b|\bbut\b|\balso\b|,)\s*")
# Spanish "pero"/"y tambien" end a clause as "but"/"also" do; "y" alone does not ("dolor y rigidez").
_CLAUSE_END_ES = re.compile(r"(?<=[?!.;\n])\s*|\s*(?:,\s*(?:pero|y|asi que)\b|\bpero\b|\btambien\b|,)\s*")
# ñ and ü are letters of a Spanish word; accents are folded away before matching.
_LETTERS = "a-z0-9ñü"
_WORD = re.compile(rf"[{_LETTERS}']+")
# The end of a clause, give or take a trailing "tho", "lol" or "right".
_AT_END = r"(?:[\s,]+(?:tho|though|lol|right|then|too|pls|please|haha))*[\s?!.,]*$"


@dataclass(frozen=True)
class Cues:
    """What makes a clause ask, in one language."""

    question_starts: frozenset[str]
    question_words: tuple[str, ...]
    fillers: frozenset[str]
    clause_end: re.Pattern[str]


@dataclass(frozen=True)
class Clause:
    text: str
    start: int
    end: int
    asks: bool
    spanish: bool = False


@dataclass(frozen=True)
class Evidence:
    english: Cues
    spanish: Cues
    spanish_markers: frozenset[str]
    intents: dict[str, tuple[re.Pattern[str], ...]]
    entity_intents: dict[str, dict[str, str]]
    acknowledgement_intents: frozenset[str]
    closing_intents: frozenset[str]
    overridable_intents: frozenset[str]
    on_topic_words: frozenset[str]
    decisive: dict[str, tuple[re.Pattern[str], ...]]
    decisive_overrides: frozenset[str]
    decisive_idioms: tuple[re.Pattern[str], ...]
    recovered: tuple[re.Pattern[str], ...]
    mood_history: tuple[re.Pattern[str], ...]
    cause_mechanisms: dict[str, tuple[re.Pattern[str], ...]]
    other_effects: tuple[re.Pattern[str], ...]
    effect_exclusions: tuple[re.Pattern[str], ...]
    where_words: frozenset[str]
    denial_starts: frozenset[str]
    drug_names: tuple[re.Pattern[str], ...] = ()
    doctor_actions: tuple[re.Pattern[str], ...] = ()
    strategies: dict[str, tuple[re.Pattern[str], ...]] = field(default_factory=dict)
    # The intents whose asking clause may have its everyday strategy named: the overridable
    # ones and those of topic_evidence.yml's `strategy_intents`.
    strategy_intents: frozenset[str] = frozenset()

    def cues_for(self, text: str) -> Cues:
        return self.spanish if set(_WORD.findall(fold_accents(text))) & self.spanish_markers else self.english

    def clauses(self, text: str) -> list[Clause]:
        # Folding keeps every character's place, so offsets into the folded text index the original.
        folded = fold_accents(text)
        cues = self.cues_for(folded)
        found, position = [], 0
        for piece in cues.clause_end.split(folded):
            if piece is None:
                continue
            start = folded.find(piece, position) if piece else position
            if piece.strip():
                end = start + len(piece)
                tail = folded[end : end + 3]
                asks = self._asks(piece, "?" in tail, cues)
                found.append(Clause(text[start:end], start, end, asks, cues is self.spanish))
                position = end
        return found

    def _asks(self, clause: str, ends_with_question_mark: bool, cues: Cues) -> bool:
        if ends_with_question_mark or clause.rstrip().endswith("?"):
            return True
        words = [w for w in _WORD.findall(clause)]
        while words and words[0] in cues.fillers:
            words.pop(0)
        if words and words[0] in cues.question_starts:
            return True
        padded = f" {' '.join(_WORD.findall(clause))} "
        return any(f" {w} " in padded for w in cues.question_words)

    def on_topic(self, text: str) -> bool:
        return bool(set(_WORD.findall(fold_accents(text))) & self.on_topic_words)

    def strongly_asks(self, clause: Clause) -> bool:
        """A question by its form ("?" or a question word first), not only by its wording."""
        cues = self.spanish if clause.spanish else self.english
        words = _WORD.findall(fold_accents(clause.text))
        while words and words[0] in cues.fillers:
            words.pop(0)
        return clause.text.rstrip().endswith("?") or bool(words and words[0] in cues.question_starts)

    def scores(self, text: str) -> dict[str, int]:
        """How many evidence phrases of each intent the text contains."""
        return _count(self.intents, text)

    def decisive_scores(self, text: str) -> dict[str, int]:
        """The question forms that name their topic outright ("is that normal on accutane?")."""
        text = fold_accents(text)
        for idiom in self.decisive_idioms:
            text = idiom.sub(" ", text)
        return _count(self.decisive, text)

    def recovered_from(self, text: str) -> bool:
        """The patient tells a past problem that has healed ("had a back op, fully recovered")."""
        return _any(self.recovered, text)

    def mechanism_named(self, text: str) -> str | None:
        """The one mechanism a cause question names in everyday words ("pins and needles"), if any."""
        named = _count(self.cause_mechanisms, text)
        if len(named) > 1:
            # "joint pain when i hadnt drunk much water" asks about the water: a mechanism named only
            # by where it hurts yields to another one, as the ruler's entities do.
            named = {m: n for m, n in named.items() if not self._only_where(m, text)}
        return next(iter(named)) if len(named) == 1 else None

    def _only_where(self, mechanism: str, text: str) -> bool:
        folded = fold_accents(text)
        found = [m.group() for p in self.cause_mechanisms[mechanism] if (m := p.search(folded))]
        return all(set(_WORD.findall(words)) & self.where_words for words in found)

    def affirmed(self, text: str) -> str:
        """The text without its clauses that deny what they name ("no numbness, no leg weakness")."""
        kept = [c.text for c in self.clauses(text) if _WORD.findall(fold_accents(c.text))]
        return " ".join(c for c in kept if not self._denies(c))

    def _denies(self, clause: str) -> bool:
        """The clause opens with a denial ("no numbness", "not the stretches")."""
        first = _WORD.findall(fold_accents(clause))[:1]
        return bool(first) and first[0] in self.denial_starts

    def strategies_named(self, clause: str) -> list[tuple[str, int, int]]:
        """(strategy, start, end) for each everyday strategy word in a clause that does not deny it."""
        if self._denies(clause):
            return []
        folded = fold_accents(clause)
        return [
            (value, m.start(), m.end())
            for value, patterns in self.strategies.items()
            for p in patterns
            for m in p.finditer(folded)
        ]

    def names_other_effect(self, text: str) -> bool:
        """A side effect other than back, joint or muscle pain, and none of those."""
        folded = fold_accents(text)
        return any(p.search(folded) for p in self.other_effects) and not any(
            p.search(folded) for p in self.effect_exclusions
        )

    def names_the_drug(self, text: str) -> bool:
        return _any(self.drug_names, text)

    def asks_to_tell_the_doctor(self, text: str) -> bool:
        """ "should i mention it to my derm?", "should i get it checked?": the see-a-doctor question."""
        return _any(self.doctor_actions, text)

    def about_mood(self, text: str) -> bool:
        return _any(self.mood_history, text)


def _any(patterns: tuple[re.Pattern[str], ...], text: str) -> bool:
    folded = fold_accents(text)
    return any(p.search(folded) for p in patterns)


def _count(table: dict[str, tuple[re.Pattern[str], ...]], text: str) -> dict[str, int]:
    text = fold_accents(text)
    return {intent: n for intent, patterns in table.items() if (n := sum(1 for p in patterns if p.search(text)))}


def _pattern(phrase: str) -> re.Pattern[str]:
    # A trailing " $" anchors the phrase at the clause's end: "normal?" asks, "normal dose" does not.
    phrase, at_end = (phrase[:-2], True) if phrase.endswith(" $") else (phrase, False)
    tail = _AT_END if at_end else rf"(?![{_LETTERS}])"
    return re.compile(rf"(?<![{_LETTERS}])" + re.escape(fold_accents(phrase.lower())) + tail)


def _table(data: dict[str, Any], key: str, path: Path | str) -> dict[str, tuple[re.Pattern[str], ...]]:
    table = {}
    for intent, phrases in require(data, key, dict, path).items():
        if not isinstance(phrases, list) or not phrases or not all(isinstance(p, str) for p in phrases):
            raise ContentError(path, "expected a non-empty list of phrases", key=f"{key}.{intent}")
        table[intent] = tuple(_pattern(p) for p in phrases)
    return table


def load_evidence(path: Path | str = EVIDENCE_FILE) -> Evidence:
    data = read_mapping(path)

    def words(key: str, section: dict[str, Any] = data) -> tuple[str, ...]:
        value = require(section, key, list, path)
        if not all(isinstance(v, str) and v.strip() for v in value):
            raise ContentError(path, "expected a list of non-empty strings", key=key)
        return tuple(fold_accents(v.strip().lower()) for v in value)

    def cues(section: dict[str, Any], clause_end: re.Pattern[str]) -> Cues:
        return Cues(
            frozenset(words("question_starts", section)),
            words("question_words", section),
            frozenset(words("fillers", section)),
            clause_end,
        )

    spanish = require(data, "spanish", dict, path)

    background = _table(data, "background", path)
    for key in ("recovered", "mood"):
        if key not in background:
            raise ContentError(path, "expected a list of phrases", key=f"background.{key}")
    entity_intents = require(data, "entity_intents", dict, path)
    for entity, mapping in entity_intents.items():
        if not isinstance(mapping, dict) or "default" not in mapping:
            raise ContentError(path, "expected a mapping with a 'default' intent", key=f"entity_intents.{entity}")
    return Evidence(
        cues(data, _CLAUSE_END),
        cues(spanish, _CLAUSE_END_ES),
        frozenset(words("markers", spanish)),
        _table(data, "intents", path),
        entity_intents,
        frozenset(words("acknowledgement_intents")),
        frozenset(words("closing_intents")),
        frozenset(words("overridable_intents")),
        frozenset(words("on_topic_words")),
        _table(data, "decisive", path),
        frozenset(words("decisive_overrides")),
        tuple(_pattern(p) for p in words("decisive_idioms")),
        background["recovered"],
        background["mood"],
        _table(data, "cause_mechanisms", path),
        tuple(_pattern(p) for p in words("other_effects")),
        tuple(_pattern(p) for p in words("effect_exclusions")),
        frozenset(words("where_words")),
        frozenset(words("denial_starts")),
        tuple(_pattern(p) for p in words("drug_names")),
        tuple(_pattern(p) for p in words("doctor_actions")),
        _table(data, "everyday_strategies", path),
        frozenset(words("overridable_intents")) | frozenset(words("strategy_intents")),
    )
