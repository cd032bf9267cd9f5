"""The calibration page: is the SDR-ready threshold right? (read-only, `calibration`)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from bot.console.calibration import NO_ALERT, SMALL, TARGET, load_cases, report
from bot.console.web import SignedInDep

router = APIRouter(prefix="/console/calibration", include_in_schema=False)


@router.get("")
async def calibration_page(reader: SignedInDep) -> Response:
    threshold = reader.services.scorer.rules.sdr_ready_threshold
    async with reader.services.sessions() as session:
        found = report(await load_cases(session), threshold)
    chart = {
        "labels": [band for band, _, _ in found.curve],
        "datasets": [
            {
                "label": "P(yes) %",
                "values": [round(100 * (y.value or 0), 1) for _, y, _ in found.curve],
            },
            {
                "label": "P(won) %",
                "values": [round(100 * (w.value or 0), 1) for _, _, w in found.curve],
            },
        ],
    }
    return reader.render(
        "calibration.html",
        report=found,
        chart=chart,
        target=TARGET,
        no_alert=NO_ALERT,
        small=SMALL,
    )
