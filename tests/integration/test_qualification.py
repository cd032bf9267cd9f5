"""Qualification through /api/chat with the real engine: BANT in conversation, consent,
digressions, declines, corrections, and scoring to sdr_ready (FR + EN)."""

from __future__ import annotations

from typing import Any

import pytest

from nlu.language import detect
from tests.assistant import Assistant

pytestmark = pytest.mark.integration


def say(assistant: Assistant, sender: str, *turns: str) -> list[list[str]]:
    return [[m["text"] for m in assistant.chat(sender, t)["messages"]] for t in turns]


def lead_of(assistant: Assistant, sender: str) -> dict[str, Any]:
    lead_id = assistant.chat(sender, "merci" if sender.startswith("fr") else "thanks")["lead_id"]
    return assistant.lead(lead_id)


def test_a_hot_english_lead_gives_everything_at_once_and_becomes_sdr_ready(
    assistant: Assistant,
) -> None:
    replies = say(
        assistant,
        "en-hot",
        "We waste hours every week qualifying leads by hand",
        "CTO at Acme, 200 people, budget 50k per year, need it by next month",
        "jane@acme.io",
    )
    # One answer filled role, company, size, budget and timeline: only the email was left.
    # Its question states the purpose and links the privacy notice: the answer is the basis.
    # The facts are said back; the budget named no currency: noted in the default one, and
    # said with them, once (then the question).
    assert replies[1][0] == (
        "Noted: CTO, Acme, 200 people, next month, a budget of 50,000 EUR per year (tell me "
        "if it's another currency)."
    )
    assert "email" in replies[1][-1].lower() and "privacy" in replies[1][-1]
    assert "sales team will contact you" in replies[2][0]

    lead = lead_of(assistant, "en-hot")
    profile = lead["profile"]
    assert (profile["role"], profile["company"], profile["company_size"]) == (
        "decision_maker",
        "Acme",
        200,
    )
    assert profile["use_case"] == "lead_scoring"
    assert (lead["email"], lead["stage"], lead["sdr_ready"]) == ("jane@acme.io", "sdr_ready", True)
    (consent,) = lead["consents"]
    assert consent["granted"] is True and consent["wording"] == replies[1][-1]
    signals = {c["signal"] for c in lead["score_history"]}
    assert {"role:decision_maker", "email:business", "budget", "timeline", "need_stated"} <= signals


def test_a_student_is_not_qualified_for_sales(assistant: Assistant) -> None:
    # A student will never buy (DOMAIN.md): helped, asked no BANT question, never SDR-ready.
    replies = say(
        assistant,
        "en-cold",
        "hi, I'm a student working on a project about chatbots",
        "I'm curious how lead scoring works in general",  # a question: answered, form resumes
        "no",  # need: a plain no declines the question
        "just me",  # company: self-employed, a team of one
        "no rush at all, maybe in a year or two",
        "no budget",
        "bob1987@gmail.com",
        "yes",
    )
    lead = lead_of(assistant, "en-cold")
    assert lead["profile"]["role"] == "end_user"
    assert lead["profile"]["disqualified"] == "student"
    flat = " ".join(t for turn in replies for t in turn)
    assert "role" not in flat and "budget" not in flat.lower()  # no qualification questions
    assert lead["stage"] != "sdr_ready" and lead["sdr_ready"] is False
    assert lead["handoffs"] == []
    assert lead["scores"]["total"] < 40


def test_french_qualification_with_a_digression_a_decline_and_a_correction(
    assistant: Assistant,
) -> None:
    sender = "fr-qualif"
    first = say(assistant, sender, "Nous cherchons à automatiser nos relances par email")
    assert first == [["Merci ! Quel est votre poste ?"]]
    why = say(assistant, sender, "pourquoi cette question ?")[0]
    # The question comes back after the reason, reworded, not word for word.
    assert "rôle" in why[0] and "fonction" in why[1] and why[1] != first[0][0]
    asked = say(
        assistant,
        sender,
        "Je suis responsable marketing",
        "Verdane",
        "je préfère ne pas répondre",  # size: declined, never asked again
        "d'ici trois mois",
        "en fait nous sommes 80 salariés",  # a correction while the budget question waits
        "entre 10k et 20k€ par an",
    )
    flat = [t for turn in asked for t in turn]
    assert all(detect(t).language != "en" for t in flat)
    assert sum("Combien de personnes" in t for t in flat) == 1
    lead = lead_of(assistant, sender)
    profile = lead["profile"]
    # Volunteered later: the correction counts, and the size is no longer declined.
    assert profile["company_size"] == 80 and "declined" not in profile
    assert profile["budget"]["max"] == 20_000 and profile["timeline_months"] == 3.0
    assert profile["role"] == "influencer"


def test_a_volunteered_email_is_confirmed_at_once_and_not_kept_without_consent(
    assistant: Assistant,
) -> None:
    sender = "en-noconsent"
    replies = say(
        assistant,
        sender,
        "I'm looking for a tool that syncs with Salesforce",
        "sam@northwind.io",  # volunteered while the role question waits
        "no",
    )
    assert "sam@northwind.io" in replies[1][0] and "agree" in replies[1][0]
    lead = lead_of(assistant, sender)
    assert lead["email"] is None
    assert "email_kind" not in lead["profile"]
    (consent,) = lead["consents"]
    assert consent["granted"] is False


def test_declining_the_email_ends_the_form_without_a_consent_question(
    assistant: Assistant,
) -> None:
    sender = "en-noemail"
    replies = say(
        assistant,
        sender,
        "We need to automate our email follow-ups",
        "marketing manager",
        "Brightwave",
        "about 60",
        "in 6 months",
        "around 20k a year",
        "I'd rather not say",
    )
    assert "noted everything" in replies[-1][0]
    assert not any("agree" in t for turn in replies for t in turn)
    assert lead_of(assistant, sender)["consents"] == []
