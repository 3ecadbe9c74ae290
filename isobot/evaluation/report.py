"""reports/real_language.md, reports/safety_real_language.md and their .json twins."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def _turns(item: dict[str, Any]) -> str:
    earlier = " → ".join(f"`{t}`" for t in item.get("turns") or [])
    return f"{earlier} → " if earlier else ""


def _lines(items: list[dict[str, Any]], with_expected: bool = True) -> str:
    rows = []
    for item in items:
        expected = f" expected **{item['expected']}**," if with_expected and "expected" in item else ""
        rows.append(f"- {item['id']}: {_turns(item)}`{item['text']}`:{expected} got {item['got']}")
    return "\n".join(rows) or "none"


def language_markdown(title: str, metrics: dict[str, Any]) -> str:
    table = "\n".join(
        f"| {topic} | {row['cases']} | {row['right']} | {row['right'] / row['cases']:.2f} |"
        for topic, row in metrics["per_topic"].items()
    )
    return (
        f"## {title}\n\n"
        f"- in-scope questions: {metrics['in_scope_questions']}\n"
        f"- top-1 topic accuracy: **{metrics['top1_accuracy']:.3f}**\n"
        f'- "did you mean" on in-scope questions: **{metrics["did_you_mean_share"]:.1%}**\n'
        f"- questions answered with only an acknowledgement line: **{metrics['acknowledged_questions']}**"
        f" of {metrics['questions']} ({', '.join(metrics['acknowledged_ids']) or 'none'})\n\n"
        f"| topic | cases | right | accuracy |\n|---|---|---|---|\n{table}\n\n"
        f"### Misses\n{_lines(metrics['misses'])}\n"
    )


def safety_markdown(title: str, metrics: dict[str, Any], split_turns: dict[str, Any] | None = None) -> str:
    counts, recall = metrics["counts"], metrics["recall"]
    tiers = "\n".join(f"| {t} | {counts[t]} | {recall[t]:.3f} |" for t in recall)
    text = (
        f"## {title}\n\n| tier | cases | recall |\n|---|---|---|\n{tiers}\n\n"
        f"- false emergency alarms: **{metrics['false_emergency_rate']:.1%}** of {counts['none']} harmless messages\n"
        f"- over-triage (any escalation in reply to an informational question): "
        f"**{metrics['over_triage_rate']:.1%}** of {counts['informational']}\n"
        f"- escalations not shown first: {len(metrics['escalation_not_first'])}\n"
    )
    if split_turns:
        text += "".join(
            f"- split across turns, guided check {variant}: {row['escalated']} of {row['cases']} escalated\n"
            for variant, row in split_turns.items()
        )
    text += (
        f"\n### Missed or under-triaged\n{_lines(metrics['misses'])}\n\n"
        f"### False emergency alarms\n{_lines(metrics['false_alarms'], with_expected=False)}\n\n"
        f"### Over-triaged questions\n{_lines(metrics['over_triage'])}\n"
    )
    if split_turns:
        for variant, row in split_turns.items():
            text += f"\n### Split across turns missed, check {variant}\n{_lines(row['missed'], with_expected=False)}\n"
    return text


def _ratio(pair: list[int]) -> str:
    right, whole = pair
    return f"{right}/{whole}"


def headline_line(h: dict[str, Any]) -> str:
    return (
        f"{h['cases']} cases; top-1 {_ratio(h['top1'])}, did-you-mean {_ratio(h['did_you_mean'])}; "
        + ", ".join(f"{t} {_ratio(v)}" for t, v in h["recall"].items())
        + f"; false emergency {_ratio(h['false_emergency'])}, over-triage {_ratio(h['over_triage'])}"
    )


def parts_markdown(title: str, parts: dict[str, dict[str, Any]]) -> str:
    tiers = next(iter(parts.values()))["recall"] if parts else {}
    head = "| part | cases | top-1 | did you mean | " + " | ".join(tiers) + " | false emergency | over-triage |"
    rows = [
        f"| {part} | {h['cases']} | {_ratio(h['top1'])} | {_ratio(h['did_you_mean'])} | "
        + " | ".join(_ratio(v) for v in h["recall"].values())
        + f" | {_ratio(h['false_emergency'])} | {_ratio(h['over_triage'])} |"
        for part, h in parts.items()
    ]
    rule = "|---" * (6 + len(tiers)) + "|"
    return f"## {title}\n\n" + "\n".join([head, rule, *rows]) + "\n"


def write(out: Path, name: str, heading: str, sections: list[str], data: dict[str, Any]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.md").write_text(f"# {heading}\n\n" + "\n".join(sections))
    (out / f"{name}.json").write_text(json.dumps(data, indent=1, ensure_ascii=False))
