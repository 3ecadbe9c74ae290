"""The real-language corpus: patient messages in real register, labelled, split by source.

Every case names the site and kind of source it came from. The split is by site, so no
site's register leaks from the training part into the blind part. Blind cases that informed
a change are moved to `split: informed` (kept, scored separately, never called blind).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from isobot import settings
from isobot.content.errors import ContentError
from isobot.content.yaml_file import read_mapping
from isobot.safety.tiers import ESCALATING_HIGHEST_FIRST, HIGHEST_FIRST

CORPUS = settings.ROOT / "tests" / "real_language" / "corpus.yml"
SPLITS = ("train", "blind", "informed")
TIERS = HIGHEST_FIRST
KINDS = ("question", "report", "chitchat", "out_of_scope", "feedback", "request")
ESCALATING = ESCALATING_HIGHEST_FIRST


@dataclass(frozen=True)
class Case:
    id: str
    turns: tuple[str, ...]  # earlier messages of the same chat, oldest first
    text: str  # the message that is scored
    site: str
    source_kind: str
    split: str
    tier: str
    kind: str
    topic: str | None
    also_ok: tuple[str, ...]
    family: str | None
    harmless_alarming: bool
    two_parts: bool

    @property
    def part(self) -> str:
        """The collection the case came in ("f13" of "f13-042"): figures per part show which
        writer's register a change helped, and first contact is reported per part."""
        return self.id.split("-", 1)[0]

    @property
    def topics(self) -> frozenset[str]:
        return frozenset(((self.topic,) if self.topic else ()) + self.also_ok)

    @property
    def in_scope_question(self) -> bool:
        """A question the catalogue answers, with no alarm needed."""
        return self.kind == "question" and self.topic is not None and self.tier in ("none", "info")

    @property
    def informational(self) -> bool:
        """Asks for information and needs no escalation (over-triage is measured on these)."""
        return self.kind in ("question", "out_of_scope") and self.tier in ("none", "info")


def _case(spec: dict[str, Any], path: Path, where: str) -> Case:
    def need(key: str, allowed: tuple[str, ...] | None = None) -> str:
        value = spec.get(key)
        if not isinstance(value, str) or not value or (allowed and value not in allowed):
            raise ContentError(path, f"expected one of {allowed}" if allowed else "missing", key=f"{where}.{key}")
        return value

    turns = spec.get("turns") or []
    if not isinstance(turns, list) or not all(isinstance(t, str) for t in turns):
        raise ContentError(path, "turns must be a list of strings", key=f"{where}.turns")
    topic = spec.get("topic")
    if topic is not None and not isinstance(topic, str):
        raise ContentError(path, "topic must be a string or null", key=f"{where}.topic")
    return Case(
        id=need("id"),
        turns=tuple(turns),
        text=need("text"),
        site=need("site"),
        source_kind=need("source_kind"),
        split=need("split", SPLITS),
        tier=need("tier", TIERS),
        kind=need("kind", KINDS),
        topic=topic,
        also_ok=tuple(spec.get("also_ok") or ()),
        family=spec.get("family"),
        harmless_alarming=bool(spec.get("harmless_alarming")),
        two_parts=bool(spec.get("two_parts")),
    )


def load_corpus(path: Path | str = CORPUS, topics: frozenset[str] | None = None) -> list[Case]:
    """All cases; `topics` (the catalogue's answer ids), when given, checks every label."""
    path = Path(path)
    data = read_mapping(path)
    cases = [_case(spec, path, f"cases[{i}]") for i, spec in enumerate(data.get("cases") or [])]
    if not cases:
        raise ContentError(path, "no cases", key="cases")
    seen: set[str] = set()
    for case in cases:
        if case.id in seen:
            raise ContentError(path, f"duplicate id {case.id}", key="cases")
        seen.add(case.id)
        unknown = case.topics - topics if topics is not None else set()
        if unknown:
            raise ContentError(path, f"unknown topic(s) {sorted(unknown)}", key=case.id)
    sites: dict[str, set[str]] = {}
    for case in cases:
        if case.split != "informed":
            sites.setdefault(case.site, set()).add(case.split)
    mixed = sorted(site for site, splits in sites.items() if len(splits) > 1)
    if mixed:
        raise ContentError(path, f"sites in both train and blind: {mixed}", key="cases")
    return cases


def split(cases: list[Case], name: str) -> list[Case]:
    return [c for c in cases if c.split == name]


def trainable(cases: list[Case]) -> list[Case]:
    """The cases a generator may learn from: the train and informed parts, never the blind one.

    The one place that says so, for the NLU examples and the learned net's examples alike."""
    return split(cases, "train") + split(cases, "informed")
