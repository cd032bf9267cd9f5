"""The conversation evaluation (tests/conversations, `make eval-conversations`) against the
shared running assistant: the overall pass rate must not fall below FLOOR.

FLOOR is a ratchet: when a change raises the figure, raise FLOOR to a few points below it;
never lower it to let a change through."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.assistant import ADMIN_TOKEN, Assistant
from tests.conversations.checks import load_all
from tests.conversations.harness import format_report, run

pytestmark = pytest.mark.integration

HELDOUT = Path(__file__).parents[1] / "conversations" / "heldout"
FLOOR = 0.95  # 98.8% of 502 checks at b501c1e (dev set); 95.6% before


def test_the_conversation_evaluation_stays_above_its_floor(assistant: Assistant) -> None:
    report = run(load_all(), assistant.url, ADMIN_TOKEN, jobs=2, progress=print)
    text = format_report(report)
    print(text)
    assert not [r.name for r in report.conversations if r.error], text
    assert report.rate >= FLOOR, (
        f"conversation pass rate {report.rate:.1%} is below the floor {FLOOR:.0%}\n{text}"
    )


# The held-out set (tests/conversations/heldout, written apart from the parser and never
# tuned on) measured 86.7% of 444 checks at its first run (6c19398). Its floor guards
# against regressions only: a failure here is fixed in general, never against its files.
HELDOUT_FLOOR = 0.82


def test_the_held_out_conversations_stay_above_their_floor(assistant: Assistant) -> None:
    report = run(load_all([HELDOUT]), assistant.url, ADMIN_TOKEN, jobs=2, progress=print)
    text = format_report(report)
    print(text)
    assert not [r.name for r in report.conversations if r.error], text
    assert report.rate >= HELDOUT_FLOOR, (
        f"held-out pass rate {report.rate:.1%} is below its floor {HELDOUT_FLOOR:.0%}\n{text}"
    )
