"""The content questions prospects ask (`content_questions`): one row each time the assistant
looks a question up in the library, answered or not, for the console's analytics (the most
asked questions, and those the library could not answer: what to write next).

The question is the prospect's own words: the row belongs to the lead (bot/db/lead_tables.py),
so it is exported, merged and erased with it, and the retention purge removes it with the lead.
"""

from __future__ import annotations

import logging
import re
import unicodedata

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from actions.ports import AskedQuestion
from bot.db.models import ContentQuestion, row_id
from bot.leads.merge import resolve_lead

log = logging.getLogger(__name__)
NORMALISED_CHARS = 255
_NOT_WORD = re.compile(r"[^\w]+")
_SENDER = re.compile(r"conversation-(\d+)")


def normalised(text: str) -> str:
    """The question as it is grouped: lower case, accents and punctuation gone, spaces
    collapsed ("Combien ça coûte ?" and "combien ca coute" are one question)."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", bare).replace("_", " ").split())[:NORMALISED_CHARS]


def conversation_of(sender: str | None) -> int | None:
    """The conversation id in an engine sender id (`conversation-<id>`), if it is one."""
    found = _SENDER.fullmatch(sender or "")
    return row_id(found.group(1)) if found else None


async def add_question(session: AsyncSession, lead_id: int, question: AskedQuestion) -> bool:
    """In the caller's transaction: the question, on the lead (the one it was merged into,
    if it was); False when the lead is gone (erased meanwhile)."""
    lead = await resolve_lead(session, lead_id)
    if lead is None:
        return False
    session.add(
        ContentQuestion(
            lead_id=lead.id,
            conversation_id=conversation_of(question.conversation),
            channel=(question.channel or None) and question.channel[:32],
            language=question.language[:8] or None,
            question=question.text,
            normalised=normalised(question.text),
            answered=question.answered,
            confidence=round(float(question.confidence), 4),
            document_id=question.document_id and question.document_id[:255],
        )
    )
    return True


async def record_question(
    sessions: async_sessionmaker[AsyncSession], lead_id: int, question: AskedQuestion
) -> None:
    """One short transaction; a failure is logged, never raised: the prospect's answer
    does not wait on the analytics."""
    try:
        async with sessions() as session, session.begin():
            await add_question(session, lead_id, question)
    except SQLAlchemyError:
        log.exception("content question of lead %s not recorded", lead_id)
