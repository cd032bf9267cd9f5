"""`GET /api/calibration` (admin token): the report the console's page and `prospect calibrate
--json` show, with the threshold changes."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from bot.console.cli import calibrate_command
from bot.services import services_of
from bot.settings import Settings
from tests.conftest import ADMIN_TOKEN
from tests.console.conftest import USERS, sign_in

AUTH = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def test_the_report_needs_the_admin_token(console: TestClient) -> None:
    assert console.get("/api/calibration").status_code == 401
    sign_in(console, USERS["admin"])  # a console session is no API token
    assert console.get("/api/calibration").status_code == 401


def test_the_report_and_the_changes(console: TestClient) -> None:
    before = console.get("/api/calibration", headers=AUTH)
    assert before.status_code == 200
    body = before.json()
    assert body["threshold"] == body["configured_threshold"] == 70
    assert body["target"] == {"low": 0.1, "high": 0.15} and body["min_sample"] == 30
    assert body["handed_off"] == body["bought"]["n"] > 0
    low, high = body["verdict_yes"]["ci95"]
    assert 0 <= low <= (body["verdict_yes"]["rate"] or 0) <= high <= 1
    assert body["reliability"] and body["changes"] == []
    csrf = sign_in(console, USERS["admin"])
    console.post("/console/calibration/apply", data={"csrf": csrf, "threshold": "75"})
    after = console.get("/api/calibration", headers=AUTH).json()
    assert after["threshold"] == 75 and after["configured_threshold"] == 70
    change = after["changes"][0]
    assert (change["action"], change["before"], change["after"]) == ("apply", 70, 75)
    assert change["by"] == USERS["admin"] and not change["undone"]


def test_prospect_calibrate_json_is_the_same_report(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert calibrate_command(settings, as_json=True) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["handed_off"] == 0 and body["recommended_threshold"] is None
    assert body["bought"] == {
        "hits": 0, "n": 0, "rate": None, "ci95": [0.0, 1.0], "small_sample": True
    }  # fmt: skip


def test_prospect_calibrate_reads_as_a_report_by_default(
    console: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = services_of(console.app.state).settings  # type: ignore[attr-defined]
    csrf = sign_in(console, USERS["admin"])
    console.post("/console/calibration/apply", data={"csrf": csrf, "threshold": "75"})
    assert calibrate_command(settings) == 0
    text = capsys.readouterr().out
    assert "SDR-ready threshold in force: 75 (configured: 70)" in text
    assert "Bought (outcome won)" in text and "target 10-15 %" in text
    assert "under the minimum sample (30)" in text  # 40 demo leads: a few handoffs
    assert "applied 70 -> 75  by ada@example.com" in text
