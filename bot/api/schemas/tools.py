"""The team's tools: `POST /api/nlu/extract` (facts of one text) and
`POST /api/content/search` (an answer from the content library)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from bot.api.schemas.base import Number, Out
from nlu.extract.budget import Period
from nlu.extract.job_title import Role

EmailKind = Literal["business", "personal"]  # nlu.extract.email.email_kind


class BudgetOut(Out):
    min: Number
    max: Number
    currency: str | None = Field(examples=["EUR"])
    period: Period | None


class TimelineOut(Out):
    months: Number = Field(description="from the reference date")
    text: str = Field(description="the words that said it")


class NeedOut(Out):
    text: str
    use_case: str | None


class FactsOut(Out):
    """Every key present, null when the text does not say it."""

    language: str | None
    budget: BudgetOut | None
    timeline: TimelineOut | None
    company_size: int | None = Field(description="employees")
    seats: int | None = Field(description='users to equip, as a quote asks ("for 25 seats")')
    job_title: str | None
    role: Role | None
    company: str | None
    email: str | None
    email_kind: EmailKind | None
    need: NeedOut | None
    call_time: str | None = Field(
        description='when to call, as said in a request to be called ("thursday afternoon")'
    )


class SourceOut(Out):
    id: str
    title: str
    url: str
    score: Number


class AnswerOut(Out):
    answered: bool = Field(description="false: no passage is confident enough")
    answer: str
    sources: list[SourceOut]
