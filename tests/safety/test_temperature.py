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


# Stop 28 (f13 false alarm "im 100.0 on the scale"): a number that measures something else, a
# weight, a price, a score, bath water, is not a temperature, even with "hot" or "burning" near.
@pytest.mark.parametrize(
    "message",
    [
        "im 100.4 on the scale, does weight matter for back pain?",
        "weighed 101.5 this morning and my back hurts",
        "i was 102 on the scales and my back aches",
        "paid 39.99 for the cleanser, my back aches and my face is burning",
        "scored 38.5 on the quiz, back sore",
        "hot water bottle at 40 on my sore back, ok?",
    ],
)
def test_a_number_that_measures_something_else_is_not_a_fever(detector, message):
    finding = detector.detect(message)
    assert "infection" not in finding.flags and finding.tier not in ("emergency", "urgent"), message


@pytest.mark.parametrize(
    "message",
    [
        "weighed myself, back is sore and temp is 39.2",
        "100.4 and shivery with back pain",
        "temp 101 and my back aches",
        "back pain, stood on the scale today, my temperature is 102F",
    ],
)
def test_a_temperature_beside_a_weight_still_counts(detector, message):
    finding = detector.detect(message)
    assert finding.tier == "emergency" and "infection" in finding.flags, message
