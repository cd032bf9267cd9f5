"""The meetings file: reps, their calendars, working hours, meeting length and buffer.

The format is in `bot/meetings/meetings.yml`, the shipped default (one rep with no calendar,
so no slot is offered until a team writes its own file; docs/meetings.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from bot.errors import MeetingsConfigError

DEFAULT_MEETINGS_CONFIG = Path(__file__).with_name("meetings.yml")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WINDOW = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")
REP_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
# Weekday (0 = Monday) -> the day's working windows, local times, in order.
WorkingHours = dict[int, tuple[tuple[time, time], ...]]


@dataclass(frozen=True)
class Availability:
    """The rules one rep's free slots follow (pure data for `bot.meetings.slots`)."""

    time_zone: ZoneInfo
    working_hours: WorkingHours
    meeting_minutes: int = 30
    buffer_minutes: int = 10
    step_minutes: int = 30
    min_notice_minutes: int = 120
    horizon_days: int = 14


@dataclass(frozen=True)
class Rep:
    id: str
    name: str
    email: str
    availability: Availability
    caldav_url: str | None = None
    username: str | None = None
    password_env: str | None = None
    booking_link: str | None = None


@dataclass(frozen=True)
class MeetingsConfig:
    reps: tuple[Rep, ...]

    def rep(self, rep_id: str) -> Rep | None:
        return next((rep for rep in self.reps if rep.id == rep_id), None)


def load_meetings_config(path: Path | None = None) -> MeetingsConfig:
    """Read and validate a meetings file; a `MeetingsConfigError` names the file and field."""
    source = path or DEFAULT_MEETINGS_CONFIG
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise MeetingsConfigError(f"{source}: cannot be read: {exc}") from exc
    return parse_meetings_config(data, str(source))


def parse_meetings_config(data: Any, source: str) -> MeetingsConfig:
    if not isinstance(data, dict):
        raise MeetingsConfigError(f"{source}: expected a mapping with a list under 'reps'")
    reps = data.get("reps")
    if not isinstance(reps, list) or not reps:
        raise MeetingsConfigError(f"{source}: reps: expected a non-empty list")
    defaults = _availability(data, f"{source}", None)
    parsed = tuple(
        _rep(entry, f"{source}: reps[{i}]", defaults, data) for i, entry in enumerate(reps)
    )
    ids = [rep.id for rep in parsed]
    if len(set(ids)) != len(ids):
        raise MeetingsConfigError(f"{source}: reps: two reps share an id")
    return MeetingsConfig(reps=parsed)


def _rep(entry: Any, where: str, defaults: Availability, top: dict[str, Any]) -> Rep:
    if not isinstance(entry, dict):
        raise MeetingsConfigError(f"{where}: expected a mapping with id, name and email")
    rep_id = entry.get("id")
    if not isinstance(rep_id, str) or not REP_ID.match(rep_id):
        raise MeetingsConfigError(f"{where}.id: lower-case letters, digits, - or _")
    for key in ("name", "email"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise MeetingsConfigError(f"{where}.{key}: required text")
    if "@" not in entry["email"]:
        raise MeetingsConfigError(f"{where}.email: not an email address")
    optional = {}
    for key in ("caldav_url", "username", "password_env", "booking_link"):
        value = entry.get(key)
        if value is not None and not isinstance(value, str):
            raise MeetingsConfigError(f"{where}.{key}: expected text")
        optional[key] = value
    url = optional["caldav_url"]
    if url is not None and not url.startswith(("https://", "http://")):
        raise MeetingsConfigError(f"{where}.caldav_url: an http(s) URL (got {url!r})")
    merged = {**top, **{k: v for k, v in entry.items() if k in _AVAILABILITY_KEYS}}
    availability = _availability(merged, where, defaults) if merged != top else defaults
    return Rep(
        id=rep_id,
        name=entry["name"].strip(),
        email=entry["email"].strip(),
        availability=availability,
        **optional,
    )


_AVAILABILITY_KEYS = {
    "time_zone",
    "working_hours",
    "meeting_minutes",
    "buffer_minutes",
    "step_minutes",
    "min_notice_minutes",
    "horizon_days",
}
_LIMITS = {
    "meeting_minutes": (5, 480),
    "buffer_minutes": (0, 240),
    "step_minutes": (5, 480),
    "min_notice_minutes": (0, 60 * 24 * 14),
    "horizon_days": (1, 90),
}


def _availability(data: dict[str, Any], where: str, base: Availability | None) -> Availability:
    zone_name = data.get("time_zone", "UTC")
    try:
        zone = ZoneInfo(str(zone_name))
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise MeetingsConfigError(f"{where}.time_zone: unknown zone {zone_name!r}") from exc
    numbers: dict[str, int] = {}
    for key, (low, high) in _LIMITS.items():
        value = data.get(key, getattr(Availability, key))
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise MeetingsConfigError(f"{where}.{key}: a whole number from {low} to {high}")
        numbers[key] = value
    hours = data.get("working_hours")
    if hours is None and base is not None:
        working = base.working_hours
    else:
        working = _working_hours(hours, f"{where}.working_hours")
    return Availability(time_zone=zone, working_hours=working, **numbers)


def _working_hours(hours: Any, where: str) -> WorkingHours:
    if not isinstance(hours, dict):
        raise MeetingsConfigError(f"{where}: expected a mapping of mon..sun to windows")
    working: WorkingHours = {}
    for day, windows in hours.items():
        if day not in DAYS:
            raise MeetingsConfigError(f"{where}.{day}: not one of {', '.join(DAYS)}")
        if not isinstance(windows, list):
            raise MeetingsConfigError(f"{where}.{day}: expected a list like ['09:00-12:00']")
        working[DAYS.index(day)] = tuple(
            sorted(_window(w, f"{where}.{day}[{i}]") for i, w in enumerate(windows))
        )
    return working


def _window(text: Any, where: str) -> tuple[time, time]:
    match = WINDOW.match(str(text).strip())
    if not match:
        raise MeetingsConfigError(f"{where}: expected HH:MM-HH:MM (got {text!r})")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
        raise MeetingsConfigError(f"{where}: not a time of day (got {text!r})")
    start, end = time(h1, m1), (time(23, 59, 59) if h2 == 24 else time(h2, m2))
    if end <= start:
        raise MeetingsConfigError(f"{where}: the end comes before the start (got {text!r})")
    return start, end
