"""The scaled profile, started once for tests/scale by the project's own scripts.

scripts/scaled/start.sh brings up PostgreSQL, Redis, the action server (2 workers), two
Rasa processes and nginx on free ports; stop.sh ends them. The run directory lives under
/tmp with mode 755 because PostgreSQL runs as the "postgres" user, who cannot enter
pytest's private tmp folders.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from isobot.channels.conversation_ids import REST, conversation_id
from tests import servers

SCRIPTS = servers.ROOT / "scripts" / "scaled"


@dataclass
class ScaledStack:
    run_dir: Path
    public_url: str  # nginx, the URL patients use
    rasa_urls: list[str]  # each Rasa process directly
    db_url: str

    def rasa_pid(self, url: str) -> int:
        port = url.rsplit(":", 1)[1]
        return int((self.run_dir / "pids" / f"rasa-{port}.pid").read_text())

    def kill_rasa(self, url: str) -> None:
        """SIGKILL one Rasa process, as a crash would: no graceful shutdown."""
        os.killpg(self.rasa_pid(url), signal.SIGKILL)

    def user_texts(self, sender_ids: list[str]) -> dict[str, list[str]]:
        """Every stored user message per REST sender's conversation, in storage (id) order."""
        engine = sa.create_engine(self.db_url, future=True)
        query = sa.text(
            "select sender_id, data from events where type_name = 'user' and sender_id = any(:ids) order by id"
        )
        sender_of = {conversation_id(REST, sender): sender for sender in sender_ids}
        stored: dict[str, list[str]] = {sender: [] for sender in sender_ids}
        with engine.connect() as connection:
            for conversation, data in connection.execute(query, {"ids": list(sender_of)}):
                stored[sender_of[conversation]].append(json.loads(data)["text"])
        engine.dispose()
        return stored


def _log_tails(run_dir: Path) -> str:
    tails = []
    for log in sorted((run_dir / "logs").glob("*.log")):
        tails.append(f"--- {log.name}\n" + "\n".join(log.read_text(errors="replace").splitlines()[-15:]))
    return "\n".join(tails)


@pytest.fixture(scope="package")
def scaled_stack():
    base = Path(tempfile.mkdtemp(prefix="isobot-scaled-"))
    base.chmod(0o755)
    run_dir = base / "run"
    rasa_ports = [servers.free_port(), servers.free_port()]
    env = servers.base_env(
        DATA_DIR=str(base),
        RASA_PORT=str(servers.free_port()),
        SCALED_RASA_PORTS=" ".join(map(str, rasa_ports)),
        ACTION_PORT=str(servers.free_port()),
        SCALED_PG_PORT=str(servers.free_port()),
        SCALED_REDIS_PORT=str(servers.free_port()),
        # A leading '-' (1 in 64 URL-safe tokens) once made `rasa run` read the token as an option.
        RASA_API_TOKEN=f"-{servers.API_TOKEN}",
        SCALED_DB_PASSWORD=secrets.token_urlsafe(16),
    )
    env.pop("DB_URL", None)
    started = subprocess.run(
        [str(SCRIPTS / "start.sh"), str(run_dir), servers.model_path()],
        env=env,
        capture_output=True,
        text=True,
        timeout=400,
    )
    try:
        if started.returncode != 0:
            pytest.fail(f"scaled profile did not start:\n{started.stdout}\n{started.stderr}\n{_log_tails(run_dir)}")
        values = dict(line.split("=", 1) for line in (run_dir / "scaled.env").read_text().splitlines())
        yield ScaledStack(run_dir, values["PUBLIC_URL"], values["RASA_URLS"].split(), values["DB_URL"])
    finally:
        subprocess.run([str(SCRIPTS / "stop.sh"), str(run_dir)], env=env, timeout=120)
        shutil.rmtree(base, ignore_errors=True)


def new_sender() -> str:
    return f"scale-{uuid.uuid4().hex[:12]}"


def said(reply: httpx.Response) -> str:
    assert reply.status_code == 200, reply.text
    return "\n\n".join(m.get("text", "") for m in reply.json())
