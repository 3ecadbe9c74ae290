"""Where one patient message spends its time, in-process: `python -m bench.profile_turn`.

Loads the trained model with the real endpoints (a real action server on a free port, a
SQLite tracker store in a temporary directory), plays one long conversation and reports, per
turn, the time in each NLU component, policy prediction, tracker store reads and writes and
action-server round trips, as shares of the turn and for early vs late messages.

`--compare-with-head` also runs the same conversation against the committed code (git archive
HEAD, read-only) in alternating rounds, so before/after figures come from one run on a noisy
machine and are reported as ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import contextvars
import functools
import json
import logging
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
# `--compare-with-head` runs the child with the committed isobot/ first on the path; `-m` puts
# the working directory first, so it is moved in front here, before anything imports isobot.
SOURCE_ENV = "PROFILE_SOURCE"
if os.environ.get(SOURCE_ENV):
    sys.path.insert(0, os.environ[SOURCE_ENV])

from bench.load import PATIENT_MESSAGES  # noqa: E402

if TYPE_CHECKING:
    from tests.servers import Service

_phase: contextvars.ContextVar[str] = contextvars.ContextVar("phase", default="other")


class Recorder:
    """Seconds and call counts per label for the current turn."""

    def __init__(self) -> None:
        self.turn: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
        self.action_bytes = 0

    def add(self, label: str, seconds: float) -> None:
        slot = self.turn[label]
        slot[0] += seconds
        slot[1] += 1

    def take(self) -> dict[str, list[float]]:
        turn, self.turn = dict(self.turn), defaultdict(lambda: [0.0, 0])
        return turn


REC = Recorder()


def _wrap_async(owner, name: str, label, phase: str | None = None) -> None:
    original = getattr(owner, name)

    @functools.wraps(original)
    async def timed(*args, **kwargs):
        token = _phase.set(phase) if phase else None
        t0 = time.perf_counter()
        try:
            return await original(*args, **kwargs)
        finally:
            REC.add(label(args) if callable(label) else label, time.perf_counter() - t0)
            if token is not None:
                _phase.reset(token)

    setattr(owner, name, timed)


def _wrap_sync(owner, name: str, label, phase: str | None = None) -> None:
    original = getattr(owner, name)

    @functools.wraps(original)
    def timed(*args, **kwargs):
        token = _phase.set(phase) if phase else None
        t0 = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            REC.add(label(args) if callable(label) else label, time.perf_counter() - t0)
            if token is not None:
                _phase.reset(token)

    setattr(owner, name, timed)


def _node_label(node_name: str) -> str:
    # "run_isobot.nlu.safety_gate.SafetyGate11" -> "SafetyGate"; keeps the two featurizers apart.
    name = node_name.removeprefix("run_").rsplit(".", 1)[-1]
    return re.sub(r"\d+$", "", name) + (f"[{node_name[-1]}]" if "CountVectors" in name else "")


def instrument(agent) -> None:
    """Time the turn's parts. Top-level labels (no ':') do not overlap; 'a:b' are inside 'a'."""
    import rasa.core.actions.action as rasa_actions
    import rasa.engine.graph as graph
    import rasa.utils.endpoints as endpoints

    original_call = graph.GraphNode.__call__

    def node_call(self, *inputs):
        t0 = time.perf_counter()
        try:
            return original_call(self, *inputs)
        finally:
            REC.add(f"{_phase.get()}:{_node_label(self._node_name)}", time.perf_counter() - t0)

    graph.GraphNode.__call__ = node_call  # type: ignore[method-assign]  # timing Rasa's own nodes, in this child only

    processor = agent.processor
    _wrap_async(processor, "parse_message", "nlu", phase="nlu")
    _wrap_sync(processor, "_predict_next_with_tracker", "policy", phase="policy")
    _wrap_async(processor, "save_tracker", "tracker_save")
    store = agent.tracker_store
    for method in ("retrieve", "retrieve_full_tracker"):
        _wrap_async(store, method, "tracker_retrieve")
    _wrap_async(rasa_actions.RemoteAction, "run", "action_server")
    _wrap_sync(rasa_actions.RemoteAction, "_action_call_format", "action_server:build_json")

    original_request = endpoints.EndpointConfig.request

    async def request(self, *args, **kwargs):
        body = kwargs.get("json")
        if body is not None:
            REC.action_bytes += len(json.dumps(body))
        elif isinstance(kwargs.get("data"), bytes):  # a signed call (isobot/security/signed_action_endpoint.py)
            REC.action_bytes += len(kwargs["data"])
        t0 = time.perf_counter()
        try:
            return await original_request(self, *args, **kwargs)
        finally:
            REC.add("action_server:http_round_trip", time.perf_counter() - t0)

    endpoints.EndpointConfig.request = request  # type: ignore[method-assign]  # as above, its HTTP calls


def conversation(length: int) -> list[str]:
    return [PATIENT_MESSAGES[i % len(PATIENT_MESSAGES)] for i in range(length)]


