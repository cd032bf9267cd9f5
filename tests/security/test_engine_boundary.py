"""Issue 13, items 1, 8 (/webhook) and 10: the custom-action endpoint is the engine's, not
the public's.

Replayed as an outsider on the public port: a forged action call that rewrites another
visitor's lead (email, a forged consent), the same call sent cross-site as `text/plain`,
the action list, malformed action calls (500s before), a prospect's own metadata trying
to name another lead, and the API documentation in production. The fast tests run the app
with a fake engine; the last ones replay the attack against the real assistant and check
that the real engine's calls still get through (`integration`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.engine.process import ENGINE_ACTIONS
from bot.settings import Settings
from channels.web import plugin as web
from tests.assistant import Assistant
from tests.conftest import ADMIN_TOKEN
from tests.unit.fake_engine import FakeEngine
from tests.unit.visitors import as_visitor

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
VICTIM = "victim-visitor-5b1f"
ATTACKER = "attacker-visitor-77c0"


@pytest.fixture
def engine() -> FakeEngine:
    return FakeEngine()


@pytest.fixture
def client(settings: Settings, engine: FakeEngine) -> Iterator[TestClient]:
    app = create_app(settings, [web], engine_transport=engine.transport)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def engine_headers(settings: Settings) -> dict[str, str]:
    """What the engine sends (bot/engine/process.py writes it into endpoints.yml)."""
    return {"Authorization": f"Bearer {settings.derived_secret(ENGINE_ACTIONS)}"}


def forged_call(lead_id: int, text: str, *, consent: bool = True) -> dict[str, Any]:
    """The attack of the issue: a tracker the caller writes, naming the victim's lead."""
    return {
        "next_action": "action_extract_facts",
        "sender_id": "forged",
        "version": "3.6.21",
        "domain": {"slots": {}},
        "tracker": {
            "sender_id": "forged",
            "slots": {"contact_consent": consent, "language": "en"},
            "latest_message": {
                "text": text,
                "intent": {"name": "inform"},
                "entities": [],
                "metadata": {"lead_id": lead_id, "language": "en", "channel": "web"},
            },
            "events": [],
            "active_loop": {},
            "latest_action_name": "action_listen",
        },
    }


def victim_lead(client: TestClient) -> int:
    response = client.post(
        "/api/chat",
        json={"sender": VICTIM, "text": "Hello there"},
        headers=as_visitor(client, VICTIM),
    )
    assert response.status_code == 200, response.text
    return int(response.json()["lead_id"])


def lead(client: TestClient, lead_id: int) -> dict[str, Any]:
    body: dict[str, Any] = client.get(f"/api/leads/{lead_id}", headers=ADMIN).json()
    return body


FORGED_TEXT = "my email is attacker@evil.example, we are 5000 people, budget 1M€"


# ---------- item 1: the forged action call ----------


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic Zm9vOmJhcg=="}],
    ids=["no token", "wrong token", "other scheme"],
)
def test_a_forged_action_call_cannot_rewrite_a_lead(
    client: TestClient, headers: dict[str, str]
) -> None:
    victim = victim_lead(client)
    before = lead(client, victim)

    response = client.post("/webhook", json=forged_call(victim, FORGED_TEXT), headers=headers)

    assert response.status_code == 401
    assert "error" in response.json()
    after = lead(client, victim)
    assert after["email"] == before["email"] is None
    assert after["profile"] == before["profile"]
    assert after["score"] == before["score"]


def test_the_engines_token_still_runs_the_action(client: TestClient, settings: Settings) -> None:
    victim = victim_lead(client)
    response = client.post(
        "/webhook", json=forged_call(victim, FORGED_TEXT), headers=engine_headers(settings)
    )
    assert response.status_code == 200, response.text
    assert lead(client, victim)["email"] == "attacker@evil.example"  # the engine may


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", None],
)
def test_a_cross_site_request_cannot_drive_the_endpoint(
    client: TestClient, settings: Settings, content_type: str | None
) -> None:
    """A page on any site can POST text/plain (no preflight) from a visitor's browser;
    even with the token (it cannot have it) such a body is refused."""
    import json

    victim = victim_lead(client)
    headers = {"Origin": "https://evil.example", **engine_headers(settings)}
    if content_type:
        headers["Content-Type"] = content_type
    body = json.dumps(forged_call(victim, FORGED_TEXT)).encode()
    response = client.post("/webhook", content=body, headers=headers)
    assert response.status_code == 415
    assert lead(client, victim)["email"] is None
    # ...and without the token, as a browser would send it:
    del headers["Authorization"]
    assert client.post("/webhook", content=body, headers=headers).status_code in (401, 415)


def test_the_action_list_needs_the_engines_token(client: TestClient, settings: Settings) -> None:
    assert client.get("/webhook/actions").status_code == 401
    listed = client.get("/webhook/actions", headers=engine_headers(settings))
    assert listed.status_code == 200
    assert "action_extract_facts" in [a["name"] for a in listed.json()]


def test_the_engine_config_sends_the_token_in_a_header_in_a_private_file(
    settings: Settings,
) -> None:
    import yaml

    from bot.engine.process import write_engine_config

    endpoints, _ = write_engine_config(settings)
    action = yaml.safe_load(endpoints.read_text())["action_endpoint"]
    assert action["headers"] == engine_headers(settings)
    assert "token" not in action  # a query token would be written in access logs
    assert endpoints.stat().st_mode & 0o077 == 0


# ---------- item 8 (/webhook): malformed action calls ----------

