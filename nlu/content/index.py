"""BM25 over the library's passages, with a confidence that tells answers from guesses.

Confidence is the share of the question's words (stems, weighted by IDF) that the passage
contains, whatever analyzer ranks (the comparison in `nlu.content.evaluation` swaps it):
a question about the weather in Paris shares "Paris" with our hosting page and nothing
else, and comes back unanswered whatever its BM25 score.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from nlu.content.analysis import terms
from nlu.content.library import Document, Passage

Analyzer = Callable[[str], list[str]]


@dataclass(frozen=True)
class Hit:
    passage: Passage
    document: Document
    score: float
    confidence: float
    passage_words: float = 0.0  # the share of the question's words in this passage


class PassageIndex:
    def __init__(
        self,
        documents: Sequence[Document],
        *,
        analyzer: Analyzer = terms,
        words: Analyzer = terms,
        k1: float = 1.2,
        b: float = 0.75,
    ) -> None:
        self.documents = {d.id: d for d in documents}
        self.passages = [p for d in documents for p in d.passages]
        self._analyze = analyzer
        self._k1, self._b = k1, b
        self._tf: list[Counter[str]] = []
        for p in self.passages:
            doc = self.documents[p.doc_id]
            # The title and heading describe every passage of the section.
            self._tf.append(Counter(analyzer(f"{doc.title} {p.heading} {p.text}")))
        self._words = words
        self._word_sets = [
            frozenset(words(f"{self.documents[p.doc_id].title} {p.heading} {p.text}"))
            for p in self.passages
        ]
        # a section's own words (its heading and text, not the title every section shares)
        self._section_word_sets = [frozenset(words(f"{p.heading} {p.text}")) for p in self.passages]
        doc_words: dict[str, set[str]] = defaultdict(set)
        for p, ws in zip(self.passages, self._word_sets, strict=True):
            doc_words[p.doc_id] |= ws
        self._doc_word_sets = {d: frozenset(ws) for d, ws in doc_words.items()}
        self._lengths = [sum(tf.values()) for tf in self._tf]
        self._avg = sum(self._lengths) / max(len(self._lengths), 1)
        df: Counter[str] = Counter()
        for tf in self._tf:
            df.update(tf.keys())
        n = len(self._tf)
        self._idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        # A term the library never uses weighs as much as the rarest one it does.
        self._unknown_idf = math.log(1 + (n + 0.5) / 0.5) if n else 1.0
        word_df: Counter[str] = Counter()
        for ws in self._word_sets:
            word_df.update(ws)
        self._word_idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in word_df.items()}
        # BM25 contributions precomputed per term: a query only reads its terms' postings.
        postings: dict[str, tuple[list[int], list[float]]] = defaultdict(lambda: ([], []))
        for i, tf in enumerate(self._tf):
            norm = self._k1 * (1 - self._b + self._b * self._lengths[i] / self._avg)
            for t, f in tf.items():
                rows, weights = postings[t]
                rows.append(i)
                weights.append(self._idf[t] * f * (self._k1 + 1) / (f + norm))
        self._postings = {
            t: (np.array(rows, dtype=np.int32), np.array(weights))
            for t, (rows, weights) in postings.items()
        }

    def idf(self, term: str) -> float:
        return self._idf.get(term, self._unknown_idf)

    def knows(self, text: str) -> bool:
        """Whether the library uses any of the words of `text` ("DocuSign": no)."""
        return any(t in self._word_idf for t in self._words(text))

    def scores(self, question: str) -> np.ndarray:
        """The BM25 score of every passage (0 for a passage without a question term)."""
        scores = np.zeros(len(self.passages))
        for t in dict.fromkeys(self._analyze(question)):
            if (posting := self._postings.get(t)) is not None:
                scores[posting[0]] += posting[1]
        return scores

    def coverage(
        self,
        question: str,
        rows: Sequence[int],
        *,
        whole_document: bool = False,
        section_only: bool = False,
    ) -> list[float]:
        """For each passage in `rows`: the share of the question's words, weighted by IDF,
        that the passage contains (the word-overlap confidence); with `whole_document`, that
        its document contains (title, headings and every passage: the hybrid's confidence,
        docs/content.md); with `section_only`, that the section itself contains (its heading
        and text: which section of a document answers)."""
        question_words = set(self._words(question))
        weights = {w: self._word_idf.get(w, self._unknown_idf) for w in question_words}
        total_weight = sum(weights.values())
        if not total_weight:
            return [0.0 for _ in rows]
        sets = [
            self._doc_word_sets[self.passages[i].doc_id]
            if whole_document
            else self._section_word_sets[i]
            if section_only
            else self._word_sets[i]
            for i in rows
        ]
        return [sum(w for t, w in weights.items() if t in ws) / total_weight for ws in sets]

    def search(self, question: str, *, limit: int = 5) -> list[Hit]:
        if not self.passages or not self._analyze(question):
            return []
        scores = self.scores(question)
        top = [int(i) for i in np.argsort(-scores, kind="stable")[:limit] if scores[i] > 0]
        own = self.coverage(question, top, section_only=True)
        hits = [
            Hit(self.passages[i], self.documents[self.passages[i].doc_id], float(scores[i]), c, w)
            for i, c, w in zip(top, self.coverage(question, top), own, strict=True)
        ]
        hits.sort(key=lambda h: (-h.score, h.passage.doc_id))
        return hits
