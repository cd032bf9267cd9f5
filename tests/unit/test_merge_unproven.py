"""A stranger who types a known lead's email is merged into that lead, but cannot
disqualify it nor overwrite its facts: anyone can type an address (bot/leads/merge.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from actions.profile import FactUpdate
from bot.app import create_app
from bot.db.models import Lead
from bot.leads.merge import merged_profile
from bot.services import Services, services_of
from bot.settings import Settings
from channels.web import plugin as web
from tests.unit.fake_engine import FakeEngine

REAL = {
    "job_title": "CMO",
    "company_size": 200,
    "budget_max": 50000,
    "timeline_months": 2,
    "need": "more leads",
}
EMAIL = "cmo@bigcorp.com"


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings, channels=[web], engine_transport=FakeEngine().transport)
    with TestClient(app) as c:
        yield c


def _run(client: TestClient, scenario: Any) -> Any:
    services = services_of(client.app.state)  # type: ignore[attr-defined]
    return client.portal.call(scenario, services)  # type: ignore[union-attr]


async def _two_leads(services: Services) -> tuple[int, int]:
    async with services.sessions() as session, session.begin():
        real, stranger = Lead(profile={}), Lead(profile={})
        session.add_all([real, stranger])
        await session.flush()
        ids = real.id, stranger.id
    await services.lead_facts.record(
        ids[0],
        FactUpdate(profile=REAL, email=EMAIL, email_kind="business", consent=True),
    )
    return ids


def test_a_stranger_giving_a_known_email_cannot_disqualify_the_lead(client: TestClient) -> None:
    async def scenario(services: Services) -> tuple[Any, Any, dict[str, Any]]:
        real, stranger = await _two_leads(services)
        before = await services.lead_facts.status(real)
        claimed = {"disqualified": "student", "job_title": "student", "company_size": 1}
        update = FactUpdate(profile=claimed, email=EMAIL, email_kind="business", consent=True)
        await services.lead_facts.record(stranger, update)
        # and again, in the stranger's next message (the conversation now leads to `real`)
        await services.lead_facts.record(stranger, FactUpdate(profile={"disqualified": "x"}))
        after = await services.lead_facts.status(real)
        async with services.sessions() as session:
            lead = await session.get_one(Lead, real)
            absorbed = await session.get_one(Lead, stranger)
            assert absorbed.merged_into_id == real  # still one person, one lead
            return before, after, dict(lead.profile)

    before, after, profile = _run(client, scenario)
    assert "disqualified" not in profile
    assert {k: profile[k] for k in REAL} == REAL  # the facts on file stand
    assert after.sdr_ready == before.sdr_ready and after.score >= before.score


def test_a_proven_merge_still_takes_the_newer_facts() -> None:
    older = {"job_title": "CMO", "declined": ["budget"]}
    newer = {"job_title": "CEO", "disqualified": "student", "declined": ["phone"]}
    assert merged_profile(older, newer) == {
        "job_title": "CEO",
        "disqualified": "student",
        "declined": ["budget", "phone"],
    }
    assert merged_profile(older, newer | {"need": "x"}, proven=False) == older | {"need": "x"}
