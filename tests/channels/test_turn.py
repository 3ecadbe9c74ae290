"""The never-silent turn that every channel runs, with Rasa's own collecting output channel."""

from __future__ import annotations

import asyncio

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from isobot.channels.turn import apology_text, run_turn
from isobot.content.service import notice
from isobot.stores.tracker_store import TrackerStoreUnavailable


def turn(on_new_message, text: str = "how common is back pain?") -> list[str]:
    channel = CollectingOutputChannel()
    asyncio.run(run_turn(on_new_message, UserMessage(text, channel, "p1")))
    return [m["text"] for m in channel.messages]


def test_a_turn_that_answers_is_left_alone():
    async def answers(message):
        await message.output_channel.send_response(message.sender_id, {"text": "the vetted answer"})

    assert turn(answers) == ["the vetted answer"]


def test_a_failed_or_silent_turn_gets_the_apology():
    async def fails(_message):
        raise RuntimeError("boom")

    async def says_nothing(_message):
        return None

    assert turn(fails) == [apology_text()]
    assert turn(says_nothing) == [apology_text()]


def test_a_database_outage_says_temporarily_unavailable_after_what_was_sent():
    async def store_down(_message):
        raise TrackerStoreUnavailable("could not read the conversation")

    async def answered_then_store_down(message):
        await message.output_channel.send_response(message.sender_id, {"text": "the vetted answer"})
        raise TrackerStoreUnavailable("could not write the conversation")

    assert turn(store_down) == [notice("temporarily_unavailable")]
    assert turn(answered_then_store_down) == ["the vetted answer", notice("temporarily_unavailable")]


SPANISH = "¿es normal que me duela la espalda con la isotretinoína?"


async def _fails(_message):
    raise RuntimeError("boom")


async def _store_down(_message):
    raise TrackerStoreUnavailable("could not read the conversation")


def test_a_spanish_message_gets_the_apology_and_the_notice_in_spanish():
    assert turn(_fails, SPANISH) == [apology_text("es")]
    assert apology_text("es").startswith("Lo siento") and "emergencia" in apology_text("es")
    assert turn(_store_down, SPANISH) == [notice("temporarily_unavailable", "es")]
    assert notice("temporarily_unavailable", "es") != notice("temporarily_unavailable")


def test_a_message_whose_language_is_unclear_gets_the_english_apology():
    for text in ("ok", "", "🙂🙂"):
        assert turn(_fails, text) == [apology_text()]
