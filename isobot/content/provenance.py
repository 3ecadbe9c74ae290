"""Provenance the patient can see: where each answer and escalation comes from.

Every answer response (`utter_answer_<id>`) and every escalation variation (`utter_escalate_<tier>`,
one per message and language) gets `custom.provenance` when scripts/build_domain.py writes the
responses. It is built here, at build time, from content/ alone, so it travels inside the
model with the text it describes: the reply that carries an escalation's words carries its
sources too, with the action server down, since no action is involved (README, "safety path").

The payload is the one docs/web.md shows. A translated answer's variation (`utter_answer_<id>`
conditioned on the `language` slot) carries the same payload with the source line in its
language (content/provenance.yml `languages.<code>`), `language` and `translation` (its
sign-off status); the quotes stay the English article's. The lifecycle fields (`review.next_due`, with the
file's default cycle when absent, and `signed_off_by` / `signed_off_on`, sign-off "pending"
until both are given) are the catalogue's own, as governance.py validated them: the patient
sees the same dates as the content report and the staff console.
"""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from isobot import settings
from isobot.content.catalogue import ANSWER_RESPONSE_PREFIX, ESCALATION_RESPONSE_PREFIX, Answer, Catalogue, Escalation
from isobot.content.errors import ContentError
from isobot.content.yaml_file import read_mapping, require

PROVENANCE_KEY = "provenance"
TEMPLATES = settings.ROOT / "content" / "provenance.yml"
DEFAULT_LANGUAGE = "en"
Payload = dict[str, Any]


@dataclass(frozen=True)
class LineTemplates:
    """One language's wording of the source line (content/provenance.yml)."""

    answer: str
    escalation: str
    title_separator: str
    sign_off_pending: str
    sign_off_signed: str
    months: tuple[str, ...]

    def date(self, iso: str) -> str:
        day = datetime.date.fromisoformat(iso)
        return f"{day.day} {self.months[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class Lifecycle:
    next_due: str | None = None
    signed_off_by: str | None = None
    signed_off_on: str | None = None


def _iso(value: Any, path: Path | str, key: str) -> str | None:
    """A date as YAML gives it (a date, or a quoted "YYYY-MM-DD"), checked; None when unset."""
    if value is None:
        return None
    text = value.isoformat() if isinstance(value, datetime.date) else str(value)
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        raise ContentError(path, f"expected a date YYYY-MM-DD, got {text!r}", key=key) from None
    return text


def load_templates(path: Path | str) -> dict[str, LineTemplates]:
    languages = require(read_mapping(path), "languages", dict, path)
    if DEFAULT_LANGUAGE not in languages:
        raise ContentError(path, "missing", key=f"languages.{DEFAULT_LANGUAGE}")
    result = {}
    for language, spec in languages.items():
        key = f"languages.{language}"
        if not isinstance(spec, dict):
            raise ContentError(path, "expected a mapping", key=key)
        sign_off = require(spec, "sign_off", dict, path, key)
        months = require(spec, "months", list, path, key)
        if len(months) != 12 or not all(isinstance(m, str) and m for m in months):
            raise ContentError(path, "expected the 12 month names", key=f"{key}.months")
        result[str(language)] = LineTemplates(
            answer=require(spec, "answer", str, path, key),
            escalation=require(spec, "escalation", str, path, key),
            title_separator=require(spec, "title_separator", str, path, key),
            sign_off_pending=require(sign_off, "pending", str, path, f"{key}.sign_off"),
            sign_off_signed=require(sign_off, "signed", str, path, f"{key}.sign_off"),
            months=tuple(months),
        )
    return result


def lifecycle_of(entry: Answer | Escalation) -> Lifecycle:
    return Lifecycle(next_due=entry.next_due, signed_off_by=entry.signed_off_by, signed_off_on=entry.signed_off_on)


def article_title(path: Path | str) -> str:
    """The article of record's title: its first non-empty line."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise ContentError(path, "article of record not found") from None
    title = next((line.strip() for line in lines if line.strip()), "")
    if not title:
        raise ContentError(path, "the article has no title line")
    return title


def answer_provenance(answer: Answer, lifecycle: Lifecycle, title: str, lines: LineTemplates) -> Payload:
    return {
        "kind": "answer",
        "id": answer.id,
        "section": answer.section,
        "quotes": list(answer.quotes),
        "article_title": title,
        "reviewer": answer.review.reviewer,
        "reviewed_on": answer.review.date,
        "next_review_due": lifecycle.next_due,
        "version": answer.review.version,
        "source_line": lines.answer.format(
            title=title, section=answer.section, reviewed_on=lines.date(answer.review.date)
        ),
    }


def translated_answer_provenance(answer: Answer, english: Payload, lines: LineTemplates, language: str) -> Payload:
    """The English payload (the same article, quotes and review), with the source line in the
    reply's language and the translation's own sign-off status: the quotes stay the article's."""
    return {
        **english,
        "source_line": lines.answer.format(
            title=english["article_title"], section=answer.section, reviewed_on=lines.date(answer.review.date)
        ),
        "language": language,
        "translation": answer.translations[language].status,
    }


