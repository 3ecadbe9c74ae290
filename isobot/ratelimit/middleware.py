"""Rate limits on the public channels: per conversation and per client address.

Why: one Rasa process answers about 8 messages a second (docs/deploy.md). A script, or one
conversation sending far faster than a person types, would take that from every other patient.

How: token buckets. Each key may send a burst at once, then at a steady rate; tokens refill
continuously, so a patient who pauses is never limited and the wait is known exactly. A
message over a limit is not run as a turn. Instead the patient gets the polite "please slow
down" of content/rate_limit.yml: over REST as HTTP 429 with `Retry-After` and a normal REST
body, on the messaging platforms as a text message (at most one per conversation every
NOTICE_INTERVAL_SECONDS, since each one costs a platform call, for SMS money).

Limits, from the environment (read once at start-up; 0 turns a limit off):

| variable | default | why |
|---|---|---|
| RATE_LIMIT_CONVERSATION_BURST | 8 | a patient types at most ~1 message a second, and only for a few messages |
| RATE_LIMIT_CONVERSATION_PER_MINUTE | 20 | then reads the answers: a sustained 1 message every 3 s is already fast |
| RATE_LIMIT_IP_BURST | 40 | a clinic's patients may share one NAT address |
| RATE_LIMIT_IP_PER_MINUTE | 120 | ~30 people chatting at a normal pace behind one address, yet one address gets at most a quarter of a Rasa process |
| RATE_LIMIT_MAX_KEYS | 50000 | keys kept per limit (~10 MB); beyond that the least recently used go first |

Per conversation applies to REST and every platform (a key is channel + sender id); per
address applies to REST only: platform webhooks all come from the platform's own servers.

Safety first: a message over a limit is shown to the red-flag detector (loaded on the first
limited message, so normal traffic pays nothing). Any emergency or urgent flag, in any context
(the patient, a parent about a child, a "what if"), and any button payload of an emergency or
urgent intent, goes through. So red-flag text also passes a limit for someone abusing it;
that is the price of never delaying an emergency.

The client address is the direct peer, unless that peer is loopback: web/server.py (the
widget's proxy) and the scaled profile's nginx run on this host and put the browser's address
last in X-Forwarded-For, so then the last entry counts. From any other peer the header is
ignored, since anyone can write it. IPv6 addresses are limited per /64, the block one
subscriber usually holds. A proxy on another host would make every patient one address: turn
the address limit off (RATE_LIMIT_IP_BURST=0) and limit at that proxy instead (docs/channels.md).

Memory stays bounded: a key idle long enough for its bucket to be full again is the same as
no key and is dropped; past RATE_LIMIT_MAX_KEYS the least recently used key is dropped. The
counters never leave the process's memory (docs/privacy.md).

Scaled profile: each Rasa process keeps its own counters, and nginx spreads a conversation's
messages over the processes, so with N processes the effective limits are up to N times
these. That is acceptable: the limits protect capacity, which grows N-fold too, and a shared
store would add a Redis round trip to every message.
"""
from __future__ import annotations

import asyncio
import ipaddress
import logging
import math
import os
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Optional

from isobot import settings
from isobot.channels.conversation_ids import REST, conversation_id
from isobot.content.errors import ContentError
from isobot.content.yaml_file import read_mapping, require

logger = logging.getLogger(__name__)

SLOW_DOWN_FILE = settings.ROOT / "content" / "rate_limit.yml"
MAX_SLOW_DOWN_CHARS = 160            # one SMS
ESCALATING_TIERS = frozenset({"emergency", "urgent"})
NOTICE_INTERVAL_SECONDS = 30
IPV6_PREFIX = 64
DEFAULTS = {
    "RATE_LIMIT_CONVERSATION_BURST": 8,
    "RATE_LIMIT_CONVERSATION_PER_MINUTE": 20,
    "RATE_LIMIT_IP_BURST": 40,
    "RATE_LIMIT_IP_PER_MINUTE": 120,
    "RATE_LIMIT_MAX_KEYS": 50_000,
}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
Clock = Callable[[], float]


# ---------------------------------------------------------------- the limiter
@dataclass(frozen=True)
class Limit:
    burst: int
    per_minute: float

    @property
    def on(self) -> bool:
        return self.burst > 0 and self.per_minute > 0

    @property
    def per_second(self) -> float:
        return self.per_minute / 60


