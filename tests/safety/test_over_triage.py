"""Over-triage on real language (issue 18, stop 27): a question about a red-flag symptom, a
symptom that came and went, a value a clinician called fine, a pain that was bad and is mild
now, a plan for if it worsens and the time on treatment are not alarms. Each family is proved
both ways: the near-miss that states a present red flag keeps its tier."""

from __future__ import annotations

import pytest

ACT_NOW = ("emergency", "urgent")


@pytest.mark.parametrize(
    "message",
    [
        # asking how to tell whether back pain after a fall is serious
        "after a tumble down the stairs how can you tell if the back ache is something serious",
        "how do you know when back pain after an accident needs an x-ray?",
        # an "if" clause whose main clause asks, with or without its "?"
        "if i came off my bike and hurt my back would it heal slower on roaccutane",
        "if i fell on the ice and landed on my tailbone could the bone break more easily on accutane?",
        # what other people should look out for
        "which changes in mood should my family watch for while i take isotretinoin",
        "what should my parents look out for, mood wise, on this drug",
        # pictures seen of a reaction, asked about
        "saw photos of a horrible blistering rash from a medicine online, can accutane cause that? no rash on me",
    ],
)
def test_a_question_about_a_red_flag_gets_information_not_an_alarm(detector, message):
    assert detector.detect(message).tier not in ACT_NOW, message


@pytest.mark.parametrize(
    "message, tier",
    [
        ("fell down the stairs this morning and my back is agony, how do you know if something is broken", "emergency"),
        ("if i stand up my legs give way under me", "emergency"),
        ("if i sit for a bit my bum and groin go numb", "emergency"),
        # the question is the next sentence: the "if" clause still tells
        ("if i lean forward the pain in my back is unbearable. is that the tablets?", "urgent"),
        ("my mood has been really low for weeks, what should i watch for", "urgent"),
        ("skin is blistering and peeling off my arms and i have a fever, saw pics of it online", "emergency"),
    ],
)
def test_a_present_red_flag_beside_the_question_keeps_its_tier(detector, message, tier):
    assert detector.detect(message).tier == tier, message


@pytest.mark.parametrize(
    "message",
    [
        "my bottom went numb on the spin bike but the feeling came back once i got off",
        "bum and thighs went tingly on a long cycle, fine as soon as i got off. normal?",
        "legs felt heavy and weak after a hard run but were fine by the next day",
        "pee was a bit dark after the festival, back to a normal colour after a few glasses of water. dehydration?",
        "had depression as a teen, been fine for 5 years, can i still take roaccutane?",
    ],
)
def test_a_symptom_that_came_and_went_is_not_an_alarm(detector, message):
    assert detector.detect(message).tier not in ACT_NOW, message


@pytest.mark.parametrize(
    "message, tier",
    [
        ("my bum went numb on the bike and it is still numb hours later", "emergency"),
        ("saddle went numb on a ride, the feeling came back when i sat down and now it's numb again", "emergency"),
        ("legs went weak on a run and they are still like jelly tonight", "emergency"),
        ("the sight in one eye went grey for a few seconds then came back", "emergency"),
        # a resolution that could be a symptom returning, or painkillers wearing off, is not one
        ("the pins and needles feeling came back in my groin as soon as i sat down", "emergency"),
        ("the painkillers wore off and now i can not feel my bum", "emergency"),
        ("was fine for a week and then both my legs went numb", "emergency"),
        ("had a car crash years ago but this week my back is in agony", "emergency"),
    ],
)
def test_a_symptom_back_or_still_there_keeps_its_tier(detector, message, tier):
    assert detector.detect(message).tier == tier, message


@pytest.mark.parametrize(
    "message",
    [
        "ck was high at my last bloods but the gp was not worried about it, can i still lift?",
        "liver results a touch raised, the derm said fine. what else should i know about?",
        "my back was a 9 out of 10 last month but with stretching it is about a 2 now. keep stretching?",
        "had a terrible back day on monday but it's barely noticeable now, how do i stop a repeat?",
        "i'll see a doctor if it gets any worse, for now it's a mild ache low down. is a hot bath ok?",
    ],
)
def test_a_value_called_fine_a_pain_eased_or_a_plan_is_not_an_alarm(detector, message):
    assert detector.detect(message).tier not in ACT_NOW, message


@pytest.mark.parametrize(
    "message, tier",
    [
        ("the derm said fine about my liver tests but now my eyes have gone yellow", "urgent"),
        (
            "ck came back high, the doctor was not worried, but now my pee is cola coloured and my muscles ache",
            "urgent",
        ),
        ("it was a 3 last week but now my back is unbearable and getting worse", "urgent"),
        ("my back pain is unbearable, i'll go to a&e if it gets worse", "urgent"),
    ],
)
def test_a_present_red_flag_beside_the_reassurance_keeps_its_tier(detector, message, tier):
    assert detector.detect(message).tier == tier, message


@pytest.mark.parametrize(
    "message",
    [
        "6 weeks in on 20mg and my lower back is achy after netball",
        "lower back gets tight after sitting for hours at my desk",
        "4 months into roaccutane and my back twinges when i bend",
    ],
)
def test_time_on_treatment_or_in_a_chair_is_not_how_long_the_pain_lasted(detector, message):
    assert detector.detect(message).tier == "none", message


@pytest.mark.parametrize(
    "message",
    [
        "my lower back has ached for 3 weeks in a row now",
        "6 weeks in on 20mg and my back has been sore for weeks now",
        "had this dull back ache for months on roaccutane, nothing severe, just always there",
    ],
)
def test_how_long_the_pain_lasted_still_counts(detector, message):
    assert detector.detect(message).tier == "soon", message