async def play(model: str, length: int, conversations: int, cprofile: Path | None) -> dict:
    from rasa.core.agent import load_agent
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
    from rasa.core.utils import AvailableEndpoints
    from rasa.utils.log_utils import configure_structlog

    import isobot
    from isobot import rasa_patches

    configure_structlog(logging.WARNING)
    print(f"isobot code: {Path(isobot.__file__).parent}", file=sys.stderr)  # HEAD or working tree
    endpoints = AvailableEndpoints.read_endpoints(str(ROOT / "endpoints.yml"))
    agent = await load_agent(model_path=model, endpoints=endpoints)
    # What the server's start-up hook installs (isobot/rasa_patches/startup.py): the process
    # patches before Rasa starts, the agent's guards once it is loaded.
    rasa_patches.install()
    rasa_patches.install_agent_guards(agent)
    instrument(agent)

    async def turn(sender: str, text: str) -> None:
        await agent.handle_message(UserMessage(text, CollectingOutputChannel(), sender))

    await turn("warm-up", "hello")  # first call builds lazy state (TF graph, sessions)
    REC.take()
    profiler = None
    if cprofile:
        import cProfile

        profiler = cProfile.Profile()
    turns = []
    for c in range(conversations):
        sender = f"profile-{uuid.uuid4().hex[:8]}"
        for index, text in enumerate(conversation(length)):
            REC.action_bytes = 0
            if profiler:
                profiler.enable()
            t0 = time.perf_counter()
            await turn(sender, text)
            total = time.perf_counter() - t0
            if profiler:
                profiler.disable()
            parts = REC.take()
            turns.append(
                {"conversation": c, "index": index, "total": total, "parts": parts, "action_bytes": REC.action_bytes}
            )
    if profiler:
        profiler.dump_stats(str(cprofile))
    return {"turns": turns}


def _start_action_server(workdir: Path, pythonpath: str) -> tuple[Service, dict[str, str]]:
    from tests import servers

    env = servers.base_env(
        DB_URL=f"sqlite:///{workdir / 'rasa.db'}", DATA_DIR=str(workdir), STAFF_WEBHOOK_URL="", PYTHONPATH=pythonpath
    )
    service = servers.start_action_server(workdir, env)
    env["ACTION_ENDPOINT_URL"] = f"{service.url}/webhook"
    return service, env


def measure(model: str, length: int, conversations: int, source: Path, cprofile: Path | None) -> dict:
    """One measurement in a fresh process tree, with the code under `source` first on the path."""
    with tempfile.TemporaryDirectory(prefix="isobot-profile-") as tmp:
        workdir = Path(tmp)
        pythonpath = f"{source}:{ROOT}" if source != ROOT else str(ROOT)
        service, env = _start_action_server(workdir, pythonpath)
        try:
            out = workdir / "result.json"
            command = [
                sys.executable,
                "-m",
                "bench.profile_turn",
                "--child",
                str(out),
                "--model",
                model,
                "--length",
                str(length),
                "--conversations",
                str(conversations),
            ]
            if cprofile:
                command += ["--cprofile", str(cprofile)]
            child_env = {**env, SOURCE_ENV: str(source) if source != ROOT else ""}
            subprocess.run(command, cwd=ROOT, env=child_env, check=True)
            return json.loads(out.read_text())
        finally:
            service.stop()


# -- reporting ----------------------------------------------------------------
def _mean(values) -> float:
    values = list(values)
    return statistics.fmean(values) if values else 0.0


def breakdown(result: dict, first: int, last: int) -> dict:
    turns = result["turns"]
    labels = sorted({label for t in turns for label in t["parts"]})

    def window(lo: int, hi: int) -> list[dict]:
        return [t for t in turns if lo <= t["index"] < hi]

    length = max(t["index"] for t in turns) + 1
    early, late = window(0, first), window(length - last, length)
    rows = {}
    for label in labels:
        rows[label] = {
            "ms": _mean(t["parts"].get(label, [0, 0])[0] * 1000 for t in turns),
            "calls": _mean(t["parts"].get(label, [0, 0])[1] for t in turns),
            "early_ms": _mean(t["parts"].get(label, [0, 0])[0] * 1000 for t in early),
            "late_ms": _mean(t["parts"].get(label, [0, 0])[0] * 1000 for t in late),
        }
    top = [label for label in labels if ":" not in label]
    totals = {
        "ms": _mean(t["total"] * 1000 for t in turns),
        "p50_ms": statistics.median(t["total"] * 1000 for t in turns),
        "early_ms": _mean(t["total"] * 1000 for t in early),
        "late_ms": _mean(t["total"] * 1000 for t in late),
        "first_ms": _mean(t["total"] * 1000 for t in turns if t["index"] == 0),
        "last_ms": _mean(t["total"] * 1000 for t in turns if t["index"] == length - 1),
        "action_kb": _mean(t["action_bytes"] / 1024 for t in turns),
        "action_kb_early": _mean(t["action_bytes"] / 1024 for t in early),
        "action_kb_late": _mean(t["action_bytes"] / 1024 for t in late),
    }
    other = {key: totals[key] - sum(rows[label][key] for label in top) for key in ("ms", "early_ms", "late_ms")}
    rows["other (lock, events, NLG, channel)"] = {**other, "calls": 0}
    return {"rows": rows, "totals": totals, "top": top + ["other (lock, events, NLG, channel)"]}


