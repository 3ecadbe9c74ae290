"""`make content-report`: every catalogue entry's lifecycle, readability, version and reach.

Prints the table and writes reports/content.md. Overdue entries are listed first, loudly.
`--lock` rewrites content/versions.lock.yml (`make content-lock`); `--readability FILE` writes
only the readability figures (reports/first_contact/readability_*.md).

Usage: python -m isobot.content.report [--today YYYY-MM-DD] [--lock] [--readability FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from isobot import settings
from isobot.content import history as content_history
from isobot.content import readability
from isobot.content.catalogue import load_catalogue
from isobot.content.errors import ContentError
from isobot.content.governance import GENERIC_ESCALATIONS, overdue
from isobot.content.texts import PatientText, patient_texts, scores
from isobot.content.yaml_file import read_mapping

LOCK = settings.ROOT / "content" / "versions.lock.yml"
REPORT = settings.ROOT / "reports" / "content.md"
RULES = (settings.RED_FLAG_RULES, settings.RED_FLAG_RULES_ES)
# isobot/safety/detector.py's INFO_ESCALATION (not imported: that pulls in spaCy for a report).
INFO_ESCALATION = "red_flags_info"
COLUMNS = (
    "id",
    "kind",
    "status",
    "sign-off",
    "review in (days)",
    "ease",
    "grade",
    "ease es",
    "version",
    "last text commit",
    "reached by",
)


def escalation_reach(
    rule_paths: tuple[Path, ...] = RULES, screening_path: Path = settings.SCREENING
) -> dict[str, list[str]]:
    """Escalation id -> the red-flag rules (and guided-check questions) that send it."""
    reach: dict[str, list[str]] = {INFO_ESCALATION: ["any red flag asked about, not present (tier info)"]}
    for generic in GENERIC_ESCALATIONS:
        reach[generic] = [f"fallback of the {generic.split('_')[0]} tier"]
    for path in rule_paths:
        language = "es" if path.name.endswith(".es.yml") else "en"
        for flag in read_mapping(path).get("flags") or []:
            reach.setdefault(flag["escalation"], []).append(f"flag {flag['id']} ({language})")
    for question in read_mapping(screening_path).get("questions") or []:
        reach.setdefault(question["on_yes"], []).append(f"check {question['slot']}")
    return reach


def answer_reach(answer: Any) -> list[str]:
    return [f"intent {i}" for i in answer.intents] + [f"{k}={v}" for k, v in answer.entities] + list(answer.reached_by)


def rows(catalogue: Any, today: dt.date, commits: dict[str, str], texts: list[PatientText]) -> list[dict[str, Any]]:
    answer_scores, instruction_scores = scores(texts, "answer"), scores(texts, "escalation_instruction")
    spanish = {"answer": scores(texts, "answer_es"), "escalation": scores(texts, "escalation_instruction_es")}
    reach = escalation_reach()
    result = []
    for kind, entries, measured in (
        ("answer", catalogue.answers, answer_scores),
        ("escalation", catalogue.escalations, instruction_scores),
    ):
        for entry in entries.values():
            days = entry.days_until_review(today)
            score = measured[entry.id]
            score_es = spanish[kind].get(entry.id)
            result.append(
                {
                    "id": entry.id,
                    "kind": kind,
                    "status": entry.status,
                    "sign-off": entry.sign_off if kind == "escalation" else "-",
                    "review in (days)": days,
                    "overdue": days is not None and days < 0,
                    "next_due": entry.next_due,
                    "ease": score.ease,
                    "grade": score.grade,
                    "meets_targets": score.meets_targets,
                    # Fernández-Huerta; an escalation's is measured, not gated (texts.py)
                    "ease es": score_es.ease if score_es else None,
                    "meets_targets_es": score_es.meets_targets if score_es else True,
                    "readability_note": entry.readability_note,
                    "version": entry.review.version,
                    "last text commit": commits.get(entry.id, content_history.NO_GIT),
                    "reached by": ", ".join(answer_reach(entry) if kind == "answer" else reach.get(entry.id, []))
                    or "nothing",
                }
            )
    # Overdue first, then drafts and retired entries; otherwise in file order.
    return sorted(result, key=lambda r: (not r["overdue"], r["status"] == "approved"))


def report_rows(today: dt.date | None = None) -> list[dict[str, Any]]:
    """The table shown by `make content-report` and the staff console, drafts and retired included."""
    catalogue = load_catalogue(settings.ANSWERS, settings.ESCALATIONS, settings.ARTICLE, include_unserved=True)
    commits = content_history.last_text_commits(
        settings.ROOT, [(settings.ANSWERS, "answers"), (settings.ESCALATIONS, "messages")]
    )
    return rows(catalogue, today or dt.date.today(), commits, patient_texts(catalogue))


def _cell(row: dict[str, Any], column: str) -> str:
    value = row[column]
    if column == "review in (days)" and row["overdue"]:
        return f"OVERDUE {value}"
    if column in ("ease", "grade"):
        return f"{value:.1f}" + ("" if row["meets_targets"] else " !")
    if column == "ease es" and value is not None:
        return f"{value:.1f}" + ("" if row["meets_targets_es"] else " !")
    return "-" if value is None else str(value)


def text_table(table: list[dict[str, Any]]) -> str:
    cells = [[_cell(row, c) for c in COLUMNS] for row in table]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(COLUMNS)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(COLUMNS, widths))]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in cells]
    return "\n".join(lines)


def _banner(table: list[dict[str, Any]]) -> list[str]:
    late = [r for r in table if r["overdue"]]
    unserved = [r for r in table if r["status"] != "approved"]
    lines = [
        f"**{len(late)} OVERDUE for review** (still served): " + ", ".join(r["id"] for r in late)
        if late
        else "No entry is overdue for review."
    ]
    if unserved:
        lines.append("Not served (draft or retired): " + ", ".join(f"{r['id']} ({r['status']})" for r in unserved))
    return lines


def markdown(table: list[dict[str, Any]], texts: list[PatientText], today: dt.date) -> str:
    lines = [
        f"# Content report ({today.isoformat()})",
        "",
        "Generated by `make content-report`. Ease: Flesch "
        f"reading ease (target >= {readability.MIN_EASE:.0f}); grade: Flesch-Kincaid (target <= "
        f"{readability.MAX_GRADE:.0f}); ease es: Fernández-Huerta of the Spanish text (target >= "
        f"{readability.MIN_EASE_ES:.0f} for answers); an escalation is measured on its first sentence, "
        "the instruction. `!` misses a target.",
        "",
        *_banner(table),
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    lines += ["| " + " | ".join(_cell(r, c).replace("|", "/") for c in COLUMNS) + " |" for r in table]
    notes = [r for r in table if r["readability_note"]]
    lines += ["", "## Readability notes", ""] + (
        [f"- `{r['id']}`: {r['readability_note']}" for r in notes] or ["None."]
    )
    lines += [
        "",
        "## Other patient-facing texts (measured, not gated)",
        "",
        "| kind | id | ease | grade |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {t.kind} | {t.id} | {t.score.ease:.1f} | {t.score.grade:.1f} |"
        for t in texts
        if t.kind in ("escalation", "screening", "domain", "service")
    ]
    return "\n".join(lines) + "\n"


def readability_markdown(texts: list[PatientText], title: str) -> str:
    answers = scores(texts, "answer")
    summary = readability.summarise(answers)
    instructions = scores(texts, "escalation_instruction")
    lines = [
        f"# {title}",
        "",
        "Measured by `python -m isobot.content.report --readability FILE` with textstat 0.7.3: "
        "markdown stripped, each bullet point a sentence, placeholders filled for the default region.",
        "",
        f"- answers: {summary.count}; median reading ease {summary.median_ease:.1f}, median grade "
        f"{summary.median_grade:.1f}",
        f"- reading ease >= {readability.MIN_EASE:.0f}: {summary.ease_ok} of {summary.count}; grade <= "
        f"{readability.MAX_GRADE:.0f}: {summary.grade_ok} of {summary.count}",
        "- worst five (lowest reading ease): "
        + ", ".join(f"`{n}` ({s.ease:.1f}, grade {s.grade:.1f})" for n, s in summary.worst),
        "- escalation instructions (first sentence) missing a target: "
        + (", ".join(f"`{n}`" for n in readability.failing(instructions)) or "none"),
        "",
        "| answer | ease | grade |",
        "|---|---|---|",
        *readability.markdown_rows(answers.items()),
        "",
        "| escalation (first sentence) | ease | grade |",
        "|---|---|---|",
        *readability.markdown_rows(instructions.items()),
        *_spanish_summary(texts),
    ]
    return "\n".join(lines) + "\n"


def _spanish_summary(texts: list[PatientText]) -> list[str]:
    answers = scores(texts, "answer_es")
    if not answers:
        return []
    summary = readability.summarise(answers)
    instructions = scores(texts, "escalation_instruction_es")
    return [
        "",
        "## Spanish",
        "",
        f"Fernández-Huerta reading ease (target >= {readability.MIN_EASE_ES:.0f}, 'normal'); grade: Crawford's "
        "years of schooling, reported, not gated.",
        "",
        f"- answers: {summary.count}; median reading ease {summary.median_ease:.1f}; reading ease >= "
        f"{readability.MIN_EASE_ES:.0f}: {summary.ease_ok} of {summary.count}",
        "- escalation instructions (first sentence, not gated) under the target: "
        + (", ".join(f"`{n}`" for n in readability.failing(instructions)) or "none"),
        "",
        "| answer (es) | ease | grade |",
        "|---|---|---|",
        *readability.markdown_rows(answers.items()),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())
    parser.add_argument("--lock", action="store_true", help="rewrite content/versions.lock.yml")
    parser.add_argument("--readability", type=Path, help="write the readability figures to this file")
    args = parser.parse_args()
    try:
        catalogue = load_catalogue(settings.ANSWERS, settings.ESCALATIONS, settings.ARTICLE, include_unserved=True)
    except ContentError as error:
        raise SystemExit(f"content error: {error}") from None
    if args.lock:
        content_history.write_lock(catalogue, LOCK)
        print(f"{LOCK} written ({len(catalogue.answers)} answers, {len(catalogue.escalations)} escalations)")
        return
    texts = patient_texts(catalogue)
    if args.readability:
        args.readability.write_text(
            readability_markdown(
                texts, f"{args.readability.stem.replace('_', ' ').capitalize()} ({args.today.isoformat()})"
            )
        )
        print(f"{args.readability} written")
        return
    table = rows(
        catalogue,
        args.today,
        content_history.last_text_commits(
            settings.ROOT, [(settings.ANSWERS, "answers"), (settings.ESCALATIONS, "messages")]
        ),
        texts,
    )
    for line in _banner(table):
        print(line.replace("**", ""))
    print(text_table(table))
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(markdown(table, texts, args.today), encoding="utf-8")
    print(f"\n{REPORT} written")
    late = overdue([*catalogue.answers.values(), *catalogue.escalations.values()], args.today)
    if late:
        print(f"WARNING: {len(late)} entries are OVERDUE for review; they are still served.")


if __name__ == "__main__":
    main()
