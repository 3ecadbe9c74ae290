"""`make evaluate`, end to end: the real-language corpus through a running Rasa server.

    python -m isobot.evaluation.run --model models/isobot-<hash>.tar.gz

Starts its own action server and Rasa server (the default profile: SQLite, one process)
with the rate limits off, because every case comes from this one address.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Any

from isobot import settings
from isobot.content.catalogue import load_catalogue
from isobot.evaluation import report
from isobot.evaluation.corpus import CORPUS, ESCALATING, Case, load_corpus
from isobot.evaluation.e2e import Conversations, with_check
from isobot.evaluation.scoring import language_metrics, safety_metrics, split_turn_metrics
from isobot.safety.cases import load_cases, score

SPANISH_SAFETY_SET = settings.ROOT / "tests" / "safety" / "es" / "cases.yml"

SPLIT_TITLES = {
    "blind": "Blind (never trained on, never used for rules)",
    "informed": "Formerly blind, informed a change (not evidence)",
    "train": "Training part (tuned on: not evidence)",
}


def catalogue_topics() -> frozenset[str]:
    catalogue = load_catalogue(settings.ANSWERS, settings.ESCALATIONS, settings.ARTICLE)
    return frozenset(catalogue.answers)


def evaluate(conversations: Conversations, cases: list[Case]) -> dict[str, Any]:
    """Every figure of both reports, per split, from one pass over the corpus."""
    outcomes = conversations.play_all((c.id, [*c.turns, c.text]) for c in cases)
    pairs = list(zip(cases, outcomes))
    split_cases = [c for c in cases if c.turns and c.tier in ESCALATING]
    variants = {}
    for variant, open_check in (("open", True), ("closed", False)):
        played = conversations.play_all(
            (f"{c.id}-{variant}", with_check(c.turns, c.text, open_check)) for c in split_cases
        )
        variants[variant] = list(zip(split_cases, played))
    result = {}
    for name in SPLIT_TITLES:
        chosen = [(c, o) for c, o in pairs if c.split == name]
        if not chosen:
            continue
        result[name] = {
            "cases": len(chosen),
            "sites": len({c.site for c, _ in chosen}),
            "language": language_metrics(chosen),
            "safety": safety_metrics(chosen),
            "split_turns": split_turn_metrics(
                {v: [(c, o) for c, o in p if c.split == name] for v, p in variants.items()}
            ),
        }
    return result


def spanish_safety(conversations: Conversations, path: Path = SPANISH_SAFETY_SET) -> dict[str, Any]:
    """The blind Spanish safety set, end to end: the tier each case's last message was shown."""
    cases = load_cases(path)
    outcomes = conversations.play_all((f"es{i}", list(c.turns)) for i, c in enumerate(cases))
    result = score(cases, [o.tier for o in outcomes])
    return {
        "size": len(cases),
        "counts": result.counts,
        "recall": result.recall,
        "false_emergency_rate": result.false_emergency_rate,
        "misses": [{"turns": list(c.turns), "expected": c.expect, "got": got} for c, got in result.misses],
    }


def write_spanish_report(result: dict[str, Any], out: Path) -> None:
    tiers = "\n".join(f"| {t} | {result['counts'][t]} | {result['recall'][t]:.3f} |" for t in result["recall"])
    misses = "\n".join(
        f"- {' → '.join(f'`{t}`' for t in m['turns'])}: expected **{m['expected']}**, got {m['got']}"
        for m in result["misses"]
    )
    report.write(
        out,
        "safety_es",
        "Spanish safety set (blind), end to end",
        [
            f"Cases: {result['size']}\n\n| tier | cases | recall |\n|---|---|---|\n{tiers}\n\n"
            f"False emergency alarms on harmless messages: **{result['false_emergency_rate']:.1%}**\n\n"
            f"## Misses\n{misses or 'none'}\n"
        ],
        result,
    )


def write_reports(result: dict[str, Any], out: Path) -> None:
    report.write(
        out,
        "real_language",
        "Real-language corpus, end to end",
        [
            report.language_markdown(f"{SPLIT_TITLES[n]}: {r['cases']} cases, {r['sites']} sites", r["language"])
            for n, r in result.items()
        ],
        {n: r["language"] for n, r in result.items()},
    )
    report.write(
        out,
        "safety_real_language",
        "Safety on real language, end to end",
        [
            report.safety_markdown(f"{SPLIT_TITLES[n]}: {r['cases']} cases", r["safety"], r["split_turns"])
            for n, r in result.items()
        ],
        {n: {"safety": r["safety"], "split_turns": r["split_turns"]} for n, r in result.items()},
    )


def summary(result: dict[str, Any]) -> str:
    lines = []
    for name, r in result.items():
        lang, safe = r["language"], r["safety"]
        lines.append(
            f"{name}: {r['cases']} cases; top-1 {lang['top1_accuracy']:.3f}, did-you-mean "
            f"{lang['did_you_mean_share']:.1%}, acknowledged questions {lang['acknowledged_questions']}; "
            + ", ".join(f"{t} recall {v:.3f}" for t, v in safe["recall"].items())
            + f"; false emergency {safe['false_emergency_rate']:.1%}, over-triage {safe['over_triage_rate']:.1%}"
        )
    return "\n".join(lines)


def main() -> None:
    from isobot.tools.processes import API_TOKEN
    from isobot.tools.profiles import DefaultProfile

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", required=True)
    parser.add_argument("--corpus", default=str(CORPUS))
    parser.add_argument("--out", default=str(settings.ROOT / "reports"))
    args = parser.parse_args()
    cases = load_corpus(args.corpus, catalogue_topics())
    with tempfile.TemporaryDirectory(prefix="isobot-evaluate-") as workdir:
        profile = DefaultProfile(Path(workdir), args.model)
        profile.start()
        try:
            conversations = Conversations(profile.url, API_TOKEN)
            result = evaluate(conversations, cases)
            spanish = spanish_safety(conversations)
        finally:
            profile.stop()
    write_reports(result, Path(args.out))
    write_spanish_report(spanish, Path(args.out))
    print(summary(result))
    print(
        "spanish safety set: "
        + ", ".join(f"{t} recall {v:.3f}" for t, v in spanish["recall"].items())
        + f"; false emergency {spanish['false_emergency_rate']:.1%} ({spanish['size']} cases)"
    )
    print(f"reports in {args.out}/real_language.md, safety_real_language.md and safety_es.md")


if __name__ == "__main__":
    main()
