"""The Spanish red-flag rules (safety/red_flags.es.yml): red flags caught in everyday Spanish,
with and without accents, and negations, past episodes, other people's questions and figures
of speech left alone. Cases written for these tests, not taken from any evaluation set."""

from __future__ import annotations

import pytest

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


# Causes of the misses and false alarms on the Spanish tuning set (tests/safety/es/cases.yml),
# each fixed in the rules and pinned here by a message written for this test, with a harmless
# near miss using the same words that must stay below the alarm. (cause, caught, tier,
# escalation, near miss, the near miss's tier)
TUNING_FIXES = [
    (
        "rioplatense_la_cola_is_the_bottom",
        "no siento la cola y me duele la espalda",
        "emergency",
        "cauda_equina",
        "se me durmio la pierna haciendo la cola del banco",
        "none",
    ),
    (
        "colita_is_the_bottom",
        "tengo la colita dormida desde ayer",
        "emergency",
        "cauda_equina",
        "la cola de la farmacia era eterna y me duele la espalda",
        "none",
    ),
    (
        "como_si_is_a_simile_not_an_if",
        "siento como si tuviera anestesia en las nalgas",
        "emergency",
        "cauda_equina",
        "si tuviera anestesia en las nalgas, seria grave?",
        "info",
    ),
    (
        "es_como_si_is_a_statement",
        "es como si tuviera el trasero anestesiado",
        "emergency",
        "cauda_equina",
        "me pusieron anestesia en el dentista y me duele la espalda",
        "none",
    ),
    (
        "por_si_acaso_is_not_hypothetical",
        "he ido juntando pastillas por si acaso",
        "emergency",
        "self_harm",
        "llevo paracetamol en el bolso por si acaso",
        "none",
    ),
    (
        "giving_away_with_wont_need_them",
        "regalé mi bici y mi ropa, ya no la voy a necesitar",
        "emergency",
        "self_harm",
        "ya regalé mi ropa vieja a mi prima",
        "none",
    ),
    (
        "wont_need_alone_is_everyday",
        "ya regale mis cosas, no las voy a necesitar",
        "emergency",
        "self_harm",
        "no la voy a necesitar, ya tengo crema",
        "none",
    ),
    (
        "letters_to_the_family",
        "ya escribí cartas para mi familia",
        "emergency",
        "self_harm",
        "le escribi una carta a mi novia por su cumpleaños",
        "none",
    ),
    (
        "not_wanting_to_wake_up",
        "no me quiero despertar nunca mas",
        "emergency",
        "self_harm",
        "no quiero despertarme temprano mañana, es sabado",
        "none",
    ),
    ("ojala_no_despierte", "ojalá no despierte mañana", "emergency", "self_harm", "ojalá no llueva mañana", "none"),
    (
        "superlative_swelling",
        "tengo los labios hinchadisimos",
        "emergency",
        "anaphylaxis",
        "tengo los pies hinchadisimos de caminar",
        "none",
    ),
    (
        "wheezing_chest",
        "me silba el pecho cuando respiro",
        "emergency",
        "anaphylaxis",
        "mi papa silba en la ducha y me duele la espalda",
        "none",
    ),
    (
        "spanglish_tight_throat",
        "tengo la garganta tight desde la pastilla",
        "emergency",
        "anaphylaxis",
        "mis jeans me quedan super tight",
        "none",
    ),
    (
        "above_the_navel_is_the_stomach",
        "dolor horrible arriba del ombligo y no paro de vomitar",
        "emergency",
        "pancreatitis",
        "tengo un piercing en el ombligo y me duele un poco",
        "none",
    ),
    (
        "named_cauda_equina",
        "creo que tengo sindrome de cola de caballo",
        "emergency",
        "cauda_equina",
        "me hago una cola de caballo y se me cae el pelo",
        "none",
    ),
    (
        "foot_catching",
        "se me engancha el pie derecho en la alfombra",
        "urgent",
        "one_leg_weakness",
        "se me engancha la ropa en la puerta",
        "none",
    ),
    (
        "slapping_gait",
        "voy chancleteando con el pie izquierdo",
        "urgent",
        "one_leg_weakness",
        "me compre unas chanclas y me duele el pie",
        "none",
    ),
    (
        "tiptoe_on_one_foot",
        "no me puedo poner de puntillas con el pie derecho",
        "urgent",
        "one_leg_weakness",
        "me pongo de puntillas para alcanzar el estante",
        "none",
    ),
    (
        "weak_all_over",
        "me siento débil en todo el cuerpo",
        "urgent",
        "rhabdomyolysis",
        "todo el cuerpo me pide vacaciones",
        "none",
    ),
    (
        "superlative_dark_urine",
        "el pis lo tengo oscurisimo",
        "urgent",
        "hepatotoxicity",
        "tengo el pelo oscurisimo",
        "none",
    ),
    (
        "crying_over_everything",
        "lloro por todo desde que empece el tratamiento",
        "urgent",
        "depression",
        "lloro de risa con esta serie",
        "none",
    ),
    ("withdrawal", "no quiero ver a nadie, ni salir", "urgent", "depression", "no quiero ver esa pelicula", "none"),
    ("anxiety", "tengo una ansiedad horrible", "urgent", "depression", "no tengo ansiedad", "none"),
    (
        "night_vision",
        "de noche no veo bien las señales al manejar",
        "urgent",
        "blurred_vision",
        "veo bien de noche",
        "none",
    ),
    (
        "half_clouded_vision",
        "tengo la vista un poco nublada",
        "urgent",
        "blurred_vision",
        "el cielo esta medio nublado",
        "none",
    ),
    (
        "late_period_with_atraso",
        "se me atrasó la regla",
        "urgent",
        "pregnancy",
        "no estoy embarazada, me bajo la regla ayer",
        "none",
    ),
    (
        "weight_lost_in_kilos",
        "bajé 5 kilos sin querer y me duele la espalda",
        "urgent",
        "weight_loss",
        "quiero bajar 5 kilos y me duele la espalda",
        "none",
    ),
    (
        "weight_loss_words",
        "he perdido peso y me duele la espalda baja",
        "urgent",
        "weight_loss",
        "no he perdido peso y la espalda me duele poco",
        "none",
    ),
    (
        "morning_stiffness_over_an_hour",
        "por las mañanas estoy tieso más de una hora",
        "urgent",
        "inflammatory_back_pain",
        "por las mañanas tomo la pastilla con el desayuno",
        "none",
    ),
    (
        "swollen_joint_with_back_pain",
        "me duele la espalda y tengo la rodilla hinchada",
        "urgent",
        "inflammatory_back_pain",
        "me golpee la rodilla jugando futbol",
        "none",
    ),
    (
        "pain_since_a_month",
        "me duele la espalda desde marzo",
        "soon",
        "persistent_back_pain",
        "desde marzo tomo isotretinoina",
        "none",
    ),
    (
        "y_nada_is_self_care_failing",
        "me duele la espalda, probé ibuprofeno y nada",
        "soon",
        "persistent_back_pain",
        "tomo ibuprofeno y nada mas",
        "none",
    ),
    (
        "texting_q_pasa_si",
        "se me duermen las nalgas, q hago?",
        "emergency",
        "cauda_equina",
        "q pasa si se me duermen las nalgas?",
        "info",
    ),
    (
        "si_algun_dia_is_hypothetical",
        "tengo fiebre y dolor de espalda desde ayer",
        "emergency",
        "infection",
        "si algun dia tengo fiebre y dolor de espalda voy a urgencias?",
        "info",
    ),
    (
        "subjunctive_si_is_hypothetical",
        "no puedo orinar desde ayer, seria grave?",
        "emergency",
        "cauda_equina",
        "si no pudiera orinar seria grave?",
        "info",
    ),
    (
        "dropped_pronoun_is_the_patient",
        "no puedo orinar desde ayer, es normal?",
        "emergency",
        "cauda_equina",
        "se le durmieron las piernas a la gente en el estudio, es grave?",
        "info",
    ),
    (
        "read_about_it_and_fine",
        "lei sobre la pancreatitis y ahora tengo un dolor horrible en la panza y vomito",
        "emergency",
        "pancreatitis",
        "lei que puede dar pancreatitis pero estoy perfecta",
        "info",
    ),
    (
        "a_stranger_is_a_third_party",
        "un chico me choco con la bici y me duele la espalda",
        "emergency",
        "trauma",
        "a un chico de mi clase se le durmieron las piernas",
        "info",
    ),
]


