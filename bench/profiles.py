"""The three things benchmarked: this assistant (default, scaled) and a plain `rasa init` bot."""
from __future__ import annotations

import secrets
import subprocess
import time
from pathlib import Path

from bench.processes import (API_TOKEN, ROOT, children, free_port, rasa_env, rss_mb, spawn, stop,
                             wait_for_answer)

REFERENCE_MESSAGES = ("hello there", "I am feeling really sad", "yes", "no", "are you a bot?",
                      "I'm great thanks", "good morning", "not really", "very good", "goodbye")


class DefaultProfile:
    """`make run`'s shape: one Rasa process, SQLite tracker store, in-memory locks, 1 action worker."""
    name = "default"

    def __init__(self, workdir: Path, model: str, extra_env: dict[str, str] | None = None) -> None:
        self.workdir, self.model, self.extra_env = workdir, model, extra_env or {}
        self.processes: list[subprocess.Popen] = []

    def start(self) -> float:
        t0 = time.perf_counter()
        action_port, port = free_port(), free_port()
        env = rasa_env(DB_URL=f"sqlite:///{self.workdir / 'rasa.db'}", TRACKER_DIALECT="sqlite",
                       LOCK_STORE_TYPE="in_memory", LOCK_STORE_HOST="127.0.0.1", LOCK_STORE_PORT="6379",
                       ACTION_ENDPOINT_URL=f"http://127.0.0.1:{action_port}/webhook", **self.extra_env)
        self.processes.append(spawn(["rasa", "run", "actions", "--port", str(action_port), "--actions", "actions"],
                                    ROOT, {**env, "SANIC_HOST": "127.0.0.1"}, self.workdir / "actions.log"))
        # As `make run` starts it (isobot.serve): the secrets in the environment, not argv.
        rasa = spawn(["python", "-m", "isobot.serve", "--model", self.model, "--port", str(port),
                      "--interface", "127.0.0.1"], ROOT,
                     {**env, "RASA_API_TOKEN": API_TOKEN, "RASA_JWT_SECRET": secrets.token_hex(24)},
                     self.workdir / "rasa.log")
        self.processes.append(rasa)
        self.url = f"http://127.0.0.1:{port}"
        self.rasa_pids = [rasa.pid]
        self.action_pids = [self.processes[0].pid]
        wait_for_answer(self.url, "hello", process=rasa)
        return time.perf_counter() - t0

    def stop(self) -> None:
        for process in self.processes:
            stop(process)


class ScaledProfile:
    """`make run-scaled`: nginx -> 2 Rasa processes, PostgreSQL, Redis, action server with 2 workers."""
    name = "scaled"

    def __init__(self, workdir: Path, model: str, extra_env: dict[str, str] | None = None) -> None:
        self.workdir, self.model, self.extra_env = workdir, model, extra_env or {}
        self.run_dir = workdir / "run"

    def start(self) -> float:
        self.workdir.chmod(0o755)  # PostgreSQL runs as "postgres" and must enter it
        ports = [free_port(), free_port()]
        self.env = rasa_env(DATA_DIR=str(self.workdir), RASA_PORT=str(free_port()),
                            SCALED_RASA_PORTS=" ".join(map(str, ports)), ACTION_PORT=str(free_port()),
                            SCALED_PG_PORT=str(free_port()), SCALED_REDIS_PORT=str(free_port()),
                            RASA_API_TOKEN=API_TOKEN, SCALED_DB_PASSWORD=secrets.token_urlsafe(16),
                            **self.extra_env)
        self.env.pop("DB_URL", None)
        t0 = time.perf_counter()
        subprocess.run([str(ROOT / "scripts/scaled/start.sh"), str(self.run_dir), self.model], env=self.env,
                       check=True, stdout=subprocess.DEVNULL)
        elapsed = time.perf_counter() - t0
        self.url = f"http://127.0.0.1:{self.env['RASA_PORT']}"
        pids = self.run_dir / "pids"
        self.rasa_pids = [int(p.read_text()) for p in sorted(pids.glob("rasa-*.pid"))]
        self.action_pids = [int((pids / "actions.pid").read_text())]
        return elapsed

    def stop(self) -> None:
        subprocess.run([str(ROOT / "scripts/scaled/stop.sh"), str(self.run_dir)], env=self.env)


class ReferenceProfile:
    """A plain `rasa init --no-prompt` bot, trained here with the same Rasa, default endpoints."""
    name = "reference"

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir

    def train(self) -> float:
        t0 = time.perf_counter()
        subprocess.run(["rasa", "init", "--no-prompt", "--init-dir", str(self.workdir)], cwd=self.workdir,
                       env=rasa_env(RASA_CACHE_DIRECTORY=str(self.workdir / ".rasa-cache")), check=True,
                       stdout=(self.workdir.parent / "reference-init.log").open("w"), stderr=subprocess.STDOUT)
        return time.perf_counter() - t0

    def start(self) -> float:
        model = str(sorted((self.workdir / "models").glob("*.tar.gz"))[-1])
        port = free_port()
        t0 = time.perf_counter()
        self.process = spawn(["rasa", "run", "--model", model, "--port", str(port), "--interface", "127.0.0.1",
                              "--enable-api", f"--auth-token={API_TOKEN}"], self.workdir, rasa_env(),
                             self.workdir.parent / "reference-rasa.log")
        self.url = f"http://127.0.0.1:{port}"
        self.rasa_pids, self.action_pids = [self.process.pid], []
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
