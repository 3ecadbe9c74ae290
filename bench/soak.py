"""`make soak`: USERS patients chatting at a person's pace for MINUTES against the default profile.
Passes with 0 errors and less than 10% memory growth per process from the end of warm-up to the end.

Usage: python -m bench.soak --model MODEL [--minutes 10] [--users 20]
Writes reports/soak.json and reports/soak.md; exits 1 when it fails.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench import sanity
from bench.load import PATIENT_MESSAGES
from bench.stats import percentile
from isobot.tools.processes import ROOT, children, rss_mb
from isobot.tools.profiles import DefaultProfile

SAMPLE_EVERY_S = 10
MAX_GROWTH = 0.10
THINK_S = (2.0, 5.0)  # a person reads the answer and types: ~17 messages a minute at most
TIMEOUT_S = 60


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    error_examples: list[str] = field(default_factory=list)
    conversations: int = 0
    samples: list[dict] = field(default_factory=list)

    def error(self, kind: str, detail: str) -> None:
        self.errors[kind] += 1
        if len(self.error_examples) < 20:
            self.error_examples.append(f"{kind}: {detail}")


def warmup_seconds(duration: float) -> float:
    """The first 20% of the run, at least a minute, but never more than half (short runs)."""
    return min(max(0.2 * duration, 60.0), 0.5 * duration)


async def patient(
    client: httpx.AsyncClient, url: str, user: int, deadline: float, run: Run, rng: random.Random
) -> None:
    """One patient after another on this slot: each asks the ten questions, then leaves."""
    while time.monotonic() < deadline:
        run.conversations += 1
        sender = f"soak-{user}-{run.conversations}-{rng.randrange(16**6):06x}"
        for text in PATIENT_MESSAGES:
            if time.monotonic() >= deadline:
                return
            t0 = time.perf_counter()
            try:
                reply = await client.post(url, json={"sender": sender, "message": text})
            except httpx.HTTPError as error:
                run.error("transport", f"{type(error).__name__}: {error}")
                continue
            run.latencies.append(time.perf_counter() - t0)
            if reply.status_code != 200:
                run.error(f"http {reply.status_code}", reply.text[:200])
            elif not isinstance(body := reply.json(), list) or not body:
                run.error("empty reply", f"{sender}: {text!r} -> {reply.text[:200]}")
            await asyncio.sleep(rng.uniform(*THINK_S))


def sample(profile: DefaultProfile, started: float) -> dict:
    """RSS in MB of the Rasa process and of the action server with its workers."""
    point = {"t_s": round(time.monotonic() - started, 1)}
    for name, pid in (("rasa", profile.rasa_pids[0]), ("actions", profile.action_pids[0])):
        point[name] = round(sum(rss_mb(p)["rss_mb"] for p in [pid, *children(pid)]), 1)
    return point


async def soak(profile: DefaultProfile, minutes: float, users: int, seed: int = 11) -> Run:
    run = Run()
    started = time.monotonic()
    deadline = started + minutes * 60
    url = f"{profile.url}/webhooks/rest/webhook"
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)

    async def sampler() -> None:
        while time.monotonic() < deadline:
            run.samples.append(sample(profile, started))
            await asyncio.sleep(SAMPLE_EVERY_S)
        run.samples.append(sample(profile, started))

    async with httpx.AsyncClient(timeout=TIMEOUT_S, limits=limits) as client:
        rngs = [random.Random(f"{seed}:{u}") for u in range(users)]
        await asyncio.gather(sampler(), *(patient(client, url, u, deadline, run, rngs[u]) for u in range(users)))
    return run


def growth(samples: list[dict], warmup_s: float, name: str) -> dict:
    """Median of the 3 samples around the end of warm-up vs the median of the last 3."""
    after = [s for s in samples if s["t_s"] >= warmup_s]
    if len(after) < 2:
        return {"start_mb": None, "end_mb": None, "growth": None}
    start = statistics.median(s[name] for s in after[:3])
    end = statistics.median(s[name] for s in after[-3:])
    return {"start_mb": start, "end_mb": end, "growth": round((end - start) / start, 4)}


def summarise(run: Run, minutes: float, users: int, checks: dict, alive: dict) -> dict:
    duration = minutes * 60
    warmup = warmup_seconds(duration)
    memory = {name: growth(run.samples, warmup, name) for name in ("rasa", "actions")}
    errors = sum(run.errors.values())
    memory_ok = all(m["growth"] is not None and m["growth"] < MAX_GROWTH for m in memory.values())
    return {
        "passed": errors == 0
        and memory_ok
        and all(alive.values())
        and checks.get("vetted_answer") is True
        and checks.get("emergency_first") is True,
        "minutes": minutes,
        "users": users,
        "warmup_s": warmup,
        "messages": len(run.latencies) + run.errors.get("transport", 0),
        "conversations": run.conversations,
        "msg_per_s": round(len(run.latencies) / duration, 2),
        "p50_ms": round(percentile(run.latencies, 50) * 1000, 1),
        "p95_ms": round(percentile(run.latencies, 95) * 1000, 1),
        "max_ms": round(max(run.latencies, default=0) * 1000, 1),
        "errors": errors,
        "errors_by_kind": dict(run.errors),
        "error_examples": run.error_examples,
        "memory": memory,
        "max_growth": MAX_GROWTH,
        "samples": run.samples,
        "processes_alive": alive,
        "after": checks,
    }


def markdown(s: dict) -> str:
    def pct(value):
        return "n/a" if value is None else f"{value * 100:+.1f}%"

    lines = [
        f"# Soak: {s['users']} conversations for {s['minutes']} min (default profile)",
        "",
        f"**{'PASSED' if s['passed'] else 'FAILED'}**. {s['messages']} messages in {s['conversations']} "
        f"conversations ({s['msg_per_s']} msg/s); latency p50 {s['p50_ms']} ms, p95 {s['p95_ms']} ms, "
        f"max {s['max_ms']} ms.",
        "",
        f"Errors: **{s['errors']}**{' ' + str(s['errors_by_kind']) if s['errors'] else ''}. "
        f"Processes alive: {s['processes_alive']}. "
        f"Afterwards: vetted answer {s['after'].get('vetted_answer')}, emergency instruction first "
        f"{s['after'].get('emergency_first')}.",
        "",
        f"Memory (RSS; growth from the end of warm-up at {s['warmup_s']:.0f} s to the end; "
        f"gate < {s['max_growth'] * 100:.0f}% per process):",
        "",
        "| process | after warm-up | end | growth |",
        "|---|---|---|---|",
    ]
    for name, m in s["memory"].items():
        lines.append(f"| {name} | {m['start_mb']} MB | {m['end_mb']} MB | {pct(m['growth'])} |")
    lines += ["", "| t (s) | rasa MB | actions MB |", "|---|---|---|"]
    lines += [f"| {p['t_s']} | {p['rasa']} | {p['actions']} |" for p in s["samples"]]
    if s["error_examples"]:
        lines += ["", "Errors (first 20):", ""] + [f"- {e}" for e in s["error_examples"]]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--out", default=str(ROOT / "reports"))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="isobot-soak-"))
    print(f"Starting the default profile (logs in {work})...", flush=True)
    # All patients come from 127.0.0.1 here: isobot.tools.processes.rasa_env turns the rate limits off.
    profile = DefaultProfile(work, args.model)
    try:
        profile.start()
        print(f"Soaking: {args.users} conversations for {args.minutes} min...", flush=True)
        run = asyncio.run(soak(profile, args.minutes, args.users))
        alive = {
            "rasa": profile.processes[1].poll() is None and sanity.listening(profile.url),
            "actions": profile.processes[0].poll() is None,
        }
        summary = summarise(run, args.minutes, args.users, sanity.check(profile.url), alive)
    finally:
        profile.stop()
    sanity.write_verdict(Path(args.out), "soak", summary, markdown(summary), work)


if __name__ == "__main__":
    main()
