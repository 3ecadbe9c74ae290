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
from isobot.content.catalogue import Catalogue, load_catalogue
from isobot.evaluation import report, spanish
from isobot.evaluation.corpus import CORPUS, ESCALATING, Case, load_corpus
from isobot.evaluation.e2e import Conversations, with_check
from isobot.evaluation.scoring import headline, language_metrics, safety_metrics, split_turn_metrics

SPLIT_TITLES = {
    "blind": "Blind (never trained on, never used for rules)",
    "informed": "Formerly blind, informed a change (not evidence)",
    "train": "Training part (tuned on: not evidence)",
}


def catalogue_topics() -> frozenset[str]:
    return frozenset(project_catalogue().answers)


def project_catalogue() -> Catalogue:
    return load_catalogue(settings.ANSWERS, settings.ESCALATIONS, settings.ARTICLE)


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
            "parts": {
                part: headline([(c, o) for c, o in chosen if c.part == part])
                for part in sorted({c.part for c, _ in chosen})
            },
        }
    return result


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
    report.write(
        out,
        "real_language_parts",
        "Real-language corpus, per part (counts only: right of all)",
        [report.parts_markdown(SPLIT_TITLES[n], r["parts"]) for n, r in result.items()],
        {n: r["parts"] for n, r in result.items()},
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
        lines += [f"  {name} {part}: " + report.headline_line(h) for part, h in r["parts"].items()]
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
            spanish_corpus = spanish.evaluate_corpus(conversations, project_catalogue())
            spanish_safety = spanish.evaluate_safety_sets(conversations)
        finally:
            profile.stop()
    out = Path(args.out)
    write_reports(result, out)
    spanish.write_safety_report(spanish_safety, out)
    if spanish_corpus is not None:
        spanish.write_corpus_report(spanish_corpus, out, SPLIT_TITLES)
    print(summary(result))
    print(spanish.summary(spanish_corpus, spanish_safety))
    names = "real_language, real_language_parts, safety_real_language, real_language_es and safety_es"
    print(f"reports in {out}/: {names} (.md, .json)")


if __name__ == "__main__":
    main()