@pytest.mark.parametrize(
    "caught, tier, escalation, near_miss, near_tier", [f[1:] for f in TUNING_FIXES], ids=[f[0] for f in TUNING_FIXES]
)
def test_a_tuning_fix_catches_its_form_and_leaves_its_near_miss(
    detector_es, caught, tier, escalation, near_miss, near_tier
):
    finding = detector_es.detect(caught)
    assert (finding.tier, finding.escalation) == (tier, escalation), finding
    assert detector_es.detect(near_miss).tier == near_tier, detector_es.detect(near_miss)


# Regional forms and cues found missing beyond the tuning set (Mexican, Caribbean, Rioplatense,
# Chilean, Spain), each with a harmless near miss: (form, caught, tier, escalation, near miss, its tier)
REGIONAL_FORMS = [
    (
        "mexican_nachas",
        "tengo las nachas dormidas",
        "emergency",
        "cauda_equina",
        "me duelen las nachas de tanto estar sentado",
        "none",
    ),
    (
        "hacer_del_uno",
        "no puedo hacer del uno desde ayer",
        "emergency",
        "cauda_equina",
        "fui a hacer del uno y todo normal",
        "none",
    ),
    (
        "se_me_salio",
        "se me salio la caca sin querer",
        "emergency",
        "cauda_equina",
        "se me salio la crema del tubo",
        "none",
    ),
    (
        "legs_gone_floppy",
        "tengo las piernas flojas y me caigo",
        "emergency",
        "bilateral_leg_weakness",
        "los tenis me quedan flojos",
        "none",
    ),
    (
        "mis_patas_not_table_legs",
        "tengo mis patas dormidas",
        "emergency",
        "bilateral_leg_weakness",
        "las patas de la mesa estan flojas",
        "none",
    ),
    (
        "quitarme_la_vida",
        "me quiero quitar la vida",
        "emergency",
        "self_harm",
        "el acne me quita la vida social",
        "none",
    ),
    (
        "dejar_de_existir",
        "quiero dejar de existir",
        "emergency",
        "self_harm",
        "quiero dejar de tomar la pastilla",
        "none",
    ),
    (
        "taking_all_the_pills",
        "me voy a tomar todas las pastillas",
        "emergency",
        "self_harm",
        "tomo la pastilla todos los dias",
        "none",
    ),
    ("wishing_to_be_dead", "quisiera estar muerta", "emergency", "self_harm", "quisiera estar en la playa", "none"),
    (
        "skin_coming_off_is_urgent",
        "la piel se me está cayendo a pedazos",
        "urgent",
        "urgent_generic",
        "se me cae el pelo a pedazos",
        "none",
    ),
    (
        "chilean_guata",
        "tengo un dolor de guata terrible y vomito",
        "emergency",
        "pancreatitis",
        "me duele un poco la guata",
        "none",
    ),
    (
        "porrazo_on_the_back",
        "me pegué un porrazo en la espalda",
        "emergency",
        "trauma",
        "me di un porrazo en el dedo del pie",
        "none",
    ),
    ("preñada", "estoy preñada", "urgent", "pregnancy", "no estoy preñada", "none"),
    ("bajoneado", "estoy bajoneado todo el tiempo", "urgent", "depression", "no estoy bajoneado, solo cansado", "none"),
    ("bleeding_when_passing_stool", "sangro al cagar", "urgent", "ibd", "no sangro al cagar", "none"),
    ("mexican_un_chingo", "me duele la espalda un chingo", "urgent", "severe_pain", "tengo un chingo de tarea", "none"),
    ("un_monton", "me duele la espalda un montón", "urgent", "severe_pain", "tengo un monton de granos", "none"),
    (
        "spain_fatal",
        "me duele fatal la espalda",
        "urgent",
        "severe_pain",
        "duermo fatal desde que tomo la pastilla",
        "none",
    ),
    (
        "recurrence_after_se_me_paso",
        "se me pasó un rato pero otra vez tengo hormigueo en las nalgas",
        "emergency",
        "cauda_equina",
        "se me pasó el hormigueo en las nalgas",
        "none",
    ),
    (
        "a_real_infarto_not_the_bill",
        "creo que me esta dando un infarto",
        "emergency",
        "chest_pain",
        "casi me infarto con la factura",
        "none",
    ),
    (
        "a_relative_now_not_her_past",
        "mi abuela tuvo una caida y le duele la espalda",
        "emergency",
        "trauma",
        "mi abuela tuvo fiebre y dolor de espalda",
        "none",
    ),
]


