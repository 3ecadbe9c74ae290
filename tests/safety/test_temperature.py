"""A temperature written as a number is a fever only when it is one (isobot/safety/temperature.py)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "message",
    [
        "my lower back is killing me and my temp is 39.4",
        "back pain, 102F",
        "lower back pain and a temp of 38.9!!",
        "back pain and the thermometer says 102.3",
        "back hurts and i'm at 39.5 °C",
        "sore back, 38,6 de fiebre",
        "my back aches and i'm running 101.5 f",
    ],
)
def test_a_feverish_temperature_with_back_pain_is_an_emergency(detector, message):
    finding = detector.detect(message)
    assert finding.tier == "emergency" and "infection" in finding.flags, message


@pytest.mark.parametrize(
    "message",
    [
        "day 39 on roaccutane and my back aches a bit",
        "back on 40mg after they halved my dose, and my back aches",
        "my back hurts, i'm 40 years old",
        "back pain is about 7/10 today",
        "back sore after working in 38 degree heat outside",
        "my back hurts and my temp is 37.2",
        "i weigh 72kg and my back aches on 40 mg",
        "lower back tightens up around km 39 of the race",
    ],
)
def test_numbers_that_are_not_a_fever_are_not_one(detector, message):
    assert "infection" not in detector.detect(message).flags, message


def test_a_lone_fahrenheit_number_is_only_a_possible_reading(detector):
    from isobot.safety.temperature import bare_readings

    rules = detector.rules.temperature
    assert bare_readings(["102.6"], rules) == [0]
    assert bare_readings(["its", "103"], rules) == [1]
    # Not a fever alone: no temperature was set up ("101.8" could be anything).
    assert detector.detect("101.8").tier == "none"
    assert bare_readings(["day", "101"], rules) == []
    assert bare_readings(["102", "mg"], rules) == []
    assert bare_readings(["99.1"], rules) == []
    assert bare_readings("i have been on it for 102 days and my back hurts a lot".split(), rules) == []
