"""The three things benchmarked: this assistant (default, scaled: isobot/tools/profiles.py)
and a plain `rasa init` bot."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from isobot.tools.processes import API_TOKEN, children, free_port, rasa_env, rss_mb, spawn, stop, wait_for_answer

REFERENCE_MESSAGES = (
    "hello there",
    "I am feeling really sad",
    "yes",
    "no",
    "are you a bot?",
    "I'm great thanks",
    "good morning",
    "not really",
    "very good",
    "goodbye",
)


class ReferenceProfile:
    """A plain `rasa init --no-prompt` bot, trained here with the same Rasa, default endpoints."""

    name = "reference"

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir

    def train(self) -> float:
        t0 = time.perf_counter()
        subprocess.run(
            ["rasa", "init", "--no-prompt", "--init-dir", str(self.workdir)],
            cwd=self.workdir,
            env=rasa_env(RASA_CACHE_DIRECTORY=str(self.workdir / ".rasa-cache")),
            check=True,
            stdout=(self.workdir.parent / "reference-init.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        return time.perf_counter() - t0

    def start(self) -> float:
        model = str(sorted((self.workdir / "models").glob("*.tar.gz"))[-1])
        port = free_port()
        t0 = time.perf_counter()
        self.process = spawn(
            [
                "rasa",
                "run",
                "--model",
                model,
                "--port",
                str(port),
                "--interface",
                "127.0.0.1",
                "--enable-api",
                f"--auth-token={API_TOKEN}",
            ],
            self.workdir,
            rasa_env(),
            self.workdir.parent / "reference-rasa.log",
        )
        self.url = f"http://127.0.0.1:{port}"
        self.rasa_pids: list[int] = [self.process.pid]
        self.action_pids: list[int] = []
        wait_for_answer(self.url, "hello", process=self.process)
        return time.perf_counter() - t0

    def stop(self) -> None:
        stop(self.process)


def memory(profile) -> dict[str, dict[str, float]]:
    out = {f"rasa[{i}]": rss_mb(pid) for i, pid in enumerate(profile.rasa_pids)}
    for pid in profile.action_pids:
        for j, worker in enumerate([pid, *children(pid)]):
            out[f"actions[{j}]"] = rss_mb(worker)
    return out
