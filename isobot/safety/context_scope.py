"""Which context cues of a message still stand once they are read against each other and
against the concepts: the step of red-flag detection between matching the phrases and
deciding each sentence (isobot/safety/detector.py).

Each rule here keeps a cue from reaching past its scope: a negated resolution is the symptom
staying, a time that dates a recovery is not a present symptom, a person who is the object of
the writer's verb is not a third party, a figure of speech removes the concepts inside it, and
a tag question ("..., is it normal?") makes the sentence the writer's own.
"""

from __future__ import annotations

from dataclasses import dataclass

from isobot.safety.context import Match, overlaps, tag_question


@dataclass(frozen=True)
class Scope:
    matches: list[Match]  # the context cues that stand
    by_kind: dict[str, list[Match]]
    concepts: list[Match]  # the concept matches outside any figure of speech
    resolved: list[Match]
    cues: list[Match]  # negation cues that are not part of a concept or a pseudo-negation
    post_cues: list[Match]
    figurative: list[Match]
    in_concept: frozenset[int]  # token positions inside a concept match


def scope_context(
    context_matches: list[Match], concept_matches: list[Match], sentence_of: list[int], clause_of: list[int]
) -> Scope:
    by_kind: dict[str, list[Match]] = {}
    for m in context_matches:
        by_kind.setdefault(m.key, []).append(m)
    # "has not gone away", "never went away": a negated resolution is the symptom staying.
    negations = by_kind.get("negation_cues", [])
    context_matches = [
        m for m in context_matches if m.key != "resolved" or not any(m.start - 2 <= n.end <= m.start for n in negations)
    ]
    resolved = [m for m in context_matches if m.key == "resolved"]
    # "totally fine this morning": its "this morning" dates the recovery, not a symptom.
    context_matches = [
        m for m in context_matches if m.key != "present_now" or not any(overlaps(m, r) for r in resolved)
    ]
    by_kind["resolved"] = resolved
    by_kind["present_now"] = [m for m in context_matches if m.key == "present_now"]
    # "can not be bothered seeing anyone": the person is the object of the writer's verb.
    objects = by_kind.get("person_as_object", [])
    context_matches = [
        m
        for m in context_matches
        if m.key not in ("third_party", "present_other") or not any(overlaps(m, o) for o in objects)
    ]

    # "can not tell if i have finished" (peeing): a hypothetical cue ("if i have") inside the
    # words of a symptom is part of how the symptom is said, not a hypothetical.
    inside = [
        m
        for m in context_matches
        if m.key == "hypothetical" and any(c.start <= m.start and m.end <= c.end for c in concept_matches)
    ]
    context_matches = [m for m in context_matches if m not in inside]
    by_kind["hypothetical"] = [m for m in by_kind.get("hypothetical", []) if m not in inside]

    figurative = by_kind.get("figurative", [])
    concept_matches = [m for m in concept_matches if not any(overlaps(m, f) for f in figurative)]
    # "my brother got really low, does that happen?" stays a question about someone else.
    about_others = {sentence_of[m.start] for m in context_matches if m.key == "third_party"}
    context_matches = [
        m
        for m in context_matches
        if sentence_of[m.start] in about_others or not tag_question(m, concept_matches, sentence_of, clause_of)
    ]
    in_concept = frozenset(i for m in concept_matches for i in range(m.start, m.end))
    pseudo = {i for m in by_kind.get("pseudo_negations", []) for i in range(m.start, m.end)}
    cues = [
        m
        for m in by_kind.get("negation_cues", [])
        if not any(i in in_concept or i in pseudo for i in range(m.start, m.end))
    ]
    return Scope(
        context_matches,
        by_kind,
        concept_matches,
        resolved,
        cues,
        by_kind.get("post_negation", []),
        figurative,
        in_concept,
    )
