"""rasa_sdk's plugin package (found by name on PYTHONPATH): the action server's access check.

rasa_sdk imports `rasa_sdk_plugins` and calls init_hooks(); our hook adds a middleware that
refuses /webhook calls without the shared secret Rasa sends (endpoints.yml, X-Action-Token).
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


def init_hooks(manager: pluggy.PluginManager) -> None:
    manager.register(ActionServerAuth())
