"""The analytics page: the funnel and speed to lead, counted from the handoffs and stages, and
the content questions."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from bot.console.analytics import MAX_PERIOD_DAYS, Period, bucket
from bot.db.models import ContentQuestion, Handoff, Identity, Lead
from bot.leads.questions import normalised
from bot.services import services_of
from tests.console.conftest import USERS, sign_in

DAY = datetime(2025, 3, 4, 10, 0, tzinfo=UTC)


def test_speed_to_lead_buckets_are_the_ones_sales_research_uses() -> None:
    assert [bucket(m) for m in (0, 4.9, 5, 59, 60, 24 * 60 - 1, 24 * 60, None)] == [
        "under_5_min", "under_5_min", "under_1_h", "under_1_h", "under_24_h", "under_24_h",
        "more", "unclaimed",
    ]  # fmt: skip


def test_a_period_out_of_range_is_bounded_not_an_error() -> None:
    today = DAY.date()
    far = Period.parse({"from": "0001-01-01", "to": "9999-12-31", "by": "day"}, today)
    assert far.end == today + timedelta(days=1)
    assert far.end - far.start == timedelta(days=MAX_PERIOD_DAYS)
    assert far.until > far.since
    early = Period.parse({"to": "0001-01-01"}, today)
    assert early.start <= early.end and early.end.year == 1970


def test_the_analytics_page_takes_absurd_dates(console: TestClient) -> None:
    sign_in(console, USERS["sdr"])
    for query in ("from=0001-01-01&to=9999-12-31&by=week", "to=0001-01-01", "to=9999-12-31"):
        assert console.get(f"/console/analytics?{query}").status_code == 200, query


def _add(client: TestClient, *, claim_minutes: float | None, verdict: str | None) -> None:
    services = services_of(client.app.state)  # type: ignore[attr-defined]
    now = DAY  # long before the demo leads (the last 90 days)

    async def add() -> None:
        async with services.sessions() as session, session.begin():
            lead = Lead(stage="sdr_ready", email="x@acme.example", language="en", created_at=now)
            session.add(lead)
            await session.flush()
            session.add(Identity(channel="telegram", external_id=f"t-{lead.id}", lead_id=lead.id))
            claimed = now + timedelta(minutes=claim_minutes) if claim_minutes is not None else None
            session.add(
                Handoff(lead_id=lead.id, reason="sdr_ready", created_at=now, claimed_at=claimed,
                        status="claimed" if claimed else "open", verdict=verdict)
            )  # fmt: skip

    client.portal.call(add)  # type: ignore[union-attr]


def _total_row(html: str, table: str) -> list[str]:
    body = html.split(f'id="{table}"')[1].split("</table>")[0]
    row = body.split('<tr class="total">')[1].split("</tr>")[0]
    return re.findall(r'<td class="num">(\d+)', row)


def test_the_funnel_and_speed_count_handoffs_claims_and_verdicts(console: TestClient) -> None:
    _add(console, claim_minutes=3, verdict="yes")
    _add(console, claim_minutes=90, verdict="no")
    _add(console, claim_minutes=None, verdict=None)
    sign_in(console, USERS["sdr"])
    page = console.get("/console/analytics?from=2025-03-04&to=2025-03-04&by=day").text
    # visitor, lead, MQL, SDR-ready, claimed, verdict yes, customer
    assert _total_row(page, "funnel-table") == ["3", "3", "3", "3", "2", "1", "0"]
    # under 5 min, under 1 h, under 24 h, more, unclaimed, median minutes to claim
    assert _total_row(page, "speed-table") == ["1", "0", "1", "0", "1", "46"]  # median 46.5
    assert ">46.5<" in page
    assert "<td>2025-03-04</td>" in page
    web_only = console.get("/console/analytics?from=2025-03-04&to=2025-03-04&channel=web").text
    assert _total_row(web_only, "funnel-table") == ["0"] * 7
    assert 'id="funnel-data"' in page and 'id="speed-data"' in page
    scores = page.split('id="scores-table"')[1].split("</table>")[0]
    assert re.findall(r'<td class="num">(\d+)', scores)[:2] == ["3", "0"]  # all three score 0
    languages = page.split('id="languages-table"')[1].split("</table>")[0]
    assert '<td>en</td><td class="num">3</td>' in languages
    channels = page.split('id="channels-table"')[1].split("</table>")[0]
    assert '<td>telegram</td><td class="num">3</td>' in channels


def test_the_analytics_page_needs_a_session(console: TestClient) -> None:
    assert console.get("/console/analytics", follow_redirects=False).status_code == 303


def _ask(client: TestClient, asked: list[tuple[str, str, str, bool, str | None]]) -> None:
    """Content questions of one lead: (words, channel, language, answered, top document)."""
    services = services_of(client.app.state)  # type: ignore[attr-defined]

    async def add() -> None:
        async with services.sessions() as session, session.begin():
            lead = Lead(stage="visitor", language="en", created_at=DAY)
            session.add(lead)
            await session.flush()
            for n, (text, channel, language, answered, document) in enumerate(asked):
                session.add(
                    ContentQuestion(lead_id=lead.id, channel=channel, language=language,
                                    question=text, normalised=normalised(text),
                                    answered=answered, confidence=0.8 if answered else 0.2,
                                    document_id=document, asked_at=DAY + timedelta(minutes=n))
                )  # fmt: skip

    client.portal.call(add)  # type: ignore[union-attr]


def _rows(html: str, table: str) -> list[list[str]]:
    body = html.split(f'id="{table}"')[1].split("</table>")[0].split("<tbody>")[1]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in body.split("</tr>")[:-1]]


def test_the_content_section_counts_the_most_asked_and_the_unanswered(
    console: TestClient,
) -> None:
    _ask(console, [
        ("How much is it?", "web", "en", True, "en/pricing"),
        ("how much is it", "web", "en", True, "en/pricing"),
        ("Do you have a mobile app?", "web", "en", False, "en/faq"),
        ("Avez-vous une application mobile ?", "telegram", "fr", False, None),
        ("Do you have a mobile app ?", "telegram", "en", False, "en/faq"),
        ("do you have a mobile app", "web", "en", False, "en/faq"),
        ("Is <b>SSO</b> included?", "web", "en", False, "en/security"),
    ])  # fmt: skip
    sign_in(console, USERS["marketer"])
    page = console.get("/console/analytics?from=2025-03-04&to=2025-03-04&by=day").text
    assert _total_row(page, "content-table") == ["7", "2", "5"]  # asked, answered, not
    assert _rows(page, "questions-table")[:2] == [
        ["Do you have a mobile app ?", "3", "0", "20 %", "Frequently asked questions"],
        ["How much is it?", "2", "2", "80 %", "Orbitly pricing and plans"],
    ]
    unanswered = _rows(page, "unanswered-table")
    assert [r[:2] for r in unanswered] == [
        ["Do you have a mobile app ?", "3"],
        ["Avez-vous une application mobile ?", "1"],
        ["Is &lt;b&gt;SSO&lt;/b&gt; included?", "1"],  # the prospect's words are text
    ]
    assert unanswered[1][-1] == "–"  # no document came near
    documents = _rows(page, "documents-table")
    assert [r[1:] for r in documents] == [["3", "0", "3"], ["2", "2", "0"], ["1", "0", "1"]]
    data = json.loads(page.split('id="content-data">')[1].split("</script>")[0])
    assert data["labels"] == ["2025-03-04"]
    assert [d["values"] for d in data["datasets"]] == [[2], [5]]
    french = console.get("/console/analytics?from=2025-03-04&to=2025-03-04&language=fr").text
    assert _total_row(french, "content-table") == ["1", "0", "1"]
    telegram = console.get("/console/analytics?from=2025-03-04&to=2025-03-04&channel=telegram")
    assert _total_row(telegram.text, "content-table") == ["2", "0", "2"]
    later = console.get("/console/analytics?from=2025-03-05&to=2025-03-06&lang=fr").text
    assert _total_row(later, "content-table") == ["0", "0", "0"]
    assert "Sans réponse : quoi écrire ensuite" in later and "Rien pour l&#39;instant." in later
