"""Deterministic red-flag detection over normalised, spelling-corrected, lemmatised text.

Why deterministic: the escalation path must not depend on a classifier's confidence. The
rules (safety/red_flags.yml) name concepts (phrase lists) and flags (concepts that must
co-occur, un-negated, in one sentence). Context rules then decide whether a fired flag is a
personal alarm, a third-party/hypothetical question (tier "info") or a past episode (dropped).
"""

from __future__ import annotations

import threading
from functools import cached_property
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from isobot.safety.context import (
    Match,
    asking_clauses,
    context_of,
    negated_after,
    negated_before,
    negated_right_before,
    question_clauses,
    segment,
    text_of_sentence,
)
from isobot.safety.context_scope import Reach, getting_better, not_the_present, scope_context
from isobot.safety.findings import PRESENT_CONTEXTS, Finding, FlagHit
from isobot.safety.firing import asked_hits, told_hits
from isobot.safety.rules import Rules, load_rules
from isobot.safety.spelling import Speller
from isobot.safety.temperature import bare_readings, feverish_tokens
from isobot.safety.tiers import TIER_RANK
from isobot.security.limits import MAX_SCAN_CHARS
from isobot.text import NEGATIVE_CONTRACTIONS, fold_accents, normalise

KNOWN_WORDS_FILE = "known_words.txt"
FIGURE_OF_SPEECH = "figure_of_speech"
# A lone number that may be a Fahrenheit temperature (isobot/safety/temperature.py bare_readings).
TEMPERATURE_READING = "temperature_reading"