@pytest.mark.parametrize(
    "caught, tier, escalation, near_miss, near_tier",
    [f[1:] for f in REGIONAL_FORMS],
    ids=[f[0] for f in REGIONAL_FORMS],
)
def test_a_regional_form_is_caught_and_its_near_miss_left(detector_es, caught, tier, escalation, near_miss, near_tier):
    finding = detector_es.detect(caught)
    assert (finding.tier, finding.escalation) == (tier, escalation), finding
    assert detector_es.detect(near_miss).tier == near_tier, detector_es.detect(near_miss)


# Everyday accidents and figures of speech built on red-flag words: an accident to a body part
# is not self-harm, wetting oneself laughing or with fright is not incontinence.
ACCIDENTS_AND_FIGURES = [
    (
        "me_corto_is_cutting",
        "a veces me corto para sentir algo",
        "emergency",
        "self_harm",
        "me corté el pelo y me duele la espalda",
        "none",
    ),
    (
        "me_hago_daño_is_self_harm",
        "me hago daño cuando estoy triste",
        "emergency",
        "self_harm",
        "me hice daño en la espalda levantando cajas",
        "none",
    ),
    (
        "lastimarme_with_intent",
        "me lastimo los brazos a proposito",
        "emergency",
        "self_harm",
        "me lastimé la espalda cargando cajas",
        "none",
    ),
    (
        "me_meo_encima",
        "me meo encima y no me doy cuenta",
        "emergency",
        "cauda_equina",
        "me meo de la risa con tus memes",
        "none",
    ),
    (
        "me_cague_encima",
        "me cagué encima sin darme cuenta",
        "emergency",
        "cauda_equina",
        "me cagué de miedo con la factura",
        "none",
    ),
    (
        "severe_back_pain_not_acne",
        "me duele mucho la espalda, no aguanto",
        "urgent",
        "severe_pain",
        "me mata el acne de la espalda",
        "none",
    ),
]


