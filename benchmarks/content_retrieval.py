"""Content retrieval speed: latency per question (p50/p95) over the default library, and the
index build time for a library of 1,000 documents. Prints figures; run `make bench-content`.

The 1,000 documents are the default library's 16 repeated with varied titles and mixed
paragraphs, written to a temporary folder, so the build includes reading and parsing.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

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


def main() -> int:
    questions = [
        q["q"] for path in QUESTIONS for q in yaml.safe_load(path.read_text())["questions"]
    ]
    search = ContentSearch(LIBRARY)
    for q in questions:  # warm-up
        search.ask(q)
    timings = []
    for _ in range(5):
        for q in questions:
            started = time.perf_counter()
            search.ask(q)
            timings.append(1000 * (time.perf_counter() - started))
    print(f"default library ({len(search.documents)} documents), {len(timings)} questions:")
    p50, p95 = percentile(timings, 0.5), percentile(timings, 0.95)
    print(f"  latency per question  p50 {p50:.2f} ms   p95 {p95:.2f} ms")

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        synthetic_library(folder, 1000)
        builds = []
        for _ in range(3):
            started = time.perf_counter()
            big = ContentSearch(folder)
            builds.append(time.perf_counter() - started)
        passages = sum(len(d.passages) for d in big.documents.values())
        big_timings = []
        for q in questions:
            started = time.perf_counter()
            big.ask(q)
            big_timings.append(1000 * (time.perf_counter() - started))
    print(f"1,000 documents ({passages} passages):")
    best, median = min(builds), statistics.median(builds)
    print(f"  index build           {best:.2f} s (best of 3; median {median:.2f} s)")
    print(
        f"  latency per question  p50 {percentile(big_timings, 0.5):.1f} ms   "
        f"p95 {percentile(big_timings, 0.95):.1f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
