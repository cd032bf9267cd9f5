"""The leads list: filters read from a query string, one SQL query per page, and the CSV a
CRM imports (the same filters, every matching row)."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import AsyncIterator, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import ColumnElement, Select, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Handoff, Identity, Lead

PER_PAGE = 50
STAGES = (
    "visitor",
    "lead",
    "mql",
    "sdr_ready",
    "qualified",
    "nurturing",
    "customer",
    "disqualified",
)
CHANNELS = ("web", "telegram")
VERDICTS = ("yes", "maybe", "no", "none")
SORTS: dict[str, ColumnElement[Any]] = {
    "-score": Lead.score_total.desc(),
    "score": Lead.score_total.asc(),
    "-created": Lead.created_at.desc(),
    "created": Lead.created_at.asc(),
    "-updated": Lead.updated_at.desc(),
    "updated": Lead.updated_at.asc(),
}
CSV_COLUMNS = [
    "lead_id",
    "email",
    "first_name",
    "last_name",
    "company",
    "job_title",
    "phone",
    "company_size",
    "country",
    "stage",
    "score",
    "fit",
    "pain",
    "sdr_ready",
    "language",
    "channels",
    "verdict",
    "created_at",
    "updated_at",
]


def _number(text: str | None) -> float | None:
    """A finite number, else None ("inf", "nan" and words are no filter)."""
    try:
        value = float(text) if text not in (None, "") else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) else None


def _page(text: str | None) -> int:
    """A page number: digits only, from 1 to a million (else the first page)."""
    text = (text or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 7:
        return 1
    return max(1, min(int(text), 1_000_000))


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _one_of(text: str | None, allowed: tuple[str, ...]) -> str:
    return text if text in allowed else ""


@dataclass(frozen=True)
class LeadFilter:
    """What the reader asked for; a value we cannot read is ignored rather than an error."""

    stage: str = ""
    score_min: float | None = None
    score_max: float | None = None
    channel: str = ""
    language: str = ""
    sdr_ready: str = ""  # "yes" | "no" | ""
    verdict: str = ""
    created_from: date | None = None
    created_to: date | None = None
    sort: str = "-score"
    page: int = 1

    @classmethod
    def parse(cls, q: Mapping[str, str]) -> LeadFilter:
        return cls(
            stage=_one_of(q.get("stage"), STAGES),
            score_min=_number(q.get("score_min")),
            score_max=_number(q.get("score_max")),
            channel=_one_of(q.get("channel"), CHANNELS),
            language=_one_of(q.get("language"), ("fr", "en")),
            sdr_ready=_one_of(q.get("sdr_ready"), ("yes", "no")),
            verdict=_one_of(q.get("verdict"), VERDICTS),
            created_from=_day(q.get("created_from")),
            created_to=_day(q.get("created_to")),
            sort=_one_of(q.get("sort"), tuple(SORTS)) or "-score",
            page=_page(q.get("page")),
        )

    def query_string(self, **changes: Any) -> str:
        """These filters as a query string (for links: another page, another sort)."""
        values = {**asdict(self), **changes}
        defaults = {"page": 1, "sort": "-score"}
        return urlencode(
            {k: v for k, v in values.items() if v not in (None, "") and defaults.get(k) != v}
        )


def _where(query: Select[Any], f: LeadFilter, threshold: float) -> Select[Any]:
    query = query.where(Lead.merged_into_id.is_(None))
    if f.stage:
        query = query.where(Lead.stage == f.stage)
    if f.score_min is not None:
        query = query.where(Lead.score_total >= f.score_min)
    if f.score_max is not None:
        query = query.where(Lead.score_total <= f.score_max)
    if f.language:
        query = query.where(Lead.language == f.language)
    if f.sdr_ready:
        ready = Lead.score_total >= threshold
        query = query.where(ready if f.sdr_ready == "yes" else ~ready)
    if f.channel:
        query = query.where(
            exists().where(Identity.lead_id == Lead.id, Identity.channel == f.channel)
        )
    if f.verdict == "none":
        query = query.where(
            ~exists().where(Handoff.lead_id == Lead.id, Handoff.verdict.isnot(None))
        )
    elif f.verdict:
        query = query.where(
            exists().where(Handoff.lead_id == Lead.id, Handoff.verdict == f.verdict)
        )
    if f.created_from:
        query = query.where(Lead.created_at >= datetime.combine(f.created_from, time(), UTC))
    if f.created_to:
        end = datetime.combine(f.created_to + timedelta(days=1), time(), UTC)
        query = query.where(Lead.created_at < end)
    return query


@dataclass(frozen=True)
class LeadRow:
    lead: Lead
    channels: list[str]
    verdict: str | None
    sdr_ready: bool


@dataclass(frozen=True)
class LeadPage:
    rows: list[LeadRow]
    total: int
    page: int
    pages: int


async def _decorate(session: AsyncSession, leads: list[Lead], threshold: float) -> list[LeadRow]:
    """Each lead with its channels and its latest verdict (two queries for the page)."""
    ids = [lead.id for lead in leads]
    channels: dict[int, set[str]] = {}
    for lead_id, channel in await session.execute(
        select(Identity.lead_id, Identity.channel).where(Identity.lead_id.in_(ids))
    ):
        channels.setdefault(lead_id, set()).add(channel)
    verdicts: dict[int, str] = {}
    for lead_id, verdict in await session.execute(
        select(Handoff.lead_id, Handoff.verdict)
        .where(Handoff.lead_id.in_(ids), Handoff.verdict.isnot(None))
        .order_by(Handoff.id)
    ):
        verdicts[lead_id] = str(verdict)  # the latest wins
    return [
        LeadRow(
            lead,
            sorted(channels.get(lead.id, ())),
            verdicts.get(lead.id),
            lead.score_total >= threshold,
        )
        for lead in leads
    ]


async def lead_page(session: AsyncSession, f: LeadFilter, *, threshold: float) -> LeadPage:
    total = int(await session.scalar(_where(select(func.count(Lead.id)), f, threshold)) or 0)
    pages = max(1, -(-total // PER_PAGE))
    page = min(f.page, pages)
    query = _where(select(Lead), f, threshold).order_by(SORTS[f.sort], Lead.id)
    leads = list(await session.scalars(query.offset((page - 1) * PER_PAGE).limit(PER_PAGE)))
    return LeadPage(await _decorate(session, leads, threshold), total, page, pages)


def csv_record(row: LeadRow) -> list[str]:
    lead, p = row.lead, row.lead.profile or {}
    values: list[Any] = [
        lead.id,
        lead.email or "",
        p.get("first_name", ""),
        p.get("last_name", ""),
        p.get("company", ""),
        p.get("job_title", ""),
        p.get("phone", ""),
        p.get("company_size", ""),
        p.get("country", ""),
        lead.stage,
        round(lead.score_total, 2),
        round(lead.score_fit, 2),
        round(lead.score_pain, 2),
        "yes" if row.sdr_ready else "no",
        lead.language or "",
        " ".join(row.channels),
        row.verdict or "",
        lead.created_at.isoformat(),
        lead.updated_at.isoformat(),
    ]
    # A cell starting with = + - @ is a formula to a spreadsheet: prospects typed these.
    return [f"'{v}" if isinstance(v, str) and v and v[0] in "=+-@\t\r" else str(v) for v in values]


async def csv_lines(
    session: AsyncSession, f: LeadFilter, *, threshold: float, batch: int = 500
) -> AsyncIterator[str]:
    """The CSV of every lead the filters match, header first, in batches: the matching ids
    in order first (one narrow query), then each batch's leads by id (no OFFSET, which
    rereads every earlier row: 100,000 leads took minutes that way)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    ids = list(
        await session.scalars(
            _where(select(Lead.id), f, threshold).order_by(SORTS[f.sort], Lead.id)
        )
    )
    for start in range(0, max(len(ids), 1), batch):
        chunk = ids[start : start + batch]
        found = {
            lead.id: lead for lead in await session.scalars(select(Lead).where(Lead.id.in_(chunk)))
        }
        leads = [found[i] for i in chunk if i in found]
        for row in await _decorate(session, leads, threshold):
            writer.writerow(csv_record(row))
        yield out.getvalue()
        out.seek(0)
        out.truncate()
        session.expunge_all()  # a batch's leads are written: keep memory flat
