"""One red-flag detector per process (isobot/safety/shared.py): the SafetyGate and the rate
limits read messages with the same instance, so there is one spaCy load and one set of rules."""

from __future__ import annotations

import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.training_data import TrainingData

from isobot import settings
from isobot.nlu.safety_gate import SafetyGate
from isobot.ratelimit.limiter import has_red_flag
from isobot.safety.shared import project_detector, shared_detector, shared_net


@pytest.fixture(scope="module")
def loaded_gate(tmp_path_factory):
    """A SafetyGate trained and loaded the way Rasa does it: its rules read from the model's copy."""
    storage = LocalModelStorage(tmp_path_factory.mktemp("model"))
    resource = Resource("safety_gate")
    config = SafetyGate.get_default_config()
    SafetyGate.create(config, storage, resource, None).train(TrainingData())
    return SafetyGate.load(config, storage, resource, None)


def test_the_rate_limits_ask_the_same_detector_the_safety_gate_reads_with(loaded_gate):
    assert loaded_gate._detectors["en"] is project_detector()
    assert has_red_flag("I can't feel my legs and I wet myself")


def test_the_rate_limits_ask_the_learned_net_the_safety_gate_loaded(loaded_gate):
    # An indirect sign of suicide the rules do not name (close to a training example of the net;
    # the rules now name "an easier life if i wasnt around" itself): a limited message the gate
    # would escalate must get its turn, not the polite reply.
    message = "honestly my family would have it easier. this acne drug isnt working and i have had enough of all of it"
    assert shared_net() is loaded_gate._net
    assert project_detector().detect(message).tier == "none"
    assert has_red_flag(message)


def test_the_same_files_give_the_same_detector_and_other_rules_another():
    assert shared_detector(settings.SPACY_PIPELINE, settings.RED_FLAG_RULES) is project_detector()
    spanish = shared_detector(settings.SPACY_PIPELINE_ES, settings.RED_FLAG_RULES_ES)
    assert spanish is not project_detector()
    assert spanish.detect("no puedo mover las piernas").tier == "emergency"
