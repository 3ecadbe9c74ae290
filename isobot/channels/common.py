"""What every messaging connector shares: the off switch, strict bodies, HTTP to the platform."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from rasa.core.channels.channel import UserMessage
from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage as BadRequest  # sanic 21.12 name for 400
from sanic.request import Request
from sanic.response import HTTPResponse

from isobot.channels.turn import run_turn
from isobot.ratelimit import middleware as ratelimit

logger = logging.getLogger(__name__)
API_TIMEOUT_SECONDS = 10.0
OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


def disabled_blueprint(channel: str) -> Blueprint:
    """The webhook of a channel that is off: 503 on every call, nothing reaches Rasa."""
    blueprint = Blueprint(f"{channel}_webhook_off", __name__)

    @blueprint.route("/", methods=["GET"])  # type: ignore[untyped-decorator]  # sanic's Blueprint methods are untyped
    @blueprint.route("/webhook", methods=["GET", "POST"])  # type: ignore[untyped-decorator]  # sanic's Blueprint methods are untyped
    async def off(_: Request) -> HTTPResponse:
        return response.json({"status": "off", "channel": channel}, status=503)

    return blueprint


def channel_blueprint(name: str) -> Blueprint:
    """The webhook blueprint of a channel that is on, with its `GET /` liveness answer."""
    ratelimit.check_at_start_up()  # a broken limit setting or reply file stops the start, named
    blueprint = Blueprint(name, __name__)

    @blueprint.route("/", methods=["GET"])  # type: ignore[untyped-decorator]  # sanic's Blueprint methods are untyped
    async def health(_: Request) -> HTTPResponse:
        return response.json({"status": "ok"})

    return blueprint


def json_object(raw: bytes | str | None, what: str = "request body") -> dict[str, Any]:
    """Parse a JSON object or raise a 400 naming what was wrong."""
    try:
        body = json.loads(raw or b"")
    except (ValueError, TypeError, RecursionError):  # RecursionError: JSON nested thousands deep
        raise BadRequest(f"The {what} must be JSON.") from None
    if not isinstance(body, dict):
        raise BadRequest(f"The {what} must be a JSON object.")
    return body


def on(settings: dict[str, str] | None) -> dict[str, str]:
    """The settings of a channel that is on: its webhook and output channel exist only then."""
    if settings is None:
        raise RuntimeError("this channel is off (its settings are not all set)")
    return settings


def require(condition: object, message: str) -> None:
    if not condition:
        raise BadRequest(message)


async def post_to_platform(channel: str, url: str, **kwargs: Any) -> httpx.Response | None:
    """One call to a platform's API. A failure is logged, never raised: the turn is already
    in the tracker and the next message must still be served."""
    try:
        async with httpx.AsyncClient(timeout=API_TIMEOUT_SECONDS) as client:
            reply = await client.post(url, **kwargs)
        if reply.status_code >= 400:
            logger.error("%s API refused a message: HTTP %s %s", channel, reply.status_code, reply.text[:300])
        return reply
    except httpx.HTTPError as error:
        logger.error("%s API call failed (%s): %s", channel, type(error).__name__, error)
        return None


async def hand_to_rasa(on_new_message: OnNewMessage, message: UserMessage) -> None:
    """Run one never-silent turn (isobot/channels/turn.py); an error is logged, never raised, so the
    platform does not retry the same message.

    A conversation over its rate limit gets the polite "please slow down" instead of a turn
    (red flags always get their turn: isobot/ratelimit/limiter.py)."""
    try:
        if await ratelimit.slowed_down(message):
            return
        await run_turn(on_new_message, message)
    except Exception:  # noqa: BLE001 - e.g. the platform API failing; the webhook must still answer
        logger.exception("%s: the message from %s could not be handled", message.input_channel, message.sender_id)
