"""`make run` itself, started by the tests on free ports with a private, temporary var/.

The stack is the one an operator gets: supervisord (scripts/supervise/supervisord.conf) running
the action server, the Rasa server (isobot.serve) and the web page. Services are found, killed
and frozen by the pids supervisorctl reports; each is its own process group under supervisord.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import uuid
from pathlib import Path

import httpx
import pytest

from tests import servers
from tests.receiver import Receiver

ROOT = servers.ROOT
CONF = "scripts/supervise/supervisord.conf"
START_TIMEOUT = 420  # make run: setup check, build check, Rasa loading its model
# What scripts/env.sh would take from the caller's environment instead of deriving it from
# DATA_DIR and the ports: none of it may leak in from the test runner's own environment.
DERIVED = (
    "DB_URL",
    "ACTION_ENDPOINT_URL",
    "TRACKER_DIALECT",
    "LOCK_STORE_TYPE",
    "CORS_ORIGINS",
    "RASA_API_TOKEN",
    "RASA_JWT_SECRET",
    "STAFF_PASSWORD",
    "ACTION_SERVER_TOKEN",
    "SUPERVISION_STATUS_FILE",
    "RUN_MODEL",
    "MAKEFLAGS",
    "MFLAGS",
    "MAKELEVEL",
)


class MakeRun:
    def __init__(self, base: Path, occupy_action_port: bool = False) -> None:
        self.data_dir = base / "var"
        self.output = base / "make-run.out"
        self.receiver = Receiver()
        self.ports = {name: servers.free_port() for name in ("RASA_PORT", "ACTION_PORT", "WEB_PORT")}
        self.blocker = None
        if occupy_action_port:
            # Bound, not listening: the action server cannot bind (it exits at start, every
            # time) and Rasa's calls to it are refused.
            self.blocker = socket.socket()
            self.blocker.bind(("127.0.0.1", self.ports["ACTION_PORT"]))
        env = {k: v for k, v in os.environ.items() if k not in DERIVED}
        env.update(
            {
                "DATA_DIR": str(self.data_dir),
                "BIND": "127.0.0.1",
                "STAFF_WEBHOOK_URL": self.receiver.url,
                **{k: str(v) for k, v in self.ports.items()},
                **servers.GENEROUS_RATE_LIMITS,
            }
        )
        self.env = env
        self.rasa = f"http://127.0.0.1:{self.ports['RASA_PORT']}"
        self.actions = f"http://127.0.0.1:{self.ports['ACTION_PORT']}"
        self.web = f"http://127.0.0.1:{self.ports['WEB_PORT']}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        handle = self.output.open("w")
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", "run"],
            cwd=ROOT,
            env=self.env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )

    def terminal(self) -> str:
        return self.output.read_text(errors="replace")

    def wait_until(self, check, timeout: float, what: str) -> float:
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.process.poll() is not None:
                raise AssertionError(f"make run exited while waiting for {what}:\n{self.terminal()[-3000:]}")
            try:
                if check():
                    return time.monotonic() - started
            except (httpx.HTTPError, OSError, ValueError):
                pass
            time.sleep(0.1)
        raise AssertionError(f"{what}: not within {timeout} s\n{self.terminal()[-3000:]}")

    def rasa_answers(self) -> bool:
        reply = httpx.post(
            f"{self.rasa}/webhooks/rest/webhook",
            json={"sender": f"probe-{uuid.uuid4().hex[:8]}", "message": "hello"},
            timeout=10,
        )
        return reply.status_code == 200 and bool(reply.json())

    def actions_answer(self) -> bool:
        return httpx.get(f"{self.actions}/health", timeout=2).status_code == 200

    def web_answers(self) -> bool:
        return httpx.get(f"{self.web}/", timeout=5).status_code == 200

    def ctl(self, *args: str) -> str:
        env = {**self.env, "ROOT": str(ROOT)}
        return subprocess.run(
            ["bash", "-c", 'source scripts/env.sh && supervisorctl -c "$0" "$@"', CONF, *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout

    def pid(self, program: str) -> int:
        return int(self.ctl("pid", program).strip() or 0)

    def signal(self, program: str, signum: int) -> int:
        pid = self.pid(program)
        assert pid > 0, f"{program} is not running: {self.ctl('status')}"
        os.killpg(pid, signum)  # the service and any workers it started
        return pid

    def ready(self) -> httpx.Response:
        return httpx.get(f"{self.rasa}/webhooks/health/ready", timeout=15)

    def session_pids(self) -> list[int]:
        """Every live process `make run` started (they share its session)."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == self.process.pid:  # field 6 of stat: the session id
                found.append(int(entry.name))
        return found

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)  # what Ctrl-C sends to the terminal's group
            try:
                self.process.wait(timeout=90)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        for pid in self.session_pids() if self.process is not None else []:
            try:
                os.kill(pid, signal.SIGKILL)  # only ours: the session make run started
            except ProcessLookupError:
                pass
        self.receiver.close()
        if self.blocker is not None:
            self.blocker.close()

    def escalation_rows(self) -> list:
        import sqlalchemy as sa

        engine = sa.create_engine(f"sqlite:///{self.data_dir / 'rasa.db'}")
        try:
            with engine.connect() as connection:
                if not sa.inspect(connection).has_table("isobot_escalations"):
                    return []
                return connection.execute(
                    sa.text("SELECT conversation, tier, escalation FROM isobot_escalations ORDER BY id")
                ).all()
        finally:
            engine.dispose()


def seed_world_readable(data_dir: Path) -> None:
    """var/ as an older version left it: folder 755, database and log 644."""
    (data_dir / "logs").mkdir(parents=True)
    data_dir.chmod(0o755)
    (data_dir / "logs").chmod(0o755)
    for name in ("rasa.db", "logs/web.log"):
        (data_dir / name).touch()
        (data_dir / name).chmod(0o644)


@pytest.fixture(scope="module")
def make_run(tmp_path_factory):
    stack = MakeRun(tmp_path_factory.mktemp("make-run"))
    seed_world_readable(stack.data_dir)
    stack.start()
    try:
        stack.wait_until(
            lambda: stack.rasa_answers() and stack.actions_answer() and stack.web_answers(),
            START_TIMEOUT,
            "make run answering",
        )
        yield stack
    finally:
        stack.stop()


@pytest.fixture(scope="module")
def crash_looping(tmp_path_factory):
    stack = MakeRun(tmp_path_factory.mktemp("make-run-crash-loop"), occupy_action_port=True)
    stack.start()
    try:
        stack.wait_until(stack.rasa_answers, START_TIMEOUT, "Rasa answering with the action server crash-looping")
        yield stack
    finally:
        stack.stop()


def statuses(stack: MakeRun) -> dict:
    path = stack.data_dir / "run" / "supervision.json"
    return json.loads(path.read_text())["programs"] if path.exists() else {}
