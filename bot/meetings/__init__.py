"""Meetings booked in reps' calendars over CalDAV (docs/meetings.md).

Pure core: `config` (the meetings file) and `slots` (free slots from working hours minus
busy times). I/O edge: `calendar` (CalDAV through the `caldav` library) and `booking`
(one booking per slot, an .ics invitation, a CalDAV outage recorded and reported).
"""

from bot.meetings.config import (
    DEFAULT_MEETINGS_CONFIG,
    Availability,
    MeetingsConfig,
    Rep,
    load_meetings_config,
)
from bot.meetings.slots import Interval, free_slots, is_free

__all__ = [
    "DEFAULT_MEETINGS_CONFIG",
    "Availability",
    "Interval",
    "MeetingsConfig",
    "Rep",
    "free_slots",
    "is_free",
    "load_meetings_config",
]
