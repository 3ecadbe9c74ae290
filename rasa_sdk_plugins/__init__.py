"""rasa_sdk's plugin package (found by name on PYTHONPATH): the action server's access check
and the escalation watcher.

rasa_sdk imports `rasa_sdk_plugins` and calls init_hooks(); one hook adds a middleware that
refuses /webhook calls without the shared secret Rasa sends (endpoints.yml, X-Action-Token);
the other runs isobot.escalation_watch in each worker, which writes the escalation log and
notifies staff from the stored conversations, after the patient has the reply.
"""
from __future__ import annotations

import hmac
import logging
import os

import pluggy
from sanic import Sanic, response

hookimpl = pluggy.HookimplMarker("rasa_sdk")
logger = logging.getLogger(__name__)
TOKEN_HEADER = "X-Action-Token"
TOKEN_ENV = "ACTION_SERVER_TOKEN"
OPEN_PATHS = frozenset({"/health"})


class ActionServerAuth:
    @hookimpl
    def attach_sanic_app_extensions(self, app: Sanic) -> None:
        expected = os.environ.get(TOKEN_ENV, "")
        if not expected:
            logger.warning("%s is not set: the action server accepts calls from anyone who can reach it.", TOKEN_ENV)
            return

        @app.middleware("request")
        async def require_token(request):
            if request.path in OPEN_PATHS:
                return None
            given = request.headers.get(TOKEN_HEADER, "")
            if not hmac.compare_digest(given.encode(), expected.encode()):
                return response.json({"error": "forbidden"}, status=403)
            return None


class EscalationWatchHost:
    @hookimpl
    def attach_sanic_app_extensions(self, app: Sanic) -> None:
        # Imported here: the action server's start-up should not pay for SQLAlchemy models
        # when the plugin package is imported for another reason.
        from isobot import escalation_watch

        async def start(app_: Sanic, _loop=None) -> None:
            app_.ctx.escalation_watch_stop = escalation_watch.start_in_background()

        async def stop(app_: Sanic, _loop=None) -> None:
            stop_event = getattr(app_.ctx, "escalation_watch_stop", None)
            if stop_event is not None:
                stop_event.set()

        app.register_listener(start, "after_server_start")
        app.register_listener(stop, "before_server_stop")


def init_hooks(manager: pluggy.PluginManager) -> None:
    manager.register(ActionServerAuth())
    manager.register(EscalationWatchHost())
