"""The rate limiter: token buckets, eviction, both limits together, the red-flag pass (with
the real detector), the client address and the polite reply's content file."""

from __future__ import annotations

import asyncio

import pytest

from isobot import settings
from isobot.content.errors import ContentError
from isobot.content.slow_down import SLOW_DOWN_FILE, load_slow_down_text
from isobot.ratelimit.buckets import Limit, TokenBuckets
from isobot.ratelimit.config import address_key, client_ip
from isobot.ratelimit.limiter import RateLimits, has_red_flag

EMERGENCY = "I can't feel my legs and I wet myself"


class Clock:
    """Time that moves only when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def send(buckets: TokenBuckets, key: str) -> bool:
    """One message as a channel sends it: served (and counted) only when there is no wait."""
    if buckets.wait(key) > 0:
        return False
    buckets.take(key)
    return True


def limits(clock: Clock, conversation=(3, 6), address=(5, 6), max_keys: int = 100) -> RateLimits:
    """Per-minute 6 = one message every 10 s after the burst."""
    return RateLimits(
        TokenBuckets(Limit(*conversation), max_keys, clock), TokenBuckets(Limit(*address), max_keys, clock), clock=clock
    )


# ---------------------------------------------------------------- token buckets
def test_a_burst_is_served_then_the_next_message_waits_for_the_refill():
    clock = Clock()
    buckets = TokenBuckets(Limit(burst=8, per_minute=20), 100, clock)
    assert [send(buckets, "a") for _ in range(9)] == [True] * 8 + [False]
    assert buckets.wait("a") == pytest.approx(3.0)  # 20 a minute: one every 3 s
    clock.advance(2.9)
    assert not send(buckets, "a")
    clock.advance(0.1)
    assert send(buckets, "a") and not send(buckets, "a")


def test_a_steady_pace_at_the_rate_is_never_limited():
    clock = Clock()
    buckets = TokenBuckets(Limit(burst=1, per_minute=20), 100, clock)
    for _ in range(50):
        assert send(buckets, "patient")
        clock.advance(3.0)


def test_refused_messages_are_not_counted_so_waiting_always_helps():
    clock = Clock()
    buckets = TokenBuckets(Limit(burst=2, per_minute=6), 100, clock)
    send(buckets, "a"), send(buckets, "a")
    for _ in range(20):
        assert not send(buckets, "a")
    clock.advance(10)
    assert send(buckets, "a")


def test_keys_are_independent():
    clock = Clock()
    buckets = TokenBuckets(Limit(burst=1, per_minute=1), 100, clock)
    assert send(buckets, "a") and not send(buckets, "a")
    assert send(buckets, "b")


def test_the_bucket_never_holds_more_than_the_burst_after_a_long_pause():
    clock = Clock()
    buckets = TokenBuckets(Limit(burst=3, per_minute=60), 100, clock)
    send(buckets, "a")
    clock.advance(3600)
    assert [send(buckets, "a") for _ in range(4)] == [True, True, True, False]


@pytest.mark.parametrize("limit", [Limit(0, 20), Limit(8, 0)])
def test_a_limit_set_to_zero_is_off(limit):
    buckets = TokenBuckets(limit, 100, Clock())
    assert all(send(buckets, "a") for _ in range(1000))
    assert len(buckets) == 0


# ---------------------------------------------------------------- memory stays bounded
def test_keys_idle_long_enough_to_be_full_again_are_dropped():
    clock = Clock()
    buckets = TokenBuckets(Limit(burst=2, per_minute=6), 100, clock)  # empty to full: 20 s
    for key in ("a", "b", "c"):
        send(buckets, key)
    clock.advance(20)
    send(buckets, "d")
    assert len(buckets) == 1


def test_past_the_key_cap_the_least_recently_used_key_goes_first():
    clock = Clock()
    buckets = TokenBuckets(Limit(burst=1, per_minute=1), 3, clock)
    for key in ("a", "b", "c"):
        send(buckets, key)
    send(buckets, "d")  # over the cap: "a", used longest ago, is forgotten
    assert len(buckets) == 3
    assert send(buckets, "a")  # a fresh bucket for "a"...
    assert not send(buckets, "c")  # ...while "c" is still remembered and limited


def test_a_flood_of_new_keys_never_grows_past_the_cap():
    clock = Clock()
    buckets = TokenBuckets(Limit(burst=8, per_minute=20), 1000, clock)
    for index in range(20_000):
        send(buckets, f"sender-{index}")
        clock.advance(0.001)
    assert len(buckets) == 1000


# ---------------------------------------------------------------- both limits, red flags pass
def admit(rate_limits: RateLimits, text: str, conversation: str | None = None, address: str | None = None):
    return asyncio.run(rate_limits.admit(text, conversation, address))


def test_the_conversation_limit_refuses_with_whole_seconds_to_wait():
    clock = Clock()
    rate_limits = limits(clock)
    assert [admit(rate_limits, "hello", "c1", "1.2.3.4") for _ in range(3)] == [None] * 3
    assert admit(rate_limits, "hello", "c1", "1.2.3.4") == 10
    clock.advance(9.5)
    assert admit(rate_limits, "hello", "c1", "1.2.3.4") == 1  # rounded up, never 0


def test_the_address_limit_covers_every_conversation_from_that_address():
    rate_limits = limits(Clock())
    served = [admit(rate_limits, "hello", f"c{index}", "1.2.3.4") for index in range(5)]
    assert served == [None] * 5
    assert admit(rate_limits, "hello", "c-new", "1.2.3.4") is not None
    assert admit(rate_limits, "hello", "c-new", "5.6.7.8") is None  # another address is served


def test_a_conversation_refused_by_the_address_limit_keeps_its_own_allowance():
    clock = Clock()
    rate_limits = limits(clock, conversation=(3, 6), address=(1, 6))
    assert admit(rate_limits, "hello", "c1", "1.2.3.4") is None
    assert admit(rate_limits, "hello", "c1", "1.2.3.4") is not None
    clock.advance(10)  # the address has one message again
    assert admit(rate_limits, "hello", "c1", "1.2.3.4") is None


@pytest.mark.parametrize(
    "message",
    [
        EMERGENCY,
        "i just want to end it all",
        "my pee is dark like cola and my muscles ache",  # urgent
        "my son takes accutane and now he can't feel his legs",  # someone else's emergency
        '/report_emergency_symptom{"escalation": "bilateral_leg_weakness"}',  # the guided check's "Yes"
        "no siento las nalgas y me orino encima",  # Spanish: the limits ask every language's detector
        "ya no quiero vivir",
    ],
)
def test_a_red_flag_over_the_limit_is_let_through(message):
    rate_limits = limits(Clock())
    for _ in range(3):
        admit(rate_limits, "hello", "c1", "1.2.3.4")
    assert admit(rate_limits, "hello", "c1", "1.2.3.4") is not None
    assert admit(rate_limits, message, "c1", "1.2.3.4") is None
    assert has_red_flag(message)


@pytest.mark.parametrize(
    "message",
    ["hello", "how does isotretinoin cause back pain?", "no numbness and my bladder is fine, it just aches", "", None],
)
def test_an_ordinary_message_over_the_limit_is_refused(message):
    rate_limits = limits(Clock())
    for _ in range(3):
        admit(rate_limits, "hello", "c1", "1.2.3.4")
    assert admit(rate_limits, message, "c1", "1.2.3.4") is not None


def test_the_detector_is_not_consulted_while_under_the_limit():
    seen: list[str | None] = []

    def red_flag(text: str | None) -> bool:
        seen.append(text)
        return False

    rate_limits = RateLimits(
        TokenBuckets(Limit(2, 6), 100, Clock()), TokenBuckets(Limit(0, 0), 100, Clock()), red_flag=red_flag
    )
    admit(rate_limits, "one", "c1"), admit(rate_limits, "two", "c1"), admit(rate_limits, "three", "c1")
    assert seen == ["three"]


def test_a_message_whose_red_flag_check_fails_is_served_rather_than_refused():
    def broken(text):
        raise OSError("build/spacy/isobot_en is missing")

    rate_limits = RateLimits(
        TokenBuckets(Limit(1, 6), 100, Clock()), TokenBuckets(Limit(0, 0), 100, Clock()), red_flag=broken
    )
    admit(rate_limits, "one", "c1")
    assert admit(rate_limits, "two", "c1") is None


def test_a_slow_down_notice_goes_out_at_most_once_per_interval_per_conversation():
    clock = Clock()
    rate_limits = limits(clock)
    assert [rate_limits.should_notify("telegram:1") for _ in range(3)] == [True, False, False]
    assert rate_limits.should_notify("telegram:2")
    clock.advance(30)
    assert rate_limits.should_notify("telegram:1")


# ---------------------------------------------------------------- settings
def test_the_defaults_allow_a_burst_of_8_then_20_a_minute_and_more_per_address():
    rate_limits = RateLimits.from_env({})
    assert rate_limits.conversation.limit == Limit(8, 20)
    assert rate_limits.address.limit == Limit(40, 120)
    assert rate_limits.conversation.max_keys == 50_000


def test_limits_come_from_the_environment():
    rate_limits = RateLimits.from_env(
        {
            "RATE_LIMIT_CONVERSATION_BURST": "2",
            "RATE_LIMIT_CONVERSATION_PER_MINUTE": "0.5",
            "RATE_LIMIT_IP_BURST": "0",
            "RATE_LIMIT_MAX_KEYS": "10",
        }
    )
    assert rate_limits.conversation.limit == Limit(2, 0.5) and not rate_limits.address.limit.on
    assert rate_limits.address.max_keys == 10


@pytest.mark.parametrize(
    "name, value",
    [
        ("RATE_LIMIT_IP_BURST", "lots"),
        ("RATE_LIMIT_CONVERSATION_PER_MINUTE", "-1"),
        ("RATE_LIMIT_IP_PER_MINUTE", "inf"),
        ("RATE_LIMIT_MAX_KEYS", "0"),
        ("RATE_LIMIT_CONVERSATION_BURST", "0.5"),
    ],
)
def test_a_bad_setting_stops_the_start_naming_the_variable(name, value):
    with pytest.raises(ValueError, match=name):
        RateLimits.from_env({name: value})


# ---------------------------------------------------------------- client address
@pytest.mark.parametrize(
    "peer, forwarded, expected",
    [
        ("127.0.0.1", "203.0.113.7", "203.0.113.7"),  # our web server or nginx
        ("127.0.0.1", "10.9.9.9, 203.0.113.7", "203.0.113.7"),  # the entry our proxy appended
        ("::1", "2001:db8::5", "2001:db8::5"),
        ("::ffff:127.0.0.1", "203.0.113.7", "203.0.113.7"),
        ("127.0.0.1", None, "127.0.0.1"),
        ("127.0.0.1", "not an address", "127.0.0.1"),
        ("198.51.100.4", "127.0.0.1", "198.51.100.4"),  # anyone else: the header is ignored
        ("198.51.100.4", "203.0.113.7", "198.51.100.4"),
        ("::ffff:198.51.100.4", None, "198.51.100.4"),
    ],
)
def test_x_forwarded_for_is_trusted_only_from_loopback(peer, forwarded, expected):
    assert client_ip(peer, forwarded) == expected


def test_ipv6_addresses_share_a_limit_per_64_block():
    assert address_key("2001:db8:1:2::a") == address_key("2001:db8:1:2:ffff::b") == "2001:db8:1:2::/64"
    assert address_key("2001:db8:1:3::a") != address_key("2001:db8:1:2::a")
    assert address_key("203.0.113.7") == "203.0.113.7"


# ---------------------------------------------------------------- the polite reply
@pytest.mark.parametrize("region, number", [(None, "911"), ("UK", "999"), ("EU", "112")])
def test_the_polite_reply_comes_from_content_with_the_regions_emergency_number(catalogue, region, number):
    text = load_slow_down_text(SLOW_DOWN_FILE, settings.ESCALATIONS, region)
    assert "slow" in text.lower() or "faster" in text.lower()
    assert number in text and "{" not in text
    assert len(text) <= 160
    assert catalogue.region_numbers(region)["emergency_number"] == number


def test_a_missing_reply_file_fails_naming_it(tmp_path):
    missing = tmp_path / "rate_limit.yml"
    with pytest.raises(ContentError, match=str(missing)):
        load_slow_down_text(missing, settings.ESCALATIONS, None)


@pytest.mark.parametrize(
    "body, problem",
    [
        ('version: 1\nslow_down: ""\n', "slow_down: empty"),
        ("version: 1\nother: x\n", "unknown keys"),
        ("version: 1\n", "slow_down: missing"),
        ('version: 1\nslow_down: "Wait, then call {crisis_line}."\n', "unknown placeholders"),
        (f'version: 1\nslow_down: "{"Please slow down. " * 12}"\n', "one SMS"),
    ],
)
def test_a_broken_reply_file_fails_naming_file_and_key(tmp_path, body, problem):
    path = tmp_path / "rate_limit.yml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ContentError, match=problem) as error:
        load_slow_down_text(path, settings.ESCALATIONS, None)
    assert str(error.value).startswith(str(path))
