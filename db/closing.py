"""月结 records (``month_closings``): reads and appends for app/services/closing.py, and the first month
that has any entry (where the list of months starts)."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from db.ids import new_uid
from db.models import Allocation, ArrearsItem, MonthClosing, Repayment, User

_closings = MonthClosing.__table__


class ClosingRow(NamedTuple):
    id: int
    kind: str
    period: int
    reason: str
    opening: int | None
    incurred: int | None
    collected: int | None
    written_off: int | None
    reversed: int | None
    closing: int | None
    reconciliation: str | None
    root: str | None
    root_through: int | None
    recorded_by: str
    recorded_at: datetime


class NewClosing(NamedTuple):
    kind: str
    period: int
    reason: str = ""
    opening: int | None = None
    incurred: int | None = None
    collected: int | None = None
    written_off: int | None = None
    reversed: int | None = None
    closing: int | None = None
    reconciliation: str | None = None
    root: str | None = None
    root_through: int | None = None


class Closings:
    """``uow.closings``: the close and reopen records, in the order they were made."""

    def __init__(self, session: Session, site_id: Callable[[], int], user_id: Callable[[], int | None],
                 now: Callable[[], datetime], noted: Callable[[str, int | None], None]) -> None:
        self._session = session
        self._site_id, self._user_id, self._now, self._noted = site_id, user_id, now, noted

    def history(self) -> list[tuple[str, int]]:
        """(kind, period) of every record, oldest first: what app.domain.closing.closed_books reads."""
        return [tuple(r) for r in self._session.connection().execute(
            select(_closings.c.kind, _closings.c.period).order_by(_closings.c.id))]

    def records(self) -> list[ClosingRow]:
        """Every record with who made it, oldest first."""
        c = _closings
        return [ClosingRow(*r) for r in self._session.connection().execute(
            select(c.c.id, c.c.kind, c.c.period, c.c.reason, c.c.opening, c.c.incurred, c.c.collected,
                   c.c.written_off, c.c.reversed, c.c.closing, c.c.reconciliation, c.c.root, c.c.root_through,
                   User.display_name, c.c.recorded_at)
            .join(User, User.id == c.c.recorded_by_id).order_by(c.c.id))]

    def append(self, record: NewClosing, *, recorded_by_id: int | None = None) -> int:
        """``recorded_by_id``: who decided, when not the signed-in user (a reopening by the city office)."""
        self._noted(_closings.name, None)
        by = self._user_id() if recorded_by_id is None else recorded_by_id
        values = record._asdict() | dict(uid=new_uid(), site_id=self._site_id(), recorded_by_id=by,
                                         recorded_at=self._now())
        return self._session.connection().execute(insert(_closings).values(**values)).inserted_primary_key[0]

    def first_entry_day(self) -> date | None:
        """The earliest date of any item or repayment (None: the ledger is empty)."""
        conn = self._session.connection()
        days = [conn.execute(select(func.min(ArrearsItem.business_date))).scalar(),
                conn.execute(select(func.min(Repayment.paid_on))).scalar(),
                conn.execute(select(func.min(Allocation.effective_on))).scalar()]
        found = [d for d in days if d is not None]
        return min(found) if found else None
