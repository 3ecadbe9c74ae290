"""What the corpus hands to the generators that train the assistant."""

from __future__ import annotations

from isobot.evaluation.corpus import load_corpus, trainable
from isobot.evaluation.run import catalogue_topics


def test_the_generators_never_see_a_blind_case():
    cases = load_corpus(topics=catalogue_topics())
    learned = trainable(cases)
    assert {c.split for c in learned} == {"train", "informed"}
    assert len(learned) == sum(1 for c in cases if c.split != "blind")
