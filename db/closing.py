"""月结 records (``month_closings``): reads and appends for app/services/closing.py, and the first month
that has any entry (where the list of months starts)."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import Column, MetaData, Table, bindparam, func, insert, literal, select
from sqlalchemy.orm import Session

from db.ids import new_uid
from db.models import (
    Allocation, ArrearsItem, MonthClosing, MonthSnapshot, MonthSnapshotItem, MonthSnapshotSum, Repayment, User,
)
from db.standing import OPEN_AMOUNT_COLUMNS, OPEN_ITEM_COLUMNS, HeldSnapshot, open_items_replayed, replayed_open_items

_closings = MonthClosing.__table__
_snapshots, _snapshot_items = MonthSnapshot.__table__, MonthSnapshotItem.__table__
_snapshot_sums, items = MonthSnapshotSum.__table__, ArrearsItem.__table__
SUM_KEYS = OPEN_AMOUNT_COLUMNS[:-1]  # what a snapshot's sums are added up by


def _held_columns() -> list:
    """A ``HeldSnapshot``'s columns: the snapshot's, and the run of its sums (found by their index)."""
    s, sums = _snapshots, _snapshot_sums
    run = [select(f(sums.c.id)).where(sums.c.snapshot_id == s.c.id).scalar_subquery() for f in (func.min, func.max)]
    return [s.c.id, s.c.as_of, s.c.first_row, s.c.last_row, *run]


# Asked at every use case that posts (the closed months) and every figure as of a past day (the snapshots):
# built once, with bind parameters (building a statement cost more than SQLite answering it).
_HISTORY = select(_closings.c.kind, _closings.c.period).order_by(_closings.c.id)
_HISTORY_IDS = select(_closings.c.id, _closings.c.kind, _closings.c.period).order_by(_closings.c.id)
_RECORDS = (select(_closings.c.id, _closings.c.kind, _closings.c.period, _closings.c.reason, _closings.c.opening,
                   _closings.c.incurred, _closings.c.collected, _closings.c.written_off, _closings.c.reversed,
                   _closings.c.closing, _closings.c.reconciliation, _closings.c.root, _closings.c.root_through,
                   User.display_name, _closings.c.recorded_at)
            .join(User, User.id == _closings.c.recorded_by_id).order_by(_closings.c.id))
_SNAPSHOTS = (select(*_held_columns()).where(_snapshots.c.closing_id.in_(bindparam("b_closings", expanding=True)))
              .order_by(_snapshots.c.as_of))
_SNAPSHOT_OF = select(*_held_columns(), _snapshots.c.item_count, _snapshots.c.open_total).where(
    _snapshots.c.closing_id == bindparam("b_closing"))


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
        return [tuple(r) for r in self._session.connection().execute(_HISTORY)]

    def history_ids(self) -> list[tuple[int, str, int]]:
        """(id, kind, period) of every record, oldest first."""
        return [tuple(r) for r in self._session.connection().execute(_HISTORY_IDS)]

    def records(self) -> list[ClosingRow]:
        """Every record with who made it, oldest first."""
        return [ClosingRow(*r) for r in self._session.connection().execute(_RECORDS)]

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

    # -- month-end snapshots (issue 14) ------------------------------------------------------------------
    def snapshots(self, closing_ids: list[int]) -> list[HeldSnapshot]:
        """The snapshots of the closes ``closing_ids`` (those that have one: a close made before snapshots
        were kept has none)."""
        if not closing_ids:
            return []
        return [HeldSnapshot(*r) for r in self._session.connection().execute(
            _SNAPSHOTS, {"b_closings": list(closing_ids)})]

    def snapshot_of(self, closing_id: int) -> tuple[HeldSnapshot, int, int] | None:
        """(snapshot, items, open total) kept with the close ``closing_id``."""
        row = self._session.connection().execute(_SNAPSHOT_OF, {"b_closing": closing_id}).first()
        return None if row is None else (HeldSnapshot(*row[:6]), row[6], row[7])

    def take_snapshot(self, closing_id: int, as_of: date, held: Sequence[HeldSnapshot]) -> tuple[int, int]:
        """Keep what was open at ``as_of`` with the close ``closing_id``, in the caller's transaction: every
        item not at 0, by item id, as one run of rows, and their amounts added up by the keys figures group
        by (``month_snapshot_sums``), as the next run of sums; worked out from the nearest of the snapshots
        ``held`` before it (``verify`` replays it from all history). Returns (items, open total)."""
        open_items = open_items_replayed(as_of, held)
        conn = self._session.connection()
        self._noted(_snapshots.name, None)
        rows = Table("snapshot_rows", MetaData(),
                     *(Column(name, open_items.selected_columns[name].type) for name in OPEN_ITEM_COLUMNS),
                     prefixes=["TEMPORARY"])
        rows.drop(conn, checkfirst=True)
        rows.create(conn)
        o = open_items.subquery()
        conn.execute(insert(rows).from_select(list(OPEN_ITEM_COLUMNS), select(*(o.c[n] for n in OPEN_ITEM_COLUMNS))
                                              .where(o.c.open_amount != literal(0)).order_by(o.c.item_id)))
        count, total = conn.execute(select(func.count(), func.coalesce(func.sum(rows.c.open_amount), 0))).one()
        # The write lock is ours: the rows about to be written get the ids after the newest one.
        before = conn.execute(select(func.coalesce(func.max(_snapshot_items.c.id), 0))).scalar_one()
        snapshot_id = conn.execute(insert(_snapshots).values(
            closing_id=closing_id, as_of=as_of, item_count=count, open_total=total,
            first_row=before + 1 if count else None, last_row=before + count if count else None)).inserted_primary_key[0]
        conn.execute(insert(_snapshot_items).from_select(
            ["snapshot_id", "item_id", "open_amount"],
            select(literal(snapshot_id), rows.c.item_id, rows.c.open_amount).order_by(rows.c.item_id)))
        last = conn.execute(select(func.coalesce(func.max(_snapshot_items.c.id), 0))).scalar_one()
        assert last == before + count, (before, count, last)
        keys = [rows.c[n] for n in SUM_KEYS]
        conn.execute(insert(_snapshot_sums).from_select(
            ["snapshot_id", *SUM_KEYS, "open_amount"],
            select(literal(snapshot_id), *keys, func.sum(rows.c.open_amount)).group_by(*keys).order_by(*keys)))
        rows.drop(conn)
        return count, total

    def snapshot_sums_differ(self, snapshot: HeldSnapshot, limit: int = 5) -> list[tuple]:
        """The sums of the snapshot (customer, line, handler, branch, billing period, due date, amount; at most
        ``limit``) that are not its items added up by their keys, from either side: the sums are what a figure as
        of a later day reads."""
        s, kept = _snapshot_sums, _snapshot_items
        keys = [items.c[n] for n in SUM_KEYS]
        added = (select(*keys, func.sum(kept.c.open_amount))
                 .select_from(kept.join(items, items.c.id == kept.c.item_id))
                 .where(kept.c.id.between(snapshot.first_row or 0, snapshot.last_row or -1)).group_by(*keys))
        summed = select(*(s.c[n] for n in SUM_KEYS), s.c.open_amount).where(
            s.c.snapshot_id == snapshot.id)
        conn = self._session.connection()
        return [tuple(r) for part in (summed.except_(added), added.except_(summed))
                for r in conn.execute(part.limit(limit))][:limit]

    def snapshot_differences(self, snapshot: HeldSnapshot, earlier: HeldSnapshot | None = None,
                             limit: int = 5) -> list[tuple]:
        """(item id, kept in the snapshot, replayed) of items where the snapshot and a replay of the entries up
        to its day differ: from all history, or from the ``earlier`` snapshot and the entries dated after it
        (checked itself the same way); at most ``limit``."""
        replayed = replayed_open_items(snapshot.as_of) if earlier is None else open_items_replayed(
            snapshot.as_of, [earlier])
        s = _snapshot_items
        # Materialised, so the engine can index it by item: read in place, each replayed item scanned the whole
        # snapshot's range for its own row (69 s of CPU for one month at 2,000 customers; quadratic).
        kept = (select(s.c.item_id, s.c.open_amount)
                .where(s.c.id.between(snapshot.first_row or 0, snapshot.last_row or -1))
                .cte("kept").prefix_with("MATERIALIZED"))
        r = replayed.subquery("replayed")
        opened = select(r.c.item_id, r.c.open_amount).where(r.c.open_amount != literal(0)).subquery("opened")
        conn = self._session.connection()
        missing = conn.execute(
            select(opened.c.item_id, kept.c.open_amount, opened.c.open_amount)
            .select_from(opened.outerjoin(kept, kept.c.item_id == opened.c.item_id))
            .where(kept.c.open_amount.is_distinct_from(opened.c.open_amount)).limit(limit)).all()
        extra = conn.execute(
            select(kept.c.item_id, kept.c.open_amount, literal(0))
            .where(kept.c.item_id.not_in(select(opened.c.item_id))).limit(limit)).all()
        return [tuple(r) for r in (list(missing) + list(extra))[:limit]]
