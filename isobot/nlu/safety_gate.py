"""Last pipeline step: the red-flag detector decides, whatever the classifier said.

Order of authority, highest first (isobot/nlu/gate_decision.py decides):
  1. a personal red flag from the deterministic detector -> report_<tier>_symptom intent.
     The learned net (isobot/safety/learned_net.py) may only raise it, to an act-now tier.
  2. a third-party or hypothetical red flag -> ask_red_flags (red-flag information), or the
     catalogue answer the classifier is sure of, with the red-flag information after it
  3. unreadable or non-English input -> input_unreadable / input_non_english
  4. the classifier. It may ADD an escalation (report_emergency_symptom with confidence at
     or above `classifier_escalation_threshold`); below that, a symptom report goes to the
     guided check instead of an answer. It can never remove a detector flag.
The escalation message id travels as an `escalation` entity, which fills the slot that the
escalation responses' variations are conditioned on. No action server is involved.

Languages: each message's language is detected (isobot/safety/language.py). A confident English or
Spanish message is read by that language's detector; an unsure one (short), or one in another
language, is read by both and the higher tier wins, so that no red flag is lost to a wrong guess.
The reply's language travels as a `language` entity into the `language` slot, which the escalation
variations are also conditioned on; when the guess is unsure the conversation's language stands.
"""

from __future__ import annotations

import hashlib
import shutil
from collections import OrderedDict
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from isobot.nlu import message_keys as keys
from isobot.nlu.gate_decision import LOW_CONFIDENCE_INTENT, NOTICE_INTENTS, asked_in_another_language, decide
from isobot.safety.conversation import across_turns, earlier_texts
from isobot.safety.detector import RedFlagDetector
from isobot.safety.findings import Finding
from isobot.safety.language import SUPPORTED, detect_language, other_language, reply_language
from isobot.safety.learned_net import NetVerdict, RedFlagNet, store, stored, train_net
from isobot.safety.rules import load_rules
from isobot.safety.shared import publish_net, shared_detector
from isobot.safety.tiers import TIER_RANK

