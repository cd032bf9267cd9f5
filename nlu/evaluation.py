"""Scoring the extractors against a labelled set: precision, recall and F1 per field.

Run with `make eval` (or `python -m nlu.evaluation FILE...`). For each field and each
utterance: a correct non-null prediction is a true positive; a wrong one is both a false
positive and a false negative; a prediction where the gold is null is a false positive;
a null prediction where the gold is not is a false negative.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from nlu.extract.facts import extract_facts
from nlu.ner import OrgFinder, org_finder

FIELDS = (
    "language",
    "budget",
    "timeline",
    "company_size",
    "job_title",
    "role",
    "company",
    "email",
    "email_kind",
    "need",
    "need_use_case",
)
TIMELINE_TOLERANCE_MONTHS = 1.0


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    support: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    counts: dict[str, Counts] = field(default_factory=lambda: {f: Counts() for f in FIELDS})
    errors: list[dict[str, Any]] = field(default_factory=list)
    items: int = 0
    seconds: float = 0.0


def gold_of(item: dict[str, Any]) -> dict[str, Any]:
    """The labelled item in the shape of `Facts.as_dict()`, plus need_use_case."""
    budget = item.get("budget")
    need = item.get("need")
    return {
        "language": item.get("lang"),
        "budget": (
            dict(zip(("min", "max", "currency", "period"), budget, strict=True)) if budget else None
        ),
        "timeline": item.get("timeline"),
        "company_size": item.get("size"),
        "job_title": item.get("title"),
        "role": item.get("role"),
        "company": item.get("company"),
        "email": item.get("email"),
        "email_kind": item.get("kind"),
        "need": bool(need) or None,
        "need_use_case": None if need in (None, "other") else need,
    }


def predicted_of(facts: dict[str, Any]) -> dict[str, Any]:
    need = facts.get("need")
    timeline = facts.get("timeline")
    return {
        **facts,
        "timeline": timeline["months"] if timeline else None,
        "need": bool(need) or None,
        "need_use_case": need["use_case"] if need else None,
    }


def _close(a: float, b: float, rel: float = 0.01) -> bool:
    return abs(a - b) <= rel * max(abs(a), abs(b), 1.0)


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


MATCHERS: dict[str, Callable[[Any, Any], bool]] = {
    "budget": lambda g, p: (
        _close(g["min"], p["min"])
        and _close(g["max"], p["max"])
        and g["currency"] == p["currency"]
        and g["period"] == p["period"]
    ),
    "timeline": lambda g, p: abs(g - p) <= TIMELINE_TOLERANCE_MONTHS,
    "job_title": lambda g, p: g.lower() in p.lower() or p.lower() in g.lower(),
    "company": _same_text,
}


def matches(name: str, gold: Any, predicted: Any) -> bool:
    return MATCHERS.get(name, lambda g, p: g == p)(gold, predicted)


def evaluate(
    items: Sequence[dict[str, Any]], *, today: date, fr_orgs: OrgFinder | None = None
) -> Report:
    report = Report(items=len(items))
    started = time.perf_counter()
    for item in items:
        gold = gold_of(item)
        predicted = predicted_of(
            extract_facts(item["text"], today=today, fr_orgs=fr_orgs).as_dict()
        )
        for name in FIELDS:
            g, p = gold[name], predicted[name]
            counts = report.counts[name]
            counts.support += g is not None
            if g is not None and p is not None and matches(name, g, p):
                counts.tp += 1
                continue
            if p is not None:
                counts.fp += 1
            if g is not None:
                counts.fn += 1
            if g is not None or p is not None:
                report.errors.append(
                    {"field": name, "text": item["text"], "gold": g, "predicted": p}
                )
    report.seconds = time.perf_counter() - started
    return report


def load(path: Path) -> tuple[date, list[dict[str, Any]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    today = data["today"]
    return (today if isinstance(today, date) else date.fromisoformat(today)), data["items"]


def format_report(title: str, report: Report) -> str:
    lines = [
        f"{title}: {report.items} utterances, "
        f"{1000 * report.seconds / max(report.items, 1):.2f} ms each",
        f"  {'field':<14} {'support':>7} {'precision':>9} {'recall':>7} {'F1':>6}",
    ]
    for name, c in report.counts.items():
        lines.append(
            f"  {name:<14} {c.support:>7} {c.precision:>9.3f} {c.recall:>7.3f} {c.f1:>6.3f}"
        )
    total = Counts(
        tp=sum(c.tp for c in report.counts.values()),
        fp=sum(c.fp for c in report.counts.values()),
        fn=sum(c.fn for c in report.counts.values()),
        support=sum(c.support for c in report.counts.values()),
    )
    lines.append(
        f"  {'all (micro)':<14} {total.support:>7} {total.precision:>9.3f} "
        f"{total.recall:>7.3f} {total.f1:>6.3f}"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path, help="labelled YAML sets")
    parser.add_argument(
        "--spacy-fr",
        default="fr_core_news_md",
        help="spaCy model for French ORG entities, or 'none' (default: %(default)s)",
    )
    parser.add_argument("--errors", action="store_true", help="list every wrong prediction")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    finder = org_finder(args.spacy_fr)
    results = {}
    for path in args.files:
        today, items = load(path)
        report = evaluate(items, today=today, fr_orgs=finder)
        print(format_report(f"{path} (spaCy French NER: {args.spacy_fr})", report))
        if args.errors:
            for e in report.errors:
                print(f"    {e['field']}: {e['text']!r} gold={e['gold']!r} got={e['predicted']!r}")
        results[str(path)] = {
            name: {"support": c.support, "precision": c.precision, "recall": c.recall, "f1": c.f1}
            for name, c in report.counts.items()
        }
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
