"""Which tests are unit tests: markers put on from what a test uses, and a tripwire for the rest.

`make test-fast` deselects integration, browser, scale and supervision. A test gets those marks
from the directory it lives in or from the fixtures it uses (the whole fixture closure, so a new
fixture built on `rasa_server` is covered without a word). What no mark catches, the tripwire
does: a test left in the fast set that reaches a server it did not start in-process, runs a
Rasa or service command, or loads a trained model fails and says which mark it needs.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import subprocess
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

SLOW_MARKS = ("integration", "browser", "scale", "supervision")

# Fixtures that start a real server or stack. Anything depending on one, however indirectly,
# is an integration test.
SERVER_FIXTURES = frozenset(
    {
        "action_server",
        "rasa_server",
        "rasa_without_actions",
        "chat",  # tests/conftest.py
        "channel_rasa",
        "platform_api",  # tests/channels/
        "web_server",  # tests/web/
        "redis_port",  # tests/test_lock_store.py
        "scaled_stack",  # tests/scale/
        "make_run",
        "crash_looping",  # tests/supervision/
    }
)
BROWSER_FIXTURES = frozenset({"browser", "context", "page"})
DIRECTORY_MARKS = {"integration": "integration", "scale": "scale", "supervision": "supervision"}

# Commands a unit test may not run: they start services or Rasa itself (tens of seconds each).
_SERVICE_COMMANDS = ("rasa", "redis-server", "nginx", "postgres", "pg_ctl", "supervisord")
_SERVICE_SCRIPTS = ("web/server.py", "scripts/run", "scripts/scaled/")


def marks_for(test_dirs: Iterable[str], fixture_names: Iterable[str]) -> set[str]:
    """The slow marks a test earns from the directories it sits in and the fixtures it uses."""
    fixtures = set(fixture_names)
    marks = {DIRECTORY_MARKS[d] for d in test_dirs if d in DIRECTORY_MARKS}
    if fixtures & SERVER_FIXTURES:
        marks.add("integration")
    if fixtures & BROWSER_FIXTURES:
        marks |= {"browser", "integration"}
    return marks


class NotAUnitTest(AssertionError):
    """A test without a slow mark did something only integration tests do."""


def _fail(what: str) -> NotAUnitTest:
    return NotAUnitTest(
        f"{what}: this is not a unit test. Use a server fixture or mark it "
        "@pytest.mark.integration (tests/markers.py), so `make test-fast` leaves it out."
    )


def _is_loopback(address: Any) -> bool:
    if not isinstance(address, tuple) or not address:
        return False
    host = address[0]
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _command_words(args: Any) -> list[str]:
    if isinstance(args, (str, bytes, os.PathLike)):
        return [os.fsdecode(args)]
    return [os.fsdecode(a) for a in args]


def starts_service(args: Any) -> bool:
    """Whether a command line starts a service or Rasa (what a unit test must not run)."""
    words = _command_words(args)
    if not words:
        return False
    if os.path.basename(words[0]) in _SERVICE_COMMANDS or (os.path.basename(words[0]) == "make" and "run" in words):
        return True
    return any(script in word for word in words for script in _SERVICE_SCRIPTS)


class _Patches:
    """Attributes replaced on classes, put back exactly (inherited ones are removed again)."""

    def __init__(self) -> None:
        self._saved: list[tuple[Any, str, Any]] = []

    def set(self, owner: Any, name: str, value: Any) -> None:
        self._saved.append((owner, name, vars(owner).get(name, _MISSING)))
        setattr(owner, name, value)

    def undo(self) -> None:
        for owner, name, original in reversed(self._saved):
            if original is _MISSING:
                delattr(owner, name)
            else:
                setattr(owner, name, original)
        self._saved.clear()


_MISSING = object()


@contextmanager
def unit_test_guard() -> Iterator[None]:
    """While active: connecting to a loopback port this process did not bind, starting a service
    command, or loading a Rasa model (when Rasa is imported at all) raises NotAUnitTest."""
    own_ports: set[int] = set()
    original_bind, original_connect = socket.socket.bind, socket.socket.connect
    original_popen_init = subprocess.Popen.__init__

    def bind(self: socket.socket, address: Any) -> None:
        original_bind(self, address)
        name = self.getsockname()
        if isinstance(name, tuple):
            own_ports.add(name[1])

    def connect(self: socket.socket, address: Any) -> None:
        original_connect(self, address)  # only a connection that succeeded is a server reached
        if _is_loopback(address) and address[1] not in own_ports:
            raise _fail(f"connected to a server on port {address[1]} that the test did not start in-process")

    def popen_init(self: subprocess.Popen[Any], args: Any, *rest: Any, **kwargs: Any) -> None:
        if starts_service(args):
            raise _fail(f"ran {' '.join(_command_words(args))[:120]!r}")
        original_popen_init(self, args, *rest, **kwargs)

    def load(*args: Any, **kwargs: Any) -> Any:
        raise _fail("loaded a trained Rasa model")

    patches = _Patches()
    patches.set(socket.socket, "bind", bind)
    patches.set(socket.socket, "connect", connect)
    patches.set(subprocess.Popen, "__init__", popen_init)
    agent = sys.modules.get("rasa.core.agent")  # importing Rasa here would cost the fast run seconds
    if agent is not None:
        patches.set(agent.Agent, "load", load)
    try:
        yield
    finally:
        patches.undo()