class RedFlagDetector:
    """Build once (it compiles phrase matchers), then call detect() per message."""

    def __init__(self, nlp: Language, rules: Rules, known_words: frozenset[str]) -> None:
        self._nlp = nlp
        self._lemmatizer = nlp.get_pipe("lemmatizer")
        self.rules = rules
        self._known_words = known_words
        self._concepts = self._matcher({c.name: c.phrases for c in rules.concepts.values() if not c.exact})
        self._exact_concepts = self._matcher(
            {c.name: c.phrases for c in rules.concepts.values() if c.exact}, attr="LOWER"
        )
        self._context = self._matcher(rules.context, attr="LEMMA" if rules.grammar.context_by_lemma else "LOWER")
        self._rank = {flag.id: i for i, flag in enumerate(rules.flags)}
        # Fixed by the rules: built once here, not on every message (_reach).
        self._intensity = frozenset(c.name for c in rules.concepts.values() if c.intensity)
        self._test_results = frozenset(c.name for c in rules.concepts.values() if c.test_result)
        # One instance serves the SafetyGate (event loop) and the rate limits (a worker thread);
        # spaCy's tokenizer cache and string store are not safe to grow from two threads at once.
        self._lock = threading.Lock()

    @classmethod
    def from_paths(cls, spacy_path: Path | str, rules_path: Path | str) -> RedFlagDetector:
        import spacy

        nlp = spacy.load(spacy_path)
        words_file = Path(spacy_path) / KNOWN_WORDS_FILE
        known = frozenset(words_file.read_text(encoding="utf-8").split()) if words_file.exists() else frozenset()
        return cls(nlp, load_rules(rules_path), known)

    # -- building -------------------------------------------------------------
    def _lemmatise(self, doc: Doc) -> Doc:
        lemmatised: Doc = self._lemmatizer(doc)
        for token in lemmatised:
            lemma = self.rules.grammar.lemmas.get(token.lower_)
            if lemma:
                token.lemma_ = lemma
        return lemmatised

    def _matcher(self, phrase_lists: dict[str, tuple[str, ...]], attr: str = "LEMMA") -> PhraseMatcher:
        matcher = PhraseMatcher(self._nlp.vocab, attr=attr)
        for key, phrases in phrase_lists.items():
            matcher.add(key, [self._lemmatise(self._nlp.make_doc(self._clean(p))) for p in phrases])
        return matcher

    def _clean(self, text: str | None) -> str:
        cleaned = normalise(text)
        return fold_accents(cleaned) if self.rules.fold_accents else cleaned

    @cached_property
    def _speller(self) -> Speller:
        words: set[str] = set()
        for concept in self.rules.concepts.values():
            for phrase in concept.phrases:
                words.update(w for w in self._clean(phrase).split() if w.isalpha() and len(w) >= 4)
        contractions = NEGATIVE_CONTRACTIONS if self.rules.language == "en" else {}
        return Speller(words, self._known_words, contractions)

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """Every word this language spells correctly: another language's detector must not
        "correct" one of them into its own red-flag word ("depression" is not a typo of "depresion")."""
        return self._known_words | self._speller.phrase_word_set

    # -- detection ------------------------------------------------------------
    def _doc(self, text: str, also_known: frozenset[str] = frozenset()) -> tuple[Doc, tuple[tuple[str, str], ...]]:
        raw = self._nlp.make_doc(text)
        words, corrections = [], []
        shorthand = self.rules.grammar.abbreviations  # "q" is read as "que", not reported as a typo
        spaces: list[bool] = []
        for token in raw:
            fixed = shorthand.get(token.lower_) or self._speller.correct(token.text, also_known)
            if fixed and token.lower_ not in shorthand:
                corrections.append((token.text, fixed))
            parts = fixed.split() if fixed else [token.text]  # "cnat" -> "can", "not"
            words += parts
            spaces += [True] * (len(parts) - 1) + [bool(token.whitespace_)]
        doc = Doc(self._nlp.vocab, words=words, spaces=spaces)
        return self._lemmatise(doc), tuple(corrections)

    def _matches(self, matcher: PhraseMatcher, doc: Doc) -> list[Match]:
        return [Match(self._nlp.vocab.strings[key], s, e) for key, s, e in matcher(doc)]

    def detect(self, text: str | None, also_known: frozenset[str] = frozenset()) -> Finding:
        """The finding for any text: it is normalised here (isobot/text.py). `also_known`: words
        of another language the message may be in, left as written (see `vocabulary`)."""
        return self.detect_normalised(normalise(text), also_known)

    def detect_normalised(self, text: str, also_known: frozenset[str] = frozenset()) -> Finding:
        """The finding for text already normalised, as the NLU pipeline hands it over (its
        InputNormaliser's full text): normalising it again would be work, and could unescape twice."""
        cleaned = fold_accents(text) if self.rules.fold_accents else text
        # The channels accept no message whose normalised text is longer than this
        # (isobot/security/limits.py), so every accepted message is scanned whole.
        with self._lock:
            return self._detect(cleaned[:MAX_SCAN_CHARS], also_known)

    def _detect(self, cleaned: str, also_known: frozenset[str] = frozenset()) -> Finding:
        if not cleaned:
            return Finding("none")
        doc, corrections = self._doc(cleaned, also_known)
        grammar = self.rules.grammar
        sentence_of, clause_of = segment(doc, grammar.clause_breaks)
        concept_matches = self._matches(self._concepts, doc) + self._matches(self._exact_concepts, doc)
        words = [t.lower_ for t in doc]
        if self.rules.temperature is not None:
            concept_matches += [
                Match("fever", i, i + 1) for i in feverish_tokens(words, sentence_of, self.rules.temperature)
            ]
            if TEMPERATURE_READING in self.rules.concepts:
                concept_matches += [
                    Match(TEMPERATURE_READING, i, i + 1) for i in bare_readings(words, self.rules.temperature)
                ]
        scope = scope_context(self._matches(self._context, doc), concept_matches, sentence_of, clause_of, words)
        context_matches, by_kind, concept_matches = scope.matches, scope.by_kind, scope.concepts
        resolved, cues, post_cues, figurative = scope.resolved, scope.cues, scope.post_cues, scope.figurative
        in_concept = scope.in_concept

        affirmed: dict[int, set[str]] = {}
        # A figure of speech ("nearly died laughing") is set aside too, so that the classifier
        # cannot turn it back into an alarm.
        set_aside: set[str] = ({FIGURE_OF_SPEECH} if figurative else set()) | scope.set_aside
        denials: set[str] = set()
        # "does sitting make the back pain worse?", "can it make your legs numb?": a symptom named
        # inside a question about it is information, not a report (unless the patient says it is
        # theirs in that clause: "is it normal that my legs are numb?").
        asking = asking_clauses(doc, clause_of, sentence_of, self.rules.questions, grammar.statement_after_start)
        questions = {sentence_of[i] for i, t in enumerate(doc) if t.text.endswith("?")} | {
            sentence_of[i] for i, c in enumerate(clause_of) if c in asking
        }
        # "shud i quit tane cos of my back": the patient's own symptom, told inside a question.
        # Such a clause still raises an urgent or emergency flag, never a "soon" one.
        opening = question_clauses(doc, clause_of, self.rules.questions, grammar.statement_after_start)
        asks = questions | {sentence_of[i] for i, c in enumerate(clause_of) if c in opening}
        hypothetical, over = not_the_present(scope, self._reach(doc, asks), sentence_of, clause_of)
        told: set[str] = set()
        in_question: set[str] = set()
        asked: dict[int, set[str]] = {}
        for m in concept_matches:
            concept = self.rules.concepts[m.key]
            # Where a negation IS the symptom ("can not walk"), only a cue right before the words
            # ("no weakness in my legs") denies it; "no, i can not feel my legs" is still an alarm.
            denied = (
                negated_right_before(m, cues)
                if concept.negation_is_symptom
                else negated_before(m, cues, doc, clause_of, in_concept, grammar.list_glue)
                or negated_after(m, post_cues, clause_of)
            )
            if denied or m in over:
                set_aside.add(m.key)
                denials.update([m.key] if denied else [])
                continue
            asked_here = clause_of[m.start] in asking and not concept.asks_own_risk
            if asked_here or m in hypothetical:
                asked.setdefault(sentence_of[m.start], set()).add(m.key)
                continue
            affirmed.setdefault(sentence_of[m.start], set()).add(m.key)
            (in_question if clause_of[m.start] in opening else told).add(m.key)

        # "is accutane back pain a nerve thing? mine is worst at night": "mine" makes the symptom
        # just asked about the writer's own, in the sentence that claims it.
        # Only a claim that tells something of its own, undenied ("mine are fine" claims nothing).
        denying = {sentence_of[m.start] for m in cues + post_cues + resolved}
        for claim in by_kind.get("claims_previous", []):
            sentence = sentence_of[claim.start]
            if sentence in affirmed and sentence not in denying:
                affirmed[sentence] |= asked.get(sentence - 1, set())
        hits = []
        personal: set[str] = set()
        others: set[str] = set()
        # "I read about numbness and bladder trouble on the leaflet. I have none of that": the
        # denial may sit in another sentence than the symptoms it denies, so its scope is the
        # message; a sentence that says the symptom is here now is outside it.
        read_not_had = "reading" in by_kind and bool({"not_had", "denial_back"} & set(by_kind))
        for sentence, present in affirmed.items():
            kinds = {m.key for m in context_matches if sentence_of[m.start] == sentence}
            context = context_of(kinds)
            if context is None:
                # "finished roaccutane 2 months ago" stands, dated, for a later "back still twinges".
                dated = {c for c in present if self.rules.concepts[c].self_dated}
                personal.update(dated)
                set_aside.update(present - dated)
                # "had depression 2 yrs ago, all good now, is accutane ok?": asked about, it gets
                # the red-flag information; not when a clinician has checked it ("checked_fine").
                if asks and "checked_fine" not in kinds:
                    hits += asked_hits(self.rules.flags, present - dated, text_of_sentence(doc, sentence_of, sentence))
                continue
            if read_not_had and context in PRESENT_CONTEXTS and not kinds & {"present_now", "past_overrides"}:
                set_aside.update(present)
                context = "hypothetical"
            if context == "personal":
                personal.update(present)
            elif context == "other_person":
                others.update(present)
            sentence_text = text_of_sentence(doc, sentence_of, sentence)
            hits += told_hits(
                self.rules.flags, present, context, sentence_text, sentence in questions, in_question - told
            )

        for sentence, present in asked.items():
            hits += asked_hits(self.rules.flags, present, text_of_sentence(doc, sentence_of, sentence))
            set_aside.update(present)
        easing = getting_better(scope, bool(asks), hits)
        set_aside.update(easing)
        # "was 8/10 last week, now like a 2, getting better. carry on?": a question, not a "soon" report.
        hits = [h for h in hits if not easing or h.tier != "soon"]
        seen_concepts = tuple(sorted({c for cs in affirmed.values() for c in cs}))
        return self.finding(
            hits,
            corrections,
            seen_concepts,
            tuple(sorted(set_aside)),
            tuple(sorted(personal)),
            tuple(sorted(others)),
            tuple(sorted(denials)),
            tuple(sorted(in_question - told)),
        )

    def _reach(self, doc: Doc, questions: set[int]) -> Reach:
        starts = self.rules.questions.starts if self.rules.questions else frozenset()
        return Reach([t.lower_ for t in doc], starts, questions, self._intensity, self._test_results)

    def finding(
        self,
        hits: list[FlagHit],
        corrections: tuple[tuple[str, str], ...] = (),
        concepts: tuple[str, ...] = (),
        set_aside: tuple[str, ...] = (),
        personal_concepts: tuple[str, ...] = (),
        other_concepts: tuple[str, ...] = (),
        denied: tuple[str, ...] = (),
        asked_own: tuple[str, ...] = (),
    ) -> Finding:
        """The verdict from these hits: the patient's own flags first, highest tier, rule order."""
        hits = sorted(hits, key=lambda h: (h.context not in PRESENT_CONTEXTS, -TIER_RANK[h.tier], self._rank[h.flag]))
        personal = [h for h in hits if h.context in PRESENT_CONTEXTS]
        tier = personal[0].tier if personal else ("info" if hits else "none")
        return Finding(
            tier, tuple(hits), corrections, concepts, set_aside, personal_concepts, other_concepts, denied, asked_own
        )

    def answered_questions(self, finding: Finding) -> list[str]:
        """The guided check's questions this message has already answered "no" to."""
        denied = set(finding.denied)
        return [
            slot
            for slot, alternatives in self.rules.screening.items()
            if any(all(c in denied for c in alternative) for alternative in alternatives)
        ]
