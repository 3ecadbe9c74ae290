"""isobot/stores/lock_store.py against a real Redis (started by the project's own script)."""

from __future__ import annotations

import asyncio
import subprocess
import threading
import time
import uuid

import pytest
from rasa.core.lock_store import RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from isobot.stores.lock_store import AtomicRedisLockStore
from tests import servers

REDIS_SCRIPT = servers.ROOT / "scripts" / "scaled" / "redis.sh"


@pytest.fixture(scope="module")
def redis_port(tmp_path_factory):
    run_dir = tmp_path_factory.mktemp("redis")
    port = servers.free_port()
    subprocess.run([str(REDIS_SCRIPT), "start", str(run_dir), str(port)], check=True)
    yield port
    subprocess.run([str(REDIS_SCRIPT), "stop", str(run_dir)], check=True)


@pytest.fixture
def store(redis_port):
    return AtomicRedisLockStore(EndpointConfig(url="127.0.0.1", port=redis_port))


def conversation() -> str:
    return f"lock-{uuid.uuid4().hex}"


async def hold(store, conversation_id, seconds, log, name, lifetime=10.0):
    async with store.lock(conversation_id, lock_lifetime=lifetime):
        log.append(("in", name, time.monotonic()))
        await asyncio.sleep(seconds)
        log.append(("out", name, time.monotonic()))


def test_messages_of_one_conversation_take_turns_in_arrival_order(store):
    conversation_id, log = conversation(), list[tuple[str, str, float]]()

    async def three_messages():
        tasks = []
        for name in ("first", "second", "third"):
            tasks.append(asyncio.create_task(hold(store, conversation_id, 0.2, log, name)))
            await asyncio.sleep(0.02)
        await asyncio.gather(*tasks)

    asyncio.run(three_messages())

    assert [(kind, name) for kind, name, _ in log] == [
        ("in", "first"),
        ("out", "first"),
        ("in", "second"),
        ("out", "second"),
        ("in", "third"),
        ("out", "third"),
    ]
    assert store.red.get(store.key_prefix + conversation_id) is None  # nothing left behind


def test_a_crashed_process_blocks_its_conversation_only_for_the_lifetime(store):
    conversation_id, log = conversation(), list[tuple[str, str, float]]()
    store.issue_ticket(conversation_id, lock_lifetime=1.0)  # taken, then the process died

    started = time.monotonic()
    asyncio.run(asyncio.wait_for(hold(store, conversation_id, 0, log, "retry", lifetime=1.0), 10))

    waited = log[0][2] - started
    assert 0.8 < waited < 2.0, waited


def test_rasa_own_redis_store_hangs_in_the_same_case_which_is_why_we_replace_it(redis_port):
    """Documents the Rasa 3.6 fault: the dead ticket and the waiter's both expire between two
    1 s polls, and the waiter never gets the lock. If this starts passing after a Rasa upgrade,
    Rasa's store may be usable again."""
    rasa_store = RedisLockStore(host="127.0.0.1", port=redis_port)
    conversation_id = conversation()
    rasa_store.issue_ticket(conversation_id, lock_lifetime=1.0)

    async def retry():
        async with rasa_store.lock(conversation_id, lock_lifetime=1.0):
            pass

    with pytest.raises(asyncio.TimeoutError):
        asyncio.run(asyncio.wait_for(retry(), 4))


def test_a_message_working_longer_than_the_lifetime_keeps_its_conversation(store):
    conversation_id, log = conversation(), list[tuple[str, str, float]]()

    async def slow_then_quick():
        slow = asyncio.create_task(hold(store, conversation_id, 1.5, log, "slow", lifetime=0.6))
        await asyncio.sleep(0.05)
        await asyncio.gather(slow, hold(store, conversation_id, 0, log, "quick", lifetime=0.6))

    asyncio.run(slow_then_quick())

    assert [(kind, name) for kind, name, _ in log] == [
        ("in", "slow"),
        ("out", "slow"),
        ("in", "quick"),
        ("out", "quick"),
    ]


def test_processes_queueing_on_one_conversation_at_once_never_overlap(redis_port):
    """Four stores in four threads, as four Rasa processes would, each with its own
    connection: Redis transactions keep every ticket, so no two messages are ever inside."""
    conversation_id, inside, most_inside = conversation(), [], []
    guard = threading.Lock()

    async def message(store):
        async with store.lock(conversation_id):
            with guard:
                inside.append(1)
                most_inside.append(len(inside))
            await asyncio.sleep(0.005)
            with guard:
                inside.pop()

    def process():
        store = AtomicRedisLockStore(EndpointConfig(url="127.0.0.1", port=redis_port))

        async def burst():
            await asyncio.gather(*(message(store) for _ in range(10)))

        asyncio.run(burst())

    threads = [threading.Thread(target=process) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert len(most_inside) == 40 and max(most_inside) == 1
