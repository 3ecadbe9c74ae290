"""The Spanish development set (tests/nlu/es_dev.yml) stays at or above its measured intent accuracy.

Not blind: the same helper wrote it and the Spanish training examples, so this figure is
optimistic. It guards against a change that breaks Spanish; the blind Spanish set measures it.
"""

from __future__ import annotations

import pytest

from isobot import settings
from isobot.evaluation.heldout import load_heldout, nlu_metrics
from isobot.evaluation.pipeline import load_agent, parse_all
from tests.servers import model_path

# Runs the trained model on the Spanish development set.
pytestmark = pytest.mark.integration

ES_DEV = settings.ROOT / "tests" / "nlu" / "es_dev.yml"
# Measured 0.909 on 2026-12-01 with the Spanish training examples (data/nlu/es/; the
# model before them: 0.136, nearly all input_non_english). The floor is that figure less 5
# points: DIET's run-to-run noise moves a 66-message set by a few messages. Four of the six misses
# are not the classifier's: the Spanish red-flag rules read a question about after the course
# ("se me quita cuando termine?") as a persistent symptom, which overrides a right ask_duration.
ACCURACY_FLOOR = 0.859


@pytest.fixture(scope="module")
def metrics():
    examples = load_heldout(ES_DEV)
    return nlu_metrics(examples, parse_all(load_agent(model_path()), [text for text, _ in examples]))


def test_the_spanish_dev_set_is_big_enough(metrics):
    assert metrics["size"] >= 60


def test_spanish_dev_accuracy_stays_above_the_floor(metrics):
    assert metrics["accuracy"] >= ACCURACY_FLOOR, metrics["errors"]


def test_no_spanish_dev_message_is_in_the_training_data():
    from rasa.shared.nlu.training_data.loading import load_data

    training = {m.get("text").strip().lower() for m in load_data("data/nlu").intent_examples}
    assert not [text for text, _ in load_heldout(ES_DEV) if text.strip().lower() in training]
