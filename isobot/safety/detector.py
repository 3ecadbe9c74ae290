"""Deterministic red-flag detection over normalised, spelling-corrected, lemmatised text.

Why deterministic: the escalation path must not depend on a classifier's confidence. The
rules (safety/red_flags.yml) name concepts (phrase lists) and flags (concepts that must
co-occur, un-negated, in one sentence). Context rules then decide whether a fired flag is a
personal alarm, a third-party/hypothetical question (tier "info") or a past episode (dropped).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from isobot.limits import MAX_SCAN_CHARS
from isobot.safety.rules import TIER_RANK, Rules, load_rules
from isobot.text import normalise

KNOWN_WORDS_FILE = "known_words.txt"
# The channels accept no message whose normalised text is longer than this (isobot/limits.py),
# so every accepted message is scanned whole.
NEGATION_WINDOW = 4          # a cue must end within this many tokens before the symptom
POST_NEGATION_WINDOW = 3     # "bladder is fine": a post-cue within this many tokens after
SENTENCE_END = frozenset({".", "!", "?", ";", "...", "..", "\n"})
CLAUSE_BREAK_WORDS = frozenset({"but", "however", "although", "though", "except", "yet", "whereas"})
CLAUSE_BREAK_PUNCT = frozenset({",", ":", "-", "--", "\u2013", "\u2014", "(", ")"})
# Words that may sit between a negation cue and the later items of a negated list:
# "no numbness, tingling or weakness".
LIST_GLUE = frozenset({",", "or", "and", "nor", "any", "/", "&"})
INFO_ESCALATION = "red_flags_info"
FIGURE_OF_SPEECH = "figure_of_speech"


@dataclass(frozen=True)
class FlagHit:
    flag: str
    tier: str            # the flag's own tier
    escalation: str
    context: str         # personal | third_party | hypothetical
    sentence: str


@dataclass(frozen=True)
class Finding:
    tier: str                                  # none | info | soon | urgent | emergency
    hits: tuple[FlagHit, ...] = ()
    corrections: tuple[tuple[str, str], ...] = ()
    concepts: tuple[str, ...] = field(default=())   # concepts seen, affirmed (for staff explanations)
    # Red-flag words the detector saw and deliberately set aside (explicit negation, a resolved
    # past): the classifier must not put them back.
    set_aside: tuple[str, ...] = field(default=())

    @property
    def personal_hits(self) -> tuple[FlagHit, ...]:
        return tuple(h for h in self.hits if h.context == "personal")

    @property
    def flags(self) -> tuple[str, ...]:
        return tuple(h.flag for h in self.hits)

    @property
    def escalation(self) -> str | None:
        """The escalation message id to send, or None for no escalation."""
        if self.tier == "none":
            return None
        if self.tier == "info":
            return INFO_ESCALATION
        return self.personal_hits[0].escalation


@dataclass(frozen=True)
class _Match:
    key: str
    start: int
    end: int


class RedFlagDetector:
    """Build once (it compiles phrase matchers), then call detect() per message."""

    def __init__(self, nlp, rules: Rules, known_words: frozenset[str]) -> None:
        self._nlp = nlp
        self._lemmatizer = nlp.get_pipe("lemmatizer")
        self.rules = rules
        self._known_words = known_words
        self._concepts = self._matcher({c.name: c.phrases for c in rules.concepts.values() if not c.exact})
        self._exact_concepts = self._matcher({c.name: c.phrases for c in rules.concepts.values() if c.exact},
                                             attr="LOWER")
        self._context = self._matcher(rules.context)
        self._rank = {flag.id: i for i, flag in enumerate(rules.flags)}

    @classmethod
    def from_paths(cls, spacy_path: Path | str, rules_path: Path | str) -> "RedFlagDetector":
        import spacy

        nlp = spacy.load(spacy_path)
        words_file = Path(spacy_path) / KNOWN_WORDS_FILE
        known = frozenset(words_file.read_text(encoding="utf-8").split()) if words_file.exists() else frozenset()
        return cls(nlp, load_rules(rules_path), known)

    # -- building -------------------------------------------------------------
    def _lemmatise(self, doc: Doc) -> Doc:
        return self._lemmatizer(doc)

    def _matcher(self, phrase_lists: dict[str, tuple[str, ...]], attr: str = "LEMMA") -> PhraseMatcher:
        matcher = PhraseMatcher(self._nlp.vocab, attr=attr)
        for key, phrases in phrase_lists.items():
            matcher.add(key, [self._lemmatise(self._nlp.make_doc(normalise(p))) for p in phrases])
        return matcher

    @cached_property
    def _phrase_words(self) -> list[str]:
        words = set()
        for concept in self.rules.concepts.values():
            for phrase in concept.phrases:
                words.update(w for w in normalise(phrase).split() if w.isalpha() and len(w) >= 4)
        return sorted(words)

    @cached_property
    def _phrase_word_set(self) -> frozenset[str]:
        return frozenset(self._phrase_words)

    # -- detection ------------------------------------------------------------
    def _correct(self, word: str) -> str | None:
        if not word.isalpha() or word in self._phrase_word_set:
            return None
        if word.endswith("in") and word + "g" in self._phrase_word_set:  # "killin", "strugglin"
            return word + "g"
        if len(word) < 4 or word in self._known_words:
            return None
        cutoff = 2 if len(word) >= 8 else 1
        # OSA counts a swapped pair of letters ("wieght") as one edit. Ties go to the word with
        # the same first letter ("yelow" -> "yellow", not "below").
        candidates = process.extract(word, self._phrase_words, scorer=OSA.distance, score_cutoff=cutoff, limit=None)
        if not candidates:
            return None
        best = min(candidates, key=lambda c: (c[1], c[0][0] != word[0], abs(len(c[0]) - len(word)), c[0]))
        return best[0]

    def _doc(self, text: str) -> tuple[Doc, tuple[tuple[str, str], ...]]:
        raw = self._nlp.make_doc(text)
        words, corrections = [], []
        for token in raw:
            fixed = self._correct(token.text)
            if fixed:
                corrections.append((token.text, fixed))
            words.append(fixed or token.text)
        doc = Doc(self._nlp.vocab, words=words, spaces=[bool(t.whitespace_) for t in raw])
        return self._lemmatise(doc), tuple(corrections)

    def _matches(self, matcher: PhraseMatcher, doc: Doc) -> list[_Match]:
        return [_Match(self._nlp.vocab.strings[key], s, e) for key, s, e in matcher(doc)]

    def detect(self, text: str | None) -> Finding:
        cleaned = normalise(text)[:MAX_SCAN_CHARS]
        if not cleaned:
            return Finding("none")
        doc, corrections = self._doc(cleaned)
        sentence_of, clause_of = _segment(doc)
        concept_matches = self._matches(self._concepts, doc) + self._matches(self._exact_concepts, doc)
        context_matches = self._matches(self._context, doc)
        by_kind: dict[str, list[_Match]] = {}
        for m in context_matches:
            by_kind.setdefault(m.key, []).append(m)

        figurative = by_kind.get("figurative", [])
        concept_matches = [m for m in concept_matches if not any(_overlaps(m, f) for f in figurative)]
        in_concept = {i for m in concept_matches for i in range(m.start, m.end)}
        pseudo = {i for m in by_kind.get("pseudo_negations", []) for i in range(m.start, m.end)}
        cues = [m for m in by_kind.get("negation_cues", [])
                if not any(i in in_concept or i in pseudo for i in range(m.start, m.end))]
        post_cues = by_kind.get("post_negation", [])

        affirmed: dict[int, set[str]] = {}
        # A figure of speech ("nearly died laughing") is set aside too, so that the classifier
        # cannot turn it back into an alarm.
        set_aside: set[str] = {FIGURE_OF_SPEECH} if figurative else set()
        for m in concept_matches:
            concept = self.rules.concepts[m.key]
            if not concept.negation_is_symptom and (
                _negated_before(m, cues, doc, clause_of, in_concept) or _negated_after(m, post_cues, clause_of)
            ):
                set_aside.add(m.key)
                continue
            affirmed.setdefault(sentence_of[m.start], set()).add(m.key)

        hits = []
        for sentence, present in affirmed.items():
            kinds = {m.key for m in context_matches if sentence_of[m.start] == sentence}
            context = _context_of(kinds)
            if context is None:
                set_aside.update(present)
                continue
            sentence_text = _sentence_text(doc, sentence_of, sentence)
            for flag in self.rules.flags:
                # A question about a "soon" symptom ("how long does the pain last after stopping?")
                # is an ordinary question, not red-flag information.
                if flag.tier == "soon" and context != "personal":
                    continue
                if any(all(c in present for c in alternative) for alternative in flag.when):
                    hits.append(FlagHit(flag.id, flag.tier, flag.escalation, context, sentence_text))

        hits.sort(key=lambda h: (h.context != "personal", -TIER_RANK[h.tier], self._rank[h.flag]))
        personal = [h for h in hits if h.context == "personal"]
        tier = personal[0].tier if personal else ("info" if hits else "none")
        seen_concepts = tuple(sorted({c for cs in affirmed.values() for c in cs}))
        return Finding(tier, tuple(hits), corrections, seen_concepts, tuple(sorted(set_aside)))


def _segment(doc: Doc) -> tuple[list[int], list[int]]:
    """Sentence and clause index for every token."""
    sentence_of, clause_of = [], []
    sentence = clause = 0
    for token in doc:
        text = token.text
        is_sentence_end = text in SENTENCE_END or "\n" in text or (text and set(text) <= set(".!?"))
        is_clause_break = text in CLAUSE_BREAK_PUNCT or token.lower_ in CLAUSE_BREAK_WORDS
        if is_clause_break:
            clause += 1
        sentence_of.append(sentence)
        clause_of.append(clause)
        if is_sentence_end:
            sentence += 1
            clause += 1
    return sentence_of, clause_of


def _overlaps(a: _Match, b: _Match) -> bool:
    return a.start < b.end and b.start < a.end


def _negated_before(m: _Match, cues: list[_Match], doc: Doc, clause_of: list[int], in_concept: set[int]) -> bool:
    for cue in cues:
        if cue.end > m.start:
            continue
        gap = range(cue.end, m.start)
        if m.start - cue.end < NEGATION_WINDOW and clause_of[cue.end - 1] == clause_of[m.start]:
            return True
        # A negated list crosses commas: "no numbness, tingling or weakness".
        if all(i in in_concept or doc[i].lower_ in LIST_GLUE for i in gap) and len(gap) < 20:
            return True
    return False


def _negated_after(m: _Match, post_cues: list[_Match], clause_of: list[int]) -> bool:
    return any(
        0 <= cue.start - m.end < POST_NEGATION_WINDOW and clause_of[cue.start] == clause_of[m.end - 1]
        for cue in post_cues
    )


def _context_of(kinds: set[str]) -> str | None:
    """personal / third_party / hypothetical, or None when the sentence is about a resolved past.

    - hypothetical ("what if", "which symptoms would mean") is information even in the first person;
    - third-party and general questions ("can accutane cause...") are information unless the
      patient also speaks of themself ("I", "my legs"): then it is their own symptom;
    - the patient's own past ("years ago", "used to") drops the flag unless it is back ("still").
    """
    first_person = "first_person_present" in kinds
    if "hypothetical" in kinds:
        return "hypothetical"
    if "third_party" in kinds and not first_person:
        return "third_party"
    if "general_question" in kinds and not first_person:
        return "hypothetical"
    if "past" in kinds and "past_overrides" not in kinds:
        return None
    return "personal"


def _sentence_text(doc: Doc, sentence_of: list[int], sentence: int) -> str:
    # A sentence's tokens are contiguous (sentence_of never decreases): slicing instead of
    # scanning the whole doc per sentence took a 20,000-character message from ~220 to ~40 ms.
    start, end = bisect_left(sentence_of, sentence), bisect_right(sentence_of, sentence)
    return "".join(t.text_with_ws for t in doc[start:end]).strip()
