"""Webhook events, written to the outbox in the transaction of the change they report.

Each event is one outbox row per receiving URL (kind `webhook.<type>`, payload
`{"url", "event"}`), the event `{"id", "type", "created_at", "data"}` built once, at the
change: every attempt sends the same body under the same `id`. Rows that name a lead carry
its `lead_id`, so erasing the lead deletes them (bot/leads/privacy.py); `lead.erased` names
no lead and carries the lead's id only.

`lead.updated` is coalesced: it waits `update_delay` before its first attempt, and a change
made meanwhile replaces the waiting row's event instead of adding one (at most one waiting
per lead and URL); a rescore that changes nothing sends nothing.

What to send where is a `WebhookConfig` in the session's `info` (`configure`, done once by
the composition root on the app's sessionmaker): without it, nothing is written.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.crm.hubspot_queue import queue_for_hubspot
from bot.db.models import Lead, OutboxMessage, utcnow
from bot.leads.scoring import aware
from bot.outbox import enqueue

CONFIG_KEY = "webhooks"
PREFIX = "webhook"
EVENT_TYPES = (
    "lead.created",
    "lead.updated",
    "lead.sdr_ready",
    "handoff.claimed",
    "handoff.verdict",
    "meeting.booked",  # bot/meetings/notify.py
    "lead.erased",
)
UPDATED = "lead.updated"
VOLATILE = {"updated_at"}  # a change of these alone is no update


@dataclass(frozen=True)
class WebhookConfig:
    urls: tuple[str, ...]
    types: frozenset[str]
    link_base: str
    update_delay: timedelta = timedelta(seconds=30)


def webhook_config(
    urls: str, events: str, *, link_base: str, update_delay_seconds: float
) -> WebhookConfig | None:
    """The configuration from the settings' comma-separated lists; None without URLs. An
    unknown event type is a ValueError naming it."""
    targets = tuple(dict.fromkeys(u.strip() for u in urls.split(",") if u.strip()))
    if not targets:
        return None
    wanted = {e.strip() for e in events.split(",") if e.strip()} or set(EVENT_TYPES)
    if unknown := sorted(wanted - set(EVENT_TYPES)):
        raise ValueError(f"unknown webhook event types {unknown}; known: {list(EVENT_TYPES)}")
    return WebhookConfig(
        urls=targets,
        types=frozenset(wanted),
        link_base=link_base.rstrip("/"),
        update_delay=timedelta(seconds=update_delay_seconds),
    )


def configure(sessions: async_sessionmaker[AsyncSession], config: WebhookConfig | None) -> None:
    """Every session of `sessions` writes webhook events according to `config`."""
    info = dict(sessions.kw.get("info") or {})
    info[CONFIG_KEY] = config
    sessions.configure(info=info)


def _config(session: AsyncSession) -> WebhookConfig | None:
    config = session.info.get(CONFIG_KEY)
    return config if isinstance(config, WebhookConfig) else None


def url_key(url: str) -> str:
    return hashlib.sha256(url.encode()).hexdigest()[:16]


def lead_data(lead: Lead, link_base: str) -> dict[str, Any]:
    """What a receiver learns about a lead: its profile, score, stage and console page."""
    return {
        "id": lead.id,
        "email": lead.email,
        "language": lead.language,
        "stage": lead.stage,
        "profile": dict(lead.profile or {}),
        "score": {
            "fit": round(lead.score_fit or 0.0, 2),
            "pain": round(lead.score_pain or 0.0, 2),
            "total": round(lead.score_total or 0.0, 2),
        },
        "created_at": aware(lead.created_at).isoformat() if lead.created_at else None,
        "updated_at": aware(lead.updated_at).isoformat() if lead.updated_at else None,
        "console_url": f"{link_base}/console/leads/{lead.id}",
    }


def new_event(type: str, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": f"evt_{uuid.uuid4().hex}",
        "type": type,
        "created_at": utcnow().isoformat(),
        "data": data,
    }


async def _write(
    session: AsyncSession,
    config: WebhookConfig,
    event: dict[str, Any],
    *,
    lead_id: int | None,
    key: str | None,
    urls: tuple[str, ...] | None = None,
    delay: timedelta | None = None,
) -> None:
    for url in config.urls if urls is None else urls:
        row = await enqueue(
            session,
            f"{PREFIX}.{event['type']}",
            {"url": url, "event": event},
            dedupe_key=f"{PREFIX}-{url_key(url)}-{key}" if key else None,
            lead_id=lead_id,
        )
        if row is not None and delay:
            row.next_attempt_at = utcnow() + delay


async def lead_event(
    session: AsyncSession,
    type: str,
    lead: Lead,
    *,
    key: str | None = None,
    extra: dict[str, Any] | None = None,
) -> None:
    """Queue the event `type` about `lead` (with `extra` data: a handoff), once per `key`;
    and the HubSpot calls it causes, if HubSpot is set up."""
    await queue_for_hubspot(session, type, lead, extra)
    config = _config(session)
    if config is None or type not in config.types:
        return
    data = {"lead": lead_data(lead, config.link_base), **(extra or {})}
    await _write(session, config, new_event(type, data), lead_id=lead.id, key=key)


async def lead_created(session: AsyncSession, lead: Lead) -> None:
    await lead_event(session, "lead.created", lead, key=f"lead.created-{lead.id}")


async def lead_sdr_ready(session: AsyncSession, lead: Lead) -> None:
    await lead_event(session, "lead.sdr_ready", lead, key=f"lead.sdr_ready-{lead.id}")


def _stable(lead: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in lead.items() if k not in VOLATILE}


async def _last_sent_lead(session: AsyncSession, lead_id: int) -> dict[str, Any] | None:
    """The lead as the newest event queued about it showed it."""
    payload = await session.scalar(
        select(OutboxMessage.payload)
        .where(OutboxMessage.lead_id == lead_id, OutboxMessage.kind.like(f"{PREFIX}.%"))
        .order_by(OutboxMessage.id.desc())
        .limit(1)
    )
    shown = ((payload or {}).get("event") or {}).get("data", {}).get("lead")
    return shown if isinstance(shown, dict) else None


async def lead_changed(session: AsyncSession, lead: Lead) -> None:
    """`lead.updated`, coalesced: nothing if the lead looks as the last event showed it; the
    waiting event's content replaced if one has not been tried yet; else a new one, sent
    after the configured delay."""
    config = _config(session)
    if config is None or UPDATED not in config.types:
        return
    data = {"lead": lead_data(lead, config.link_base)}
    shown = await _last_sent_lead(session, lead.id)
    if shown is not None and _stable(shown) == _stable(data["lead"]):
        return
    event, now = new_event(UPDATED, data), utcnow()
    waiting = await session.execute(
        select(OutboxMessage.id, OutboxMessage.payload).where(
            OutboxMessage.lead_id == lead.id,
            OutboxMessage.kind == f"{PREFIX}.{UPDATED}",
            OutboxMessage.status == "pending",
            OutboxMessage.attempts == 0,
        )
    )
    replaced: set[str] = set()
    for row_id, payload in waiting.all():
        url = payload.get("url")
        if url not in config.urls or url in replaced:
            continue
        result = await session.execute(  # not while a relay holds it (conditional UPDATE)
            update(OutboxMessage)
            .where(
                OutboxMessage.id == row_id,
                OutboxMessage.status == "pending",
                OutboxMessage.attempts == 0,
                or_(OutboxMessage.locked_until.is_(None), OutboxMessage.locked_until < now),
            )
            .values(payload={"url": url, "event": event})
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:  # type: ignore[attr-defined]
            replaced.add(url)
    fresh = tuple(u for u in config.urls if u not in replaced)
    await _write(
        session, config, event, lead_id=lead.id, key=None, urls=fresh, delay=config.update_delay
    )


async def lead_erased(session: AsyncSession, lead_id: int, merged_ids: list[int]) -> None:
    """`lead.erased` with the ids only; the row names no lead, so it outlives the erasure."""
    config = _config(session)
    if config is None or "lead.erased" not in config.types:
        return
    event = new_event("lead.erased", {"lead": {"id": lead_id, "merged_ids": merged_ids}})
    await _write(session, config, event, lead_id=None, key=f"lead.erased-{lead_id}")
