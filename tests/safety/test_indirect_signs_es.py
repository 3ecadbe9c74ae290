"""Spanish red flags told without the usual words: retention as a full bladder that will not
empty, goodbyes and affairs put in order, low mood as anguish, pain with no position that
helps, back pain dated in weeks, Spanglish back pain with a Fahrenheit fever. Each wording is
written for these tests (no accents, abbreviations, regional words), not taken from any set."""

from __future__ import annotations

import pytest

from tests.safety.conftest import reading

RETENTION = [
    "tengo la vejiga super llena pero no sale casi nada y me duele la espalda",
    "voy al baño y casi no sale nada de pipi, me duele la cintura",
    "siento la vejiga llenisima y no puedo soltar nada, dolor lumbar",
]


@pytest.mark.parametrize("message", RETENTION)
def test_a_full_bladder_that_will_not_empty_is_a_cauda_equina_emergency(detector_es, message):
    assert reading(detector_es, message) == ("emergency", "cauda_equina")


INDIRECT_SELF_HARM = [
    "le deje una carta a mi novia por si me pasa algo",
    "les escribi cartas a mis papas x si me pasa algo",
    "ayer me despedi de mis amigos y les dije q los quiero",
    "ya me despedi de mi familia, les dije cuanto los quiero",
    "no le encuentro sentido a seguir",
    "ya no le veo el sentido a seguir viviendo",
    "deje todo ordenado, las contraseñas anotadas y el gato con mi vecina",
    "ya deje todas mis cosas en orden, las claves y el perro con mi mama",
    "encontre una nota de mi hijo que dice adios, que nos quiere mucho",
]


@pytest.mark.parametrize("message", INDIRECT_SELF_HARM)
def test_indirect_goodbyes_and_affairs_put_in_order_are_a_self_harm_emergency(detector_es, message):
    assert reading(detector_es, message) == ("emergency", "self_harm")


EVERYDAY_HALVES = [
    "le escribi una carta a mi abuela por su cumple",
    "me despedi de mis amigos porque me mudo a otra ciudad",
    "deje todo ordenado en mi cuarto antes de la visita",
    "tomo mucha agua y siento la vejiga llena, es normal?",
]


@pytest.mark.parametrize("message", EVERYDAY_HALVES)
def test_one_half_of_a_goodbye_or_of_retention_is_no_alarm(detector_es, message):
    assert reading(detector_es, message)[0] in ("none", "info")


LOW_MOOD = [
    "nunca me habia sentido tan bajo de animo",
    "tengo una angustia terrible todo el dia",
    "ando con mucha angustia y el animo por el suelo",
    "estoy muy mal de animo desde el roacutan",
]


@pytest.mark.parametrize("message", LOW_MOOD)
def test_present_low_mood_told_as_anguish_is_urgent(detector_es, message):
    assert reading(detector_es, message) == ("urgent", "depression")


REST_PAIN = [
    "no hay posicion que me alivie el dolor de espalda",
    "me duele la espalda aun acostada sin moverme",
    "me duele la cintura hasta quieto, ninguna postura me calma",
]


@pytest.mark.parametrize("message", REST_PAIN)
def test_back_pain_at_rest_with_no_position_that_helps_is_urgent(detector_es, message):
    assert reading(detector_es, message)[0] == "urgent"


WEEKS_OF_PAIN = [
    "llevo como 2 meses con la espalda adolorida",
    "hace 3 meses q me duele la espalda baja",
    "el dolor de espalda me dura ya 6 semanas",
]


@pytest.mark.parametrize("message", WEEKS_OF_PAIN)
def test_back_pain_dated_in_weeks_or_months_is_soon(detector_es, message):
    assert reading(detector_es, message)[0] == "soon"


def test_spanglish_back_pain_with_a_fahrenheit_temperature_is_an_infection_emergency(detector_es):
    assert reading(detector_es, "my back hurts y el termometro marca 101.6 F") == ("emergency", "infection")


NOT_AN_ALARM = [
    # a leaflet's or a friend's warning, with the symptom explicitly not had
    "mi prima me asusto con que el roacutan da pancreatitis, yo no tengo ningun dolor de barriga",
    "me dijo que da pancreatitis pero no tengo ninguna molestia de panza, puedo tomar paracetamol?",
    # a chest pain that came and went, asked about
    "ayer me dolio un poco el pecho pero ya no, sera el roacutan?",
    "la semana pasada me dolio el pecho un ratito y ya, es por la isotretinoina?",
]


@pytest.mark.parametrize("message", NOT_AN_ALARM)
def test_a_warning_not_had_or_a_chest_pain_that_went_is_no_emergency(detector_es, message):
    assert reading(detector_es, message)[0] in ("none", "info")


ASKED_ABOUT = [
    "una hernia puede causar pie caido? yo camino normal",
    "el pie caido puede ser por la ciatica?",
    "el accutane puede afectar la vision de noche?",
]


@pytest.mark.parametrize("message", ASKED_ABOUT)
def test_a_question_about_a_warning_sign_is_information(detector_es, message):
    assert reading(detector_es, message)[0] == "info"


def test_a_foot_drop_told_as_ones_own_in_a_question_stays_urgent(detector_es):
    assert reading(detector_es, "se me arrastra el pie derecho, puede ser por la hernia?") == (
        "urgent",
        "one_leg_weakness",
    )


MORE_SIGNS = [
    ("tengo numbness en la groin area y la back pain me mata", "emergency", "cauda_equina"),
    ("mi hijo esta regalando sus cosas y anda muy callado", "emergency", "self_harm"),
    ("mi novia me escribio que la perdone por todo y no contesta", "emergency", "self_harm"),
    ("me encierro en mi cuarto todo el dia y ya no salgo con mis amigos", "urgent", "depression"),
    ("la ciatica me llega hasta el tobillo y cada dia duele el doble", "urgent", "sciatica_worsening"),
    ("mi hijo dice que le va a explotar la cabeza y ve borroso", "emergency", "intracranial_hypertension"),
]


@pytest.mark.parametrize("message, tier, escalation", MORE_SIGNS)
def test_signs_told_in_spanglish_or_by_a_relative_are_caught(detector_es, message, tier, escalation):
    assert reading(detector_es, message) == (tier, escalation)


@pytest.mark.parametrize(
    "message",
    ["regale mi ropa vieja a mi hermana", "mi prima esta muy callada hoy", "me encanta quedarme en mi cuarto leyendo"],
)
def test_giving_things_away_or_being_quiet_alone_is_no_alarm(detector_es, message):
    assert reading(detector_es, message)[0] == "none"
