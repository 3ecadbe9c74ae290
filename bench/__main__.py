"""`make bench`: latency and throughput of the default and scaled profiles vs a plain
`rasa init` bot, on this machine, in one run, alternating A/B/A/B so drift cancels.

Writes reports/bench.json (raw), reports/bench.md (tables, ratios, targets), reports/bench.png.
Usage: python -m bench --model MODEL [--rounds 3] [--only-levers] [--env KEY=VALUE ...]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import statistics
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from bench import report
from bench.load import PATIENT_MESSAGES, LoadResult, run_load
from bench.profiles import REFERENCE_MESSAGES, ReferenceProfile, memory
from bench.stats import merge, summarise
from isobot.tools.processes import ROOT, rasa_env
from isobot.tools.profiles import DefaultProfile, ScaledProfile

USERS = (1, 10, 50)
MESSAGES_PER_USER = {1: 30, 10: 10, 50: 10}
# One round of 10 users x 10 messages was ~1.5 s of load, and the 10-user figures moved by a
# third between rounds. Each 10-user user now holds 3 conversations in a row (fresh senders,
# the same 10 messages each): 300 messages per cell, conversations as long as before.
CONVERSATIONS_PER_USER = {1: 1, 10: 3, 50: 1}
LONG_CONVERSATION = 50


def conversation(messages: tuple[str, ...], length: int) -> tuple[str, ...]:
    return tuple(messages[i % len(messages)] for i in range(length))


async def cell(url: str, users: int, messages: tuple[str, ...]) -> dict:
    total = LoadResult()
    for _ in range(CONVERSATIONS_PER_USER[users]):
        senders = [f"bench-{uuid.uuid4().hex[:10]}" for _ in range(users)]
        result = await run_load(url, senders, conversation(messages, MESSAGES_PER_USER[users]))
        total.messages += result.messages
        total.wall_seconds += result.wall_seconds
    figures = summarise(total)
    figures["loadavg_1m"] = round(os.getloadavg()[0], 2)  # other work on the machine skews every figure
    return figures


async def long_conversation(url: str, messages: tuple[str, ...], repeats: int = 3) -> dict:
    """Does a growing tracker cost? Messages 1-10 vs 41-50 of one 50-message conversation:
    the same ten messages in the same order, so only the conversation's length differs."""
    firsts, lasts = [], []
    for _ in range(repeats):
        result = await run_load(url, [f"bench-long-{uuid.uuid4().hex[:8]}"], conversation(messages, LONG_CONVERSATION))
        ordered = sorted(result.messages, key=lambda m: m.index)
        firsts.append(sum(m.seconds for m in ordered[:10]) / 10 * 1000)
        lasts.append(sum(m.seconds for m in ordered[-10:]) / 10 * 1000)
    return {
        "messages_1_10_ms": round(statistics.median(firsts), 1),
        "messages_41_50_ms": round(statistics.median(lasts), 1),
    }


def train_from_scratch(workdir: Path) -> float:
    """Our model, trained into a fresh --out with a fresh Rasa cache: nothing reused."""
    t0 = time.perf_counter()
    subprocess.run(
        [
            "rasa",
            "train",
            "--config",
            "config.yml",
            "--domain",
            "build/domain",
            "--data",
            "data",
            "--out",
            str(workdir / "models"),
            "--fixed-model-name",
            "bench",
        ],
        cwd=ROOT,
        env=rasa_env(RASA_CACHE_DIRECTORY=str(workdir / "cache")),
        check=True,
        stdout=(workdir / "train.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-training", action="store_true", help="skip the from-scratch training timing")
    parser.add_argument("--env", action="append", default=[], help="KEY=VALUE for our profiles (levers)")
    parser.add_argument("--out", default=str(ROOT / "reports"))
    args = parser.parse_args()
    extra_env = dict(item.split("=", 1) for item in args.env)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="isobot-bench-"))
    work.chmod(0o755)
    raw: dict = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "kernel": platform.release()},
        "model": args.model,
        "levers_env": extra_env,
        "rounds": args.rounds,
        "cells": {},
    }
    print(f"Benchmark workdir {work}")
    try:
        if not args.skip_training:
            print("Training our model from scratch (fresh cache)...")
            (work / "train").mkdir()
            raw["training_s"] = round(train_from_scratch(work / "train"), 1)
        print("Creating the reference bot with `rasa init --no-prompt` (trains it)...")
        (work / "reference").mkdir()
        reference = ReferenceProfile(work / "reference")
        raw["reference_training_s"] = round(reference.train(), 1)

        (work / "default").mkdir()
        (work / "scaled").mkdir()
        profiles: dict[str, DefaultProfile | ScaledProfile | ReferenceProfile] = {
            "default": DefaultProfile(work / "default", args.model, extra_env),
            "scaled": ScaledProfile(work / "scaled", args.model, extra_env),
            "reference": reference,
        }
        messages = {"default": PATIENT_MESSAGES, "scaled": PATIENT_MESSAGES, "reference": REFERENCE_MESSAGES}
        raw["startup_s"] = {}
        try:
            for name, profile in profiles.items():
                print(f"Starting {name}...")
                raw["startup_s"][name] = round(profile.start(), 1)
            rounds: dict[str, dict[int, list[dict]]] = {n: {u: [] for u in USERS} for n in profiles}
            for round_no in range(args.rounds):
                order = list(profiles) if round_no % 2 == 0 else list(reversed(profiles))
                for users in USERS:
                    for name in order:  # A/B/C then C/B/A: every profile sees the same drift
                        figures = asyncio.run(cell(profiles[name].url, users, messages[name]))
                        rounds[name][users].append(figures)
                        print(f"  round {round_no + 1} {name:9s} {users:2d} users: {figures}")
            raw["cells"] = {
                n: {str(u): {"median": merge(rs), "rounds": rs} for u, rs in by_users.items()}
                for n, by_users in rounds.items()
            }
            raw["long_conversation"] = {
                n: asyncio.run(long_conversation(profiles[n].url, messages[n])) for n in profiles
            }
            raw["memory_mb"] = {n: memory(p) for n, p in profiles.items()}
        finally:
            for profile in profiles.values():
                try:
                    profile.stop()
                except Exception as error:  # keep stopping the others
                    print(f"stopping {profile.name}: {error}")
        (out / "bench.json").write_text(json.dumps(raw, indent=2))
        report.write(raw, out)
        print((out / "bench.md").read_text())
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
