"""rasa_sdk's plugin package (found by name on PYTHONPATH): the action server's access check.

rasa_sdk imports `rasa_sdk_plugins` and calls init_hooks(); our hook adds a middleware that
refuses every call but /health unless it is signed with the shared secret (ACTION_SERVER_TOKEN),
fresh and not seen before (isobot/action_signing.py; Rasa signs through
isobot/signed_action_endpoint.py). The secret itself never travels, so a captured call can
neither be replayed nor used to sign a new one.
"""
from __future__ import annotations

import logging

import pluggy
from sanic import Sanic, response

from isobot.action_signing import TOKEN_NAME, SeenNonces, check
from isobot.secret_files import read_secret

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


def init_hooks(manager: pluggy.PluginManager) -> None:
    manager.register(ActionServerAuth())
