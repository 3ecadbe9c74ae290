"""Start the real action server and Rasa server on free ports, for integration tests."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from isobot.tools.processes import free_port  # noqa: F401  (tests use servers.free_port)

ROOT = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT = 240
# Fresh credentials for every test run: nothing that looks like a secret is committed, and a
# test can never pass by accident against a server started with someone else's values.
_RUN_KEY = secrets.token_bytes(32)


def run_secret(name: str) -> str:
    """This run's credential called `name`: the same value wherever it is asked for (pytest may
    import a conftest twice), a different one in every run."""
    return hmac.new(_RUN_KEY, name.encode(), hashlib.sha256).hexdigest()[:32]


API_TOKEN = run_secret("API_TOKEN")
JWT_SECRET = run_secret("JWT_SECRET")
ACTION_TOKEN = run_secret("ACTION_TOKEN")
# The test process hashes conversation ids to find staff rows, so it needs the servers' salt;
# set here, before anything hashes, so it never reads or writes the worktree's var/secrets/.
os.environ.setdefault("CONVERSATION_HASH_SALT", run_secret("CONVERSATION_HASH_SALT"))


def wrong_secret() -> str:
    """A credential no server in this run was given, for tests that must be refused."""
    return secrets.token_urlsafe(24)


GENEROUS_RATE_LIMITS = {
    "RATE_LIMIT_CONVERSATION_BURST": "1000",
    "RATE_LIMIT_CONVERSATION_PER_MINUTE": "6000",
    "RATE_LIMIT_IP_BURST": "100000",
    "RATE_LIMIT_IP_PER_MINUTE": "600000",
}


def model_path() -> str:
    model = os.environ.get("ISOBOT_MODEL")
    if not model:
        models = sorted((ROOT / "models").glob("isobot-*.tar.gz"), key=lambda p: p.stat().st_mtime)
        if not models:
            raise RuntimeError("No trained model: run the tests through `make test`.")
        model = str(models[-1])
    return model


def base_env(**overrides: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "PYTHONPATH": str(ROOT),
            "TRACKER_DIALECT": "sqlite",
            "LOCK_STORE_TYPE": "in_memory",
            "LOCK_STORE_HOST": "127.0.0.1",
            "LOCK_STORE_PORT": "6379",
            "ACTION_SERVER_TOKEN": ACTION_TOKEN,
            # Rasa's REST channel reads it to recognise the staff console's tests.
            "RASA_API_TOKEN": API_TOKEN,
            # The suite sends many messages quickly from 127.0.0.1: limits on, far above it.
            # tests/**/test_rate_limit.py start their own servers with low limits.
            **GENEROUS_RATE_LIMITS,
        }
    )
    env.update(overrides)
    return env


@dataclass
class Service:
    process: subprocess.Popen
    url: str
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def _spawn(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    handle = log.open("w")
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)


def _wait(check, service: Service, what: str) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if service.process.poll() is not None:
            raise RuntimeError(f"{what} exited early:\n{service.log_tail()}")
        try:
            if check():
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    service.stop()
    raise RuntimeError(f"{what} not ready after {STARTUP_TIMEOUT} s:\n{service.log_tail()}")


def start_action_server(workdir: Path, env: dict[str, str]) -> Service:
    port = free_port()
    service = Service(
        _spawn(
            ["rasa", "run", "actions", "--port", str(port), "--actions", "actions"],
            {**env, "SANIC_HOST": "127.0.0.1"},
            workdir / f"actions-{port}.log",
        ),
        f"http://127.0.0.1:{port}",
        workdir / f"actions-{port}.log",
    )
    _wait(lambda: httpx.get(f"{service.url}/health", timeout=2).status_code == 200, service, "action server")
    return service


def start_rasa_server(
    workdir: Path, env: dict[str, str], action_url: str, db_url: str, extra_args: tuple[str, ...] = ()
) -> Service:
    port = free_port()
    log = workdir / f"rasa-{port}.log"
    # The secrets travel in the environment, as in every profile (isobot.serve), never in argv.
    env = {
        "RASA_API_TOKEN": API_TOKEN,
        "RASA_JWT_SECRET": JWT_SECRET,
        **env,
        "ACTION_ENDPOINT_URL": f"{action_url}/webhook",
        "DB_URL": db_url,
    }
    command = [
        "python",
        "-m",
        "isobot.serve",
        "--model",
        model_path(),
        "--port",
        str(port),
        "--interface",
        "127.0.0.1",
        *extra_args,
    ]
    service = Service(_spawn(command, env, log), f"http://127.0.0.1:{port}", log)

    def answers() -> bool:
        reply = httpx.post(
            f"{service.url}/webhooks/rest/webhook", json={"sender": "startup-check", "message": "hello"}, timeout=30
        )
        return reply.status_code == 200 and bool(reply.json())

    _wait(answers, service, "Rasa server")
    return service
