"""The meetings file: the shipped default loads, and errors name the file and the field."""

from datetime import time
from pathlib import Path

import pytest

from bot.errors import MeetingsConfigError
from bot.meetings.config import DEFAULT_MEETINGS_CONFIG, load_meetings_config

GOOD = """
time_zone: Europe/Paris
meeting_minutes: 45
working_hours:
  mon: ["09:00-12:00", "14:00-18:00"]
reps:
  - id: alice
    name: Alice
    email: alice@example.com
    caldav_url: http://127.0.0.1:5232/alice/calendar/
  - id: bob
    name: Bob
    email: bob@example.com
    time_zone: America/New_York
    working_hours:
      tue: ["10:00-16:00"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "meetings.yml"
    path.write_text(text)
    return path


def test_the_shipped_default_loads() -> None:
    config = load_meetings_config(DEFAULT_MEETINGS_CONFIG)
    assert [rep.id for rep in config.reps] == ["sales"]
    assert config.reps[0].caldav_url is None


def test_reps_take_the_defaults_and_may_override_them(tmp_path: Path) -> None:
    config = load_meetings_config(write(tmp_path, GOOD))
    alice, bob = config.reps
    assert alice.availability.meeting_minutes == 45
    assert alice.availability.working_hours[0] == ((time(9), time(12)), (time(14), time(18)))
    assert bob.availability.time_zone.key == "America/New_York"
    assert bob.availability.meeting_minutes == 45
    assert bob.availability.working_hours == {1: ((time(10), time(16)),)}
    assert config.rep("bob") is bob and config.rep("carol") is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (("meeting_minutes: 45", "meeting_minutes: 0"), ".meeting_minutes"),
        (("time_zone: Europe/Paris", "time_zone: Mars/Olympus"), ".time_zone"),
        (('["09:00-12:00", ', '["12:00-09:00", '), ".working_hours.mon[0]"),
        (("  mon:", "  monday:"), ".working_hours.monday"),
        (("email: bob@example.com", "email: bob"), "reps[1].email"),
        (("caldav_url: http://", "caldav_url: ftp://"), "reps[0].caldav_url"),
        (("id: bob", "id: alice"), "two reps share an id"),
    ],
)
def test_an_error_names_the_file_and_the_field(
    tmp_path: Path, change: tuple[str, str], field: str
) -> None:
    path = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(MeetingsConfigError) as error:
        load_meetings_config(path)
    assert str(path) in str(error.value) and field in str(error.value)


def test_an_unreadable_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(MeetingsConfigError, match="cannot be read"):
        load_meetings_config(tmp_path / "missing.yml")
    with pytest.raises(MeetingsConfigError, match="reps"):
        load_meetings_config(write(tmp_path, "reps: []\n"))
