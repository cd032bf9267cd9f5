"""Reading the prospect's reply to offered slots, pure (no clock, no I/O), French and English.

`read_reply` turns a message into what the bot does next:
- `Pick(start)`: one of the offered slots ("1", "the second", "Tuesday 10:00", "mardi 10h");
- `Later(not_before)`: none of these, another time ("maybe Thursday afternoon?", "plutôt
  jeudi après-midi", "next week"): propose again from then;
- `Stop()`: no meeting after all ("no thanks", "annuler", "never mind");
- None: not about the slots (a question): the engine answers it, the offer stays.
`asks_to_cancel` / `asks_to_move` read the same way once a meeting is booked.
Weekday names are matched with a little tolerance for typos ("tuesdya", "mecredi").
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4,
    "samedi": 5, "dimanche": 6, "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3,
    "thur": 3, "thurs": 3, "fri": 4,
}  # fmt: skip
ORDINALS = {
    "first": 1, "1st": 1, "premier": 1, "premiere": 1, "1er": 1, "1ere": 1, "second": 2,
    "2nd": 2, "deuxieme": 2, "seconde": 2, "2e": 2, "2eme": 2, "third": 3, "3rd": 3,
    "troisieme": 3, "3e": 3, "3eme": 3, "last": -1, "dernier": -1, "derniere": -1,
}  # fmt: skip
PARTS = {  # part of the day -> the earliest hour meant
    "morning": 8, "matin": 8, "matinee": 8, "noon": 12, "midi": 12, "lunchtime": 12,
    "afternoon": 12, "apres-midi": 12, "apres midi": 12, "aprem": 12, "evening": 17,
    "soir": 17, "soiree": 17, "end of the day": 16, "fin de journee": 16,
}  # fmt: skip
STOP = re.compile(
    r"\b(?:cancel|no thanks?|no thank you|never ?mind|forget it|not now|annul\w*|"
    r"non merci|laisse[zr]? tomber|pas maintenant|oubliez|oublie)\b"
)
NONE_OF_THESE = re.compile(
    r"\b(?:none|neither|other|another|different|later|instead|rather|aucun\w*|autre\w*|"
    r"plutot|plus tard|pas dispo\w*|not available|can'?t|cannot|busy|pris)\b"
)
NONE_OF_THEM = re.compile(
    r"\b(?:none|neither|other (?:time|day|slot)s?|another (?:time|day|slot)|aucun\w*|"
    r"autre (?:moment|jour|creneau|horaire)|d'autres)\b"
)
MOVE = re.compile(
    r"\b(?:move|reschedul\w*|postpone|push|change|shift|deplac\w*|decal\w*|report\w*|"
    r"changer|modifier)\b"
)
MEETING = re.compile(r"\b(?:demo|meeting|call|appointment|rdv|rendez-vous|rendez vous|reunion)\b")
TIME = re.compile(r"\b(\d{1,2})\s*(?:h|:|heures?\b)\s*(\d{2})?|\b(\d{1,2})\s*(am|pm)\b")
AT_HOUR = re.compile(
    r"\b(?:at|a|vers|around)\s+(\d{1,2})\b(?!\s*(?:days?|weeks?|jours?|semaines?|%))"
)
NUMBER = re.compile(r"(?:^|[\s#(n°])([1-9])(?![\d:h.,]|\s*(?:am|pm|h\b))")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


@dataclass(frozen=True)
class Pick:
    start: datetime


@dataclass(frozen=True)
class Later:
    not_before: datetime


@dataclass(frozen=True)
class Stop:
    pass


Reply = Pick | Later | Stop


def fold(text: str) -> str:
    """Lower case, accents and apostrophe variants folded: "Après-midi" -> "apres-midi"."""
    text = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c))


def find_email(text: str) -> str | None:
    match = EMAIL.search(text)
    return match.group(0) if match else None


def read_reply(text: str, offered: Sequence[datetime], now: datetime) -> Reply | None:
    """What the prospect's `text` says about the `offered` slots (aware, in their zone;
    `now` is in that zone too)."""
    words = fold(text)
    if STOP.search(words) and not NONE_OF_THESE.search(words):
        return Stop()
    asked = when_asked(words, now)
    if (index := _ordinal(words, len(offered))) is not None and not NONE_OF_THESE.search(words):
        return Pick(offered[index])
    if asked is not None:
        matching = [s for s in offered if _matches(s, asked, words)]
        if len(matching) == 1 and not NONE_OF_THESE.search(words):
            return Pick(matching[0])
        return Later(asked[0])
    if NONE_OF_THEM.search(words) and offered:  # "none of these" without a time: later ones
        return Later(max(offered) + timedelta(minutes=1))
    return None


def _about_the_meeting(words: str) -> bool:
    """Names the meeting ("my demo", "le rdv"), or is short and says "it" ("cancel it",
    "move it to Friday?"): "can I cancel my subscription anytime?" is not about it."""
    short = len(words.split()) <= 7
    return bool(MEETING.search(words)) or (short and bool(re.search(r"\b(?:it|le|la)\b", words)))


def asks_to_cancel(text: str) -> bool:
    words = fold(text)
    if not re.search(r"\bcancel|\bannul", words) or MOVE.search(words):
        return False
    return _about_the_meeting(words) or len(words.split()) <= 2


def asks_to_move(text: str, now: datetime) -> datetime | None:
    """When a booked meeting should move to ("can we move it to Friday?": Friday), `now`
    when the prospect names no time; None when they do not ask to move it."""
    words = fold(text)
    asked = when_asked(words, now)
    # "can we move it to next monday morning instead": long, but "it" and a time named
    named_it = asked is not None and re.search(r"\b(?:it|le|la)\b", words) is not None
    if not (MOVE.search(words) and (_about_the_meeting(words) or named_it)):
        return None
    return asked[0] if asked else now


def when_asked(words: str, now: datetime) -> tuple[datetime, bool] | None:
    """The earliest instant a (folded) message names, and whether it names a time of day:
    a day ("Thursday", "demain", "next week"), a part of it ("afternoon") and/or a time
    ("10h", "2pm", "10:30"). None when it names none."""
    day = _day(words, now.date())
    clock = _clock(words)
    part = _part_of_day(words)
    if day is None and clock is None and part is None:
        return None
    at = clock or (time(part) if part is not None else time(0))
    moment = datetime.combine(day or now.date(), at, tzinfo=now.tzinfo)
    if day is None and moment < now:
        moment += timedelta(days=1)  # "at 10" said at 11: tomorrow
    return moment, clock is not None


def _ordinal(words: str, count: int) -> int | None:
    for word in re.findall(r"[a-z0-9]+", words):
        if (n := ORDINALS.get(word)) is not None and (n == -1 or n <= count):
            return count - 1 if n == -1 else n - 1
    match = NUMBER.search(" " + words.strip())
    if match and _clock(words) is None and 1 <= int(match.group(1)) <= count:
        return int(match.group(1)) - 1
    return None


def _matches(slot: datetime, asked: tuple[datetime, bool], words: str) -> bool:
    moment, has_clock = asked
    if not has_clock:
        return False
    same_time = (slot.hour, slot.minute) == (moment.hour, moment.minute)
    named_day = _day(words, moment.date()) is not None
    return same_time and (slot.date() == moment.date() or not named_day)


def _day(words: str, today: date) -> date | None:
    if re.search(r"\b(?:day after tomorrow|apres-demain|apres demain)\b", words):
        return today + timedelta(days=2)
    if re.search(r"\b(?:tomorrow|demain|tmrw|tmr)\b", words):
        return today + timedelta(days=1)
    if re.search(r"\b(?:today|aujourd'hui|aujourdhui)\b", words):
        return today
    if re.search(r"\b(?:next week|semaine prochaine)\b", words):
        return today + timedelta(days=7 - today.weekday())
    for word in re.findall(r"[a-z]+", words):
        name = word if word in WEEKDAYS else _close_weekday(word)
        if name is not None:
            return today + timedelta(days=(WEEKDAYS[name] - today.weekday()) % 7)
    return None


def _part_of_day(words: str) -> int | None:
    """The earliest hour a part of the day names ("afternoon": 12), typos tolerated."""
    for name, hour in PARTS.items():
        if re.search(rf"\b{name}\b", words):
            return hour
    single = [name for name in PARTS if " " not in name and len(name) >= 5]
    for word in re.findall(r"[a-z-]{5,}", words):
        if close := difflib.get_close_matches(word, single, 1, 0.85):
            return PARTS[close[0]]
    return None


def _close_weekday(word: str) -> str | None:
    if len(word) < 5:
        return None
    close = difflib.get_close_matches(word, [w for w in WEEKDAYS if len(w) >= 5], 1, 0.8)
    return close[0] if close else None


def _clock(words: str) -> time | None:
    match = TIME.search(words)
    if match is None:
        bare = AT_HOUR.search(words)  # "at 9", "vers 14"
        hour = int(bare.group(1)) if bare else 99
        return time(hour) if 7 <= hour <= 20 else None
    if match.group(3) is not None:
        hour = int(match.group(3)) % 12 + (12 if match.group(4) == "pm" else 0)
        return time(hour) if hour < 24 else None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    return time(hour, minute) if hour < 24 and minute < 60 else None


def zone_named(name: object) -> ZoneInfo | None:
    """A valid IANA zone name (the widget's browser zone), else None."""
    if not isinstance(name, str) or not 0 < len(name) <= 64 or ".." in name:
        return None
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return None
