"""The registry installs every patch, undoes every one of them, and on another Rasa version
installs only the guards (and the readiness route says so)."""

from __future__ import annotations

import asyncio
import logging
import uuid

import httpx
import pytest
import rasa
import rasa.core.actions.action as rasa_actions
from rasa.core.actions.action import RemoteAction
from rasa.core.agent import Agent
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig
from sanic import Sanic

from isobot import rasa_patches
from isobot.rasa_patches import registry, startup
from tests import servers

SPEEDUPS = [
    "action_result_validator",
    "event_classes",
    "applied_events",
    "past_states",
    "tracker_copy",
    "action_call_format",
]
AGENT_GUARDS = ["failsafe_store", "signed_action_calls"]
# Every owner a process patch changes: each must hold exactly what it held before, afterwards.
OWNERS = (RemoteAction, Event, DialogueStateTracker, rasa_actions)


@pytest.fixture(autouse=True)
def nothing_installed_before_or_after():
    rasa_patches.uninstall()
    yield
    rasa_patches.uninstall()


def _snapshot() -> dict:
    return {owner: dict(vars(owner)) for owner in OWNERS}


def _same_objects(before: dict, after: dict) -> list[str]:
    differences = []
    for owner, attributes in before.items():
        if set(attributes) != set(after[owner]):
            differences.append(f"{owner}: attributes {set(attributes) ^ set(after[owner])}")
        differences += [f"{owner}.{name}" for name, value in attributes.items() if after[owner].get(name) is not value]
    return differences


def _agent() -> Agent:
    # A real agent without a model: Rasa wraps its store in FailSafeTrackerStore, as at start-up.
    return Agent(
        tracker_store=InMemoryTrackerStore(None),
        action_endpoint=EndpointConfig(f"http://127.0.0.1:{servers.free_port()}/webhook"),
    )


def test_uninstall_puts_back_every_original_object(monkeypatch):
    monkeypatch.setenv("ACTION_SERVER_TOKEN", servers.ACTION_TOKEN)
    before = _snapshot()
    agent = _agent()
    store, endpoint = agent.tracker_store, agent.action_endpoint
    report = rasa_patches.install()
    rasa_patches.install_agent_guards(agent)
    assert report["patches_installed"] == SPEEDUPS
    assert _same_objects(before, _snapshot())  # something really was replaced
    unwrapped = store._tracker_store  # type: ignore[attr-defined]  # the FailSafe wrapper's store
    assert agent.tracker_store is unwrapped and type(endpoint).__name__ == "SignedActionEndpoint"
    rasa_patches.uninstall()
    assert _same_objects(before, _snapshot()) == []
    assert agent.tracker_store is store and isinstance(store, FailSafeTrackerStore)
    assert type(endpoint) is EndpointConfig and "signing_token" not in vars(endpoint)
    assert rasa_patches.report()["patches_installed"] == rasa_patches.report()["guards_installed"] == []


def test_installing_twice_changes_nothing_and_one_uninstall_undoes_it():
    before = _snapshot()
    rasa_patches.install()
    installed = _snapshot()
    rasa_patches.install()
    assert _same_objects(installed, _snapshot()) == []
    rasa_patches.uninstall()
    assert _same_objects(before, _snapshot()) == []


def test_on_the_supported_rasa_every_patch_and_guard_installs(monkeypatch):
    monkeypatch.setenv("ACTION_SERVER_TOKEN", servers.ACTION_TOKEN)
    rasa_patches.install()
    report = rasa_patches.install_agent_guards(_agent())
    assert report["rasa_version"] == rasa_patches.SUPPORTED_RASA_VERSION == rasa.__version__
    assert report["version_supported"] is True
    assert report["patches_installed"] == SPEEDUPS
    assert report["guards_installed"] == ["action_timeout", *AGENT_GUARDS]
    assert rasa_actions.DEFAULT_REQUEST_TIMEOUT == 3.0


def test_on_another_rasa_version_only_the_guards_install(monkeypatch, caplog):
    monkeypatch.setenv("ACTION_SERVER_TOKEN", servers.ACTION_TOKEN)
    monkeypatch.setattr(rasa, "__version__", "3.7.0")
    before = {owner: dict(vars(owner)) for owner in (RemoteAction, Event, DialogueStateTracker)}
    agent = _agent()
    with caplog.at_level(logging.ERROR, logger=registry.__name__):
        rasa_patches.install()
    report = rasa_patches.install_agent_guards(agent)
    assert any(r.levelno == logging.ERROR and "3.7.0" in r.getMessage() for r in caplog.records)
    assert report["rasa_version"] == "3.7.0" and report["version_supported"] is False
    assert report["patches_installed"] == []
    assert report["guards_installed"] == ["action_timeout", *AGENT_GUARDS]
    # The speedups' targets are Rasa's own; the guards are in place.
    assert _same_objects(before, {owner: dict(vars(owner)) for owner in before}) == []
    assert rasa_actions.DEFAULT_REQUEST_TIMEOUT == 3.0
    assert not isinstance(agent.tracker_store, FailSafeTrackerStore)


async def _get_readiness(agent: Agent) -> httpx.Response:
    """The readiness route, mounted on a Sanic app as the start-up hook mounts it on Rasa's,
    served on a real port, with the agent guards installed by the hook's own listener."""
    app = Sanic(f"readiness_{uuid.uuid4().hex}")
    app.ctx.agent = agent
    startup.mount_readiness(app)
    app.register_listener(startup.install_agent_guards, "after_server_start")
    port = servers.free_port()
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
    assert server is not None
    await server.startup()
    await server.before_start()
    await server.after_start()
    try:
        async with httpx.AsyncClient() as client:
            return await client.get(f"http://127.0.0.1:{port}{startup.READY_PATH}", timeout=15)
    finally:
        await server.before_stop()
        await server.close()
        await server.after_stop()


def test_the_readiness_route_says_only_the_guards_are_installed_on_another_rasa_version(monkeypatch):
    monkeypatch.setenv("ACTION_SERVER_TOKEN", servers.ACTION_TOKEN)
    monkeypatch.setattr(rasa, "__version__", "3.7.0")
    rasa_patches.install()
    reply = asyncio.run(_get_readiness(_agent()))
    body = reply.json()
    # No model in this agent: not ready, for that reason alone (the version does not decide it).
    assert reply.status_code == 503 and body["status"] == "unavailable" and body["checks"]["model"]["ok"] is False
    assert body["rasa_patches"]["rasa_version"] == "3.7.0"
    assert body["rasa_patches"]["version_supported"] is False
    assert body["rasa_patches"]["patches_installed"] == []
    assert body["rasa_patches"]["guards_installed"] == ["action_timeout", *AGENT_GUARDS]


def test_a_channel_cannot_install_an_undeclared_override():
    with pytest.raises(ValueError, match="not declared"):
        registry.install_channel_override(registry.PROCESS[0][0], lambda setter: None)
