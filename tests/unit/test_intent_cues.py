"""The words a buying signal needs (config.yml, engine_runtime/intent_cues.py): every
example of those intents, trained or held out, says one, and the messages that were
wrongly taken for one say none."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def cues() -> dict[str, re.Pattern[str]]:
    pipeline = yaml.safe_load((ROOT / "config.yml").read_text())["pipeline"]
    (component,) = [c for c in pipeline if c["name"] == "intent_cues.IntentCues"]
    return {intent: re.compile(pattern) for intent, pattern in component["cues"].items()}


def plain(text: str) -> str:  # as engine_runtime/intent_cues.py reads the message
    decomposed = unicodedata.normalize("NFD", text.lower().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def examples(intent: str) -> list[str]:
    files = [*(ROOT / "nlu" / "data").glob("*.yml"), ROOT / "tests" / "nlu" / "holdout.yml"]
    found = []
    for path in files:
        for block in yaml.safe_load(path.read_text()).get("nlu") or []:
            if block.get("intent") == intent:
                found += [
                    line[2:].strip() for line in block["examples"].splitlines() if line.strip()
                ]
    return found


@pytest.mark.parametrize("intent", ["request_demo", "request_quote", "withdraw_request", "goodbye"])
def test_every_example_of_a_buying_signal_says_its_word(intent: str) -> None:
    cue = cues()[intent]
    said = examples(intent)
    assert len(said) > (10 if intent == "withdraw_request" else 20)
    assert [s for s in said if not cue.search(plain(s))] == []


@pytest.mark.parametrize(
    ("intent", "text"),
    [
        ("request_demo", "on voudrait une solution pour la rentrée"),
        ("request_demo", "vous faites une remise pour les associations ?"),
        ("request_quote", "Je suis CEO de Nautilis, budget d'environ 45 000 € par an"),
        ("request_quote", "we're 80 people and our SDRs can't keep up"),
        ("withdraw_request", "pas de budget fixe pour l instant"),
        ("withdraw_request", "no budget yet"),
        ("goodbye", "Brightwave"),
        ("goodbye", "pour la rentrée"),
        ("goodbye", "salut, on cherche un outil"),
        ("goodbye", "we plan to start later this year"),
        ("goodbye", "on vise l annee prochaine"),
        ("goodbye", "on a plus de 50 commerciaux"),
        ("request_demo", "we are looking for a lead scoring tool"),
        ("request_demo", "a bookkeeping firm"),
        ("request_quote", "I am in charge of sales"),
    ],
)
def test_a_message_without_the_word_is_no_buying_signal(intent: str, text: str) -> None:
    assert cues()[intent].search(plain(text)) is None


def test_typed_without_accents_or_with_typos_the_word_is_found() -> None:
    assert cues()["request_demo"].search(plain("i want a dmeo"))
    assert cues()["request_demo"].search(plain("une DÉMO svp"))
    assert cues()["request_quote"].search(plain("need a qoute asap"))
    assert cues()["request_quote"].search(plain("un devi pour notre equipe"))


def asks() -> dict[str, re.Pattern[str]]:
    pipeline = yaml.safe_load((ROOT / "config.yml").read_text())["pipeline"]
    (component,) = [c for c in pipeline if c["name"] == "intent_cues.IntentCues"]
    return {intent: re.compile(pattern) for intent, pattern in component["asks"].items()}


ALL_INTENTS = [
    "request_demo",
    "request_quote",
    "withdraw_request",
    "request_human",
    "state_need",
    "inform",
    "ask_content",
    "deny",
    "affirm",
    "decline_to_answer",
    "ask_product",
]


@pytest.mark.parametrize(
    ("intent", "text"),
    [
        ("request_demo", "I'd like a demo. We're losing leads and need it live by end of March."),
        (
            "request_demo",
            "Je voudrais une démo. Nous perdons des leads, il faut que ce soit prêt fin mars.",
        ),
        (
            "request_demo",
            "I run marketing at Brightwave, 120 people. Budget 20k/year. Can I get a demo?",
        ),
        ("request_quote", "Could you send me a quote? We need to replace HubSpot before Q2"),
        ("request_quote", "je voudrais un devis, on est 30"),
        (
            "request_quote",
            "Je suis DG de Solvane, 150 personnes, on veut mieux qualifier nos leads "
            "entrants avant fin mars. Budget 20k par an. Vous pouvez m envoyer un devis ? "
            "d.leroy@solvane.fr",
        ),
        ("request_quote", "tu peux me faire un devis pour 12 postes ?"),
        ("request_demo", "can you do a demo next tuesday? my email is rafa@tilecloud.io"),
        ("request_demo", "vous pourriez nous montrer une démo la semaine prochaine ?"),
        (
            "request_human",
            "hi we are 45 ppl saas, im ceo, budget 1k/month. my email is ceo@loopwise.io, "
            "talk to sales pls",
        ),
        ("request_human", "pls call me tmrw at 10am on 07700 900456, its about pricing"),
        ("request_human", "rappelez-moi au 06 12 34 56 78 svp"),
        ("request_demo", "bjr, c pr une demo demain 14h, je suis le DG de Fromagerie Bel Air"),
        ("request_quote", "slt, ecrivez a k.leroy@pharmalink.fr, c pr un devis"),
    ],
)
def test_a_request_in_so_many_words_leads(intent: str, text: str) -> None:
    """Beside a problem and a deadline, it was read as a statement of need: no handoff."""
    assert [i for i, ask in asks().items() if ask.search(plain(text))] == [intent]


@pytest.mark.parametrize("intent", ALL_INTENTS)
def test_no_example_of_another_intent_asks_in_so_many_words(intent: str) -> None:
    """A promoted intent never contradicts the training data: "I don't want a demo", "we
    already saw a demo", "no i dont need a quote" ask for nothing."""
    for asked, ask in asks().items():
        if asked != intent:
            assert [s for s in examples(intent) if ask.search(plain(s))] == []


@pytest.mark.parametrize(
    "text",
    [
        "We want to nurture our trial users with emails until they're ready to talk to sales",
        "dont call me, email is better",
        "ne me rappelez pas",
    ],
)
def test_a_person_not_asked_for(text: str) -> None:
    assert [i for i, ask in asks().items() if ask.search(plain(text))] == []
