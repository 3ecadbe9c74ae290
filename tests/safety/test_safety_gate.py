"""The gate's order of authority: detector, then the learned net and input notices, then the
classifier (the net and the classifier may add an escalation but never remove one)."""

from __future__ import annotations

import pytest

from isobot.nlu.safety_gate import SafetyGate
from isobot.safety.findings import Finding, FlagHit


@pytest.fixture(scope="module")
def gate():
    return SafetyGate(SafetyGate.get_default_config(), model_storage=None, resource=None)


EMERGENCY = Finding("emergency", (FlagHit("saddle_numbness", "emergency", "cauda_equina", "personal", "s"),))
INFO = Finding("info", (FlagHit("saddle_numbness", "emergency", "cauda_equina", "third_party", "s"),))
NOTHING = Finding("none")
SET_ASIDE = Finding("none", set_aside=("numbness",))


def intent(name, confidence=0.95):
    return {"name": name, "confidence": confidence}


@pytest.mark.parametrize(
    "finding, classifier, notices, expected",
    [
        (EMERGENCY, intent("greet"), [], ("report_emergency_symptom", "cauda_equina")),
        (EMERGENCY, intent("nlu_fallback", 0.3), ["truncated"], ("report_emergency_symptom", "cauda_equina")),
        (EMERGENCY, intent("input_non_english"), ["non_english"], ("report_emergency_symptom", "cauda_equina")),
        (INFO, intent("report_emergency_symptom"), [], ("ask_red_flags", "red_flags_info")),
        (NOTHING, intent("ask_causes"), ["unreadable"], ("input_unreadable", None)),
        (NOTHING, intent("report_emergency_symptom", 0.95), [], ("report_emergency_symptom", "emergency_generic")),
        (NOTHING, intent("report_urgent_symptom", 0.95), [], ("report_urgent_symptom", "urgent_generic")),
        (NOTHING, intent("report_emergency_symptom", 0.5), [], ("report_back_pain", None)),
        (SET_ASIDE, intent("report_emergency_symptom", 0.99), [], ("report_back_pain", None)),
        (NOTHING, intent("report_emergency_symptom", 1.0), ["truncated"], ("nlu_fallback", None)),
        (NOTHING, intent("ask_red_flags"), [], ("ask_red_flags", "red_flags_info")),
        (NOTHING, intent("ask_causes"), [], ("ask_causes", None)),
    ],
)
def test_order_of_authority(gate, finding, classifier, notices, expected):
    assert gate.decide(finding, classifier, notices) == expected


def test_a_figure_of_speech_keeps_the_classifier_from_alarming(gate, detector):
    finding = detector.detect("I nearly died laughing at my mate, anyway my back's a bit sore")
    assert finding.tier == "none" and "figure_of_speech" in finding.set_aside
    assert gate.decide(finding, intent("report_emergency_symptom", 0.99), []) == ("report_back_pain", None)


# -- the learned red-flag net: it may add or raise, never lower or override the rules' scope --
URGENT = Finding("urgent", (FlagHit("jaundice", "urgent", "hepatotoxicity", "personal", "s"),))


@pytest.fixture(scope="module")
def gate_with_net():
    from isobot.safety.learned_net import RedFlagNet
    from tests.safety.test_learned_net import EXAMPLES, net_settings

    net = RedFlagNet.train(EXAMPLES, net_settings())
    return SafetyGate(SafetyGate.get_default_config(), None, None, net=net)


@pytest.mark.parametrize(
    "finding, text, expected",
    [
        (NOTHING, "both my legs gave way", ("report_emergency_symptom", "bilateral_leg_weakness")),
        (URGENT, "both my legs gave way", ("report_emergency_symptom", "bilateral_leg_weakness")),
        # never lowers, or changes, the detector's own emergency
        (EMERGENCY, "my eyes have gone yellow", ("report_emergency_symptom", "cauda_equina")),
        # never over the rules' reading of a question (here beside the classifier's sure
        # question: its answer and the red-flag information), or of a negation in its scope
        (INFO, "both my legs gave way", ("ask_causes", "red_flags_info")),
        (SET_ASIDE, "both my legs gave way", ("ask_causes", None)),
        (NOTHING, "which stretches help", ("ask_causes", None)),
    ],
)
def test_the_net_only_adds(gate_with_net, finding, text, expected):
    net = gate_with_net._net.adds(finding, text)
    assert gate_with_net.decide(finding, intent("ask_causes", 0.9), [], net) == expected


def test_a_gate_without_a_net_decides_as_before(gate):
    assert gate.decide(NOTHING, intent("ask_causes", 0.9), []) == ("ask_causes", None)


# -- earlier turns: read once, remembered, and still combined with every new message --
def _conversation(*texts):
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    return DialogueStateTracker.from_events("patient", [UserUttered(t) for t in texts])


@pytest.fixture
def reading_gate(detector):
    return SafetyGate(SafetyGate.get_default_config(), model_storage=None, resource=None, detectors={"en": detector})


def test_an_earlier_turn_remembered_still_makes_a_fever_a_red_flag(reading_gate, detector, monkeypatch):
    earlier = "my lower back has been agony all week"
    tracker = _conversation(earlier)
    first = reading_gate.read("temp is 39.4 now", tracker, {}, None)[0]
    read, detect = [], detector.detect

    def counting(text, *args, **kwargs):
        read.append(text)
        return detect(text, *args, **kwargs)

    monkeypatch.setattr(detector, "detect", counting)
    again = reading_gate.read("temp is 39.4 now", tracker, {}, None)[0]
    assert first.tier == again.tier == "emergency"
    assert earlier not in read  # remembered, not detected again


def test_the_remembered_earlier_turns_are_bounded(reading_gate, monkeypatch):
    import isobot.nlu.safety_gate as module

    monkeypatch.setattr(module, "EARLIER_FINDINGS_KEPT", 2)
    for text in ("my back aches", "it is worse at night", "i did yoga", "no numbness"):
        reading_gate.read("thanks", _conversation(text), {}, None)
    assert len(reading_gate._earlier_findings) == 2
