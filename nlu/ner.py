"""Organisation names from spaCy's French pipeline, loaded once, on first use.

Only the components NER needs are loaded (tok2vec, ner). English has no official spaCy
model on PyPI, so English company names come from the rules in `nlu.extract.company`
alone; see docs/extraction.md for the measurements behind this split.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cache
from typing import Any

from nlu.errors import ModelMissing

OrgFinder = Callable[[str], list[tuple[int, int]]]
_NOT_NEEDED = ["parser", "lemmatizer", "morphologizer", "attribute_ruler", "senter"]
_lock = threading.Lock()


@cache
def _load(model: str) -> Any:
    import spacy

    try:
        return spacy.load(model, exclude=_NOT_NEEDED)
    except OSError as exc:
        raise ModelMissing(
            f"spaCy model {model!r} is not installed; run `make install` "
            f"or set SPACY_FR_MODEL=none to extract without it"
        ) from exc


def org_finder(model: str | None) -> OrgFinder | None:
    """A function returning the ORG spans of a French text, or None for `model` none/''."""
    if not model or model.lower() == "none":
        return None

    def find(text: str) -> list[tuple[int, int]]:
        with _lock:  # spaCy pipelines are not documented as thread-safe
            doc = _load(model)(text)
        return [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "ORG"]

    return find


def preload(model: str | None) -> None:
    """Load the model now (at app start) rather than on the first message."""
    if model and model.lower() != "none":
        _load(model)
