"""The SDR-ready threshold applied at run time: an explicit, recorded and undoable change.

The configured threshold (SCORING_RULES' `stages.sdr_ready_threshold`, or SDR_READY_THRESHOLD)
holds until someone applies another one from the calibration page or `prospect calibrate
--apply`. Each change is a row of `threshold_changes` (who, when, from, to); the newest row
says which threshold is in force, so every worker and every process reads the same one from
the database. Undoing the newest change still in force restores the threshold it replaced.

Each worker keeps what it read for `ttl` seconds (THRESHOLD_CACHE_SECONDS, 5 by default):
another worker uses an applied threshold at most that long after it was committed; the
worker that applied it, at once.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ThresholdChange, utcnow
from bot.errors import ThresholdRefused

HISTORY = 20  # changes shown on the calibration page
# No score comes near it (fit and pain are sums of capped weights): a higher threshold is a
# typo that would stop every handoff.
CEILING = 1000.0


@dataclass(frozen=True)
class Change:
    """One row of the history, as shown: who changed the threshold, when, from and to."""

    id: int
    action: str
    from_value: float
    to_value: float
    by: str
    at: datetime
    undone: bool


class ThresholdOverride:
    """The SDR-ready threshold in force: the configured one unless a change says otherwise,
    read from the database at most every `ttl` seconds."""

    def __init__(
        self,
        configured: float,
        *,
        floor: float = 0.0,
        ttl: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.configured = configured
        self.floor = floor  # the MQL threshold: an SDR-ready one below it is refused
        self.ttl = ttl
        self._clock = clock
        self._override: float | None = None
        self._read_at = -math.inf

    @property
    def value(self) -> float:
        """The threshold in force as last read (the configured one before any read)."""
        return self.configured if self._override is None else self._override

    async def refresh(self, session: AsyncSession, *, force: bool = False) -> float:
        """The threshold in force, read again when what this worker holds is older than
        `ttl` seconds (or when forced)."""
        if force or self._clock() - self._read_at >= self.ttl:
            newest = await session.execute(
                select(ThresholdChange.threshold).order_by(ThresholdChange.id.desc()).limit(1)
            )
            row = newest.first()
            self._override = row[0] if row else None
            self._read_at = self._clock()
        return self.value

    def forget(self) -> None:
        """Read the database again next time (after this worker changed the threshold)."""
        self._read_at = -math.inf

    async def apply(self, session: AsyncSession, value: float, *, by: str) -> ThresholdChange:
        """Make `value` the SDR-ready threshold from now on, recorded as `by`'s change.
        Call inside a transaction; the change is in force once it commits."""
        if not math.isfinite(value) or not self.floor <= value <= CEILING:
            raise ThresholdRefused(
                f"the SDR-ready threshold must be a number from the MQL threshold "
                f"({self.floor:g}) to {CEILING:g}, not {value:g}"
            )
        before = await self.refresh(session, force=True)
        if value == before:
            raise ThresholdRefused(f"{value:g} is already the SDR-ready threshold")
        change = ThresholdChange(
            action="apply",
            from_value=before,
            to_value=value,
            previous=self._override,
            threshold=value,
            changed_by=by,
            changed_at=utcnow(),
        )
        session.add(change)
        await session.flush()
        self.forget()
        return change

    async def undo(self, session: AsyncSession, *, by: str) -> ThresholdChange:
        """Undo the newest applied change still in force: its threshold gives way to the
        one it replaced. Call inside a transaction."""
        before = await self.refresh(session, force=True)
        undone = select(ThresholdChange.undoes_id).where(ThresholdChange.undoes_id.is_not(None))
        last = await session.scalar(
            select(ThresholdChange)
            .where(ThresholdChange.action == "apply", ThresholdChange.id.not_in(undone))
            .order_by(ThresholdChange.id.desc())
            .limit(1)
        )
        if last is None:
            raise ThresholdRefused("no applied threshold to undo")
        change = ThresholdChange(
            action="undo",
            from_value=before,
            to_value=self.configured if last.previous is None else last.previous,
            previous=self._override,
            threshold=last.previous,
            undoes_id=last.id,  # unique: two undos of one change cannot both commit
            changed_by=by,
            changed_at=utcnow(),
        )
        session.add(change)
        try:
            await session.flush()
        except IntegrityError as exc:
            raise ThresholdRefused("someone else has just undone that change") from exc
        self.forget()
        return change


async def history(session: AsyncSession, limit: int = HISTORY) -> list[Change]:
    """The newest changes first."""
    rows = list(
        await session.scalars(
            select(ThresholdChange).order_by(ThresholdChange.id.desc()).limit(limit)
        )
    )
    undone = set(
        await session.scalars(
            select(ThresholdChange.undoes_id).where(ThresholdChange.undoes_id.is_not(None))
        )
    )
    return [
        Change(r.id, r.action, r.from_value, r.to_value, r.changed_by, r.changed_at, r.id in undone)
        for r in rows
    ]
