"""isobot/safety/learned_net.py: the learned red-flag net, and its settings and examples files."""

from __future__ import annotations

import pytest

from isobot import settings
from isobot.content.errors import ContentError
from isobot.content.yaml_file import read_mapping
from isobot.safety.learned_net import Example, NetSettings, RedFlagNet, load_examples, load_settings
from scripts.corpus_to_red_flag_examples import OUT, render

NET_SETTINGS = settings.ROOT / "safety" / "red_flag_net.yml"

EXAMPLES = (
    [
        Example(t, "emergency", "bilateral_leg")
        for t in ("both my legs gave way", "cant feel either leg", "legs collapsed under me", "both legs numb and weak")
    ]
    + [
        Example(t, "emergency", "chest_pain")
        for t in (
            "crushing chest pain now",
            "chest pain going down my arm",
            "tight painful chest",
            "pain in my chest and jaw",
        )
    ]
    + [
        Example(t, "urgent", "liver")
        for t in ("my eyes have gone yellow", "yellow skin and eyes", "skin looks yellow", "whites of my eyes yellow")
    ]
    + [
        Example(t, "none")
        for t in (
            "does accutane cause back pain",
            "which stretches help",
            "how long does the ache last",
            "is yoga ok on accutane",
            "thanks that helped",
            "can i go to the gym",
            "what dose are you on",
            "hello there",
            "my back is a bit stiff",
            "vitamin d for bones",
        )
    ]
)


def net_settings(**overrides) -> NetSettings:
    values = {
        "threshold": 0.5,
        "family_threshold": 0.3,
        "intent_tiers": {"report_emergency_symptom": "emergency"},
        "families": {"bilateral_leg": "bilateral_leg_weakness", "chest_pain": "chest_pain", "liver": "hepatotoxicity"},
        **overrides,
    }
    return NetSettings(**values)


@pytest.fixture(scope="module")
def net():
    return RedFlagNet.train(EXAMPLES, net_settings())


def test_a_red_flag_in_new_words_and_spelling_gets_its_tier_and_family(net):
    verdict = net.verdict("both legs gave way and i cnt feel them")
    assert verdict is not None
    assert (verdict.tier, verdict.family, verdict.escalation) == (
        "emergency",
        "bilateral_leg",
        "bilateral_leg_weakness",
    )


def test_an_ordinary_question_gets_no_verdict(net):
    assert net.verdict("which stretches help my back") is None


def test_an_unsure_family_sends_the_tiers_generic_escalation():
    unsure = RedFlagNet.train(EXAMPLES, net_settings(family_threshold=1.0))
    verdict = unsure.verdict("both my legs gave way")
    assert verdict is not None and (verdict.family, verdict.escalation) == (None, "emergency_generic")


def test_a_family_of_another_tier_is_never_sent(net):
    """An urgent verdict never carries an emergency family's escalation, and the other way round."""
    for text in (
        "my eyes have gone yellow",
        "yellow skin and eyes",
        "crushing chest pain now",
        "both my legs gave way",
    ):
        verdict = net.verdict(text)
        assert verdict is not None
        if verdict.family:
            assert {"liver": "urgent"}.get(verdict.family, "emergency") == verdict.tier


def test_the_saved_net_reads_as_the_trained_one(net, tmp_path):
    path = tmp_path / "net.joblib"
    net.save(path)
    loaded = RedFlagNet.load(path, net.settings)
    for text in ("both legs numb", "is yoga ok", "yellow eyes"):
        assert loaded.probabilities(text) == net.probabilities(text)


def test_the_fast_reading_is_scikit_learns_own(net):
    """The net skips FeatureUnion's dispatch for one message (learned_net._predict_proba)."""
    from isobot.safety.learned_net import _predict_proba

    for pipeline in (net._tiers, net._families):
        for text in ("both legs numb", "is yoga ok", "yellow eyes", "", "🙂 dolor en el pecho"):
            assert _predict_proba(pipeline, text).tolist() == pytest.approx(pipeline.predict_proba([text])[0].tolist())


