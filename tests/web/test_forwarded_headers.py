"""X-Forwarded-Proto, -Host and -For are believed only from loopback (our own proxy). A client
that reaches the web server directly cannot claim HTTPS, another host or another address.

The web server listens on this machine's own non-loopback address, and the test calls it there."""

from __future__ import annotations

import socket
import subprocess
import sys

import httpx
import pytest

from tests import servers
from tests.web.browser import ROOT, STAFF_PASSWORD
from web import staff_sessions

# Starts web/server.py for each test (its own fixture).
pytestmark = pytest.mark.integration


def own_address() -> str | None:
    """This machine's address on its default route (no packet is sent), if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


@pytest.fixture
def direct_web(tmp_path):
    address = own_address()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address to serve on")
    port = servers.free_port()
    log = tmp_path / "web.log"
    env = {
        **servers.base_env(),
        "RASA_URL": f"http://127.0.0.1:{servers.free_port()}",
        "RASA_API_TOKEN": servers.API_TOKEN,
        "STAFF_PASSWORD": STAFF_PASSWORD,
    }
    process = subprocess.Popen(
        [sys.executable, "web/server.py", "--port", str(port), "--bind", address],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    service = servers.Service(process, f"http://{address}:{port}", log)
    servers._wait(
        lambda: httpx.get(f"{service.url}/widget/config", timeout=2).status_code == 200, service, "web server"
    )
    yield service
    service.stop()


def test_forwarded_headers_from_a_direct_client_are_ignored(direct_web):
    forged = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "clinic.example", "X-Forwarded-For": "198.51.100.9"}
    # Claiming the https origin of another host does not pass the Origin check...
    claimed = httpx.post(
        direct_web.url + "/staff/login",
        json={"password": STAFF_PASSWORD},
        headers={**forged, "Origin": "https://clinic.example"},
    )
    assert claimed.status_code == 403
    # ...and from its real origin it logs in, without Secure (it spoke plain HTTP).
    real = httpx.post(
        direct_web.url + "/staff/login", json={"password": STAFF_PASSWORD}, headers={**forged, "Origin": direct_web.url}
    )
    assert real.status_code == 200
    assert real.headers["set-cookie"].startswith(staff_sessions.COOKIE) and "Secure" not in real.headers["set-cookie"]
    # A failure is counted (and logged) against the address it really came from.
    httpx.post(
        direct_web.url + "/staff/login",
        json={"password": servers.wrong_secret()},
        headers={**forged, "Origin": direct_web.url},
    )
    host = direct_web.url.split("//")[1].rsplit(":", 1)[0]
    assert f"client {host}, 1 failures" in direct_web.log.read_text(errors="replace")
