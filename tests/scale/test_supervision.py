"""The scaled profile under supervisord: a dead action server is restarted, no secret is on a
command line (scripts/scaled/supervisor.sh, isobot.serve)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import httpx

from tests import servers


def _all_command_lines() -> list[str]:
    lines = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                lines.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
            except OSError:
                pass
    return lines


def test_no_secret_of_the_scaled_profile_is_on_any_command_line(scaled_stack):
    stored = scaled_stack.run_dir.parent / "secrets"
    secrets = {path.name: path.read_text().strip() for path in stored.iterdir()} if stored.is_dir() else {}
    secrets["RASA_API_TOKEN"] = f"-{servers.API_TOKEN}"  # tests/scale/conftest.py passes these two
    secrets["ACTION_SERVER_TOKEN"] = servers.ACTION_TOKEN
    password = scaled_stack.db_url.split(":")[2].split("@")[0]
    secrets["SCALED_DB_PASSWORD"] = password
    lines = _all_command_lines()
    assert any("isobot.serve" in line for line in lines) and any("rasa_sdk" in line for line in lines)
    for name, value in secrets.items():
        assert not [line for line in lines if value in line], f"{name} is on a command line"


def test_a_killed_action_server_is_restarted_within_10_seconds(scaled_stack):
    values = dict(line.split("=", 1) for line in (scaled_stack.run_dir / "scaled.env").read_text().splitlines())
    action_url = values["ACTION_URL"]
    pid = int((scaled_stack.run_dir / "pids" / "actions.pid").read_text())
    os.killpg(pid, signal.SIGKILL)
    killed = time.monotonic()
    deadline = killed + 10
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{action_url}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    else:
        raise AssertionError("the action server was not back within 10 s")
    log = (scaled_stack.run_dir / "logs" / "crash_watch.log").read_text()
    assert "actions exited unexpectedly" in log
