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

from isobot.safety.context import OTHER_HAD, Match, overlaps, tag_question
from isobot.safety.findings import FlagHit
from isobot.safety.tiers import ACT_NOW_TIERS

# "my cousin had ...", "she got ...": the past tense read as written, since the lemma "have" is
# also "has" (and "get" also "gets").
OTHER_PAST = frozenset({"had", "got"})


def other_person_had(context_matches: list[Match], words: list[str], clause_of: list[int]) -> list[Match]:
    """ "my cousin had", "she got", "her legs went dead once": another person's illness told in the
    past tense or as one time, with no time word in its clause ("my son had a fall this morning" is now)."""
    timed = {clause_of[m.start] for m in context_matches if m.key in ("time_word", "present_now")}
    # "my friend said her legs went dead on a flight once": one time, long over, in the person's clause.
    once = {clause_of[m.start] for m in context_matches if m.key == "told_once"}
    return [
        Match(OTHER_HAD, m.start, m.end + 1)
        for m in context_matches
        if m.key == "third_party"
        and m.end < len(words)
        and (words[m.end] in OTHER_PAST or clause_of[m.start] in once)
        and clause_of[m.end] not in timed
    ]


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
    # Words read as something harmless ("levels were low", "wants me to quit"): set aside, so
    # that the classifier cannot turn them back into an alarm.
    set_aside: frozenset[str] = frozenset()


def scope_context(
    context_matches: list[Match],
    concept_matches: list[Match],
    sentence_of: list[int],
    clause_of: list[int],
    words: list[str] | None = None,
) -> Scope:
    # "years ago and numb down there since": "since" brings the episode back only when a symptom
    # is told in its clause; "years ago, none since" / "fine ever since" leave it over.
    if words is not None:
        context_matches = context_matches + other_person_had(context_matches, words, clause_of)
    for m in [m for m in context_matches if m.key == "override_with_symptom"]:
        if any(clause_of[c.start] == clause_of[m.start] for c in concept_matches):
            context_matches.append(Match("past_overrides", m.start, m.end))
    # "doctor checked me, all fine": a clinician's all-clear is a resolution (its own key also
    # keeps the detector from turning it into information).
    context_matches += [Match("resolved", m.start, m.end) for m in context_matches if m.key == "checked_fine"]
    by_kind: dict[str, list[Match]] = {}
    for m in context_matches:
        by_kind.setdefault(m.key, []).append(m)
    # "has not gone away", "never went away": a negated resolution is the symptom staying.
    negations = by_kind.get("negation_cues", [])
    context_matches = [
        m for m in context_matches if m.key != "resolved" or not any(m.start - 2 <= n.end <= m.start for n in negations)
    ]
    resolved = [m for m in context_matches if m.key == "resolved"]
    # "totally fine this morning": its "this morning" dates the recovery, not a symptom; and
    # "ive got none of it": its "i have got" is the denial, not a symptom had now.
    denials = resolved + by_kind.get("not_had", []) + by_kind.get("denial_back", [])
    context_matches = [m for m in context_matches if m.key != "present_now" or not any(overlaps(m, r) for r in denials)]
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
    # "if my legs are still numb tomorrow": a "still" later in the "if" clause says the symptom
    # is here now, so the "if" does not make it a hypothesis.
    still = by_kind.get("still_now", [])
    inside += [
        m
        for m in context_matches
        if m.key in ("hypothetical", "conditional")
        and any(s.start >= m.end and clause_of[s.start] == clause_of[m.start] for s in still)
    ]
    context_matches = [m for m in context_matches if m not in inside]
    by_kind["hypothetical"] = [m for m in by_kind.get("hypothetical", []) if m not in inside]
    by_kind["conditional"] = [m for m in by_kind.get("conditional", []) if m not in inside]

    figurative = by_kind.get("figurative", [])
    # A plan for a change that has not happened ("a&e if it gets worse") and the time on treatment
    # or in a chair ("3 weeks in", "after sitting for ages") say nothing of the symptom: their
    # words are removed as a figure of speech's are, without marking the message figurative.
    # A low lab value ("my vitamin d levels were low") is not a low mood either.
    # "gp said im low" counts as a lab value only in a message that names one ("vitamin d", "levels").
    low = by_kind.get("low_value", []) + (by_kind.get("low_if_lab", []) if "lab_word" in by_kind else [])
    # An illness named as where a story began ("ever since my pancreatitis") dates it, like a time;
    # an organ only asked about ("does it mean my liver ...") is not a symptom told.
    # These are set aside as well as removed, so that the learned net cannot turn them back into an alarm.
    set_aside_kinds = ("proposed_stop", "history_named", "organ_asked")
    removed = ("contingency", "time_not_pain", *set_aside_kinds)
    unsaid = figurative + [m for k in removed for m in by_kind.get(k, [])] + low
    kept_out = [m for k in set_aside_kinds for m in by_kind.get(k, [])]
    harmless = [m for m in low + kept_out if any(overlaps(c, m) for c in concept_matches)]
    concept_matches = [m for m in concept_matches if not any(overlaps(m, f) for f in unsaid)]
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
        frozenset("low_value" if m.key == "low_if_lab" else m.key for m in harmless),
    )


