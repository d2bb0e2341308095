"""月结（结账）与反结账: finance closes a reconciled month, and may reopen the latest one with a reason.

Postal 22: every month finance has the ledger checked against the finance (NC) system and the business
systems so that 业财数据一致; postal 19: finance analyses scale and aging from those figures. A close here
records that check: the month's movement table must balance (opening + incurred - collected - written off
- reversed = closing), and the ledger must agree with the totals imported from finance and from the business
systems (the reconciliation report, ``app.services.reports``), or finance writes down why it does not.
The close keeps the month's movement totals and the integrity root of the ledger at that moment; ``verify``
recomputes them (``closed_month_checks``). The rules of which month may be closed or reopened, and of the
dates an entry may carry afterwards, are in ``app.domain.closing``; the unit of work holds every ledger
entry's date against them (``UnitOfWork._dated``).

A branch's closed months are the branch's: the city office applies a branch's packages into its copy of
the branch as they come (the rows were accepted at the branch), and refuses nothing there for a closed month.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from app.domain.closing import (
    ClosingKind, SourceGap, closed_books, holding_closes, require_balanced, require_closable, require_reconciled,
    require_reopenable,
)
from app.domain.errors import DomainError
from app.domain.periods import format_period, last_day_of_period, month_index, period_from_index, period_of
from app.domain.roles import Permission
from app.reports.request import ReportKind, ReportRequest, TotalsSource
from app.services.context import Actor, Desk, UnitOfWork
from app.services.failures import retried_once
from app.services.reports import build_here
from db.closing import ClosingRow, NewClosing
from db.commit_order import PostingsInFlight

SOURCES = (TotalsSource.FINANCE, TotalsSource.BUSINESS)


@dataclass(frozen=True, slots=True)
class MonthFigures:
    """A month's movement table, totalled (fen): opening + incurred - collected - written off - reversed = closing."""
    opening: int
    incurred: int
    collected: int
    written_off: int
    reversed: int
    closing: int


@dataclass(frozen=True, slots=True)
class MonthCheck:
    """What closing ``period`` would find now."""
    period: int
    figures: MonthFigures
    unbalanced: int                 # rows of the movement table that do not balance, and their causes
    gaps: tuple[SourceGap, ...]     # the reconciliation with finance and with the business systems

    @property
    def reconciled(self) -> bool:
        return all(g.reconciled for g in self.gaps)


@dataclass(frozen=True, slots=True)
class MonthState:
    """One month on the 月结 page: closed or open, the record that made it so, and what may be done now."""
    period: int
    closed: bool
    record: ClosingRow | None       # the close that holds it closed, or the last reopening of it
    gaps: tuple[SourceGap, ...]     # recorded at the close
    closable: bool                  # the next month to close (it has ended)
    reopenable: bool                # the latest closed month


def month_check(desk: Desk, actor: Actor, period: int) -> MonthCheck:
    """The movement table and the reconciliation of ``period`` as they stand (nothing is written)."""
    with desk.query(actor, Permission.CLOSE_MONTH) as uow:
        return _check(uow, period)


@retried_once  # on a server, two closes waiting for each other's postings to end: one runs again
def close_month(desk: Desk, actor: Actor, period: int, explanation: str = "") -> MonthCheck:
    """月结: refused unless the month has ended, the month before is closed (or none is), the movement table
    balances, and the month is reconciled with finance and the business systems or finance explains the
    difference (``explanation``, kept with the close). Audited."""
    with desk.use_case(actor, Permission.CLOSE_MONTH) as uow:
        require_closable(period, uow.closed_books(), desk.clock.today())
        check = _check(uow, period)
        require_balanced(period, check.unbalanced)
        kept = require_reconciled(period, check.gaps, explanation)
        try:
            root, through = uow.ledger.root_now()
        except PostingsInFlight as waited:  # a server: the close waits for the postings in flight, not forever
            raise DomainError("month.postings_in_flight", seconds=waited.args[0]) from None
        f = check.figures
        gaps = json.dumps([_gap_json(g) for g in check.gaps], ensure_ascii=False, sort_keys=True)
        closing_id = uow.closings.append(NewClosing(
            ClosingKind.CLOSE, period, kept, f.opening, f.incurred, f.collected, f.written_off, f.reversed, f.closing,
            gaps, root, through))
        uow.audit("month.close", "month_closing", closing_id, after={
            "month": format_period(period), "explanation": kept, "opening": f.opening, "incurred": f.incurred,
            "collected": f.collected, "written_off": f.written_off, "reversed": f.reversed, "closing": f.closing,
            "reconciliation": [_gap_json(g) for g in check.gaps], "root": root, "root_through": through})
        # What was open at the month's end, kept with the close: later figures replay only what came after.
        uow.closings.take_snapshot(closing_id, last_day_of_period(period), uow.held_snapshots())
        uow.commit()
        return check


