"""The per-conversation rate limit on a messaging platform (Telegram; every platform goes through
isobot.channels.common.hand_to_rasa), against a real Rasa server started with a low limit."""

from __future__ import annotations

import random

import pytest

from isobot.channels import adapt
from isobot.channels.conversation_ids import TELEGRAM, conversation_id
from isobot.content.slow_down import slow_down_text
from tests import servers
from tests.channels.conftest import EMERGENCY_ID, EMERGENCY_MESSAGE, QUESTION, SECRETS, escalation_reply, user_turns
from tests.channels.test_telegram import post, sent_to, update

BURST = 2


@pytest.fixture(scope="module")
def limited_rasa(tmp_path_factory, platform_api, action_server):
    workdir = tmp_path_factory.mktemp("limited-channel")
    db_url = f"sqlite:///{workdir / 'rasa.db'}"
    telegram = {name: value for name, value in SECRETS.items() if name.startswith("TELEGRAM_")}
    env = servers.base_env(
        DB_URL=db_url,
        TELEGRAM_API_URL=platform_api.url,
        **telegram,
        RATE_LIMIT_CONVERSATION_BURST=str(BURST),
        RATE_LIMIT_CONVERSATION_PER_MINUTE="0.1",
    )
    service = servers.start_rasa_server(workdir, env, action_server.url, db_url)
    yield service
    service.stop()


def test_a_conversation_over_its_limit_gets_the_polite_reply_once_and_red_flags_still_pass(
    limited_rasa, platform_api, catalogue
):
    chat_id = random.randint(10**8, 10**9)
    for index in range(BURST):
        assert post(limited_rasa, update(chat_id, f"hello {index}")).status_code == 200
    answered = len(sent_to(platform_api, chat_id))
    assert answered >= BURST

    # Over the limit: the platform still gets 200 (no retries), the patient the polite reply.
    assert post(limited_rasa, update(chat_id, QUESTION)).status_code == 200
    assert [m["text"] for m in sent_to(platform_api, chat_id)[answered:]] == [adapt.telegram_html(slow_down_text())]
    # Further fast messages get no second notice (each one is a platform call).
    assert post(limited_rasa, update(chat_id, QUESTION)).status_code == 200
    assert len(sent_to(platform_api, chat_id)) == answered + 1
    assert user_turns(limited_rasa.url, conversation_id(TELEGRAM, str(chat_id))) == [
        f"hello {index}" for index in range(BURST)
    ]

    # An emergency is never held back.
    assert post(limited_rasa, update(chat_id, EMERGENCY_MESSAGE)).status_code == 200
    assert sent_to(platform_api, chat_id)[answered + 1]["text"] == adapt.telegram_html(
        escalation_reply(catalogue, EMERGENCY_ID)
    )
