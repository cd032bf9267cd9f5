"""Issue 13, item 2: one request must not freeze the app.

Extraction is linear in the text: 100 KB of each input shape that made an extractor
quadratic or worse (the budget extractor rescanning the text for every amount; regexes
backtracking over runs of spaces, digits or capitals; the job-title check re-reading
everything before each title) is extracted within a generous guard (before the fix:
some never finished, e.g. 5 KB of spaces took over ten minutes). Extraction runs off the
event loop, so /health answers while a long one runs. And a worker that stops answering
is detected and restarted by `prospect run` (tested by stopping the real app process)."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

import actions.facts
from bot.app import create_app
from bot.cli import served_app
from bot.engine.process import ENGINE_ACTIONS
from bot.loop_watchdog import LoopWatchdog
from bot.settings import Settings
from nlu.extract import extract_facts
from nlu.extract.answers import answer_for
from nlu.language import detect
from tests.assistant import Assistant, alive, child_pids
from tests.unit.fake_engine import FakeEngine

SIZE = 100_000
GUARD_SECONDS = 5.0

# Each repeated to 100 KB: the shapes that were quadratic or worse before the fix.
SHAPES = {
    "budget amounts": "budget 50k€ ",
    "spaces": " ",
    "newlines": "\n",
    "tabs and spaces": "\t ",
    "a digit run": "1",
    "digit groups": "123 ",
    "digits and commas": "1,",
    "a capitals run": "A",
    "dotted word (email-like)": "a.",
    "company cues": "at acme ",
    "bare company cues": "at ",
    "cues of others": "ask for ",
    "job titles (of others)": "my CTO ",
    "french titles (of others)": "mon directeur ",
    "need sentences": "we need scoring. ",
    "fillers": "ok ",
    "we are + spaces": "we are" + " " * 5000,
    "number + spaces": "1" + " " * 5000,
    "range words": "between 1 and ",
    "chat text": "Hi, I'm the CTO at Acme SAS, we are 200 people, budget 50k€ by March. ",
}


@contextmanager
def guard(seconds: float, what: str) -> Iterator[None]:
    """Fail (not hang) when `what` takes longer than `seconds` (the regex engine checks
    signals while it runs)."""

    def expire(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"{what} took more than {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def text_of(unit: str) -> str:
    return (unit * (SIZE // len(unit) + 1))[:SIZE]


@pytest.mark.parametrize("unit", SHAPES.values(), ids=SHAPES.keys())
def test_extraction_of_100_kb_is_linear(unit: str) -> None:
    text = text_of(unit)
    with guard(GUARD_SECONDS, "extract_facts on 100 KB"):
        extract_facts(text, today=date(2025, 1, 15), language="auto")
    with guard(GUARD_SECONDS, "detect on 100 KB"):
        detect(text)


@pytest.mark.parametrize(
    "slot", ["company_size", "budget", "timeline", "job_title", "company", "email", "need"]
)
def test_reading_a_100_kb_answer_is_linear(slot: str) -> None:
    for unit in ("ok ", " ", "123 ", "A", "c'est "):
        with guard(GUARD_SECONDS, f"answer_for({slot!r}) on 100 KB of {unit!r}"):
            answer_for(slot, text_of(unit), today=date(2025, 1, 15))


def test_the_extractors_still_read_a_chat_message() -> None:
    facts = extract_facts(SHAPES["chat text"], today=date(2025, 1, 15), language="en")
    assert facts.company_size == 200
    assert facts.budget is not None and facts.budget.max == 50_000
    assert facts.job is not None and facts.job.title == "CTO"
    assert facts.company == "Acme SAS"


# ---------- off the event loop ----------


def slow_extraction(seconds: float) -> Callable[..., Any]:
    """The real extraction, repeated for `seconds`: a long CPU-bound extraction."""

    def extract(text: str, **kwargs: Any) -> Any:
        deadline = time.monotonic() + seconds
        while True:
            facts = extract_facts(text, **kwargs)
            if time.monotonic() > deadline:
                return facts

    return extract


def test_health_answers_while_an_extraction_runs(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(actions.facts, "extract_facts", slow_extraction(3.0))
    call = {
        "next_action": "action_extract_facts",
        "domain": {"slots": {}},
        "tracker": {
            "sender_id": "c",
            "slots": {},
            "latest_message": {"text": SHAPES["chat text"] * 5, "metadata": {"language": "en"}},
            "events": [],
        },
    }
    headers = {"Authorization": f"Bearer {settings.derived_secret(ENGINE_ACTIONS)}"}
    app = create_app(settings, [], engine_transport=FakeEngine().transport)
    with TestClient(app) as client:
        done: list[int] = []
        worker = threading.Thread(
            target=lambda: done.append(
                client.post("/webhook", json=call, headers=headers).status_code
            )
        )
        worker.start()
        time.sleep(0.5)  # the extraction is under way
        started = time.monotonic()
        assert client.get("/health").status_code == 200
        waited = time.monotonic() - started
        assert not done, "the extraction ended before /health was asked"
        worker.join(30)
    assert done == [200]
    assert waited < 1.5, f"/health waited {waited:.1f} s behind the extraction"


# ---------- a stuck worker ends itself; a stuck app is killed and restarted ----------


def test_a_worker_whose_event_loop_is_stuck_ends_itself() -> None:
    stuck = threading.Event()

    async def serve() -> None:
        watchdog = LoopWatchdog(0.5, on_stuck=stuck.set)
        watchdog.start()
        await asyncio.sleep(1.5)  # the loop turns: nothing happens
        assert not stuck.is_set()
        time.sleep(1.5)  # noqa: ASYNC251 (the point: the loop held by blocking work)
        watchdog.stop()

    asyncio.run(serve())
    assert stuck.is_set()


def test_the_served_app_runs_with_its_watchdog(settings: Settings) -> None:
    with TestClient(served_app(settings)) as client:
        assert client.get("/health").status_code == 200


def serve_pid(assistant: Assistant) -> int:
    for pid in child_pids(assistant.process.pid):
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        if "bot.cli serve" in cmdline:
            return pid
    raise AssertionError("no `bot.cli serve` child of `prospect run`")


@pytest.mark.integration
@pytest.mark.fault
def test_a_frozen_app_is_killed_and_restarted(assistant: Assistant) -> None:
    stuck = serve_pid(assistant)
    os.killpg(stuck, signal.SIGSTOP)  # it and its workers: deaf, but not exited
    try:
        deadline = time.monotonic() + 120
        while alive(stuck):
            assert time.monotonic() < deadline, "`prospect run` left the frozen app running"
            time.sleep(0.5)
    finally:
        if alive(stuck):
            os.killpg(stuck, signal.SIGCONT)
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(f"{assistant.url}/health", timeout=3).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline, "the app did not answer again after the restart"
        time.sleep(0.5)
    assert serve_pid(assistant) != stuck
    assert "did not answer" in assistant.output.read_text()
