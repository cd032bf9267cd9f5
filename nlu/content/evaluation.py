"""Scoring content answers against labelled questions: top-1 / top-3 accuracy, answered
correctly, out-of-scope rejection. `make eval` runs it; `--compare` also measures the
alternatives (hybrid weights, embeddings only, BM25 analyzers) and a threshold sweep (how
the defaults were chosen).

A question file may name the library it is about with a top-level `library:` key (a folder,
relative to the project root); without it, `--library` (default: the app's library)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from nlu.content.analysis import char_ngrams, fold, stem, terms, terms_and_ngrams
from nlu.content.embedding import load_embedder
from nlu.content.hybrid import HybridIndex
from nlu.content.index import Analyzer, PassageIndex
from nlu.content.library import Document, load_library
from nlu.content.search import DEFAULT_THRESHOLD, answer_question

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_LIBRARY = PROJECT_ROOT / "bot" / "content" / "library"


@dataclass
class Result:
    in_scope: int = 0
    top1: int = 0
    top3: int = 0
    answered_right: int = 0
    out_of_scope: int = 0
    rejected: int = 0
    ms_per_question: float = 0.0

    def rates(self) -> dict[str, float]:
        n, m = max(self.in_scope, 1), max(self.out_of_scope, 1)
        return {
            "top1": self.top1 / n,
            "top3": self.top3 / n,
            "answered_right": self.answered_right / n,
            "oos_rejected": self.rejected / m,
        }


def evaluate(
    questions: Sequence[dict[str, Any]], index: PassageIndex | HybridIndex, *, threshold: float
) -> Result:
    result = Result()
    started = time.perf_counter()
    for item in questions:
        answer = answer_question(  # as ContentSearch.ask does
            index, item["q"], language=item.get("lang"), threshold=threshold
        )
        ids = [s.id for s in answer.sources]
        expect = item.get("expect")
        if expect is None:
            result.out_of_scope += 1
            result.rejected += not answer.answered
            continue
        result.in_scope += 1
        result.top1 += bool(ids) and ids[0] in expect
        result.top3 += any(i in expect for i in ids[:3])
        result.answered_right += (
            answer.answered and answer.document is not None and answer.document.id in expect
        )
    result.ms_per_question = 1000 * (time.perf_counter() - started) / max(len(questions), 1)
    return result


def spacy_lemmas() -> Analyzer:
    """French lemmas from fr_core_news_md, English through the same stemmer (candidate)."""
    import spacy

    from nlu.language import detect

    nlp = spacy.load("fr_core_news_md", exclude=["ner", "parser"])

    def analyze(text: str) -> list[str]:
        if detect(text).language != "fr":
            return terms(text)
        return [
            stem(w)
            for t in nlp(text)
            for w in fold(t.lemma_).split()
            if not t.is_stop and w.isalnum() and len(w) > 1
        ]

    return analyze


Index = PassageIndex | HybridIndex
Candidate = Callable[[list[Document]], Index]


def bm25(analyzer: Callable[[], Analyzer]) -> Candidate:
    return lambda docs: PassageIndex(docs, analyzer=analyzer())


def hybrid(**options: Any) -> Candidate:
    """BM25 + embeddings with `options`; BM25 alone (said on stderr) without the model."""

    def build(docs: list[Document]) -> Index:
        embedder = load_embedder()
        if embedder is None:
            print("warning: no embedding model, BM25 only", file=sys.stderr)
            return PassageIndex(docs)
        return HybridIndex(docs, embedder=embedder, **options)

    return build


CANDIDATES: dict[str, Candidate] = {
    "hybrid (default)": hybrid(),
    "hybrid, English questions not glossed": hybrid(gloss_english=False),
    "hybrid, no translation twins": hybrid(twin_share=0.0),
    "hybrid, question embedded as written": hybrid(expand_chat_spellings=False),
    "hybrid, before twins and chat spellings": hybrid(twin_share=0.0, expand_chat_spellings=False),
    "hybrid, before (passage max, passage words)": hybrid(
        second_passage_weight=0.0,
        document_coverage=False,
        twin_share=0.0,
        expand_chat_spellings=False,
    ),
    "hybrid, no document support": hybrid(second_passage_weight=0.0),
    "hybrid, second passage 0.3": hybrid(second_passage_weight=0.3),
    "hybrid, words of the passage": hybrid(document_coverage=False),
    "hybrid, word confidence only": hybrid(dense_confidence=False),
    "hybrid, one median (all languages)": hybrid(median_per_language=False),
    "hybrid, BM25 weight 0.1": hybrid(bm25_weight=0.1),
    "hybrid, BM25 weight 0.5": hybrid(bm25_weight=0.5),
    "embeddings only": hybrid(bm25_weight=0.0),
    "BM25 stems+glossary": bm25(lambda: terms),
    "BM25 stems+glossary+n-grams": bm25(lambda: terms_and_ngrams),
    "BM25 char n-grams 3-5": bm25(lambda: char_ngrams),
    "BM25 spaCy fr lemmas": bm25(spacy_lemmas),
}


def line(name: str, r: Result) -> str:
    x = r.rates()
    return (
        f"  {name:<28} top-1 {x['top1']:.3f}  top-3 {x['top3']:.3f}  answered right "
        f"{x['answered_right']:.3f}  out-of-scope rejected {x['oos_rejected']:.3f}  "
        f"({r.in_scope} in scope, {r.out_of_scope} out, "
        f"{r.ms_per_question:.2f} ms/question)"
    )


def load_questions(path: Path, default_library: Path) -> tuple[list[dict[str, Any]], Path]:
    """A question file's questions, and the library they are about (its `library:` key,
    relative to the project root, or `default_library`)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    library = data.get("library")
    return data["questions"], PROJECT_ROOT / library if library else default_library


def load_docs(library: Path) -> list[Document]:
    docs, errors = load_library(library)
    for e in errors:
        print(f"warning: {e}", file=sys.stderr)
    return docs


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--library", type=Path, default=DEFAULT_LIBRARY)
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--compare", action="store_true", help="candidates + threshold sweep")
    args = parser.parse_args(argv)
    files = [(path, *load_questions(path, args.library)) for path in args.files]
    libraries = {library: load_docs(library) for _, _, library in files}
    candidates = CANDIDATES if args.compare else dict(list(CANDIDATES.items())[:1])
    for name, build in candidates.items():
        indexes = {lib: build(docs) for lib, docs in libraries.items()}
        for path, questions, library in files:
            index = indexes[library]
            print(f"{path} (threshold {args.threshold}):")
            print(line(name, evaluate(questions, index, threshold=args.threshold)))
            if args.compare and name in ("hybrid (default)", "BM25 stems+glossary"):
                for t in (0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7):
                    print(line(f"  threshold {t}", evaluate(questions, index, threshold=t)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