def reopen_month(desk: Desk, actor: Actor, period: int, reason: str) -> None:
    """反结账: only the latest closed month, only by finance, with a reason. Audited; the close stays on record."""
    with desk.use_case(actor, Permission.CLOSE_MONTH) as uow:
        reopen_in(uow, period, reason)
        uow.commit()


def reopen_in(uow: UnitOfWork, period: int, reason: str, *, recorded_by_id: int | None = None) -> int:
    """The one place a reopening is recorded: by the signed-in user, or (``recorded_by_id``) by a user of the
    city office whose decision came down through the exchange. Returns the record's id."""
    kept = require_reopenable(period, uow.closed_books(), reason)
    closing_id = uow.closings.append(NewClosing(ClosingKind.REOPEN, period, kept), recorded_by_id=recorded_by_id)
    uow._books = None  # the months closed are read again by whatever follows in this transaction
    uow.audit("month.reopen", "month_closing", closing_id, after={"month": format_period(period), "reason": kept})
    return closing_id


def list_months(desk: Desk, actor: Actor) -> list[MonthState]:
    """Every month from the first one with an entry (or the first closed) to this month, newest first."""
    with desk.query(actor, Permission.VIEW_REPORTS) as uow:
        records = uow.closings.records()
        books = closed_books((r.kind, r.period) for r in records)
        holding = _holding_closes(records)
        today = desk.clock.today()
        first_day = uow.closings.first_entry_day()
        periods = [r.period for r in records] + ([period_of(first_day)] if first_day else [])
        first = min(periods) if periods else period_of(today)
        if books.through is not None:  # the first close closed the books before it too
            first = max(first, books.closed[0])
        last_record = {r.period: r for r in records}
        states = []
        for index in range(month_index(first), month_index(period_of(today)) + 1):
            period = period_from_index(index)
            closed = books.period_closed(period)
            record = holding.get(period) if closed else last_record.get(period)
            gaps = _gaps_of(record) if record is not None and record.kind == ClosingKind.CLOSE else ()
            closable = not closed and period < period_of(today) and (
                books.through is None or index == month_index(books.through) + 1)
            states.append(MonthState(period, closed, record, gaps, closable, period == books.through))
        return states[::-1]


def closed_month_checks(uow: UnitOfWork, closing_ids: list[int] | None = None) -> list[str]:
    """``verify``: every month closed now (or those of the closes ``closing_ids``), its movement totals and the
    integrity root at its close recomputed and compared with what the close recorded; one line per month
    that differs."""
    problems = []
    for period, record in sorted(_holding_closes(uow.closings.records()).items()):
        if closing_ids is not None and record.id not in closing_ids:
            continue
        f = _figures(uow, period)[0]
        recorded = (record.opening, record.incurred, record.collected, record.written_off, record.reversed,
                    record.closing)
        now = (f.opening, f.incurred, f.collected, f.written_off, f.reversed, f.closing)
        if recorded != now:
            problems.append(f"{format_period(period)} 欠费变动表：月结时 {recorded}，现在 {now}")
        root = uow.ledger.root_through(record.root_through)
        if root != record.root:
            problems.append(f"{format_period(period)} 月结时的完整性根 {record.root}，现在算得 {root}")
    return problems


