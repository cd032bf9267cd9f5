"""Nurturing's configuration, read once at start from the settings and the scenario files:
a bad file or setting stops the app with a message naming it (`NurtureConfigError`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import time, timedelta

from bot.nurture.planner import Policy
from bot.nurture.scenarios import NurtureConfigError, check_documents, load_scenarios
from bot.nurture.scheduler import NurtureConfig
from bot.nurture.settings import NurtureSettings
from bot.nurture.store import zone

HOURS = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?-(\d{1,2}):(\d{2})(?::(\d{2}))?$")


def quiet_hours(text: str) -> tuple[time, time]:
    """`21:00-08:00` (seconds allowed: `21:00:00-08:00:30`); the same start and end: none."""
    match = HOURS.match(text.replace(" ", ""))
    if match is None:
        raise NurtureConfigError(f"NURTURE_QUIET_HOURS: expected HH:MM-HH:MM (got {text!r})")
    h1, m1, s1, h2, m2, s2 = (int(g or 0) for g in match.groups())
    try:
        return time(h1, m1, s1), time(h2, m2, s2)
    except ValueError as exc:
        raise NurtureConfigError(f"NURTURE_QUIET_HOURS: {exc} (got {text!r})") from exc


def nurture_config(
    settings: NurtureSettings,
    library: Iterable[str],
    *,
    push_channels: Iterable[str] = (),
    default_language: str = "en",
) -> NurtureConfig:
    """The scenarios of NURTURE_DIR (their content steps checked against the library's
    document ids) and the delivery policy."""
    scenarios = load_scenarios(settings.nurture_dir)
    check_documents(scenarios, library)
    default_zone = zone(settings.nurture_time_zone)
    if default_zone is None:
        raise NurtureConfigError(
            f"NURTURE_TIME_ZONE: unknown zone {settings.nurture_time_zone!r} (e.g. Europe/Paris)"
        )
    start, end = quiet_hours(settings.nurture_quiet_hours)
    policy = Policy(
        quiet_start=start,
        quiet_end=end,
        cap=settings.nurture_cap,
        cap_window=timedelta(days=settings.nurture_cap_days),
    )
    return NurtureConfig(
        scenarios=scenarios,
        policy=policy,
        default_zone=default_zone,
        push_channels=frozenset(push_channels),
        scan_every=timedelta(seconds=settings.nurture_scan_seconds),
        lookback=timedelta(days=settings.nurture_lookback_days),
        default_language=default_language,
    )
