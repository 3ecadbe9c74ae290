"""After the classifiers, before the safety gate: the clause that asks decides the topic.

DIET reads the whole message, context and all, so "wk 9 on 30mg, which stretches are ok?"
looks like a dose question and "zits" reads like feedback. This step changes the intent
only in these cases, and only towards a topic the asking clause names:
  - the classifier is unsure (nlu_fallback), or chose an acknowledgement (thanks, yes,
    feedback) for a message that asks: a question never gets an acknowledgement line; or
    it chose a closing move (goodbye, skip the check) for a message that asks about a topic;
  - the classifier chose an intent that the asking clause does not support (a dose, a
    symptom report, out of scope, or another language for English the identifier is sure of)
    while that clause names another topic.
It also drops topic entities found only in the context, so "on 30mg" is not the dose topic,
and adds the strategy the asking clause names in everyday words ("does driving make it
worse?" is the posture advice: isobot/nlu/topic_entities.py).
Two readings override even a confident classifier, because the words leave no doubt:
  - a decisive question form in the asking clause ("normal on roaccutane?", "whats the worst
    that can happen", "who runs this chat") names its topic outright;
  - a healed past problem told as background, then a question with no topic of its own
    ("had a back op, fully recovered. will accutane mess with it?"), asks who is at risk
    (or, for a past mood problem, what to watch for).
An asking clause that names nothing ("does that usually help?") borrows the context's topic
when the classifier is unsure.
It never touches red flags: the SafetyGate runs after it and overrides whatever it chose.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from isobot.nlu import message_keys as keys
from isobot.nlu.topic_entities import ROUTED, name_the_mechanism, name_the_strategy
from isobot.nlu.topic_evidence import EVIDENCE_FILE, Evidence, load_evidence
from isobot.safety.language import detect_language

LOW_CONFIDENCE_INTENT = "nlu_fallback"
TOPIC_ENTITIES = ("strategy", "mechanism")
FOLLOWUP_INTENT = "ask_followup"
# Read as off topic or as another language, though it may be about the drug or the back: routed
# only when it is (on-topic words or a topic entity), and "another language" only when it is English.
GUARDED = ("out_of_scope", "input_non_english")
RED_FLAGS_INTENT = "ask_red_flags"
# Questions about whether the drug does it, how often, how bad: for another side effect than the
# back's, the serious-effects entry answers them. A question on what to do about it is not one.
# "is his mood normal teenage stuff or something to worry about?" asks the same: when to worry about
# another effect is the serious-effects entry's, not the back pain's see-a-doctor answer.
ABOUT_THE_EFFECT = frozenset(
    {"ask_causes", "ask_prevalence", "ask_serious_effects", "ask_risk_factors", "ask_when_to_see_doctor"}
)


BACK_PAIN_REPORT = "report_back_pain"
# After a healed past, a risk question only asks whether that past matters: the background rule
# answers it; so does a see-a-doctor reading in a message naming the drug ("should i worry starting
# accutane?", "derm wants me on it, will it set my back off?"), not "should i mention it to my derm?".
WORRY_INTENT = "ask_risk_factors"
WORRY_ABOUT_THE_DRUG = "ask_when_to_see_doctor"


def tells_back_pain(entities: list[dict[str, Any]], ranking: list[dict[str, Any]]) -> bool:
    """The classifier's best real intent is the back-pain report, and the words name the back
    and a symptom."""
    ranked = [r.get("name") for r in ranking if r.get("name") != LOW_CONFIDENCE_INTENT]
    labels = {(e.get("entity"), e.get("value")) for e in entities}
    return (
        ranked[:1] == [BACK_PAIN_REPORT]
        and ("body_part", "back") in labels
        and any(label == "symptom" for label, _ in labels)
    )


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class TopicRouter(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"evidence": str(EVIDENCE_FILE)}

    def __init__(self, evidence: Evidence) -> None:
        self._evidence = evidence

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TopicRouter:
        return cls(load_evidence(config.get("evidence") or EVIDENCE_FILE))

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if message.get(TEXT):
                self._route(message)
        return messages

    def _route(self, message: Message) -> None:
        text = message.get(TEXT)
        clauses = self._evidence.clauses(text)
        asking = [c for c in clauses if c.asks]
        intent = (message.get(INTENT) or {}).get("name")
        if intent == "input_non_english" and detect_language(text).language != "en":
            return  # the identifier is not sure it is English: the gate and the notice decide
        # "any tips for my driving test?" read as out of scope names no strategy: it is not about the back.
        about_it = intent not in GUARDED or self._evidence.on_topic(text)
        if asking and about_it and intent in self._evidence.strategy_intents:
            name_the_strategy(self._evidence, message, asking)
        spans = [(c.start, c.end) for c in asking]
        entities = message.get(ENTITIES) or []
        inside = [e for e in entities if any(s <= e.get("start", -1) < t for s, t in spans)]
        named = {e.get("entity") for e in inside} & set(TOPIC_ENTITIES)
        # The asking clause names its own strategy (or mechanism): the context's must not steer the
        # answer ("wk 9 on 30mg, which stretches?"). Another label's stays: "fish oil and water,
        # does it help joints" is still the diet answer.
        in_focus = [e for e in entities if e.get("entity") not in named or e in inside]
        if len(in_focus) != len(entities):
            message.set(ENTITIES, in_focus, add_to_output=True)
        focus = " ".join(c.text for c in asking) or text
        ranking = message.get(INTENT_RANKING_KEY) or []
        # "is accutane ok for me?" names no topic but the risk it asks about.
        own_topic = bool(set(self._evidence.scores(focus)) - {"ask_risk_factors"} or named)
        context = " ".join(c.text for c in clauses if not c.asks)
        off_topic = intent in GUARDED and not self._evidence.on_topic(text)
        if not asking and intent == LOW_CONFIDENCE_INTENT and tells_back_pain(entities, ranking):
            # "my back hurts", "back pain": a plain report starts the guided check, as a patient
            # expects, though the classifier's best guess fell under the fallback threshold.
            message.set(
                INTENT, {"name": BACK_PAIN_REPORT, "confidence": 1.0, ROUTED: {"was": intent}}, add_to_output=True
            )
            return
        asked_entities = [e for e in inside if e.get("entity") in TOPIC_ENTITIES]
        decided = (
            self.decide(intent, context, focus, own_topic, ranking, asked_entities)
            if asking and not off_topic
            else None
        )
        if decided:
            if decided != intent:
                message.set(INTENT, {"name": decided, "confidence": 1.0, ROUTED: {"was": intent}}, add_to_output=True)
            # "my back is worse when i forget my water. coincidence or a real thing?": the decisive
            # cause form asks about the cause the context tells.
            name_the_mechanism(self._evidence, message)
            self._mark_the_asked_topic(message, focus)
            return
        evidence = inside if spans else entities
        if asking and not own_topic and intent == LOW_CONFIDENCE_INTENT:
            evidence = entities  # "derm said a lower dose, does that usually help?": the context names it
        chosen = self.choose(
            intent,
            bool(asking),
            focus,
            [e for e in evidence if e.get("entity") in TOPIC_ENTITIES],
            ranking,
            on_topic=self._evidence.on_topic(text),
            strongly_asks=any(self._evidence.strongly_asks(c) for c in asking),
        )
        if chosen and chosen != intent:
            message.set(INTENT, {"name": chosen, "confidence": 1.0, ROUTED: {"was": intent}}, add_to_output=True)
        name_the_mechanism(self._evidence, message)
        if asking:
            self._mark_the_asked_topic(message, focus)

    def _mark_the_asked_topic(self, message: Message, focus: str) -> None:
        """Tells the gate the asking clause's own words name the intent chosen: beside a red flag
        only read about, that question gets its answer (isobot/nlu/gate_decision.py)."""
        chosen = dict(message.get(INTENT) or {})
        named = self._evidence.scores(focus).keys() | self._evidence.decisive_scores(focus).keys()
        if chosen.get("name") in named:
            message.set(INTENT, {**chosen, keys.ASKED_IN_CLAUSE: True}, add_to_output=True)

    def decide(
        self,
        intent: str | None,
        context: str,
        focus: str,
        own_topic: bool,
        ranking: list[dict[str, Any]],
        asked_entities: Sequence[dict[str, Any]] = (),
    ) -> str | None:
        """The intent the words decide whatever the classifier thought, or None."""
        if intent not in self._evidence.decisive_overrides:
            return None
        decisive = self._evidence.decisive_scores(focus)
        asked = set(self._evidence.scores(focus)) | decisive.keys()
        # "had a headache, eyes fine. thats normal?": the effect may be named in the context.
        other_effect = asked <= ABOUT_THE_EFFECT and self._evidence.names_other_effect(f"{context} {focus}")
        ranked = [r.get("name") for r in ranking if r.get("name") != LOW_CONFIDENCE_INTENT]
        if ranked[:1] == [RED_FLAGS_INTENT]:
            # "what should i look out for": the red-flag information, the answer with the safety net.
            return RED_FLAGS_INTENT if "ask_serious_effects" in asked or other_effect else None
        if other_effect:
            return "ask_serious_effects"  # "can accutane give you headaches?": not the back-pain figures
        if decisive:
            if intent in decisive:
                return intent
            confidence = {r.get("name"): float(r.get("confidence") or 0.0) for r in ranking}
            return max(decisive, key=lambda name: (decisive[name] + confidence.get(name, 0.0), name))
        if context and intent != "request_human" and self._evidence.recovered_from(context):
            return self._after_healed_background(intent, context, focus, own_topic, ranking, asked_entities)
        return None

    def _after_healed_background(
        self,
        intent: str | None,
        context: str,
        focus: str,
        own_topic: bool,
        ranking: list[dict[str, Any]],
        asked_entities: Sequence[dict[str, Any]],
    ) -> str | None:
        """A healed past told as background ("fell off my bike, fine now") is not the question: an
        asking clause naming its own topic ("can i still cycle?") gets that topic, and one that
        only asks whether to worry ("should i worry starting accutane?") asks who is at risk."""
        scores = self._evidence.scores(focus)
        about_the_drug = not self._evidence.asks_to_tell_the_doctor(focus) and self._evidence.names_the_drug(
            f"{context} {focus}"
        )
        worry = {WORRY_INTENT} | ({WORRY_ABOUT_THE_DRUG} if about_the_drug else set())
        named = {k: v for k, v in scores.items() if k not in worry}
        # "is yoga ok?": the stay-active strategy the asking clause names counts, as in choose().
        for entity in asked_entities:
            mapping = self._evidence.entity_intents.get(entity["entity"], {})
            value = entity.get("value")
            by_entity = mapping.get(value, mapping.get("default")) if isinstance(value, str) else None
            if by_entity and named:
                named[by_entity] = named.get(by_entity, 0) + 2
        if named:
            if intent in named:
                return intent
            confidence = {r.get("name"): float(r.get("confidence") or 0.0) for r in ranking}
            return max(named, key=lambda name: (named[name] + confidence.get(name, 0.0), name))
        if own_topic and not scores:
            return None  # the asking clause names a strategy or mechanism: the classifier's choice stands
        return "ask_serious_effects" if self._evidence.about_mood(context) else "ask_risk_factors"

    def choose(
        self,
        intent: str | None,
        asks: bool,
        focus: str,
        topic_entities: list[dict[str, Any]],
        ranking: list[dict[str, Any]],
        on_topic: bool = True,
        strongly_asks: bool = True,
    ) -> str | None:
        """The intent this message should have, or None to keep the classifier's."""
        acknowledgement = intent in self._evidence.acknowledgement_intents
        closing = intent in self._evidence.closing_intents
        if not (intent in self._evidence.overridable_intents or ((acknowledgement or closing) and asks)):
            return None
        if intent in GUARDED and not (on_topic or topic_entities):
            return None
        scores = dict(self._evidence.scores(focus))
        if intent == FOLLOWUP_INTENT and not scores:
            return None  # "what about water?": the entity already steers the follow-up's answer
        for entity in topic_entities:
            mapping = self._evidence.entity_intents.get(entity["entity"], {})
            value = entity.get("value")
            named = mapping.get(value, mapping.get("default")) if isinstance(value, str) else mapping.get("default")
            if named:
                scores[named] = scores.get(named, 0) + 2
        if intent in scores and intent != LOW_CONFIDENCE_INTENT:
            return None  # the asking clause supports the classifier's own choice
        if not scores:
            return LOW_CONFIDENCE_INTENT if acknowledgement and strongly_asks else None
        if intent in ("report_back_pain", *GUARDED) and not asks:
            return None  # a report with no question is the guided check's, not an answer's
        confidence = {r.get("name"): float(r.get("confidence") or 0.0) for r in ranking}
        return max(scores, key=lambda name: (scores[name] + confidence.get(name, 0.0), name))
