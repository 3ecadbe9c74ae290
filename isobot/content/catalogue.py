"""The vetted catalogue: answers (content/answers.yml) and escalations (content/escalations.yml).

Loaded once, validated fully, and every problem names the file and the bad key. Nothing in
Python composes medical text: callers get entries and pass their ids to Rasa responses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from isobot.content.errors import ContentError
from isobot.content.governance import Lifecycle, govern
from isobot.content.text_checks import (
    PLACEHOLDERS,
    Review,
    check_not_promotional,
    check_text,
    collapse_whitespace,
    review_of,
)
from isobot.content.translations import (
    AnswerTranslation,
    answer_translations,
    require_language,
    require_translations,
    sign_off_status,
)
from isobot.content.yaml_file import read_mapping, require
from isobot.safety.tiers import TIERS

ANSWER_RESPONSE_PREFIX = "utter_answer_"
ESCALATION_RESPONSE_PREFIX = "utter_escalate_"  # + tier; variations are chosen by the `escalation` slot
MAX_ANSWER_CHARS = 700
MAX_LABEL_CHARS = 32
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Answer(Lifecycle):
    id: str
    label: str
    intents: tuple[str, ...]
    entities: tuple[tuple[str, str], ...]
    reached_by: tuple[str, ...]
    more: str | None
    text: str
    section: str
    quotes: tuple[str, ...]
    review: Review
    translations: Mapping[str, AnswerTranslation] = field(default_factory=dict)

    @property
    def response(self) -> str:
        return ANSWER_RESPONSE_PREFIX + self.id

    def label_for(self, language: str | None) -> str:
        """The button title in the conversation's language; English when it has no translation."""
        translation = self.translations.get(language or "")
        return translation.label if translation else self.label

    def text_for(self, language: str | None) -> str:
        translation = self.translations.get(language or "")
        return translation.text if translation else self.text


@dataclass(frozen=True)
class Translation:
    text: str
    status: str  # "sign-off pending" until a clinician who reads the language signs it


@dataclass(frozen=True)
class Escalation(Lifecycle):
    id: str
    tier: str
    text: str
    sources: tuple[dict[str, Any], ...]
    review: Review
    translations: dict[str, Translation] = field(default_factory=dict)

    @property
    def response(self) -> str:
        return ESCALATION_RESPONSE_PREFIX + self.tier


@dataclass(frozen=True)
class Catalogue:
    answers: dict[str, Answer]
    escalations: dict[str, Escalation]
    regions: dict[str, dict[str, str]]
    default_region: str
    entity_intents: dict[str, tuple[str, ...]]  # entity -> intents where it picks a specific entry
    default_topics: tuple[str, ...]  # offered when nothing closer is known
    # region -> language -> placeholder -> text ("988 ... oprima 2 para español")
    region_translations: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)

    def answer_for(self, intent: str | None, entities: dict[str, str]) -> Answer | None:
        """The entry for an entity value if one matches (more specific), else for the intent."""
        for answer in self.answers.values():
            if answer.entities and all(entities.get(k) == v for k, v in answer.entities):
                return answer
        for answer in self.answers.values():
            if intent in answer.intents:
                return answer
        return None

    def region_numbers(self, region: str | None, language: str | None = None) -> dict[str, str]:
        name = (region or "").upper()
        name = name if name in self.regions else self.default_region
        numbers = self.regions[name]
        if language:
            return {**numbers, **self.region_translations.get(name, {}).get(language, {})}
        return numbers


