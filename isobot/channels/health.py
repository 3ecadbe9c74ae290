"""Readiness that really checks: GET /webhooks/health/ready (mounted by isobot.rasa_patches.startup).

Rasa's "/" says hello before the model is loaded, and its stores fail silently
(FailSafeTrackerStore falls back to memory, an action-server error only logs). A load
balancer or Kubernetes needs to know whether THIS process can answer a patient, so each
check here touches the real thing: the loaded model, a tracker written to and read back
from the tracker store, a lock taken and released in the lock store, and the action
server's /health. 200 with per-check results when all pass, else 503 naming what failed.
Under `make run`, `supervision` also fails while a service is in a crash loop (the supervisor's
event listener, scripts/supervise/crash_watch.py, writes SUPERVISION_STATUS_FILE).
"""

from __future__ import annotations

import asyncio
import json
import os
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Blueprint, response
from sanic.request import Request

from isobot.rasa_patches import registry

CHECK_TIMEOUT_SECONDS = 3.0
PROBE_PREFIX = "health-probe-"


def _probe_sender() -> str:
    # A fresh id per probe: concurrent probes never share rows, and no patient's id is touched.
    return f"{PROBE_PREFIX}{uuid.uuid4().hex}"


def _primary(tracker_store: Any) -> Any:
    """The real store behind Rasa's FailSafeTrackerStore, which would hide its errors."""
    return getattr(tracker_store, "_tracker_store", tracker_store)


def _forget_probe(store: Any, sender_id: str) -> None:
    """Delete the probe's rows (and any tracker the store remembers for it) so health checks
    grow neither the events table nor memory."""
    if hasattr(store, "remembered"):
        store.remembered.forget(sender_id)
    if hasattr(store, "session_scope") and hasattr(store, "SQLEvent"):
        with store.session_scope() as session:
            session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == sender_id).delete()
            session.commit()


async def check_model(agent: Any) -> None:
    if agent is None or not agent.is_ready():
        raise RuntimeError("no model loaded")


async def check_tracker_store(agent: Any) -> None:
    store = _primary(agent.tracker_store)
    sender_id = _probe_sender()
    written = DialogueStateTracker.from_events(sender_id, [ActionExecuted(ACTION_LISTEN_NAME)])
    try:
        await store.save(written)
        read = await store.retrieve(sender_id)
        if read is None or not any(isinstance(e, ActionExecuted) for e in read.events):
            raise RuntimeError("probe tracker written but not read back")
    finally:
        _forget_probe(store, sender_id)


async def check_lock_store(agent: Any) -> None:
    async with agent.lock_store.lock(_probe_sender(), wait_time_in_seconds=0.05):
        pass


async def check_action_server(agent: Any) -> None:
    endpoint = agent.action_endpoint
    if endpoint is None or not endpoint.url:
        return  # no action server configured: nothing this process depends on
    health_url = endpoint.url.rsplit("/webhook", 1)[0].rstrip("/") + "/health"
    # aiohttp, as Rasa itself uses: a fresh httpx client builds an SSL context (~50 ms of CPU).
    timeout = aiohttp.ClientTimeout(total=CHECK_TIMEOUT_SECONDS)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        async with session.get(health_url) as reply:
            if reply.status != 200:
                raise RuntimeError(f"{health_url} answered {reply.status}")


SUPERVISION_STATUS_VARIABLE = "SUPERVISION_STATUS_FILE"


async def check_supervision(agent: Any) -> None:
    """The supervisor's view of the other services: a crash loop anywhere is not ready, even
    though this process still answers (red flags need no other service)."""
    path = os.environ.get(SUPERVISION_STATUS_VARIABLE)
    if not path or not os.path.exists(path):
        return  # not started under the supervisor (tests' fixtures, Kubernetes)
    with open(path, encoding="utf-8") as handle:
        programs = json.load(handle).get("programs", {})
    looping = [
        f"{name} ({status.get('state')}, {status.get('recent_exits', 0)} recent exits)"
        for name, status in sorted(programs.items())
        if status.get("crash_loop")
    ]
    if looping:
        raise RuntimeError("crash loop: " + "; ".join(looping))


CHECKS: dict[str, Callable[[Any], Awaitable[None]]] = {
    "model": check_model,
    "tracker_store": check_tracker_store,
    "lock_store": check_lock_store,
    "action_server": check_action_server,
    "supervision": check_supervision,
}


async def run_checks(agent: Any) -> tuple[bool, dict[str, Any]]:
    results: dict[str, Any] = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            await asyncio.wait_for(check(agent), CHECK_TIMEOUT_SECONDS)
            results[name] = {"ok": True}
        except Exception as error:  # any failure means "not ready"; say which and why
            results[name] = {"ok": False, "error": f"{type(error).__name__}: {error}"}
            if name == "model":
                break  # without a model the other checks have no agent to use
        results[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    ok = all(result["ok"] for result in results.values())
    return ok, results


async def ready(request: Request) -> response.HTTPResponse:
    """GET /webhooks/health/ready, mounted on the app by the start-up hook
    (isobot.rasa_patches.startup), so it answers whatever credentials.yml lists. It also says
    which Rasa runs and which of the project's Rasa patches and guards are in place; a Rasa
    version the patches were not written for does not make the process unready (the guards
    are still installed), it shows in `rasa_patches`."""
    agent: Any | None = getattr(request.app.ctx, "agent", None)
    ok, results = await run_checks(agent)
    return response.json(
        {"status": "ok" if ok else "unavailable", "checks": results, "rasa_patches": registry.report()},
        status=200 if ok else 503,
    )


class HealthInput(InputChannel):
    """Kept so that credentials files naming it still load: the readiness route and the
    start-up guards it used to install now come from the start-up hook every profile runs
    (isobot.serve -> isobot.rasa_patches.startup), not from this channel being listed."""

    @classmethod
    def name(cls) -> str:
        return "health"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return Blueprint("health_webhook", __name__)
