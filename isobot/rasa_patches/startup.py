"""The one start-up hook every profile runs: isobot.serve calls it for `make run`, the
supervised and scaled profiles, tests/servers.py and bench (all start Rasa through isobot.serve;
bench/profile_turn.py, in-process, calls `install` and `install_agent_guards` itself).

- `install()`: the Rasa patches that change the process (registry.install), before Rasa's
  server is built.
- `server_listeners()`: what Rasa's `serve_application(server_listeners=...)` registers on its
  own Sanic app: the readiness route (mounted on the app, so it answers whatever
  credentials.yml lists), the request-size cap and JWT checks (isobot.channels.edge), and the
  guards that need the loaded agent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from isobot.rasa_patches import registry

logger = logging.getLogger(__name__)

READY_PATH = "/webhooks/health/ready"


def install() -> dict[str, Any]:
    return registry.install()


def mount_readiness(app: Any, _loop: Any = None) -> None:
    """Sanic `main_process_start` listener: the last moment before Sanic fixes its routes."""
    from isobot.channels import health

    if not any(route.path == READY_PATH.lstrip("/") for route in app.router.routes):
        app.add_route(health.ready, READY_PATH, methods=["GET"], name="isobot_ready")


async def install_agent_guards(app: Any, _loop: Any = None) -> None:
    """Sanic `after_server_start` listener: Rasa loads the agent in `before_server_start`."""
    agent = getattr(app.ctx, "agent", None)
    if agent is None:
        logger.error("No agent loaded at start-up; the tracker store and action signing guards were not installed.")
        return
    registry.install_agent_guards(agent)


def server_listeners() -> list[tuple[Callable[..., Any], str]]:
    from isobot.channels import edge

    return [
        (mount_readiness, "main_process_start"),
        # The body-size cap and JWT checks must be in place before the first request.
        (edge.install, "before_server_start"),
        (install_agent_guards, "after_server_start"),
    ]
