"""Where a cue reaches, after medspaCy's ConText: sentences and clauses, questions, negation
scope, and the context of a sentence (the patient's own, someone else's, hypothetical, over).

Every function here reads token positions only; the detector (isobot/safety/detector.py)
finds the concept and cue matches and hands them over as Match spans.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc

from isobot.safety.rules import QuestionCues

OTHER_HAD = "other_had"  # another person's illness in the past tense (context_scope.other_person_had)

NEGATION_WINDOW = 4  # a cue must end within this many tokens before the symptom
POST_NEGATION_WINDOW = 3  # "bladder is fine": a post-cue within this many tokens after
SENTENCE_END = frozenset({".", "!", "?", ";", "...", "..", "\n"})
# Clause-break words and the glue of a negated list ("no numbness, tingling or weakness") are
# per language: the rules file's `grammar` section (isobot/safety/rules.py, Grammar).
CLAUSE_BREAK_PUNCT = frozenset({",", ":", "-", "--", "\u2013", "\u2014", "(", ")"})


@dataclass(frozen=True)
class Match:
    key: str
    start: int
    end: int


def segment(doc: Doc, clause_breaks: frozenset[str]) -> tuple[list[int], list[int]]:
    """Sentence and clause index for every token."""
    sentence_of, clause_of = [], []
    sentence = clause = 0
    for token in doc:
        text = token.text
        is_sentence_end = text in SENTENCE_END or "\n" in text or (text and set(text) <= set(".!?"))
        is_clause_break = text in CLAUSE_BREAK_PUNCT or token.lower_ in clause_breaks
        if is_clause_break:
            clause += 1
        sentence_of.append(sentence)
        clause_of.append(clause)
        if is_sentence_end:
            sentence += 1
            clause += 1
    return sentence_of, clause_of


def asking_clauses(
    doc: Doc,
    clause_of: list[int],
    sentence_of: list[int],
    questions: QuestionCues | None,
    statement_after_start: str = "not",
) -> set[int]:
    """Clauses that ask about something rather than tell it: they open with an interrogative
    ("does", "can", "would"...) and do not say the symptom is the patient's own ("my", "i have")."""
    if questions is None:
        return set()
    opening = question_clauses(doc, clause_of, questions, statement_after_start)
    return {
        clause
        for clause, words in opening.items()
        if not any(f" {marker} " in f" {' '.join(words)} " for marker in questions.own_symptom)
    }


def question_clauses(
    doc: Doc, clause_of: list[int], questions: QuestionCues | None, statement_after_start: str = "not"
) -> dict[int, list[str]]:
    """Clauses that open with an interrogative, the patient's own or not ("shud i quit tane cos
    of my back"), with their words from the interrogative on."""
    if questions is None:
        return {}
    clauses: dict[int, list[str]] = {}
    for token, clause in zip(doc, clause_of):
        if not token.is_punct:
            clauses.setdefault(clause, []).append(token.lower_)
    opening = {}
    for clause, words in clauses.items():
        while words and words[0] in questions.fillers:
            words = words[1:]
        # "can not see any reason to keep living", "do not enjoy anything": a statement.
        told = f" {' '.join(words)} ".startswith(tuple(f" {s} " for s in questions.statements))
        if words and words[0] in questions.starts and words[1:2] != [statement_after_start] and not told:
            opening[clause] = words
    return opening


TAG_QUESTION_LEAD = 2  # a comma and a filler ("..., so is it normal?") may open the tag's clause


def tag_question(cue: Match, concepts: list[Match], sentence_of: list[int], clause_of: list[int]) -> bool:
    """A general question tagged on after the symptom was told ("lower back pain on accutane, is
    it normal?"): it asks about the patient's own symptom, so it does not make the sentence
    hypothetical. It must open a later clause than every symptom of its sentence."""
    if cue.key != "general_question":
        return False
    sentence = sentence_of[cue.start]
    told = [m for m in concepts if sentence_of[m.start] == sentence]
    clause = clause_of[cue.start]
    opens = bisect_left(clause_of, clause)
    return (
        bool(told)
        and all(m.end <= cue.start and clause_of[m.end - 1] < clause for m in told)
        and cue.start - opens <= TAG_QUESTION_LEAD
    )


def overlaps(a: Match, b: Match) -> bool:
    return a.start < b.end and b.start < a.end


def negated_before(
    m: Match,
    cues: list[Match],
    doc: Doc,
    clause_of: list[int],
    in_concept: frozenset[int] | set[int],
    list_glue: frozenset[str],
) -> bool:
    for cue in cues:
        if cue.end > m.start:
            continue
        gap = range(cue.end, m.start)
        if m.start - cue.end < NEGATION_WINDOW and clause_of[cue.end - 1] == clause_of[m.start]:
            return True
        # A negated list crosses commas: "no numbness, tingling or weakness".
        if all(i in in_concept or doc[i].lower_ in list_glue for i in gap) and len(gap) < 20:
            return True
    return False


def negated_right_before(m: Match, cues: list[Match]) -> bool:
    return any(cue.end == m.start for cue in cues)


def negated_after(m: Match, post_cues: list[Match], clause_of: list[int]) -> bool:
    return any(
        0 <= cue.start - m.end < POST_NEGATION_WINDOW and clause_of[cue.start] == clause_of[m.end - 1]
        for cue in post_cues
    )


def context_of(kinds: set[str]) -> str | None:
    """The ConText of one sentence (medspaCy's design: each cue's scope is its sentence):
    personal / other_person / third_party / hypothetical, or None when the sentence is about
    something over (a past episode, a symptom that came and went).

    - hypothetical ("what if", "which symptoms would mean") is information even in the first person;
    - a general question ("can accutane cause...") is information unless the patient also
      speaks of themself ("I", "my legs"): then it is their own symptom;
    - a past or resolved episode ("years ago", "gone now", "fully healed") drops the flag unless
      it is back ("still", "again");
    - someone the writer is with ("my son", "she") having it now needs action now, as if it were
      the writer's own (other_person); people in general ("anyone", "people") are information.
    """
    first_person = "first_person_present" in kinds
    now = "present_now" in kinds  # "healed years ago, but today i fell": today's fall stands
    if "hypothetical" in kinds and not now:  # "on the leaflet ... but since this morning i can't feel"
        return "hypothetical"
    if "general_question" in kinds and not first_person:
        return "hypothetical"
    if "resolved" in kinds and not now:
        return None  # "fully healed, no problems since": its "since" does not bring it back
    if "past" in kinds and "past_overrides" not in kinds and not now:
        return None
    if OTHER_HAD in kinds and not now:
        return "third_party"  # "my cousin had pancreatitis, should i worry?": background
    if "third_party" in kinds and not first_person:
        return "other_person" if "present_other" in kinds else "third_party"
    return "personal"


def text_of_sentence(doc: Doc, sentence_of: list[int], sentence: int) -> str:
    # A sentence's tokens are contiguous (sentence_of never decreases): slicing instead of
    # scanning the whole doc per sentence took a 20,000-character message from ~220 to ~40 ms.
    start, end = bisect_left(sentence_of, sentence), bisect_right(sentence_of, sentence)
    return "".join(t.text_with_ws for t in doc[start:end]).strip()
