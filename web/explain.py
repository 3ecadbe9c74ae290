"""'Explain a reply' and the batch test for the staff console.

The analysis comes from Rasa's own parse (intent ranking, entities, the safety gate's
verdict under parse_data["safety"]); the answer comes from the same choice the action
server makes (isobot.content.topics.choose_answer over the catalogue), and for 'explain' the exact
reply is what the bot really says to a throwaway conversation.
"""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import asdict

from isobot.content.catalogue import Catalogue
from isobot.content.topics import choose_answer, topic_entities
from isobot.safety.tiers import TIERS
from web.rasa_client import RasaClient

MAX_BATCH_ROWS = 500


def _answer_details(catalogue: Catalogue, answer_id: str | None) -> dict | None:
    answer = catalogue.answers.get(answer_id or "")
    if answer is None:
        return None
    return {
        "id": answer.id,
        "label": answer.label,
        "section": answer.section,
        "quotes": list(answer.quotes),
        "review": asdict(answer.review),
    }


def _escalation_details(catalogue: Catalogue, escalation_id: str | None) -> dict | None:
    escalation = catalogue.escalations.get(escalation_id or "")
    if escalation is None:
        return None
    return {
        "id": escalation.id,
        "tier": escalation.tier,
        "sources": list(escalation.sources),
        "review": asdict(escalation.review),
    }


def analyse(catalogue: Catalogue, parsed: dict) -> dict:
    """The classifier's and the safety gate's view of one message, and the answer it leads to."""
    intent = (parsed.get("intent") or {}).get("name")
    safety = parsed.get("safety") or {}
    answer = choose_answer(catalogue, intent, topic_entities(parsed), None)
    return {
        "intent": parsed.get("intent") or {},
        "intent_ranking": parsed.get("intent_ranking") or [],
        "entities": parsed.get("entities") or [],
        "safety": safety,
        "tier": safety.get("tier") or "none",
        "answer_id": answer.id if answer else None,
    }


async def explain(client: RasaClient, catalogue: Catalogue, message: str, client_ip: str | None = None) -> dict:
    analysis = analyse(catalogue, await client.parse(message))
    # A throwaway conversation, sent with the API token: Rasa files it under the staff channel,
    # which is never logged as an escalation (isobot/channels/rest.py, isobot/staff/escalation_watch.py).
    reply = [m for m in await client.say(uuid.uuid4().hex, message, client_ip, staff=True) if m["role"] == "bot"]
    # The answer the bot actually sent wins over the predicted one (they agree on a fresh conversation).
    sent_answer = next((m["answer_id"] for m in reply if m.get("answer_id")), None)
    answer_id = sent_answer or analysis["answer_id"]
    return {
        "message": message,
        **analysis,
        "answer_id": answer_id,
        "answer": _answer_details(catalogue, answer_id),
        "escalation": _escalation_details(catalogue, analysis["safety"].get("escalation")),
        "reply": reply,
    }


class BatchError(ValueError):
    """The uploaded CSV cannot be used; the message says why, for staff."""


def read_batch(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    rows: list[dict[str, str]] = []
    try:
        columns = [c.strip() for c in reader.fieldnames or []]
        if "message" not in columns:
            raise BatchError("The CSV needs a 'message' column (optional: expected_topic, expected_tier).")
        for number, row in enumerate(reader, start=2):
            _add_row(rows, number, row)
    except csv.Error as error:  # e.g. a cell over csv's field limit, or a stray NUL byte
        # line_num counts the lines read whole; the bad one is the next (where its cell starts).
        raise BatchError(f"Line {reader.line_num + 1}: {_csv_problem(error)}") from None
    if not rows:
        raise BatchError("The CSV has no messages.")
    return rows


def _csv_problem(error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        return f"a cell is longer than {csv.field_size_limit():,} characters."
    return f"the CSV cannot be read ({error})."


def _add_row(rows: list[dict[str, str]], number: int, row: dict) -> None:
    row = {(k or "").strip(): (v or "").strip() for k, v in row.items() if isinstance(v, str) or v is None}
    if not row.get("message"):
        return
    tier = row.get("expected_tier", "")
    if tier and tier not in TIERS:
        raise BatchError(f"Line {number}: expected_tier must be one of {', '.join(TIERS)}, not '{tier}'.")
    rows.append({"message": row["message"], "expected_topic": row.get("expected_topic", ""), "expected_tier": tier})
    if len(rows) > MAX_BATCH_ROWS:
        raise BatchError(f"At most {MAX_BATCH_ROWS} messages per batch.")


def judge(row: dict[str, str], analysis: dict) -> dict:
    """One batch row's result. A row with no expectation is reported but not counted."""
    intent = analysis["intent"].get("name")
    checks = []
    if row["expected_topic"]:
        checks.append(row["expected_topic"] in (analysis["answer_id"], intent))
    if row["expected_tier"]:
        checks.append(row["expected_tier"] == analysis["tier"])
    return {
        **row,
        "intent": intent or "",
        "confidence": round(float(analysis["intent"].get("confidence") or 0.0), 3),
        "answer_id": analysis["answer_id"] or "",
        "tier": analysis["tier"],
        "result": ("pass" if all(checks) else "miss") if checks else "no expectation",
    }


async def run_batch(client: RasaClient, catalogue: Catalogue, rows: list[dict[str, str]]) -> dict:
    results = [judge(row, analyse(catalogue, await client.parse(row["message"]))) for row in rows]
    order = {"miss": 0, "pass": 1, "no expectation": 2}
    results.sort(key=lambda r: order[r["result"]])  # misses first; stable within each group
    checked = [r for r in results if r["result"] != "no expectation"]
    passed = sum(r["result"] == "pass" for r in checked)
    return {
        "results": results,
        "checked": len(checked),
        "passed": passed,
        "pass_rate": round(passed / len(checked), 4) if checked else None,
        "csv": results_csv(results),
    }


RESULT_COLUMNS = ("result", "message", "expected_topic", "expected_tier", "intent", "confidence", "answer_id", "tier")


def results_csv(results: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=RESULT_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in results:
        # Cells starting with = + - @ run as formulas in spreadsheets: neutralise them.
        writer.writerow({k: ("'" + v if isinstance(v, str) and v[:1] in "=+-@" else v) for k, v in row.items()})
    return out.getvalue()
