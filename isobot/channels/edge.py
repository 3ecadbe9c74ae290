"""Installed on the Rasa server before it listens (by the start-up hook every profile runs,
isobot/rasa_patches/startup.py): the request size cap of isobot/security/limits.py, with a JSON 413, and the JWT checks
of isobot/channels/jwt_guard.py."""

from __future__ import annotations

from typing import Any

from sanic import response
from sanic.exceptions import PayloadTooLarge
from sanic.request import Request

from isobot.channels import jwt_guard
from isobot.security.limits import MAX_BODY_BYTES, MAX_MESSAGE_CHARS


async def too_large(request: Request, error: Exception) -> response.HTTPResponse:
    return response.json(
        {
            "error": "payload_too_large",
            "message": str(error),
            "max_body_bytes": MAX_BODY_BYTES,
            "max_message_chars": MAX_MESSAGE_CHARS,
        },
        status=413,
    )


def install(app: Any, _loop: Any = None) -> None:
    """Sanic `before_server_start` listener. Sanic reads REQUEST_MAX_SIZE for each new
    connection, so setting it before the server listens covers every request."""
    app.config.REQUEST_MAX_SIZE = MAX_BODY_BYTES
    app.error_handler.add(PayloadTooLarge, too_large)
    jwt_guard.install(app)
