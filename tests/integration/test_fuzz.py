"""The first 500 requests of `make fuzz` (same seed), against the suite's Rasa server: hostile
text, broken JSON, wrong types and content types never get a server error or break the
connection, and the bot still answers a patient correctly afterwards."""

from __future__ import annotations

import asyncio

from bench import fuzz, sanity
from bench.fuzz_cases import WEIGHTS, case

SLICE = 500


def first_problems(summary: dict, n: int = 5) -> str:
    """The first few failing requests with their bodies, so a failure says what to send to reproduce it."""
    return "\n".join(
        f"#{p['index']} {p['category']}: {p['problem']}; sent {case(fuzz.DEFAULT_SEED, p['index']).body[:120]!r}"
        for p in summary["problems"][:n]
    )


def test_500_fuzzed_requests_get_no_server_error_and_the_bot_still_answers(rasa_server):
    outcomes = asyncio.run(fuzz.fuzz(rasa_server.url, SLICE, seed=fuzz.DEFAULT_SEED, concurrency=4))
    alive = {"rasa": rasa_server.process.poll() is None and sanity.listening(rasa_server.url)}
    summary = fuzz.summarise(outcomes, 0.0, alive, sanity.check(rasa_server.url), planned=SLICE)

    assert summary["server_errors"] == 0, first_problems(summary)
    assert summary["transport_errors"] == 0, first_problems(summary)
    assert summary["problems"] == [], first_problems(summary)  # no echoed <script, no silence, no valid message refused
    assert summary["count"] == SLICE
    assert set(summary["by_category"]) == set(WEIGHTS)  # every kind of case was sent
    assert summary["processes_alive"] == {"rasa": True}
    assert summary["after"] == {"vetted_answer": True, "emergency_first": True}
