"""Backdated entries within the open month (issue 13): a payment dated before a bounce it overlaps, or 预存款
applied "as of" such a day, is dated so that no replayed day takes the item below zero (an offset counts
from the latest of the money's day, the item's business date and the day a bounced repayment reopened the
item: app/domain/repayments.py)."""
from __future__ import annotations

from datetime import date

from app.services.arrears import ArrearsInput, record_arrears
from app.services.repayments import RepaymentInput, apply_credit, record_repayment, reverse_repayment
from tests import ledger_replay as replay, server
from tests.factories import approved_customer, iso_rows, make_desk, move_clock

START = date(2026, 3, 2)


def _below_zero(desk, first: date, last: date) -> dict:
    e = replay.read_entries(desk.path if desk.server is None else server.database_url(desk.server.database))
    found, day = {}, first
    while day <= last:
        found.update({(day, i): a for i, a in replay.open_amounts(e, day).items() if a < 0})
        day = date.fromordinal(day.toordinal() + 1)
    return found


def test_a_payment_backdated_before_a_bounce_counts_only_from_the_day_the_item_reopened(tmp_path):
    desk, staff = make_desk(tmp_path / "back.sqlite3", START)
    cid = approved_customer(desk, staff)
    item = record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", START, 10_000, "PZ1", True))
    move_clock(desk, date(2026, 3, 5))
    cheque = record_repayment(desk, staff.clerk, RepaymentInput(cid, 10_000, date(2026, 3, 5), "cheque", "R1"))
    move_clock(desk, date(2026, 3, 12))
    reverse_repayment(desk, staff.head, cheque.repayment_id, "支票退票")  # the item is open again from the 12th
    move_clock(desk, date(2026, 3, 16))
    # the customer paid in cash on the 8th, brought to the counter today: the receipt keeps the 8th
    record_repayment(desk, staff.clerk, RepaymentInput(cid, 10_000, date(2026, 3, 8), "cash", "R2"))
    assert iso_rows(desk, "SELECT paid_on FROM repayments WHERE receipt_no = 'R2'") == [("2026-03-08",)]
    assert iso_rows(desk, "SELECT effective_on FROM allocations WHERE repayment_id = 2") == [("2026-03-12",)]
    assert _below_zero(desk, START, date(2026, 3, 16)) == {}
    assert item.item_id


def test_credit_applied_as_of_a_day_before_a_bounce_counts_only_from_the_reopening(tmp_path):
    desk, staff = make_desk(tmp_path / "credit.sqlite3", START)
    cid = approved_customer(desk, staff)
    record_repayment(desk, staff.clerk, RepaymentInput(cid, 10_000, START, "cash", "R0"))  # held as 预存款
    move_clock(desk, date(2026, 3, 3))
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 3, 3), 10_000, "PZ1", True))
    move_clock(desk, date(2026, 3, 5))
    cheque = record_repayment(desk, staff.clerk, RepaymentInput(cid, 10_000, date(2026, 3, 5), "cheque", "R1"))
    move_clock(desk, date(2026, 3, 12))
    reverse_repayment(desk, staff.head, cheque.repayment_id, "支票退票")
    apply_credit(desk, staff.clerk, cid, on=date(2026, 3, 6))
    assert iso_rows(desk, "SELECT effective_on FROM allocations WHERE source = 'credit'") == [("2026-03-12",)]
    assert _below_zero(desk, START, date(2026, 3, 12)) == {}
