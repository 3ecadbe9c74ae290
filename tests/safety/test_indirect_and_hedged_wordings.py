"""Red flags said indirectly or hedged, as patients say them (stop 27): each family's wording
beside a harmless one that shares its words (safety/red_flags.yml names the source of each).
The sentences are the team's own, not the corpus's."""

from __future__ import annotations

import pytest

from isobot.safety.conversation import across_turns
from isobot.safety.spelling import Speller
from isobot.text import NEGATIVE_CONTRACTIONS


def finding(detector, *messages: str):
    *earlier, last = messages
    return across_turns(detector, detector.detect(last), [detector.detect(m) for m in earlier])


@pytest.mark.parametrize(
    "messages, escalation",
    [
        # Cauda equina: hedged trouble starting, or telling where peeing starts or ends; misspelt control.
        (["my lower back is wrecked and i just cant seem to pee even though i'm bursting"], "cauda_equina"),
        (["back's been awful since friday, now the wee just won't get going"], "cauda_equina"),
        (["since the back flared up i can't tell whether i've finished weeing"], "cauda_equina"),
        (["cant controll my bowels today and my back is in bits"], "cauda_equina"),
        # Indirect suicide warning signs, of oneself or of someone the writer is with.
        (["honestly my parents would be happier if i wasnt around"], "self_harm"),
        (["i reckon my friends would have a better life without me"], "self_harm"),
        (["my son has been stockpiling his tablets in a shoebox under the bed"], "self_harm"),
        (["she put 'nice knowing everyone' on her story and won't pick up"], "self_harm"),
        (["my daughter posted 'goodbye world' last night and now her phone is off"], "self_harm"),
        (["been googling how many painkillers it would take"], "self_harm"),
        (["everyone at home would be fine without me around, i'm so tired of it all"], "self_harm"),
        (["i keep thinking my mates would cope better once i'm gone"], "self_harm"),
        (["feeling hopeless lately", "i gave my best friend my guitar and my good headphones yesterday"], "self_harm"),
        # Sudden loss of part of one eye's sight.
        (["part of what i can see out of my left eye just disappeared"], "vision_loss"),
        # A fall told of someone else, onto the back.
        (["my son came off his bike on the ice and landed on his back, he's in agony"], "trauma"),
        # Pregnancy on the drug: a test told loosely, a contraceptive lapse.
        (["my partner took a test this morning and it's positive, she takes isotretinoin"], "pregnancy"),
        (["i forgot my birth control pill twice while on accutane"], "pregnancy"),
        # Depression and anxiety told as their signs.
        (["since starting roaccutane i don't care about anything, i hide in my room"], "depression"),
        (["getting these waves of panic for no reason since my dose went up"], "depression"),
        # Headache then being sick, across turns; a hot or swollen joint.
        (["my head has been throbbing since the dose went up", "and now i've been sick twice"], "headache_nausea"),
        (["my wrist has gone hot and swollen on isotretinoin"], "inflammatory_back_pain"),
        (["my knees are puffy and stiff lately"], "inflammatory_back_pain"),
        # Lasting back pain, or pain that gets in the way of daily life: see the GP soon.
        (["my lower back has ached for about 3 months now, do i need to see someone?"], "persistent_back_pain"),
        (["the back pain is stopping me from doing my shifts at work"], "persistent_back_pain"),
        (["took my final capsule in may and my back still aches"], "persistent_after_stopping"),
    ],
)
def test_an_indirect_or_hedged_red_flag_escalates(detector, messages, escalation):
    assert finding(detector, *messages).escalation == escalation, messages


@pytest.mark.parametrize(
    "messages",
    [
        ["my car won't start and my back aches from pushing it"],
        ["i can't seem to start my day without coffee, my back is fine"],
        ["can isotretinoin make it so you cant seem to start a wee?"],
        ["gave my sister my old jacket because it doesn't fit me, feeling great"],
        ["how many paracetamol can i take a day on accutane for my back?"],
        ["how many tablets would it take to clear my skin completely?"],
        ["i'd be happier if i wasnt on accutane to be honest, the dry lips"],
        ["the redness in my eye has disappeared now"],
        ["she came off her horse last year and healed fine, her back is ok now"],
        ["did a covid test and it's negative, back aches a bit"],
        ["i missed my pill yesterday, should i take two today?"],
        ["i don't care about the dry lips, i'll just stay in tonight"],
        ["had a moment of panic when i saw how big the capsules are"],
        ["i had a wave of panic before my driving test"],
        ["last capsule today!! goodbye forever acne, nice knowing you"],
        ["ok bye everyone, off to bed now, my back feels fine"],
        ["took a test at work, positive for covid, back aches a bit"],
        ["my head is pounding from the music last night lol"],
        ["my knee is not swollen or hot, just a bit achy after running"],
        ["the spot on my chin is hot and swollen"],
        ["how long does back pain last after your last capsule?"],
        ["my back felt stiff for about 2 months and it's completely gone now"],
    ],
)
def test_a_near_miss_of_the_same_words_does_not_escalate(detector, messages):
    assert finding(detector, *messages).tier not in ("emergency", "urgent", "soon"), messages


def test_a_doubled_last_letter_is_the_phrase_word_even_when_listed_as_known():
    speller = Speller(["control", "bladder", "needles"], frozenset({"controll", "needless"}), NEGATIVE_CONTRACTIONS)
    assert speller.correct("controll") == "control"
    assert speller.correct("needless") is None  # a word of its own, not "needles"
