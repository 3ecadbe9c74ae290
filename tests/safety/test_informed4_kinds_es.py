"""Spanish red flags of the kinds the informed4 set showed missed (stop 29), each proved both
ways: the sign fires, its everyday half or its harmless telling does not. Every wording is
written for these tests (no accents, chat spellings), not taken from any set."""

from __future__ import annotations

import pytest

from isobot.safety.conversation import across_turns
from isobot.safety.detector import RedFlagDetector
from tests.safety.conftest import reading


def _tier(detector: RedFlagDetector, *messages: str) -> str:
    *earlier, last = messages
    return across_turns(detector, detector.detect(last), [detector.detect(m) for m in earlier]).tier


# --- emergencies ----------------------------------------------------------------------------
INDIRECT_SUICIDE = [
    "mi hijo anda regalando sus juegos a sus primos y se despide de todos como raro",
    "ya regale mis cosas favoritas y me estoy despidiendo de la gente",
    "estoy harta de todo y ya lo tengo todo planeado para el viernes",
    "cansado de vivir, tengo todo pensado",
    "le deje una nota a mi hermana diciendole adios",
    "vi en la compu de mi hija que busco como quitarse la vida",
    "busque formas de como matarme sin que duela",
]


@pytest.mark.parametrize("message", INDIRECT_SUICIDE)
def test_indirect_suicide_signs_are_a_self_harm_emergency(detector_es, message):
    assert reading(detector_es, message) == ("emergency", "self_harm")


EVERYDAY_HALVES = [
    "regale mi ropa vieja a la iglesia",
    "me despedi de mis compañeros porque cambio de trabajo",
    "estoy cansada de todo el estudio, necesito vacaciones",
    "ya tengo todo pensado para la fiesta del sabado",
    "le escribi una carta a mi abuela por su cumple",
    "me voy a tirar a la piscina si hace calor",
]


@pytest.mark.parametrize("message", EVERYDAY_HALVES)
def test_one_half_of_an_indirect_sign_is_no_emergency(detector_es, message):
    assert reading(detector_es, message)[0] != "emergency"


def test_sight_gone_suddenly_in_one_eye_is_an_emergency(detector_es):
    assert reading(detector_es, "de repente perdi la vision del ojo izquierdo") == ("emergency", "vision_loss")
    assert reading(detector_es, "se me fue la vista de un ojo hace un rato") == ("emergency", "vision_loss")


def test_asking_whether_sight_can_be_lost_is_information(detector_es):
    assert reading(detector_es, "se puede quedar ciego de un ojo con la isotretinoina?")[0] == "info"
    assert reading(detector_es, "se puede perder la vision con esta pastilla?")[0] == "info"


def test_skin_coming_off_in_sheets_with_sore_eyes_is_an_emergency(detector_es):
    message = "la piel se me cae a tiras en los brazos y tengo los ojos con costras"
    assert reading(detector_es, message) == ("emergency", "severe_skin_reaction")


def test_dry_peeling_lips_of_the_drug_are_no_emergency(detector_es):
    assert reading(detector_es, "se me pelan mucho los labios con el roacutan")[0] != "emergency"
    assert reading(detector_es, "tengo los ojos rojos de tanto llorar")[0] != "emergency"


def test_a_swollen_face_with_an_itchy_throat_is_anaphylaxis(detector_es):
    message = "tengo los labios re inflamados y me pica la garganta desde la pastilla"
    assert reading(detector_es, message) == ("emergency", "anaphylaxis")


def test_an_itchy_throat_alone_is_no_anaphylaxis(detector_es):
    assert reading(detector_es, "me pica la garganta, creo que me resfrie")[0] == "none"


RETENTION_WITH_BACK = [
    "me cuesta hacer pis desde ayer y me duele la cintura",
    "siento que no vacio bien la vejiga y la espalda baja me duele",
]


@pytest.mark.parametrize("message", RETENTION_WITH_BACK)
def test_straining_or_not_emptying_is_a_cauda_equina_emergency(detector_es, message):
    assert reading(detector_es, message) == ("emergency", "cauda_equina")


def test_numbness_when_wiping_is_a_cauda_equina_emergency(detector_es):
    assert reading(detector_es, "mi hija no siente nada cuando se limpia y le duele la espalda")[0] == "emergency"


def test_wiping_without_a_loss_of_feeling_is_no_alarm(detector_es):
    assert reading(detector_es, "me arde un poco cuando me limpio por los granos")[0] != "emergency"


HEAD_PRESSURE = [
    "me duele muchisimo la kbeza y veo doble",
    "mi hijo tiene cefalea fuerte y dice que ve las cosas dobles",
    "me duele demasiado la cabeza y veo todo borroso",
]


@pytest.mark.parametrize("message", HEAD_PRESSURE)
def test_a_bad_headache_with_double_or_blurred_sight_is_intracranial_pressure(detector_es, message):
    assert reading(detector_es, message) == ("emergency", "intracranial_hypertension")


