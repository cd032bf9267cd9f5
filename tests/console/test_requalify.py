"""An admin can clear a lead's disqualification from its page (CSRF-checked, admins only)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from bot.db.models import Lead
from bot.services import services_of
from tests.console.conftest import USERS, sign_in


def _disqualify(console: TestClient) -> int:
    services = services_of(console.app.state)  # type: ignore[attr-defined]

    async def go() -> int:
        async with services.sessions() as session, session.begin():
            lead = Lead(profile={"job_title": "CMO", "disqualified": "student"})
            session.add(lead)
            await session.flush()
            return lead.id

    return int(console.portal.call(go))  # type: ignore[union-attr]


def _profile(console: TestClient, lead_id: int) -> dict[str, object]:
    services = services_of(console.app.state)  # type: ignore[attr-defined]

    async def go() -> dict[str, object]:
        async with services.sessions() as session:
            return dict((await session.get_one(Lead, lead_id)).profile)

    return console.portal.call(go)  # type: ignore[union-attr]


def test_an_admin_clears_a_disqualification(console: TestClient) -> None:
    lead_id = _disqualify(console)
    csrf = sign_in(console, USERS["admin"])
    assert 'id="requalify"' in console.get(f"/console/leads/{lead_id}").text
    forged = console.post(f"/console/leads/{lead_id}/requalify", data={"csrf": "x"})
    assert forged.status_code == 403 and "disqualified" in _profile(console, lead_id)
    done = console.post(
        f"/console/leads/{lead_id}/requalify", data={"csrf": csrf}, follow_redirects=False
    )
    assert done.status_code == 303
    assert _profile(console, lead_id) == {"job_title": "CMO"}
    assert 'id="requalify"' not in console.get(f"/console/leads/{lead_id}").text


def test_an_sdr_cannot_clear_it(console: TestClient) -> None:
    lead_id = _disqualify(console)
    csrf = sign_in(console, USERS["sdr"])
    assert 'id="requalify"' not in console.get(f"/console/leads/{lead_id}").text
    refused = console.post(f"/console/leads/{lead_id}/requalify", data={"csrf": csrf})
    assert refused.status_code == 403 and "disqualified" in _profile(console, lead_id)
