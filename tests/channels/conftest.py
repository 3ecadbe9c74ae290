"""One action server and one Rasa server for every channel test, with all four platforms on.

Secrets are test values; each connector's outbound API base URL points at `PlatformApi`, a
local HTTP server standing in for api.telegram.org, slack.com/api, graph.facebook.com and
api.twilio.com, which records every call. That is the only thing faked: webhooks are posted
to the real Rasa server, and the answers come from the trained model and the action server.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

from isobot.content import provenance
from isobot.content.yaml_file import safe_yaml
from tests import servers
from tests.receiver import Receiver

# Platform credentials are this run's (servers.run_secret); only their shapes follow the
# platforms (Telegram "<bot id>:<token>", Twilio "AC" + 32 hex).
SECRETS = {
    "TELEGRAM_TOKEN": f"123456:{servers.run_secret('TELEGRAM_TOKEN')}",
    "TELEGRAM_SECRET_TOKEN": servers.run_secret("TELEGRAM_SECRET_TOKEN"),
    "TELEGRAM_WEBHOOK_URL": "https://bot.example.test/webhooks/telegram/webhook",
    "SLACK_TOKEN": servers.run_secret("SLACK_TOKEN"),
    "SLACK_SIGNING_SECRET": servers.run_secret("SLACK_SIGNING_SECRET"),
    "FACEBOOK_VERIFY": servers.run_secret("FACEBOOK_VERIFY"),
    "FACEBOOK_SECRET": servers.run_secret("FACEBOOK_SECRET"),
    "FACEBOOK_PAGE_ACCESS_TOKEN": servers.run_secret("FACEBOOK_PAGE_ACCESS_TOKEN"),
    "TWILIO_ACCOUNT_SID": "AC" + servers.run_secret("TWILIO_ACCOUNT_SID"),
    "TWILIO_AUTH_TOKEN": servers.run_secret("TWILIO_AUTH_TOKEN"),
    "TWILIO_NUMBER": "+15005550006",
    "TWILIO_WHATSAPP_NUMBER": "+14155238886",
    "TWILIO_WEBHOOK_URL": "https://bot.example.test/webhooks/twilio/webhook",
    "SOCKETIO_SESSION_SECRET": servers.run_secret("SOCKETIO_SESSION_SECRET"),
}
# The one browser origin the channel servers allow (socket.io's Origin check follows it).
CORS_ORIGIN = "https://clinic.example.test"
CHANNEL_VARIABLES = {
    "telegram": ("TELEGRAM_TOKEN", "TELEGRAM_SECRET_TOKEN", "TELEGRAM_WEBHOOK_URL"),
    "slack": ("SLACK_TOKEN", "SLACK_SIGNING_SECRET"),
    "facebook": ("FACEBOOK_VERIFY", "FACEBOOK_SECRET", "FACEBOOK_PAGE_ACCESS_TOKEN"),
    "twilio": ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_NUMBER"),
}


class PlatformApi:
    """Records every call a connector makes to a platform's API, and answers like a happy API."""

    def __init__(self) -> None:
        self.calls: list[dict] = []
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                url = urlsplit(self.path)
                if "json" in (self.headers.get("Content-Type") or ""):
                    body = json.loads(raw or b"null")
                else:
                    body = dict(parse_qsl(raw.decode()))
                api.calls.append(
                    {"path": url.path, "query": dict(parse_qsl(url.query)), "headers": dict(self.headers), "body": body}
                )
                reply = json.dumps({"ok": True, "result": True}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def calls_where(self, predicate) -> list[dict]:
        return [call for call in list(self.calls) if predicate(call)]

    def wait_for(self, predicate, count: int = 1, timeout: float = 60) -> list[dict]:
        """The matching calls, once there are at least `count` and no new one arrived for a moment."""
        deadline = time.monotonic() + timeout
        seen, stable_since = -1, time.monotonic()
        while time.monotonic() < deadline:
            matching = self.calls_where(predicate)
            if len(matching) != seen:
                seen, stable_since = len(matching), time.monotonic()
            elif len(matching) >= count and time.monotonic() - stable_since > 1.0:
                return matching
            time.sleep(0.1)
        return self.calls_where(predicate)

    def close(self) -> None:
        self._server.shutdown()


@pytest.fixture(scope="session")
def platform_api():
    api = PlatformApi()
    yield api
    api.close()


@pytest.fixture(scope="session")
def channel_staff_webhook():
    receiver = Receiver()
    yield receiver
    receiver.close()


@pytest.fixture(scope="session")
def channel_db_url(tmp_path_factory):
    return f"sqlite:///{tmp_path_factory.mktemp('channels-db') / 'rasa.db'}"


@pytest.fixture(scope="session")
def channel_rasa(tmp_path_factory, platform_api, channel_staff_webhook, channel_db_url):
    workdir = tmp_path_factory.mktemp("channel-services")
    env = servers.base_env(
        DB_URL=channel_db_url,
        STAFF_WEBHOOK_URL=channel_staff_webhook.url,
        **SECRETS,
        TELEGRAM_API_URL=platform_api.url,
        SLACK_API_URL=f"{platform_api.url}/api",
        FACEBOOK_API_URL=f"{platform_api.url}/v18.0",
        TWILIO_API_URL=platform_api.url,
        CORS_ORIGINS=CORS_ORIGIN,
    )
    actions = servers.start_action_server(workdir, env)
    rasa = servers.start_rasa_server(workdir, env, actions.url, channel_db_url)
    yield rasa
    rasa.stop()
    actions.stop()


def user_turns(rasa_url: str, conversation: str) -> list[str]:
    """What the tracker of this conversation (`<channel>:<id>`) holds (via the HTTP API)."""
    reply = httpx.get(
        f"{rasa_url}/conversations/{conversation}/tracker", params={"token": servers.API_TOKEN}, timeout=30
    )
    assert reply.status_code == 200, reply.text
    return [event.get("text") for event in reply.json().get("events", []) if event.get("event") == "user"]


def new_id(prefix: str = "") -> str:
    return f"{prefix}{uuid.uuid4().hex[:10]}"


EMERGENCY_MESSAGE = "both my legs feel weak and tingly"
EMERGENCY_ID = "bilateral_leg_weakness"
QUESTION = "how does isotretinoin cause back pain?"
QUESTION_ANSWER_ID = "causes_overview"


def escalation_text(catalogue, escalation_id: str) -> str:
    return catalogue.escalations[escalation_id].text.format(**catalogue.region_numbers(None))


def source_line(catalogue, entry_id: str) -> str:
    """The "Source: ..., reviewed ..." line a messaging channel shows under an answer or an
    escalation (worded in content/provenance.yml, carried in the reply's custom.provenance)."""
    provenances = provenance.for_catalogue(catalogue)
    payload = provenances.answers.get(entry_id) or provenances.escalations[(entry_id, "en")]
    return payload["source_line"]


def with_source_line(text: str, line: str) -> str:
    """A vetted text as a messaging channel sends it: the source line ends the same message."""
    return f"{text}\n\n{line}"


def answer_reply(catalogue, answer_id: str) -> str:
    return with_source_line(catalogue.answers[answer_id].text, source_line(catalogue, answer_id))


def escalation_reply(catalogue, escalation_id: str) -> str:
    return with_source_line(escalation_text(catalogue, escalation_id), source_line(catalogue, escalation_id))


def domain_text(response: str) -> str:
    """A conversational line from domain.yml (the only other home of patient-facing text)."""
    return safe_yaml((servers.ROOT / "domain.yml").read_text())["responses"][response][0]["text"]


def assert_still_serving(rasa_url: str) -> None:
    reply = httpx.post(
        f"{rasa_url}/webhooks/rest/webhook", json={"sender": new_id("alive-"), "message": "hello"}, timeout=60
    )
    assert reply.status_code == 200 and reply.json()
