"""`prospect nurture simulate SCENARIO --lead ID`: each step, when (UTC and the lead's local
time, after quiet hours), on which channel, in the lead's language; and why it ends."""

from __future__ import annotations

import argparse
import asyncio

import pytest

from bot.cli import build_parser
from bot.db.models import Conversation, Identity, Lead
from bot.db.session import create_engine, create_sessionmaker
from bot.nurture.cli import simulate_command
from bot.settings import Settings


async def _lead(settings: Settings, stage: str = "lead") -> int:
    engine = create_engine(settings.database_url)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            lead = Lead(stage=stage, language="fr", profile={"country": "FR"})
            session.add(lead)
            await session.flush()
            identity = Identity(channel="web", external_id="sim", lead_id=lead.id)
            session.add(identity)
            await session.flush()
            session.add(
                Conversation(lead_id=lead.id, identity_id=identity.id, channel="web", language="fr")
            )
            return lead.id
    finally:
        await engine.dispose()


def run(settings: Settings, *argv: str) -> int:
    args: argparse.Namespace = build_parser().parse_args(["nurture", "simulate", *argv])
    assert args.func is simulate_command
    return simulate_command(args, settings)


def test_simulate_prints_each_step_and_when(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    lead = asyncio.run(_lead(settings))
    # Thursday 19:30 UTC, 20:30 in Paris: the case study is due Sunday 20:30, the offer
    # four days later, Thursday 20:30: neither in the quiet hours (21:00-08:00).
    assert run(settings, "guide-follow-up", "--lead", str(lead), "--start", "2026-12-03T19:30") == 0
    out = capsys.readouterr().out
    assert "zone Europe/Paris, language fr, channel web" in out
    assert "2026-12-06 19:30:00 UTC (Sun 20:30 local) step 1 [content] on web:" in out
    assert "Voici comment une équipe l'a mis en pratique" in out
    assert "https://orbitly.example/fr/clients/maison-lenoir" in out
    assert "2026-12-10 19:30:00 UTC (Thu 20:30 local) step 3 [message]" in out
    assert out.rstrip().endswith("Then: done.")


def test_simulate_waits_for_the_end_of_the_quiet_hours(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    lead = asyncio.run(_lead(settings))
    assert run(settings, "mql-timeline", "--lead", str(lead), "--start", "2026-12-03T22:00") == 0
    out = capsys.readouterr().out
    assert "Its conditions hold now" in out  # the timeline is not known
    assert "2026-12-05 07:00:00 UTC (Sat 08:00 local) step 1 [question]" in out


def test_simulate_says_why_nothing_would_be_sent_and_refuses_unknowns(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    ready = asyncio.run(_lead(settings, stage="sdr_ready"))
    assert run(settings, "pricing-check-in", "--lead", str(ready)) == 0
    assert capsys.readouterr().out.rstrip().endswith("Then: sdr_ready.")
    assert run(settings, "no-such", "--lead", str(ready)) == 2
    assert "no scenario 'no-such' (there are: guide-follow-up" in capsys.readouterr().err
    assert run(settings, "pricing-check-in", "--lead", "999") == 1
    assert run(settings, "pricing-check-in", "--lead", "1", "--start", "soon") == 2
