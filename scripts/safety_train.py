"""The red-flag detector over the real-language corpus's train and informed cases, through
SafetyGate.read with the earlier turns: tier misses, false alarms, over-triage.

Only `train` and `informed` cases are read: the blind part is never listed or scored here, so
that tuning rules against this script cannot leak the blind cases (tests/real_language/README.md).

    .venv/bin/python scripts/safety_train.py            # figures and every miss / false alarm
    .venv/bin/python scripts/safety_train.py --figures  # figures only
    .venv/bin/python scripts/safety_train.py --safety-sets  # tests/safety/cases.yml and holdout.yml
"""

from __future__ import annotations

import argparse
import sys

from isobot import settings
from isobot.evaluation.corpus import Case, load_corpus
from isobot.nlu.safety_gate import SafetyGate
from isobot.safety.cases import load_cases, score
from isobot.safety.conversation import EARLIER_TURNS
from isobot.safety.detector import RedFlagDetector
from isobot.safety.findings import Finding
from isobot.safety.tiers import ESCALATING_TIERS, TIER_RANK

READABLE_SPLITS = ("train", "informed")
SAFETY_SETS = (settings.ROOT / "tests" / "safety" / "cases.yml", settings.ROOT / "tests" / "safety" / "holdout.yml")


def build_gate() -> SafetyGate:
    detectors = {
        "en": RedFlagDetector.from_paths(settings.SPACY_PIPELINE, settings.RED_FLAG_RULES),
        "es": RedFlagDetector.from_paths(settings.SPACY_PIPELINE_ES, settings.RED_FLAG_RULES_ES),
    }
    return SafetyGate(SafetyGate.get_default_config(), None, None, detectors)  # type: ignore[arg-type]


def read_case(gate: SafetyGate, case: Case) -> Finding:
    # What SafetyGate.process does with a tracker: each detector reads the last few earlier turns.
    earlier_turns = list(case.turns)[-EARLIER_TURNS:]
    earlier = {
        language: [detector.detect(t) for t in earlier_turns]
        for language, detector in gate._detectors.items()  # noqa: SLF001
    }
    finding, _, _, _ = gate.read(case.text, None, earlier, None)
    return finding


def read_turns(gate: SafetyGate, turns: tuple[str, ...]) -> Finding:
    earlier = {
        language: [detector.detect(t) for t in turns[:-1][-EARLIER_TURNS:]]
        for language, detector in gate._detectors.items()  # noqa: SLF001
    }
    return gate.read(turns[-1], None, earlier, None)[0]


def safety_sets(gate: SafetyGate) -> int:
    """The detector alone (no classifier) on the English safety sets: recall per tier and false
    emergency alarms on their harmless cases, which must stay at 0."""
    for path in SAFETY_SETS:
        cases = load_cases(path)
        result = score(cases, [read_turns(gate, c.turns).tier for c in cases])
        recall = ", ".join(
            f"{t} {result.recall[t]:.3f} (n={result.counts[t]})" for t in ("emergency", "urgent", "soon")
        )
        print(f"{path.name}: {recall}; false emergency {result.false_emergency_rate:.3f}")
        for case, predicted in result.misses:
            print(f"  - expected {case.expect} got {predicted}: {case.text}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--figures", action="store_true", help="only the figures")
    parser.add_argument("--safety-sets", action="store_true", help="the English safety sets instead")
    args = parser.parse_args()
    if args.safety_sets:
        return safety_sets(build_gate())
    cases = [c for c in load_corpus() if c.split in READABLE_SPLITS]
    gate = build_gate()
    results = [(c, read_case(gate, c)) for c in cases]

    misses, false_alarms, over_triage = [], [], []
    for case, finding in results:
        if case.tier in ESCALATING_TIERS and TIER_RANK[finding.tier] < TIER_RANK[case.tier]:
            misses.append((case, finding))
        elif case.tier == "none" and finding.tier in ESCALATING_TIERS:
            false_alarms.append((case, finding))
        if case.informational and finding.tier in ESCALATING_TIERS and (case, finding) not in false_alarms:
            over_triage.append((case, finding))

    print(f"cases read: {len(results)} ({', '.join(READABLE_SPLITS)})")
    for tier in ("emergency", "urgent", "soon"):
        expected = [(c, f) for c, f in results if c.tier == tier]
        caught = sum(TIER_RANK[f.tier] >= TIER_RANK[tier] for _, f in expected)
        print(f"{tier} recall: {caught}/{len(expected)} = {caught / max(len(expected), 1):.3f}")
    harmless = [(c, f) for c, f in results if c.tier == "none"]
    false_emergency = sum(f.tier == "emergency" for _, f in harmless)
    any_alarm = sum(f.tier in ESCALATING_TIERS for _, f in harmless)
    print(f"false emergency alarms: {false_emergency}/{len(harmless)} = {false_emergency / len(harmless):.3f}")
    print(f"any escalation on harmless: {any_alarm}/{len(harmless)} = {any_alarm / len(harmless):.3f}")
    informational = [(c, f) for c, f in results if c.informational]
    triaged = sum(f.tier in ESCALATING_TIERS for _, f in informational)
    print(f"over-triage on informational: {triaged}/{len(informational)} = {triaged / len(informational):.3f}")
    if args.figures:
        return 0
    for title, rows in (("MISSES", misses), ("FALSE ALARMS", false_alarms), ("OVER-TRIAGE (info tier)", over_triage)):
        print(f"\n== {title}: {len(rows)}")
        for case, finding in rows:
            turns = " | ".join(case.turns)
            print(f"- {case.id} [{case.split}] expected {case.tier} ({case.family}) got {finding.tier} {finding.flags}")
            if turns:
                print(f"    turns: {turns}")
            print(f"    text: {case.text}")
            print(f"    concepts: {finding.concepts} set_aside: {finding.set_aside}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
