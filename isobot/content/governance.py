"""The lifecycle of each catalogue entry: status, review due date and, for escalations, sign-off.

content/answers.yml and content/escalations.yml give every entry `status` (draft, approved,
retired), `review.date` and `review.next_due`, and escalations `signed_off_by`/`signed_off_on`
(null while clinical sign-off is pending). Each file names its `review_cycle_months`, used when
an entry leaves `next_due` out.

Only approved entries are served: a draft or retired one is dropped from the catalogue the
bot answers from, and anything that would still lead to it (a `more` link, a default topic,
a red-flag rule, a screening question) fails the build, naming it. An overdue entry is still
served (withdrawing vetted safety advice because a date passed would be worse) and is flagged
loudly instead: in the content report, the staff console and the Rasa server's start-up log.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from isobot.content.errors import ContentError
from isobot.content.yaml_file import read_mapping, require

if TYPE_CHECKING:  # catalogue.py imports this module at run time
    from isobot.content.catalogue import Catalogue

STATUSES = ("draft", "approved", "retired")
SERVED = "approved"
# Tier -> the escalation every unmatched variation falls back to (scripts/build_domain.py).
GENERIC_ESCALATIONS = ("emergency_generic", "urgent_generic")
logger = logging.getLogger("isobot.content")


@dataclasses.dataclass(frozen=True, kw_only=True)
class Lifecycle:
    """Mixed into content.Answer and content.Escalation; keyword-only, so it adds no positional field."""

    status: str = SERVED
    next_due: str | None = None  # "YYYY-MM-DD"
    signed_off_by: str | None = None  # escalations: null while clinical sign-off is pending
    signed_off_on: str | None = None
    readability_note: str | None = None  # why a required medical term costs reading ease

    @property
    def served(self) -> bool:
        return self.status == SERVED

    @property
    def sign_off(self) -> str:
        return f"signed by {self.signed_off_by} on {self.signed_off_on}" if self.signed_off_by else "pending"

    def days_until_review(self, today: dt.date | None = None) -> int | None:
        if not self.next_due:
            return None
        return (dt.date.fromisoformat(self.next_due) - (today or dt.date.today())).days


class _Entry(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def next_due(self) -> str | None: ...


E = TypeVar("E")


def parse_date(value: Any, path: Path | str, key: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ContentError(path, f"expected a date YYYY-MM-DD, got {value!r}", key=key) from None


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_cycle(data: dict[str, Any], path: Path | str) -> int:
    months = require(data, "review_cycle_months", int, path)
    if months < 1:
        raise ContentError(path, "expected a whole number of months, at least 1", key="review_cycle_months")
    return int(months)


def lifecycle_fields(spec: dict[str, Any], path: Path | str, key: str, cycle: int, escalation: bool) -> dict[str, Any]:
    """The Lifecycle fields of one entry, validated; every problem names the file and the key."""
    status = require(spec, "status", str, path, key)
    if status not in STATUSES:
        raise ContentError(path, f"unknown status '{status}'; expected one of {list(STATUSES)}", key=f"{key}.status")
    review = require(spec, "review", dict, path, key)
    reviewed = parse_date(review.get("date"), path, f"{key}.review.date")
    due_value = review.get("next_due")
    due = parse_date(due_value, path, f"{key}.review.next_due") if due_value else add_months(reviewed, cycle)
    if due <= reviewed:
        raise ContentError(
            path, f"next_due {due} is not after the review date {reviewed}", key=f"{key}.review.next_due"
        )
    fields: dict[str, Any] = {"status": status, "next_due": due.isoformat()}
    note = spec.get("readability_note")
    if note is not None and (not isinstance(note, str) or not note.strip()):
        raise ContentError(
            path, "expected a sentence saying which term costs points and why", key=f"{key}.readability_note"
        )
    fields["readability_note"] = note.strip() if note else None
    if escalation:
        for name in ("signed_off_by", "signed_off_on"):
            if name not in spec:
                raise ContentError(path, "missing (write null while clinical sign-off is pending)", key=f"{key}.{name}")
        by, on = spec["signed_off_by"], spec["signed_off_on"]
        if (by is None) != (on is None) or (by is not None and not (isinstance(by, str) and by.strip())):
            raise ContentError(
                path, "give both the clinician (name, role) and the date, or null for both", key=f"{key}.signed_off_by"
            )
        fields["signed_off_by"] = by.strip() if by else None
        fields["signed_off_on"] = parse_date(on, path, f"{key}.signed_off_on").isoformat() if on else None
    return fields


def _governed(
    entries: dict[str, E], specs: list[Any], list_key: str, path: Path | str, cycle: int, escalation: bool
) -> dict[str, E]:
    by_id = {spec.get("id"): spec for spec in specs if isinstance(spec, dict)}
    return {
        entry_id: dataclasses.replace(
            entry,
            **lifecycle_fields(  # type: ignore[type-var]
                by_id[entry_id], path, f"{list_key}[{entry_id}]", cycle, escalation
            ),
        )
        for entry_id, entry in entries.items()
    }


def govern(
    catalogue: Catalogue, answers_path: Path | str, escalations_path: Path | str, include_unserved: bool = False
) -> Catalogue:
    """The catalogue with each entry's lifecycle; without include_unserved, approved entries only."""
    answers_data, escalations_data = read_mapping(answers_path), read_mapping(escalations_path)
    answers = _governed(
        catalogue.answers,
        answers_data["answers"],
        "answers",
        answers_path,
        review_cycle(answers_data, answers_path),
        escalation=False,
    )
    escalations = _governed(
        catalogue.escalations,
        escalations_data["messages"],
        "messages",
        escalations_path,
        review_cycle(escalations_data, escalations_path),
        escalation=True,
    )
    if include_unserved:
        return dataclasses.replace(catalogue, answers=answers, escalations=escalations)
    served_answers = {k: v for k, v in answers.items() if v.served}
    served_escalations = {k: v for k, v in escalations.items() if v.served}
    for answer in served_answers.values():
        if answer.more and answer.more not in served_answers:
            raise ContentError(
                answers_path,
                f"'more' points to '{answer.more}', which is {answers[answer.more].status} and never served",
                key=f"answers[{answer.id}].more",
            )
    for topic in catalogue.default_topics:
        if topic not in served_answers:
            raise ContentError(
                answers_path, f"'{topic}' is {answers[topic].status} and never served", key="default_topics"
            )
    for generic in GENERIC_ESCALATIONS:
        if generic in escalations and generic not in served_escalations:
            raise ContentError(
                escalations_path,
                "every unmatched escalation falls back to this message: it must stay approved",
                key=f"messages[{generic}].status",
            )
    return dataclasses.replace(catalogue, answers=served_answers, escalations=served_escalations)


