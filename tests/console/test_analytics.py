"""The analytics page: the funnel and speed to lead, counted from the handoffs and stages."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from bot.console.analytics import bucket
from bot.db.models import Handoff, Identity, Lead
from bot.services import services_of
from tests.console.conftest import USERS, sign_in

DAY = datetime(2025, 3, 4, 10, 0, tzinfo=UTC)


def test_speed_to_lead_buckets_are_the_ones_sales_research_uses() -> None:
    assert [bucket(m) for m in (0, 4.9, 5, 59, 60, 24 * 60 - 1, 24 * 60, None)] == [
        "under_5_min", "under_5_min", "under_1_h", "under_1_h", "under_24_h", "under_24_h",
        "more", "unclaimed",
    ]  # fmt: skip


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
