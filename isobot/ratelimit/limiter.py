"""Both rate limits together, per conversation and per client address, and the red-flag pass.

Why: one Rasa process answers about 8 messages a second (docs/deploy.md). A script, or one
conversation sending far faster than a person types, would take that from every other patient.
A message over a limit is not run as a turn; the caller sends the polite reply instead
(isobot/ratelimit/middleware.py). Per conversation applies to REST and every platform (a key
is channel + sender id); per address applies to REST only: platform webhooks all come from
the platform's own servers.

Safety first: a message over a limit is shown to the red-flag detector, the same instance the
SafetyGate reads messages with (isobot/safety/shared.py; built on the first limited message if
the model has not built it yet, so normal traffic pays nothing), and to the model's net. Any red flag that needs care
today (ACT_NOW_TIERS: emergency, urgent), in any context (the patient, a parent about a child, a
"what if"), and any button payload of such an intent, goes through. So red-flag text also
passes a limit for someone abusing it; that is the price of never delaying an emergency.

Scaled profile: each Rasa process keeps its own counters, and nginx spreads a conversation's
messages over the processes, so with N processes the effective limits are up to N times
these. That is acceptable: the limits protect capacity, which grows N-fold too, and a shared
store would add a Redis round trip to every message.
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
import time
from collections.abc import Callable, Mapping
from functools import lru_cache

from isobot.ratelimit.buckets import Clock, Limit, TokenBuckets
from isobot.ratelimit.config import limits_from_env
from isobot.safety.tiers import ACT_NOW_TIERS, TIER_INTENTS

logger = logging.getLogger(__name__)

NOTICE_INTERVAL_SECONDS = 30
# e.g. the guided check's "Yes" button: its payload names the escalating intent itself.
ACT_NOW_PAYLOADS = tuple("/" + TIER_INTENTS[tier] for tier in sorted(ACT_NOW_TIERS))


def has_red_flag(text: str | None) -> bool:
    """True when the message names an emergency or urgent red flag (blocking: run it in a thread)."""
    if not text or not text.strip():
        return False
    if text.startswith(ACT_NOW_PAYLOADS):
        return True
    from isobot.safety.shared import project_detectors, shared_net  # spaCy: only once a message is limited

    net = shared_net()
    # Every language's detector, not the language identifier's guess: a limited message is rare,
    # and a short Spanish emergency the identifier is unsure of must still pass.
    for detector in project_detectors():
        finding = detector.detect(text)
        if finding.tier in ACT_NOW_TIERS or any(hit.tier in ACT_NOW_TIERS for hit in finding.hits):
            return True
        # What the SafetyGate's net would escalate passes too, under the same limits on the net.
        added = net.adds(finding, text) if net else None
        if added and added.tier in ACT_NOW_TIERS:
            return True
    return False


class RateLimits:
    def __init__(
        self,
        conversation: TokenBuckets,
        address: TokenBuckets,
        red_flag: Callable[[str | None], bool] = has_red_flag,
        clock: Clock = time.monotonic,
    ) -> None:
        self.conversation = conversation
        self.address = address
        self._red_flag = red_flag
        self._notices = TokenBuckets(Limit(1, 60 / NOTICE_INTERVAL_SECONDS), conversation.max_keys, clock)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, clock: Clock = time.monotonic) -> RateLimits:
        values = limits_from_env(os.environ if environ is None else environ)
        max_keys = int(values["RATE_LIMIT_MAX_KEYS"])
        return cls(
            TokenBuckets(
                Limit(int(values["RATE_LIMIT_CONVERSATION_BURST"]), values["RATE_LIMIT_CONVERSATION_PER_MINUTE"]),
                max_keys,
                clock,
            ),
            TokenBuckets(
                Limit(int(values["RATE_LIMIT_IP_BURST"]), values["RATE_LIMIT_IP_PER_MINUTE"]), max_keys, clock
            ),
            clock=clock,
        )

    async def admit(self, text: str | None, conversation: str | None = None, address: str | None = None) -> int | None:
        """None when the message may be served (and it is counted); otherwise the whole seconds
        to wait. Nothing is counted for a refused message, so waiting always helps."""
        checks = {
            name: (buckets, key)
            for name, buckets, key in (
                ("conversation", self.conversation, conversation),
                ("address", self.address, address),
            )
            if key
        }
        waits = {name: buckets.wait(key) for name, (buckets, key) in checks.items()}
        wait = max(waits.values(), default=0.0)
        if wait <= 0:
            for buckets, key in checks.values():
                buckets.take(key)
            return None
        # The detector is CPU work (and a spaCy load the first time): off the event loop.
        try:
            red_flag = await asyncio.to_thread(self._red_flag, text)
        except Exception:  # noqa: BLE001 - unsure whether it is an emergency: serve it
            logger.exception("Rate limit: the red-flag check failed; the message was let through.")
            return None
        if red_flag:
            logger.warning("Rate limit: a message with a red flag was over the limit and let through.")
            return None
        over = ", ".join(name for name, seconds in waits.items() if seconds > 0)
        logger.info("Rate limit: a message was refused (over the %s limit).", over)  # no identifiers in logs
        return max(1, math.ceil(wait))

    def should_notify(self, conversation: str) -> bool:
        """At most one slow-down notice per conversation every NOTICE_INTERVAL_SECONDS."""
        if self._notices.wait(conversation) > 0:
            return False
        self._notices.take(conversation)
        return True


@lru_cache(maxsize=1)
def public_limits() -> RateLimits:
    """The process's limits, shared by every public channel."""
    limits = RateLimits.from_env()
    logger.info("Rate limits: per conversation %s, per address %s", limits.conversation.limit, limits.address.limit)
    return limits
