"""`make fuzz`: hostile requests against the running servers; 0 server errors, 0 crashes, and the
bot still answers correctly afterwards. `make test` runs a 500-case slice (tests/integration/test_fuzz.py).

Usage: python -m bench.fuzz --model MODEL [--count 10000] [--seed 7] [--concurrency 8]
       python -m bench.fuzz --url http://127.0.0.1:5005 [--web-url http://127.0.0.1:8080]   (servers already up)
Writes reports/fuzz.json and reports/fuzz.md; exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import secrets
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx

from bench import sanity
from bench.fuzz_cases import WEIGHTS, Case, case
from isobot.tools.processes import API_TOKEN, ROOT, free_port, rasa_env, spawn, stop
from isobot.tools.profiles import DefaultProfile

DEFAULT_SEED = 7
DEFAULT_COUNT = 10_000
WEB_SHARE = 0.1  # share of cases sent to the web server's /api/chat when it runs
TIMEOUT_S = 180
SLOW_S = 30  # a turn takes well under a second; one that blocks this long stalls every patient
RATE_LIMITED = 429  # a throttled request is an answer, not a failure
MAX_PROBLEMS_KEPT = 50
GIVE_UP_AFTER = 100  # transport errors: the server is gone, the rest would only wait for timeouts


@dataclass
class Outcome:
    index: int
    category: str
    target: str
    status: int  # 0: no HTTP response at all (transport error)
    seconds: float
    problem: str | None
    excerpt: str


def _bot_said(c: Case, messages: list) -> str:
    # The widget relay returns the whole turn: the patient's own text (role "user", which the
    # widget renders as text) and the bot's. Only what the bot says must never carry markup.
    return " ".join(
        str(m) for m in messages if not (c.target == "web" and isinstance(m, dict) and m.get("role") == "user")
    )


def judge(c: Case, status: int, body: bytes, seconds: float = 0.0) -> str | None:
    """What is wrong with this response, if anything."""
    if status >= 500:
        return f"server error {status}"
    if status == 200:
        try:
            reply = json.loads(body)
        except ValueError:
            return "200 with a body that is not JSON"
        messages = reply if c.target == "rest" else reply.get("messages") if isinstance(reply, dict) else None
        if not isinstance(messages, list):
            return "200 with a body that is not a list of messages"
        if not messages:
            return "silent: 200 with no message"
        if "<script" in _bot_said(c, messages).lower():
            return "echoed <script"
    elif b"<script" in body.lower():
        return "echoed <script"
    if c.target == "rest" and c.well_formed and status not in (200, RATE_LIMITED):
        return f"a valid request was refused ({status})"
    if c.target == "rest" and c.over_limit and status != 413:
        return f"a request over the size limits (isobot/security/limits.py) got {status}, not 413"
    if seconds > SLOW_S:
        return f"slow: {seconds:.0f} s"
    return None


async def _send(client: httpx.AsyncClient, urls: dict[str, str], c: Case) -> Outcome:
    headers = {} if c.content_type is None else {"Content-Type": c.content_type}
    t0 = time.perf_counter()
    try:
        reply = await client.post(urls[c.target], content=c.body, headers=headers)
        status, body = reply.status_code, reply.content
        problem = judge(c, status, body, time.perf_counter() - t0)
    except httpx.HTTPError as error:
        status, body, problem = 0, b"", f"transport error: {type(error).__name__}: {error}"
    excerpt = body[:200].decode("utf-8", "replace") if problem else ""
    return Outcome(c.index, c.category, c.target, status, round(time.perf_counter() - t0, 3), problem, excerpt)


async def fuzz(
    rasa_url: str,
    count: int,
    seed: int = DEFAULT_SEED,
    concurrency: int = 8,
    web_url: str | None = None,
    progress: bool = False,
) -> list[Outcome]:
    urls = {"rest": f"{rasa_url}/webhooks/rest/webhook"}
    if web_url:
        urls["web"] = f"{web_url}/api/chat"
    share = WEB_SHARE if web_url else 0.0
    queue = iter(range(count))
    outcomes: list[Outcome] = []
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=TIMEOUT_S, limits=limits) as client:

        async def worker() -> None:
            for index in queue:  # one shared iterator: each case is sent once
                if sum(1 for o in outcomes if o.status == 0) >= GIVE_UP_AFTER:
                    return
                outcomes.append(await _send(client, urls, case(seed, index, share)))
                if progress and len(outcomes) % 500 == 0:
                    print(f"  {len(outcomes)}/{count} sent", flush=True)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return sorted(outcomes, key=lambda o: o.index)


def summarise(
    outcomes: list[Outcome], seconds: float, alive: dict[str, bool], checks: dict, planned: int | None = None
) -> dict:
    by_category: dict[str, Counter] = defaultdict(Counter)
    for o in outcomes:
        by_category[o.category][str(o.status)] += 1
    problems = [o for o in outcomes if o.problem]
    server_errors = sum(1 for o in outcomes if o.status >= 500)
    transport_errors = sum(1 for o in outcomes if o.status == 0)
    passed = (
        not problems
        and all(alive.values())
        and checks.get("vetted_answer") is True
        and checks.get("emergency_first") is True
    )
    return {
        "passed": passed,
        "count": len(outcomes),
        "planned": planned or len(outcomes),
        "duration_s": round(seconds, 1),
        "by_status": dict(sorted(Counter(str(o.status) for o in outcomes).items())),
        "by_target": dict(Counter(o.target for o in outcomes)),
        "by_category": {k: dict(sorted(v.items())) for k, v in sorted(by_category.items())},
        "server_errors": server_errors,
        "transport_errors": transport_errors,
        "rate_limited": sum(1 for o in outcomes if o.status == RATE_LIMITED),
        "problem_count": len(problems),
        "problem_kinds": dict(Counter((p.problem or "").split(":")[0] for p in problems)),
        "problems": [asdict(p) for p in problems[:MAX_PROBLEMS_KEPT]],
        "slowest_s": max((o.seconds for o in outcomes), default=0.0),
        "processes_alive": alive,
        "after": checks,
    }


def markdown(summary: dict, seed: int) -> str:
    gave_up = (
        f" (gave up after {summary['count']} of {summary['planned']}: the server stopped answering)"
        if summary["count"] < summary["planned"]
        else ""
    )
    lines = [
        f"# Fuzz: {summary['count']} requests (seed {seed}){gave_up}",
        "",
        f"**{'PASSED' if summary['passed'] else 'FAILED'}** in {summary['duration_s']} s. "
        f"Server errors (5xx): **{summary['server_errors']}**; transport errors: "
        f"**{summary['transport_errors']}**; other problems: {summary['problem_count']}; "
        f"rate-limited (429): {summary['rate_limited']}; slowest request {summary['slowest_s']} s.",
        "",
        f"Processes alive afterwards: {summary['processes_alive'] or 'not started by the fuzzer'}. "
        f"Afterwards: vetted answer {summary['after'].get('vetted_answer')}, emergency instruction first "
        f"{summary['after'].get('emergency_first')}.",
        "",
        "| category | weight | " + " | ".join(summary["by_status"]) + " |",
        "|---|---|" + "---|" * len(summary["by_status"]),
    ]
    for category, statuses in summary["by_category"].items():
        lines.append(
            f"| {category} | {WEIGHTS[category]} | "
            + " | ".join(str(statuses.get(s, 0)) for s in summary["by_status"])
            + " |"
        )
    lines.append("| **all** | | " + " | ".join(str(n) for n in summary["by_status"].values()) + " |")
    if summary["problems"]:
        lines += [
            "",
            "## Problems (first 50)",
            "",
            "| # | category | target | status | problem |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| {p['index']} | {p['category']} | {p['target']} | {p['status']} | {p['problem']} |"
            for p in summary["problems"]
        ]
    return "\n".join(lines) + "\n"


class WebRelay:
    """web/server.py in front of a Rasa server, as `make run` starts it."""

    def __init__(self, workdir: Path, rasa_url: str) -> None:
        port = free_port()
        env = rasa_env(RASA_API_TOKEN=API_TOKEN, STAFF_PASSWORD=secrets.token_urlsafe(16))
        self.process = spawn(
            [sys.executable, "web/server.py", "--port", str(port), "--bind", "127.0.0.1", "--rasa-url", rasa_url],
            ROOT,
            env,
            workdir / "web.log",
        )
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if httpx.get(f"{self.url}/widget/config", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.3)
        stop(self.process)
        raise RuntimeError(f"web server did not start; see {workdir / 'web.log'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="start the default profile with this model")
    parser.add_argument("--url", help="fuzz an already running Rasa server instead")
    parser.add_argument("--web-url", help="with --url: the running web server, to fuzz its chat relay too")
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--out", default=str(ROOT / "reports"))
    args = parser.parse_args()
    if not (args.model or args.url):
        parser.error("give --model (start the servers) or --url (use running ones)")

    work = Path(tempfile.mkdtemp(prefix="isobot-fuzz-"))
    profile = relay = None
    try:
        if args.url:
            rasa_url, web_url = args.url.rstrip("/"), args.web_url
        else:
            print(f"Starting the default profile (logs in {work})...", flush=True)
            profile = DefaultProfile(work, args.model)  # rate limits off (isobot.tools.processes.rasa_env)
            profile.start()
            relay = WebRelay(work, profile.url)
            rasa_url, web_url = profile.url, relay.url
        print(
            f"Fuzzing {rasa_url}{' and ' + web_url if web_url else ''}: {args.count} requests, "
            f"seed {args.seed}, concurrency {args.concurrency}",
            flush=True,
        )
        t0 = time.perf_counter()
        outcomes = asyncio.run(fuzz(rasa_url, args.count, args.seed, args.concurrency, web_url, progress=True))
        seconds = time.perf_counter() - t0
        alive = {}
        if profile:  # running and still listening: a Rasa that lost its event loop may linger as a process
            alive = {
                "rasa": profile.processes[1].poll() is None and sanity.listening(rasa_url),
                "actions": profile.processes[0].poll() is None,
                "web": relay is not None and relay.process.poll() is None,
            }
        summary = summarise(outcomes, seconds, alive, sanity.check(rasa_url), planned=args.count)
    finally:
        if relay:
            stop(relay.process)
        if profile:
            profile.stop()
    summary["seed"] = args.seed
    sanity.write_verdict(Path(args.out), "fuzz", summary, markdown(summary, args.seed), work)


if __name__ == "__main__":
    main()
