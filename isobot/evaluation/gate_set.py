"""Score a safety set on the SafetyGate's own reading, without Rasa or the classifier:
`python -m isobot.evaluation.gate_set tests/safety/es/cases.yml` (make score-safety-set).

This is the detector's share of what the patient would get (language choice, both languages'
rules, red flags across turns), quick enough to run after every rule edit; the end-to-end
figure, with the classifier's say, is tests/safety/test_safety_set_es.py.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from isobot import settings
from isobot.nlu.safety_gate import SafetyGate
from isobot.safety.cases import Case, Score, load_cases, score
from isobot.safety.conversation import EARLIER_TURNS
from isobot.safety.detector import RedFlagDetector


def detectors() -> dict[str, RedFlagDetector]:
    return {
        "en": RedFlagDetector.from_paths(settings.SPACY_PIPELINE, settings.RED_FLAG_RULES),
        "es": RedFlagDetector.from_paths(settings.SPACY_PIPELINE_ES, settings.RED_FLAG_RULES_ES),
    }


def gate_tier(gate: SafetyGate, readers: Mapping[str, RedFlagDetector], turns: Sequence[str]) -> str:
    """The tier of the last turn, with the earlier turns read as the gate reads a session's."""
    conversation: str | None = None
    tier = "none"
    for index, text in enumerate(turns):
        before = turns[max(0, index - EARLIER_TURNS) : index]
        # Pre-filled per language, as the gate would fill it from the tracker's user events.
        earlier = {language: [d.detect(t) for t in before] for language, d in readers.items()}
        finding, _, reply, _ = gate.read(text, None, earlier, conversation)
        conversation = reply or conversation
        tier = finding.tier
    return tier


def score_set(path: Path) -> Score:
    """A safety set's cases, each scored on the gate's reading of its turns."""
    readers = detectors()
    gate = SafetyGate(SafetyGate.get_default_config(), None, None, readers)  # type: ignore[arg-type]
    cases: list[Case] = load_cases(path)
    return score(cases, [gate_tier(gate, readers, c.turns) for c in cases])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("cases", type=Path)
    parser.add_argument("--json", action="store_true", help="figures and misses as JSON")
    args = parser.parse_args()
    result = score_set(args.cases)
    misses = [{"turns": list(c.turns), "expected": c.expect, "got": got} for c, got in result.misses]
    if args.json:
        print(
            json.dumps({"recall": result.recall, "false_emergency_rate": result.false_emergency_rate, "misses": misses})
        )
        return
    for case, got in result.misses:
        print(f"[{case.expect} -> {got}] {' | '.join(case.turns)}")
    for tier, recall in result.recall.items():
        print(f"{tier:10} {recall:.3f}  (n={result.counts[tier]})")
    print(f"false emergency rate {result.false_emergency_rate:.3f}")


if __name__ == "__main__":
    main()
