"""The Slack app: slack-bolt's AsyncApp with the handoff buttons, the thread relay and the
`/return-to-bot` command. Listeners only translate Slack's payloads; `bot.handoffs.service` decides.

A rep's reply is delivered exactly once. It is stored before Slack gets its answer
(`process_before_response`): a database error answers 500 and Slack retries it. Slack retries
an event it thinks we missed (X-Slack-Retry-Num) and may redeliver a message under a new
event id, so a reply is recognised by its identity (`message_keys`: the event id, the channel
and ts, the client's message id), recorded in the transaction that stores it. Buttons are
idempotent by design (claiming twice changes nothing).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import Handoff, row_id, utcnow
from bot.db.once import first_time
from bot.handoffs.service import active_handoff, claim, rep_message, return_to_bot, set_verdict
from channels.slack.text import slack_to_plain

log = logging.getLogger(__name__)
VERDICT_ACTION = re.compile(r"^handoff_verdict_(yes|maybe|no)$")


USER_NAME_TIMEOUT = 1.0  # Slack wants its answer within 3 s, and we store before answering


def message_keys(body: dict[str, Any], event: dict[str, Any]) -> list[str]:
    """What identifies a Slack message however it is delivered: the delivery (event id),
    the message (channel + ts) and the client's own id for it (a client re-sending)."""
    keys = [f"slack-message:{event.get('channel')}:{event.get('ts')}"]
    if body.get("event_id"):
        keys.append(f"slack-event:{body['event_id']}")
    if event.get("client_msg_id"):
        keys.append(f"slack-client-msg:{event['client_msg_id']}")
    return [key[:255] for key in keys]


Change = Callable[[AsyncSession, Handoff, str, str], Awaitable[object]]


def build_slack_app(
    *,
    sessions: async_sessionmaker[AsyncSession],
    client: AsyncWebClient,
    signing_secret: str,
    handoff_channel: str,
) -> AsyncApp:
    # Over HTTP every request must carry Slack's signature (401 otherwise); Socket Mode
    # connections are authenticated by the app-level token instead.
    # process_before_response: Slack is answered once the listener has stored what it
    # received; if it raises (the database is down), Slack gets a 500 and retries.
    app = AsyncApp(
        client=client,
        signing_secret=signing_secret or None,
        request_verification_enabled=bool(signing_secret),
        process_before_response=True,
    )
    _register_card_buttons(app, sessions)
    _register_return_command(app, sessions)
    _register_thread_relay(app, sessions, handoff_channel)
    return app


async def _change_clicked_handoff(
    sessions: async_sessionmaker[AsyncSession], body: dict[str, Any], change: Change
) -> None:
    """Apply `change(session, handoff, user_id, user_name)` to the clicked card's handoff."""
    try:
        handoff_id = row_id(str(body["actions"][0]["value"]))
    except (KeyError, IndexError, TypeError):
        return
    if handoff_id is None:
        return
    user = body.get("user") or {}
    user_id = str(user.get("id"))
    user_name = str(user.get("name") or user.get("username") or user_id)
    async with sessions() as session, session.begin():
        handoff = await session.get(Handoff, handoff_id)
        if handoff is not None:
            await change(session, handoff, user_id, user_name)


def _register_card_buttons(app: AsyncApp, sessions: async_sessionmaker[AsyncSession]) -> None:
    """The card's buttons: claim, the three verdicts and return to bot."""

    @app.action("handoff_claim")
    async def on_claim(ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        await _change_clicked_handoff(
            sessions,
            body,
            lambda s, h, uid, name: claim(s, h, user_id=uid, user_name=name, now=utcnow()),
        )

    @app.action(VERDICT_ACTION)
    async def on_verdict(ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        match = VERDICT_ACTION.match(str(body["actions"][0]["action_id"]))
        if match is not None:
            verdict = match.group(1)
            await _change_clicked_handoff(
                sessions,
                body,
                lambda s, h, uid, _: set_verdict(s, h, verdict, user_id=uid, now=utcnow()),
            )

    @app.action("handoff_return")
    async def on_return(ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        await _change_clicked_handoff(
            sessions, body, lambda s, h, uid, _: return_to_bot(s, h, user_id=uid, now=utcnow())
        )


def _register_return_command(app: AsyncApp, sessions: async_sessionmaker[AsyncSession]) -> None:
    """`/return-to-bot <lead id>`: hand a lead back to the bot without finding its card."""

    @app.command("/return-to-bot")
    async def on_return_command(
        ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond
    ) -> None:
        text = str(command.get("text") or "").strip().lstrip("#")
        lead_id = row_id(text)
        if lead_id is None:
            await ack("Usage: /return-to-bot <lead id>, e.g. /return-to-bot 42")
            return
        await ack()
        async with sessions() as session, session.begin():
            handoff = await active_handoff(session, lead_id)
            if handoff is None:
                await respond(f"Lead {text} has no conversation with a rep right now.")
                return
            await return_to_bot(session, handoff, user_id=str(command.get("user_id")), now=utcnow())
        await respond(f"Lead {text} is back with the bot.")


def _is_rep_reply(event: dict[str, Any], handoff_channel: str) -> bool:
    """Only a person's reply in the thread of one of our cards goes to the prospect."""
    thread_ts = event.get("thread_ts")
    return not (
        not thread_ts
        or thread_ts == event.get("ts")
        or event.get("bot_id")
        or event.get("subtype")
        or event.get("channel") != handoff_channel
    )


async def _user_name(client: AsyncWebClient, user_id: str) -> str:
    """The rep's display name, or their id if Slack cannot tell us in time."""
    user_name = user_id
    try:
        async with asyncio.timeout(USER_NAME_TIMEOUT):
            info = await client.users_info(user=user_id)
        profile = (info.get("user") or {}).get("profile") or {}
        user_name = profile.get("display_name") or profile.get("real_name") or user_id
    except Exception:  # a name is nice to have; the message matters
        log.warning("could not read Slack user %s's name", user_id)
    return user_name


async def _relay_rep_reply(
    sessions: async_sessionmaker[AsyncSession],
    body: dict[str, Any],
    event: dict[str, Any],
    *,
    user_id: str,
    user_name: str,
) -> None:
    """Store the rep's reply for the prospect, once, if its thread is one of our cards."""
    # Any error below propagates: nothing is committed and Slack gets a 500, so it retries.
    async with sessions() as session, session.begin():
        handoff = await session.scalar(
            select(Handoff).where(Handoff.slack_ts == event.get("thread_ts")).limit(1)
        )
        if handoff is None:
            return
        if not await first_time(session, message_keys(body, event)):
            log.info(
                "ignoring a redelivery of Slack message %s (event %s)",
                event.get("ts"),
                body.get("event_id"),
            )
            return
        await rep_message(
            session,
            handoff,
            user_id=user_id,
            user_name=user_name,
            text=slack_to_plain(str(event.get("text") or "")),
            now=utcnow(),
        )


def _register_thread_relay(
    app: AsyncApp, sessions: async_sessionmaker[AsyncSession], handoff_channel: str
) -> None:
    """A rep's reply in a card's thread, relayed to the prospect."""

    @app.event("message")
    async def on_message(
        body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient
    ) -> None:
        if not _is_rep_reply(event, handoff_channel):
            return
        user_id = str(event.get("user"))
        user_name = await _user_name(client, user_id)
        await _relay_rep_reply(sessions, body, event, user_id=user_id, user_name=user_name)
