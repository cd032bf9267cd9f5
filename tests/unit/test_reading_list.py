"""A request for documentation gets the library's overview, prices and a case study as
links (found in a French chat: "vous pouvez m envoyer une doc ? claire.b@…" got "Merci, j'ai
tout noté !" and nothing about the documents)."""

from pathlib import Path

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.content import ActionAnswerContent
from nlu.content.reading_list import asks_for_documents, reading_list
from nlu.content.search import ContentSearch

LIBRARY = Path(__file__).resolve().parents[2] / "bot" / "content" / "library"


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("vous pouvez m envoyer une doc ? claire.b@immo-rivage.fr", True),
        ("can you send me some documentation?", True),
        ("envoyez-moi des infos", True),
        ("vous avez une plaquette ?", True),
        ("do you have a deck I can share with my boss?", True),
        ("how do I send documents to my leads?", False),  # about the product
        ("send me the pricing", False),  # a subject: searched
        ("can you send me a quote", False),
        ("do you have docs on the api?", False),
        # found in review
        ("can I get a brochure?", True),
        ("is there a brochure?", True),
        ("je peux avoir une plaquette ?", True),
        ("can you send over a deck?", True),
        ("any docs I can share?", True),
        ("do you have pdf export?", False),
        ("can I export reports as pdf?", False),
        ("can your tool send me a pdf report every week?", False),
        ("il existe une documentation API ?", False),
        ("send us information about GDPR", False),
        ("please don't send me any brochures", False),
        ("pas besoin de m'envoyer une plaquette", False),
        ("I already have your brochure", False),
    ],
)
def test_a_request_for_documents_is_told_from_a_question(text: str, asks: bool) -> None:
    assert asks_for_documents(text) is asks


def test_the_list_is_in_the_askers_language_without_gated_pieces() -> None:
    docs = ContentSearch(LIBRARY, embedder=None).documents.values()
    assert [d.id for d in reading_list(docs, "fr")] == [
        "fr/presentation",
        "fr/tarifs",
        "fr/etude-de-cas-maison-lenoir",
    ]
    english = reading_list(docs, "en")
    assert [d.id for d in english][:2] == ["en/overview", "en/pricing"]
    assert not any(d.gated for d in english)


@pytest.mark.parametrize(("intent", "follow"), [("ask_content", False), ("nlu_fallback", True)])
async def test_the_links_are_sent_and_the_form_goes_on(intent: str, follow: bool) -> None:
    text = "vous pouvez m envoyer une doc ? claire.b@immo-rivage.fr"
    events = [{"event": "user", "text": text}]
    if follow:  # the address filled the email slot: the form goes on after the links
        events.append({"event": "slot", "name": "email", "value": "claire.b@immo-rivage.fr"})
    t = Tracker(
        sender_id="c-1",
        slots={"language": "fr"},
        latest_message={"text": text, "intent": {"name": intent, "confidence": 0.4}},
        events=events,
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )
    dispatcher = CollectingDispatcher()
    done = await ActionAnswerContent(ContentSearch(LIBRARY, embedder=None)).run(dispatcher, t, {})
    (said,) = [m["text"] for m in dispatcher.messages]
    assert said.startswith("Voici nos documents") and "https://orbitly.example/fr/tarifs" in said
    assert any(e.get("event") == "followup" for e in done) is follow
