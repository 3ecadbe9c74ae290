"""Fitting vetted text to each platform: bold per platform, splits only between sentences, numbered options."""

from __future__ import annotations

import pytest

from isobot.channels import adapt
from isobot.channels.memory import ButtonMemory

FEEDBACK = [{"title": "👍 Yes", "payload": "/feedback_helpful"}, {"title": "👎 No", "payload": "/feedback_not_helpful"}]


def test_bold_per_platform():
    text = "**Call 911 now.** Numbness & <tingling> need help."
    assert adapt.plain(text) == "Call 911 now. Numbness & <tingling> need help."
    assert adapt.single_star_bold(text) == "*Call 911 now.* Numbness & <tingling> need help."
    assert adapt.slack_mrkdwn(text) == "*Call 911 now.* Numbness &amp; &lt;tingling&gt; need help."
    assert adapt.telegram_html(text) == "<b>Call 911 now.</b> Numbness &amp; &lt;tingling&gt; need help."


@pytest.mark.parametrize(
    "limit, render",
    [
        (1600, adapt.plain),
        (2000, adapt.plain),
        (3000, adapt.slack_mrkdwn),
        (4096, adapt.telegram_html),
        (400, adapt.telegram_html),
    ],
)
def test_long_text_is_split_between_sentences_under_the_limit(catalogue, limit, render):
    sentences = [answer.text for answer in catalogue.answers.values()]
    text = "\n\n".join(sentences * 8)  # far longer than any platform allows in one message
    parts = adapt.split_message(text, limit, render)
    assert len(parts) > 1 and all(len(part) <= limit for part in parts)
    whole, position = render(text), 0
    for part in parts[:-1]:  # each cut falls at a sentence end or a line end, never inside a sentence
        position = whole.index(part, position) + len(part)
        assert part.endswith((".", "!", "?", ".</b>", ".*")) or whole[position] == "\n", part[-40:]
    assert "".join(parts).replace("\n", "").replace(" ", "") == whole.replace("\n", "").replace(" ", "")


def test_short_text_is_one_message_untouched():
    assert adapt.split_message("**Contact your doctor today.** Thanks.", 1600) == ["Contact your doctor today. Thanks."]


def test_numbered_options_and_a_digit_reply_picks_the_payload():
    assert adapt.numbered_options("Was this helpful?", FEEDBACK) == "Was this helpful?\n1. 👍 Yes\n2. 👎 No"
    memory = ButtonMemory()
    memory.remember("+447700900123", FEEDBACK)
    assert memory.resolve("+447700900123", " 2 ") == "/feedback_not_helpful"
    assert memory.resolve("+447700900123", "2") == "2"  # consumed: only the reply right after the options


@pytest.mark.parametrize("reply", ["3", "0", "two", "2 please", ""])
def test_anything_but_an_option_number_stays_text(reply):
    memory = ButtonMemory()
    memory.remember("s", FEEDBACK)
    assert memory.resolve("s", reply) == reply
