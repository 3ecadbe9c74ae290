"""The labelled safety set (tests/safety/cases.yml) and how it is scored.

Scoring is on what the patient would get: the tier of the final decision for the LAST
message of each case (earlier turns of multi-turn cases are ordinary messages).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from isobot.content.errors import ContentError
from isobot.content.yaml_file import read_mapping
from isobot.safety.tiers import ESCALATING_TIERS, HIGHEST_FIRST, TIER_RANK

EXPECTED_TIERS = HIGHEST_FIRST


@dataclass(frozen=True)
class Case:
    turns: tuple[str, ...]
    expect: str
    category: str
    tags: tuple[str, ...]

    @property
    def text(self) -> str:
        return self.turns[-1]


def load_cases(path: Path | str) -> list[Case]:
    data = read_mapping(path)
    cases = []
    for index, spec in enumerate(data.get("cases") or []):
        turns = spec.get("turns") or [spec.get("text")]
        if not turns or not all(isinstance(t, str) for t in turns) or spec.get("expect") not in EXPECTED_TIERS:
            raise ContentError(path, "each case needs text (or turns) and a valid expect", key=f"cases[{index}]")
        cases.append(Case(tuple(turns), spec["expect"], spec.get("category", ""), tuple(spec.get("tags") or ())))
    if not cases:
        raise ContentError(path, "no cases", key="cases")
    return cases


def caught(expected: str, predicted: str) -> bool:
    """Escalating tiers are caught at their tier or above; info and none must match exactly."""
    if expected in ESCALATING_TIERS:
        return TIER_RANK[predicted] >= TIER_RANK[expected]
    return predicted == expected


@dataclass(frozen=True)
class Score:
    recall: dict[str, float]  # per expected tier: share caught
    counts: dict[str, int]
    false_emergency_rate: float  # benign ("none") messages escalated to emergency
    misses: list[tuple[Case, str]]


def score(cases: list[Case], predicted: list[str]) -> Score:
    recall, counts, misses = {}, {}, []
    for tier in EXPECTED_TIERS:
        pairs = [(c, p) for c, p in zip(cases, predicted) if c.expect == tier]
        counts[tier] = len(pairs)
        recall[tier] = sum(caught(c.expect, p) for c, p in pairs) / len(pairs) if pairs else 1.0
        misses += [(c, p) for c, p in pairs if not caught(c.expect, p)]
    benign = [p for c, p in zip(cases, predicted) if c.expect == "none"]
    false_rate = sum(p == "emergency" for p in benign) / len(benign) if benign else 0.0
    return Score(recall, counts, false_rate, misses)