@pytest.mark.parametrize(
    "caught, tier, escalation, near_miss, near_tier",
    [f[1:] for f in ACCIDENTS_AND_FIGURES],
    ids=[f[0] for f in ACCIDENTS_AND_FIGURES],
)
def test_a_red_flag_is_caught_and_its_everyday_or_figurative_twin_left(
    detector_es, caught, tier, escalation, near_miss, near_tier
):
    finding = detector_es.detect(caught)
    assert (finding.tier, finding.escalation) == (tier, escalation), finding
    assert detector_es.detect(near_miss).tier == near_tier, detector_es.detect(near_miss)


# Negation and the past in Spanish forms: "ya no siento hormigueo" denies the tingling (it is not a
# loss of feeling), and "hace 2 años" is as past as "hace dos años".
NEGATION_AND_PAST = [
    (
        "no_siento_hormigueo_denies_the_tingling",
        "no siento las piernas desde esta mañana",
        "emergency",
        "bilateral_leg_weakness",
        "ya no siento hormigueo en las piernas",
        "none",
    ),
    (
        "a_fall_years_ago_in_digits",
        "me cai de la escalera hoy y me duele la espalda",
        "emergency",
        "trauma",
        "hace 2 años me cai de la escalera",
        "none",
    ),
]


@pytest.mark.parametrize(
    "caught, tier, escalation, near_miss, near_tier",
    [f[1:] for f in NEGATION_AND_PAST],
    ids=[f[0] for f in NEGATION_AND_PAST],
)
def test_a_present_red_flag_is_caught_and_its_denied_or_past_twin_left(
    detector_es, caught, tier, escalation, near_miss, near_tier
):
    finding = detector_es.detect(caught)
    assert (finding.tier, finding.escalation) == (tier, escalation), finding
    assert detector_es.detect(near_miss).tier == near_tier, detector_es.detect(near_miss)


