"""The calibration page: is the SDR-ready threshold right? (`calibration`). An admin applies
another threshold from it, or undoes the last one applied (bot/calibration/threshold.py)."""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from bot.calibration.cases import load_cases
from bot.calibration.threshold import ThresholdOverride, history
from bot.console.roles import Permission
from bot.console.web import FormDep, Reader, SignedInDep, allowed
from bot.errors import ThresholdRefused
from scoring.calibration import BAND, Rate, Report, report

router = APIRouter(prefix="/console/calibration", include_in_schema=False)
ThresholdDep = Annotated[Reader, Depends(allowed(Permission.THRESHOLD))]


def _override(reader: Reader) -> ThresholdOverride:
    override = reader.services.scorer.threshold
    if override is None:  # the app always has one (bot/services.py)
        raise ThresholdRefused("this app applies no threshold at run time")
    return override


async def _page(reader: Reader, *, error: str = "", status_code: int = 200) -> Response:
    scorer = reader.services.scorer
    async with reader.services.sessions() as session:
        threshold = (await scorer.refresh(session)).sdr_ready_threshold
        policy = reader.services.settings.calibration_policy()
        found = report(await load_cases(session), threshold, policy)
        changes = await history(session)
    chart = _chart(found, reader.t)
    return reader.render(
        "calibration.html",
        status_code=status_code,
        report=found,
        chart=chart,
        policy=policy,
        configured=scorer.configured_rules.sdr_ready_threshold,
        changes=changes,
        can_apply=reader.may(Permission.THRESHOLD),
        can_undo=any(c.action == "apply" and not c.undone for c in changes),
        error=error,
        done=reader.request.query_params.get("done", "") in {"applied", "undone"}
        and reader.request.query_params["done"],
    )


def _percent(key: str, rate: Rate) -> dict[str, float | None]:
    """`key`, `key_low`, `key_high`: a rate and its interval in %, None for an empty band."""
    if not rate.n:
        return {key: None, f"{key}_low": None, f"{key}_high": None}
    low, high = rate.interval
    value = rate.value or 0.0
    return {
        key: round(100 * value, 1),
        f"{key}_low": round(100 * low, 1),
        f"{key}_high": round(100 * high, 1),
    }


def _chart(found: Report, t: dict[str, str]) -> dict[str, Any]:
    """The reliability chart's data (bot/console/static/calibration.js): each band's P(yes)
    and P(won) with their intervals, at the band's middle, and the two thresholds."""
    points, edges = [], [found.threshold]
    for band, yes, won in found.curve:
        low = float(band.split("-")[0])
        points.append({"x": low + BAND / 2, **_percent("yes", yes), **_percent("won", won)})
        edges += [low, low + BAND]
    if found.recommended is not None:
        edges.append(found.recommended)
    return {
        "points": points,
        "threshold": found.threshold,
        "recommended": found.recommended,
        "x_min": math.floor(min(edges) / BAND) * BAND,
        "x_max": math.ceil(max(edges) / BAND) * BAND,
        "labels": {
            "score": t["score"],
            "threshold": t["threshold_in_force"],
            "recommended": t["recommended_short"],
        },
    }


@router.get("")
async def calibration_page(reader: SignedInDep) -> Response:
    return await _page(reader)


def _number(text: str) -> float | None:
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


@router.post("/apply")
async def apply_threshold(reader: ThresholdDep, form: FormDep) -> Response:
    """Make the form's threshold the SDR-ready one from now on (admin only, CSRF)."""
    value = _number(form.get("threshold", ""))
    if value is None:
        return await _page(reader, error=reader.t["threshold_number"], status_code=400)
    assert reader.user is not None
    try:
        async with reader.services.sessions() as session, session.begin():
            await _override(reader).apply(session, value, by=reader.user.email)
    except ThresholdRefused as exc:
        return await _page(reader, error=str(exc), status_code=409)
    return reader.redirect("/console/calibration?done=applied")


@router.post("/undo")
async def undo_threshold(reader: ThresholdDep, form: FormDep) -> Response:
    """Restore the threshold the last applied one replaced (admin only, CSRF)."""
    assert reader.user is not None
    try:
        async with reader.services.sessions() as session, session.begin():
            await _override(reader).undo(session, by=reader.user.email)
    except ThresholdRefused as exc:
        return await _page(reader, error=str(exc), status_code=409)
    return reader.redirect("/console/calibration?done=undone")
