"""Load and validate the red-flag rules file (safety/red_flags.yml), which clinicians and staff
change: the only place that knows its shape; a problem names the file's path and the bad key."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from isobot.content.errors import ContentError
from isobot.content.yaml_file import read_mapping, require
from isobot.safety.flags import Flag
from isobot.safety.temperature import TemperatureRules
from isobot.safety.tiers import ESCALATING_TIERS

CONTEXT_KEYS_REQUIRED = (
    "negation_cues",
    "post_negation",
    "third_party",
    "hypothetical",
    "first_person_present",
    "past",
    "figurative",
    # No built-in default: each language's file names its own ("since" is in neither list: it
    # brings a past episode back only with a symptom in its clause, `override_with_symptom`).
    "past_overrides",
)
CONTEXT_KEYS_OPTIONAL: dict[str, list[str]] = {
    "pseudo_negations": [],
    "general_question": [],
    "present_other": [],
    "resolved": [],
    "reading": [],
    "not_had": [],
    "denial_back": [],
    "still_now": [],
    "time_word": [],
    "getting_better": [],
    "present_now": [],
    "person_as_object": [],
    "claims_previous": [],
    "override_with_symptom": [],
    "conditional": [],
    "improvement": [],
    "normal_value": [],
    "reading_about": [],
    "contingency": [],
    "time_not_pain": [],
    "history_named": [],
    "organ_asked": [],
    "told_once": [],
    "low_value": [],
    "low_if_lab": [],
    "lab_word": [],
    "checked_fine": [],
    "proposed_stop": [],
}


@dataclass(frozen=True)
class Concept:
    name: str
    phrases: tuple[str, ...]
    negation_is_symptom: bool = False
    exact: bool = False  # match the words as written (LOWER), not their lemmas
    # The concept is itself a dated event ("stopped accutane 2 months ago"): a past cue dates it
    # and leaves it standing, instead of setting it aside as an episode that is over.
    self_dated: bool = False
    # A grade or a change of a symptom ("9/10", "getting worse"): an improvement told after it
    # ("now more like a 2") or a question's "if it gets worse" sets aside only this, not the symptom.
    intensity: bool = False
    # A test's value ("ck came back at 250"): a clinician's "that is fine" after it sets it aside.
    test_result: bool = False
    # The concept is itself a question about the patient's own risk ("am i at risk?"): read as
    # told in a clause that asks, so it completes what the patient told ("missed my pill twice").
    asks_own_risk: bool = False


@dataclass(frozen=True)
class QuestionCues:
    starts: frozenset[str]  # first word of a clause that asks ("does", "can", "would"...)
    fillers: frozenset[str]  # leading words skipped first ("so", "and", "but"...)
    own_symptom: tuple[str, ...]  # words saying the symptom is the patient's own ("my", "i have")
    # Openings that look like a question but only ever tell, the subject dropped as in chat
    # ("have a fever and back pain", "have been numb since monday", "did a test and it's positive").
    statements: tuple[str, ...] = ()


@dataclass(frozen=True)
class Grammar:
    """The few function words the detector's segmentation needs, per language."""

    clause_breaks: frozenset[str] = frozenset({"but", "however", "although", "though", "except", "yet", "whereas"})
    # Words that may sit between a negation cue and later items of a negated list.
    list_glue: frozenset[str] = frozenset({",", "or", "and", "nor", "any", "/", "&"})
    # "can not see any reason...": a question word followed by this is a statement.
    statement_after_start: str = "not"
    # Context cues matched by their lemmas (English) or as written (Spanish: the lookup
    # lemmatizer maps "se" and "es" both to "ser", so "que es" would match "que se pasa").
    context_by_lemma: bool = True
    # Shorthand read as its word before matching ("q" -> "que"), so every phrase holds for both.
    abbreviations: Mapping[str, str] = field(default_factory=dict)
    # Words matched as another word's lemma, on both sides: "he wet himself" is "wet myself"
    # said of someone else (the phrase lists are written in the first person).
    lemmas: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Rules:
    path: str
    concepts: dict[str, Concept]
    flags: tuple[Flag, ...]
    context: dict[str, tuple[str, ...]]
    temperature: TemperatureRules | None = None
    # guided-check slot -> alternatives of concepts whose denial answers it "no"
    screening: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    questions: QuestionCues | None = None
    language: str = "en"
    # Fold vowel accents away on both sides before matching (isobot.text.fold_accents).
    fold_accents: bool = False
    grammar: Grammar = field(default_factory=Grammar)


