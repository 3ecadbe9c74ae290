"""The Spanish corpus figures mean what the report says: the right answer counts as right in
Spanish only when the patient read its Spanish text."""

from __future__ import annotations

from dataclasses import replace

from isobot.evaluation.corpus import Case
from isobot.evaluation.replies import Outcome
from isobot.evaluation.spanish import SPANISH_CORPUS, corpus_figures, in_spanish

QUESTION = Case(
    id="q",
    turns=(),
    text="por que la isotretinoina da dolor de espalda?",
    site="s",
    source_kind="forum",
    split="blind",
    tier="none",
    kind="question",
    topic="causes_overview",
    also_ok=(),
    family=None,
    harmless_alarming=False,
    two_parts=False,
)


def answered(catalogue, answer_id: str, language: str) -> Outcome:
    answer = catalogue.answers[answer_id]
    return Outcome((answer.response, "utter_ask_feedback"), (answer.text_for(language), "¿Le ha sido útil?"))


def test_the_spanish_text_of_the_answer_counts_as_spanish(catalogue):
    assert in_spanish(catalogue, answered(catalogue, "causes_overview", "es"))
    assert not in_spanish(catalogue, answered(catalogue, "causes_overview", "en"))
    assert not in_spanish(catalogue, Outcome(("utter_did_you_mean",), ("No estoy seguro…",)))


def test_right_answers_in_english_lower_the_spanish_share_but_not_top1(catalogue):
    pairs = [
        (QUESTION, answered(catalogue, "causes_overview", "es")),
        (replace(QUESTION, id="r"), answered(catalogue, "causes_overview", "en")),
        (replace(QUESTION, id="w"), answered(catalogue, "drug_overview", "es")),
    ]
    figures = corpus_figures(catalogue, pairs)["language"]
    assert figures["top1_accuracy"] == 2 / 3
    assert figures["answered_in_spanish"] == 1 / 2
    assert figures["answered_not_in_spanish_ids"] == ["r"]


def test_the_spanish_blind_set_is_there():
    assert SPANISH_CORPUS.exists()
