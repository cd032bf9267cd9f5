"""The analytics page's content section: the questions prospects asked the library
(`content_questions`, bot/leads/questions.py), for the questions asked in the period, on a
channel, in a language. The most asked (grouped by their normalised text), the documents that
came first for them, and those the library could not answer: what to write next."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Select, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.console.analytics import Period
from bot.console.sql import utc_day
from bot.db.models import ContentQuestion

TOP = 15  # rows in each table
Q = TypeVar("Q", bound=Select[*tuple[Any, ...]])
ANSWERED = func.sum(case((ContentQuestion.answered, 1), else_=0))


@dataclass(frozen=True)
class Asked:
    """One question (or one document): how often, how often answered, the best confidence."""

    text: str
    asked: int
    answered: int
    confidence: float
    document_id: str | None = None


@dataclass
class ContentNumbers:
    by: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    total: Counter[str] = field(default_factory=Counter)  # asked, answered, unanswered
    questions: list[Asked] = field(default_factory=list)  # the most asked
    documents: list[Asked] = field(default_factory=list)  # by the document that came first
    unanswered: list[Asked] = field(default_factory=list)  # what to write next


def _filtered(query: Q, p: Period) -> Q:
    query = query.where(ContentQuestion.asked_at >= p.since, ContentQuestion.asked_at < p.until)
    if p.language:
        query = query.where(ContentQuestion.language == p.language)
    if p.channel:
        query = query.where(ContentQuestion.channel == p.channel)
    return query


def _grouped(*, answered: bool | None = None) -> Select[str, int, Any, float, str | None]:
    """The questions by normalised text, most asked first: a wording of each, how often,
    how often answered, the best confidence, and one of the documents that came first (the
    lowest id)."""
    query = select(
        func.min(ContentQuestion.question),
        func.count(),
        ANSWERED,
        func.max(ContentQuestion.confidence),
        func.min(ContentQuestion.document_id),
    ).group_by(ContentQuestion.normalised)
    if answered is not None:
        query = query.where(ContentQuestion.answered.is_(answered))
    return query.order_by(func.count().desc(), ContentQuestion.normalised).limit(TOP)


async def content_numbers(session: AsyncSession, p: Period) -> ContentNumbers:
    out = ContentNumbers()
    day = utc_day(ContentQuestion.asked_at)
    per_day = select(day, func.count(), ANSWERED).group_by(day)
    for asked_on, asked, answered in await session.execute(_filtered(per_day, p)):
        counts = Counter(asked=asked, answered=answered, unanswered=asked - answered)
        out.by[p.key_of(asked_on)].update(counts)
        out.total.update(counts)
    for rows, answered in ((out.questions, None), (out.unanswered, False)):
        for text, asked, yes, confidence, document in await session.execute(
            _filtered(_grouped(answered=answered), p)
        ):
            rows.append(Asked(text, asked, int(yes or 0), float(confidence or 0), document))
    documents = (
        select(ContentQuestion.document_id, func.count(), ANSWERED)
        .where(ContentQuestion.document_id.is_not(None))
        .group_by(ContentQuestion.document_id)
        .order_by(func.count().desc(), ContentQuestion.document_id)
        .limit(TOP)
    )
    for document, asked, yes in await session.execute(_filtered(documents, p)):
        out.documents.append(Asked(str(document), asked, int(yes or 0), 0.0))
    return out
