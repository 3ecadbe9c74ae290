"""Faults injected into real processes: the patient is told, nothing is lost, service resumes.

One dedicated stack (its own SQLite file, action server and Rasa server) so that stopping,
hanging or restarting its parts never disturbs the other tests.
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from isobot.channels.turn import apology_text
from isobot.content.service import notice
from tests import servers
from tests.conftest import Chat

HEALTH = "/webhooks/health/ready"


class FaultStack:
    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.db = workdir / "faults.db"
        self.db_url = f"sqlite:///{self.db}"
        self.env = servers.base_env(DB_URL=self.db_url)
        self.actions = servers.start_action_server(workdir, self.env)
        self.rasa = servers.start_rasa_server(workdir, self.env, self.actions.url, self.db_url)

    def restart_rasa(self) -> None:
        self.rasa.stop()
        self.rasa = servers.start_rasa_server(self.workdir, self.env, self.actions.url, self.db_url)

    def chat(self) -> Chat:
        return Chat(self.rasa.url)

    def health(self) -> httpx.Response:
        return httpx.get(f"{self.rasa.url}{HEALTH}", timeout=15)

    def events(self, sender: str) -> list[dict]:
        with sa.create_engine(self.db_url).connect() as connection:
            return [
                json.loads(row.data)
                for row in connection.execute(
                    sa.text("SELECT data FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender}
                )
            ]

    def tracker_slots(self, sender: str) -> dict:
        reply = httpx.get(
            f"{self.rasa.url}/conversations/{sender}/tracker", params={"token": servers.API_TOKEN}, timeout=15
        )
        assert reply.status_code == 200, reply.text
        return reply.json()["slots"]

    def stop(self) -> None:
        self.rasa.stop()
        self.actions.stop()


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    stack = FaultStack(tmp_path_factory.mktemp("faults"))
    yield stack
    stack.stop()


class database_away:
    """The SQLite file replaced by a directory: every open fails, as with a dead database."""

    def __init__(self, db: Path) -> None:
        self.db, self.away = db, db.with_suffix(".away")

    def __enter__(self) -> None:
        self.db.rename(self.away)
        self.db.mkdir()

    def __exit__(self, *_exc) -> None:
        self.db.rmdir()
        self.away.rename(self.db)


class action_server_frozen:
    """SIGSTOP: the port still accepts connections but nothing answers, as with a hung server."""

    def __init__(self, service: servers.Service) -> None:
        self.group = os.getpgid(service.process.pid)

    def __enter__(self) -> None:
        os.killpg(self.group, signal.SIGSTOP)

    def __exit__(self, *_exc) -> None:
        os.killpg(self.group, signal.SIGCONT)


def timed(chat: Chat, message: str) -> tuple[list[str], float]:
    started = time.monotonic()
    texts = chat.texts(message)
    return texts, time.monotonic() - started


def test_a_hung_action_server_gets_the_apology_within_5_seconds(stack):
    chat = stack.chat()
    with action_server_frozen(stack.actions):
        texts, seconds = timed(chat, "how common is back pain on accutane?")
        emergency, emergency_seconds = timed(stack.chat(), "i cant feel my legs and i wet myself")
    assert texts == [apology_text()] and seconds < 5
    assert "911" in emergency[0] and emergency_seconds < 5


def test_an_action_server_that_refuses_gets_the_apology(stack, catalogue):
    wrong_token = servers.start_action_server(
        stack.workdir, {**stack.env, "ACTION_SERVER_TOKEN": servers.wrong_secret()}
    )
    try:
        refusing = servers.start_rasa_server(stack.workdir, stack.env, wrong_token.url, stack.db_url)
        try:
            texts, seconds = timed(Chat(refusing.url), "how common is back pain on accutane?")
        finally:
            refusing.stop()
    finally:
        wrong_token.stop()
    assert texts == [apology_text()] and seconds < 5
    assert "Bot will continue" in refusing.log.read_text()  # the failure is in the log, not silent


def test_tracker_database_down_then_back_without_a_restart(stack, catalogue):
    before = stack.chat()
    assert before.said("how does isotretinoin cause back pain?").startswith(catalogue.answers["causes_overview"].text)
    stored_before = stack.events(before.conversation)

    with database_away(stack.db):
        assert before.texts("tell me more") == [notice("temporarily_unavailable")]
        emergency = stack.chat().texts("i cant feel my legs and i wet myself")
        health = stack.health()
    assert "911" in emergency[0] and emergency[-1] == notice("temporarily_unavailable")
    assert health.status_code == 503 and health.json()["checks"]["tracker_store"]["ok"] is False
    assert "Tracker store unavailable" in stack.rasa.log.read_text()

    assert stack.health().status_code == 200
    # No in-memory fallback took the conversation: it continues from what was stored before.
    more_id = catalogue.answers["causes_overview"].more
    assert before.said("tell me more") == catalogue.answers[more_id].text
    assert stack.events(before.conversation)[: len(stored_before)] == stored_before


def test_a_spanish_red_flag_escalates_in_spanish_with_the_tracker_database_down(stack, catalogue):
    spanish = (
        catalogue.escalations["cauda_equina"].translations["es"].text.format(**catalogue.region_numbers(None, "es"))
    )
    with database_away(stack.db):
        texts = stack.chat().texts("no siento las nalgas y me orino encima")
    assert texts[0] == spanish and texts[-1] == notice("temporarily_unavailable", "es")


def test_a_restart_between_two_messages_loses_nothing(stack, catalogue):
    chat = stack.chat()
    assert chat.said("what about the bone one?").startswith(catalogue.answers["cause_bone_density"].text)
    slots_before = stack.tracker_slots(chat.conversation)
    stored_before = stack.events(chat.conversation)

    stack.restart_rasa()
    chat = Chat(stack.rasa.url, sender=chat.sender)  # the same patient, on the new process

    assert stack.tracker_slots(chat.conversation) == slots_before
    more_id = catalogue.answers["cause_bone_density"].more
    assert chat.said("tell me more") == catalogue.answers[more_id].text
    stored_after = stack.events(chat.conversation)
    assert stored_after[: len(stored_before)] == stored_before
    assert [e["text"] for e in stored_after if e["event"] == "user"] == ["what about the bone one?", "tell me more"]
