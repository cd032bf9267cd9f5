"""`/widget.js`, the one script a company embeds, and the demo company's site at `/` (a home
page, pricing, a case study, in English and French) with the widget on every page, so a
newcomer sees the whole product after `make run`. DEMO_SITE=false turns the site off."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import HTMLResponse, Response

from bot.services import services_of

HERE = Path(__file__).parent
SITE = HERE / "site"
WIDGET = HERE / "static" / "widget.js"

router = APIRouter(tags=["web"])


@dataclass(frozen=True)
class Page:
    file: str
    title: str
    lang: str


PAGES = {
    "/": Page("home.html", "Orbitly: turn visitors into sales conversations", "en"),
    "/pricing": Page("pricing.html", "Pricing | Orbitly", "en"),
    "/customers/northwind-logistics": Page(
        "case-study.html", "Case study: Northwind Logistics | Orbitly", "en"
    ),
    "/fr/": Page("home-fr.html", "Orbitly : transformez vos visiteurs en clients", "fr"),
    "/fr/tarifs": Page("pricing-fr.html", "Tarifs | Orbitly", "fr"),
}
NAV = {
    "en": [
        ("/", "Home"),
        ("/pricing", "Pricing"),
        ("/customers/northwind-logistics", "Customers"),
        ("/fr/", "Français"),
    ],
    "fr": [("/fr/", "Accueil"), ("/fr/tarifs", "Tarifs"), ("/", "English")],
}
CONSENT = {
    "en": (
        "We would like to measure which pages you visit, to answer you better.",
        "Accept",
        "Decline",
    ),
    "fr": (
        "Nous aimerions mesurer les pages que vous visitez, pour mieux vous répondre.",
        "Accepter",
        "Refuser",
    ),
}


@cache
def _asset(path: Path) -> tuple[bytes, str]:
    body = path.read_bytes()
    return body, hashlib.sha256(body).hexdigest()[:16]


def _cached(request: Request, path: Path, media_type: str, max_age: int) -> Response:
    body, etag = _asset(path)
    headers = {"ETag": f'"{etag}"', "Cache-Control": f"public, max-age={max_age}"}
    if request.headers.get("if-none-match") == f'"{etag}"':
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


@router.api_route("/widget.js", methods=["GET", "HEAD"], include_in_schema=False)
async def widget_js(request: Request) -> Response:
    # Short max-age: a new release reaches every embedding site within minutes.
    return _cached(request, WIDGET, "text/javascript; charset=utf-8", 300)


@router.get("/site/{name}", include_in_schema=False)
async def site_asset(name: str, request: Request) -> Response:
    types = {"site.css": "text/css; charset=utf-8", "consent.js": "text/javascript; charset=utf-8"}
    if name not in types:
        raise HTTPException(status.HTTP_404_NOT_FOUND)
    return _cached(request, SITE / name, types[name], 3600)


def render(path: str, page: Page) -> str:
    nav = "".join(
        f'<a href="{href}"{" aria-current=page" if href == path else ""}>{escape(label)}</a>'
        for href, label in NAV[page.lang]
    )
    consent, yes, no = CONSENT[page.lang]
    body = (SITE / page.file).read_text(encoding="utf-8")
    return f"""<!doctype html>
<html lang="{page.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(page.title)}</title>
<link rel="stylesheet" href="/site/site.css">
<link rel="icon" href="data:,">
</head>
<body>
<header class="top"><a class="logo" href="{NAV[page.lang][0][0]}">Orbitly</a><nav>{nav}</nav></header>
<main>
{body}
</main>
<footer>Orbitly is a fictional company: this demo site shows the Prospect assistant.</footer>
<div class="consent" id="consent" role="region" aria-label="Analytics" hidden>
<p>{escape(consent)}</p>
<button class="yes" type="button">{escape(yes)}</button><button class="no" type="button">{escape(no)}</button>
</div>
<script src="/widget.js" data-tracking="ask" defer></script>
<script src="/site/consent.js" defer></script>
</body>
</html>
"""  # noqa: E501


def site_router() -> APIRouter:
    pages = APIRouter(tags=["demo site"])

    def page_route(path: str, page: Page) -> None:
        @pages.get(path, include_in_schema=False, response_class=HTMLResponse)
        async def show(request: Request) -> HTMLResponse:
            if not services_of(request.app.state).settings.demo_site:
                raise HTTPException(status.HTTP_404_NOT_FOUND, "the demo site is off (DEMO_SITE)")
            return HTMLResponse(render(path, page))

    for path, page in PAGES.items():
        page_route(path, page)
    return pages
