"""The safety-set scorer on the SafetyGate's reading (isobot/evaluation/gate_set.py): a case's
tier is what the gate gives its last message, with the earlier turns read as a session's."""

from __future__ import annotations

import json

import pytest

from isobot.evaluation import gate_set
from isobot.nlu.safety_gate import SafetyGate


@pytest.fixture(scope="module")
def readers():
    return gate_set.detectors()


@pytest.fixture(scope="module")
def gate(readers):
    return SafetyGate(SafetyGate.get_default_config(), None, None, readers)


def test_a_red_flag_told_in_two_turns_is_scored_on_the_last(gate, readers):
    # Neither turn alone is an emergency; back pain then fever is (red flags across turns).
    assert gate_set.gate_tier(gate, readers, ["me duele la parte baja de la espalda"]) != "emergency"
    assert gate_set.gate_tier(gate, readers, ["me duele la parte baja de la espalda", "y tengo fiebre"]) == "emergency"


def test_the_scorer_reports_recall_and_false_alarms_for_a_set(tmp_path, monkeypatch, capsys):
    cases = tmp_path / "cases.yml"
    cases.write_text(
        "version: 1\ncases:\n"
        "- {text: 'no siento las nalgas y me orino encima', expect: emergency}\n"
        "- {text: 'me muero de risa con tus memes', expect: none}\n",
        encoding="utf-8",
    )
    monkeypatch.setattr("sys.argv", ["gate_set", str(cases), "--json"])
    gate_set.main()
    figures = json.loads(capsys.readouterr().out)
    assert figures["recall"]["emergency"] == 1.0
    assert figures["false_emergency_rate"] == 0.0
    assert figures["misses"] == []
