"""Roles are checked on the server: an SDR reads but cannot erase or export; a marketer
exports the list but cannot erase; an admin erases, after a confirmation step."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import ADMIN_TOKEN
from tests.console.conftest import USERS, sign_in


@pytest.mark.parametrize("role", ["sdr", "marketer"])
def test_only_an_admin_can_erase_or_export_a_lead(console: TestClient, role: str) -> None:
    csrf = sign_in(console, USERS[role])
    assert console.get("/console/leads/1").status_code == 200
    assert 'id="erase"' not in console.get("/console/leads/1").text  # no button either
    assert console.get("/console/leads/1/erase").status_code == 403
    assert console.get("/console/leads/1/export").status_code == 403
    refused = console.post("/console/leads/1/erase", data={"csrf": csrf})
    assert refused.status_code == 403
    assert "Your role does not allow this" in refused.text
    assert console.get("/console/leads/1").status_code == 200  # still there


def test_an_sdr_cannot_export_the_list_a_marketer_can(console: TestClient) -> None:
    sign_in(console, USERS["sdr"])
    assert console.get("/console/leads.csv").status_code == 403
    console.cookies.clear()
    sign_in(console, USERS["marketer"])
    assert console.get("/console/leads.csv").status_code == 200


def test_an_admin_erases_a_lead_after_confirming(console: TestClient) -> None:
    csrf = sign_in(console, USERS["admin"])
    confirm = console.get("/console/leads/2/erase")
    assert confirm.status_code == 200
    assert "cannot be undone" in confirm.text
    done = console.post("/console/leads/2/erase", data={"csrf": csrf}, follow_redirects=False)
    assert done.status_code == 303
    assert done.headers["location"] == "/console/leads?erased=2"
    assert "Lead #2 was erased" in console.get(done.headers["location"]).text
    assert console.get("/console/leads/2").status_code == 404
    api = console.get("/api/leads/2", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    assert api.status_code == 404


def test_an_admin_downloads_the_gdpr_export(console: TestClient) -> None:
    sign_in(console, USERS["admin"])
    response = console.get("/console/leads/3/export")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="lead-3.json"'
    body = response.json()
    assert body["lead"]["id"] == 3
    assert "messages" in body


def test_the_admin_token_still_opens_the_api_but_not_the_console(console: TestClient) -> None:
    auth = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    assert console.get("/api/leads/1", headers=auth).status_code == 200
    assert console.get("/console/leads", headers=auth, follow_redirects=False).status_code == 303


@pytest.mark.parametrize("lead", ["0", "abc", "9" * 5000, "2147483648", "-1"])
def test_a_lead_address_that_names_no_lead_is_a_404(console: TestClient, lead: str) -> None:
    sign_in(console, USERS["admin"])
    assert console.get(f"/console/leads/{lead}").status_code == 404
    assert console.get(f"/console/leads/{lead}/export").status_code == 404
