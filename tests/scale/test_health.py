"""Each Rasa process's readiness route checks the model and the real stores."""

from __future__ import annotations

import subprocess

import httpx
from sqlalchemy.engine import make_url

from isobot.content.service import notice
from tests.scale.conftest import SCRIPTS, new_sender, said


def test_every_process_is_ready_when_model_and_stores_work(scaled_stack):
    for url in scaled_stack.rasa_urls:
        reply = httpx.get(f"{url}/webhooks/health/ready", timeout=10)
        assert reply.status_code == 200, reply.text
        assert {name: check["ok"] for name, check in reply.json()["checks"].items()} == {
            "model": True,
            "tracker_store": True,
            "lock_store": True,
            "action_server": True,
            "supervision": True,
        }


def test_a_process_reports_unavailable_while_the_lock_store_is_down(scaled_stack):
    url = scaled_stack.rasa_urls[0]
    port = (scaled_stack.run_dir / "redis-port").read_text().strip()
    subprocess.run([str(SCRIPTS / "redis.sh"), "stop", str(scaled_stack.run_dir)], check=True)
    try:
        reply = httpx.get(f"{url}/webhooks/health/ready", timeout=10)
        assert reply.status_code == 503
        checks = reply.json()["checks"]
        assert checks["lock_store"]["ok"] is False and checks["tracker_store"]["ok"] is True
    finally:
        subprocess.run([str(SCRIPTS / "redis.sh"), "start", str(scaled_stack.run_dir), port], check=True)
    assert httpx.get(f"{url}/webhooks/health/ready", timeout=10).status_code == 200


def test_postgresql_down_is_reported_and_service_resumes_without_a_restart(scaled_stack, catalogue):
    url = scaled_stack.rasa_urls[0]
    sender = new_sender()

    def ask(message: str) -> str:
        return said(httpx.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=60))

    assert ask("how does isotretinoin cause back pain?").startswith(catalogue.answers["causes_overview"].text)
    pgdata = scaled_stack.run_dir / "pgdata"
    database = make_url(scaled_stack.db_url)
    subprocess.run([str(SCRIPTS / "postgres.sh"), "stop", str(pgdata)], check=True)
    try:
        assert ask("tell me more") == notice("temporarily_unavailable")
        reply = httpx.get(f"{url}/webhooks/health/ready", timeout=10)
        assert reply.status_code == 503 and reply.json()["checks"]["tracker_store"]["ok"] is False
    finally:
        subprocess.run(
            [str(SCRIPTS / "postgres.sh"), "start", str(pgdata), str(database.port), database.password], check=True
        )
    assert httpx.get(f"{url}/webhooks/health/ready", timeout=10).status_code == 200
    more_id = catalogue.answers["causes_overview"].more
    assert ask("tell me more") == catalogue.answers[more_id].text
