"""The calibration report as plain data: what `GET /api/calibration` answers and `prospect
calibrate --json` prints (the schema: bot/api/schemas/calibration.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.calibration.cases import load_cases
from bot.calibration.threshold import Change, ThresholdOverride, history
from scoring.calibration import Policy, Rate, Report, report


async def calibration_summary(
    session: AsyncSession, override: ThresholdOverride, policy: Policy
) -> dict[str, Any]:
    """The report on the threshold in force, with the threshold changes, newest first."""
    threshold = await override.refresh(session)
    found = report(await load_cases(session), threshold, policy)
    return summary(found, configured=override.configured, changes=await history(session))


def rate(r: Rate) -> dict[str, Any]:
    low, high = r.interval
    return {
        "hits": r.hits,
        "n": r.n,
        "rate": r.value,
        "ci95": [round(low, 4), round(high, 4)],
        "small_sample": r.small,
    }


def summary(found: Report, *, configured: float, changes: list[Change]) -> dict[str, Any]:
    return {
        "threshold": found.threshold,
        "configured_threshold": configured,
        "handed_off": found.handed,
        "target": {"low": found.policy.target_low, "high": found.policy.target_high},
        "min_sample": found.policy.min_sample,
        "small_sample": found.too_small,
        "bought": rate(found.won),
        "verdict_yes": rate(found.yes),
        "verdict_no": rate(found.no),
        "no_alert_level": found.policy.no_alert,
        "no_alert": found.no_alert,
        "recommended_threshold": found.recommended,
        "would_change": found.changes or None,
        "reliability": [{"band": b, "yes": rate(y), "won": rate(w)} for b, y, w in found.curve],
        "lift": [{"signal": s, "n": n, "lift": lift} for s, n, lift in found.lifts],
        "changes": [
            {
                "action": c.action,
                "before": c.from_value,
                "after": c.to_value,
                "by": c.by,
                "at": c.at.isoformat(),
                "undone": c.undone,
            }
            for c in changes
        ],
    }