RULES_FILE = "red_flags.yml"
# Per language: the config keys of its rules file and spaCy pipeline, and the file's name
# inside the trained model.
LANGUAGES = {
    "en": ("rules", "spacy_model", RULES_FILE),
    "es": ("rules_es", "spacy_model_es", "red_flags.es.yml"),
}
LANGUAGE_SLOT = "language"
OTHER_LANGUAGE_SLOT = "other_language"
DEFAULT_LANGUAGE = "en"
SCREENING_ANSWER_ENTITY = "screening_answer"
# Earlier turns are read again with every new message; their findings are kept (the detector
# is a pure function of the text) for about this many recent texts across conversations.
EARLIER_FINDINGS_KEPT = 4096


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class SafetyGate(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "rules": "safety/red_flags.yml",
            "spacy_model": "build/spacy/isobot_en",
            "rules_es": "safety/red_flags.es.yml",
            "spacy_model_es": "build/spacy/isobot_es",
            "classifier_escalation_threshold": 0.8,
            "red_flag_net": "safety/red_flag_net.yml",
            "red_flag_examples": "safety/red_flag_examples.yml",
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        detectors: dict[str, RedFlagDetector] | None = None,
        net: RedFlagNet | None = None,
    ) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._detectors = detectors or {}
        self._net = net
        self._threshold = float(config["classifier_escalation_threshold"])
        self._other_words: dict[tuple[str, tuple[str, ...]], frozenset[str]] = {}
        self._earlier_findings: OrderedDict[tuple[str, tuple[str, ...], str], Finding] = OrderedDict()

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SafetyGate:
        return cls(config, model_storage, resource)

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """The rules file is read outside the graph: without this, Rasa's training cache would
        reuse a model holding the previous rules."""
        # Rasa passes the node's raw config here, without our defaults merged in.
        digest = hashlib.sha256()
        for key in [rules_key for rules_key, _, _ in LANGUAGES.values()] + ["red_flag_net", "red_flag_examples"]:
            path = Path(config.get(key) or cls.get_default_config()[key])
            digest.update(path.read_bytes() if path.exists() else b"")
        return digest.hexdigest()

    def train(self, training_data: TrainingData) -> Resource:
        """Validate the rules and copy them into the model, so a trained model is self-contained,
        and train the learned red-flag net into it."""
        intents = [(m.get(TEXT), m.get(INTENT)) for m in training_data.intent_examples]
        net = train_net(intents, self._config["red_flag_net"], self._config["red_flag_examples"])
        with self._model_storage.write_to(self._resource) as directory:
            for rules_key, _, stored in LANGUAGES.values():
                load_rules(self._config[rules_key])
                shutil.copyfile(self._config[rules_key], Path(directory) / stored)
            store(net, self._config["red_flag_net"], Path(directory))
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SafetyGate:
        with model_storage.read_from(resource) as directory:
            # The same detectors and net the rate limits ask (isobot/safety/shared.py).
            detectors = {
                language: shared_detector(config[spacy_key], Path(directory) / stored)
                for language, (_, spacy_key, stored) in LANGUAGES.items()
            }
            net = stored(Path(directory))
        publish_net(net)  # the rate limits ask the same net
        return cls(config, model_storage, resource, detectors, net)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message], tracker: DialogueStateTracker | None = None) -> list[Message]:
        """`tracker` is the conversation so far: Rasa's recipe hands a component's `process` the
        tracker when it asks for one by that name (an empty tracker for /model/parse)."""
        earlier: dict[str, list[Finding]] = {}
        conversation = tracker.get_slot(LANGUAGE_SLOT) if tracker is not None else None
        for message in messages:
            if message.get(TEXT) is not None and self._detectors:
                self._gate(message, tracker, earlier, conversation)
        return messages

    def read(
        self,
        text: str,
        tracker: DialogueStateTracker | None,
        earlier: dict[str, list[Finding]],
        conversation: str | None,
        normalised: bool = False,
    ) -> tuple[Finding, str, str | None, dict[str, Any]]:
        """(finding, language of the detector that decided, reply language or None, what was detected).

        `normalised`: the text has been through isobot.text.normalise already (the pipeline's)."""
        guess = detect_language(text)
        readers = [guess.language] if guess.language in self._detectors else list(self._detectors)
        findings = {}
        for language in readers:
            detector = self._detectors[language]
            # Read by several languages' rules, a word spelled right in one of the others is
            # that language's word, not a typo: "depression" must not become Spanish "depresion".
            others = self._vocabularies(language, readers)
            if language not in earlier:
                earlier[language] = [self._earlier(language, readers, t) for t in earlier_texts(tracker)]
            now = detector.detect_normalised(text, others) if normalised else detector.detect(text, others)
            findings[language] = across_turns(detector, now, earlier[language])
        preferred = guess.language if guess.language in SUPPORTED else (conversation or DEFAULT_LANGUAGE)
        misread = {lang for lang, f in findings.items() if asked_in_another_language(f, findings.values())}
        rank = {lang: (lang not in misread, TIER_RANK[f.tier], lang == preferred) for lang, f in findings.items()}
        decided = max(findings, key=rank.__getitem__)
        finding = findings[decided]
        raised_by_its_words_alone = finding.tier != "none" and TIER_RANK[finding.tier] > max(
            (TIER_RANK[f.tier] for lang, f in findings.items() if lang != decided), default=-1
        )
        reply = reply_language(text, guess, decided if raised_by_its_words_alone else None, conversation)
        detected = {
            "language": guess.language,
            "detected": guess.detected,
            "confidence": round(guess.confidence, 3),
            "read_by": readers,
            "decided_by": decided,
        }
        return finding, decided, reply, detected

    def _earlier(self, language: str, readers: list[str], text: str) -> Finding:
        key = (language, tuple(readers), text)
        found = self._earlier_findings.get(key)
        if found is None:
            found = self._detectors[language].detect(text, self._vocabularies(language, readers))
            self._earlier_findings[key] = found
            if len(self._earlier_findings) > EARLIER_FINDINGS_KEPT:
                self._earlier_findings.popitem(last=False)
        else:
            self._earlier_findings.move_to_end(key)
        return found

    def _vocabularies(self, language: str, readers: list[str]) -> frozenset[str]:
        key = (language, tuple(readers))
        if key not in self._other_words:
            words = [self._detectors[other].vocabulary for other in readers if other != language]
            self._other_words[key] = frozenset().union(*words) - self._detectors[language].vocabulary
        return self._other_words[key]

    def _gate(
        self,
        message: Message,
        tracker: DialogueStateTracker | None,
        earlier: dict[str, list[Finding]],
        conversation: str | None,
    ) -> None:
        # The InputNormaliser's full text is normalised and untruncated; without it (no
        # normaliser in the pipeline) the detector normalises the message itself.
        full_text = message.get(keys.FULL_TEXT)
        finding, decided, reply, detected = self.read(
            full_text or message.get(TEXT), tracker, earlier, conversation, normalised=bool(full_text)
        )
        detector = self._detectors[decided]
        classifier = message.get(INTENT) or {}
        if classifier.get("name") == NOTICE_INTENTS[keys.NON_ENGLISH] and detected["language"] in SUPPORTED:
            # The identifier is sure it is English or Spanish, which the assistant speaks: the
            # classifier's "other language" is a misreading, and "did you mean" can recover.
            classifier = {**classifier, "name": LOW_CONFIDENCE_INTENT}
        net = self._net.adds(finding, full_text or message.get(TEXT), bool(full_text)) if self._net else None
        intent, escalation = self.decide(finding, classifier, message.get(keys.NOTICES) or [], net)
        tier = net.tier if net else finding.tier
        if intent != (message.get(INTENT) or {}).get("name"):
            message.set(INTENT, {"name": intent, "confidence": 1.0}, add_to_output=True)
        added = [_entity("safety_tier", tier)]
        added += [_entity("red_flag", flag) for flag in dict.fromkeys(finding.flags)]
        if escalation:
            added.append(_entity("escalation", escalation))
        if reply:
            added.append(_entity(LANGUAGE_SLOT, reply))
        if intent == NOTICE_INTENTS[keys.NON_ENGLISH]:
            # Chooses the wording of utter_non_english (content/other_languages.yml).
            added.append(_entity(OTHER_LANGUAGE_SLOT, other_language(full_text or message.get(TEXT))))
        # Fills the guided check's slots the patient has already answered (domain.yml maps
        # this entity's roles to them), so the check does not ask them again.
        added += [
            {**_entity(SCREENING_ANSWER_ENTITY, "no"), "role": slot} for slot in detector.answered_questions(finding)
        ]
        message.set(ENTITIES, message.get(ENTITIES, []) + added, add_to_output=True)
        message.set(
            keys.SAFETY,
            {
                "tier": tier,
                "flags": [
                    {"flag": h.flag, "tier": h.tier, "context": h.context, "escalation": h.escalation}
                    for h in finding.hits
                ],
                "escalation": escalation,
                "decided_by": "net" if net else "detector" if finding.tier != "none" else "classifier",
                "net": {"tier": net.tier, "family": net.family, "probability": net.probability} if net else None,
                "classifier_intent": classifier,
                "corrections": [list(c) for c in finding.corrections],
                "set_aside": list(finding.set_aside),
                "language": detected,
            },
            add_to_output=True,
        )

    def decide(
        self,
        finding: Finding,
        classifier: dict[str, Any],
        found_notices: list[str],
        net: NetVerdict | None = None,
    ) -> tuple[str | None, str | None]:
        """(intent, escalation id or None) for one message (isobot/nlu/gate_decision.py)."""
        return decide(finding, classifier, found_notices, net, self._threshold)


def _entity(name: str, value: str) -> dict[str, Any]:
    return {"entity": name, "value": value, "start": 0, "end": 0, "confidence": 1.0, "extractor": "SafetyGate"}
