"""BM25 plus sentence embeddings: paraphrases that share no word with the passage ("what
uptime do you guarantee?" against an availability page) and questions in the other
language than the document are found by meaning, exact names and numbers by BM25.

Ranking: a weighted sum of both signals, each brought to 0-1 for the question: BM25 divided
by its best score, the cosine as its margin over the median cosine of the passages in the
same language, divided by the best margin. e5 cosines sit between 0.7 and 0.9 whatever the
text, so their raw value says little; how far a passage stands above the rest says more.
And the model rates every passage in the question's language a little closer: taking the
median per language removes that bias, and the asker's language then only wins near ties
(`nlu.content.search.SAME_LANGUAGE_BONUS`), as with BM25.

The metric and the answer's source are documents: each passage's score gets
`SECOND_PASSAGE_WEIGHT` × the best score among the other passages of its document, so a
document two of whose sections match beats one with a single near-equal section.

Translations: a section and its translation in the other language (each the other's
closest passage in that language, cosine at least `TWIN_COSINE`) are twins, and each gets
at least `TWIN_SHARE` × its twin's score. The model and BM25 often rank one language's
version of the same text well above the other's; with its twin's score, the version in the
asker's language wins by the language bonus, as the library says the same thing in both.

Confidence: the word-overlap confidence of `nlu.content.index` over the passage's whole
document, or the passage's cosine margin over the median of the whole library divided by
`DENSE_SCALE`, whichever is higher: a question is answered when enough of its words are in
the document or when the passage stands out by meaning. Weights chosen on the dev files
tests/content/dev.yml and tests/content/third.yml only (docs/content.md).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np

from nlu.content.analysis import expand_chat, glossed
from nlu.content.embedding import SHARED_CACHE, Embedder, EmbeddingCache
from nlu.content.index import Hit, PassageIndex
from nlu.content.library import Document, Passage
from nlu.language import detect

log = logging.getLogger(__name__)
BM25_WEIGHT = 0.3
DENSE_SCALE = 0.2  # a cosine margin of 0.1 over the median gives confidence 0.5
# Measured on dev.yml / third.yml top-1: 0 gave 0.891 / 0.787, 0.1 0.922 / 0.787, 0.2
# 0.922 / 0.803, 0.3 0.906 / 0.820 (third's top-3 0.902 -> 0.869).
SECOND_PASSAGE_WEIGHT = 0.2
# Translation twins (measured on dev.yml / third.yml, docs/content.md): mutual closest
# passages across languages at cosine >= 0.9 (the libraries' translated sections sit at
# 0.90-0.97; the closest untranslated pairs at 0.88 or below). A share of 0.9 × the
# language bonus 1.25 lets the asker's language win; 0.8 would only tie.
TWIN_COSINE = 0.9
TWIN_SHARE = 0.9
_TWIN_BLOCK = 512  # rows of the passage-by-passage product at a time (memory)
# The model reads about one token per millisecond, one call at a time (a lock): a pasted
# page is embedded from its start. Cut in UTF-8 bytes, not characters: an emoji or a rare
# ideogram is several tokens, and 400 emoji took 4 s while every other question waited.
MAX_QUESTION_BYTES = 400
# The library is French and English: a question mostly in other scripts (emoji, symbols,
# other alphabets) is no sentence the model can place among its passages, BM25 answers alone.
_LATIN_END = 0x024F


def embedded_part(question: str) -> str | None:
    """What of `question` the model embeds: its first MAX_QUESTION_BYTES bytes of UTF-8, cut
    on a character's boundary; None when most of its letters are not Latin (BM25 alone)."""
    visible = [c for c in question if not c.isspace()]
    if sum(ord(c) > _LATIN_END for c in visible) * 2 > len(visible):
        return None
    return question.encode("utf-8")[:MAX_QUESTION_BYTES].decode("utf-8", errors="ignore")


def passage_text(document: Document, passage: Passage) -> str:
    """What is embedded: the title and the heading give a passage its subject."""
    return f"{document.title}\n{passage.heading}\n{passage.text}"


