"""What the content action records of each question it looks up in the library (the row the
app stores from it: test_content_questions.py)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import ActionAnswerContent
from actions.ports import AskedQuestion
from bot.settings import PROJECT_ROOT
from nlu.content.search import ContentSearch
from tests.unit.test_qualification_actions import FakeLeads

LIBRARY = PROJECT_ROOT / "bot" / "content" / "library"


class Log(FakeLeads):
    def __init__(self) -> None:
        super().__init__()
        self.asked: list[tuple[int, AskedQuestion]] = []

    async def record_question(self, lead_id: int, question: AskedQuestion) -> None:
        self.asked.append((lead_id, question))


def tracker(text: str, *, intent: str = "ask_content", lead_id: int | None = 7) -> Tracker:
    metadata: dict[str, Any] = {"language": "en", "channel": "telegram"}
    if lead_id is not None:
        metadata["lead_id"] = lead_id
    return Tracker(
        sender_id="conversation-12",
        slots={"language": "en"},
        latest_message={"text": text, "intent": {"name": intent}, "metadata": metadata},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


async def ask(log: object, t: Tracker) -> CollectingDispatcher:
    dispatcher = CollectingDispatcher()
    content = ContentSearch(LIBRARY, embedder=None)
    await ActionAnswerContent(content, log).run(dispatcher, t, {})  # type: ignore[arg-type]
    return dispatcher


async def test_an_answered_question_is_kept_with_its_document_and_conversation() -> None:
    log = Log()
    await ask(log, tracker("How much does Orbitly cost?"))
    [(lead_id, asked)] = log.asked
    assert lead_id == 7 and asked.text == "How much does Orbitly cost?"
    assert asked.answered and asked.document_id == "en/pricing" and asked.confidence >= 0.5
    assert (asked.language, asked.channel, asked.conversation) == (
        "en",
        "telegram",
        "conversation-12",
    )


async def test_an_unanswered_question_is_kept_with_the_closest_document() -> None:
    log = Log()
    said = await ask(log, tracker("Do you sell garden furniture in Peru?"))
    [(_, asked)] = log.asked
    assert not asked.answered and asked.confidence < 0.5
    assert "reliable answer" in said.messages[0]["text"]  # the reply is unchanged


async def test_nothing_is_kept_without_a_lead_a_log_or_a_question() -> None:
    log = Log()
    await ask(log, tracker("How much does Orbitly cost?", lead_id=None))
    await ask(log, tracker("qsdf zzkj", intent="nlu_fallback"))  # asked to rephrase
    assert log.asked == []
    said = await ask(FakeLeads(), tracker("How much does Orbitly cost?"))  # keeps no questions
    assert said.messages


async def test_a_statement_it_cannot_answer_that_carried_a_fact_goes_back_to_the_form() -> None:
    """'no budget set yet, depends on price', read as a content question: the budget is not
    asked again, and the prospect is not told the documentation has no answer."""
    said = {"event": "user", "text": "no budget set yet, depends on price"}
    declined = {"event": "slot", "name": "budget", "value": "declined"}
    t = tracker(said["text"])
    t.events = [said, declined]
    dispatcher = CollectingDispatcher()
    content = ContentSearch(LIBRARY, embedder=None)
    events = await ActionAnswerContent(content, Log()).run(dispatcher, t, {})
    assert events == [{"event": "followup", "name": "qualification_form", "timestamp": None}]
    assert dispatcher.messages == []
    t.events = [said]  # nothing carried: the honest "no reliable answer"
    events = await ActionAnswerContent(content, Log()).run(dispatcher, t, {})
    assert events == [] and dispatcher.messages


async def test_the_topic_echoed_back_with_its_answer_is_no_question() -> None:
    said = {"event": "user", "text": "budget? like 200 a month i guess"}
    t = tracker(said["text"])
    t.events = [said, {"event": "slot", "name": "budget", "value": "200"}]
    content = ContentSearch(LIBRARY, embedder=None)
    events = await ActionAnswerContent(content, Log()).run(CollectingDispatcher(), t, {})
    assert events == [{"event": "followup", "name": "qualification_form", "timestamp": None}]


async def test_leave_to_ask_is_given_not_searched() -> None:
    log = Log()
    dispatcher = await ask(log, tracker("hi, can I ask you a few questions?"))
    assert [m["text"] for m in dispatcher.messages] == [
        "Of course, go ahead: what would you like to know?"
    ]
    assert log.asked == []  # nothing looked up, nothing logged as unanswered


async def test_a_question_beside_facts_not_understood_is_answered_before_the_form() -> None:
    """'our sales team ignores half the MQLs we send them. do you integrate with hubspot?'
    (classifier unsure between a need and a question): the need was kept and the form went
    on, the question was dropped. A fact alone ('liam@uni.edu') still goes to the form."""
    content = ContentSearch(LIBRARY, embedder=None)
    text = "our sales team ignores half the MQLs we send them. do you integrate with hubspot?"
    for said, answers in ((text, True), ("liam@uni.edu", False)):
        t = tracker(said, intent="nlu_fallback")
        t.events = [
            {"event": "user", "text": said},
            {"event": "slot", "name": "need", "value": "our sales team ignores half the MQLs"},
        ]
        dispatcher = CollectingDispatcher()
        events = await ActionAnswerContent(content, Log()).run(dispatcher, t, {})
        assert events[-1] == {"event": "followup", "name": "qualification_form", "timestamp": None}
        assert bool(dispatcher.messages) is answers
        if answers:
            assert "HubSpot" in dispatcher.messages[0]["text"]


async def test_asking_to_switch_language_is_answered_in_that_language() -> None:
    content = ContentSearch(LIBRARY, embedder=None)
    for said, language, reply in (
        ("sorry, can we switch to English?", "en", "continue in English"),
        ("en fait je suis francais, on peut continuer en francais ?", "fr", "en français"),
    ):
        t = tracker(said, intent="nlu_fallback")
        t.slots["language"] = language
        t.latest_message["metadata"]["language"] = language
        dispatcher = CollectingDispatcher()
        await ActionAnswerContent(content, Log()).run(dispatcher, t, {})
        assert [reply in m["text"] for m in dispatcher.messages] == [True]
