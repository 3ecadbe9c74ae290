"""Rate limits seen through the web server and the widget: the web server passes the patient's
address on to Rasa, and the widget shows Rasa's polite "please slow down" as a reply, not as
a connection error. A Rasa server with low limits and its own web server, started here."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest

from isobot.content.slow_down import slow_down_text
from tests import servers
from tests.web.browser import ROOT, STAFF_PASSWORD, Widget

CONVERSATION_BURST = 2
ADDRESS_BURST = 3
EMERGENCY = "I cannot feel my bottom and I wet myself"


@pytest.fixture(scope="module")
def limited_web(tmp_path_factory, action_server):
    workdir = tmp_path_factory.mktemp("limited-web")
    db_url = f"sqlite:///{workdir / 'rasa.db'}"
    env = servers.base_env(
        DB_URL=db_url,
        RATE_LIMIT_CONVERSATION_BURST=str(CONVERSATION_BURST),
        RATE_LIMIT_CONVERSATION_PER_MINUTE="0.1",
        RATE_LIMIT_IP_BURST=str(ADDRESS_BURST),
        RATE_LIMIT_IP_PER_MINUTE="0.1",
    )
    rasa = servers.start_rasa_server(workdir, env, action_server.url, db_url)
    port = servers.free_port()
    log = workdir / f"web-{port}.log"
    process = subprocess.Popen(
        [sys.executable, "web/server.py", "--port", str(port), "--bind", "127.0.0.1"],
        cwd=ROOT,
        env={**env, "RASA_URL": rasa.url, "RASA_API_TOKEN": servers.API_TOKEN, "STAFF_PASSWORD": STAFF_PASSWORD},
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    web = servers.Service(process, f"http://127.0.0.1:{port}", log)
    servers._wait(lambda: httpx.get(f"{web.url}/widget/config", timeout=2).status_code == 200, web, "web server")
    yield web
    web.stop()
    rasa.stop()


def chat(web, address: str, message: str = "hello") -> httpx.Response:
    """The widget's call, as it arrives through a proxy on this host that saw `address`; without
    a cookie, so each call is a new conversation."""
    return httpx.post(
        f"{web.url}/api/chat", json={"message": message}, headers={"X-Forwarded-For": address}, timeout=60
    )


def test_the_web_server_passes_each_patients_address_on_to_rasa(limited_web):
    for _ in range(ADDRESS_BURST):
        assert chat(limited_web, "203.0.113.30").status_code == 200
    limited = chat(limited_web, "203.0.113.30")
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    assert limited.json() == {"messages": [{"role": "bot", "text": slow_down_text(), "kind": "slow_down"}]}
    # Another patient, behind another address, is served.
    assert chat(limited_web, "203.0.113.31").status_code == 200


def test_the_widget_shows_the_polite_reply_and_an_emergency_still_gets_through(browser, limited_web):
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, extra_http_headers={"X-Forwarded-For": "203.0.113.40"}
    )
    context.set_default_timeout(30_000)
    try:
        page = context.new_page()
        widget = Widget(page, limited_web.url).load()
        widget.open()
        for _ in range(CONVERSATION_BURST):
            widget.send("hello")
        with page.expect_response(lambda r: r.url.endswith("/api/chat")) as reply:
            widget.send("how does isotretinoin cause back pain?")
        assert reply.value.status == 429
        assert widget.bot_messages().last.inner_text().endswith(slow_down_text())
        assert page.locator(".isobot-error").count() == 0

        widget.send(EMERGENCY)
        assert "isobot-tier-emergency" in widget.bot_messages().last.get_attribute("class")
    finally:
        context.close()
