"""The analytics page's nurturing section: per scenario and step, sends, replies, opt-outs
and leads moved up, in the period; the prospect's words never appear, names are escaped."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from fastapi.testclient import TestClient

from bot.db.models import Conversation, Identity, Lead, Message
from bot.db.nurture_models import NurtureEnrolment, NurtureOptOut, NurtureSend
from bot.services import services_of
from tests.console.conftest import USERS, console, sign_in  # noqa: F401

SENT = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)


def _seed(client: TestClient) -> None:
    services = services_of(client.app.state)  # type: ignore[attr-defined]

    async def add() -> None:
        async with services.sessions() as session, session.begin():
            for n, (stage, replied, opted) in enumerate(
                [("mql", True, False), ("lead", False, True), ("lead", False, False)]
            ):
                lead = Lead(stage=stage, language="en")
                session.add(lead)
                await session.flush()
                identity = Identity(channel="web", external_id=f"n-{n}", lead_id=lead.id)
                session.add(identity)
                await session.flush()
                conversation = Conversation(lead_id=lead.id, identity_id=identity.id, channel="web")
                enrolment = NurtureEnrolment(
                    lead_id=lead.id, scenario="guide-follow-up", key=f"g:{lead.id}",
                    trigger="event", step=3, due_at=SENT, created_at=SENT,
                )  # fmt: skip
                session.add_all([conversation, enrolment])
                await session.flush()
                session.add(
                    NurtureSend(
                        enrolment_id=enrolment.id, lead_id=lead.id, scenario="guide-follow-up",
                        step=1, kind="content", channel="web", stage_before="lead", sent_at=SENT,
                    )
                )  # fmt: skip
                if replied:
                    session.add(
                        Message(conversation_id=conversation.id, direction="inbound",
                                author="prospect", text="<i>secret words</i>",
                                status="answered", created_at=SENT.replace(hour=11))
                    )  # fmt: skip
                if opted:
                    session.add(
                        NurtureOptOut(lead_id=lead.id, at=SENT.replace(hour=12),
                                      wording="<i>stop</i>", channel="web")
                    )  # fmt: skip

    client.portal.call(add)  # type: ignore[union-attr]


def test_the_nurturing_section_counts_each_step(console: TestClient) -> None:  # noqa: F811
    _seed(console)
    sign_in(console, USERS["marketer"])
    html = console.get("/console/analytics?from=2026-11-01&to=2026-11-30").text
    table = html.split('id="nurture-table"')[1].split("</table>")[0]
    row = table.split("1 (content)")[1].split("</tr>")[0]
    assert re.findall(r'class="num">(\d+)<', row) == ["3", "1", "1", "1"]
    assert "secret words" not in html and "<i>stop</i>" not in html
    french = console.get(
        "/console/analytics?from=2026-11-01&to=2026-11-30", headers={"Accept-Language": "fr"}
    ).text
    assert "Nurturing : les séquences de relance" in french
    empty = console.get("/console/analytics?from=2026-10-01&to=2026-10-31").text
    assert "1 (content)" not in empty.split('id="nurture-table"')[1].split("</table>")[0]
