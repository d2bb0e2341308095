"""Figures brought in from finance and business systems: revenue (业务收入), reconciliation totals (业财对账)
and the import batches they came in. Append-only: a later figure for the same key wins."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, aliased

from db.ids import new_uid
from db.models import ExternalTotal, ImportBatch, Revenue


@dataclass(frozen=True, slots=True)
class RevenueFigure:
    period: int
    business_line_id: int
    category: str
    amount: int


@dataclass(frozen=True, slots=True)
class ExternalFigure:
    period: int
    business_line_id: int | None
    customer_id: int | None
    incurred: int
    collected: int


@dataclass(frozen=True, slots=True)
class Batch:
    kind: str
    file_name: str
    file_sha256: str
    rows_total: int
    rows_imported: int


def latest_revenue_rows():
    """The revenue rows that count: for each period, business line and category, the latest entered."""
    later = aliased(Revenue)
    return select(Revenue).where(~select(later.id).where(
        later.period == Revenue.period, later.business_line_id == Revenue.business_line_id,
        later.category == Revenue.category, later.id > Revenue.id).exists())


class Figures:
    def __init__(self, session: Session, site_id: Callable[[], int], user_id: Callable[[], int | None],
                 now: Callable[[], datetime], noted: Callable[[str, int | None], None]) -> None:
        self._session, self._site_id, self._user_id, self._now, self._noted = session, site_id, user_id, now, noted

    def latest_revenue(self) -> dict[tuple[int, int, str], int]:
        """(period, business line id, category) -> the amount that counts."""
        r = latest_revenue_rows().subquery()
        return {(p, line, category): amount for p, line, category, amount in self._session.execute(
            select(r.c.period, r.c.business_line_id, r.c.category, r.c.amount))}

    def add_batch(self, batch: Batch) -> int:
        self._noted(ImportBatch.__tablename__, None)
        return self._session.execute(insert(ImportBatch).returning(ImportBatch.id).values(
            uid=new_uid(), site_id=self._site_id(), imported_by_id=self._user_id(), imported_at=self._now(),
            **asdict(batch))).scalar_one()

    def add_revenues(self, figures: Sequence[RevenueFigure], batch_id: int | None = None) -> list[int]:
        if not figures:
            return []
        self._noted(Revenue.__tablename__, None)
        site, user, now = self._site_id(), self._user_id(), self._now()
        return list(self._session.execute(
            insert(Revenue).returning(Revenue.id, sort_by_parameter_order=True),
            [asdict(f) | {"uid": new_uid(), "site_id": site, "batch_id": batch_id, "recorded_by_id": user,
                          "recorded_at": now} for f in figures]).scalars())

    def add_external_totals(self, figures: Sequence[ExternalFigure], batch_id: int, source: str) -> None:
        if not figures:
            return
        self._noted(ExternalTotal.__tablename__, None)
        site = self._site_id()
        self._session.execute(insert(ExternalTotal), [
            asdict(f) | {"uid": new_uid(), "site_id": site, "batch_id": batch_id, "source": source}
            for f in figures])
