"""Content retrieval speed: latency per question (p50/p95) over the default library, BM25
alone and with embeddings, the index build (embedding every passage, then a rebuild after
one edit), the memory the model adds, and the same for a library of 1,000 documents.
Prints figures; run `make bench-content`.

The 1,000 documents are the default library's 16 repeated with varied titles and mixed
paragraphs, written to a temporary folder, so the build includes reading and parsing.
"""

from __future__ import annotations

import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import yaml

from nlu.content.embedding import DIMENSIONS, Embedder, EmbeddingCache, load_embedder
from nlu.content.search import ContentSearch

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = ROOT / "bot" / "content" / "library"
QUESTIONS = [ROOT / "tests" / "content" / "dev.yml", ROOT / "tests" / "content" / "test.yml"]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def synthetic_library(folder: Path, count: int) -> None:
    sources = sorted(LIBRARY.rglob("*.md"))
    rng = random.Random(42)
    paragraphs = [
        p
        for s in sources
        for p in s.read_text(encoding="utf-8").split("---", 2)[2].split("\n\n")
        if p.strip() and not p.startswith("#")
    ]
    for i in range(count):
        text = sources[i % len(sources)].read_text(encoding="utf-8")
        head, _, _ = text.partition("\n## ")
        head = head.replace("title: ", f"title: Part {i} of ", 1)
        sections = [f"## Section {j}\n" + "\n\n".join(rng.sample(paragraphs, 2)) for j in range(3)]
        (folder / f"doc-{i:04d}.md").write_text(head + "\n" + "\n\n".join(sections) + "\n")


def rss_mb() -> float:
    """This process's resident memory (Linux), 0 elsewhere."""
    status = Path("/proc/self/status")
    if not status.exists():
        return 0.0
    line = next(x for x in status.read_text().splitlines() if x.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def question_latency(search: ContentSearch, questions: list[str], rounds: int) -> list[float]:
    for q in questions:  # warm-up
        search.ask(q)
    timings = []
    for _ in range(rounds):
        for q in questions:
            started = time.perf_counter()
            search.ask(q)
            timings.append(1000 * (time.perf_counter() - started))
    return timings


def show(label: str, timings: list[float]) -> None:
    p50, p95 = percentile(timings, 0.5), percentile(timings, 0.95)
    print(f"  {label:<34} p50 {p50:6.2f} ms   p95 {p95:6.2f} ms")


class RandomPassages:
    """The real model for questions, random unit vectors for passages: the per-question
    cost (one question embedded, one product over every passage) without embedding
    5,000 passages first."""

    def __init__(self, model: Embedder) -> None:
        self.name = "random passages"
        self._model = model
        self._rng = np.random.default_rng(0)

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._model.queries(texts)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        v = self._rng.standard_normal((len(texts), DIMENSIONS)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def default_library(questions: list[str], model: Embedder | None, before: float) -> float:
    """Latency over the default library, BM25 alone and hybrid; returns passages/s embedded.
    `before`: the RSS before the model loaded."""
    bm25 = ContentSearch(LIBRARY, embedder=None)
    print(f"default library ({len(bm25.documents)} documents):")
    show("BM25 only, per question", question_latency(bm25, questions, 5))
    if model is None:
        return 0.0
    cache = EmbeddingCache()
    started = time.perf_counter()
    hybrid = ContentSearch(LIBRARY, embedder=model, cache=cache)
    cold = time.perf_counter() - started
    show("BM25 + embeddings, per question", question_latency(hybrid, questions, 2))
    print(f"  index build, embedding {cache.embedded} passages: {cold:.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copytree(LIBRARY, folder, dirs_exist_ok=True)
        search = ContentSearch(folder, embedder=model, cache=cache, check_every=0)
        edited = folder / "en" / "faq.md"
        edited.write_text(edited.read_text() + "\nWe also answer on Sundays.\n")
        embedded, started = cache.embedded, time.perf_counter()
        search.refresh()
        warm = time.perf_counter() - started
        print(
            f"  rebuild after editing one file: {warm:.2f} s "
            f"({cache.embedded - embedded} passage re-embedded)"
        )
    print(
        f"  memory: RSS {rss_mb():.0f} MB, of which {rss_mb() - before:.0f} MB added by the "
        "model (loaded, used) and the passage vectors"
    )
    return cache.embedded / cold


def main() -> int:
    questions = [
        q["q"] for path in QUESTIONS for q in yaml.safe_load(path.read_text())["questions"]
    ]
    before = rss_mb()
    model = load_embedder()
    rate = default_library(questions, model, before)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        synthetic_library(folder, 1000)
        builds = []
        for _ in range(3):
            started = time.perf_counter()
            big = ContentSearch(folder, embedder=None)
            builds.append(time.perf_counter() - started)
        passages = sum(len(d.passages) for d in big.documents.values())
        print(f"1,000 documents ({passages} passages):")
        best, median = min(builds), statistics.median(builds)
        print(
            f"  BM25 index build (read, parse)     {best:.2f} s (best of 3; median {median:.2f} s)"
        )
        show("BM25 only, per question", question_latency(big, questions, 1))
        if model is not None:
            print(
                f"  embedding {passages} passages: about {passages / rate / 60:.0f} min at "
                f"{rate:.0f} passages/s (measured above; cached afterwards)"
            )
            fake = RandomPassages(model)
            hybrid = ContentSearch(folder, embedder=fake, cache=EmbeddingCache())
            show("BM25 + embeddings, per question*", question_latency(hybrid, questions, 1))
            print("  * passage vectors random here (same cost per question)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