# Question words that, followed by one of these, open the main clause after an "if" clause
# ("if it gets worse can i ...", "if she gets back pain does that mean ...").
MAIN_CLAUSE_SUBJECTS = frozenset({"i", "you", "we", "they", "he", "she", "it", "that", "this", "the", "my"})
CONDITION_REACH = 12  # tokens: an "if" clause longer than this is not read as one


@dataclass(frozen=True)
class Reach:
    """What the detector needs to bound the cues below: the words, the question words, which
    sentences ask, and which concepts are a grade or a test value (safety/red_flags.yml)."""

    words: list[str]
    starts: frozenset[str]
    questions: set[int]
    intensity: frozenset[str]
    test_results: frozenset[str]


def _span_end(start: int, reach: Reach, clause_of: list[int], stops: set[int], limit: int) -> int:
    end = start
    while end < len(reach.words) and end - start < limit and clause_of[end] == clause_of[start] and end not in stops:
        end += 1
    return end


def not_the_present(
    scope: Scope, reach: Reach, sentence_of: list[int], clause_of: list[int]
) -> tuple[set[Match], set[Match]]:
    """Concepts told, but not as the patient's present: (hypothetical, over).

    Hypothetical (they get the red-flag information): a question's hypothetical future ("if the
    back ache gets worse can i ...?") and what happened to someone the writer read about ("read
    about a lad who took his own life"). Over (set aside, the question gets its answer): a grade
    since improved ("was 9/10, now more like a 2") and a test value a clinician called normal
    ("ck 250, derm said that is fine"). Each reaches only its own words, so a red flag told as
    present in the same message stands."""
    kinds = scope.by_kind
    present = [m for m in scope.matches if m.key in ("past_overrides", "present_now")]
    out: set[Match] = set()
    over: set[Match] = set()
    n = len(reach.words)
    for cue in kinds.get("conditional", []):
        stops = {
            i
            for i in range(cue.end + 1, n - 1)
            if reach.words[i] in reach.starts and reach.words[i + 1] in MAIN_CLAUSE_SUBJECTS
        }
        end = _span_end(cue.end, reach, clause_of, stops, CONDITION_REACH)
        # "if i slipped would my bones be weaker": a main clause that opens as a question ("would
        # my") asks, with or without its "?"; "if i sit my legs go numb" tells.
        asks = end in stops and sentence_of[end] == sentence_of[cue.start]
        if sentence_of[cue.start] not in reach.questions and not asks:
            continue
        if any(cue.end <= p.start < end for p in present):  # "if it is still numb tomorrow"
            continue
        inside = [m for m in scope.concepts if cue.end <= m.start and m.end <= end]
        grades = [m for m in inside if m.key in reach.intensity]
        # "if the numbness gets worse": the numbness is here; only its worsening is a hypothesis.
        out.update(grades or inside)
    for cue in kinds.get("improvement", []):
        over.update(
            m
            for m in scope.concepts
            if m.key in reach.intensity and m.end <= cue.start and sentence_of[m.start] == sentence_of[cue.start]
        )
    for cue in kinds.get("normal_value", []):
        over.update(
            m
            for m in scope.concepts
            if m.key in reach.test_results and m.end <= cue.start and sentence_of[m.start] == sentence_of[cue.start]
        )
    # "my derm warned me about foot drop and bladder problems, ive got none of it": a denial that
    # refers back sets aside what was told before it, unless its clause says it is here now
    # (a cue outside the symptom's own words: "keep tripping" is the symptom, not a present cue).
    denied: set[Match] = set()
    told_now = {
        clause_of[p.start] for p in present if not any(c.start <= p.start and p.end <= c.end for c in scope.concepts)
    }
    # With a reading cue ("the leaflet lists ..., i have none of that") the detector's message-wide
    # reading rule already makes them information, with the red-flag safety net.
    for cue in [] if "reading" in kinds else kinds.get("denial_back", []):
        denied.update(m for m in scope.concepts if m.end <= cue.start and clause_of[m.start] not in told_now)
    writer = {m.start for m in scope.matches if m.key in ("first_person_present", "present_now")}
    for cue in kinds.get("reading_about", []):
        end = _span_end(cue.end, reach, clause_of, writer, n)
        out.update(m for m in scope.concepts if cue.end <= m.start and m.end <= end)
    return out, (over | denied) - out


GETTING_BETTER = "getting_better"


def getting_better(scope: Scope, asks: bool, hits: list[FlagHit]) -> set[str]:
    """{GETTING_BETTER} when a question comes with the symptom said to be easing ("stopped a week
    ago and my back already feels a bit better, does it fully go?"): set aside, so that neither
    the classifier's "soon" nor the net answers it. Never beside an act-now flag of the rules,
    and a cue inside a symptom's words ("not getting better") does not count."""
    easing = any(
        not any(c.start <= m.start and m.end <= c.end for c in scope.concepts)
        for m in scope.by_kind.get(GETTING_BETTER, [])
    )
    return {GETTING_BETTER} if easing and asks and not any(h.tier in ACT_NOW_TIERS for h in hits) else set()