class TokenBuckets:
    """One token bucket per key. Keys are kept in least-recently-used order, so the longest
    idle ones sit at the front, where they are dropped."""

    def __init__(self, limit: Limit, max_keys: int, clock: Clock = time.monotonic) -> None:
        self.limit = limit
        self.max_keys = max_keys
        self._clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # key -> (tokens, when)
        # An empty bucket is full again after this long; a full bucket is the same as none.
        self._refill_seconds = limit.burst / limit.per_second if limit.on else 0.0

    def __len__(self) -> int:
        return len(self._buckets)

    def _tokens(self, key: str, now: float) -> float:
        state = self._buckets.get(key)
        if state is None:
            return float(self.limit.burst)
        tokens, when = state
        return min(float(self.limit.burst), tokens + (now - when) * self.limit.per_second)

    def wait(self, key: str) -> float:
        """Seconds before `key` may send one more message; 0 means now."""
        if not self.limit.on:
            return 0.0
        tokens = self._tokens(key, self._clock())
        # The tolerance absorbs float rounding: 3 s at 1/3 token a second is a whole token.
        return 0.0 if tokens >= 1 - 1e-9 else (1 - tokens) / self.limit.per_second

    def take(self, key: str) -> None:
        """Count one message from `key` (call only after wait() said 0)."""
        if not self.limit.on:
            return
        now = self._clock()
        self._buckets[key] = (max(0.0, self._tokens(key, now) - 1), now)
        self._buckets.move_to_end(key)
        self._evict(now)

    def _evict(self, now: float) -> None:
        while self._buckets:
            key, (_, when) = next(iter(self._buckets.items()))
            if len(self._buckets) <= self.max_keys and now - when < self._refill_seconds:
                return
            del self._buckets[key]


# ---------------------------------------------------------------- red flags pass
_detector_lock = threading.Lock()


@lru_cache(maxsize=1)
def _detector() -> Any:
    from isobot.safety.detector import RedFlagDetector  # spaCy: only once a message is limited

    return RedFlagDetector.from_paths(settings.SPACY_PIPELINE, settings.RED_FLAG_RULES)


@lru_cache(maxsize=1)
def _escalating_payloads() -> tuple[str, ...]:
    from isobot.nlu.safety_gate import TIER_INTENTS

    return tuple("/" + TIER_INTENTS[tier] for tier in sorted(ESCALATING_TIERS))


def has_red_flag(text: Optional[str]) -> bool:
    """True when the message names an emergency or urgent red flag (blocking: run it in a thread)."""
    if not text or not text.strip():
        return False
    if text.startswith(_escalating_payloads()):  # e.g. the guided check's "Yes" button
        return True
    with _detector_lock:  # one detector instance; loaded once, used one message at a time
        finding = _detector().detect(text)
    return finding.tier in ESCALATING_TIERS or any(hit.tier in ESCALATING_TIERS for hit in finding.hits)


# ---------------------------------------------------------------- both limits together
class RateLimits:
    def __init__(self, conversation: TokenBuckets, address: TokenBuckets,
                 red_flag: Callable[[Optional[str]], bool] = has_red_flag, clock: Clock = time.monotonic) -> None:
        self.conversation = conversation
        self.address = address
        self._red_flag = red_flag
        self._notices = TokenBuckets(Limit(1, 60 / NOTICE_INTERVAL_SECONDS), conversation.max_keys, clock)

    @classmethod
    def from_env(cls, environ: Optional[dict[str, str]] = None, clock: Clock = time.monotonic) -> "RateLimits":
        values = _limits_from_env(os.environ if environ is None else environ)
        max_keys = int(values["RATE_LIMIT_MAX_KEYS"])
        return cls(
            TokenBuckets(Limit(int(values["RATE_LIMIT_CONVERSATION_BURST"]),
                               values["RATE_LIMIT_CONVERSATION_PER_MINUTE"]), max_keys, clock),
            TokenBuckets(Limit(int(values["RATE_LIMIT_IP_BURST"]), values["RATE_LIMIT_IP_PER_MINUTE"]),
                         max_keys, clock),
            clock=clock)

    async def admit(self, text: Optional[str], conversation: Optional[str] = None,
                    address: Optional[str] = None) -> Optional[int]:
        """None when the message may be served (and it is counted); otherwise the whole seconds
        to wait. Nothing is counted for a refused message, so waiting always helps."""
        checks = {name: (buckets, key) for name, buckets, key in (("conversation", self.conversation, conversation),
                                                                  ("address", self.address, address)) if key}
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


