"""The start-up hook (isobot.serve -> isobot.rasa_patches.startup) installs the guards and the
speedups whatever credentials.yml lists: a real Rasa server started with no health channel
still has them, and its readiness route says so."""

from __future__ import annotations

import httpx
import pytest

from isobot import rasa_patches
from tests import servers
from tests.conftest import Chat

READY = "/webhooks/health/ready"
SPEEDUPS = [
    "action_result_validator",
    "event_classes",
    "applied_events",
    "past_states",
    "tracker_copy",
    "action_call_format",
]
GUARDS = ["action_timeout", "failsafe_store", "signed_action_calls"]

# REST only: no isobot.channels.health.HealthInput, which used to install all of it.
CREDENTIALS_WITHOUT_HEALTH = "isobot.channels.rest.PatientRestInput:\n"


@pytest.fixture(scope="module")
def rasa_without_health_channel(tmp_path_factory, action_server):
    workdir = tmp_path_factory.mktemp("no_health_channel")
    credentials = workdir / "credentials.yml"
    credentials.write_text(CREDENTIALS_WITHOUT_HEALTH)
    db_url = f"sqlite:///{workdir / 'rasa.db'}"
    env = servers.base_env(DB_URL=db_url)
    service = servers.start_rasa_server(
        workdir, env, action_server.url, db_url, extra_args=("--credentials", str(credentials))
    )
    yield service
    service.stop()


def _readiness(url: str) -> httpx.Response:
    return httpx.get(f"{url}{READY}", timeout=15)


def test_without_a_health_channel_rasa_still_installs_the_guards_and_the_speedups(rasa_without_health_channel):
    reply = _readiness(rasa_without_health_channel.url)
    assert reply.status_code == 200, reply.text
    report = reply.json()["rasa_patches"]
    assert report["rasa_version"] == rasa_patches.SUPPORTED_RASA_VERSION and report["version_supported"] is True
    assert report["patches_installed"] == SPEEDUPS
    assert report["guards_installed"] == GUARDS
    # And the patient is answered by that server.
    assert Chat(rasa_without_health_channel.url).said("hello").strip()


def test_with_the_default_credentials_the_readiness_route_keeps_its_checks_and_adds_the_report(rasa_server):
    reply = _readiness(rasa_server.url)
    body = reply.json()
    assert reply.status_code == 200 and body["status"] == "ok", reply.text
    assert set(body["checks"]) == {"model", "tracker_store", "lock_store", "action_server", "supervision"}
    assert body["rasa_patches"]["patches_installed"] == SPEEDUPS
    assert body["rasa_patches"]["guards_installed"] == GUARDS
