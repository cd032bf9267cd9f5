"""Behavioural events in the lead layer (bot/leads/events.py): an unknown lead is a domain
error, `LeadNotFound`, wherever it is met (the events API, an action of the conversation);
only the HTTP layer makes it a 404 (bot/api/errors.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.errors import LeadNotFound, ProspectError
from bot.leads.events import NewEvent, record_event
from bot.services import services_of
from bot.settings import Settings
from tests.conftest import ADMIN_TOKEN
from tests.unit.fake_engine import FakeEngine

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, [], engine_transport=FakeEngine().transport)) as c:
        yield c


def test_an_action_recording_an_event_for_an_unknown_lead_raises_a_domain_error(
    client: TestClient,
) -> None:
    facts = services_of(client.app.state).lead_facts  # type: ignore[attr-defined]

    async def record() -> None:
        await facts.record_event(424242, "webinar_signup", {}, idempotency_key="k-1")

    with pytest.raises(LeadNotFound, match="no lead with id 424242") as caught:
        client.portal.call(record)  # type: ignore[union-attr]
    # Callers catching the built-in class, or the project's root, still catch it.
    assert isinstance(caught.value, LookupError) and isinstance(caught.value, ProspectError)
    assert caught.value.lead_id == 424242


def test_the_domain_function_knows_nothing_of_http(client: TestClient) -> None:
    state = services_of(client.app.state)  # type: ignore[attr-defined]

    async def record() -> None:
        async with state.sessions() as session, session.begin():
            await record_event(session, state.scorer, NewEvent(type="x", lead_id=7))

    with pytest.raises(LeadNotFound):
        client.portal.call(record)  # type: ignore[union-attr]


def test_the_http_layer_answers_an_unknown_lead_with_a_404(client: TestClient) -> None:
    response = client.post("/api/events", json={"lead_id": 99999, "type": "demo"}, headers=ADMIN)
    assert response.status_code == 404
    assert response.json() == {"detail": "no lead with id 99999"}


def test_any_route_letting_lead_not_found_through_answers_404(client: TestClient) -> None:
    async def lost() -> None:
        raise LeadNotFound(5)

    client.app.add_api_route("/lost", lost)  # type: ignore[attr-defined]
    response = client.get("/lost")
    assert (response.status_code, response.json()) == (404, {"detail": "no lead with id 5"})
