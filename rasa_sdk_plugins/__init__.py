"""rasa_sdk's plugin package (found by name on PYTHONPATH): the action server's access check
and the escalation watcher.

rasa_sdk imports `rasa_sdk_plugins` and calls init_hooks(); one hook adds a middleware that
refuses every call but /health unless it is signed with the shared secret (ACTION_SERVER_TOKEN),
fresh and not seen before (isobot/security/action_signing.py; Rasa signs through
isobot/security/signed_action_endpoint.py: the secret itself never travels, so a captured call can
neither be replayed nor used to sign a new one); the other runs isobot.staff.escalation_watch in
each worker, which writes the escalation log and notifies staff from the stored
conversations, after the patient has the reply.
"""

from __future__ import annotations

import logging

import pluggy
from sanic import Sanic, response

from isobot.security.action_signing import TOKEN_NAME, SeenNonces, check
from isobot.security.secret_files import read_secret

hookimpl = pluggy.HookimplMarker("rasa_sdk")
logger = logging.getLogger(__name__)
OPEN_PATHS = frozenset({"/health"})


class ActionServerAuth:
    @hookimpl
    def attach_sanic_app_extensions(self, app: Sanic) -> None:
        token = read_secret(TOKEN_NAME)
        if not token:
            logger.warning("%s is not set: the action server accepts calls from anyone who can reach it.", TOKEN_NAME)
            return
        seen = SeenNonces()

        @app.middleware("request")
        async def require_signature(request):
            if request.path in OPEN_PATHS:
                return None
            refused = check(token, request.headers, request.body, seen)
            if refused:
                logger.warning("Action call refused: %s.", refused)
                return response.json({"error": "forbidden"}, status=403)
            return None


class EscalationWatchHost:
    @hookimpl
    def attach_sanic_app_extensions(self, app: Sanic) -> None:
        # Imported here: the action server's start-up should not pay for SQLAlchemy models
        # when the plugin package is imported for another reason.
        from isobot.staff import escalation_watch

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
