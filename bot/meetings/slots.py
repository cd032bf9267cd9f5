"""Free slots: working hours minus busy times, pure (no clock, no network).

Every window is turned into UTC from the rep's zone for its own date, so a day that changes
to or from summer time gets its working hours at the right instants; slots are then shown in
the prospect's zone. A slot is free when it lies within a working window, starts at least the
minimum notice after `now`, and no busy interval comes within `buffer` of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.meetings.config import Availability


@dataclass(frozen=True, order=True)
class Interval:
    """A half-open span [start, end) of aware datetimes."""

    start: datetime
    end: datetime

    def overlaps(self, other: Interval) -> bool:
        return self.start < other.end and other.start < self.end


def local_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of a wall-clock time in `zone`; a time skipped by a change to summer
    time moves forward by the gap (02:30 on a spring-forward night is 03:30)."""
    # fold=0 reads a skipped time with the offset before the change (PEP 495): later.
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def working_windows(rules: Availability, since: datetime, until: datetime) -> Iterator[Interval]:
    """The rep's working windows (in UTC) that end after `since` and start before `until`."""
    day = since.astimezone(rules.time_zone).date() - timedelta(days=1)
    last = until.astimezone(rules.time_zone).date()
    while day <= last:
        for start, end in rules.working_hours.get(day.weekday(), ()):
            window = Interval(
                local_instant(day, start, rules.time_zone), local_instant(day, end, rules.time_zone)
            )
            if window.end > since and window.start < until:
                yield window
        day += timedelta(days=1)


def free_slots(
    rules: Availability,
    busy: Iterable[Interval],
    *,
    now: datetime,
    count: int = 3,
    show_in: ZoneInfo | None = None,
    not_before: datetime | None = None,
) -> list[datetime]:
    """The next `count` free slot starts after `now` (aware), in the zone `show_in` (UTC by
    default). `not_before` (aware) skips ahead, e.g. to "Thursday afternoon". Slots that fall
    between 08:00 and 20:00 in `show_in` come first; others only when too few do.

    Raises:
        ValueError: `now` or `not_before` is naive.
    """
    if now.tzinfo is None or (not_before is not None and not_before.tzinfo is None):
        raise ValueError("now and not_before must be aware datetimes")
    earliest = now + timedelta(minutes=rules.min_notice_minutes)
    if not_before is not None:
        earliest = max(earliest, not_before)
    horizon = now + timedelta(days=rules.horizon_days)
    blocked = _padded(busy, timedelta(minutes=rules.buffer_minutes))
    zone = show_in or UTC
    awake: list[datetime] = []  # within the prospect's day, first
    asleep: list[datetime] = []  # 03:00 in New York for a rep in Paris: only if nothing else
    for window in working_windows(rules, earliest, horizon):
        for slot in _candidates(rules, window, earliest, horizon):
            if not any(slot.overlaps(b) for b in blocked):
                shown = Interval(slot.start.astimezone(zone), slot.end.astimezone(zone))
                (awake if show_in is None or _in_their_day(shown) else asleep).append(shown.start)
                if len(awake) == count:
                    return awake
    return sorted(awake + asleep[: count - len(awake)])


THEIR_DAY = (time(8, 0), time(20, 0))  # the prospect's local hours a meeting may fall in


def _in_their_day(slot: Interval) -> bool:
    first, last = THEIR_DAY
    return (
        slot.start.date() == slot.end.date()
        and slot.start.time() >= first
        and slot.end.time() <= last
    )


def is_free(rules: Availability, busy: Iterable[Interval], slot: Interval) -> bool:
    """Whether `slot` itself is still bookable: inside a working window, clear of `busy`
    with the buffer. (Notice and horizon are the caller's: a slot offered a minute ago may
    be booked now.)"""
    inside = any(
        w.start <= slot.start and slot.end <= w.end
        for w in working_windows(rules, slot.start, slot.end)
    )
    blocked = _padded(busy, timedelta(minutes=rules.buffer_minutes))
    return inside and not any(slot.overlaps(b) for b in blocked)


def slot_at(rules: Availability, start: datetime) -> Interval:
    return Interval(start, start + timedelta(minutes=rules.meeting_minutes))


def _padded(busy: Iterable[Interval], buffer: timedelta) -> Sequence[Interval]:
    return [Interval(b.start - buffer, b.end + buffer) for b in busy]


def _candidates(
    rules: Availability, window: Interval, earliest: datetime, horizon: datetime
) -> Iterator[Interval]:
    step = timedelta(minutes=rules.step_minutes)
    length = timedelta(minutes=rules.meeting_minutes)
    start = window.start
    while start + length <= window.end and start < horizon:
        if start >= earliest:
            yield Interval(start, start + length)
        start += step
