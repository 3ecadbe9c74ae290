"""`make run` keeps serving when a part fails, and exposes no secret or conversation to other users.

Each test acts as an operator or an attacker on the box would: kill -9, SIGSTOP, a service that
cannot start, `ps`/proc, file modes. Red flags must always get their escalation at once.
Measured figures are printed (pytest -s) and quoted in the README's operations section.
"""

from __future__ import annotations

import signal
import stat
import statistics
import threading
import time

import httpx
import pytest

from isobot.channels.conversation_ids import REST, conversation_id
from isobot.channels.turn import apology_text
from isobot.staff.privacy import hash_conversation_id
from tests.conftest import Chat

pytestmark = pytest.mark.supervision

EMERGENCY = "i cant feel my legs and i wet myself"
INFO = "how common is back pain on accutane?"


def timed_texts(chat: Chat, message: str) -> tuple[list[str], float]:
    started = time.monotonic()
    texts = chat.texts(message)
    return texts, time.monotonic() - started


def escalated(texts: list[str]) -> bool:
    return bool(texts) and texts[0].startswith("**") and "911" in texts[0]


def answered_info(texts: list[str]) -> bool:
    return bool(texts) and texts != [apology_text()] and "side effect" in " ".join(texts)


class KeepAsking(threading.Thread):
    """Asks Rasa (a red flag) and the web page every 0.25 s, recording every failure: neither
    may stop answering while another service is killed."""

    def __init__(self, stack) -> None:
        super().__init__(daemon=True)
        self.stack, self.asked = stack, 0
        self.failures: list[str] = []
        self.done = threading.Event()

    def run(self) -> None:
        chat = Chat(self.stack.rasa)
        while not self.done.is_set():
            try:
                if not escalated(chat.texts(EMERGENCY)):
                    self.failures.append("rasa: no escalation")
                if httpx.get(f"{self.stack.web}/", timeout=5).status_code != 200:
                    self.failures.append("web: not 200")
            except (httpx.HTTPError, AssertionError) as error:
                self.failures.append(f"{type(error).__name__}: {error}")
            self.asked += 1
            self.done.wait(0.25)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.done.set()
        self.join(timeout=30)


def test_no_secret_is_on_any_command_line(make_run):
    secrets = {path.name: path.read_text().strip() for path in (make_run.data_dir / "secrets").iterdir()}
    assert {"RASA_API_TOKEN", "RASA_JWT_SECRET", "STAFF_PASSWORD", "ACTION_SERVER_TOKEN"} <= set(secrets)
    command_lines = {}
    for pid in make_run.session_pids():
        try:
            command_lines[pid] = open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ").decode()
        except OSError:
            continue  # exited meanwhile
    for name, value in secrets.items():
        leaking = [line for line in command_lines.values() if value in line]
        assert not leaking, f"{name} is readable in /proc/<pid>/cmdline: {leaking}"
    started = " | ".join(command_lines.values())
    for expected in ("supervisord", "isobot.serve", "rasa_sdk", "web/server.py", "crash_watch.py"):
        assert expected in started, f"{expected} not among the processes make run started: {started}"


