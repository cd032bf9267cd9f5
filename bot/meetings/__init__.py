"""Meetings booked in reps' calendars over CalDAV (docs/meetings.md).

Pure core: `config` (the meetings file), `slots` (free slots from working hours minus busy
times), `dialogue` (reading a reply to offered slots) and `texts` (French and English).
I/O edge: `calendar` (CalDAV through the `caldav` library), `booking` (one meeting per slot
across workers, held by the database; an outage kept as a pending meeting), `notify` (Slack
thread notes and the `meeting.booked` webhook, through the outbox), `flow` (the desk the
actions and the conversation service talk to), `engine` and `wiring` (plugged into the app).
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
