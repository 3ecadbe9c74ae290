"""The never-silent turn that every channel runs, with Rasa's own collecting output channel."""

from __future__ import annotations

import asyncio

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from isobot.channels.turn import apology_text, run_turn
from isobot.content.service import notice
from isobot.stores.tracker_store import TrackerStoreUnavailable


def turn(on_new_message) -> list[str]:
    channel = CollectingOutputChannel()
    asyncio.run(run_turn(on_new_message, UserMessage("how common is back pain?", channel, "p1")))
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