def margins_of(cosines: np.ndarray, groups: np.ndarray | None = None) -> np.ndarray:
    """Each cosine minus the median cosine of its group (its passage's language), or of
    all passages without groups."""
    if groups is None:
        return cosines - np.median(cosines) if cosines.size else cosines
    out = np.empty_like(cosines)
    for group in np.unique(groups):
        rows = groups == group
        out[rows] = cosines[rows] - np.median(cosines[rows])
    return out


def fuse(
    bm25: np.ndarray,
    cosines: np.ndarray,
    *,
    bm25_weight: float,
    groups: np.ndarray | None = None,
) -> np.ndarray:
    """Per passage: bm25_weight × BM25 / best BM25 + (1 − bm25_weight) × the cosine's margin
    over its group's median / the best margin (clipped at 0)."""
    lexical = bm25 / bm25.max() if bm25.size and bm25.max() > 0 else np.zeros_like(bm25)
    margins = margins_of(cosines, groups)
    top = float(margins.max()) if margins.size else 0.0
    dense = np.clip(margins / top, 0.0, 1.0) if top > 0 else np.zeros_like(margins)
    return bm25_weight * lexical + (1 - bm25_weight) * dense


def with_document_support(
    scores: np.ndarray, documents: np.ndarray, *, weight: float
) -> np.ndarray:
    """Each passage's score plus `weight` × the best score among the other passages of
    its document (`documents`: one document index per passage)."""
    if weight <= 0 or not scores.size:
        return scores
    out = scores.copy()
    for d in np.unique(documents):
        rows = np.flatnonzero(documents == d)
        if rows.size < 2:
            continue
        ranked = rows[np.argsort(-scores[rows], kind="stable")]
        first, second = scores[ranked[0]], scores[ranked[1]]
        out[rows] += weight * first
        out[ranked[0]] += weight * (second - first)  # the best passage's support: the second
    return out


def translation_twins(
    vectors: np.ndarray, languages: np.ndarray, *, threshold: float = TWIN_COSINE
) -> np.ndarray:
    """Pairs (i, j), i < j, of passages in different languages each of which is the
    other's closest passage outside its own language, at cosine `threshold` or more: a
    section and its translation. An (n, 2) array of passage indexes."""
    n = len(vectors)
    best = np.full(n, -1, dtype=np.int64)
    best_cosine = np.full(n, -np.inf)
    groups = [np.flatnonzero(languages == language) for language in np.unique(languages)]
    for a, rows_a in enumerate(groups):
        for rows_b in groups[a + 1 :]:
            for start in range(0, rows_a.size, _TWIN_BLOCK):
                rows = rows_a[start : start + _TWIN_BLOCK]
                # einsum, not BLAS, as in search: the index may be rebuilt while a
                # question is being embedded on another thread.
                cosines = np.einsum("ik,jk->ij", vectors[rows], vectors[rows_b])
                for side, rows_of, axis in ((rows, rows_b, 1), (rows_b, rows, 0)):
                    top, value = cosines.argmax(axis=axis), cosines.max(axis=axis)
                    better = value > best_cosine[side]
                    best[side[better]] = rows_of[top[better]]
                    best_cosine[side[better]] = value[better]
    pairs = [
        (i, int(j))
        for i, j in enumerate(best)
        if i < j and best[j] == i and best_cosine[i] >= threshold
    ]
    return np.array(pairs, dtype=np.int64).reshape(-1, 2)


def with_twins(scores: np.ndarray, twins: np.ndarray, *, share: float) -> np.ndarray:
    """Each twin's score raised to at least `share` × its twin's (`twins`: the pairs of
    `translation_twins`)."""
    if not twins.size or share <= 0:
        return scores
    out = scores.copy()
    first, second = twins[:, 0], twins[:, 1]
    out[first] = np.maximum(scores[first], share * scores[second])
    out[second] = np.maximum(scores[second], share * scores[first])
    return out


