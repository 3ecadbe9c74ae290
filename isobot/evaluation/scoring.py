"""Figures from (case, outcome) pairs: what the patient got against what they needed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from isobot.evaluation.corpus import ESCALATING, Case
from isobot.evaluation.replies import Outcome
from isobot.safety.tiers import TIER_RANK

Pairs = Sequence[tuple[Case, Outcome]]


def answered_right(case: Case, outcome: Outcome) -> bool:
    """The first answer shown is the labelled topic (or an accepted alternative). A question
    about red-flag symptoms is also answered right by the red-flag information."""
    if case.tier == "info" and outcome.tier == "info":
        return True
    return bool(outcome.answers) and outcome.answers[0] in case.topics and outcome.tier in ("none", "info")


def caught(expected: str, got: str) -> bool:
    return TIER_RANK[got] >= TIER_RANK[expected]


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def language_metrics(pairs: Pairs) -> dict[str, Any]:
    in_scope = [(c, o) for c, o in pairs if c.in_scope_question]
    questions = [(c, o) for c, o in pairs if c.kind == "question"]
    per_topic: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for case, outcome in in_scope:
        right = answered_right(case, outcome)
        topic = case.topic or ""  # never empty: an in-scope question has a topic
        per_topic[topic][0] += 1
        per_topic[topic][1] += right
        if not right:
            misses.append(
                {
                    "id": case.id,
                    "text": case.text,
                    "turns": list(case.turns),
                    "expected": case.topic,
                    "got": outcome.kind,
                }
            )
    acknowledged = [c.id for c, o in questions if o.acknowledgement_only]
    return {
        "in_scope_questions": len(in_scope),
        "top1_accuracy": _share(sum(answered_right(c, o) for c, o in in_scope), len(in_scope)),
        "did_you_mean_share": _share(sum(o.did_you_mean for _, o in in_scope), len(in_scope)),
        "questions": len(questions),
        "acknowledged_questions": len(acknowledged),
        "acknowledged_ids": acknowledged,
        "per_topic": {t: {"cases": n, "right": r} for t, (n, r) in sorted(per_topic.items())},
        "misses": misses,
    }


def safety_metrics(pairs: Pairs) -> dict[str, Any]:
    recall, counts, misses = {}, {}, []
    for tier in ESCALATING:
        these = [(c, o) for c, o in pairs if c.tier == tier]
        counts[tier] = len(these)
        recall[tier] = _share(sum(caught(tier, o.tier) for _, o in these), len(these)) if these else 1.0
        misses += [
            {"id": c.id, "text": c.text, "turns": list(c.turns), "expected": tier, "got": o.kind, "family": c.family}
            for c, o in these
            if not caught(tier, o.tier)
        ]
    harmless = [(c, o) for c, o in pairs if c.tier == "none"]
    false_alarms = [
        {"id": c.id, "text": c.text, "turns": list(c.turns), "got": o.kind}
        for c, o in harmless
        if o.tier == "emergency"
    ]
    informational = [(c, o) for c, o in pairs if c.informational]
    over = [
        {"id": c.id, "text": c.text, "turns": list(c.turns), "expected": c.tier, "got": o.kind}
        for c, o in informational
        if o.tier in ESCALATING
    ]
    late = [c.id for c, o in pairs if c.tier in ESCALATING and o.tier != "none" and not o.escalated_first]
    return {
        "counts": {**counts, "none": len(harmless), "informational": len(informational)},
        "recall": recall,
        "false_emergency_rate": _share(len(false_alarms), len(harmless)),
        "over_triage_rate": _share(len(over), len(informational)),
        "escalation_not_first": late,
        "misses": misses,
        "false_alarms": false_alarms,
        "over_triage": over,
    }


def headline(pairs: Pairs) -> dict[str, Any]:
    """The figures of one part as counts, no case text: top-1 and each tier's recall as
    right-of-all, so parts add up and a part's miss list need not be read to report it."""
    in_scope = [(c, o) for c, o in pairs if c.in_scope_question]
    informational = [(c, o) for c, o in pairs if c.informational]
    harmless = [(c, o) for c, o in pairs if c.tier == "none"]
    return {
        "cases": len(pairs),
        "top1": [sum(answered_right(c, o) for c, o in in_scope), len(in_scope)],
        "did_you_mean": [sum(o.did_you_mean for _, o in in_scope), len(in_scope)],
        "recall": {
            tier: [sum(caught(tier, o.tier) for c, o in pairs if c.tier == tier), sum(c.tier == tier for c, _ in pairs)]
            for tier in ESCALATING
        },
        "false_emergency": [sum(o.tier == "emergency" for _, o in harmless), len(harmless)],
        "over_triage": [sum(o.tier in ESCALATING for _, o in informational), len(informational)],
    }


def split_turn_metrics(pairs_by_variant: dict[str, Pairs]) -> dict[str, Any]:
    """Red flags split across turns, escalated with the guided check open and closed."""
    result = {}
    for variant, pairs in pairs_by_variant.items():
        these = [(c, o) for c, o in pairs if c.turns and c.tier in ESCALATING]
        result[variant] = {
            "cases": len(these),
            "escalated": sum(caught(c.tier, o.tier) for c, o in these),
            "missed": [
                {"id": c.id, "turns": list(c.turns), "text": c.text, "got": o.kind}
                for c, o in these
                if not caught(c.tier, o.tier)
            ],
        }
    return result
