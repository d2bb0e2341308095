"""Month-end snapshots (issue 14): a close keeps what was open on every item at the month's end, in the
close's transaction; a figure as of a later day starts from the nearest snapshot whose close still holds (a
reopened month's no longer counts) and replays only the entries after it; ``verify`` replays every held
snapshot from all history and names an item whose kept amount is wrong."""
from __future__ import annotations

from datetime import date

from app.reports.request import ReportKind, ReportRequest
from app.services import reports
from app.services.arrears import ArrearsInput, record_arrears, reverse_arrears
from app.services.closing import close_month, reopen_month
from app.services.repayments import RepaymentInput, record_repayment, reverse_repayment
from app.services.verify import verify_database
from app.services.arrears import write_off
from db.standing import (
    OPEN_AMOUNT_COLUMNS, closest_snapshot, nearest_snapshot, open_amounts_replayed, open_items_replayed,
    replayed_open_items, snapshot_open_amounts_before,
)
from tests.factories import approved_customer, execute, make_desk, move_clock, rows

WHY = "测试账套：未导入财务与业务系统汇总数"


def _drop_trigger(desk, table: str, verb: str) -> None:
    """Someone with the database and a tool takes a table's append-only guard off."""
    execute(desk, f"DROP TRIGGER {table}_no_{verb}" + (f" ON {table}" if desk.server is not None else ""))


def _open(desk, day: date, *, from_snapshot: bool) -> dict[int, int]:
    with desk.reading() as uow:
        query = open_items_replayed(day, uow.held_snapshots()) if from_snapshot else replayed_open_items(day)
        return {r.item_id: r.open_amount for r in uow.session.connection().execute(query) if r.open_amount}


def _summed(desk, day: date, *, from_snapshot: bool) -> dict[str, dict]:
    """What was open at ``day`` added up by each of the items' columns (with the due date, as aging buckets
    them), from the snapshot's rows and the entries after it as they are, or from a replay of every item."""
    with desk.reading() as uow:
        query = open_amounts_replayed(day, uow.held_snapshots()) if from_snapshot else replayed_open_items(day)
        found: dict[str, dict] = {}
        for row in uow.session.connection().execute(query).mappings():
            for column in OPEN_AMOUNT_COLUMNS[:-1]:
                key = (row[column], row["due_date"])
                found.setdefault(column, {})[key] = found.get(column, {}).get(key, 0) + row["open_amount"]
        return {column: {k: v for k, v in sums.items() if v} for column, sums in found.items()}


def _figures(desk, staff, day: date) -> list:
    found = []
    for request in (ReportRequest(ReportKind.AGING, day), ReportRequest(ReportKind.AGING, day, scheme="telecom"),
                    ReportRequest(ReportKind.MOVEMENT, day, start=day.replace(day=1))):
        report = reports.build(desk, staff.finance, request)
        found.append([(t.key, t.rows, t.totals) for t in report.tables])
    return found


def test_a_close_keeps_the_months_open_items_and_later_days_read_from_it(tmp_path):
    desk, staff = make_desk(tmp_path / "snap.sqlite3", date(2026, 9, 2))
    cid = approved_customer(desk, staff, limit=10**9)
    move_clock(desk, date(2026, 9, 10))
    first = record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 9, 5), 50_000, "S-1", True))
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 9, 8), 30_000, "S-2", True))
    third = record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 9, 9), 7_000, "S-3", True))
    paid = record_repayment(desk, staff.clerk, RepaymentInput(cid, 60_000, date(2026, 9, 10), "cheque", "R-1"))
    move_clock(desk, date(2026, 10, 3))
    close_month(desk, staff.finance, 202609, WHY)
    [(count, total, first_row, last_row)] = rows(desk, "SELECT item_count, open_total, first_row, last_row "
                                                       "FROM month_snapshots")
    assert (count, total, last_row - first_row + 1) == (2, 27_000, 2)  # S-1 paid in full, S-2 20.00 left, S-3
    # After the close: a cheque of September bounces in October, an item is reversed, one is entered backdated
    # into October (open), another paid.
    reverse_repayment(desk, staff.head, paid.repayment_id, "支票退票")
    reverse_arrears(desk, staff.head, first.item_id, "录入错误")
    move_clock(desk, date(2026, 10, 9))
    reverse_arrears(desk, staff.head, third.item_id, "录入错误")  # open in the snapshot, gone since
    move_clock(desk, date(2026, 10, 20))
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "PARCEL", date(2026, 10, 6), 9_000, "S-4", True))
    record_repayment(desk, staff.clerk, RepaymentInput(cid, 1_000, date(2026, 10, 12), "cash", "R-2"))
    for day in (date(2026, 9, 20), date(2026, 9, 30), date(2026, 10, 1), date(2026, 10, 7), date(2026, 10, 19)):
        assert _open(desk, day, from_snapshot=True) == _open(desk, day, from_snapshot=False), day
        assert _summed(desk, day, from_snapshot=True) == _summed(desk, day, from_snapshot=False), day
    # S-2 reopened in full by the bounce (30.00) and S-4 (9.00), less R-2 (1.00); S-1 and S-3 reversed
    assert sum(_summed(desk, date(2026, 10, 19), from_snapshot=True)["customer_id"].values()) == 38_000
    with desk.reading() as uow:
        held = uow.held_snapshots()
        assert nearest_snapshot(date(2026, 10, 7), held).as_of == date(2026, 9, 30)
        assert nearest_snapshot(date(2026, 9, 29), held) is None
    assert all(check.ok for check in verify_database(desk.location))
    desk.close()


