"""Spanish red flags as people write them in a chat (stop 27): spellings by ear, shorthand,
regional words, a relative's symptom told in the third person, signs told without the textbook
word. And the other direction: figures of speech, questions about a sign, and everyday halves
of a warning sign stay out of the alarm. Every wording is written for these tests, not taken
from any evaluation set."""

from __future__ import annotations

import pytest

from tests.safety.conftest import reading

CAUGHT = [
    # retention told with "lograr", incontinence told of someone else
    ("desde anoche no logro hacer pis y la cintura me esta matando", "emergency", "cauda_equina"),
    ("mi papa tiene ciatica y hoy se orino encima sin darse cuenta", "emergency", "cauda_equina"),
    ("mi abuela dice que no se controla y se hizo pis encima en el sillon", "emergency", "cauda_equina"),
    # shivering as the fever beside back pain
    ("re dolorida la espalda baja y tiemblo de frio en pleno verano", "emergency", "infection"),
    # spellings by ear: x for ch, s for z, b for v, a dropped h
    ("siento el pexo apretado desde hace un rato", "emergency", "chest_pain"),
    ("me duele la cabesa todos los dias y veo todo doble", "emergency", "intracranial_hypertension"),
    ("dolor de cabeza orible y no paro de bomitar", "urgent", "headache_nausea"),
    # loss of sight, double vision with words between
    ("de golpe me quede sin ver del ojo derecho", "emergency", "vision_loss"),
    ("me revienta la cabeza y veo todo doble", "emergency", "intracranial_hypertension"),
    # goodbyes without a suicide word
    ("mi hermano se anda despidiendo de todos como si se fuera para siempre", "emergency", "self_harm"),
    ("mi prima cerro todas sus redes y regalo su celular", "emergency", "self_harm"),
    ("mi amigo elimino sus cuentas y nos mando gracias por todo", "emergency", "self_harm"),
    ("ya no tengo ganas de vivir, parce", "emergency", "self_harm"),
    # one leg, foot drop
    ("la pierna derecha se me afloja cuando bajo escaleras", "urgent", "one_leg_weakness"),
    ("al caminar se me traba la punta del pie en la alfombra", "urgent", "one_leg_weakness"),
    # jaundice with the white of the eye named another way
    ("el blanco del ojo se me ve amarillento desde el lunes", "urgent", "hepatotoxicity"),
    # a withdrawn teenager
    ("mi hija ya no habla con nadie en la casa desde que toma roacutan", "urgent", "depression"),
    ("mi hijo se la pasa encerrado y ya no sale con sus amigos", "urgent", "depression"),
    # gut: blood in the stool, diarrhoea many times or with strong pain
    ("mi nene hizo popo con sangre esta mañana", "urgent", "ibd"),
    ("tengo diarrea 8 veces en el dia, estoy con isotretinoina", "urgent", "ibd"),
    ("diarrea y retorcijones que no me dejan parar", "urgent", "ibd"),
    # a late period told as "atraso"
    ("ando atrasada con la regla y tomo roacutan", "urgent", "pregnancy"),
    ("llevo un atraso de una semana, q hago x favor", "urgent", "pregnancy"),
    # morning stiffness told as taking long to bend
    ("todas las mañanas me cuesta agacharme como una hora entera", "urgent", "inflammatory_back_pain"),
    # a relative's temperature told with "tiene", the foot's slap in quotes
    ("mi nene tiene 38,7 y llora porque le duele la espalda", "emergency", "infection"),
    ("mi pie izquierdo hace 'plaf' en la vereda desde la hernia", "urgent", "one_leg_weakness"),
    ('camino y el pie me hace "plaf", me duele la lumbar', "urgent", "one_leg_weakness"),
]


@pytest.mark.parametrize("message, tier, escalation", CAUGHT)
def test_signs_told_by_ear_in_shorthand_or_of_a_relative_are_caught(detector_es, message, tier, escalation):
    assert reading(detector_es, message) == (tier, escalation)


NOT_AN_ALARM = [
    # someone else "killing" the writer, wanting to die over dry lips or spots
    "mi mama me va a matar si llego tarde otra vez",
    "los de la facu me van a matar, no entregue el trabajo por la espalda",
    "me muero con estos labios secos, que balsamo me recomiendan",
    "me quiero morir con este acne jaja, cuando empieza a hacer efecto?",
    # one half of a goodbye is everyday
    "gracias por todo, me ayudaste un monton",
    "borre mis redes para concentrarme en los examenes",
    # the hairstyle, a delay that is not a period, the chest pain that came and went
    "me hago una cola de caballo porque se me reseca el pelo",
    "el bus tuvo un retraso de una hora y me duele la espalda de estar parada",
    "hace unas semanas me dolio el pecho un ratito y se fue, desde entonces nada",
    # a late period asked about, not told
    "si se me atrasa la regla tengo que dejar la pastilla?",
    # an age or a weight told with "tiene" is not a temperature
    "mi tio tiene 40 años y lumbago de siempre",
    "mi hija tiene 39 kilos y le duele la espalda con la mochila",
]


