"""The engine's tracker store (engine_runtime/rasa_tracker_store.py) hands out the same trackers
as Rasa's own SQL tracker store reading the same database, whoever wrote it last.

Runs in the engine's environment (Rasa 3.6, Python 3.10), against a real SQLite file.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from bot.engine.model import rasa_env, rasa_python
from bot.engine.process import LAUNCHER
from bot.settings import PROJECT_ROOT, Settings

pytestmark = pytest.mark.integration

CHECK = """
import asyncio, json, sqlite3, sys
sys.path.insert(0, {launcher_dir!r})
import rasa_launcher
rasa_launcher.event_classes_by_name()
from rasa_tracker_store import CachedSQLTrackerStore
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted, ActiveLoop, BotUttered, SessionStarted, SlotSet, UserUttered,
)
from rasa.shared.core.trackers import EventVerbosity

db = {db!r}
domain = Domain.load({domain!r})
cached = CachedSQLTrackerStore(domain=domain, host="sqlite:///" + db)
plain = SQLTrackerStore(domain=domain, host="sqlite:///" + db)
statements = []
from sqlalchemy import event
event.listen(cached.engine, "before_cursor_execute",
             lambda *a: statements.append(a[2].split()[0]))

def state(tracker):
    return json.dumps(tracker.current_state(EventVerbosity.ALL), sort_keys=True)

async def same(sender):
    mine, theirs = await cached.retrieve(sender), await plain.retrieve(sender)
    assert (mine is None) == (theirs is None), (mine, theirs)
    if mine is not None:
        assert state(mine) == state(theirs), (state(mine), state(theirs))
    return mine

def turn(text, intent, slot_value):
    return [
        UserUttered(text, {{"name": intent, "confidence": 0.9}},
                    parse_data={{"intent": {{"name": intent, "confidence": 0.9}}, "text": text}}),
        ActionExecuted("action_extract_slots"),
        SlotSet("company_size", slot_value),
        ActionExecuted("qualification_form"),
        ActiveLoop("qualification_form"),
        BotUttered("and your budget?", {{}}),
        ActionExecuted("action_listen"),
    ]

async def main():
    tracker = await cached.get_or_create_tracker("s1")  # new: created, saved the Rasa way
    await same("s1")
    for i in range(3):  # served from memory, saved as appended rows
        tracker = await cached.retrieve("s1")
        for e in turn(f"we are {{i}}00", "inform", i * 100):
            tracker.update(e)
        statements.clear()
        await cached.save(tracker)
        assert statements == ["INSERT", "SELECT"], statements  # no COUNT, one INSERT
        statements.clear()
        await same("s1")
        assert statements.count("SELECT") == 1, statements  # one indexed lookup, no reload

    # Another engine worker answers the next message: this store notices and reloads.
    other = await plain.retrieve("s1")
    for e in turn("we are 900", "inform", 900):
        other.update(e)
    await plain.save(other)
    mine = await same("s1")
    assert mine.get_slot("company_size") == 900

    # A tracker this store did not hand out is saved exactly as Rasa saves it.
    outsider = await plain.retrieve("s1")
    outsider.update(BotUttered("hello again", {{}}))
    await cached.save(outsider)
    await same("s1")

    # A new session: read from its start, as Rasa does.
    tracker = await cached.retrieve("s1")
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))
    await cached.save(tracker)
    mine = await same("s1")
    assert len(mine.events) == 2, list(mine.events)

    # Erased by the app (the right to be forgotten): gone from the engine too.
    connection = sqlite3.connect(db)
    connection.execute("DELETE FROM events WHERE sender_id = 's1'")
    connection.commit()
    assert await same("s1") is None
    assert "s1" not in cached._held

    # Bounded: the least recently used conversation leaves memory first.
    small = CachedSQLTrackerStore(domain=domain, host="sqlite:///" + db, cache_size=2)
    for sender in ("a", "b", "c"):
        await small.get_or_create_tracker(sender)
        await small.retrieve(sender)
    assert list(small._held) == ["b", "c"], list(small._held)
    print("same")

asyncio.run(main())
"""


def test_the_engine_tracker_store_reads_what_rasa_reads(tmp_path: Path) -> None:
    script = CHECK.format(
        launcher_dir=str(LAUNCHER.parent),
        db=str(tmp_path / "trackers.db"),
        domain=str(PROJECT_ROOT / "bot" / "domain"),
    )
    python = rasa_python(Settings(_env_file=None).rasa_venv)  # type: ignore[call-arg]
    done = subprocess.run(
        [str(python), "-c", script], env=rasa_env(), capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0 and done.stdout.strip().endswith("same"), done.stderr[-3000:]
