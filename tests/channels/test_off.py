"""With their variables unset, the messaging channels are off: one log line each, 503 at the webhook."""

from __future__ import annotations

import logging

import httpx
import pytest

from isobot.channels.facebook import FacebookChannel
from isobot.channels.slack import SlackChannel
from isobot.channels.telegram import TelegramChannel
from isobot.channels.twilio import TwilioChannel
from tests.channels.conftest import CHANNEL_VARIABLES

CHANNELS: dict[str, type[TelegramChannel | SlackChannel | FacebookChannel | TwilioChannel]] = {
    "telegram": TelegramChannel,
    "slack": SlackChannel,
    "facebook": FacebookChannel,
    "twilio": TwilioChannel,
}


@pytest.mark.parametrize("name", sorted(CHANNELS))
def test_from_credentials_with_a_variable_unset_is_off_with_one_line(monkeypatch, caplog, name):
    variables = CHANNEL_VARIABLES[name]
    for variable in variables:
        monkeypatch.setenv(variable, "set")
    monkeypatch.delenv(variables[-1])
    with caplog.at_level(logging.INFO):
        channel = CHANNELS[name].from_credentials(None)
    assert isinstance(channel, CHANNELS[name]) and channel.settings is None
    assert [record.getMessage() for record in caplog.records] == [
        f"{name} channel off: set {', '.join(variables)} to enable"
    ]


def test_a_server_started_without_the_variables_logs_each_channel_off_once_and_answers_503(rasa_server):
    log = rasa_server.log.read_text(errors="replace")
    for name, variables in CHANNEL_VARIABLES.items():
        assert log.count(f"{name} channel off: set {', '.join(variables)} to enable") == 1, name
        reply = httpx.post(f"{rasa_server.url}/webhooks/{name}/webhook", json={}, timeout=30)
        assert reply.status_code == 503, name
    assert httpx.post(
        f"{rasa_server.url}/webhooks/rest/webhook", json={"sender": "off-check", "message": "hi"}, timeout=60
    ).json()  # REST still works
