"""Typo correction for the red-flag detector. A word the detector cannot read becomes the
nearest word of its own phrases, within the edit distance real typos need, and never an
ordinary word ("bladder" stays, "bladdr" is corrected, "ladder" is known and left alone).

A misspelt negative contraction ("cnat", "dnot") is read as its expansion, as isobot/text.py
reads "cant": else "i cnat feel my legs" lost its negation-is-symptom reading and was missed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel


class Speller:
    def __init__(
        self, phrase_words: Iterable[str], known_words: frozenset[str], contractions: Mapping[str, str]
    ) -> None:
        self.phrase_words = sorted(set(phrase_words))
        self.phrase_word_set = frozenset(self.phrase_words)
        self._known_words = known_words
        self._contractions = contractions  # "cant" -> "can not"; empty for a language without them

    def correct(self, word: str, also_known: frozenset[str] = frozenset()) -> str | None:
        """The word meant, or None when the word stands as written."""
        if not word.isalpha() or word in self.phrase_word_set or word in also_known:
            return None
        if word.endswith("in") and word + "g" in self.phrase_word_set:  # "killin", "strugglin"
            return word + "g"
        if len(word) < 4:
            return None
        # A doubled last letter ("controll", "untill") is in the known-word list as a common
        # misspelling, so it would stand; "cant controll my bladder" lost its alarm. Not "s":
        # "needless" is a word, not "needles".
        if word[-1] == word[-2] != "s" and word[:-1] in self.phrase_word_set:
            return word[:-1]
        if word in self._known_words:
            return None
        contraction = self._contraction(word)
        if contraction:
            return contraction
        cutoff = 2 if len(word) >= 8 else 1
        # OSA counts a swapped pair of letters ("wieght") as one edit. Ties go to the word with
        # the same first letter ("yelow" -> "yellow", not "below").
        candidates = process.extract(word, self.phrase_words, scorer=OSA.distance, score_cutoff=cutoff, limit=None)
        if not candidates:
            return None
        # Then the word that keeps the most letters in order: a dropped letter ("gving") is
        # "giving", not "going" (Indel distance counts only insertions and deletions).
        best = min(
            candidates,
            key=lambda c: (c[1], c[0][0] != word[0], Indel.distance(word, c[0]), abs(len(c[0]) - len(word)), c[0]),
        )
        return best[0]

    def _contraction(self, word: str) -> str | None:
        # Only a swapped, dropped or doubled letter: a substitution reaches real words of the
        # same shape ("dint", "wont" -> "went"), and known words never get here.
        for written, expansion in self._contractions.items():
            if OSA.distance(word, written) == 1 and (sorted(word) == sorted(written) or len(word) != len(written)):
                return expansion
        return None
