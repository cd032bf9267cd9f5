"""The handoff card in Block Kit: everything a rep needs to act, and the buttons to act.
Pure: data in, blocks out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

VERDICT_LABELS = {
    "yes": "Yes: qualified",
    "maybe": "Maybe: back to nurturing",
    "no": "No: disqualified",
}
MAX_TRANSCRIPT = 6
MAX_TEXT = 280


@dataclass(frozen=True)
class CardData:
    handoff_id: int
    lead_id: int
    reason: str  # sdr_ready | requested | demo_request | quote_request | engine_down
    status: str
    channel: str
    lead_url: str
    email: str | None = None
    phone: str | None = None  # kept with the prospect's consent (asked to be called)
    call_when: str | None = None  # when they want the call, as said ("thursday afternoon")
    job_title: str | None = None
    role: str | None = None
    company: str | None = None
    company_size: int | None = None
    seats: int | None = None  # users to equip, when a quote said so
    budget: str | None = None
    need: str | None = None
    use_case: str | None = None
    timeline: str | None = None
    score: float = 0.0
    fit: float = 0.0
    pain: float = 0.0
    top_signals: list[tuple[str, float]] = field(default_factory=list)
    transcript: list[tuple[str, str]] = field(default_factory=list)  # (who, text)
    claimed_by: str | None = None
    verdict: str | None = None


def _clip(text: str, limit: int = MAX_TEXT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def escape(text: str) -> str:
    """Prospects' words are shown as text, never as Slack markup or mentions."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def headline(card: CardData) -> str:
    who = card.email or card.company or f"lead #{card.lead_id}"
    if card.reason == "requested":
        return f"A prospect asked to talk to a person: {who}"
    if card.reason == "demo_request":
        return f"A prospect asked for a demo: {who}"
    if card.reason == "quote_request":
        return f"A prospect asked for a quote: {who}"
    if card.reason == "engine_down":
        return f"The assistant could not answer this prospect for a while: {who} needs a reply"
    return f"Hot lead, SDR-ready: {who} (score {card.score:.0f})"


def build_blocks(card: CardData) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": _clip(headline(card), 150)}},
        {"type": "section", "fields": [{"type": "mrkdwn", "text": f} for f in _fields(card)]},
        {"type": "section", "text": {"type": "mrkdwn", "text": _score_text(card)}},
        {"type": "section", "text": {"type": "mrkdwn", "text": _summary(card)}},
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": f"*Last messages*\n{_transcript(card)}"},
        },
    ]
    status = _status(card)
    if status:
        blocks.append(
            {"type": "context", "elements": [{"type": "mrkdwn", "text": "  ·  ".join(status)}]}
        )
    blocks.append(
        {"type": "actions", "block_id": f"handoff-{card.handoff_id}", "elements": _buttons(card)}
    )
    return blocks


def _shown(v: object) -> str:
    return escape(str(v)) if v not in (None, "") else "—"


def _fields(card: CardData) -> list[str]:
    """Who the prospect is, and their budget, authority, need and timeline."""
    size = f"{card.company_size} employees" if card.company_size else None
    return [
        f"*Email*\n{_shown(card.email)}",
        *([_phone(card)] if card.phone or card.call_when else []),
        f"*Job title*\n{_shown(card.job_title)}",
        f"*Company*\n{_shown(card.company)}",
        f"*Size*\n{_shown(size)}",
        *([f"*Seats*\n{_shown(card.seats)} users"] if card.seats else []),  # at most 10 fields
        f"*Budget*\n{_shown(card.budget)}",
        f"*Authority*\n{_shown((card.role or '').replace('_', ' ') or None)}",
        f"*Need*\n{_shown(_clip(card.need or '', 150) or None)}",
        f"*Timeline*\n{_shown(card.timeline)}",
    ]


def _phone(card: CardData) -> str:
    """The number to call and when the prospect asked for the call (or the demo)."""
    when = f"\nWhen: {_shown(_clip(card.call_when, 60))}" if card.call_when else ""
    return f"*Phone*\n{_shown(card.phone)}{when}"


def _score_text(card: CardData) -> str:
    signals = ", ".join(f"{name} {points:+.0f}" for name, points in card.top_signals) or "—"
    return (
        f"*Score {card.score:.0f}* (fit {card.fit:.0f} + pain {card.pain:.0f}). "
        f"Top signals: {escape(signals)}"
    )


def _summary(card: CardData) -> str:
    return (
        f"Use case: *{card.use_case.replace('_', ' ')}*. " if card.use_case else ""
    ) + f"Talking on *{card.channel}*. <{card.lead_url}|Lead #{card.lead_id} in the console>"


def _transcript(card: CardData) -> str:
    return (
        "\n".join(
            f"*{escape(who)}:* {escape(_clip(text))}"
            for who, text in card.transcript[-MAX_TRANSCRIPT:]
        )
        or "—"
    )


def _status(card: CardData) -> list[str]:
    """Where the handoff stands: claimed, judged, back with the bot."""
    status = []
    if card.claimed_by:
        status.append(f":raising_hand: Claimed by <@{card.claimed_by}>")
    if card.verdict:
        status.append(f":white_check_mark: Verdict: *{VERDICT_LABELS[card.verdict]}*")
    if card.status == "returned":
        status.append(":robot_face: Back with the bot")
    if card.status == "withdrawn":
        status.append(":no_entry_sign: Withdrawn: the prospect asked not to be contacted")
    return status


def _buttons(card: CardData) -> list[dict[str, Any]]:
    """The actions still open: claim, the verdicts not yet given, return to bot."""
    buttons: list[dict[str, Any]] = []
    if card.status == "withdrawn":
        return buttons  # nobody is to follow it up
    if not card.claimed_by:
        buttons.append(_button("Claim", "handoff_claim", card.handoff_id, style="primary"))
    for verdict, label in (("yes", "Yes"), ("maybe", "Maybe"), ("no", "No")):
        if card.verdict != verdict:
            buttons.append(
                _button(
                    label,
                    f"handoff_verdict_{verdict}",
                    card.handoff_id,
                    style="danger" if verdict == "no" else None,
                )
            )
    if card.status != "returned":
        buttons.append(_button("Return to bot", "handoff_return", card.handoff_id))
    return buttons


def _button(
    text: str, action_id: str, handoff_id: int, *, style: str | None = None
) -> dict[str, Any]:
    button: dict[str, Any] = {
        "type": "button",
        "action_id": action_id,
        "value": str(handoff_id),
        "text": {"type": "plain_text", "text": text},
    }
    if style:
        button["style"] = style
    return button