MALFORMED = {
    "no tracker": {"next_action": "action_extract_facts"},
    "tracker a list": {"next_action": "action_extract_facts", "tracker": []},
    "tracker a string": {"next_action": "action_extract_facts", "tracker": "x"},
    "latest_message a list": {
        "next_action": "action_extract_facts",
        "tracker": {"latest_message": [1]},
    },
    "metadata a string": {
        "next_action": "action_extract_facts",
        "tracker": {"latest_message": {"text": "hi", "metadata": "x"}},
    },
    "metadata a list": {
        "next_action": "action_extract_facts",
        "tracker": {"latest_message": {"text": "hi", "metadata": [1, 2]}},
    },
    "text a number": {
        "next_action": "action_extract_facts",
        "tracker": {"latest_message": {"text": 5}},
    },
    "slots a list": {"next_action": "action_extract_facts", "tracker": {"slots": [1]}},
    "no sender_id": {"next_action": "action_extract_facts", "tracker": {}},
    "active_loop a string": {
        "next_action": "action_extract_facts",
        "tracker": {"sender_id": "s", "active_loop": "form"},
    },
    "no next_action": {"tracker": {"sender_id": "s"}},
    "next_action a number": {"next_action": 7, "tracker": {"sender_id": "s"}},
    "domain a list": {
        "next_action": "action_extract_facts",
        "tracker": {"sender_id": "s"},
        "domain": [],
    },
}


@pytest.mark.parametrize("call", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_action_call_is_a_clear_400(
    client: TestClient, settings: Settings, call: dict[str, Any]
) -> None:
    response = client.post("/webhook", json=call, headers=engine_headers(settings))
    assert response.status_code == 400, response.text
    assert response.json()["error"]


def test_the_actions_read_at_most_max_message_chars(client: TestClient, settings: Settings) -> None:
    """The chat routes cap a message at MAX_MESSAGE_CHARS; the action path does too, so a
    huge tracker text is never extracted from in full."""
    victim = victim_lead(client)
    padding = "x " * settings.max_message_chars
    call = forged_call(victim, padding + "my email is late@far.example")
    response = client.post("/webhook", json=call, headers=engine_headers(settings))
    assert response.status_code == 200, response.text
    assert lead(client, victim)["email"] is None


# ---------- item 8: a prospect's metadata never names the lead the engine acts on ----------


def test_a_prospects_metadata_cannot_name_another_lead(
    client: TestClient, engine: FakeEngine
) -> None:
    victim = victim_lead(client)
    response = client.post(
        "/api/chat",
        json={
            "sender": ATTACKER,
            "text": "Hello, my email is me@attacker.example",
            "metadata": {
                "lead_id": victim,
                "channel": "slack",
                "language": "de",
                "lead": victim,
                "language_hint": "de",
            },
        },
        headers=as_visitor(client, ATTACKER),
    )
    assert response.status_code == 200, response.text
    own = int(response.json()["lead_id"])
    assert own != victim
    sent = engine.received[-1]["metadata"]
    assert sent == {"channel": "web", "language": "en", "lead_id": own, "noise": False}


# ---------- item 10: the API documentation in production ----------


def production(settings: Settings, **extra: Any) -> Settings:
    return settings.model_copy(
        update={"environment": "production", "secret_key": settings.secret_key, **extra}
    )


@pytest.mark.parametrize("path", ["/docs", "/redoc", "/openapi.json", "/docs/oauth2-redirect"])
def test_the_api_documentation_is_off_in_production(settings: Settings, path: str) -> None:
    app = create_app(production(settings), [], engine_transport=FakeEngine().transport)
    with TestClient(app) as c:
        assert c.get(path).status_code == 404
        assert c.get("/health").status_code == 200


def test_api_docs_turns_it_on_in_production(settings: Settings) -> None:
    app = create_app(
        production(settings, api_docs=True), [], engine_transport=FakeEngine().transport
    )
    with TestClient(app) as c:
        assert c.get("/openapi.json").status_code == 200
        assert c.get("/docs").status_code == 200


def test_the_api_documentation_stays_on_outside_production(client: TestClient) -> None:
    assert client.get("/openapi.json").status_code == 200
    assert client.get("/docs").status_code == 200


# ---------- the real assistant: the attack refused, the engine's calls accepted ----------


@pytest.mark.integration
def test_the_real_assistant_refuses_a_forged_action_call(assistant: Assistant) -> None:
    victim = assistant.chat("boundary-victim", "Hello")["lead_id"]
    assert isinstance(victim, int)
    forged = httpx.post(
        f"{assistant.url}/webhook", json=forged_call(victim, FORGED_TEXT), timeout=10
    )
    assert forged.status_code == 401
    cross_site = httpx.post(
        f"{assistant.url}/webhook",
        content=b'{"next_action": "action_extract_facts", "tracker": {}}',
        headers={"Content-Type": "text/plain", "Origin": "https://evil.example"},
        timeout=10,
    )
    assert cross_site.status_code in (401, 415)
    assert httpx.get(f"{assistant.url}/webhook/actions", timeout=10).status_code == 401
    assert assistant.lead(victim)["email"] is None

    # The engine's own calls carry the token: facts still reach the lead.
    assistant.chat("boundary-honest", "Hi, we are 250 people")
    honest = assistant.chat("boundary-honest", "our budget is 40k€ per year")
    profile = assistant.lead(honest["lead_id"])["profile"]
    assert isinstance(profile, dict)
    assert profile.get("company_size") == 250
