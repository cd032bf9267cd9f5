"""Keeping the content questions prospects ask, answered or not, for the console's analytics
(the most asked, and those the library could not answer: what to write next)."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.facts import lead_id_of
from actions.ports import AskedQuestion, QuestionLog
from nlu.content.search import Answer


def asked(tracker: Tracker, question: str, language: str, answer: Answer) -> AskedQuestion:
    """The question as it is kept: the prospect's words, the conversation, and what the
    library made of it (the top source, answered or not)."""
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    channel = metadata.get("channel")
    top = answer.document.id if answer.document else None
    if top is None and answer.sources:
        top = answer.sources[0].id
    return AskedQuestion(
        text=question,
        language=language,
        answered=answer.answered and answer.document is not None,
        confidence=answer.confidence,
        document_id=top,
        channel=channel if isinstance(channel, str) else None,
        conversation=tracker.sender_id,
    )


async def log_question(
    log: object, tracker: Tracker, question: str, language: str, answer: Answer
) -> None:
    """Record the question in `log` (the app's lead store), when it keeps questions and the
    conversation has a lead. A message understood as nothing (`nlu_fallback`) that the
    library does not answer either is not counted: it is asked to be rephrased."""
    lead_id = lead_id_of(tracker)
    intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
    if not isinstance(log, QuestionLog) or lead_id is None or not question.strip():
        return
    if intent == "nlu_fallback" and not answer.answered:
        return
    await log.record_question(lead_id, asked(tracker, question, language, answer))
