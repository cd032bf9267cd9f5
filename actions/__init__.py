"""Custom actions the Rasa engine calls through the app's /webhook route (rasa-sdk).

One module per concern. Actions that read or write leads get the app's `LeadFacts`
through `create_actions`, so this package never imports the app.
"""

from rasa_sdk import Action
from rasa_sdk.executor import ActionExecutor

from actions.answer_first import AnswerFirst
from actions.content import (
    ACKNOWLEDGE,
    RESUME,
    THANK,
    ActionAcknowledge,
    ActionAnswerContent,
)
from actions.facts import ActionExtractFacts
from actions.fallback import ActionDefaultFallback
from actions.gated import ActionDeliverGatedContent
from actions.greeting import ActionGreet
from actions.handoff import ActionBuyingSignal, ActionRequestHuman, ActionWithdrawSignal
from actions.never_mind import ActionAcknowledgeNo
from actions.ports import LeadFacts, LeadStatus, MeetingDesk
from actions.qualification import (
    ActionAskContactConsent,
    ActionAskEmail,
    ActionExplainQuestion,
    ActionQualificationDone,
    ValidateQualificationForm,
)
from actions.questions import question_actions
from nlu.content.search import ContentSearch


def create_actions(
    leads: LeadFacts | None,
    content: ContentSearch | None = None,
    meetings: MeetingDesk | None = None,
) -> list[Action]:
    """Every custom action, wired to the app's lead store, content library and meetings."""
    return [
        ActionAnswerContent(content, leads),
        ActionAcknowledge(ACKNOWLEDGE, content, leads),
        ActionAcknowledge(RESUME, content, leads),
        ActionAcknowledge(THANK, content, leads),
        ActionDeliverGatedContent(content, leads),
        ActionExtractFacts(leads),
        ValidateQualificationForm(),
        ActionExplainQuestion(),
        ActionRequestHuman(leads),
        ActionAcknowledgeNo(leads, content),
        ActionGreet(ActionAnswerContent(content, leads)),
        ActionBuyingSignal(leads, content, meetings),
        ActionWithdrawSignal(leads, content, ActionBuyingSignal(leads, content, meetings)),
        ActionDefaultFallback(content, ActionAnswerContent(content, leads)),
        *(
            AnswerFirst(ask, content, ActionAnswerContent(content, leads))
            for ask in (
                *question_actions(),
                ActionAskContactConsent(),
                ActionAskEmail(),
                ActionQualificationDone(leads, meetings),  # a question with the last answer
            )
        ),
    ]


def create_executor(
    leads: LeadFacts | None = None,
    content: ContentSearch | None = None,
    meetings: MeetingDesk | None = None,
) -> ActionExecutor:
    """rasa-sdk's executor with every action registered, as its action server builds it."""
    executor = ActionExecutor()
    for action in create_actions(leads, content, meetings):
        executor.register_action(action)
    return executor


__all__ = [
    "ActionAcknowledge",
    "ActionAnswerContent",
    "ActionAskContactConsent",
    "ActionAskEmail",
    "ActionBuyingSignal",
    "ActionDeliverGatedContent",
    "ActionExplainQuestion",
    "ActionExtractFacts",
    "ActionGreet",
    "ActionQualificationDone",
    "ActionRequestHuman",
    "ActionWithdrawSignal",
    "LeadFacts",
    "LeadStatus",
    "ValidateQualificationForm",
    "create_actions",
    "create_executor",
]
