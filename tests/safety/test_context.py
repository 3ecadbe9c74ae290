"""ConText on real language: each cue sets a red flag aside only within its scope, and never
when a present red flag is stated too."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "message",
    [
        "broke a vertebra in a car crash 5 years ago, fully healed, no probs since. will accutane be ok for my back?",
        "had pins and needles in my foot for a few mins yesterday after sitting cross legged, gone now. normal?",
        "my legs went numb after sitting on the toilet too long, went away when i stood up",
        "the list of side effects scared me: numbness, blurred vision, stomach pain going to the back. "
        "i have none of those",
        "read that it can cause numbness and bladder problems but i haven't had any of that, "
        "just wondering how rare it is",
        "nearly had a heart attack at the pharmacy counter when i saw what it costs",
        "no fever, no numbness, no weakness in my legs. just a dull ache low down on both sides. what helps most?",
        "is running ok on accutane? training for a 10k and my back tightens up around km 6",
    ],
)
def test_healed_gone_read_about_and_figures_of_speech_do_not_alarm(detector, message):
    assert detector.detect(message).tier not in ("emergency", "urgent"), message


@pytest.mark.parametrize(
    "message, tier",
    [
        (
            "read about numbness on the leaflet and i have none of that, but since this morning i can't feel my bum",
            "emergency",
        ),
        ("my back injury healed years ago but today i fell down the stairs and my back is agony", "emergency"),
        ("my son is on accutane, his back got much worse overnight and now he says both legs are weak", "emergency"),
        ("my daughter on roaccutane says her lips and eyes are puffing up", "emergency"),
        ("my wife told me tonight she doesn't want to be alive. she's locked in the bathroom", "emergency"),
        ("stopped roaccutane 3 months ago and the lower back ache never went away", "soon"),
    ],
)
def test_a_present_red_flag_still_escalates(detector, message, tier):
    assert detector.detect(message).tier == tier, message


@pytest.mark.parametrize(
    "message",
    [
        "my brother got really low on accutane, does that happen?",
        "can accutane make your legs numb?",
        "is numbness down there a sign of something serious?",
    ],
)
def test_questions_about_a_symptom_are_information(detector, message):
    assert detector.detect(message).tier in ("info", "none"), message


@pytest.mark.parametrize(
    "message, escalation",
    [
        ("suddenly can't see out of my right eye, like a curtain came down", "vision_loss"),
        ("woke up and half the vision in one eye is just gone", "vision_loss"),
        ("left foot slapping the floor when i walk since yesterday, back pain", "one_leg_weakness"),
        ("my right leg is dragging and my toes catch on the floor", "one_leg_weakness"),
        ("wrote letters to my family tonight. think i'm done with everything", "self_harm"),
        ("been stockpiling my sleeping tablets in a drawer just in case", "self_harm"),
    ],
)
def test_flags_from_the_label_and_guidelines(detector, message, escalation):
    assert detector.detect(message).escalation == escalation, message


@pytest.mark.parametrize(
    "message, tier",
    [
        # A bare "down to" was read as a recovery ("temp is down to normal") and set them aside.
        ("after 100 metres i have to squat down to get the feeling back in both legs", "emergency"),
        ("the shooting pain down my leg is getting worse, now it is down to my foot", "urgent"),
        # A daily pattern is present even when each day it eases: "then fine by lunch".
        ("every morning my back is so stiff it takes an hour to loosen up, then fine by lunch", "urgent"),
        # Someone as the object of the writer's verb does not make it someone else's symptom.
        ("can not enjoy anything and do not want to see anyone, feel flat all the time", "urgent"),
        # A general question tagged on after the symptom was told asks about the writer's own.
        ("waking at night with bad back pain, is it normal?", "urgent"),
        ("back pain is my worst side effect, mostly at night", "urgent"),
        # "mine" after a question claims the symptom asked about.
        ("does accutane back pain come from the nerves? mine is worst at night", "urgent"),
    ],
)
def test_a_cue_reaches_only_as_far_as_its_scope(detector, message, tier):
    assert detector.detect(message).tier == tier, message


@pytest.mark.parametrize(
    "message",
    [
        "my temp was 38.5 yesterday but it is down to normal now and my back is fine",
        "my friend says her back pain is worst every morning, is that common?",
        "is it normal to have back pain at night on accutane?",
        "should i stop accutane because of my back or push through",
        "shud i quit tane cos of my back",
        "can it make your legs numb? mine are fine",
        "does back pain at night mean something serious? my friend gets it",
    ],
)
def test_the_narrowed_scopes_still_set_aside_what_they_should(detector, message):
    assert detector.detect(message).tier in ("info", "none"), message


@pytest.mark.parametrize(
    "message",
    [
        "got pancreatitis from gallstones about six years ago, nothing since. is accutane safe for me?",
        "i had a bad low patch at uni years ago, none since. can roaccutane bring it back?",
        "my crohns has been in remission since 2019, does accutane affect the gut?",
        "had a kidney stone a few years back, been fine ever since. does isotretinoin cause stones?",
    ],
)
def test_an_episode_over_with_nothing_since_is_set_aside(detector, message):
    assert detector.detect(message).tier not in ("emergency", "urgent"), message


@pytest.mark.parametrize(
    "message, tier",
    [
        (
            "had pancreatitis years ago, nothing since, but tonight my upper stomach is agony and i keep vomiting",
            "emergency",
        ),
        ("my colitis was in remission but today there is blood in my poo again", "urgent"),
    ],
)
def test_a_present_flag_beside_an_episode_over_still_escalates(detector, message, tier):
    assert detector.detect(message).tier == tier, message


# --- cues with their own reach (isobot/safety/context_scope.py, not_the_present) ---------------


@pytest.mark.parametrize(
    "message",
    [
        "if the back ache gets worse can i just go back down to 40mg myself?",
        "can the derm lower my dose if the back pain gets bad or do i have to stop completely",
        "if she gets back pain does that mean she should come off it?",
        "if my back gets really bad later in the course, can i take a break from the tablets?",
        "if i ever get numbness, should i go to a&e?",
    ],
)
def test_a_hypothetical_future_in_a_question_does_not_escalate(detector, message):
    assert detector.detect(message).tier in ("info", "none"), message


@pytest.mark.parametrize(
    "message, tier",
    [
        ("if it gets worse can i take more ibuprofen? both my legs have gone numb", "emergency"),
        # "if the numbness gets worse": the numbness is here, only its worsening is a hypothesis.
        ("if the numbness in my groin gets worse can i still take my capsule?", "emergency"),
        ("my back pain is unbearable and if it gets any worse can i double my painkillers?", "urgent"),
    ],
)
def test_a_hypothetical_future_never_sets_aside_a_present_red_flag(detector, message, tier):
    assert detector.detect(message).tier == tier, message


@pytest.mark.parametrize(
    "message",
    [
        "back was a 9/10 after moving house last week but now its more like a 2. still worth seeing someone?",
        "my back pain was really bad on sunday, much better now. is it worth telling the derm?",
        "the ache went from an 8/10 down to a 3 with stretching, should i keep stretching daily?",
    ],
)
def test_a_grade_since_improved_does_not_escalate(detector, message):
    assert detector.detect(message).tier not in ("emergency", "urgent", "soon"), message


@pytest.mark.parametrize(
    "message, tier",
    [
        ("was 9/10 last week, now more like a 2, but both legs feel weak", "emergency"),
        ("my back was a 2 last week but now it is 9/10", "urgent"),
    ],
)
def test_an_improvement_never_sets_aside_a_present_red_flag(detector, message, tier):
    assert detector.detect(message).tier == tier, message


@pytest.mark.parametrize(
    "message",
    [
        "CK came back at 250 and the derm said thats fine. so is my back ache from the muscles then?",
        "my ck level was 300 and the gp said it is normal for someone who lifts. does lifting make the ache worse?",
    ],
)
def test_a_value_a_clinician_called_normal_does_not_escalate(detector, message):
    assert detector.detect(message).tier not in ("emergency", "urgent"), message


@pytest.mark.parametrize(
    "message, tier",
    [
        ("ck came back at 250 and the derm said that's fine, but my pee is dark brown", "urgent"),
        ("my ck came back really high and i am not worried", "urgent"),
    ],
)
def test_a_normal_value_never_sets_aside_a_present_red_flag(detector, message, tier):
    assert detector.detect(message).tier == tier, message


@pytest.mark.parametrize(
    "message",
    [
        "read about a lad who took his own life while on roaccutane and now i'm panicking. "
        "my daughter is fine and happy so far, but what mood changes should we watch for?",
        "heard about a girl who tried to kill herself on accutane, is that common?",
    ],
)
def test_reading_about_someone_elses_suicide_is_information(detector, message):
    assert detector.detect(message).tier in ("info", "none"), message


@pytest.mark.parametrize(
    "message",
    [
        "read about a lad who killed himself on accutane and now i want to kill myself too",
        "read about people getting suicidal on it. i want to end my life",
    ],
)
def test_reading_about_others_never_sets_aside_the_writers_own_red_flag(detector, message):
    assert detector.detect(message).tier == "emergency", message


@pytest.mark.parametrize(
    "message",
    [
        "fell off my bike years ago and have had numbness down there since",
        "had a bad fall years ago and since then my legs keep giving way",
    ],
)
def test_since_with_a_symptom_in_its_clause_brings_a_past_episode_back(detector, message):
    assert detector.detect(message).tier == "emergency", message


def test_since_alone_does_not_bring_a_past_episode_back(detector):
    message = "had pancreatitis about 10 years back, since then i have been careful with alcohol. is accutane ok?"
    assert detector.detect(message).tier in ("info", "none"), message


@pytest.mark.parametrize(
    "message, tier",
    [
        ("does driving make it worse? i drive for a living and my lower back aches", "none"),
        ("would taking my capsule at night instead of the morning help with the back ache?", "none"),
        ("my liver bloods came back bad and my eyes look yellow", "urgent"),
        ("i take my capsule at night and the back pain wakes me up every night", "urgent"),
    ],
)
def test_words_that_only_look_like_a_red_flag(detector, message, tier):
    assert detector.detect(message).tier == tier, message


@pytest.mark.parametrize(
    "message, tier",
    [
        ("i cant feel my legs, should i go to a&e?", "emergency"),
        ("i have a fever of 39 and my back is killing me, should i go to a&e?", "emergency"),
        ("my back is 9/10 and getting worse, should i go to a&e?", "urgent"),
    ],
)
def test_asking_whether_to_go_to_a_and_e_about_a_told_red_flag_escalates(detector, message, tier):
    assert detector.detect(message).tier == tier, message


@pytest.mark.parametrize(
    "message", ["should i go to a&e if my legs go numb?", "should i go to a&e with pancreatitis symptoms?"]
)
def test_asking_whether_to_go_to_a_and_e_about_no_symptom_of_ones_own_is_information(detector, message):
    assert detector.detect(message).tier in ("info", "none"), message


# Stop 25, from the informed f8 misses: each cause on the team's own wordings, not the corpus's.
@pytest.mark.parametrize(
    "message",
    [
        "my gp told me to watch for weak legs and a fever, not had any of that so far. is stretching ok?",
        "nurse listed foot drop and losing bladder control as warning signs, ive got none of it. can i still run?",
        "the leaflet mentioned numbness in the groin and wetting yourself, i have had none of that. when does it stop?",
    ],
)
def test_a_denial_referring_back_sets_aside_the_red_flags_it_refers_to(detector, message):
    # "info" where a reading cue ("warning signs", "the leaflet") names them: their information.
    assert detector.detect(message).tier in ("none", "info"), message


@pytest.mark.parametrize(
    "message",
    [
        "my derm warned me about bladder problems, ive got none of it, but since this morning i cant feel my legs",
        "the leaflet mentioned numbness down there, i had none until today but now my groin is numb",
        "ive had none of the side effects they warned about. i wet myself today without noticing",
    ],
)
def test_a_denial_referring_back_never_sets_aside_a_present_red_flag(detector, message):
    assert detector.detect(message).tier == "emergency", message


@pytest.mark.parametrize(
    "message",
    [
        "finished a fortnight ago and the back ache is already easing, will it go completely?",
        "came off accutane last week, back feels a bit better already, does it go fully?",
        "stopped 10 days ago and my back is getting better, can the pain be permanent?",
    ],
)
def test_a_question_about_a_back_that_is_getting_better_is_not_escalated(detector, message):
    finding = detector.detect(message)
    # Set aside: so neither the classifier nor the learned net can add "soon" over it.
    assert finding.tier == "none" and finding.set_aside, message


@pytest.mark.parametrize(
    "message",
    [
        "back feels a bit better but since this morning i cant feel my legs, is that normal?",
        "my back is getting better but i have a fever of 39, should i worry?",
    ],
)
def test_getting_better_never_sets_aside_a_present_red_flag(detector, message):
    assert detector.detect(message).tier == "emergency", message


def test_not_getting_better_is_not_getting_better(detector):
    assert (
        "getting_better"
        not in detector.detect("my back is not getting better after stopping, will it ever go?").set_aside
    )


@pytest.mark.parametrize(
    "message",
    [
        "can i still lift weights, my physio said numb legs would be a warning sign?",
        "is it ok to keep taking it, my friend said she got chest pain on it",
        "should i stop if my mood gets really low?",
        "can i keep going to the gym, the nurse said to stop if my legs go weak",
        "should i tell my derm i felt really low a few months ago? im fine now",
        "can i still take it, ive had no numbness or bladder issues at all",
    ],
)
def test_a_care_question_whose_red_flags_are_conditional_reported_denied_or_past_gets_information(detector, message):
    assert detector.detect(message).tier in ("info", "none"), message


@pytest.mark.parametrize(
    "message",
    [
        "my cousin had pancreatitis on accutane, should i be worried?",
        "my sister had blurred vision on roaccutane, can i still take it?",
        "should i stop the tablets, my sister got really depressed on them",
    ],
)
def test_another_persons_illness_told_with_had_and_no_time_word_is_background(detector, message):
    assert detector.detect(message).tier in ("info", "none"), message


@pytest.mark.parametrize(
    "message",
    [
        "my daughter had a fall this morning and her back is agony",
        "my son just had a fall off his bike and now he cant feel his legs",
        "my husband has had a fever of 39 since last night and his back is killing him",
    ],
)
def test_another_persons_danger_happening_now_keeps_its_tier(detector, message):
    assert detector.detect(message).tier == "emergency", message


@pytest.mark.parametrize(
    "message",
    [
        "if my legs are still numb tomorrow should i go to a&e?",
        "if the numbness in my groin is still there tonight do i need a and e?",
        "if my bum is still numb in the morning should i go to hospital?",
    ],
)
def test_still_inside_an_if_says_the_red_flag_is_here_now(detector, message):
    assert detector.detect(message).tier == "emergency", message


def test_an_if_without_still_stays_a_hypothesis(detector):
    assert detector.detect("if my legs go numb should i go to a&e?").tier in ("info", "none")
