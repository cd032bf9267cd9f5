"""POST /api/events: storage, idempotency, rescoring, validation; scores in the lead API."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.errors import ConfigurationError
from bot.settings import Settings
from channels.web import plugin as web
from scoring import DEFAULT_RULES_PATH
from tests.conftest import ADMIN_TOKEN
from tests.unit.fake_engine import FakeEngine
from tests.unit.visitors import as_visitor

AUTH = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings, channels=[web], engine_transport=FakeEngine().transport)
    with TestClient(app) as c:
        yield c


def event(client: TestClient, **body: Any) -> Any:
    """The team's systems (admin token) report an event; the widget's own page views are in
    tests/security/test_visitor_identity.py."""
    return client.post("/api/events", json=body, headers=AUTH)


def test_a_visitor_event_creates_an_anonymous_lead_and_scores_it(client: TestClient) -> None:
    body = event(client, sender="visitor-7", type="pricing_page_view").json()
    assert (body["scored"], body["score"], body["stage"], body["duplicate"]) == (
        True,
        3,
        "visitor",
        False,
    )
    lead = client.get(f"/api/leads/{body['lead_id']}", headers=AUTH).json()
    assert lead["scores"]["pain"] == pytest.approx(3, abs=0.01)
    assert lead["scores"]["breakdown"][0]["signal"] == "pricing_page_view"
    assert lead["scores"]["breakdown"][0]["source"] == "event:api"


def test_the_visitor_events_and_chat_share_one_lead(client: TestClient) -> None:
    chat = client.post(
        "/api/chat", json={"text": "hello"}, headers=as_visitor(client, "v-1")
    ).json()
    ev = event(client, sender="v-1", type="webinar_signup").json()
    assert ev["lead_id"] == chat["lead_id"]


def test_the_same_idempotency_key_twice_is_a_no_op(client: TestClient) -> None:
    first = event(client, sender="v", type="demo_request", idempotency_key="k-1").json()
    again = event(client, sender="v", type="demo_request", idempotency_key="k-1").json()
    assert again == {**first, "duplicate": True}
    lead = client.get(f"/api/leads/{first['lead_id']}", headers=AUTH).json()
    assert len(lead["events"]) == 1


def test_unknown_and_trivial_types_are_stored_and_score_nothing(client: TestClient) -> None:
    made_up = event(client, sender="v", type="watched_cat_video").json()
    trivial = event(client, sender="v", type="page_view", properties={"path": "/"}).json()
    assert (made_up["scored"], trivial["scored"], trivial["score"]) == (False, False, 0)
    lead = client.get(f"/api/leads/{made_up['lead_id']}", headers=AUTH).json()
    assert [e["type"] for e in lead["events"]] == ["watched_cat_video", "page_view"]


def test_old_behaviour_counts_for_less(client: TestClient) -> None:
    month_ago = (datetime.now(UTC) - timedelta(days=30)).isoformat()
    body = event(client, sender="v", type="webinar_signup", occurred_at=month_ago).json()
    assert body["score"] == pytest.approx(3, abs=0.05)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"type": "demo_request"}, "give exactly one of lead_id or sender"),
        ({"sender": "v", "lead_id": 1, "type": "demo_request"}, "exactly one"),
        ({"sender": "v", "type": "Demo Request"}, "snake_case"),
        ({"sender": "v"}, "type: Field required"),
        ({"sender": "v", "type": "demo_request", "occurred_at": "2999-01-01T00:00:00Z"}, "future"),
        ({"sender": "v", "type": "demo_request", "occurred_at": "yesterday"}, "occurred_at"),
    ],
)
def test_bad_events_get_a_422_that_says_what_is_wrong(
    client: TestClient, body: dict[str, Any], message: str
) -> None:
    response = client.post("/api/events", json=body, headers=AUTH)
    assert response.status_code == 422
    assert message in response.json()["error"]


def test_events_by_lead_id_need_the_admin_token(client: TestClient) -> None:
    lead_id = event(client, sender="v", type="page_view").json()["lead_id"]
    anonymous = client.post("/api/events", json={"lead_id": lead_id, "type": "demo_request"})
    assert anonymous.status_code == 401
    ok = client.post("/api/events", json={"lead_id": lead_id, "type": "demo_request"}, headers=AUTH)
    assert ok.json()["score"] == 15
    missing = client.post("/api/events", json={"lead_id": 999, "type": "x"}, headers=AUTH)
    assert missing.status_code == 404


def test_a_batch_imports_events_and_lists_leads_hottest_first(client: TestClient) -> None:
    # 15 + 10 + 15 + 6 + 5 + 3 + 5 x 8 = 94 points: over the default threshold of 70.
    types = [
        "demo_request",
        "contact_form",
        "product_signup",
        "webinar_signup",
        "whitepaper_download",
        "pricing_page_view",
    ] + ["product_usage"] * 5
    events = [
        {"sender": "hot", "type": t, "idempotency_key": f"hot-{i}"} for i, t in enumerate(types)
    ] + [{"sender": "cold", "type": "pricing_page_view"}]
    assert client.post("/api/events/batch", json={"events": events}).status_code == 401
    results = client.post("/api/events/batch", json={"events": events}, headers=AUTH).json()
    assert len(results) == len(events)
    hot_id, cold_id = results[0]["lead_id"], results[-1]["lead_id"]

    listed = client.get("/api/leads", headers=AUTH).json()
    assert [lead["id"] for lead in listed][:2] == [hot_id, cold_id]
    ready = client.get("/api/leads?sdr_ready=true", headers=AUTH).json()
    assert [lead["id"] for lead in ready] == [hot_id]
    assert ready[0]["stage"] == "visitor"  # anonymous until they identify themselves


def test_a_batch_over_the_limit_is_refused(client: TestClient, settings: Settings) -> None:
    events = [{"sender": "v", "type": "page_view"}] * (settings.max_events_per_batch + 1)
    response = client.post("/api/events/batch", json={"events": events}, headers=AUTH)
    assert response.status_code == 413


def test_a_bad_rules_file_stops_the_app_with_a_clear_error(
    settings: Settings, tmp_path: Path
) -> None:
    data = yaml.safe_load(DEFAULT_RULES_PATH.read_text())
    data["decay"]["half_life_days"] = -3
    rules = tmp_path / "rules.yml"
    rules.write_text(yaml.safe_dump(data))
    with pytest.raises(
        ConfigurationError, match=r"SCORING_RULES: .*rules.yml: decay.half_life_days: must be"
    ):
        create_app(settings.model_copy(update={"scoring_rules": rules}), channels=[])


def test_the_extract_api_returns_what_the_cli_prints(client: TestClient) -> None:
    body = {"text": "Je suis DG de Solvane, 45 salariés", "lang": "auto", "today": "2026-11-24"}
    assert client.post("/api/nlu/extract", json=body).status_code == 401  # team only
    admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    facts = client.post("/api/nlu/extract", json=body, headers=admin).json()
    assert (facts["job_title"], facts["role"], facts["company"], facts["company_size"]) == (
        "DG",
        "decision_maker",
        "Solvane",
        45,
    )
    assert client.post("/api/nlu/extract", json={"text": ""}, headers=admin).status_code == 422
    too_long = client.post("/api/nlu/extract", json={"text": "x" * 501}, headers=admin)
    assert too_long.status_code == 413


def test_every_score_change_is_kept_as_history(client: TestClient) -> None:
    first = event(client, sender="visitor-h", type="demo_request").json()
    event(client, sender="visitor-h", type="pricing_page_view")
    event(client, sender="visitor-h", type="page_view")  # trivial: no history row
    lead = client.get(f"/api/leads/{first['lead_id']}", headers=AUTH).json()
    history = [(c["signal"], c["points"], c["source"]) for c in lead["score_history"]]
    assert history == [
        ("demo_request", 15, "event:demo_request"),
        ("pricing_page_view", 3, "event:pricing_page_view"),
    ]
    # Summing the history gives the raw points; the breakdown shows them after decay.
    assert sum(c["points"] for c in lead["score_history"]) == 18
    assert lead["scores"]["total"] == pytest.approx(18, abs=0.01)