# Stop 22: each family the second Spanish set showed missing, in wordings of our own, with the
# everyday twin that shares its words and must stay quiet (or stay information).
WORDINGS_OF_A_FAMILY = [
    (
        "spanglish_symptoms_are_read_in_a_spanish_message",
        "tengo fever y un back pain horrible desde anoche",
        "emergency",
        "infection",
        "mi back pain ya no esta, se me quito con el fisio",
        "none",
    ),
    (
        "spanglish_numb_legs",
        "my legs estan numb y me duele la cintura",
        "emergency",
        "bilateral_leg_weakness",
        "me duele la cintura despues del gym",
        "none",
    ),
    (
        "spanglish_chest_pain",
        "tengo chest pain desde hace una hora",
        "emergency",
        "chest_pain",
        "hoy toca dia de pecho en el gimnasio",
        "none",
    ),
    (
        "legs_that_do_not_answer_someone_else",
        "a mi tio las piernas no le responden desde esta mañana",
        "emergency",
        "bilateral_leg_weakness",
        "a mi tio le duele la rodilla cuando llueve",
        "none",
    ),
    (
        "legs_shaking_when_walking_not_with_nerves",
        "las piernas me tiemblan al caminar y me duele la espalda",
        "emergency",
        "bilateral_leg_weakness",
        "me tiemblan las piernas de los nervios antes de la entrevista",
        "none",
    ),
    (
        "a_bladder_that_will_not_empty",
        "siento que no termino de vaciar la vejiga, solo sale un hilito",
        "emergency",
        "cauda_equina",
        "voy mucho al baño porque tomo mucha agua",
        "none",
    ),
    (
        "losing_the_urge",
        "ni siento las ganas de hacer pis desde ayer",
        "emergency",
        "cauda_equina",
        "tengo ganas de ir al cine el finde",
        "none",
    ),
    (
        "urine_that_comes_out_by_itself",
        "no me aguanto la orina, se me sale sola",
        "emergency",
        "cauda_equina",
        "me aguanto las ganas de rascarme la cara",
        "none",
    ),
    (
        "stockpiling_pills_with_words_between",
        "voy acumulando las pastillas que me sobran en un cajon",
        "emergency",
        "self_harm",
        "tomo las pastillas junto con la comida",
        "none",
    ),
    (
        "wanting_it_all_to_end",
        "solo quiero que todo se termine de una vez",
        "emergency",
        "self_harm",
        "quiero que se termine el tratamiento pronto para ir a la playa",
        "none",
    ),
    (
        "a_goodbye_note",
        "mi hermana dejo un mensaje de despedida en el grupo familiar",
        "emergency",
        "self_harm",
        "mi hermana organizo una fiesta de despedida para su jefe",
        "none",
    ),
    (
        "a_plan_kept_secret",
        "mi amigo dice que ya tiene pensado como hacerlo y que no se lo cuente a nadie",
        "emergency",
        "self_harm",
        "ya tengo pensado que voy a cocinar, no le digas a nadie que es sorpresa",
        "none",
    ),
    (
        "a_goodbye_as_if_for_good",
        "me despido de ustedes como si no los fuera a volver a ver",
        "emergency",
        "self_harm",
        "me despedi de mis compañeros antes de mudarme a otra ciudad",
        "none",
    ),
    (
        "last_words_to_each_person",
        "ya deje escrito lo que les queria decir a todos, por si acaso",
        "emergency",
        "self_harm",
        "ya deje escrito lo que tengo que comprar en el super",
        "none",
    ),
    (
        "belongings_given_away_in_the_third_person",
        "mi primo regalo sus tenis favoritos y dijo que ya no los iba a usar",
        "emergency",
        "self_harm",
        "mi primo regalo sus tenis viejos porque se compro otros",
        "none",
    ),
    (
        "blind_in_one_eye",
        "no puedo ver por el ojo derecho desde que me levante",
        "emergency",
        "vision_loss",
        "me pica el ojo derecho desde que me levante",
        "none",
    ),
    (
        "the_worst_headache_is_not_a_figure",
        "tengo el peor dolor de cabeza de mi vida y veo borroso",
        "emergency",
        "intracranial_hypertension",
        "el papeleo es un dolor de cabeza con tanta oficina",
        "none",
    ),
    (
        "blurred_vision_with_words_between",
        "tengo la vision medio empañada desde hace dias",
        "urgent",
        "blurred_vision",
        "tengo la vision perfecta, me la revisaron",
        "none",
    ),
    (
        "yellow_eyes_with_words_between",
        "tengo los ojos como medio amarillos desde ayer",
        "urgent",
        "hepatotoxicity",
        "me compre unos lentes de sol amarillos para los ojos",
        "none",
    ),
    (
        "withdrawn_and_shut_in",
        "mi hija anda muy apagada y se encierra en su cuarto",
        "urgent",
        "depression",
        "el celular esta apagado, te escribo desde la compu",
        "none",
    ),
    (
        "colombian_low_mood",
        "ando achantada, no me provoca nada desde que empece",
        "urgent",
        "depression",
        "no me provoca la comida picante",
        "none",
    ),
    (
        "a_dropped_silent_h",
        "no puedo acer pis desde ayer",
        "emergency",
        "cauda_equina",
        "no puedo acer la tarea por el dolor de cabeza",
        "none",
    ),
    (
        "not_being_here_tomorrow",
        "les deje todo ordenado por si ya no estoy mañana",
        "emergency",
        "self_harm",
        "deja el paquete con el vecino por si no estoy en casa",
        "none",
    ),
    (
        "a_closed_door_is_not_low_mood",
        "mi hijo esta muy apagado desde que empezo el tratamiento",
        "urgent",
        "depression",
        "mi hijo se encierra en su cuarto a estudiar para los examenes",
        "none",
    ),
    (
        "a_slapping_foot",
        "el pie derecho golpea el piso cuando camino",
        "urgent",
        "one_leg_weakness",
        "me pegue el pie con la pata de la cama",
        "none",
    ),
    (
        "dark_pee_in_spanglish",
        "el pee me sale dark brown desde el entreno",
        "urgent",
        "hepatotoxicity",
        "el pee me sale clarito, tomo mucha agua",
        "none",
    ),
    (
        "severe_pain_told_with_es",
        "me duele la espalda, es insoportable",
        "urgent",
        "severe_pain",
        "la espalda me esta matando despues de pintar el cuarto",
        "none",
    ),
    (
        "a_pain_that_stays_after_stopping",
        "la cadera me sigue molestando aunque ya deje el roacutan",
        "soon",
        "persistent_after_stopping",
        "me molesta que la farmacia cierre temprano",
        "none",
    ),
]


