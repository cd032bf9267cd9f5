"""Fit + pain lead scoring: pure functions over signals and rules, no I/O but reading
the rules file, no imports of ours."""

from scoring.rules import (
    DEFAULT_RULES_PATH,
    ScoringRules,
    ScoringRulesError,
    load_rules,
    parse_rules,
)
from scoring.score import (
    Event,
    Profile,
    Score,
    ScoredSignal,
    Signal,
    compute_score,
    event_signals,
    profile_signals,
    stage_for,
)

__all__ = [
    "DEFAULT_RULES_PATH",
    "Event",
    "Profile",
    "Score",
    "ScoredSignal",
    "ScoringRules",
    "ScoringRulesError",
    "Signal",
    "compute_score",
    "event_signals",
    "load_rules",
    "parse_rules",
    "profile_signals",
    "stage_for",
]