@pytest.mark.parametrize("message", NOT_AN_ALARM)
def test_figures_of_speech_and_everyday_halves_raise_no_emergency(detector_es, message):
    assert reading(detector_es, message)[0] not in ("emergency",)


EVERYDAY = [
    "mi mama me va a matar si llego tarde otra vez",
    "me muero con estos labios secos, que balsamo me recomiendan",
    "gracias por todo, me ayudaste un monton",
    "borre mis redes para concentrarme en los examenes",
    "me hago una cola de caballo porque se me reseca el pelo",
]


@pytest.mark.parametrize("message", EVERYDAY)
def test_everyday_chat_gets_no_red_flag_at_all(detector_es, message):
    assert reading(detector_es, message)[0] == "none"


ASKED_ABOUT = [
    "como identifico una reaccion alergica seria a la isotretinoina?",
    "que señales de depresion hay que mirar en un adolescente con roacutan?",
    "el roacutan puede hacer perder la vision de un ojo?",
    "la fiebre con dolor lumbar es peligrosa? pregunto por si acaso",
    "cuales son los sintomas de la cola de caballo?",
    "a mi tia la operaron de cola de caballo, tengo mas riesgo yo?",
    "es verdad que se ve peor de noche con isotretinoina?",
]


@pytest.mark.parametrize("message", ASKED_ABOUT)
def test_a_question_about_a_warning_sign_gets_the_information(detector_es, message):
    assert reading(detector_es, message)[0] == "info"


OWN_SIGN_WITH_A_QUESTION = [
    ("no logro orinar desde ayer, para saber si es grave", "emergency"),
    ("como reconozco si es grave? se me esta cerrando la garganta", "emergency"),
    ("se me traba la punta del pie, eso es peligroso?", "urgent"),
]


@pytest.mark.parametrize("message, tier", OWN_SIGN_WITH_A_QUESTION)
def test_ones_own_sign_told_beside_a_question_stays_an_alarm(detector_es, message, tier):
    assert reading(detector_es, message)[0] == tier


STILL_AN_ALARM = [
    # "puede hacer" asks only after the drug's name: a relative who cannot pee is still told
    ("mi suegro no puede hacer pis desde anoche", "emergency"),
    # a pain that "se fue" to the back spread, it did not go
    ("me apreto el pecho y se fue hacia el brazo", "emergency"),
    # sight lost "de" or "por" an eye, not a match missed
    ("me quede sin ver por el ojo izquierdo un rato largo", "emergency"),
]


@pytest.mark.parametrize("message, tier", STILL_AN_ALARM)
def test_the_question_and_resolution_cues_do_not_reach_a_sign_told_now(detector_es, message, tier):
    assert reading(detector_es, message)[0] == tier


@pytest.mark.parametrize(
    "message",
    [
        "me quede sin ver la final por el dolor de espalda",
        "en el super cobran todo doble los domingos",
        "tiemblo todo de los nervios antes del examen",
    ],
)
def test_everyday_twins_of_the_new_phrases_raise_nothing(detector_es, message):
    assert reading(detector_es, message)[0] in ("none", "soon")


SPLIT_APART = [
    # the stool and its blood, the period and its delay, with words between
    ("la popo de mi chiquito vino con un poco de sangre", "urgent", "ibd"),
    ("me retrase como 10 dias con la regla, tomo isotretinoina", "urgent", "pregnancy"),
    ("mi periodo viene atrasado y estoy con acnotin", "urgent", "pregnancy"),
]


@pytest.mark.parametrize("message, tier, escalation", SPLIT_APART)
def test_a_sign_told_with_words_between_its_halves_is_caught(detector_es, message, tier, escalation):
    assert reading(detector_es, message) == (tier, escalation)


@pytest.mark.parametrize(
    "message",
    [
        "el periodo de inscripcion esta atrasado en la facu",
        "la regla me vino puntual, ningun atraso",
        "ni rastro de sangre en la caca, solo dolor de espalda",
    ],
)
def test_a_delay_or_blood_that_is_not_the_sign_is_no_urgent_flag(detector_es, message):
    assert reading(detector_es, message)[0] not in ("urgent", "emergency")


def test_no_feeling_told_as_nada_de_sensibilidad_is_a_cauda_equina_emergency(detector_es):
    message = "desde la caida de la moto nada de sensibilidad entre las nalgas"
    assert reading(detector_es, message) == ("emergency", "cauda_equina")


def test_no_odd_feeling_told_as_nada_de_sensacion_rara_is_no_alarm(detector_es):
    assert reading(detector_es, "todo normal ahi abajo, nada de sensacion rara, solo lumbago")[0] == "none"


def test_a_painkiller_that_stopped_working_on_the_back_is_soon(detector_es):
    assert reading(detector_es, "el paracetamol ya no me hace efecto con la espalda")[0] == "soon"
