"""The web server's HTTP contract, without a browser: security headers, input checks, CORS."""

from __future__ import annotations

import httpx
import pytest

from isobot import settings


@pytest.mark.parametrize("path", ["/", "/staff/login", "/widget/widget.js", "/widget/config", "/static/staff.js"])
def test_every_page_and_file_carries_the_security_headers(web_server, path):
    reply = httpx.get(web_server.url + path)
    assert reply.status_code == 200
    policy = reply.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "object-src 'none'" in policy and "unsafe-inline" not in policy
    assert reply.headers["x-content-type-options"] == "nosniff"
    assert reply.headers["referrer-policy"] == "no-referrer"


def test_the_widget_config_comes_from_content_with_the_regions_number(web_server, catalogue):
    config = httpx.get(web_server.url + "/widget/config").json()
    number = catalogue.region_numbers(settings.region())["emergency_number"]
    assert config["emergency_number"] == number and number in config["strings"]["disclaimer"]
    assert httpx.get(web_server.url + "/widget/config?region=UK").json()["emergency_number"] == "999"


@pytest.mark.parametrize("body", [{}, {"message": ""}, {"message": 5}, {"message": " "}, {"message": "x" * 2001}])
def test_bad_chat_requests_are_rejected_with_400(web_server, body):
    assert httpx.post(web_server.url + "/api/chat", json=body).status_code == 400


def test_other_origins_get_no_cors_grant(web_server):
    reply = httpx.post(web_server.url + "/api/chat", json={"message": "hi"}, headers={"Origin": "https://evil.example"})
    assert reply.status_code == 403 and "access-control-allow-origin" not in reply.headers


def test_the_rasa_token_never_reaches_the_browser(web_server, rasa_server):
    from tests import servers

    for path in ["/", "/widget/widget.js", "/widget/config", "/api/history?sender=web-1234567890"]:
        assert servers.API_TOKEN not in httpx.get(web_server.url + path).text
