"""Admin API: the calibration report of the SDR-ready threshold (docs/console.md)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from bot.api.deps import AdminDep, SessionDep
from bot.api.schemas.calibration import CalibrationOut
from bot.calibration.summary import calibration_summary
from bot.calibration.threshold import ThresholdOverride
from bot.services import services_of

router = APIRouter(prefix="/api/calibration", tags=["admin"], dependencies=[AdminDep])


@router.get("", summary="Is the SDR-ready threshold right? Verdicts and outcomes against it")
async def get_calibration(request: Request, session: SessionDep) -> CalibrationOut:
    services = services_of(request.app.state)
    scorer = services.scorer
    rules = scorer.configured_rules
    override = scorer.threshold or ThresholdOverride(
        rules.sdr_ready_threshold, floor=rules.mql_threshold
    )
    return CalibrationOut.model_validate(
        await calibration_summary(session, override, services.settings.calibration_policy())
    )