def _grammar(spec: Any, path: Path | str) -> Grammar:
    if spec is None:
        return Grammar()
    if not isinstance(spec, dict):
        raise ContentError(path, "expected a mapping", key="grammar")
    for k in spec:
        if k not in (
            "clause_breaks",
            "list_glue",
            "statement_after_start",
            "context_by_lemma",
            "abbreviations",
            "lemmas",
        ):
            raise ContentError(path, "unknown grammar key", key=f"grammar.{k}")
    after = spec.get("statement_after_start", "not")
    if not isinstance(after, str) or not after.strip():
        raise ContentError(path, "expected a word", key="grammar.statement_after_start")
    by_lemma = spec.get("context_by_lemma", True)
    if not isinstance(by_lemma, bool):
        raise ContentError(path, "expected true or false", key="grammar.context_by_lemma")
    abbreviations = _word_map(spec.get("abbreviations"), path, "grammar.abbreviations")
    defaults = Grammar()
    breaks, glue = spec.get("clause_breaks"), spec.get("list_glue")
    return Grammar(
        defaults.clause_breaks if breaks is None else frozenset(_phrases(breaks, path, "grammar.clause_breaks")),
        defaults.list_glue if glue is None else frozenset(_phrases(glue, path, "grammar.list_glue")),
        after.strip().lower(),
        by_lemma,
        abbreviations,
        _word_map(spec.get("lemmas"), path, "grammar.lemmas"),
    )


def _word_map(spec: Any, path: Path | str, key: str) -> dict[str, str]:
    words = spec or {}
    if not isinstance(words, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and k.strip() and v.strip() for k, v in words.items()
    ):
        raise ContentError(path, "expected a mapping of word to word", key=key)
    return {k.strip().lower(): v.strip().lower() for k, v in words.items()}


def _range(value: Any, path: Path | str, key: str) -> tuple[float, float]:
    if not (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, (int, float)) for v in value)
        and value[0] < value[1]
    ):
        raise ContentError(path, "expected [low, high] numbers", key=key)
    return float(value[0]), float(value[1])


def _temperature(spec: Any, path: Path | str) -> TemperatureRules | None:
    if spec is None:
        return None
    if not isinstance(spec, dict):
        raise ContentError(path, "expected a mapping", key="temperature")
    lists = {
        k: frozenset(_phrases(spec.get(k), path, f"temperature.{k}"))
        for k in ("units", "words", "not_before", "not_after")
    }
    lists |= {k: frozenset(_phrases(spec[k], path, f"temperature.{k}")) for k in ("measures", "named_by") if k in spec}
    return TemperatureRules(
        celsius=_range(spec.get("celsius"), path, "temperature.celsius"),
        fahrenheit=_range(spec.get("fahrenheit"), path, "temperature.fahrenheit"),
        **lists,
    )


def _phrases(value: Any, path: Path | str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(p, str) and p.strip() for p in value):
        raise ContentError(path, "expected a non-empty list of non-empty strings", key=key)
    return tuple(p.strip().lower() for p in value)


def _alternatives(
    spec: list[Any], concepts: dict[str, Concept], path: Path | str, key: str
) -> tuple[tuple[str, ...], ...]:
    alternatives = []
    for index, alternative in enumerate(spec):
        alt_key = f"{key}[{index}]"
        if not isinstance(alternative, list) or not alternative:
            raise ContentError(path, "expected a non-empty list of concept names", key=alt_key)
        for concept in alternative:
            if concept not in concepts:
                raise ContentError(path, f"unknown concept '{concept}'", key=alt_key)
        alternatives.append(tuple(alternative))
    return tuple(alternatives)


