"""`make evaluate`: held-out NLU quality and safety-set recall, written to reports/.

reports/nlu.md, reports/nlu.json, reports/confusion_matrix.png
reports/safety.md, reports/safety.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from isobot import settings
from isobot.evaluation.pipeline import load_agent, parse_all, tier_of
from isobot.safety.cases import Case, load_cases, score

if TYPE_CHECKING:
    from rasa.core.agent import Agent

HELDOUT = settings.ROOT / "tests" / "nlu" / "heldout.yml"
SAFETY_SET = settings.ROOT / "tests" / "safety" / "cases.yml"


def load_heldout(path: Path = HELDOUT) -> list[tuple[str, str]]:
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    return [(m.get("text"), m.get("intent")) for m in data.intent_examples]


def nlu_metrics(examples: list[tuple[str, str]], parses: list[dict[str, Any]]) -> dict[str, Any]:
    from sklearn.metrics import f1_score, precision_recall_fscore_support

    truth = [intent for _, intent in examples]
    predicted = [(p.get("intent") or {}).get("name") or "None" for p in parses]
    labels = sorted(set(truth))
    precision, recall, f1, support = precision_recall_fscore_support(truth, predicted, labels=labels, zero_division=0)
    return {
        "macro_f1": float(f1_score(truth, predicted, labels=labels, average="macro", zero_division=0)),
        "accuracy": sum(t == p for t, p in zip(truth, predicted)) / len(truth),
        "size": len(truth),
        "per_intent": {
            label: {"precision": float(p), "recall": float(r), "f1": float(f), "support": int(s)}
            for label, p, r, f, s in zip(labels, precision, recall, f1, support)
        },
        "errors": [
            {"text": text, "expected": t, "predicted": p} for (text, t), p in zip(examples, predicted) if t != p
        ],
        "labels": labels,
        "truth": truth,
        "predicted": predicted,
    }


def write_confusion_matrix(metrics: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import ConfusionMatrixDisplay

    labels = sorted(set(metrics["truth"]) | set(metrics["predicted"]))
    fig, ax = plt.subplots(figsize=(14, 14))
    ConfusionMatrixDisplay.from_predictions(
        metrics["truth"], metrics["predicted"], labels=labels, ax=ax, xticks_rotation="vertical", colorbar=False
    )
    ax.set_title(f"Held-out intents (macro-F1 {metrics['macro_f1']:.3f})")
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)


def safety_metrics(agent: Agent, cases: list[Case]) -> dict[str, Any]:
    predicted = [tier_of(p) for p in parse_all(agent, [c.text for c in cases])]
    result = score(cases, predicted)
    return {
        "size": len(cases),
        "counts": result.counts,
        "recall": result.recall,
        "false_emergency_rate": result.false_emergency_rate,
        "misses": [
            {"text": c.text, "expected": c.expect, "predicted": p, "category": c.category} for c, p in result.misses
        ],
    }


def write_reports(model: str, out: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    out.mkdir(parents=True, exist_ok=True)
    agent = load_agent(model)
    examples = load_heldout()
    nlu = nlu_metrics(examples, parse_all(agent, [t for t, _ in examples]))
    write_confusion_matrix(nlu, out / "confusion_matrix.png")
    safety = safety_metrics(agent, load_cases(SAFETY_SET))
    (out / "nlu.json").write_text(
        json.dumps({k: v for k, v in nlu.items() if k not in ("truth", "predicted")}, indent=1)
    )
    (out / "safety.json").write_text(json.dumps(safety, indent=1))
    rows = "\n".join(
        f"| {i} | {m['precision']:.2f} | {m['recall']:.2f} | {m['f1']:.2f} | {m['support']} |"
        for i, m in nlu["per_intent"].items()
    )
    errors = "\n".join(f"- `{e['text']}`: expected {e['expected']}, got {e['predicted']}" for e in nlu["errors"])
    (out / "nlu.md").write_text(
        f"# Held-out NLU evaluation\n\nModel: `{Path(model).name}`\n\n"
        f"- messages: {nlu['size']}\n- macro-F1: **{nlu['macro_f1']:.3f}**\n- accuracy: {nlu['accuracy']:.3f}\n\n"
        "![confusion matrix](confusion_matrix.png)\n\n"
        "| intent | precision | recall | F1 | support |\n|---|---|---|---|---|\n"
        f"{rows}\n\n## Errors\n{errors or 'none'}\n"
    )
    tiers = "\n".join(f"| {t} | {safety['counts'][t]} | {safety['recall'][t]:.3f} |" for t in safety["recall"])
    misses = "\n".join(f"- `{m['text']}`: expected {m['expected']}, got {m['predicted']}" for m in safety["misses"])
    (out / "safety.md").write_text(
        f"# Safety set evaluation\n\nCases: {safety['size']}\n\n| tier | cases | recall |\n|---|---|---|\n{tiers}\n\n"
        f"False emergency alarms on benign messages: **{safety['false_emergency_rate']:.3%}**\n\n"
        f"## Misses\n{misses or 'none'}\n"
    )
    return nlu, safety


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", required=True)
    parser.add_argument("--out", default=str(settings.ROOT / "reports"))
    args = parser.parse_args()
    nlu, safety = write_reports(args.model, Path(args.out))
    print(f"held-out macro-F1 {nlu['macro_f1']:.3f} on {nlu['size']} messages")
    print(
        "safety recall "
        + ", ".join(f"{t} {r:.3f}" for t, r in safety["recall"].items())
        + f"; false emergency alarms {safety['false_emergency_rate']:.3%} ({safety['size']} cases)"
    )
    print(f"reports in {args.out}/")


if __name__ == "__main__":
    main()
