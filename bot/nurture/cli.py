"""`prospect nurture simulate SCENARIO --lead ID`: what the scenario would send to that lead
and when, from now (or --start), if nothing else happened: no reply, no change of stage.
Nothing is written; the lead's time zone, channels, recent steps and facts are read."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from typing import Any

from bot.db.migrate import upgrade
from bot.db.models import Lead
from bot.db.session import create_engine, create_sessionmaker
from bot.errors import ConfigurationError
from bot.nurture.config import nurture_config
from bot.nurture.delivery import reachable_conversation, step_text
from bot.nurture.planner import matches, simulate
from bot.nurture.scheduler import NurtureConfig
from bot.nurture.store import lead_view
from bot.settings import Settings
from nlu.content.library import Document, load_library


def add_nurture_parser(sub: Any) -> None:
    nurture = sub.add_parser("nurture", help="follow-up sequences in the chat (docs/nurture.md)")
    verbs = nurture.add_subparsers(dest="verb", required=True, metavar="VERB")
    p = verbs.add_parser("simulate", help="print what SCENARIO would send to a lead, and when")
    p.add_argument("scenario", metavar="SCENARIO", help="its name (the file's, without .yml)")
    p.add_argument("--lead", type=int, required=True, metavar="ID", help="the lead's id")
    p.add_argument("--start", metavar="ISO", help="when it begins (default: now)")
    p.set_defaults(func=simulate_command)


def simulate_command(args: argparse.Namespace, settings: Settings) -> int:
    try:
        start = datetime.fromisoformat(args.start) if args.start else datetime.now(UTC)
    except ValueError:
        print(f"error: --start {args.start!r} is not an ISO 8601 time", file=sys.stderr)
        return 2
    start = start if start.tzinfo else start.replace(tzinfo=UTC)
    try:
        docs, _ = load_library(settings.content_dir)
        library = {d.id: d for d in docs}
        config = nurture_config(
            settings,
            library,
            push_channels=["telegram"] if settings.telegram_bot_token.get_secret_value() else [],
            default_language=settings.default_language,
        )
    except ConfigurationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    scenario = next((s for s in config.scenarios if s.name == args.scenario), None)
    if scenario is None:
        names = ", ".join(s.name for s in config.scenarios)
        print(f"error: no scenario {args.scenario!r} (there are: {names})", file=sys.stderr)
        return 2
    upgrade(settings.database_url)
    lines = asyncio.run(_simulate(settings, config, scenario.name, args.lead, start, library))
    if lines is None:
        print(f"error: no lead with id {args.lead}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


async def _simulate(
    settings: Settings,
    config: NurtureConfig,
    name: str,
    lead_id: int,
    start: datetime,
    library: dict[str, Document],
) -> list[str] | None:
    scenario = next(s for s in config.scenarios if s.name == name)
    engine = create_engine(settings.database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            lead = await session.get(Lead, lead_id)
            if lead is None:
                return None
            conversation = await reachable_conversation(session, lead.id, config.push_channels)
            view = await lead_view(
                session,
                lead,
                since=start,
                now=start,
                default_zone=config.default_zone,
                cap_window=config.policy.cap_window,
                reachable=conversation is not None,
            )
    finally:
        await engine.dispose()
    language = (conversation.language if conversation else None) or lead.language or "en"
    channel = conversation.channel if conversation else "none"
    planned, end = simulate(scenario, view, start, config.policy)
    lines = [
        f"Scenario {scenario.name} ({scenario.trigger.describe()}) for lead {lead.id}: stage "
        f"{lead.stage}, score {lead.score_total:.0f}, zone {view.time_zone.key}, "
        f"language {language}, channel {channel}",
        "Its conditions hold now."
        if matches(scenario.conditions, view)
        else ("Its conditions do not hold now: the trigger would not enrol this lead."),
    ]

    def lookup(doc_id: str) -> tuple[str, str] | None:
        doc = library.get(doc_id)
        return (doc.title, doc.url) if doc else None

    for item in planned:
        local = item.at.astimezone(view.time_zone)
        step = scenario.steps[item.step]
        head = f"{item.at:%Y-%m-%d %H:%M:%S} UTC ({local:%a %H:%M} local) step {item.step}"
        if item.note:
            lines.append(f"{head} [{step.kind}] skipped: {item.note}")
            continue
        text = step_text(step, language, lookup).replace("\n", "\n    ")
        lines.append(f"{head} [{step.kind}] on {channel}:\n    {text}")
    lines.append(f"Then: {end}.")
    return lines
