"""The held-out NLU set (never trained on) stays at or above the measured macro-F1, less slack."""

from __future__ import annotations

import pytest

from isobot.evaluation.heldout import load_heldout, nlu_metrics
from isobot.evaluation.pipeline import load_agent, parse_all
from tests.servers import model_path

# Runs the trained model on the held-out set.
pytestmark = pytest.mark.integration

# Measured 0.937 before the real-register training examples (data/nlu/real_language.yml) and
# 0.907 after (2026-12-01): they cost the hand-written held-out set 3 points while lifting the
# blind real-language figures (README, "Quality figures"). The floor is the new figure less about
# 2 points of run-to-run noise in DIET training; getting back to 0.937 is open work.
# 0.917 (2026-12-01) with the stop-21 blind cases (d5/d6) trained on and the topic router's
# decisive question forms: the floor rises with it, less the same 2 points.
MACRO_F1_FLOOR = 0.897


@pytest.fixture(scope="module")
def metrics():
    examples = load_heldout()
    return nlu_metrics(examples, parse_all(load_agent(model_path()), [text for text, _ in examples]))


def test_heldout_set_is_big_enough(metrics):
    assert metrics["size"] >= 150


def test_heldout_macro_f1_stays_above_the_floor(metrics):
    assert metrics["macro_f1"] >= MACRO_F1_FLOOR, metrics["errors"]


def test_no_heldout_message_is_in_the_training_data():
    from rasa.shared.nlu.training_data.loading import load_data

    training = {m.get("text").strip().lower() for m in load_data("data/nlu").intent_examples}
    assert not [text for text, _ in load_heldout() if text.strip().lower() in training]
