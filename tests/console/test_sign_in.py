"""Signing in and out of the console: sessions, CSRF, the lock-out, cookies."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.console.conftest import PASSWORD, USERS, csrf_of, sign_in

PAGES = [
    "/console/leads",
    "/console/leads/1",
    "/console/leads.csv",
    "/console/leads/1/export",
    "/console/leads/1/erase",
    "/console/conversations",
]


@pytest.mark.parametrize("path", PAGES)
def test_no_page_without_a_session(console: TestClient, path: str) -> None:
    response = console.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/console/sign-in?next=/console/")


def test_the_live_feed_answers_401_without_a_session(console: TestClient) -> None:
    assert console.get("/console/conversations.json").status_code == 401


def test_an_erase_post_without_a_session_erases_nothing(console: TestClient) -> None:
    response = console.post("/console/leads/1/erase", data={"csrf": "x"}, follow_redirects=False)
    assert response.status_code in (303, 403)
    sign_in(console, USERS["admin"])
    assert console.get("/console/leads/1").status_code == 200


def test_signing_in_sets_a_signed_http_only_lax_cookie_and_opens_the_leads(
    console: TestClient,
) -> None:
    token = csrf_of(console.get("/console/sign-in").text)
    response = console.post(
        "/console/sign-in",
        data={"csrf": token, "email": "ADA@example.com ", "password": PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/console/leads"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("prospect_session=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/console" in cookie
    assert "Secure" not in cookie  # plain http here; https sets it
    assert console.get("/console/leads").status_code == 200


def test_a_forged_session_cookie_is_refused(console: TestClient) -> None:
    console.cookies.set("prospect_session", "made-up.0123", path="/console")
    assert console.get("/console/leads", follow_redirects=False).status_code == 303


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(
    console: TestClient,
) -> None:
    token = csrf_of(console.get("/console/sign-in").text)
    wrong = console.post(
        "/console/sign-in",
        data={"csrf": token, "email": USERS["sdr"], "password": "not it at all"},
    )
    unknown = console.post(
        "/console/sign-in",
        data={"csrf": token, "email": "nobody@example.com", "password": "not it at all"},
    )
    assert wrong.status_code == unknown.status_code == 401
    assert "Wrong email or password" in wrong.text and "Wrong email or password" in unknown.text


def test_five_failures_lock_the_account_out_from_that_address_even_for_the_right_password(
    console: TestClient,
) -> None:
    token = csrf_of(console.get("/console/sign-in").text)
    for _ in range(5):
        console.post(
            "/console/sign-in", data={"csrf": token, "email": USERS["sdr"], "password": "bad"}
        )
    locked = console.post(
        "/console/sign-in",
        data={"csrf": token, "email": USERS["sdr"], "password": PASSWORD},
        follow_redirects=False,
    )
    assert locked.status_code == 429 and "Wrong email or password" in locked.text
    assert int(locked.headers["retry-after"]) > 0
    sign_in(console, USERS["marketer"])  # other accounts are not locked


def test_a_post_without_the_csrf_token_is_refused(console: TestClient) -> None:
    console.get("/console/sign-in")
    response = console.post(
        "/console/sign-in",
        data={"email": USERS["admin"], "password": PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 403
    csrf = sign_in(console, USERS["admin"])
    assert console.post("/console/leads/1/erase", data={"csrf": "forged"}).status_code == 403
    assert console.post("/console/leads/1/erase", data={"csrf": csrf + "x"}).status_code == 403
    assert console.get("/console/leads/1").status_code == 200


def test_signing_out_ends_the_session(console: TestClient) -> None:
    csrf = sign_in(console, USERS["sdr"])
    session_cookie = console.cookies.get("prospect_session")
    response = console.post("/console/sign-out", data={"csrf": csrf}, follow_redirects=False)
    assert response.status_code == 303
    console.cookies.set("prospect_session", session_cookie or "", path="/console")
    assert console.get("/console/leads", follow_redirects=False).status_code == 303


def test_sign_in_goes_back_to_the_page_asked_but_never_to_another_site(
    console: TestClient,
) -> None:
    for asked, lands in [
        ("/console/leads/2", "/console/leads/2"),
        ("https://evil.example/", "/console/leads"),
        ("//evil.example/", "/console/leads"),
    ]:
        console.cookies.clear()
        page = console.get(f"/console/sign-in?next={asked}")
        response = console.post(
            "/console/sign-in",
            data={"csrf": csrf_of(page.text), "email": USERS["sdr"], "password": PASSWORD,
                  "next": asked},
            follow_redirects=False,
        )  # fmt: skip
        assert response.headers["location"] == lands
