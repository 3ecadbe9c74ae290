"""Browser tests: the real action and Rasa servers (shared with the rest of the suite through
tests/conftest.py), the web server on a free port, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests import servers
from tests.web.browser import AXE, CHROMIUM, CHROMIUM_ARGS, ROOT, STAFF_PASSWORD


def start_web(workdir: Path, env: dict[str, str], rasa_url: str) -> servers.Service:
    """web/server.py on a free port in front of `rasa_url` (which need not be up for staff logins)."""
    port = servers.free_port()
    log = workdir / f"web-{port}.log"
    env = {**env, "RASA_URL": rasa_url, "RASA_API_TOKEN": servers.API_TOKEN, "STAFF_PASSWORD": STAFF_PASSWORD}
    process = subprocess.Popen(
        [sys.executable, "web/server.py", "--port", str(port), "--bind", "127.0.0.1"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    service = servers.Service(process, f"http://127.0.0.1:{port}", log)
    servers._wait(
        lambda: httpx.get(f"{service.url}/widget/config", timeout=2).status_code == 200, service, "web server"
    )
    return service


@pytest.fixture(scope="session")
def web_server(service_dir, service_env, rasa_server, db_url):
    service = start_web(service_dir, {**service_env, "DB_URL": db_url}, rasa_server.url)
    yield service
    service.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make web-deps` (apt-get install chromium).")
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make web-deps` (npm ci in web/).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def context(browser):
    made = browser.new_context(viewport={"width": 1280, "height": 800})
    made.set_default_timeout(30_000)
    yield made
    made.close()


@pytest.fixture
def page(context):
    return context.new_page()