@pytest.mark.parametrize(
    "caught, tier, escalation, near_miss, near_tier",
    [f[1:] for f in WORDINGS_OF_A_FAMILY],
    ids=[f[0] for f in WORDINGS_OF_A_FAMILY],
)
def test_another_wording_of_a_family_is_caught_and_its_everyday_twin_left(
    detector_es, caught, tier, escalation, near_miss, near_tier
):
    finding = detector_es.detect(caught)
    assert (finding.tier, finding.escalation) == (tier, escalation), finding
    assert detector_es.detect(near_miss).tier == near_tier, detector_es.detect(near_miss)


# A finished episode, a reading or a question about a symptom, in wordings the rules first missed:
# they stay quiet or become information, and the present twin still escalates.
OVER_OR_ASKED = [
    (
        "a_fall_dated_by_its_year",
        "me cai de la moto hoy y me duele la espalda",
        "emergency",
        "tuve un accidente de moto en 2017 y la espalda quedo bien",
        "none",
    ),
    (
        "a_regional_childhood",
        "me cai del techo ayer y me duele la columna",
        "emergency",
        "de chaval me cai de un techo y me dolio la espalda una semana",
        "none",
    ),
    (
        "denying_strange_legs",
        "no siento las piernas desde que me levante",
        "emergency",
        "no siento las piernas pesadas ni nada, solo me duele la espalda un poco",
        "none",
    ),
    (
        "one_of_both_legs",
        "no puedo mover bien las piernas, ninguna de las dos",
        "emergency",
        "no me duele ninguna de las dos piernas",
        "none",
    ),
    (
        "a_condition_read_about",
        "tengo pancreatitis, me lo dijeron en urgencias",
        "emergency",
        "lei acerca de la pancreatitis y me asuste, como se diagnostica?",
        "none",
    ),
    (
        "what_the_drug_does",
        "tengo ampollas en los labios y fiebre",
        "emergency",
        "el roacutan da ampollas en la piel?",
        "info",
    ),
    (
        "someone_who_might_say_it_one_day",
        "mi esposo dice que se quiere morir",
        "emergency",
        "si mi esposo algun dia dijera que se quiere morir, a quien llamo?",
        "info",
    ),
    (
        "if_it_happened_to_me",
        "se me duermen las nalgas desde ayer",
        "emergency",
        "si se me duermen las nalgas tengo que ir a urgencias?",
        "info",
    ),
]


@pytest.mark.parametrize(
    "present, tier, over_or_asked, other_tier",
    [f[1:] for f in OVER_OR_ASKED],
    ids=[f[0] for f in OVER_OR_ASKED],
)
def test_a_present_red_flag_escalates_and_its_finished_or_asked_twin_does_not(
    detector_es, present, tier, over_or_asked, other_tier
):
    assert detector_es.detect(present).tier == tier, detector_es.detect(present)
    assert detector_es.detect(over_or_asked).tier == other_tier, detector_es.detect(over_or_asked)


def test_chat_shorthand_reads_as_its_word_and_is_no_typo(detector_es):
    finding = detector_es.detect("ya no aguanto, quiero q todo se acabe")
    assert (finding.tier, finding.escalation) == ("emergency", "self_harm"), finding
    assert finding.corrections == (), finding
