"""isobot/safety/firing.py: which flags a sentence's told and asked-about concepts raise."""

from __future__ import annotations

from isobot.safety.findings import READ_OR_ASKED_ABOUT
from isobot.safety.firing import asked_hits, told_hits
from isobot.safety.flags import Flag

URGENT = Flag("leg", "urgent", "urgent_reply", (("leg", "weak"),))
SOON = Flag("lasting", "soon", "soon_reply", (("pain", "weeks"),))
FLAGS = (URGENT, SOON)


def test_a_told_urgent_flag_fires_in_a_question_too():
    hits = told_hits(FLAGS, {"leg", "weak"}, "personal", "is my leg weak from it?", True, set())
    assert [(h.flag, h.tier, h.context) for h in hits] == [("leg", "urgent", "personal")]


def test_a_soon_flag_fires_on_a_told_statement():
    hits = told_hits(FLAGS, {"pain", "weeks"}, "personal", "pain for weeks now", False, set())
    assert [h.flag for h in hits] == ["lasting"]


def test_a_soon_flag_stays_quiet_in_a_question_about_it():
    assert told_hits(FLAGS, {"pain", "weeks"}, "personal", "does the pain last weeks?", True, set()) == []


def test_a_soon_flag_stays_quiet_when_its_concepts_were_only_asked_about():
    assert told_hits(FLAGS, {"pain", "weeks"}, "personal", "pain weeks", False, {"pain", "weeks"}) == []


def test_a_soon_flag_is_not_raised_for_a_past_context():
    assert told_hits(FLAGS, {"pain", "weeks"}, "past", "had pain for weeks", False, set()) == []


def test_asked_about_flags_are_information_and_never_soon():
    hits = asked_hits(FLAGS, {"leg", "weak", "pain", "weeks"}, "can it make a leg weak?")
    assert [(h.flag, h.context) for h in hits] == [("leg", READ_OR_ASKED_ABOUT)]
