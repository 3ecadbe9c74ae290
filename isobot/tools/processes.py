"""Start, time and measure the project's servers (by pid; never by name).

Shared by `make bench`, `make evaluate` (isobot/evaluation/run.py) and the test suite's
servers (tests/servers.py), so that none of them imports another's tools."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx

from isobot import settings

ROOT = settings.ROOT
API_TOKEN = secrets.token_hex(24)  # never starts with '-', which rasa's argparse would read as an option
# Rasa sends it to the action server, which refuses calls without it (rasa_sdk_plugins/).
ACTION_TOKEN = secrets.token_urlsafe(16)


_HANDED_OUT: set[int] = set()


def free_port() -> int:
    """A port nothing listens on and this process has not handed out before. The kernel may give
    the same ephemeral port to two successive binds once the first socket is closed; a set up
    that asks for several ports before starting anything (nginx, Rasa, actions) then starts two
    servers on one port (CI, 2026-11-25: the action server and nginx)."""
    while True:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port: int = sock.getsockname()[1]
        if port not in _HANDED_OUT:
            _HANDED_OUT.add(port)
            return port


def spawn(command: list[str], cwd: Path, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        command, cwd=cwd, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_for_answer(
    url: str, message: str, timeout: float = 300, process: subprocess.Popen[bytes] | None = None
) -> None:
    """Until a real REST round trip answers (Rasa's "/" says hello before the model loads)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process for {url} exited early")
        try:
            reply = httpx.post(
                f"{url}/webhooks/rest/webhook", json={"sender": "bench-ready", "message": message}, timeout=30
            )
            if reply.status_code == 200 and reply.json():
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


def rss_mb(pid: int) -> dict[str, float]:
    """Resident memory now and at peak (VmHWM), from /proc, in MB (psutil is not installed)."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = round(int(rest.split()[0]) / 1024, 1)
    return {"rss_mb": values.get("VmRSS", 0.0), "peak_rss_mb": values.get("VmHWM", 0.0)}


def children(pid: int) -> list[int]:
    """Direct children of pid (e.g. Sanic workers), from /proc/*/stat's parent field."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # exited while we looked
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return sorted(found)


def rasa_env(**overrides: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "PYTHONPATH": str(ROOT),
            "ACTION_SERVER_TOKEN": ACTION_TOKEN,
            # The load comes from one address at many messages a second: rate limits off
            # (isobot/ratelimit/config.py), or every profile would measure 429s.
            "RATE_LIMIT_CONVERSATION_BURST": "0",
            "RATE_LIMIT_IP_BURST": "0",
        }
    )
    env.update(overrides)
    return env
