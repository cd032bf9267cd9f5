"""A rep's calendar over CalDAV (the `caldav` library, synchronous: callers in async code
run it in a thread). The I/O edge of meetings: busy times in, events out.

Every failure of the server (down, refused credentials, an answer we cannot read) becomes a
`CalendarUnavailable` carrying the rep's booking link, so a caller has one error to turn
into a link or a promise of a call.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import caldav
import icalendar
from caldav.lib.error import DAVError, NotFoundError

from bot.errors import CalendarUnavailable
from bot.meetings.config import Rep
from bot.meetings.slots import Interval

TIMEOUT_SECONDS = 10


class RepCalendar(Protocol):
    """What booking needs of a calendar (a fake in unit tests, CalDAV in production)."""

    def busy(self, start: datetime, end: datetime) -> list[Interval]: ...

    def add(self, event_ical: str) -> None: ...

    def remove(self, uid: str) -> None: ...


def busy_from_ical(components: Iterable[Any], zone: ZoneInfo) -> Iterator[Interval]:
    """The busy intervals of VEVENT components; all-day and floating times are read in the
    rep's `zone`. Transparent (free) and cancelled events do not count."""
    for event in components:
        if str(event.get("TRANSP", "")).upper() == "TRANSPARENT":
            continue
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        if event.get("DTSTART") is None:
            continue
        start = event.decoded("DTSTART")
        if event.get("DTEND") is not None:
            end = event.decoded("DTEND")
        elif event.get("DURATION") is not None:
            end = start + event.decoded("DURATION")
        else:
            end = start + timedelta(days=1) if not isinstance(start, datetime) else start
        yield Interval(_instant(start, zone), _instant(end, zone))


def _instant(value: date | datetime, zone: ZoneInfo) -> datetime:
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(0))
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(UTC)


@dataclass
class CalDAVCalendar:
    """One calendar collection, e.g. `https://cloud.example.com/remote.php/dav/calendars/
    alice/personal/`. A new connection per call: bookings are rare, servers drop idle ones."""

    rep: Rep
    url: str
    username: str | None = None
    password: str | None = None
    timeout: int = TIMEOUT_SECONDS

    @classmethod
    def for_rep(cls, rep: Rep, environ: Mapping[str, str] | None = None) -> CalDAVCalendar:
        """The rep's calendar; the password comes from the variable named `password_env`.

        Raises:
            CalendarUnavailable: the rep has no `caldav_url`.
        """
        if rep.caldav_url is None:
            raise CalendarUnavailable(rep.id, "no caldav_url", rep.booking_link)
        env = os.environ if environ is None else environ
        password = env.get(rep.password_env) if rep.password_env else None
        return cls(rep=rep, url=rep.caldav_url, username=rep.username, password=password)

    def busy(self, start: datetime, end: datetime) -> list[Interval]:
        """Busy intervals overlapping [start, end), recurring events expanded."""
        try:
            with self._client() as client:
                found = client.calendar(url=self.url).search(
                    start=start, end=end, event=True, expand=True
                )
                components = [c for obj in found for c in obj.icalendar_instance.walk("VEVENT")]
        except (DAVError, OSError, ValueError) as exc:
            raise self._unavailable(exc) from exc
        zone = self.rep.availability.time_zone
        return sorted(b for b in busy_from_ical(components, zone) if b.end > start)

    def add(self, event_ical: str) -> None:
        """Store a VCALENDAR with one VEVENT in the calendar."""
        try:
            with self._client() as client:
                client.calendar(url=self.url).save_event(event_ical)
        except (DAVError, OSError, ValueError) as exc:
            raise self._unavailable(exc) from exc

    def remove(self, uid: str) -> None:
        """Delete the event with this UID (a cancellation); one already gone is no error."""
        try:
            with self._client() as client:
                client.calendar(url=self.url).event_by_uid(uid).delete()
        except NotFoundError:
            return
        except (DAVError, OSError, ValueError) as exc:
            raise self._unavailable(exc) from exc

    def event(self, uid: str) -> icalendar.Calendar:
        """An event read back by its UID (tests, support)."""
        try:
            with self._client() as client:
                found = client.calendar(url=self.url).event_by_uid(uid)
                return found.icalendar_instance
        except (DAVError, OSError, ValueError) as exc:
            raise self._unavailable(exc) from exc

    def _client(self) -> caldav.DAVClient:
        return caldav.DAVClient(
            url=self.url, username=self.username, password=self.password, timeout=self.timeout
        )

    def _unavailable(self, exc: Exception) -> CalendarUnavailable:
        reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
        return CalendarUnavailable(self.rep.id, reason, self.rep.booking_link)
