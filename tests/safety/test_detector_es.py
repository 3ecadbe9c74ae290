"""The Spanish red-flag rules (safety/red_flags.es.yml): red flags caught in everyday Spanish,
with and without accents, and negations, past episodes, other people's questions and figures
of speech left alone. Cases written for these tests, not taken from any evaluation set."""

from __future__ import annotations

import pytest

from isobot import settings
from isobot.safety.detector import RedFlagDetector


@pytest.fixture(scope="module")
def detector_es():
    return RedFlagDetector.from_paths(settings.SPACY_PIPELINE_ES, settings.RED_FLAG_RULES_ES)


CAUGHT = [
    # cauda equina, with and without accents
    ("no siento las nalgas y me orino encima", "emergency", "cauda_equina"),
    ("no siento las nalgas y me orinó encima", "emergency", "cauda_equina"),
    ("tengo la entrepierna dormida desde ayer", "emergency", "cauda_equina"),
    ("no puedo orinar y me duele mucho la espalda", "emergency", "cauda_equina"),
    ("se me escapa la orina sin darme cuenta", "emergency", "cauda_equina"),
    # both legs, one leg
    ("se me doblan las piernas cuando me paro", "emergency", "bilateral_leg_weakness"),
    ("mis piernas estan debiles y con hormigueo", "emergency", "bilateral_leg_weakness"),
    ("arrastro el pie derecho al caminar", "urgent", "one_leg_weakness"),
    # self-harm, direct and indirect
    ("ya no quiero vivir", "emergency", "self_harm"),
    ("me quiero morir", "emergency", "self_harm"),
    ("regalé mis cosas y escribí cartas de despedida", "emergency", "self_harm"),
    ("estoy juntando pastillas", "emergency", "self_harm"),
    # the other emergencies
    ("se me esta cerrando la garganta despues de la pastilla", "emergency", "anaphylaxis"),
    ("tengo la cara y los labios hinchados", "emergency", "anaphylaxis"),
    ("tengo ampollas en la boca y fiebre", "emergency", "severe_skin_reaction"),
    ("dolor de estomago horrible que se pasa a la espalda y vomito", "emergency", "pancreatitis"),
    ("perdi la vista de un ojo de repente", "emergency", "vision_loss"),
    ("tengo un dolor de cabeza horrible y veo borroso", "emergency", "intracranial_hypertension"),
    ("tengo fiebre y dolor de espalda", "emergency", "infection"),
    ("me duele la espalda y tengo 39,2", "emergency", "infection"),
    ("me duele la espalda y el termometro marca 102 f", "emergency", "infection"),
    ("me cai de la escalera y me duele la espalda", "emergency", "trauma"),
    ("siento una opresion en el pecho", "emergency", "chest_pain"),
    # urgent
    ("creo que estoy embarazada", "urgent", "pregnancy"),
    ("me siento deprimida y sin ganas de nada", "urgent", "depression"),
    ("orina color coca cola y me duelen los musculos", "urgent", "rhabdomyolysis"),
    ("tengo los ojos amarillos", "urgent", "hepatotoxicity"),
    ("diarrea con sangre desde hace dos dias", "urgent", "ibd"),
    ("dolor de espalda insoportable", "urgent", "severe_pain"),
    ("el dolor de espalda no me deja dormir", "urgent", "night_or_rest_pain"),
    ("llevo semanas con dolor de espalda y nada me ayuda", "urgent", "persistent_pain"),
    # regional register: "bien feo" (Mexico) is "very bad", "tío" (Spain) a filler
    ("me duele la espalda bien feo", "urgent", "severe_pain"),
    ("tio no noto el culo y me meo encima", "emergency", "cauda_equina"),
    ("oye se me durmio el culo y no puedo mear", "emergency", "cauda_equina"),
    ("no le encuentro sentido a nada", "emergency", "self_harm"),
    ("tengo el estomago que me mata y no paro de vomitar", "emergency", "pancreatitis"),
    # another person, now: action now
    ("mi hija no siente las piernas", "emergency", "bilateral_leg_weakness"),
]


@pytest.mark.parametrize("message, tier, escalation", CAUGHT)
def test_spanish_red_flags_are_caught(detector_es, message, tier, escalation):
    finding = detector_es.detect(message)
    assert (finding.tier, finding.escalation) == (tier, escalation), finding


QUIET = [
    # figures of speech
    "me muero de risa",
    "me está matando este acné",
    "este acne me esta matando",
    "casi me da un infarto con el precio",
    "me orino de risa con tus memes",
    "me quiero morir de vergüenza, tengo granos en toda la cara",
    "se me cae el pelo y me duele un poco la espalda",
    # negations
    "no tengo hormigueo ni debilidad en las piernas",
    "no tengo fiebre",
    "no estoy embarazada",
    "sin fiebre, solo me duele un poco la espalda",
    "la vejiga esta bien",
    "sin embargo la espalda me duele poco",
    # a past episode
    "hace años me caí y me dolía la espalda",
    "de niño tuve fiebre muy alta",
    # numbers that are not temperatures
    "tomo 40 mg al dia y me duele la espalda",
    "tengo 39 años y me duele la espalda",
    # ordinary questions
    "¿el accutane puede causar dolor de espalda?",
    "hola, tengo una pregunta sobre la isotretinoina",
]


@pytest.mark.parametrize("message", QUIET)
def test_spanish_figures_of_speech_negations_and_the_past_stay_quiet(detector_es, message):
    finding = detector_es.detect(message)
    assert finding.tier == "none", finding


@pytest.mark.parametrize(
    "message",
    [
        "qué pasa si me orino encima",
        "y si no siento las piernas?",
        "que pasa si tengo fiebre y dolor de espalda",
        "si alguien pierde la vista de un ojo, ¿qué debe hacer?",
    ],
)
def test_hypothetical_and_third_party_spanish_is_information(detector_es, message):
    assert detector_es.detect(message).tier == "info"


def test_si_with_its_accent_is_yes_not_if(detector_es):
    assert detector_es.detect("sí tengo fiebre y me duele la espalda").tier == "emergency"
    assert detector_es.detect("si tengo fiebre y me duele la espalda, ¿voy a urgencias?").tier == "info"


def test_a_year_is_not_a_body_part(detector_es):
    # "año" keeps its ñ when accents are folded: "ano" would be a saddle-area word.
    assert detector_es.detect("hace un año tengo la pierna dormida").tier != "emergency"
