"""Redis lock store for the scaled profile: Rasa's ticket lock, made safe across processes.

Rasa 3.6's `RedisLockStore` has two faults that show up when a Rasa process dies under load
(found by tests/scale/test_load.py's failover test, which failed about one run in three):

- Every change is a read-modify-write of one JSON value with no transaction, so two processes
  issuing or returning tickets for one conversation at once can overwrite each other's ticket.
- A waiting message's ticket expires while it waits. When the dead process's ticket and the
  waiter's both expire between two polls, the waiter finds its own ticket gone and waits
  forever (the balancer answers 504 after its read timeout).

Here every change is one Redis transaction (WATCH/MULTI), a waiter refreshes its ticket each
time it polls, and the holder refreshes it while the message is processed. So only a dead
process's tickets expire, and the lifetime can be short: a killed process blocks its
conversations for `TICKET_LOCK_LIFETIME` seconds (default 10 here, 60 in Rasa), not a minute.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from collections import deque
from collections.abc import AsyncGenerator, Callable
from contextlib import asynccontextmanager, suppress
from typing import TypeVar

from rasa.core.lock import Ticket, TicketLock
from rasa.core.lock_store import LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

T = TypeVar("T")
LOCK_LIFETIME = float(os.environ.get("TICKET_LOCK_LIFETIME") or 10)
# Rasa polls every second; a patient's second quick message should not wait that long.
POLL_SECONDS = 0.1


class AtomicRedisLockStore(RedisLockStore):
    """`endpoints.yml`: `lock_store: type: isobot.stores.lock_store.AtomicRedisLockStore`."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url or "localhost", **endpoint_config.kwargs)

    def _change(self, conversation_id: str, change: Callable[[TicketLock], T]) -> T:
        """Apply `change` to the conversation's lock in one transaction; an empty lock is
        deleted, so no key outlives its conversation's last message."""
        key = self.key_prefix + conversation_id

        def run(pipe) -> T:  # type: ignore[no-untyped-def]
            stored = pipe.get(key)
            lock = TicketLock.from_dict(json.loads(stored)) if stored else TicketLock(conversation_id)
            lock.remove_expired_tickets()
            result = change(lock)
            pipe.multi()
            if lock.tickets:
                pipe.set(key, lock.dumps())
            else:
                pipe.delete(key)
            return result

        result: T = self.red.transaction(run, key, value_from_callable=True)
        return result

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            return self._change(conversation_id, lambda lock: lock.issue_ticket(lock_lifetime))
        except Exception as error:
            raise LockError(f"Error while issuing a ticket: {error}") from error

    def _wait_turn(self, conversation_id: str, ticket: int, lifetime: float) -> tuple[int, bool]:
        """Refresh a waiting `ticket`; returns the caller's ticket number (a new one, at the back
        of the queue, if its ticket was lost) and whether it is now being served."""

        def refresh(lock: TicketLock) -> tuple[int, bool]:
            if not _extend(lock, ticket, lifetime):
                # Never re-insert a lost ticket in front: the message now served would share the
                # conversation with this one. Queue again instead.
                logger.warning("Lock ticket lost while waiting; queueing again.")
                return lock.issue_ticket(lifetime), False
            return ticket, lock.now_serving == ticket

        return self._change(conversation_id, refresh)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self._change(conversation_id, lambda lock: lock.remove_ticket_for(ticket_number))

    # Rasa's cleanup also deletes a lock nobody waits for; `_change` already does that.
    cleanup = finish_serving

    async def _hold(self, conversation_id: str, ticket: int, lifetime: float) -> None:
        """Keep the served ticket alive while its message is processed."""
        while True:
            await asyncio.sleep(lifetime / 3)
            try:
                self._change(conversation_id, lambda lock: _extend(lock, ticket, lifetime))
            except Exception as error:  # the next refresh may succeed; the lifetime covers one miss
                logger.warning("Could not refresh a held lock ticket: %s", type(error).__name__)

    @asynccontextmanager
    async def lock(
        self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME, wait_time_in_seconds: float = POLL_SECONDS
    ) -> AsyncGenerator[TicketLock, None]:
        ticket = self.issue_ticket(conversation_id, lock_lifetime)
        holder = None
        try:
            while True:
                ticket, served = self._wait_turn(conversation_id, ticket, lock_lifetime)
                if served:
                    break
                await asyncio.sleep(min(wait_time_in_seconds, POLL_SECONDS))
            holder = asyncio.create_task(self._hold(conversation_id, ticket, lock_lifetime))
            yield TicketLock(conversation_id, deque([Ticket(ticket, time.time() + lock_lifetime)]))
        finally:
            if holder is not None:
                holder.cancel()
                with suppress(asyncio.CancelledError):
                    await holder
            self.cleanup(conversation_id, ticket)


def _extend(lock: TicketLock, ticket: int, lifetime: float) -> bool:
    own = next((t for t in lock.tickets if t.number == ticket), None)
    if own is not None:
        own.expires = time.time() + lifetime
    return own is not None
