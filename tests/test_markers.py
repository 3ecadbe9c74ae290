"""tests/markers.py: what keeps a server-starting test out of `make test-fast`."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from tests.markers import NotAUnitTest, marks_for, starts_service, unit_test_guard


def test_a_test_on_a_server_fixture_or_in_a_slow_directory_is_marked():
    assert marks_for((), ["tmp_path", "rasa_server"]) == {"integration"}
    assert marks_for(("web",), ["page"]) == {"browser", "integration"}
    assert marks_for(("scale",), []) == {"scale"}
    assert marks_for(("safety",), ["detector", "catalogue"]) == set()


def _listening() -> socket.socket:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    return server


def test_a_unit_test_that_reaches_a_server_it_did_not_start_fails():
    elsewhere = _listening()  # opened before the guard: stands for a server in another process
    try:
        with unit_test_guard(), socket.socket() as client:
            with pytest.raises(NotAUnitTest, match="mark it @pytest.mark.integration"):
                client.connect(elsewhere.getsockname())
    finally:
        elsewhere.close()


def test_a_server_the_test_starts_in_process_is_allowed():
    with unit_test_guard():
        server = _listening()
        with server, socket.socket() as client:
            client.connect(server.getsockname())


def test_starting_rasa_or_the_web_server_fails_but_other_commands_run():
    with unit_test_guard():
        with pytest.raises(NotAUnitTest):
            subprocess.Popen(["rasa", "run", "--enable-api"])
        with pytest.raises(NotAUnitTest):
            subprocess.run([sys.executable, "web/server.py", "--port", "1"])
        assert subprocess.run([sys.executable, "-c", "print('ok')"], capture_output=True, text=True).stdout == "ok\n"
    assert starts_service(["make", "run"]) and not starts_service(["make", "-s", "forget", "SENDER=x"])
