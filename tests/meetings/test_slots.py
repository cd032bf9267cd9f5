"""Free slots from working hours minus busy times (the pure core)."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.meetings.config import Availability
from bot.meetings.slots import Interval, free_slots, is_free, local_instant, slot_at

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
WEEKDAYS_9_TO_12 = {day: ((time(9), time(12)),) for day in range(5)}


def rules(**overrides: object) -> Availability:
    values: dict[str, object] = {
        "time_zone": PARIS,
        "working_hours": WEEKDAYS_9_TO_12,
        "meeting_minutes": 30,
        "buffer_minutes": 0,
        "step_minutes": 30,
        "min_notice_minutes": 0,
        "horizon_days": 14,
    }
    values.update(overrides)
    return Availability(**values)  # type: ignore[arg-type]


def paris(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


def test_the_first_slots_are_the_start_of_the_next_working_window() -> None:
    # Saturday 5 December 2026: the next working day is Monday 7.
    slots = free_slots(rules(), [], now=paris(2026, 12, 5, 10, 0), count=3, show_in=PARIS)
    assert slots == [paris(2026, 12, 7, 9, 0), paris(2026, 12, 7, 9, 30), paris(2026, 12, 7, 10)]


def test_past_times_and_the_minimum_notice_are_skipped() -> None:
    now = paris(2026, 12, 7, 9, 40)
    assert free_slots(rules(), [], now=now, count=1, show_in=PARIS) == [paris(2026, 12, 7, 10)]
    later = free_slots(rules(min_notice_minutes=90), [], now=now, count=1, show_in=PARIS)
    assert later == [paris(2026, 12, 7, 11, 30)]
    too_late = free_slots(rules(min_notice_minutes=120), [], now=now, count=1, show_in=PARIS)
    assert too_late == [paris(2026, 12, 8, 9)]


def test_a_meeting_never_runs_past_the_end_of_working_hours() -> None:
    slots = free_slots(rules(meeting_minutes=60), [], now=paris(2026, 12, 7, 10, 45), count=2)
    assert [s.astimezone(PARIS) for s in slots] == [paris(2026, 12, 7, 11), paris(2026, 12, 8, 9)]


def test_a_busy_event_and_its_buffer_are_not_offered() -> None:
    busy = [Interval(paris(2026, 12, 7, 10, 0), paris(2026, 12, 7, 10, 30))]
    plain = free_slots(rules(), busy, now=paris(2026, 12, 7, 8), count=3, show_in=PARIS)
    assert plain == [paris(2026, 12, 7, 9), paris(2026, 12, 7, 9, 30), paris(2026, 12, 7, 10, 30)]
    padded = free_slots(
        rules(buffer_minutes=15), busy, now=paris(2026, 12, 7, 8), count=2, show_in=PARIS
    )
    assert padded == [paris(2026, 12, 7, 9), paris(2026, 12, 7, 11)]


def test_slots_are_shown_in_the_prospects_zone() -> None:
    slots = free_slots(rules(), [], now=paris(2026, 12, 7, 8), count=1, show_in=NEW_YORK)
    assert slots[0].tzinfo == NEW_YORK
    assert (slots[0].hour, slots[0].minute) == (3, 0)  # 09:00 in Paris is 03:00 in New York


def test_working_hours_follow_the_reps_summer_time() -> None:
    # Paris changes on Sunday 29 March 2026; New York on 8 March. 09:00 in Paris is
    # 08:00 UTC on Friday 27 March, 07:00 UTC on Monday 30 March.
    friday, monday = (
        free_slots(rules(), [], now=paris(2026, 3, d, 8), count=1)[0] for d in (27, 30)
    )
    assert friday == datetime(2026, 3, 27, 8, tzinfo=UTC)
    assert monday == datetime(2026, 3, 30, 7, tzinfo=UTC)
    assert monday.astimezone(NEW_YORK).hour == 3


def test_a_window_across_the_spring_forward_gap_is_an_hour_shorter() -> None:
    night = {6: ((time(1), time(4)),)}  # Sunday 29 March 2026, 01:00-04:00 in Paris
    slots = free_slots(
        rules(working_hours=night, meeting_minutes=60, step_minutes=60, horizon_days=1),
        [],
        now=paris(2026, 3, 28, 12),
        count=5,
        show_in=PARIS,
    )
    assert [s.hour for s in slots] == [1, 3]  # 02:00 does not exist that night
    assert local_instant(slots[0].date(), time(2, 30), PARIS).astimezone(PARIS).hour == 3


def test_not_before_proposes_again_from_a_later_time() -> None:
    thursday_afternoon = paris(2026, 12, 10, 14)
    slots = free_slots(
        rules(working_hours={3: ((time(9), time(12)), (time(14), time(18)))}),
        [],
        now=paris(2026, 12, 7, 8),
        count=1,
        show_in=PARIS,
        not_before=thursday_afternoon,
    )
    assert slots == [thursday_afternoon]


def test_nothing_is_offered_beyond_the_horizon() -> None:
    assert free_slots(rules(horizon_days=1), [], now=paris(2026, 12, 5, 10), count=3) == []


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(ValueError):
        free_slots(rules(), [], now=datetime(2026, 12, 7, 8))


def test_is_free_checks_the_window_and_the_buffer() -> None:
    r = rules(buffer_minutes=10)
    busy = [Interval(paris(2026, 12, 7, 10), paris(2026, 12, 7, 10, 30))]
    assert is_free(r, busy, slot_at(r, paris(2026, 12, 7, 9)))
    assert not is_free(r, busy, slot_at(r, paris(2026, 12, 7, 9, 30)))
    assert not is_free(r, busy, slot_at(r, paris(2026, 12, 7, 11, 45)))
    assert not is_free(r, [], slot_at(r, paris(2026, 12, 5, 9)))  # a Saturday
    assert slot_at(r, paris(2026, 12, 7, 9)).end - paris(2026, 12, 7, 9) == timedelta(minutes=30)


def test_slots_in_the_night_of_the_prospect_come_only_when_nothing_else_is_free() -> None:
    """A rep in Paris works 09:00-12:00 and 14:00-18:00: 03:00 to 06:00 in New York in the
    morning. A New Yorker is offered the afternoon (08:00 on), not the night."""
    days = {d: ((time(9), time(12)), (time(14), time(18))) for d in range(5)}
    now = paris(2026, 12, 7, 7, 0)  # Monday
    slots = free_slots(rules(working_hours=days), [], now=now, count=3, show_in=NEW_YORK)
    assert [s.hour for s in slots] == [8, 8, 9], slots  # 14:00 in Paris on
    mornings = rules(working_hours={0: ((time(9), time(10)),)})
    slots = free_slots(mornings, [], now=now, count=2, show_in=NEW_YORK)
    assert [(s.hour, s.minute) for s in slots] == [(3, 0), (3, 30)]  # the night, rather than none
