"""CI gates on the Spanish blind real-language set (tests/real_language/es/corpus.yml), end to
end through the real Rasa server and action server: the answer the patient got, and whether
it was shown in Spanish.

The floors are the figures measured at first contact (reports/first_contact/spanish/) less 2
points, like the English corpus's; no question may be answered with an acknowledgement.
"""

from __future__ import annotations

import pytest

from isobot.evaluation.e2e import Conversations
from isobot.evaluation.run import project_catalogue
from isobot.evaluation.spanish import SPANISH_CORPUS, evaluate_corpus
from tests import servers

MARGIN = 0.02
# First contact, 2026-12-01 (233 cases, all blind; reports/first_contact/spanish_corpus/).
MEASURED = {
    "top1": 0.787,
    # 0.045 at stop 25, 0.056 at stop 26 and 0.045 at stop 27 (the Spanish examples did not
    # change at stop 26; each retrain moves DIET's confidence on Spanish too). The gate keeps the
    # stop-26 figure: one retrain's swing is about a point.
    "did_you_mean": 0.056,
    "in_spanish": 1.0,
}


@pytest.fixture(scope="module")
def blind(rasa_server):
    result = evaluate_corpus(Conversations(rasa_server.url, servers.API_TOKEN), project_catalogue(), SPANISH_CORPUS)
    assert result is not None
    return result["blind"]


def test_spanish_top1_topic_accuracy_holds(blind):
    assert blind["language"]["top1_accuracy"] >= MEASURED["top1"] - MARGIN, blind["language"]["misses"]


def test_spanish_did_you_mean_stays_rare(blind):
    assert blind["language"]["did_you_mean_share"] <= MEASURED["did_you_mean"] + MARGIN


def test_right_answers_are_shown_in_spanish(blind):
    language = blind["language"]
    assert language["answered_in_spanish"] >= MEASURED["in_spanish"] - MARGIN, language["answered_not_in_spanish_ids"]


def test_no_spanish_question_is_answered_with_an_acknowledgement(blind):
    assert blind["language"]["acknowledged_questions"] == 0, blind["language"]["acknowledged_ids"]