def confidence(word_overlap: float, cosine_margin: float, *, dense_scale: float) -> float:
    """The higher of the word overlap and the scaled cosine margin, at most 1."""
    return float(min(1.0, max(word_overlap, cosine_margin / dense_scale)))


class HybridIndex:
    """Same interface as `PassageIndex`; passage vectors come through `cache`, so a
    rebuild embeds only new or changed passages."""

    def __init__(
        self,
        documents: Sequence[Document],
        *,
        embedder: Embedder,
        cache: EmbeddingCache = SHARED_CACHE,
        lexical: PassageIndex | None = None,
        bm25_weight: float = BM25_WEIGHT,
        dense_scale: float = DENSE_SCALE,
        dense_confidence: bool = True,
        median_per_language: bool = True,
        second_passage_weight: float = SECOND_PASSAGE_WEIGHT,
        document_coverage: bool = True,
        twin_share: float = TWIN_SHARE,
        expand_chat_spellings: bool = True,
        gloss_english: bool = True,
    ) -> None:
        self.lexical = lexical if lexical is not None else PassageIndex(documents)
        self.documents = self.lexical.documents
        self.passages = self.lexical.passages
        self._embedder = embedder
        self._bm25_weight, self._dense_scale = bm25_weight, dense_scale
        self._dense_confidence = dense_confidence
        self._second_weight, self._document_coverage = second_passage_weight, document_coverage
        ids = {d: i for i, d in enumerate(self.documents)}
        self._doc_of = np.array([ids[p.doc_id] for p in self.passages], dtype=np.int64)
        languages = [self.documents[p.doc_id].language for p in self.passages]
        self._languages = np.array(languages) if median_per_language else None
        self._vectors = cache.passages(
            embedder, [passage_text(self.documents[p.doc_id], p) for p in self.passages]
        )
        self._twin_share, self._expand_chat = twin_share, expand_chat_spellings
        self._gloss = gloss_english
        self._twins = (
            translation_twins(self._vectors, np.array(languages))
            if twin_share > 0
            else np.zeros((0, 2), dtype=np.int64)
        )

    def knows(self, text: str) -> bool:
        return self.lexical.knows(text)

    def search(self, question: str, *, limit: int = 5) -> list[Hit]:
        if not self.passages or not question.strip():
            return []
        # Chat spellings read as the word ("cb ça coûte" = combien), as BM25 reads them.
        part = embedded_part(expand_chat(question) if self._expand_chat else question)
        if part is None:
            return self.lexical.search(question, limit=limit)
        if self._gloss and detect(question).language == "en":
            # the glossary's words after the question ("are we stuck with you? (cancel)"):
            # the model reads chat phrasings poorly. English only: English terms after a
            # French question draw it to the English documents.
            part = glossed(part)
        try:
            query = self._embedder.queries([part])[0]
        except (OSError, RuntimeError, ValueError) as exc:
            log.warning("content search: embedding the question failed (%s); BM25 only", exc)
            return self.lexical.search(question, limit=limit)
        # einsum, not BLAS: a threaded BLAS next to the model's threads is 10x slower here.
        cosines = np.einsum("ij,j->i", self._vectors, query)
        scores = fuse(
            self.lexical.scores(question),
            cosines,
            bm25_weight=self._bm25_weight,
            groups=self._languages,
        )
        scores = with_document_support(scores, self._doc_of, weight=self._second_weight)
        scores = with_twins(scores, self._twins, share=self._twin_share)
        top = [int(i) for i in np.argsort(-scores, kind="stable")[:limit]]
        median = float(np.median(cosines))
        hits = []
        overlaps = self.lexical.coverage(question, top, whole_document=self._document_coverage)
        own_words = self.lexical.coverage(question, top, section_only=True)
        for i, overlap, words in zip(top, overlaps, own_words, strict=True):
            margin = float(cosines[i]) - median if self._dense_confidence else 0.0
            p = self.passages[i]
            hits.append(
                Hit(
                    p,
                    self.documents[p.doc_id],
                    float(scores[i]),
                    confidence(overlap, margin, dense_scale=self._dense_scale),
                    words,
                )
            )
        return hits