def test_a_day_closer_to_the_next_month_end_is_read_back_from_its_snapshot(tmp_path):
    """Aging as of 29 October starts from October's snapshot, two days on, not September's, a month back: the
    entries dated in between are taken back (an item incurred, an offset made, a cheque from before that
    bounced, a write-off, an item reversed with its offset), and every figure is what a replay of all history
    gives."""
    desk, staff = make_desk(tmp_path / "back.sqlite3", date(2026, 9, 2))
    cid = approved_customer(desk, staff, limit=10**9)
    other = approved_customer(desk, staff, "另一客户", limit=10**9)
    move_clock(desk, date(2026, 9, 10))
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 9, 5), 50_000, "S-1", True))
    move_clock(desk, date(2026, 10, 3))
    close_month(desk, staff.finance, 202609, WHY)
    move_clock(desk, date(2026, 10, 20))
    bounced = record_repayment(desk, staff.clerk, RepaymentInput(cid, 20_000, date(2026, 10, 12), "cheque", "R-1"))
    gone = record_arrears(desk, staff.clerk, ArrearsInput(other, "PARCEL", date(2026, 10, 15), 8_000, "S-2", True))
    record_repayment(desk, staff.clerk, RepaymentInput(other, 3_000, date(2026, 10, 16), "cash", "R-2"))  # on S-2
    written = record_arrears(desk, staff.clerk, ArrearsInput(other, "LETTER", date(2026, 10, 17), 6_000, "S-3", True))
    move_clock(desk, date(2026, 10, 30))
    # dated after the 29th, up to the month's end
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "PARCEL", date(2026, 10, 30), 9_000, "S-4", True))
    record_repayment(desk, staff.clerk, RepaymentInput(cid, 1_000, date(2026, 10, 30), "cash", "R-3"))
    reverse_repayment(desk, staff.head, bounced.repayment_id, "支票退票")
    reverse_arrears(desk, staff.head, gone.item_id, "录入错误")
    write_off(desk, staff.head, staff.finance, written.item_id, reason="债务人注销", evidence="注销证明")
    move_clock(desk, date(2026, 11, 3))
    close_month(desk, staff.finance, 202610, WHY)
    with desk.reading() as uow:
        held = uow.held_snapshots()
    assert closest_snapshot(date(2026, 10, 29), held).as_of == date(2026, 10, 31)
    assert closest_snapshot(date(2026, 10, 10), held).as_of == date(2026, 9, 30)
    # the 29th is read back from October's snapshot (the comparisons below hold either way)
    assert str(open_amounts_replayed(date(2026, 10, 29), held)) == str(
        snapshot_open_amounts_before(held[-1], date(2026, 10, 29)))
    for day in (date(2026, 9, 20), date(2026, 10, 12), date(2026, 10, 16), date(2026, 10, 29), date(2026, 10, 30),
                date(2026, 11, 2)):
        assert _summed(desk, day, from_snapshot=True) == _summed(desk, day, from_snapshot=False), day
    # on the 29th: S-1 less R-1 (the cheque had not bounced yet), S-2 less R-2 (not yet reversed), S-3 (not yet
    # written off); S-4 and R-3 not yet entered
    assert _summed(desk, date(2026, 10, 29), from_snapshot=True)["customer_id"] == {
        (cid, date(2026, 10, 30)): 30_000, (other, date(2026, 11, 30)): 5_000 + 6_000}
    assert _figures(desk, staff, date(2026, 10, 29))[0] != _figures(desk, staff, date(2026, 10, 31))[0]
    desk.close()