def test_var_the_database_and_the_logs_are_private_even_if_they_were_not(make_run):
    # The fixture left var/ 755 and rasa.db, logs/web.log 644, as older versions made them.
    make_run.rasa_answers()
    data = make_run.data_dir
    for folder in (data, data / "logs", data / "secrets", data / "run"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    files = [p for p in data.rglob("*") if p.is_file()]
    assert data / "rasa.db" in files and data / "logs" / "web.log" in files and data / "logs" / "rasa.log" in files
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, f"{path} is readable by others"


def test_a_frozen_action_server_delays_no_escalation_and_loses_none(make_run):
    before = len(make_run.escalation_rows())
    senders = []
    make_run.signal("actions", signal.SIGSTOP)
    try:
        for _ in range(5):
            chat = Chat(make_run.rasa)
            senders.append(chat.sender)
            texts, seconds = timed_texts(chat, EMERGENCY)
            assert escalated(texts) and seconds < 1, (texts, seconds)
        time.sleep(1)
        assert len(make_run.escalation_rows()) == before  # its logger is frozen with it
    finally:
        make_run.signal("actions", signal.SIGCONT)
    make_run.wait_until(lambda: len(make_run.escalation_rows()) >= before + 5, 15, "the five escalations logged")
    time.sleep(2)  # a second look: logged once, not again
    logged = [row.conversation for row in make_run.escalation_rows()[before:]]
    assert sorted(logged) == sorted(hash_conversation_id(conversation_id(REST, s)) for s in senders)


def test_killing_the_action_server(make_run, capsys):
    with KeepAsking(make_run) as asking:
        old = make_run.signal("actions", signal.SIGKILL)
        killed = time.monotonic()
        texts, seconds = timed_texts(Chat(make_run.rasa), INFO)
        assert texts == [apology_text()] or answered_info(texts)  # the apology, or already back
        if texts == [apology_text()]:
            assert seconds < 1 and "emergency number" in texts[0]
        assert escalated(Chat(make_run.rasa).texts(EMERGENCY))
        make_run.wait_until(
            lambda: make_run.pid("actions") not in (0, old) and make_run.actions_answer(), 10, "the action server back"
        )
        back = time.monotonic() - killed
        make_run.wait_until(lambda: answered_info(Chat(make_run.rasa).texts(INFO)), 10, "information answers again")
        time.sleep(1)
    assert asking.asked > 3 and asking.failures == []
    assert "actions exited unexpectedly" in make_run.terminal()
    with capsys.disabled():
        print(
            f"\n[figures] action server back {back:.1f} s after kill -9; "
            f"Rasa and the web page answered {asking.asked} times meanwhile, 0 failures"
        )


def test_killing_the_web_server_then_rasa(make_run, catalogue, capsys):
    chat = Chat(make_run.rasa)
    assert chat.said("what about the bone one?").startswith(catalogue.answers["cause_bone_density"].text)

    old_web = make_run.signal("web", signal.SIGKILL)
    killed = time.monotonic()
    assert escalated(Chat(make_run.rasa).texts(EMERGENCY))  # Rasa does not notice
    make_run.wait_until(
        lambda: make_run.pid("web") not in (0, old_web) and make_run.web_answers(), 30, "the web page back"
    )
    web_back = time.monotonic() - killed

    old_rasa = make_run.signal("rasa", signal.SIGKILL)
    killed = time.monotonic()
    make_run.wait_until(
        lambda: make_run.pid("rasa") not in (0, old_rasa) and make_run.rasa_answers(), 240, "the Rasa server back"
    )
    rasa_back = time.monotonic() - killed
    # The same patient, on the new process: the conversation continues from SQLite.
    more = catalogue.answers["cause_bone_density"].more
    assert Chat(make_run.rasa, sender=chat.sender).said("tell me more") == catalogue.answers[more].text
    terminal = make_run.terminal()
    assert "web exited unexpectedly" in terminal and "rasa exited unexpectedly" in terminal
    with capsys.disabled():
        print(
            f"\n[figures] web page back {web_back:.1f} s after kill -9; "
            f"Rasa answering again {rasa_back:.1f} s after kill -9"
        )


def test_escalation_latency_is_the_same_with_the_action_server_healthy_hung_or_dead(make_run, capsys):
    def median_of_20() -> float:
        times = []
        for _ in range(20):
            texts, seconds = timed_texts(Chat(make_run.rasa), EMERGENCY)
            assert escalated(texts)
            times.append(seconds)
        return statistics.median(times)

    make_run.wait_until(make_run.actions_answer, 15, "the action server up")
    for _ in range(10):  # warm up: the Rasa server may have just been restarted by another test
        Chat(make_run.rasa).texts(EMERGENCY)
    healthy = median_of_20()
    make_run.signal("actions", signal.SIGSTOP)
    try:
        hung = median_of_20()
    finally:
        make_run.signal("actions", signal.SIGCONT)
    make_run.ctl("stop", "actions")
    try:
        with pytest.raises(httpx.HTTPError):
            httpx.get(f"{make_run.actions}/health", timeout=2)
        dead = median_of_20()
        texts, info_seconds = timed_texts(Chat(make_run.rasa), INFO)
        assert texts == [apology_text()] and info_seconds < 1 and "emergency number" in texts[0]
    finally:
        make_run.ctl("start", "actions")
    with capsys.disabled():
        print(
            f"\n[figures] escalation median of 20: healthy {healthy * 1000:.0f} ms, hung {hung * 1000:.0f} ms "
            f"({hung / healthy:.2f}x), dead {dead * 1000:.0f} ms ({dead / healthy:.2f}x); "
            f"information question with the action server refusing: apology in {info_seconds * 1000:.0f} ms"
        )
    assert hung < 1 and dead < 1
    assert hung / healthy < 2 and dead / healthy < 2
