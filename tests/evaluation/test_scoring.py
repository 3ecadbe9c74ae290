"""The figures mean what the reports say: checked on small, hand-made outcomes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from isobot.evaluation.corpus import Case
from isobot.evaluation.replies import Outcome
from isobot.evaluation.scoring import (
    answered_right,
    headline,
    language_metrics,
    safety_metrics,
    split_turn_metrics,
)

BASE = Case(
    id="x",
    turns=(),
    text="which stretches are ok?",
    site="s",
    source_kind="forum",
    split="blind",
    tier="none",
    kind="question",
    topic="manage_stay_active",
    also_ok=("management_overview",),
    family=None,
    harmless_alarming=False,
    two_parts=False,
)


def case(**changes) -> Case:
    return replace(BASE, **changes)


@pytest.mark.parametrize(
    "responses, right",
    [
        (("utter_answer_manage_stay_active", "utter_ask_feedback"), True),
        (("utter_answer_management_overview",), True),  # an accepted alternative
        (("utter_answer_manage_dosage",), False),  # the dose warning instead of the answer
        (("utter_did_you_mean",), False),
        (("utter_escalate_urgent", "utter_answer_manage_stay_active"), False),  # over-triaged
    ],
)
def test_the_first_answer_shown_decides(responses, right):
    assert answered_right(BASE, Outcome(responses)) is right


def test_a_red_flag_question_is_answered_by_the_red_flag_information():
    assert answered_right(case(tier="info", topic="serious_effects", also_ok=()), Outcome(("utter_escalate_info",)))


def test_language_figures():
    pairs = [
        (case(id="a"), Outcome(("utter_answer_manage_stay_active",))),
        (case(id="b"), Outcome(("utter_did_you_mean",))),
        (case(id="c"), Outcome(("utter_feedback_thanks",))),
        (case(id="d", kind="chitchat", topic=None), Outcome(("utter_you_are_welcome",))),
    ]
    figures = language_metrics(pairs)
    assert figures["in_scope_questions"] == 3
    assert figures["top1_accuracy"] == pytest.approx(1 / 3)
    assert figures["did_you_mean_share"] == pytest.approx(1 / 3)
    assert figures["acknowledged_ids"] == ["c"]  # thanks for a thanks is fine
    assert [m["id"] for m in figures["misses"]] == ["b", "c"]


def test_safety_figures():
    pairs = [
        (case(id="e1", tier="emergency", kind="report"), Outcome(("utter_escalate_emergency",))),
        (case(id="e2", tier="emergency", kind="report"), Outcome(("utter_escalate_urgent",))),
        (case(id="u1", tier="urgent", kind="report"), Outcome(("utter_answer_x", "utter_escalate_emergency"))),
        (case(id="h1", tier="none", kind="report", topic=None), Outcome(("utter_escalate_emergency",))),
        (case(id="h2"), Outcome(("utter_escalate_soon",))),
        (case(id="h3"), Outcome(("utter_answer_manage_stay_active",))),
    ]
    figures = safety_metrics(pairs)
    assert figures["recall"]["emergency"] == 0.5  # urgent is not enough for an emergency
    assert figures["recall"]["urgent"] == 1.0  # caught at its tier or above
    assert figures["false_emergency_rate"] == pytest.approx(1 / 3)
    assert [o["id"] for o in figures["over_triage"]] == ["h2"]
    assert figures["over_triage_rate"] == 0.5  # h2 and h3 are the informational ones
    assert figures["escalation_not_first"] == ["u1"]


def test_split_turn_cases_are_counted_per_variant():
    flag = case(id="t", turns=("my lower back is killing me",), text="temp is 39.4", tier="emergency", kind="report")
    result = split_turn_metrics(
        {
            "open": [(flag, Outcome(("utter_escalate_emergency",)))],
            "closed": [(flag, Outcome(("utter_ask_screening_form_numbness",)))],
        }
    )
    assert result["open"]["escalated"] == 1 and result["closed"]["escalated"] == 0


def test_a_parts_headline_counts_agree_with_the_full_figures():
    pairs = [
        (case(id="f1-1"), Outcome(("utter_answer_manage_stay_active",))),
        (case(id="f1-2"), Outcome(("utter_did_you_mean",))),
        (case(id="f1-3", tier="emergency", kind="report"), Outcome(("utter_escalate_urgent",))),
        (case(id="f1-4", tier="none", kind="report", topic=None), Outcome(("utter_escalate_emergency",))),
        (case(id="f1-5"), Outcome(("utter_escalate_soon",))),
    ]
    h = headline(pairs)
    full = safety_metrics(pairs)
    assert h["cases"] == 5
    assert h["top1"] == [1, 3] and h["did_you_mean"] == [1, 3]
    assert h["recall"]["emergency"] == [0, 1] and h["recall"]["urgent"] == [0, 0]
    assert h["false_emergency"] == [1, 4]
    assert h["over_triage"] == [1, 3] and full["over_triage_rate"] == pytest.approx(1 / 3)
    assert BASE.text not in str(h)  # counts only: a blind part is reported without reading it


def test_a_case_belongs_to_the_part_its_id_names():
    assert case(id="f13-042").part == "f13" and case(id="c1-7").part == "c1"
