"""After a fuzz or soak run: does the server still answer a patient correctly?

The expected texts come from the vetted catalogue (content/), never from this file: a normal
question must get its catalogue answer and an emergency must get the emergency instruction first.
"""

from __future__ import annotations

import json
import shutil
import sys
import uuid
from pathlib import Path

import httpx

from isobot import settings
from isobot.content.catalogue import load_catalogue

# (message, catalogue entry it must produce); the same pairs the integration tests rely on.
QUESTION = ("how common is back pain on isotretinoin", "prevalence_overview")
EMERGENCY = ("both my legs feel weak and tingly", "bilateral_leg_weakness")


def expected_texts() -> tuple[str, str]:
    catalogue = load_catalogue(settings.ANSWERS, settings.ESCALATIONS, settings.ARTICLE)
    numbers = catalogue.region_numbers(settings.region())
    return catalogue.answers[QUESTION[1]].text, catalogue.escalations[EMERGENCY[1]].text.format(**numbers)


def listening(base_url: str) -> bool:
    """Rasa's "/" answers (a Rasa whose event loop died can linger as a process that refuses connections)."""
    try:
        return httpx.get(base_url, timeout=10).status_code == 200
    except httpx.HTTPError:
        return False


def _texts(base_url: str, message: str) -> list[str]:
    reply = httpx.post(
        f"{base_url}/webhooks/rest/webhook",
        timeout=60,
        json={"sender": f"sanity-{uuid.uuid4().hex[:12]}", "message": message},
    )
    reply.raise_for_status()
    return [m.get("text", "") for m in reply.json()]


def check(base_url: str) -> dict[str, bool | str]:
    """{"vetted_answer": ok, "emergency_first": ok, "error": ...} for a fresh conversation each."""
    answer, emergency = expected_texts()
    try:
        said = "\n\n".join(_texts(base_url, QUESTION[0]))
        first = (_texts(base_url, EMERGENCY[0]) or [""])[0]
    except (httpx.HTTPError, ValueError) as error:
        return {"vetted_answer": False, "emergency_first": False, "error": f"{type(error).__name__}: {error}"}
    return {"vetted_answer": answer in said, "emergency_first": first == emergency}


def write_verdict(out: Path, name: str, summary: dict, report: str, work: Path) -> None:
    """Write reports/<name>.json and .md, print the report, and fail the run if it did not pass
    (keeping the server logs in `work` for a look)."""
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    (out / f"{name}.md").write_text(report, encoding="utf-8")
    print(report)
    if summary["passed"]:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"FAILED; server logs kept in {work}", file=sys.stderr)
        sys.exit(1)
