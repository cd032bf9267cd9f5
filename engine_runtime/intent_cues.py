"""Intents that need a word of their own: a buying signal is recognised only when the
message says one.

A demo or quote request opens a handoff and promises the prospect a person, so a wrong one
costs a rep's time and the prospect's trust. The classifier reads the message's meaning
(engine_runtime/e5_featurizer.py), and meaning drifts: "on voudrait une solution pour la
rentrée" sits near "a demo in September", and a long message that states a budget sits near
a quote request. Here an intent named in `cues` keeps its place in the ranking only when
the message, lower-cased and without accents, matches its pattern ("demo", "montrer",
"show", "quote", "devis", "combien", "how much"…); otherwise it drops to confidence 0 and
the next intent leads (the FallbackClassifier after this one still applies its threshold).
An intent named in `asks` leads when the message asks for it in so many words ("I'd like a
demo", "can we get a quote", "je voudrais une démo"), whatever else it says: a request put
beside a problem and a deadline ("I'd like a demo. We're losing leads and need it live by
end of March") was read as a statement of need, and no one was told.
A message the app marks as noise in its metadata ("noise": keyboard mashing, markup;
nlu/extract/noise.py) gets no intent at all: the prospect is asked to rephrase.

The patterns are in config.yml, with the pipeline they belong to.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message


def plain(text: str) -> str:
    """Lower case, without accents: "Démo" and "demo" alike."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class IntentCues(GraphComponent, IntentClassifier):
    """Demotes an intent of `cues` whose pattern the message does not match."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"cues": {}, "asks": {}}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> IntentCues:
        return cls(config)

    def __init__(self, config: dict[str, Any]) -> None:
        self._cues = {
            intent: re.compile(pattern) for intent, pattern in (config.get("cues") or {}).items()
        }
        self._asks = {
            intent: re.compile(pattern) for intent, pattern in (config.get("asks") or {}).items()
        }

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._check(message)
        return messages

    def _check(self, message: Message) -> None:
        if (message.get("metadata") or {}).get("noise"):
            self._no_intent(message)  # "qwertyuiop asdf": the app says it is noise
            return
        text = plain(message.get(TEXT) or "")
        self._promote(message, text)
        ranking = list(message.data.get(INTENT_RANKING_KEY) or [])
        demoted = {intent for intent, cue in self._cues.items() if cue.search(text) is None}
        named = {entry.get(INTENT_NAME_KEY) for entry in ranking}
        if not ranking or not demoted & named:
            return
        # Every demoted intent at 0, ranked first or not: one close behind the first would
        # still make the FallbackClassifier find the message ambiguous.
        ranking = [
            {**entry, PREDICTED_CONFIDENCE_KEY: 0.0}
            if entry.get(INTENT_NAME_KEY) in demoted
            else entry
            for entry in ranking
        ]
        ranking.sort(key=lambda entry: -float(entry.get(PREDICTED_CONFIDENCE_KEY) or 0.0))
        message.data[INTENT_RANKING_KEY] = ranking
        message.data[INTENT] = dict(ranking[0])

    def _promote(self, message: Message, text: str) -> None:
        """The intent the message asks for in so many words first, the others halved (so
        the FallbackClassifier does not find it ambiguous)."""
        asked = next((i for i, ask in self._asks.items() if ask.search(text)), None)
        ranking = list(message.data.get(INTENT_RANKING_KEY) or [])
        if asked is None or not ranking or ranking[0].get(INTENT_NAME_KEY) == asked:
            return
        entry = next((e for e in ranking if e.get(INTENT_NAME_KEY) == asked), None)
        if entry is None:
            return
        top = max(float(e.get(PREDICTED_CONFIDENCE_KEY) or 0.0) for e in ranking)
        ranking = [
            {**e, PREDICTED_CONFIDENCE_KEY: max(top, 0.9)}
            if e is entry
            else {**e, PREDICTED_CONFIDENCE_KEY: float(e.get(PREDICTED_CONFIDENCE_KEY) or 0.0) / 2}
            for e in ranking
        ]
        ranking.sort(key=lambda e: -float(e.get(PREDICTED_CONFIDENCE_KEY) or 0.0))
        message.data[INTENT_RANKING_KEY] = ranking
        message.data[INTENT] = dict(ranking[0])

    @staticmethod
    def _no_intent(message: Message) -> None:
        """Every intent at confidence 0: the FallbackClassifier after this one falls back."""
        ranking = [
            {**entry, PREDICTED_CONFIDENCE_KEY: 0.0}
            for entry in message.data.get(INTENT_RANKING_KEY) or []
        ]
        message.data[INTENT_RANKING_KEY] = ranking
        intent = message.data.get(INTENT)
        if intent:
            message.data[INTENT] = {**intent, PREDICTED_CONFIDENCE_KEY: 0.0}
