"""The scoring rules: parsed and validated from the YAML file users edit.

`parse_rules` is pure (a dict in, `ScoringRules` out, or `ScoringRulesError`
naming the file and the field); `load_rules` is the I/O edge.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DEFAULT_RULES_PATH = Path(__file__).resolve().parent / "default_rules.yml"
ROLES = ("decision_maker", "influencer", "end_user")
EMAIL_KINDS = ("business", "personal")


class ScoringRulesError(ValueError):
    """The rules file is malformed; the message names the file and the field."""


@dataclass(frozen=True)
class Band:
    """A numeric band: `low <= value <= high` (either bound may be open) earns `points`."""

    points: float
    low: float | None = None
    high: float | None = None

    def matches(self, value: float) -> bool:
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)


@dataclass(frozen=True)
class EventRule:
    points: float
    max_count: int | None = None


@dataclass(frozen=True)
class ScoringRules:
    half_life_days: float
    mql_threshold: float
    sdr_ready_threshold: float
    currency_to_eur: Mapping[str, float]
    email: Mapping[str, float]
    role: Mapping[str, float]
    company_size: tuple[Band, ...]
    target_countries: frozenset[str]
    target_market_points: float
    budget: tuple[Band, ...]
    need_stated: float
    timeline: tuple[Band, ...]
    events: Mapping[str, EventRule]
    trivial_events: frozenset[str]

    @property
    def indicator_count(self) -> int:
        """How many signals can score: the guides advise 10-15, never more than 20-25."""
        return 7 + len(self.events)


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, field: str, problem: str) -> ScoringRulesError:
        return ScoringRulesError(f"{self.source}: {field}: {problem}")

    def mapping(self, data: Any, field: str) -> Mapping[str, Any]:
        if not isinstance(data, Mapping):
            raise self.fail(field, f"expected a mapping, got {type(data).__name__}")
        return data

    def number(
        self, data: Mapping[str, Any], key: str, field: str, *, positive: bool = False
    ) -> float:
        if key not in data:
            raise self.fail(f"{field}.{key}", "missing")
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(f"{field}.{key}", f"expected a number, got {value!r}")
        if positive and value <= 0:
            raise self.fail(f"{field}.{key}", f"must be greater than 0, got {value!r}")
        return float(value)

    def points_table(self, data: Any, field: str, keys: tuple[str, ...]) -> dict[str, float]:
        table = self.mapping(data, field)
        unknown = set(table) - set(keys)
        if unknown:
            raise self.fail(field, f"unknown key(s) {sorted(unknown)}; expected {list(keys)}")
        return {k: self.number(table, k, field) for k in keys if k in table}

    def bands(self, data: Any, field: str, low: str, high: str) -> tuple[Band, ...]:
        if not isinstance(data, list) or not data:
            raise self.fail(field, "expected a non-empty list of bands")
        out = []
        for i, item in enumerate(data):
            where = f"{field}[{i}]"
            band = self.mapping(item, where)
            unknown = set(band) - {low, high, "points"}
            if unknown:
                raise self.fail(where, f"unknown key(s) {sorted(unknown)}")
            out.append(
                Band(
                    points=self.number(band, "points", where),
                    low=self.number(band, low, where) if low in band else None,
                    high=self.number(band, high, where) if high in band else None,
                )
            )
        return tuple(out)


def parse_rules(data: Any, source: str = "<rules>") -> ScoringRules:
    r = _Reader(source)
    root = r.mapping(data, "(top level)")
    if root.get("version") != 1:
        raise r.fail("version", f"expected 1, got {root.get('version')!r}")
    decay = r.mapping(root.get("decay"), "decay")
    stages = r.mapping(root.get("stages"), "stages")
    fit = r.mapping(root.get("fit"), "fit")
    pain = r.mapping(root.get("pain"), "pain")
    said = r.mapping(pain.get("said"), "pain.said")
    market = r.mapping(fit.get("target_market"), "fit.target_market")
    countries = market.get("countries")
    if not isinstance(countries, list) or not all(isinstance(c, str) for c in countries):
        raise r.fail("fit.target_market.countries", "expected a list of country codes")
    rates = r.mapping(root.get("currency_to_eur"), "currency_to_eur")
    events_raw = r.mapping(pain.get("events"), "pain.events")
    events = {}
    for name, spec in events_raw.items():
        where = f"pain.events.{name}"
        spec = r.mapping(spec, where)
        max_count = spec.get("max_count")
        if max_count is not None and (not isinstance(max_count, int) or max_count < 1):
            raise r.fail(f"{where}.max_count", f"expected a whole number >= 1, got {max_count!r}")
        events[str(name)] = EventRule(points=r.number(spec, "points", where), max_count=max_count)
    trivial = root.get("trivial_events", [])
    if not isinstance(trivial, list):
        raise r.fail("trivial_events", "expected a list of event types")
    if overlap := set(trivial) & set(events):
        raise r.fail("trivial_events", f"{sorted(overlap)} also score in pain.events")
    mql = r.number(stages, "mql_threshold", "stages")
    sdr = r.number(stages, "sdr_ready_threshold", "stages")
    if sdr < mql:
        raise r.fail("stages.sdr_ready_threshold", "must be at least stages.mql_threshold")
    return ScoringRules(
        half_life_days=r.number(decay, "half_life_days", "decay", positive=True),
        mql_threshold=mql,
        sdr_ready_threshold=sdr,
        currency_to_eur={
            str(k).upper(): r.number(rates, k, "currency_to_eur", positive=True) for k in rates
        },
        email=r.points_table(fit.get("email"), "fit.email", EMAIL_KINDS),
        role=r.points_table(fit.get("role"), "fit.role", ROLES),
        company_size=r.bands(fit.get("company_size"), "fit.company_size", "min", "max"),
        target_countries=frozenset(c.upper() for c in countries),
        target_market_points=r.number(market, "points", "fit.target_market"),
        budget=r.bands(fit.get("budget"), "fit.budget", "min", "max"),
        need_stated=r.number(said, "need_stated", "pain.said"),
        timeline=r.bands(said.get("timeline"), "pain.said.timeline", "min_months", "max_months"),
        events=events,
        trivial_events=frozenset(str(t) for t in trivial),
    )


def load_rules(path: Path | None = None) -> ScoringRules:
    """Read and validate a rules file (the default rules when `path` is None)."""
    path = path or DEFAULT_RULES_PATH
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScoringRulesError(f"{path}: cannot read the scoring rules ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise ScoringRulesError(f"{path}: not valid YAML ({exc})") from exc
    return parse_rules(data, str(path))
