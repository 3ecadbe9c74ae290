"""The assistant as its two profiles start it (default, scaled), for `make bench` and `make evaluate`."""

from __future__ import annotations

import secrets
import subprocess
import time
from pathlib import Path

from isobot.tools.processes import API_TOKEN, ROOT, free_port, rasa_env, spawn, stop, wait_for_answer


class DefaultProfile:
    """`make run`'s shape: one Rasa process, SQLite tracker store, in-memory locks, 1 action worker."""

    name = "default"

    def __init__(self, workdir: Path, model: str, extra_env: dict[str, str] | None = None) -> None:
        self.workdir, self.model, self.extra_env = workdir, model, extra_env or {}
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(self) -> float:
        t0 = time.perf_counter()
        action_port, port = free_port(), free_port()
        env = rasa_env(
            DB_URL=f"sqlite:///{self.workdir / 'rasa.db'}",
            TRACKER_DIALECT="sqlite",
            LOCK_STORE_TYPE="in_memory",
            LOCK_STORE_HOST="127.0.0.1",
            LOCK_STORE_PORT="6379",
            ACTION_ENDPOINT_URL=f"http://127.0.0.1:{action_port}/webhook",
            **self.extra_env,
        )
        self.processes.append(
            spawn(
                ["rasa", "run", "actions", "--port", str(action_port), "--actions", "actions"],
                ROOT,
                {**env, "SANIC_HOST": "127.0.0.1"},
                self.workdir / "actions.log",
            )
        )
        # As `make run` starts it (isobot.serve): the secrets in the environment, not argv.
        rasa = spawn(
            ["python", "-m", "isobot.serve", "--model", self.model, "--port", str(port), "--interface", "127.0.0.1"],
            ROOT,
            {**env, "RASA_API_TOKEN": API_TOKEN, "RASA_JWT_SECRET": secrets.token_hex(24)},
            self.workdir / "rasa.log",
        )
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
        self.env = rasa_env(
            DATA_DIR=str(self.workdir),
            RASA_PORT=str(free_port()),
            SCALED_RASA_PORTS=" ".join(map(str, ports)),
            ACTION_PORT=str(free_port()),
            SCALED_PG_PORT=str(free_port()),
            SCALED_REDIS_PORT=str(free_port()),
            RASA_API_TOKEN=API_TOKEN,
            SCALED_DB_PASSWORD=secrets.token_urlsafe(16),
            **self.extra_env,
        )
        self.env.pop("DB_URL", None)
        t0 = time.perf_counter()
        subprocess.run(
            [str(ROOT / "scripts/scaled/start.sh"), str(self.run_dir), self.model],
            env=self.env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        elapsed = time.perf_counter() - t0
        self.url = f"http://127.0.0.1:{self.env['RASA_PORT']}"
        pids = self.run_dir / "pids"
        self.rasa_pids = [int(p.read_text()) for p in sorted(pids.glob("rasa-*.pid"))]
        self.action_pids = [int((pids / "actions.pid").read_text())]
        return elapsed

    def stop(self) -> None:
        subprocess.run([str(ROOT / "scripts/scaled/stop.sh"), str(self.run_dir)], env=self.env)
