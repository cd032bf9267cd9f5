"""The Slack app: slack-bolt's AsyncApp with the handoff buttons, the thread relay and the
`/return-to-bot` command. Listeners only translate Slack's payloads; `bot.handoff` decides.

Slack retries an event it thinks we missed (X-Slack-Retry-Num): `dedupe_events` remembers
each event id once. Buttons are idempotent by design (claiming twice changes nothing).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import Handoff, ProcessedDelivery, utcnow
from bot.handoff import active_handoff, claim, rep_message, return_to_bot, set_verdict
from channels.slack.text import slack_to_plain

log = logging.getLogger(__name__)
VERDICT_ACTION = re.compile(r"^handoff_verdict_(yes|maybe|no)$")


async def _first_time(sessions: async_sessionmaker[AsyncSession], key: str) -> bool:
    try:
        async with sessions() as session, session.begin():
            session.add(ProcessedDelivery(key=key))
        return True
    except IntegrityError:
        return False


def build_slack_app(
    *,
    sessions: async_sessionmaker[AsyncSession],
    client: AsyncWebClient,
    signing_secret: str,
    handoff_channel: str,
) -> AsyncApp:
    # Over HTTP every request must carry Slack's signature (401 otherwise); Socket Mode
    # connections are authenticated by the app-level token instead.
    app = AsyncApp(
        client=client,
        signing_secret=signing_secret or None,
        request_verification_enabled=bool(signing_secret),
    )

    @app.middleware
    async def dedupe_events(
        body: dict[str, Any], next: Callable[[], Awaitable[BoltResponse]]
    ) -> BoltResponse | None:
        event_id = body.get("event_id")
        is_event = body.get("type") == "event_callback" and event_id
        if is_event and not await _first_time(sessions, f"slack-event:{event_id}"):
            log.info("ignoring Slack's retry of event %s", event_id)
            return BoltResponse(status=200, body="")
        return await next()

    Change = Callable[[AsyncSession, Handoff, str, str], Awaitable[object]]

    async def on_button(body: dict[str, Any], change: Change) -> None:
        """Apply `change(session, handoff, user_id, user_name)` to the clicked card's handoff."""
        try:
            handoff_id = int(body["actions"][0]["value"])
        except (KeyError, IndexError, ValueError):
            return
        user = body.get("user") or {}
        user_id = str(user.get("id"))
        user_name = str(user.get("name") or user.get("username") or user_id)
        async with sessions() as session, session.begin():
            handoff = await session.get(Handoff, handoff_id)
            if handoff is not None:
                await change(session, handoff, user_id, user_name)

    @app.action("handoff_claim")
    async def on_claim(ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        await on_button(body, lambda s, h, uid, name: claim(
            s, h, user_id=uid, user_name=name, now=utcnow()))  # fmt: skip

    @app.action(VERDICT_ACTION)
    async def on_verdict(ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        match = VERDICT_ACTION.match(str(body["actions"][0]["action_id"]))
        if match is not None:
            verdict = match.group(1)
            await on_button(body, lambda s, h, uid, _: set_verdict(
                s, h, verdict, user_id=uid, now=utcnow()))  # fmt: skip

    @app.action("handoff_return")
    async def on_return(ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        await on_button(body, lambda s, h, uid, _: return_to_bot(
            s, h, user_id=uid, now=utcnow()))  # fmt: skip

    @app.command("/return-to-bot")
    async def on_return_command(
        ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond
    ) -> None:
        text = str(command.get("text") or "").strip().lstrip("#")
        if not text.isdigit():
            await ack("Usage: /return-to-bot <lead id>, e.g. /return-to-bot 42")
            return
        await ack()
        async with sessions() as session, session.begin():
            handoff = await active_handoff(session, int(text))
            if handoff is None:
                await respond(f"Lead {text} has no conversation with a rep right now.")
                return
            await return_to_bot(session, handoff, user_id=str(command.get("user_id")), now=utcnow())
        await respond(f"Lead {text} is back with the bot.")

    @app.event("message")
    async def on_message(
        event: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
    ) -> None:
        # Only a person's reply in the thread of one of our cards goes to the prospect.
        thread_ts = event.get("thread_ts")
        if (
            not thread_ts
            or thread_ts == event.get("ts")
            or event.get("bot_id")
            or event.get("subtype")
            or event.get("channel") != handoff_channel
        ):
            return
        user_id = str(event.get("user"))
        user_name = user_id
        try:
            info = await client.users_info(user=user_id)
            profile = (info.get("user") or {}).get("profile") or {}
            user_name = profile.get("display_name") or profile.get("real_name") or user_id
        except Exception:  # a name is nice to have; the message matters
            log.warning("could not read Slack user %s's name", user_id)
        async with sessions() as session, session.begin():
            handoff = await session.scalar(
                select(Handoff).where(Handoff.slack_ts == thread_ts).limit(1)
            )
            if handoff is None:
                return
            await rep_message(
                session, handoff, user_id=user_id, user_name=user_name,
                text=slack_to_plain(str(event.get("text") or "")), now=utcnow(),
            )  # fmt: skip

    return app