def _limits_from_env(environ: dict[str, str]) -> dict[str, float]:
    values: dict[str, float] = {}
    for name, default in DEFAULTS.items():
        raw = environ.get(name, "").strip()
        try:
            value = float(raw) if raw else float(default)
        except ValueError:
            raise ValueError(f"{name} must be a number, not {raw!r}") from None
        if value < 0 or not math.isfinite(value):
            raise ValueError(f"{name} must be 0 (off) or more, not {raw!r}")
        if not name.endswith("_PER_MINUTE") and not value.is_integer():
            raise ValueError(f"{name} must be a whole number, not {raw!r}")
        values[name] = value
    if values["RATE_LIMIT_MAX_KEYS"] < 1:
        raise ValueError("RATE_LIMIT_MAX_KEYS must be at least 1")
    return values


@lru_cache(maxsize=1)
def public_limits() -> RateLimits:
    """The process's limits, shared by every public channel."""
    limits = RateLimits.from_env()
    logger.info("Rate limits: per conversation %s, per address %s", limits.conversation.limit, limits.address.limit)
    return limits


# ---------------------------------------------------------------- client address
def _ip(value: Optional[str]) -> Optional[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        ip = ipaddress.ip_address((value or "").strip())
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        return ip.ipv4_mapped
    return ip


def client_ip(peer: Optional[str], forwarded_for: Optional[str]) -> Optional[str]:
    """The client's address: the peer's, or, when the peer is our own proxy on loopback, the
    last X-Forwarded-For entry (the one that proxy wrote)."""
    direct = _ip(peer)
    if direct is not None and direct.is_loopback and forwarded_for:
        forwarded = _ip(forwarded_for.split(",")[-1])
        if forwarded is not None:
            return str(forwarded)
    return str(direct) if direct is not None else (peer or None)


def address_key(address: Optional[str]) -> Optional[str]:
    ip = _ip(address)
    if isinstance(ip, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network(f"{ip}/{IPV6_PREFIX}", strict=False))
    return str(ip) if ip is not None else address


# ---------------------------------------------------------------- the polite reply
def load_slow_down_text(path: Path | str, escalations_path: Path | str, region: Optional[str]) -> str:
    from isobot.content.catalogue import load_escalations

    data = read_mapping(path)
    unknown = set(data) - {"version", "slow_down"}
    if unknown:
        raise ContentError(path, f"unknown keys {sorted(unknown)}")
    text = " ".join(require(data, "slow_down", str, path).split())
    if not text:
        raise ContentError(path, "empty text", key="slow_down")
    placeholders = set(_PLACEHOLDER.findall(text)) - {"emergency_number"}
    if placeholders:
        raise ContentError(path, f"unknown placeholders {sorted(placeholders)}; only {{emergency_number}}",
                           key="slow_down")
    _, numbers, default_region = load_escalations(escalations_path)
    number = (numbers.get((region or "").upper()) or numbers[default_region])["emergency_number"]
    text = text.replace("{emergency_number}", number)
    if len(text) > MAX_SLOW_DOWN_CHARS:
        raise ContentError(path, f"{len(text)} characters; at most {MAX_SLOW_DOWN_CHARS} (one SMS)", key="slow_down")
    return text


@lru_cache(maxsize=1)
def slow_down_text() -> str:
    return load_slow_down_text(SLOW_DOWN_FILE, settings.ESCALATIONS, settings.region())


def check_at_start_up() -> None:
    """Fail while the server starts, naming the file or variable, rather than at the first burst."""
    slow_down_text()
    public_limits()


# ---------------------------------------------------------------- channels
def guard_rest(blueprint: Any, limits: Optional[RateLimits] = None) -> Any:
    """Both limits on Rasa's REST webhook, as a request middleware of its blueprint."""
    from sanic import response

    check_at_start_up()

    @blueprint.middleware("request")
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
        return response.json([{"recipient_id": conversation, "text": slow_down_text()}], status=429,
                             headers={"Retry-After": str(wait)})

    return blueprint


async def slowed_down(message: Any, limits: Optional[RateLimits] = None) -> bool:
    """For a platform message (a Rasa UserMessage): True when its conversation is over the
    limit, in which case the polite reply was sent instead of running the turn."""
    limits = limits or public_limits()
    conversation = message.sender_id  # already in its channel's namespace (isobot/channels/conversation_ids.py)
    if await limits.admit(message.text, conversation) is None:
        return False
    if limits.should_notify(conversation):
        await message.output_channel.send_text_message(message.sender_id, slow_down_text())
    return True
