"""Shared fixtures: content, the detector, and real servers started once per test session."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
import pytest

from isobot import settings
from isobot.channels.conversation_ids import REST, conversation_id
from isobot.content.catalogue import load_catalogue
from isobot.safety.detector import RedFlagDetector
from tests import markers, servers
from tests.receiver import Receiver

TESTS = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    """Marks from where a test lives and what it uses: `make test-fast` deselects them."""
    for item in items:
        for mark in sorted(markers.marks_for(item.path.relative_to(TESTS).parts[:-1], item.fixturenames)):
            item.add_marker(mark)


def _unit(item) -> bool:
    return not any(item.get_closest_marker(mark) for mark in markers.SLOW_MARKS)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    if not _unit(item):
        yield
        return
    with markers.unit_test_guard():
        yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    if not _unit(item):
        yield
        return
    with markers.unit_test_guard():
        yield


@pytest.fixture(scope="session")
def catalogue():
    return load_catalogue(settings.ANSWERS, settings.ESCALATIONS, settings.ARTICLE)


@pytest.fixture(scope="session")
def detector():
    return RedFlagDetector.from_paths(settings.SPACY_PIPELINE, settings.RED_FLAG_RULES)


@pytest.fixture(scope="session")
def service_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("services")


@pytest.fixture(scope="session")
def db_url(service_dir):
    return f"sqlite:///{service_dir / 'rasa.db'}"


@pytest.fixture(scope="session")
def staff_webhook():
    receiver = Receiver()
    yield receiver
    receiver.close()


@pytest.fixture(scope="session")
def service_env(db_url, staff_webhook):
    return servers.base_env(DB_URL=db_url, STAFF_WEBHOOK_URL=staff_webhook.url)


@pytest.fixture(scope="session")
def action_server(service_dir, service_env):
    service = servers.start_action_server(service_dir, service_env)
    yield service
    service.stop()


@pytest.fixture(scope="session")
def rasa_server(service_dir, service_env, action_server, db_url):
    service = servers.start_rasa_server(service_dir, service_env, action_server.url, db_url)
    yield service
    service.stop()


@pytest.fixture(scope="session")
def rasa_without_actions(service_dir, service_env, db_url):
    """A Rasa server whose action server is not running at all (socket.io on, for its tests)."""
    dead = f"http://127.0.0.1:{servers.free_port()}"
    env = {**service_env, "SOCKETIO_SESSION_SECRET": servers.run_secret("SOCKETIO_SESSION_SECRET")}
    service = servers.start_rasa_server(service_dir, env, dead, db_url)
    yield service
    service.stop()


class Chat:
    """One patient's conversation over the REST channel."""

    def __init__(self, base_url: str, sender: str | None = None) -> None:
        self.url = f"{base_url}/webhooks/rest/webhook"
        self.sender = sender or f"test-{uuid.uuid4().hex[:12]}"
        self.conversation = conversation_id(REST, self.sender)  # the id Rasa stores it under

    def send(self, message: str) -> list[dict]:
        reply = httpx.post(self.url, json={"sender": self.sender, "message": message}, timeout=60)
        assert reply.status_code == 200, reply.text
        return reply.json()

    def texts(self, message: str) -> list[str]:
        return [m.get("text", "") for m in self.send(message)]

    def said(self, message: str) -> str:
        """Everything the bot replied, as one text (the REST channel splits paragraphs)."""
        return "\n\n".join(self.texts(message))


@pytest.fixture
def chat(rasa_server):
    return Chat(rasa_server.url)
