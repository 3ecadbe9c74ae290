"""`make bench-levers`: measure (not guess) what moves latency and throughput.

Each lever runs two variants side by side and alternates A/B/A/B so machine drift cancels:
  tf_threads      default profile, TF intra/inter-op threads unset vs 1/1
  action_workers  scaled profile, action server SANIC_WORKERS 1 vs 2
  action_reuse    one action-server call over a fresh connection (what Rasa 3.6 does: a new
                  aiohttp session per call) vs a kept-alive one
  tracker_index   EXPLAIN of Rasa's events query on PostgreSQL: does it use an index already?
Writes reports/levers.json and reports/levers.md.
Usage: python -m bench.levers --model MODEL [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import aiohttp
import sqlalchemy as sa

from bench.load import PATIENT_MESSAGES, run_load
from bench.stats import merge, percentile, summarise
from isobot.tools.processes import ROOT
from isobot.tools.profiles import DefaultProfile, ScaledProfile

TF_ONE_THREAD = {"TF_INTRA_OP_PARALLELISM_THREADS": "1", "TF_INTER_OP_PARALLELISM_THREADS": "1"}


async def _cell(url: str, users: int, per_user: int) -> dict:
    senders = [f"lever-{uuid.uuid4().hex[:10]}" for _ in range(users)]
    messages = tuple(PATIENT_MESSAGES[i % len(PATIENT_MESSAGES)] for i in range(per_user))
    figures = summarise(await run_load(url, senders, messages))
    figures["loadavg_1m"] = round(os.getloadavg()[0], 2)
    return figures


def ab(variants: dict, users: int, per_user: int, rounds: int) -> dict:
    results: dict[str, list[Any]] = {name: [] for name in variants}
    for round_no in range(rounds):
        order = list(variants) if round_no % 2 == 0 else list(reversed(variants))
        for name in order:
            figures = asyncio.run(_cell(variants[name].url, users, per_user))
            results[name].append(figures)
            print(f"  {name:24s} {users:2d} users: {figures}")
    return {name: {"median": merge(rs), "rounds": rs} for name, rs in results.items()}


def lever_profiles(
    work: Path, make, variants: dict[str, dict[str, str]], users: int, per_user: int, rounds: int
) -> dict:
    started = {}
    try:
        for name, env in variants.items():
            (work / name).mkdir()
            started[name] = make(work / name, env)
            started[name].start()
        return ab(started, users, per_user, rounds)
    finally:
        for profile in started.values():
            profile.stop()


async def action_reuse(action_url: str, calls: int = 200) -> dict:
    """The action server's /health over a new aiohttp session per call (what Rasa 3.6's
    EndpointConfig.request does) vs one kept-alive session."""
    url = f"{action_url}/health"

    async def timed(session: aiohttp.ClientSession) -> float:
        t0 = time.perf_counter()
        async with session.get(url) as reply:
            await reply.read()
        return time.perf_counter() - t0

    fresh = []
    for _ in range(calls):
        async with aiohttp.ClientSession() as session:
            fresh.append(await timed(session))
    async with aiohttp.ClientSession() as session:
        reused = [await timed(session) for _ in range(calls)]
    return {
        "fresh_session_p50_ms": round(percentile(fresh, 50) * 1000, 2),
        "kept_alive_p50_ms": round(percentile(reused, 50) * 1000, 2),
    }


def tracker_index_plan(db_url: str, sender: str) -> list[str]:
    engine = sa.create_engine(db_url, future=True)
    # The shape of SQLTrackerStore._event_query (rasa/core/tracker_store.py, Rasa 3.6).
    query = sa.text(
        "EXPLAIN ANALYZE SELECT * FROM events WHERE sender_id = :s AND timestamp >= "
        "(SELECT max(timestamp) FROM events WHERE sender_id = :s AND type_name = 'session_started') "
        "ORDER BY id"
    )
    with engine.connect() as connection:
        plan = [row[0] for row in connection.execute(query, {"s": sender})]
        count = connection.execute(sa.text("SELECT count(*) FROM events")).scalar()
    engine.dispose()
    return [f"events rows: {count}", *plan]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", default=str(ROOT / "reports"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="isobot-levers-"))
    work.chmod(0o755)
    raw: dict[str, Any] = {"cpus": os.cpu_count()}
    try:
        print("Lever: TensorFlow threads (default profile)")
        raw["tf_threads"] = {}
        for users, per_user in ((1, 20), (10, 10)):
            base = work / f"tf{users}"
            base.mkdir()
            raw["tf_threads"][f"{users}_users"] = lever_profiles(
                base,
                lambda d, e: DefaultProfile(d, args.model, e),
                {"tf_unset": {}, "tf_1x1": TF_ONE_THREAD},
                users,
                per_user,
                args.rounds,
            )
        print("Lever: action server workers (scaled profile, 50 users)")
        (work / "workers").mkdir()
        raw["action_workers"] = lever_profiles(
            work / "workers",
            lambda d, e: ScaledProfile(d, args.model, e),
            {"action_workers_1": {"ACTION_SANIC_WORKERS": "1"}, "action_workers_2": {"ACTION_SANIC_WORKERS": "2"}},
            50,
            6,
            args.rounds,
        )
        print("Lever: action-server connection reuse and tracker index (one scaled profile)")
        (work / "scaled").mkdir()
        scaled = ScaledProfile(work / "scaled", args.model)
        scaled.start()
        try:
            env = dict(line.split("=", 1) for line in (scaled.run_dir / "scaled.env").read_text().splitlines())
            raw["action_reuse"] = asyncio.run(action_reuse(env["ACTION_URL"]))
            sender = f"lever-{uuid.uuid4().hex[:8]}"
            asyncio.run(run_load(scaled.url, [sender], PATIENT_MESSAGES))
            raw["tracker_index_plan"] = tracker_index_plan(env["DB_URL"], sender)
        finally:
            scaled.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    (out / "levers.json").write_text(json.dumps(raw, indent=2))
    lines = ["# Levers", "", "Medians of alternated rounds; `loadavg` shows how busy the machine was.", ""]
    for lever in ("tf_threads", "action_workers"):
        blocks = raw[lever] if lever == "tf_threads" else {"50_users": raw[lever]}
        for block, variants in blocks.items():
            lines += [
                f"## {lever}, {block.replace('_', ' ')}",
                "",
                "| variant | p50 ms | p95 ms | msg/s |",
                "|---|---|---|---|",
            ]
            lines += [
                f"| {name} | {v['median']['p50_ms']} | {v['median']['p95_ms']} | {v['median']['msg_per_s']} |"
                for name, v in variants.items()
            ]
            lines.append("")
    lines += [
        "## action-server connection reuse",
        "",
        f"`{raw['action_reuse']}`",
        "",
        "## tracker store query plan",
        "",
        "```",
        *raw["tracker_index_plan"],
        "```",
    ]
    (out / "levers.md").write_text("\n".join(lines) + "\n")
    print((out / "levers.md").read_text())


if __name__ == "__main__":
    main()
