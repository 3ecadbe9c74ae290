"""Simulated patients: each is its own conversation, sending its messages one after another.

Used by `make bench` (timings) and tests/scale (correctness under load and failover).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import httpx

# Realistic patient questions, distinct so a conversation's stored order can be checked.
PATIENT_MESSAGES = (
    "hi, I started accutane last month",
    "how does isotretinoin cause back pain?",
    "tell me more",
    "is it common to get back ache on roaccutane?",
    "how long does the back pain last?",
    "can I still exercise and go to the gym?",
    "what can I take for the pain?",
    "should I stop taking it?",
    "when should I see a doctor about my back?",
    "thanks, that helps",
)


@dataclass
class MessageResult:
    sender: str
    index: int
    text: str
    status: int  # last HTTP status (0: no response at all)
    seconds: float  # latency of the last attempt
    attempts: int = 1
    started: float = 0.0  # monotonic time the message was first sent


@dataclass
class LoadResult:
    messages: list[MessageResult] = field(default_factory=list)
    wall_seconds: float = 0.0

    @property
    def failures(self) -> list[MessageResult]:
        return [m for m in self.messages if m.status != 200]

    def latencies(self) -> list[float]:
        return [m.seconds for m in self.messages if m.status == 200]


async def _send(client: httpx.AsyncClient, url: str, sender: str, index: int, text: str, retries: int) -> MessageResult:
    started = time.monotonic()
    attempt = 0
    while True:
        attempt += 1
        t0 = time.perf_counter()
        try:
            reply = await client.post(url, json={"sender": sender, "message": text})
            status = reply.status_code
            if status == 200 and not isinstance(reply.json(), list):
                status = -1
        except httpx.TransportError:
            status = 0
        elapsed = time.perf_counter() - t0
        # Retry only what a client can see as "the connection broke": reset/refused or the
        # balancer's 502 for a request in flight on a process that died.
        if status in (0, 502) and attempt <= retries:
            await asyncio.sleep(0.2)
            continue
        return MessageResult(sender, index, text, status, elapsed, attempt, started)


async def run_load(
    base_url: str,
    senders: list[str],
    messages: tuple[str, ...] = PATIENT_MESSAGES,
    retries: int = 0,
    timeout: float = 120.0,
) -> LoadResult:
    """All conversations at once; within one conversation, each message waits for its answer."""
    url = f"{base_url}/webhooks/rest/webhook"
    limits = httpx.Limits(max_connections=len(senders), max_keepalive_connections=len(senders))
    result = LoadResult()

    async with httpx.AsyncClient(timeout=timeout, limits=limits) as client:

        async def conversation(sender: str) -> None:
            for index, text in enumerate(messages):
                result.messages.append(await _send(client, url, sender, index, text, retries))

        t0 = time.perf_counter()
        await asyncio.gather(*(conversation(s) for s in senders))
        result.wall_seconds = time.perf_counter() - t0
    return result