def check_rules_reach_served(escalations: dict[str, Any], rule_paths: Iterable[Path | str]) -> None:
    """A red-flag rule naming a draft or retired escalation would escalate with another tier's
    generic text: refuse to build instead, naming the rule."""
    for path in rule_paths:
        for index, flag in enumerate(require(read_mapping(path), "flags", list, path)):
            name = flag.get("escalation") if isinstance(flag, dict) else None
            if name and name not in escalations:
                raise ContentError(
                    path,
                    f"escalation '{name}' is not served (draft, retired or unknown)",
                    key=f"flags[{flag.get('id', index)}].escalation",
                )


def overdue(entries: Iterable[_Entry], today: dt.date | None = None) -> list[tuple[_Entry, int]]:
    """(entry, days overdue) for each entry whose review date has passed, most overdue first."""
    today = today or dt.date.today()
    late = [
        (entry, (today - dt.date.fromisoformat(entry.next_due)).days)
        for entry in entries
        if entry.next_due and dt.date.fromisoformat(entry.next_due) < today
    ]
    return sorted(late, key=lambda item: -item[1])


def log_overdue(catalogue: Any, today: dt.date | None = None) -> int:
    """One WARNING per overdue entry, at start-up; returns how many there are."""
    late = overdue([*catalogue.answers.values(), *catalogue.escalations.values()], today)
    for entry, days in late:
        logger.warning(
            "CONTENT REVIEW OVERDUE: '%s' was due for review on %s (%d days ago). It is still "
            "served; review it, then update review.date and review.next_due (make content-report "
            "lists every entry).",
            entry.id,
            entry.next_due,
            days,
        )
    return len(late)