def test_headache_then_double_vision_then_vomiting_add_up_across_turns(detector_es):
    messages = ("tengo un dolor de cabeza fuerte hace 2 dias", "hoy empece a ver doble", "ahora tengo ganas de vomitar")
    assert _tier(detector_es, *messages) == "emergency"


def test_a_headache_with_nausea_alone_stays_urgent(detector_es):
    assert reading(detector_es, "me duele mucho la kbeza y tengo nauseas") == ("urgent", "headache_nausea")


# --- urgent ---------------------------------------------------------------------------------
def test_yellow_skin_told_by_others_is_urgent(detector_es):
    assert reading(detector_es, "mi mama me dice que estoy amarillo, y si, los ojos tambien") == (
        "urgent",
        "hepatotoxicity",
    )


def test_a_yellow_thing_is_no_jaundice(detector_es):
    assert reading(detector_es, "me compre una remera amarilla, me queda genial")[0] == "none"


def test_a_swollen_hot_joint_is_urgent(detector_es):
    assert reading(detector_es, "se me hincharon las rodillas y estan calientes")[0] == "urgent"
    assert reading(detector_es, "tengo el tobillo inflamado y caliente al tacto")[0] == "urgent"


def test_a_swollen_joint_after_a_twist_without_heat_is_not_urgent(detector_es):
    assert reading(detector_es, "me torci el tobillo jugando y esta un poco hinchado")[0] not in ("urgent", "emergency")


def test_withdrawal_with_eating_or_sleeping_changed_is_depression(detector_es):
    message = "mi hija casi no habla y se la pasa durmiendo con el acnotren"
    assert reading(detector_es, message) == ("urgent", "depression")
    assert reading(detector_es, "no salgo de mi cuarto y casi no como") == ("urgent", "depression")


def test_one_change_of_habit_alone_is_no_depression(detector_es):
    assert reading(detector_es, "mi hijo no come verduras")[0] == "none"
    assert reading(detector_es, "el finde duermo todo el dia jaja")[0] == "none"


def test_a_broken_condom_with_the_fear_of_pregnancy_is_urgent(detector_es):
    assert reading(detector_es, "se nos rompio el preservativo ayer y tomo roacutan, y si quede embarazada?") == (
        "urgent",
        "pregnancy",
    )


def test_asking_about_pregnancy_in_general_is_information(detector_es):
    assert reading(detector_es, "que pasa si quedo embarazada tomando roacutan?")[0] in ("info", "none")


# --- soon -----------------------------------------------------------------------------------
def test_back_pain_lingering_after_someone_stopped_is_soon(detector_es):
    assert reading(detector_es, "mi hija dejo la isotretinoina hace 2 meses y aun le duele la espalda")[0] == "soon"


def test_a_treatment_to_come_is_not_back_pain_dated_in_weeks(detector_es):
    assert reading(detector_es, "empiezo el roacutan la semana que viene, que pasa con la espalda?")[0] == "none"


# --- information about a red flag -----------------------------------------------------------
RED_FLAG_QUESTIONS = [
    "el dolor en el pecho es un efecto de la isotretinoina? no lo tengo, solo pregunto",
    "la fiebre con dolor lumbar es algo a vigilar?",
    "el dolor de espalda que no deja dormir es mala señal?",
    "que significa cauda equina y como saber si la tengo",
    "mi abuelo tuvo cola de caballo y lo operaron, es hereditario?",
    "se me durmio la entrepierna en la bici un rato y luego bien, es normal?",
]


@pytest.mark.parametrize("message", RED_FLAG_QUESTIONS)
def test_a_question_about_a_red_flag_is_information(detector_es, message):
    assert reading(detector_es, message)[0] == "info"


def test_the_same_red_flag_told_as_ones_own_is_still_an_alarm(detector_es):
    assert reading(detector_es, "tengo fiebre y dolor lumbar")[0] == "emergency"
    assert reading(detector_es, "me duele el pecho fuerte")[0] == "emergency"


# --- harmless -------------------------------------------------------------------------------
HARMLESS = [
    "ayer llore un rato con una serie, lagrimas y ya, hoy de lo mas bien",
    "el martes tuve un dolor lumbar fortisimo, ya se me fue por completo",
    "se me nublo la vista un segundo al levantarme rapido",
    "el folleto dice que puede dar depresion pero estoy de animo genial",
]


@pytest.mark.parametrize("message", HARMLESS)
def test_a_moment_that_passed_or_a_denied_leaflet_effect_is_no_escalation(detector_es, message):
    assert reading(detector_es, message)[0] in ("none", "info")


def test_a_blur_that_stays_is_still_urgent(detector_es):
    assert reading(detector_es, "se me nublo la vista desde ayer y no se me quita")[0] in ("urgent", "emergency")
