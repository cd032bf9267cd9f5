"""The content questions prospects ask are kept, answered or not, for the console's analytics:
how questions are grouped, and the row the app stores (what the action records:
test_content_questions_asked.py)."""

from __future__ import annotations

from sqlalchemy import select

from actions.ports import AskedQuestion
from bot.db.models import ContentQuestion, Conversation, Identity, Lead
from bot.db.session import create_engine, create_sessionmaker
from bot.leads.facts import LeadFactStore
from bot.leads.questions import conversation_of, normalised
from bot.leads.scoring import LeadScorer
from bot.settings import Settings
from scoring.rules import load_rules


def test_questions_are_grouped_without_case_accents_or_punctuation() -> None:
    same = "combien ca coute"
    assert normalised("  Combien ça COÛTE ?? ") == normalised(same) == same
    assert normalised("What's the price_list, really?!") == "what s the price list really"
    assert normalised("x" * 1000) == "x" * 255
    assert conversation_of("conversation-12") == 12
    assert [conversation_of(s) for s in (None, "", "conversation-0", "x-12", "conversation-")] == [
        None
    ] * 5


async def test_the_app_stores_the_question_on_the_lead_it_was_merged_into(
    settings: Settings,
) -> None:
    engine = create_engine(settings.database_url)
    sessions = create_sessionmaker(engine)
    async with sessions() as session, session.begin():
        survivor, merged = Lead(language="fr"), Lead(language="fr")
        session.add_all([survivor, merged])
        await session.flush()
        merged.merged_into_id = survivor.id
        identity = Identity(channel="web", external_id="v", lead_id=survivor.id)
        session.add(identity)
        await session.flush()
        conversation = Conversation(lead_id=survivor.id, identity_id=identity.id, channel="web")
        session.add(conversation)
        await session.flush()
        ids = survivor.id, merged.id, conversation.id
    store = LeadFactStore(sessions=sessions, scorer=LeadScorer(load_rules()))
    question = AskedQuestion(
        text="Combien ça coûte ?",
        language="fr",
        answered=True,
        confidence=0.81234,
        document_id="fr/tarifs",
        channel="web",
        conversation=f"conversation-{ids[2]}",
    )
    await store.record_question(ids[1], question)
    await store.record_question(9999, question)  # an erased lead: nothing, and no error
    async with sessions() as session:
        rows = list(await session.scalars(select(ContentQuestion)))
    await engine.dispose()
    assert [(r.lead_id, r.conversation_id, r.channel, r.language) for r in rows] == [
        (ids[0], ids[2], "web", "fr")
    ]
    row = rows[0]
    assert (row.question, row.normalised, row.answered) == (
        "Combien ça coûte ?",
        "combien ca coute",
        True,
    )
    assert (row.confidence, row.document_id) == (0.8123, "fr/tarifs")
