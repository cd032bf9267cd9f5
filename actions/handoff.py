"""The prospect asks for sales: `action_request_human` (a person), `action_buying_signal`
(a demo or meeting, a quote). Either way the lead is handed to sales at once."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.content import text as said_text
from actions.fact_update import held, may_write
from actions.facts import message_language as lang
from actions.ports import LeadFacts, MeetingDesk
from actions.promises import TAKEN_BACK, latest_request, replies, reply_name, taken_back
from actions.turn import set_this_turn
from actions.withdrawal import refusal_reply
from nlu.content.per_seat import seat_prices
from nlu.content.search import PRICE_QUESTION, ContentSearch, plain
from nlu.extract.call_time import asks_for_a_call
from nlu.extract.declined_request import declined_request, renewed_request
from nlu.extract.questions import asks_to_switch_language

# intent -> (the signal: the handoff's reason; the reply)
BUYING_SIGNALS = {
    "request_demo": ("demo_request", "utter_demo_requested"),
    "request_quote": ("quote_request", "utter_quote_requested"),
}
# signal -> the replies that say it was passed on (with their _email, _call... forms)
REPLIES = {"demo_request": "utter_demo_requested", "quote_request": "utter_quote_requested"}
# signal -> the reply when it is asked for again, already with the rep
ALREADY_REQUESTED = {
    "demo_request": "utter_demo_already_requested",
    "quote_request": "utter_quote_already_requested",
}
# signal -> the reply when it is taken back
WITHDRAWN = {"demo_request": "utter_demo_withdrawn", "quote_request": "utter_quote_withdrawn"}

# When the prospect would like the demo, said back (the rep reads it on the card).
WHEN_NOTED = {
    "en": "I've noted when you'd like it: %s.",
    "fr": "J'ai noté le moment souhaité : %s.",
}
# A student, competitor, investor or job seeker asking for a demo or a quote.
NOT_FOR_SALES = "utter_not_for_sales"
SOURCE = {"fr": "Source : {title} — {url}", "en": "Source: {title} — {url}"}


def price_list(content: ContentSearch | None, language: str, tracker: Tracker) -> str | None:
    """The list prices (the first section of the library's pricing page, in `language` when
    there is one) with their source, or None when the library has no pricing page. With the
    number of users known, what it comes to on each plan priced per user (on the plans the
    message names, when it names some: "pricing for 25 users on growth")."""
    pages = [d for d in (content.documents.values() if content else ()) if d.type == "pricing"]
    pages.sort(key=lambda d: (d.language != language, d.id))
    if not pages or not pages[0].passages:
        return None
    page = pages[0]
    source = SOURCE.get(language, SOURCE["en"]).format(title=page.title, url=page.url)
    text = plain(page.passages[0].text)
    seats, said = tracker.get_slot("seats"), str((tracker.latest_message or {}).get("text") or "")
    if isinstance(seats, int) and (
        worked_out := seat_prices(" ".join(p.text for p in page.passages), seats, language, said)
    ):
        text = f"{text}\n\n{worked_out}"
    return f"{text}\n\n{source}"


class ActionRequestHuman(Action):
    def __init__(self, leads: LeadFacts | None = None) -> None:
        self._leads = leads

    def name(self) -> str:
        return "action_request_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if refused := refusal_reply(tracker):  # "please dont contact me" read as "contact me"
            dispatcher.utter_message(response=refused)
            return []
        said = str((tracker.latest_message or {}).get("text") or "")
        if asks_to_switch_language(said):  # "vous pouvez me répondre en anglais ?"
            dispatcher.utter_message(text=said_text("language_switched", lang(tracker)))
            return []
        if tracker.get_slot("disqualified") == "job_seeker":  # "are you hiring? I'd love to…"
            dispatcher.utter_message(response="utter_job_seeker_thanks")  # not sales' lead
            return []
        lead_id = ((tracker.latest_message or {}).get("metadata") or {}).get("lead_id")
        if self._leads is not None and isinstance(lead_id, int):
            await self._leads.request_handoff(lead_id)
        response = handoff_reply(tracker, "utter_human_handoff")
        if gave_an_address_to_write_to(tracker):  # "you can contact me at sam@vectorhr.com"
            response = "utter_human_handoff_email"  # (or "dont call me, email is better: …")
        elif response == "utter_human_handoff" and asks_for_a_call(said):
            response = "utter_human_handoff_number"  # the number given next is kept for it
        calls = ("utter_human_handoff_number", "utter_human_handoff_call")
        if response in calls and set_this_turn(tracker, "call_when"):
            response += "_when"  # "…to call you back thursday afternoon", said just now
        dispatcher.utter_message(response=response)
        return []


def gave_an_address_to_write_to(tracker: Tracker) -> bool:
    """An address given in this very request, kept on it (actions/reading.py call_request),
    or agreed to just now ("yes you can email me" to the consent question)."""
    just_now = set_this_turn(tracker, "email") or set_this_turn(tracker, "contact_consent")
    return bool(just_now) and may_write(tracker)


def handoff_reply(tracker: Tracker, response: str) -> str:
    """`response`, or its "a person will call you" form when the prospect gave a number
    they agreed to be called on (asking to be called on it, or yes to the consent question):
    the handoff card shows that number to the rep (channels/slack/card.py)."""
    if tracker.get_slot("phone") and tracker.get_slot("contact_consent") is True:
        return f"{response}_call"
    return response


class ActionBuyingSignal(Action):
    """A demo or a quote asked for: it counts as the `demo_request` event (pain), the lead
    is handed to sales with the signal as the reason, and the prospect is told that a
    person will reply in this conversation (a rep's thread replies reach it, docs/slack.md);
    with meetings set up (docs/meetings.md), a demo request is offered free slots instead.
    Someone who said they will never buy is answered here instead, not handed over. A
    quote request ("what does it cost for 5 users?") is shown the list prices first."""

    def __init__(
        self,
        leads: LeadFacts | None = None,
        content: ContentSearch | None = None,
        meetings: MeetingDesk | None = None,
    ):
        self._leads = leads
        self._content = content
        self._meetings = meetings

    def name(self) -> str:
        return "action_buying_signal"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        await self.request(dispatcher, tracker, str(intent))
        return []

    async def request(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, intent: str
    ) -> None:
        """The request `intent` (request_demo, request_quote) recorded and answered."""
        message = tracker.latest_message or {}
        signal, response = BUYING_SIGNALS.get(intent, BUYING_SIGNALS["request_demo"])
        lead_id = (message.get("metadata") or {}).get("lead_id")
        if declined_request(str(message.get("text") or "")) == signal:  # "no need for a demo"
            await withdraw(self._leads, self._content, dispatcher, tracker, signal)
            return
        again = passed_on(tracker, signal)  # with an address, a number or the seats now
        if again and not new_details(tracker) and not (signal == "demo_request" and self._meetings):
            said = str(message.get("text") or "")  # "how much for 20 users?", asked again
            if PRICE_QUESTION.search(said) and (
                prices := price_list(self._content, lang(tracker), tracker)
            ):
                dispatcher.utter_message(text=prices)
            dispatcher.utter_message(
                response=ALREADY_REQUESTED[signal] + ("_written" if may_write(tracker) else "")
            )
            return
        status = None
        if self._leads is not None and isinstance(lead_id, int):
            nth, day = requests_made(tracker, signal), datetime.now(UTC).date().isoformat()
            key = f"chat-{signal}-{tracker.sender_id}-{day}-{nth}"
            status = await self._leads.buying_signal(lead_id, signal, idempotency_key=key[:200])
        if tracker.get_slot("disqualified") or (status is not None and status.disqualified):
            response = NOT_FOR_SALES  # helped here, not handed to sales (docs/qualification.md)
        elif (
            response == "utter_demo_requested"
            and tracker.get_slot("contact_consent") is not True
            and not held(tracker, "email")  # given with the request: its consent comes next
        ):
            response = "utter_demo_requested_email"  # no address the team may use yet
        elif gave_an_address_to_write_to(tracker) and not tracker.get_slot("phone"):
            response += "_written"  # "a demo please, jo@rivage-comm.fr": written to there
        elif handoff_reply(tracker, response) != response:  # "call me at … about pricing"
            response = handoff_reply(tracker, response)
        elif response == "utter_quote_requested" and tracker.get_slot("seats"):
            response = "utter_quote_requested_seats"  # the number of users is known
        priced = not again or PRICE_QUESTION.search(str(message.get("text") or ""))
        if (
            signal == "quote_request"
            and priced
            and (prices := price_list(self._content, lang(tracker), tracker))
        ):
            dispatcher.utter_message(text=prices)  # what it costs, then who will follow up
        demo = response.startswith("utter_demo_requested")
        if (
            demo
            and isinstance(lead_id, int)
            and (offer := await offer_slots(self._meetings, lead_id, tracker))
        ):
            dispatcher.utter_message(text=offer)
            return
        dispatcher.utter_message(response=response)
        if demo and (when := set_this_turn(tracker, "call_when")):  # "next tuesday?"
            dispatcher.utter_message(text=WHEN_NOTED.get(lang(tracker), WHEN_NOTED["en"]) % when)


async def offer_slots(meetings: MeetingDesk | None, lead_id: int, tracker: Tracker) -> str | None:
    """Free slots to offer (the text), when meetings are set up."""
    if meetings is None:
        return None
    return await meetings.offer(lead_id, tracker.sender_id, lang(tracker))


class ActionWithdrawSignal(Action):
    """A demo or quote taken back ("no need for a demo after all", "pas besoin de devis"):
    said back, and the rep of an active handoff is told in its thread. The request's event
    and the handoff stay: asking was a signal, and the rep decides."""

    def __init__(
        self,
        leads: LeadFacts | None = None,
        content: ContentSearch | None = None,
        buying: ActionBuyingSignal | None = None,
    ):
        self._leads, self._content, self._buying = leads, content, buying

    def name(self) -> str:
        return "action_withdraw_signal"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        said = str((tracker.latest_message or {}).get("text") or "")
        again = renewed_request(said)  # "finalement si, je veux bien le devis"
        if again is not None and self._buying is not None and declined_request(said) is None:
            intent = next(i for i, (s, _) in BUYING_SIGNALS.items() if s == again)
            await self._buying.request(dispatcher, tracker, intent)
            return []
        named = declined_request(said)
        if named is None and not earlier_signals(tracker) and latest_request(tracker) is None:
            # Nothing was asked for, and the message names no request it drops: misread ("le
            # pb c'est qu'on perd les demandes de devis du site" is a problem, not "no quote").
            if tracker.active_loop_name is None:
                dispatcher.utter_message(response="utter_please_rephrase")
            return []  # in the form, its question comes back
        await withdraw(
            self._leads, self._content, dispatcher, tracker, named or last_signal(tracker)
        )
        return []


def new_details(tracker: Tracker) -> bool:
    """This message gave what the rep can use: an address, a number, the seats."""
    return any(
        set_this_turn(tracker, slot) for slot in ("email", "phone", "contact_consent", "seats")
    )


def passed_on(tracker: Tracker, signal: str) -> bool:
    """The same request as one already passed on in this conversation (its reply said so),
    not taken back since: "can you send me a quote for 20 users" after "how much for 20
    users?" is already with the rep (the price list and the whole reply were said twice).
    A request answered as not for sales is answered the same way again."""
    if tracker.get_slot("disqualified"):
        return False
    latest = True
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            said = reply_name(event)
            if taken_back(said):
                return False  # "please don't contact me" since: a new request
            if said.startswith((REPLIES[signal], ALREADY_REQUESTED[signal])):
                return True  # the request was answered as passed on
        elif event.get("event") == "user" and not latest:
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if intent == "withdraw_request" or declined_request(str(event.get("text") or "")):
                return False
        latest = latest and event.get("event") != "user"
    return False


def requests_made(tracker: Tracker, signal: str) -> int:
    """How many times `signal` was taken back in this conversation: the request's number,
    part of its event's key with the day, so that asking again (with an address, a
    number...) records one event, and a request renewed after it was taken back, or on
    another day, records its own."""
    return sum(said.startswith((WITHDRAWN[signal], *TAKEN_BACK)) for said in replies(tracker))


def earlier_signals(tracker: Tracker) -> list[str]:
    """The signals of the prospect's demo and quote requests before this message, latest
    first."""
    said = [e for e in tracker.events if e.get("event") == "user"][:-1]
    intents = [((e.get("parse_data") or {}).get("intent") or {}).get("name") for e in said]
    return [BUYING_SIGNALS[i][0] for i in reversed(intents) if i in BUYING_SIGNALS]


def last_signal(tracker: Tracker) -> str:
    """The signal of the prospect's latest demo or quote request (a quote without one)."""
    return next(iter(earlier_signals(tracker)), "quote_request")


async def withdraw(
    leads: LeadFacts | None,
    content: ContentSearch | None,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    signal: str,
) -> None:
    """Say the request is dropped; tell the rep who has it; the prices when asked for."""
    message = tracker.latest_message or {}
    lead_id = (message.get("metadata") or {}).get("lead_id")
    said = str(message.get("text") or "")
    if PRICE_QUESTION.search(said) and (prices := price_list(content, lang(tracker), tracker)):
        dispatcher.utter_message(text=prices)  # "no quote, just the price": answered first
    told = False  # the rep is told of a request they had, not of "no demo" out of the blue
    if leads is not None and isinstance(lead_id, int) and signal in earlier_signals(tracker):
        told = await leads.withdraw_signal(lead_id, signal)
    dispatcher.utter_message(response=WITHDRAWN[signal])
    if told:
        dispatcher.utter_message(response="utter_withdrawal_passed_on")