def test_a_reopened_months_snapshot_no_longer_counts_and_the_next_close_keeps_a_new_one(tmp_path):
    desk, staff = make_desk(tmp_path / "reopen.sqlite3", date(2026, 9, 2))
    cid = approved_customer(desk, staff, limit=10**9)
    move_clock(desk, date(2026, 9, 10))
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 9, 5), 50_000, "S-1", True))
    move_clock(desk, date(2026, 10, 3))
    close_month(desk, staff.finance, 202609, WHY)
    reopen_month(desk, staff.finance, 202609, "补记漏登业务")
    with desk.reading() as uow:
        assert uow.held_snapshots() == []
    before = _figures(desk, staff, date(2026, 9, 30))
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 9, 28), 4_000, "LATE", True))
    assert _figures(desk, staff, date(2026, 9, 30)) != before  # the reopened month's figures move
    close_month(desk, staff.finance, 202609, WHY)
    with desk.reading() as uow:
        [held] = uow.held_snapshots()
    assert rows(desk, f"SELECT item_count, open_total FROM month_snapshots WHERE id = {held.id}") == [(2, 54_000)]
    assert _open(desk, date(2026, 10, 2), from_snapshot=True) == _open(desk, date(2026, 10, 2), from_snapshot=False)
    desk.close()


def test_verify_names_an_item_whose_kept_month_end_amount_no_longer_matches_the_entries(tmp_path):
    desk, staff = make_desk(tmp_path / "tamper.sqlite3", date(2026, 9, 2))
    cid = approved_customer(desk, staff, limit=10**9)
    move_clock(desk, date(2026, 9, 10))
    item = record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 9, 5), 50_000, "S-1", True))
    move_clock(desk, date(2026, 10, 3))
    close_month(desk, staff.finance, 202609, WHY)
    desk.close()
    _drop_trigger(desk, "month_snapshot_items", "update")  # someone with the file and a tool
    execute(desk, "UPDATE month_snapshot_items SET open_amount = open_amount - 100")
    [failed] = [c for c in verify_database(desk.location) if not c.ok and "快照" in c.name]
    assert f"#{item.item_id}" in failed.failures[0]
    assert any("49900" in f and "50000" in f for f in failed.failures)


def test_verify_names_a_snapshot_sum_that_is_not_its_items_added_up(tmp_path):
    """A past day's aging reads the snapshot's sums per customer and due date: a sum changed behind the
    program's back would move debt between customers or buckets unseen, so verify adds the items up again."""
    desk, staff = make_desk(tmp_path / "sums.sqlite3", date(2026, 9, 2))
    cid = approved_customer(desk, staff, limit=10**9)
    move_clock(desk, date(2026, 9, 10))
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 9, 5), 50_000, "S-1", True))
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 9, 6), 20_000, "S-2", True))
    move_clock(desk, date(2026, 10, 3))
    close_month(desk, staff.finance, 202609, WHY)
    desk.close()
    assert all(c.ok for c in verify_database(desk.location) if "快照" in c.name)
    assert rows(desk, "SELECT customer_id, open_amount FROM month_snapshot_sums") == [(cid, 70_000)]
    _drop_trigger(desk, "month_snapshot_sums", "update")
    execute(desk, "UPDATE month_snapshot_sums SET due_date = '2020-01-01'")
    [failed] = [c for c in verify_database(desk.location) if not c.ok and "快照" in c.name]
    assert len(failed.failures) == 2 and all("分户合计" in f and f"客户 #{cid}" in f for f in failed.failures)
    assert any("2020-01-01" in f for f in failed.failures)


def test_verify_finds_an_entry_changed_in_a_later_closed_month_at_that_months_snapshot(tmp_path):
    """Each snapshot after the first is checked from the one before it and the entries between: an item of
    October changed behind the program's back shows at October's snapshot, September's still agrees."""
    desk, staff = make_desk(tmp_path / "chain.sqlite3", date(2026, 9, 2))
    cid = approved_customer(desk, staff, limit=10**9)
    move_clock(desk, date(2026, 9, 10))
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 9, 5), 50_000, "S-1", True))
    move_clock(desk, date(2026, 10, 12))
    october = record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 10, 9), 8_000, "O-1", True))
    move_clock(desk, date(2026, 11, 3))
    close_month(desk, staff.finance, 202609, WHY)
    close_month(desk, staff.finance, 202610, WHY)
    desk.close()
    assert all(c.ok for c in verify_database(desk.location) if "快照" in c.name)
    _drop_trigger(desk, "arrears_items", "update")
    execute(desk, f"UPDATE arrears_items SET amount = 9000 WHERE id = {october.item_id}")
    [failed] = [c for c in verify_database(desk.location) if not c.ok and "快照" in c.name]
    assert all(f.startswith("2026-10") for f in failed.failures), failed.failures
    assert any(f"#{october.item_id}" in f and "8000" in f and "9000" in f for f in failed.failures)
