import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.suggest import ActionSuggestTopics
from tests.actions.trackers import make_tracker, responses


def run(catalogue, tracker):
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionSuggestTopics(catalogue).run(dispatcher, tracker, {}))
    return dispatcher


def test_low_confidence_offers_the_closest_topics(catalogue):
    tracker = make_tracker(
        "nlu_fallback",
        ranking=[("nlu_fallback", 0.55), ("ask_risk_factors", 0.4), ("ask_exercise", 0.3), ("greet", 0.1)],
    )
    dispatcher = run(catalogue, tracker)
    assert responses(dispatcher) == ["utter_did_you_mean"]
    payloads = [b["payload"] for b in dispatcher.messages[0]["buttons"]]
    assert payloads[:2] == ["/ask_risk_factors", "/ask_exercise"]
    assert len(payloads) == 3


def test_out_of_scope_states_scope_and_offers_default_topics(catalogue):
    dispatcher = run(catalogue, make_tracker("out_of_scope", ranking=[("out_of_scope", 0.9)]))
    assert responses(dispatcher) == ["utter_out_of_scope"]
    titles = [b["title"] for b in dispatcher.messages[0]["buttons"]]
    assert titles == [catalogue.answers[t].label for t in catalogue.default_topics]


def test_a_spanish_conversation_gets_spanish_topic_titles_and_the_same_payloads(catalogue):
    ranking = [("nlu_fallback", 0.55), ("ask_risk_factors", 0.4), ("ask_exercise", 0.3)]
    english = run(catalogue, make_tracker("nlu_fallback", ranking=ranking)).messages[0]["buttons"]
    spanish = run(catalogue, make_tracker("nlu_fallback", ranking=ranking, slots={"language": "es"})).messages[0]
    assert spanish["response"] == "utter_did_you_mean"  # its Spanish text is the response's es variation
    assert [b["title"] for b in spanish["buttons"]] == [
        "Qué aumenta el riesgo",
        "Ejercicio durante el tratamiento",
        "Por qué puede causar dolor de espalda",
    ]
    assert [b["payload"] for b in spanish["buttons"]] == [b["payload"] for b in english]
    assert [b["title"] for b in english] == [
        "What raises the risk",
        "Exercise during treatment",
        catalogue.answers["causes_overview"].label,
    ]