def test_accents_and_markup_do_not_change_the_reading(net):
    assert net.probabilities("dolor en el pecho") == net.probabilities("dólor en el pécho")
    assert net.probabilities("<b>both legs numb</b>") == net.probabilities("both legs numb")


@pytest.mark.parametrize(
    "text, complaint",
    [
        ("version: 1\nthreshold: 0.2\nfamily_threshold: 0.5\nintent_tiers: {}\nfamilies: {}\n", "threshold must be"),
        ("version: 1\nthreshold: 0.8\nfamily_threshold: 0.5\nintent_tiers: {greet: none}\nfamilies: {}\n", "act-now"),
        ("version: 1\nthreshold: 0.8\n", "needs threshold"),
    ],
)
def test_bad_settings_fail_loudly_with_the_files_path(tmp_path, text, complaint):
    path = tmp_path / "net.yml"
    path.write_text(text)
    with pytest.raises(ContentError, match=complaint) as raised:
        load_settings(path)
    assert str(raised.value).startswith(str(path))


def test_bad_examples_fail_loudly_with_the_files_path(tmp_path):
    path = tmp_path / "examples.yml"
    path.write_text('version: 1\nexamples:\n  - {text: "legs numb", tier: soon}\n')
    with pytest.raises(ContentError, match="tier") as raised:
        load_examples(path)
    assert str(raised.value).startswith(str(path))


def test_the_projects_settings_send_escalations_that_exist_at_the_familys_tier():
    net = load_settings(NET_SETTINGS)
    messages = {m["id"]: m["tier"] for m in read_mapping(settings.ESCALATIONS)["messages"]}
    examples = load_examples(OUT)
    family_tiers = {e.family: e.tier for e in examples if e.family}
    assert set(family_tiers) <= set(net.families), "a corpus family has no escalation"
    for family, escalation in net.families.items():
        assert escalation in messages, escalation
        if family in family_tiers:
            assert messages[escalation] == family_tiers[family], family
    assert {f"{tier}_generic" for tier in ("urgent", "emergency")} <= set(messages)


def test_the_generated_examples_are_up_to_date():
    assert OUT.read_text(encoding="utf-8") == render(), "run `make red-flag-examples`"


def test_no_blind_case_is_an_example():
    """A blind text may be an example only where an informed or train case says the same words
    ("thanks", "👍": short messages recur across sites)."""
    from isobot.evaluation.corpus import load_corpus
    from isobot.evaluation.run import catalogue_topics
    from isobot.safety.cases import load_cases

    def key(text: str) -> str:
        return " ".join(text.split()).lower()

    spanish = settings.ROOT / "tests" / "safety" / "es"
    corpus = load_corpus(topics=catalogue_topics())
    seen = {key(c.text) for c in corpus if c.split != "blind"}
    seen |= {
        key(c.text)
        for name in ("cases.yml", "informed.yml", "informed2.yml", "informed3.yml", "informed4.yml")
        for c in load_cases(spanish / name)
    }
    blind = {key(c.text) for c in corpus if c.split == "blind"} | {
        key(c.text) for c in load_cases(spanish / "blind3.yml")
    }
    assert not ({key(e.text) for e in load_examples(OUT)} & blind) - seen


def test_reassurances_closing_a_harmless_conversation_teach_the_net_none():
    """The last message of a harmless conversation is a hard negative: read alone it names a
    symptom that is over or denied, which the net must not raise."""
    from isobot.evaluation.corpus import load_corpus
    from isobot.evaluation.run import catalogue_topics

    examples = {" ".join(e.text.split()).lower(): e.tier for e in load_examples(OUT)}
    closing = [
        c
        for c in load_corpus(topics=catalogue_topics())
        if c.split in ("train", "informed") and c.turns and c.tier in ("none", "info")
    ]
    assert closing
    for case in closing:
        assert examples.get(" ".join(case.text.split()).lower()) == "none", case.id