def _load_answers(data: dict[str, Any], path: Path | str, article_path: Path | str) -> dict[str, Answer]:
    try:
        article = collapse_whitespace(Path(article_path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError(article_path, "article of record not found") from None
    answers: dict[str, Answer] = {}
    for index, spec in enumerate(require(data, "answers", list, path)):
        key = f"answers[{index}]"
        if not isinstance(spec, dict):
            raise ContentError(path, "expected a mapping", key=key)
        answer_id = require(spec, "id", str, path, key)
        key = f"answers[{answer_id}]"
        if not _ID.match(answer_id) or answer_id in answers:
            raise ContentError(path, "id must be unique snake_case", key=f"{key}.id")
        source = require(spec, "source", dict, path, key)
        quotes = require(source, "quotes", list, path, f"{key}.source")
        if not quotes:
            raise ContentError(path, "at least one quote is required", key=f"{key}.source.quotes")
        for quote in quotes:
            if not isinstance(quote, str) or collapse_whitespace(quote) not in article:
                raise ContentError(
                    path, f"quote not found verbatim in the article: {quote!r}", key=f"{key}.source.quotes"
                )
            # An answer may not rest on the article's advert, even when its own text avoids the words.
            check_not_promotional(quote, path, f"{key}.source.quotes")
        entities = spec.get("entities") or {}
        if not isinstance(entities, dict):
            raise ContentError(path, "expected a mapping of entity -> value", key=f"{key}.entities")
        answer = Answer(
            id=answer_id,
            label=check_text(require(spec, "label", str, path, key), path, f"{key}.label", MAX_LABEL_CHARS),
            intents=tuple(spec.get("intents") or ()),
            entities=tuple(sorted((str(k), str(v)) for k, v in entities.items())),
            reached_by=tuple(spec.get("reached_by") or ()),
            more=spec.get("more"),
            text=check_text(require(spec, "text", str, path, key), path, f"{key}.text", MAX_ANSWER_CHARS),
            section=require(source, "section", str, path, f"{key}.source"),
            quotes=tuple(quotes),
            review=review_of(spec.get("review"), path, f"{key}.review"),
            translations=answer_translations(spec.get("translations"), path, key),
        )
        if not (answer.intents or answer.entities or answer.reached_by):
            raise ContentError(path, "entry is unreachable: give intents, entities or reached_by", key=key)
        answers[answer_id] = answer
    for answer in answers.values():
        if answer.more and answer.more not in answers:
            raise ContentError(path, f"'more' points to unknown id '{answer.more}'", key=f"answers[{answer.id}].more")
    return answers


def load_escalations(path: Path | str) -> tuple[dict[str, Escalation], dict[str, dict[str, str]], str]:
    data = read_mapping(path)
    regions = require(data, "regions", dict, path)
    default_region = require(regions, "default", str, path, "regions")
    numbers = {}
    for name, spec in regions.items():
        if name == "default":
            continue
        if not isinstance(spec, dict) or set(spec) - {"translations"} != PLACEHOLDERS:
            raise ContentError(path, f"each region needs exactly {sorted(PLACEHOLDERS)}", key=f"regions.{name}")
        numbers[name.upper()] = {k: str(v) for k, v in spec.items() if k != "translations"}
    if default_region.upper() not in numbers:
        raise ContentError(path, f"default region '{default_region}' is not defined", key="regions.default")
    escalations: dict[str, Escalation] = {}
    for index, spec in enumerate(require(data, "messages", list, path)):
        key = f"messages[{index}]"
        if not isinstance(spec, dict):
            raise ContentError(path, "expected a mapping", key=key)
        message_id = require(spec, "id", str, path, key)
        key = f"messages[{message_id}]"
        if not _ID.match(message_id) or message_id in escalations:
            raise ContentError(path, "id must be unique snake_case", key=f"{key}.id")
        tier = require(spec, "tier", str, path, key)
        if tier not in TIERS or tier == "none":
            raise ContentError(path, f"unknown tier '{tier}'", key=f"{key}.tier")
        sources = require(spec, "sources", list, path, key)
        if not sources or not all(isinstance(s, dict) and s.get("title") for s in sources):
            raise ContentError(path, "each message needs sources with a title", key=f"{key}.sources")
        escalations[message_id] = Escalation(
            id=message_id,
            tier=tier,
            text=check_text(require(spec, "text", str, path, key), path, f"{key}.text", 900),
            sources=tuple(sources),
            review=review_of(spec.get("review"), path, f"{key}.review"),
            translations=_translations(spec.get("translations"), path, key),
        )
    return escalations, numbers, default_region.upper()


def _translations(spec: Any, path: Path | str, key: str) -> dict[str, Translation]:
    """`translations: {es: {text: ..., translation: "sign-off pending"}}`: the same checks as
    the English text, and a sign-off status that must be stated."""
    if spec is None:
        return {}
    if not isinstance(spec, dict):
        raise ContentError(path, "expected a mapping of language -> {text, translation}", key=f"{key}.translations")
    result = {}
    for language, entry in spec.items():
        entry_key = f"{key}.translations.{language}"
        require_language(language, path, entry_key)
        if not isinstance(entry, dict) or set(entry) != {"text", "translation"}:
            raise ContentError(path, "expected exactly 'text' and 'translation'", key=entry_key)
        status = sign_off_status(entry, path, entry_key)
        text = entry["text"]
        if not isinstance(text, str):
            raise ContentError(path, "expected a string", key=f"{entry_key}.text")
        # Spanish runs about a fifth longer than English for the same content.
        result[language] = Translation(check_text(text, path, f"{entry_key}.text", 1100), status)
    return result


def load_region_translations(path: Path | str) -> dict[str, dict[str, dict[str, str]]]:
    """region -> language -> placeholder -> text; every placeholder named must be a known one."""
    result: dict[str, dict[str, dict[str, str]]] = {}
    for name, spec in require(read_mapping(path), "regions", dict, path).items():
        if name == "default" or not isinstance(spec, dict) or spec.get("translations") is None:
            continue
        translations = spec["translations"]
        key = f"regions.{name}.translations"
        if not isinstance(translations, dict):
            raise ContentError(path, "expected a mapping of language -> placeholders", key=key)
        for language, values in translations.items():
            require_language(language, path, f"{key}.{language}")
            if (
                not isinstance(values, dict)
                or not values
                or not set(values) <= PLACEHOLDERS
                or not all(isinstance(v, str) and v.strip() for v in values.values())
            ):
                raise ContentError(
                    path, f"expected some of {sorted(PLACEHOLDERS)} as non-empty text", key=f"{key}.{language}"
                )
        result[name.upper()] = {lang: dict(values) for lang, values in translations.items()}
    return result


def _entity_intents(data: dict[str, Any], path: Path | str) -> dict[str, tuple[str, ...]]:
    mapping = require(data, "entity_intents", dict, path)
    for entity, intents in mapping.items():
        if not isinstance(intents, list) or not all(isinstance(i, str) for i in intents):
            raise ContentError(path, "expected a list of intent names", key=f"entity_intents.{entity}")
    return {entity: tuple(intents) for entity, intents in mapping.items()}


def _default_topics(data: dict[str, Any], path: Path | str, answers: dict[str, Answer]) -> tuple[str, ...]:
    topics = require(data, "default_topics", list, path)
    for topic in topics:
        if topic not in answers:
            raise ContentError(path, f"unknown answer id '{topic}'", key="default_topics")
    return tuple(topics)


def load_catalogue(
    answers_path: Path | str, escalations_path: Path | str, article_path: Path | str, include_unserved: bool = False
) -> Catalogue:
    """Approved entries only (governance.py), unless include_unserved (the content report)."""
    data = read_mapping(answers_path)
    answers = _load_answers(data, answers_path, article_path)
    escalations, regions, default_region = load_escalations(escalations_path)
    catalogue = Catalogue(
        answers,
        escalations,
        regions,
        default_region,
        _entity_intents(data, answers_path),
        _default_topics(data, answers_path, answers),
        load_region_translations(escalations_path),
    )
    governed = govern(catalogue, answers_path, escalations_path, include_unserved)
    require_translations(governed.answers, answers_path)
    return governed
