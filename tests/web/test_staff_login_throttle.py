"""Staff login: 5 wrong passwords per client address or per account, then a wait that grows;
failures logged without what was typed; an operator's short STAFF_PASSWORD refused at start.

Each test starts its own web server (the per-account count is shared by every client of a
server) in front of no Rasa at all: a login never reaches Rasa. Client addresses are set with
X-Forwarded-For, which the web server believes from loopback (as from our own proxy)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests import servers
from tests.web.browser import ROOT, STAFF_PASSWORD
from tests.web.conftest import start_web
from web import login_throttle

# Starts web/server.py (lone_web and the short-password cases).
pytestmark = pytest.mark.integration

GUESSES = 200


@pytest.fixture
def lone_web(tmp_path):
    service = start_web(tmp_path, servers.base_env(), f"http://127.0.0.1:{servers.free_port()}")
    yield service
    service.stop()


def login(web, password: str, address: str) -> httpx.Response:
    return httpx.post(
        web.url + "/staff/login",
        json={"password": password},
        headers={"Origin": web.url, "X-Forwarded-For": address},
        timeout=30,
    )


def guess_at_once(web, passwords: list[str], addresses: list[str]) -> list[httpx.Response]:
    async def guesses() -> list[httpx.Response]:
        async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=GUESSES)) as client:
            return await asyncio.gather(
                *(
                    client.post(
                        web.url + "/staff/login",
                        json={"password": p},
                        headers={"Origin": web.url, "X-Forwarded-For": a},
                    )
                    for p, a in zip(passwords, addresses)
                )
            )

    # In a thread of its own: Playwright's sync API (the browser tests) keeps an event loop
    # running in this one.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, guesses()).result()


def test_parallel_password_guesses_get_five_tries_then_a_growing_wait(lone_web):
    guesses = [servers.wrong_secret() for _ in range(GUESSES)]
    replies = guess_at_once(lone_web, guesses, ["203.0.113.60"] * GUESSES)
    statuses = sorted(r.status_code for r in replies)
    assert statuses.count(401) == login_throttle.FREE_FAILURES
    assert statuses.count(429) == GUESSES - login_throttle.FREE_FAILURES
    waits = {int(r.headers["Retry-After"]) for r in replies if r.status_code == 429}
    assert 0 < max(waits) <= login_throttle.FIRST_DELAY_SECONDS

    time.sleep(login_throttle.FIRST_DELAY_SECONDS + 0.2)
    assert login(lone_web, servers.wrong_secret(), "203.0.113.60").status_code == 401  # one more try...
    # ...then twice the wait, during which even the right password is not looked at.
    refused = login(lone_web, STAFF_PASSWORD, "203.0.113.60")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > login_throttle.FIRST_DELAY_SECONDS
    assert "set-cookie" not in refused.headers


def test_guesses_from_many_addresses_meet_the_account_wait(lone_web):
    for n in range(login_throttle.FREE_FAILURES):
        assert login(lone_web, servers.wrong_secret(), f"198.51.100.{n + 1}").status_code == 401
    refused = login(lone_web, servers.wrong_secret(), "198.51.100.200")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1


def test_failed_logins_are_logged_without_the_password(lone_web):
    guess = servers.wrong_secret()
    assert login(lone_web, guess, "203.0.113.61").status_code == 401
    log = lone_web.log.read_text(errors="replace")
    assert "Staff login failed (account staff, client 203.0.113.61, 1 failures in a row)" in log
    assert guess not in log and STAFF_PASSWORD not in log


def test_the_login_page_says_how_long_to_wait(lone_web, page):
    for _ in range(login_throttle.FREE_FAILURES):
        login(lone_web, servers.wrong_secret(), "127.0.0.1")
    page.goto(lone_web.url + "/staff/login")
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    notice = page.get_by_role("alert")
    notice.wait_for()
    assert notice.inner_text().startswith("Too many wrong passwords. Please wait")
    assert page.url.endswith("/staff/login") and not page.context.cookies()


@pytest.mark.parametrize("password", ["", "short", "fifteen-chars!!"])
def test_a_short_operator_password_stops_the_web_server(password):
    env = {**servers.base_env(), "RASA_API_TOKEN": servers.API_TOKEN, "STAFF_PASSWORD": password}
    done = subprocess.run(
        [sys.executable, "web/server.py", "--port", str(servers.free_port())],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert ("at least 16 characters" in done.stderr) or (not password and "STAFF_PASSWORD must be set" in done.stderr)
    assert not password or password not in done.stderr
