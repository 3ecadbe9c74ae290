"""The JSON request and error helpers, and the two middlewares, every route group uses."""

from __future__ import annotations

import logging
from pathlib import Path

from aiohttp import web

from isobot.ratelimit.config import client_ip
from web.app_state import MAX_BODY_BYTES, MAX_MESSAGE_CHARS, SETTINGS
from web.rasa_client import RasaUnavailable

PAGES = Path(__file__).resolve().parent / "pages"
logger = logging.getLogger("isobot.web")


def page(name: str) -> web.FileResponse:
    return web.FileResponse(PAGES / name, headers={"Cache-Control": "no-store"})


def bad_request(message: str) -> web.HTTPBadRequest:
    return web.HTTPBadRequest(text=f'{{"error": "{message}"}}', content_type="application/json")


async def json_body(request: web.Request) -> dict:
    try:
        body = await request.json()
    except (ValueError, RecursionError):  # RecursionError: JSON nested thousands deep
        raise bad_request("The request body must be JSON.") from None
    if not isinstance(body, dict):
        raise bad_request("The request body must be a JSON object.")
    return body


def chat_message(body: dict) -> str:
    message = body.get("message")
    if not isinstance(message, str) or not message.strip():
        raise bad_request("'message' must be a non-empty string.")
    if len(message) > MAX_MESSAGE_CHARS:
        raise bad_request(f"'message' is limited to {MAX_MESSAGE_CHARS} characters.")
    return message


def browser_ip(request: web.Request) -> str | None:
    """The patient's address, for Rasa's per-address limit (sent on in X-Forwarded-For). Behind
    a proxy on this host, the address that proxy saw; a header from anyone else is ignored."""
    return client_ip(request.remote, request.headers.get("X-Forwarded-For"))


def rasa_down(error: RasaUnavailable) -> web.HTTPBadGateway:
    logger.warning("Rasa unavailable: %s", error)
    return web.HTTPBadGateway(text='{"error": "The assistant is unavailable."}', content_type="application/json")


@web.middleware
async def widget_cors(request: web.Request, handler):
    """Only the widget's public endpoints, and only for origins listed in WIDGET_ORIGINS."""
    origin = request.headers.get("Origin")
    allowed = (
        origin is not None
        and origin in request.app[SETTINGS]["widget_origins"]
        and (request.path.startswith("/api/") or request.path == "/widget/config")
    )
    if request.method == "OPTIONS" and allowed:
        response = web.Response(status=204)
    else:
        response = await handler(request)
    if allowed and origin is not None:
        # Credentials: the conversation cookie (SameSite=Strict: sent only from the same site).
        response.headers.update(
            {
                "Access-Control-Allow-Origin": origin,
                "Vary": "Origin",
                "Access-Control-Allow-Methods": "GET, POST",
                "Access-Control-Allow-Headers": "Content-Type",
                "Access-Control-Allow-Credentials": "true",
            }
        )
    return response


@web.middleware
async def body_too_large(request: web.Request, handler):
    """aiohttp's own 413 is plain text; callers (the console, the widget) read JSON errors."""
    try:
        return await handler(request)
    except web.HTTPRequestEntityTooLarge as error:
        if error.content_type == "application/json":  # ours already, with its own message
            raise
        raise web.HTTPRequestEntityTooLarge(
            max_size=MAX_BODY_BYTES,
            actual_size=request.content_length or 0,
            text=f'{{"error": "The request is limited to {MAX_BODY_BYTES // 1024} KB."}}',
            content_type="application/json",
        ) from None