def print_breakdown(name: str, b: dict, first: int, last: int) -> None:
    t = b["totals"]
    print(
        f"\n## {name}: mean {t['ms']:.1f} ms/turn (p50 {t['p50_ms']:.1f}); "
        f"messages 1-{first} {t['early_ms']:.1f} ms -> last {last} {t['late_ms']:.1f} ms "
        f"({t['late_ms'] / t['early_ms']:.2f}x); action JSON {t['action_kb']:.0f} KiB/turn "
        f"({t['action_kb_early']:.0f} -> {t['action_kb_late']:.0f})\n"
    )
    print("| part | share | ms/turn | calls/turn | early ms | late ms | late/early |")
    print("|---|---|---|---|---|---|---|")
    rows = b["rows"]
    order = sorted(b["top"], key=lambda label: -rows[label]["ms"])
    for label in order:
        subs = sorted((s for s in rows if s.startswith(label.split(" ")[0] + ":")), key=lambda s: -rows[s]["ms"])
        for key in [label, *subs]:
            r = rows[key]
            ratio = f"{r['late_ms'] / r['early_ms']:.2f}" if r["early_ms"] > 0.05 else "-"
            name_cell = key if key == label else f"&nbsp;&nbsp;{key.split(':', 1)[1]}"
            print(
                f"| {name_cell} | {r['ms'] / t['ms']:.0%} | {r['ms']:.1f} | {r['calls']:.1f} | "
                f"{r['early_ms']:.1f} | {r['late_ms']:.1f} | {ratio} |"
            )


def head_source(tmp: Path) -> Path:
    """The committed code and the files it reads at run time beside itself (read-only `git archive`),
    for the 'before' runs: isobot/ finds safety/ and content/ from its own location."""
    archive = subprocess.run(
        ["git", "archive", "HEAD", "isobot", "actions", "rasa_sdk_plugins", "safety", "content"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(tmp)], input=archive, check=True)
    return tmp


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=None, help="model tarball (default: newest models/isobot-*.tar.gz)")
    parser.add_argument("--length", type=int, default=50, help="messages in the conversation")
    parser.add_argument("--conversations", type=int, default=1, help="conversations per round")
    parser.add_argument("--window", type=int, default=10, help="early/late window (messages)")
    parser.add_argument("--rounds", type=int, default=1, help="rounds (alternated with HEAD when comparing)")
    parser.add_argument("--compare-with-head", action="store_true", help="also measure the committed code")
    parser.add_argument("--cprofile", type=Path, default=None, help="write cProfile stats of the turns here")
    parser.add_argument("--json", type=Path, default=None, help="write the raw results here")
    parser.add_argument("--child", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    model = args.model or str(max(ROOT.glob("models/isobot-*.tar.gz"), key=lambda p: p.stat().st_mtime))

    if args.child:
        result = asyncio.run(play(model, args.length, args.conversations, args.cprofile))
        args.child.write_text(json.dumps(result))
        return

    print(f"Model: {model}; {args.length} messages x {args.conversations} conversation(s), {args.rounds} round(s)")
    variants = {"current": ROOT}
    with tempfile.TemporaryDirectory(prefix="isobot-head-") as tmp:
        if args.compare_with_head:
            variants = {"HEAD": head_source(Path(tmp)), "current": ROOT}
        runs: dict[str, list[dict]] = {name: [] for name in variants}
        for _ in range(args.rounds):
            for name, source in variants.items():
                runs[name].append(measure(model, args.length, args.conversations, source, args.cprofile))
    merged = {name: {"turns": [t for r in rs for t in r["turns"]]} for name, rs in runs.items()}
    summaries = {name: breakdown(result, args.window, args.window) for name, result in merged.items()}
    for name, summary in summaries.items():
        print_breakdown(name, summary, args.window, args.window)
    if "HEAD" in summaries:
        before, after = summaries["HEAD"], summaries["current"]
        print("\n## current vs HEAD (same run; < 1 is faster)\n")
        print("| figure | HEAD ms | current ms | current/HEAD |")
        print("|---|---|---|---|")
        for key in ("ms", "p50_ms", "early_ms", "late_ms"):
            print(
                f"| turn {key} | {before['totals'][key]:.1f} | {after['totals'][key]:.1f} | "
                f"{after['totals'][key] / before['totals'][key]:.2f} |"
            )
        for label in after["top"]:
            b, a = before["rows"].get(label, {}).get("ms", 0), after["rows"][label]["ms"]
            print(
                f"| {label} | {b:.1f} | {a:.1f} | {a / b:.2f} |" if b > 0.05 else f"| {label} | {b:.1f} | {a:.1f} | - |"
            )
    if args.json:
        args.json.write_text(json.dumps({"runs": runs, "summaries": summaries}, indent=1))


if __name__ == "__main__":
    main()
