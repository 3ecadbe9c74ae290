"""The rate limits on the public channels: Rasa's REST webhook and the messaging platforms.

A message over a limit (isobot/ratelimit/limiter.py) is not run as a turn. Instead the patient
gets the polite "please slow down" of content/rate_limit.yml: over REST as HTTP 429 with
`Retry-After` and a normal REST body, on the messaging platforms as a text message (at most
one per conversation every NOTICE_INTERVAL_SECONDS, since each one costs a platform call, for
SMS money).
"""

from __future__ import annotations

from typing import Any

from isobot.channels.conversation_ids import REST, conversation_id
from isobot.content.slow_down import slow_down_text
from isobot.ratelimit.config import address_key, client_ip
from isobot.ratelimit.limiter import RateLimits, public_limits


def check_at_start_up() -> None:
    """Fail while the server starts, naming the file or variable, rather than at the first burst."""
    slow_down_text()
    public_limits()


def guard_rest(blueprint: Any, limits: RateLimits | None = None) -> Any:
    """Both limits on Rasa's REST webhook, as a request middleware of its blueprint."""
    from sanic import response

    check_at_start_up()

    @blueprint.middleware("request")  # type: ignore[untyped-decorator]  # sanic's Blueprint methods are untyped
    async def rate_limit(request: Any) -> Any:
        if request.method != "POST" or not request.path.rstrip("/").endswith("/webhook"):
            return None
        try:
            body = request.json
        except Exception:  # malformed JSON: counted per address, then the route answers 400
            body = None
        body = body if isinstance(body, dict) else {}
        sender, text = body.get("sender"), body.get("message")
        conversation = conversation_id(REST, sender) if isinstance(sender, str) and sender.strip() else None
        address = address_key(client_ip(request.ip, request.headers.get("X-Forwarded-For")))
        wait = await (limits or public_limits()).admit(text if isinstance(text, str) else None, conversation, address)
        if wait is None:
            return None
        return response.json(
            [{"recipient_id": conversation, "text": slow_down_text()}], status=429, headers={"Retry-After": str(wait)}
        )

    return blueprint


async def slowed_down(message: Any, limits: RateLimits | None = None) -> bool:
    """For a platform message (a Rasa UserMessage): True when its conversation is over the
    limit, in which case the polite reply was sent instead of running the turn."""
    limits = limits or public_limits()
    conversation = message.sender_id  # already in its channel's namespace (isobot/channels/conversation_ids.py)
    if await limits.admit(message.text, conversation) is None:
        return False
    if limits.should_notify(conversation):
        await message.output_channel.send_text_message(message.sender_id, slow_down_text())
    return True
