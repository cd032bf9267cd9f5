"""Custom actions the Rasa engine calls through the app's /webhook route (rasa-sdk).

One module per concern. Actions that read or write leads get the app's `LeadFacts`
through `create_actions`, so this package never imports the app.
"""

from rasa_sdk import Action

from actions.content import ActionAnswerContent, ActionDeliverGatedContent
from actions.facts import ActionExtractFacts
from actions.handoff import ActionRequestHuman
from actions.ports import LeadFacts, LeadStatus
from actions.qualification import (
    ActionAskContactConsent,
    ActionExplainQuestion,
    ActionQualificationDone,
)
from nlu.content.search import ContentSearch


def create_actions(leads: LeadFacts | None, content: ContentSearch | None = None) -> list[Action]:
    """Every custom action, wired to the app's lead store and content library."""
    return [
        ActionAnswerContent(content, leads),
        ActionDeliverGatedContent(content, leads),
        ActionExtractFacts(leads),
        ActionAskContactConsent(),
        ActionExplainQuestion(),
        ActionQualificationDone(leads),
        ActionRequestHuman(leads),
    ]


__all__ = [
    "ActionAnswerContent",
    "ActionAskContactConsent",
    "ActionDeliverGatedContent",
    "ActionExplainQuestion",
    "ActionExtractFacts",
    "ActionQualificationDone",
    "ActionRequestHuman",
    "LeadFacts",
    "LeadStatus",
    "create_actions",
]
