"""Scenario files: the shipped defaults load and name real library documents; a bad file is
refused with its file and field named, and so the app does not start."""

from pathlib import Path

import pytest

from bot.nurture.config import nurture_config, quiet_hours
from bot.nurture.scenarios import NurtureConfigError, check_documents, load_scenarios
from bot.nurture.settings import SHIPPED_SCENARIOS
from bot.settings import Settings
from nlu.content.library import load_library

LIBRARY = Settings(_env_file=None).content_dir  # type: ignore[call-arg]
GOOD = """
trigger: {event: whitepaper_download}
steps:
  - wait: 2s
  - message: {en: Hello, fr: Bonjour}
"""


def library_ids() -> set[str]:
    docs, _ = load_library(LIBRARY)
    return {d.id for d in docs}


def test_the_shipped_scenarios_load_and_name_documents_of_the_library() -> None:
    scenarios = load_scenarios(SHIPPED_SCENARIOS)
    assert [s.name for s in scenarios] == ["guide-follow-up", "mql-timeline", "pricing-check-in"]
    check_documents(scenarios, library_ids())
    guide = scenarios[0]
    assert [s.kind for s in guide.steps] == ["wait", "content", "wait", "message"]
    assert guide.steps[1].documents["fr"] == "fr/etude-de-cas-maison-lenoir"
    assert scenarios[1].steps[1].fact == "timeline"
    assert scenarios[2].trigger.after_documents == ("en/pricing", "fr/tarifs")


def write(folder: Path, text: str, name: str = "one.yml") -> Path:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text)
    return folder


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("steps: [{message: {en: a, fr: b}}]", "one.yml: trigger: expected a mapping"),
        ("trigger: {event: Bad-Type}\nsteps: [{message: {en: a, fr: b}}]", "trigger.event"),
        ("trigger: {stage: hot}\nsteps: [{message: {en: a, fr: b}}]", "trigger.stage"),
        ("trigger: {silence: 2d}\nsteps: [{message: {en: a, fr: b}}]", "after_event or"),
        ("trigger: {event: x}\nsteps: [{message: {en: a}}]", "steps[0].message.fr"),
        ("trigger: {event: x}\nsteps: [{wait: soon}]", "steps[0].wait"),
        ("trigger: {event: x}\nsteps: [{wait: 1d}]", "steps: at least one step"),
        ("trigger: {event: x}\nsteps: [{question: colour, text: {en: a, fr: b}}]", "question"),
        ("trigger: {event: x}\nsteps: [{message: {en: a, fr: b}, wait: 1d}]", "exactly one"),
        ("trigger: {event: x}\nconditions: {stages: [hot]}\nsteps: [{wait: 1s}]", "stages"),
        ("trigger: {event: x}\nsteps: [{message: {en: a, fr: b}}]\nextra: 1", "one.yml: extra"),
        ("trigger: {event: x}\nsteps: [{message: {en: a, fr: b}, colour: red}]", "colour"),
        ("- not a mapping", "one.yml: expected a mapping"),
        ("trigger: [unclosed", "cannot be read"),
    ],
)
def test_a_bad_file_names_the_file_and_the_field(tmp_path: Path, text: str, where: str) -> None:
    with pytest.raises(NurtureConfigError) as caught:
        load_scenarios(write(tmp_path / "s", text))
    message = str(caught.value)
    assert str(tmp_path / "s" / "one.yml") in message
    assert where in message


def test_a_content_step_must_name_a_document_of_the_library(tmp_path: Path) -> None:
    folder = write(
        tmp_path / "s",
        "trigger: {event: x}\nsteps:\n  - content: {en: en/nope, fr: fr/tarifs}\n"
        "    text: {en: a, fr: b}\n",
    )
    with pytest.raises(NurtureConfigError, match=r"steps\[0\]\.content\.en: no document 'en/nope'"):
        check_documents(load_scenarios(folder), library_ids())


def test_two_scenarios_cannot_share_a_name(tmp_path: Path) -> None:
    folder = write(tmp_path / "s", GOOD, "a.yml")
    write(folder, f"name: a\n{GOOD}", "b.yml")
    with pytest.raises(NurtureConfigError, match=r"b\.yml: name: 'a' is the name of another"):
        load_scenarios(folder)


def test_waits_in_seconds_for_tests_and_days_for_people(tmp_path: Path) -> None:
    scenario = load_scenarios(write(tmp_path / "s", GOOD))[0]
    assert scenario.name == "one"
    assert scenario.steps[0].wait.total_seconds() == 2


def test_the_settings_are_checked_too(tmp_path: Path) -> None:
    folder = write(tmp_path / "s", GOOD)
    ok = Settings(_env_file=None, nurture_dir=folder)  # type: ignore[call-arg]
    assert nurture_config(ok, []).scenarios[0].name == "one"
    bad_zone = ok.model_copy(update={"nurture_time_zone": "Mars/Olympus"})
    with pytest.raises(NurtureConfigError, match="NURTURE_TIME_ZONE"):
        nurture_config(bad_zone, [])
    with pytest.raises(NurtureConfigError, match="NURTURE_QUIET_HOURS"):
        quiet_hours("9pm-8am")
    assert quiet_hours("21:00-08:00:30")[1].second == 30
    with pytest.raises(NurtureConfigError, match="NURTURE_DIR"):
        load_scenarios(tmp_path / "missing")


def test_the_app_refuses_to_start_on_a_bad_scenario_file(
    tmp_path: Path, settings: Settings
) -> None:
    from bot.app import create_app

    folder = write(tmp_path / "s", "trigger: {event: x}\nsteps: [{message: {en: a}}]")
    with pytest.raises(NurtureConfigError, match=r"one\.yml: steps\[0\]\.message\.fr"):
        create_app(settings.model_copy(update={"nurture_dir": folder}), channels=[])