def snapshot_checks(uow: UnitOfWork, closing_ids: list[int] | None = None) -> list[str]:
    """``verify``: the month-end snapshot of every close that holds now (or of ``closing_ids`` among them)
    against a replay of the entries up to its day, and against the close's closing balance; one line per
    difference. The first is replayed from all history, each later one from the snapshot before it and the
    entries dated between the two (an entry dated back into any closed month, or a changed snapshot row,
    shows at the snapshot whose month it falls in): one full replay, then a month's entries per close. A
    close made before snapshots were kept has none, and needs none."""
    problems = []
    earlier = None
    for period, record in sorted(_holding_closes(uow.closings.records()).items()):
        kept = uow.closings.snapshot_of(record.id)
        if kept is None:
            continue
        previous, earlier = earlier, kept[0]
        if closing_ids is not None and record.id not in closing_ids:
            continue
        snapshot, count, total = kept
        month = format_period(period)
        rows = 0 if snapshot.first_row is None else snapshot.last_row - snapshot.first_row + 1
        if rows != count:
            problems.append(f"{month} 月末快照记有 {count} 笔，实有 {rows} 行")
        if total != record.closing:
            problems.append(f"{month} 月末快照合计 {total}，月结期末余额 {record.closing}")
        for item_id, in_snapshot, replayed in uow.closings.snapshot_differences(snapshot, previous):
            problems.append(f"{month} 月末快照中欠费 #{item_id} 未核销 {in_snapshot}，按台账重算为 {replayed}")
        for customer_id, *_keys, due_date, amount in uow.closings.snapshot_sums_differ(snapshot):
            problems.append(f"{month} 月末快照的分户合计（客户 #{customer_id}，到期日 {due_date}，{amount}）"
                            f"与逐笔快照加总不符")
    return problems


# -- inside a unit of work ------------------------------------------------------------------------------

def _check(uow: UnitOfWork, period: int) -> MonthCheck:
    figures, unbalanced = _figures(uow, period)
    return MonthCheck(period, figures, unbalanced, tuple(_gap(uow, period, source) for source in SOURCES))


def _figures(uow: UnitOfWork, period: int) -> tuple[MonthFigures, int]:
    end = last_day_of_period(period)
    report = build_here(uow, ReportRequest(ReportKind.MOVEMENT, end, start=end.replace(day=1)))
    totals = report.table("by_business_line").totals
    return MonthFigures(*totals[1:7]), len(report.warnings)


def _gap(uow: UnitOfWork, period: int, source: TotalsSource) -> SourceGap:
    """The reconciliation report's verdict for one side: its totals imported or not, the rows that differ
    (or have no counterpart), and the differences summed over business lines."""
    end = last_day_of_period(period)
    batch, _rows = uow.reports.external_figures(source.value, period)
    report = build_here(uow, ReportRequest(ReportKind.RECONCILIATION, end, source=source))
    incurred = collected = 0
    for row in report.table("by_business_line").rows:
        incurred += row[1] - (row[2] or 0)
        collected += row[4] - (row[5] or 0)
    return SourceGap(source.value, batch is not None, len(report.table("differences").rows), incurred, collected)


def _gap_json(gap: SourceGap) -> dict:
    return {"source": gap.source, "imported": gap.imported, "rows_differing": gap.rows_differing,
            "incurred_difference": gap.incurred_difference, "collected_difference": gap.collected_difference}


def _gaps_of(record: ClosingRow) -> tuple[SourceGap, ...]:
    return tuple(SourceGap(**g) for g in json.loads(record.reconciliation or "[]"))


def _holding_closes(records: list[ClosingRow]) -> dict[int, ClosingRow]:
    """period -> the close record that holds each month closed now (the rule: ``holding_closes``)."""
    return {records[p].period: records[p] for p in holding_closes([(r.kind, r.period) for r in records])}
