"""Each Rasa process's readiness route checks the model and the real stores."""
from __future__ import annotations

import subprocess

import httpx

from tests.scale.conftest import SCRIPTS


def test_every_process_is_ready_when_model_and_stores_work(scaled_stack):
    for url in scaled_stack.rasa_urls:
        reply = httpx.get(f"{url}/webhooks/health/ready", timeout=10)
        assert reply.status_code == 200, reply.text
        assert {name: check["ok"] for name, check in reply.json()["checks"].items()} == {
            "model": True, "tracker_store": True, "lock_store": True, "action_server": True}


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