def _variation_language(variation: dict[str, Any]) -> str:
    slots = {c.get("name"): c.get("value") for c in variation.get("condition") or []}
    return str(slots.get("language", DEFAULT_LANGUAGE))


def _sources(message: Escalation) -> list[dict[str, str | None]]:
    return [
        {"title": str(source["title"]), "url": source.get("url"), "section": source.get("section")}
        for source in message.sources
    ]


def escalation_provenance(message: Escalation, lifecycle: Lifecycle, lines: LineTemplates) -> Payload:
    # Signed only when both the name and the date are given: half a sign-off is not one.
    signed = bool(lifecycle.signed_off_by and lifecycle.signed_off_on)
    sign_off = {
        "status": "signed" if signed else "pending",
        "by": lifecycle.signed_off_by if signed else None,
        "on": lifecycle.signed_off_on if signed else None,
    }
    sign_off_words = lines.sign_off_pending
    if signed:
        sign_off_words = lines.sign_off_signed.format(
            by=lifecycle.signed_off_by, on=lines.date(str(lifecycle.signed_off_on))
        )
    sources = _sources(message)
    return {
        "kind": "escalation",
        "id": message.id,
        "sources": sources,
        "reviewer": message.review.reviewer,
        "reviewed_on": message.review.date,
        "next_review_due": lifecycle.next_due,
        "version": message.review.version,
        "sign_off": sign_off,
        "source_line": lines.escalation.format(
            titles=lines.title_separator.join(str(s["title"]) for s in sources),
            reviewed_on=lines.date(message.review.date),
            sign_off=sign_off_words,
        ),
    }


@dataclass(frozen=True)
class Provenances:
    answers: dict[str, Payload]  # answer id -> payload (English)
    escalations: dict[tuple[str, str], Payload]  # (message id, language) -> payload
    translated_answers: dict[tuple[str, str], Payload] = field(default_factory=dict)  # (answer id, language)

    def attach(self, responses: dict[str, list[dict[str, Any]]]) -> None:
        """Put `custom.provenance` on every answer response and escalation variation, in place."""
        for name, variations in responses.items():
            if name.startswith(ANSWER_RESPONSE_PREFIX):
                answer_id = name[len(ANSWER_RESPONSE_PREFIX) :]
                for variation in variations:
                    language = _variation_language(variation)
                    payload = (
                        self.answers.get(answer_id)
                        if language == DEFAULT_LANGUAGE
                        else self.translated_answers.get((answer_id, language))
                    )
                    if payload is not None:
                        variation.setdefault("custom", {})[PROVENANCE_KEY] = copy.deepcopy(payload)
            elif name.startswith(ESCALATION_RESPONSE_PREFIX):
                self._attach_escalation(name, variations)

    def _attach_escalation(self, name: str, variations: list[dict[str, Any]]) -> None:
        by_text: dict[str, Payload] = {}
        for variation in variations:
            slots = {c.get("name"): c.get("value") for c in variation.get("condition") or []}
            payload = self.escalations.get((str(slots.get("escalation")), str(slots.get("language", DEFAULT_LANGUAGE))))
            if payload is not None:
                variation.setdefault("custom", {})[PROVENANCE_KEY] = copy.deepcopy(payload)
                by_text.setdefault(variation["text"], payload)
        for variation in variations:
            # The unconditioned fallback repeats a message's text: it names that message's sources.
            if not variation.get("condition") and variation["text"] in by_text:
                variation.setdefault("custom", {})[PROVENANCE_KEY] = copy.deepcopy(by_text[variation["text"]])
            elif PROVENANCE_KEY not in (variation.get("custom") or {}):
                raise ContentError(name, "an escalation variation has no provenance (no message or language matches)")


def build_provenances(
    catalogue: Catalogue,
    answers_path: Path | str,
    escalations_path: Path | str,
    article_path: Path | str,
    templates_path: Path | str,
) -> Provenances:
    templates = load_templates(templates_path)
    english = templates[DEFAULT_LANGUAGE]
    title = article_title(article_path)
    answers = {
        answer.id: answer_provenance(answer, lifecycle_of(answer), title, english)
        for answer in catalogue.answers.values()
    }
    translated = {
        (answer.id, language): translated_answer_provenance(
            answer, answers[answer.id], templates.get(language, english), language
        )
        for answer in catalogue.answers.values()
        for language in sorted(answer.translations)
    }
    escalations = {}
    for message in catalogue.escalations.values():
        lifecycle = lifecycle_of(message)
        for language in (DEFAULT_LANGUAGE, *sorted(message.translations)):
            payload = escalation_provenance(message, lifecycle, templates.get(language, english))
            if language != DEFAULT_LANGUAGE:
                # As the translated answers: the patient can see the translation is not yet signed off.
                payload.update(language=language, translation=message.translations[language].status)
            escalations[(message.id, language)] = payload
    return Provenances(answers, escalations, translated)


def for_catalogue(catalogue: Catalogue) -> Provenances:
    """The provenance of the catalogue in the project's own content files."""
    return build_provenances(catalogue, settings.ANSWERS, settings.ESCALATIONS, settings.ARTICLE, TEMPLATES)