def load_rules(path: Path | str) -> Rules:
    data = read_mapping(path)
    concepts = {}
    for name, spec in require(data, "concepts", dict, path).items():
        key = f"concepts.{name}"
        if not isinstance(spec, dict):
            raise ContentError(path, "expected a mapping with 'phrases'", key=key)
        concepts[name] = Concept(
            name=name,
            phrases=_phrases(spec.get("phrases"), path, f"{key}.phrases"),
            negation_is_symptom=bool(spec.get("negation_is_symptom", False)),
            exact=bool(spec.get("exact", False)),
            self_dated=bool(spec.get("self_dated", False)),
            intensity=bool(spec.get("intensity", False)),
            test_result=bool(spec.get("test_result", False)),
            asks_own_risk=bool(spec.get("asks_own_risk", False)),
        )
    flags, seen = [], set()
    for index, spec in enumerate(require(data, "flags", list, path)):
        key = f"flags[{index}]"
        if not isinstance(spec, dict):
            raise ContentError(path, "expected a mapping", key=key)
        flag_id = require(spec, "id", str, path, key)
        if flag_id in seen:
            raise ContentError(path, f"duplicate flag id '{flag_id}'", key=f"{key}.id")
        seen.add(flag_id)
        tier = require(spec, "tier", str, path, key)
        if tier not in ESCALATING_TIERS:
            raise ContentError(path, f"tier must be one of {ESCALATING_TIERS}", key=f"{key}.tier")
        when = _alternatives(require(spec, "when", list, path, key), concepts, path, f"{key}.when")
        unless = _alternatives(spec.get("unless") or [], concepts, path, f"{key}.unless")
        flags.append(Flag(flag_id, tier, require(spec, "escalation", str, path, key), when, unless))
    raw_context = require(data, "context", dict, path)
    context = {k: _phrases(raw_context.get(k), path, f"context.{k}") for k in CONTEXT_KEYS_REQUIRED}
    for k, default in CONTEXT_KEYS_OPTIONAL.items():
        context[k] = _phrases(raw_context[k], path, f"context.{k}") if raw_context.get(k) else tuple(default)
    for k in raw_context:
        if k not in context:
            raise ContentError(path, "unknown context list", key=f"context.{k}")
    temperature = _temperature(data.get("temperature"), path)
    if temperature is not None and "fever" not in concepts:
        raise ContentError(path, "a temperature section needs a 'fever' concept", key="temperature")
    screening = {}
    for slot, alternatives in (data.get("screening") or {}).items():
        key = f"screening.{slot}"
        if not isinstance(alternatives, list) or not all(isinstance(a, list) and a for a in alternatives):
            raise ContentError(path, "expected a list of lists of concept names", key=key)
        for alternative in alternatives:
            for concept in alternative:
                if concept not in concepts:
                    raise ContentError(path, f"unknown concept '{concept}'", key=key)
        screening[slot] = tuple(tuple(a) for a in alternatives)
    questions = None
    if data.get("questions") is not None:
        spec = require(data, "questions", dict, path)
        questions = QuestionCues(
            frozenset(_phrases(spec.get("starts"), path, "questions.starts")),
            frozenset(_phrases(spec.get("fillers"), path, "questions.fillers")),
            _phrases(spec.get("own_symptom"), path, "questions.own_symptom"),
            _phrases(spec["statements"], path, "questions.statements") if spec.get("statements") else (),
        )
    language = data.get("language", "en")
    if not isinstance(language, str) or not language.isalpha() or len(language) != 2:
        raise ContentError(path, "expected a two-letter language code", key="language")
    fold = data.get("fold_accents", False)
    if not isinstance(fold, bool):
        raise ContentError(path, "expected true or false", key="fold_accents")
    return Rules(
        str(path),
        concepts,
        tuple(flags),
        context,
        temperature,
        screening,
        questions,
        language,
        fold,
        _grammar(data.get("grammar"), path),
    )
