"""营业日报单 by posting day, and a printed day that stays as printed (issue 13, "books that stay closed";
postal 16: 机打日报单不得进行手工修改)."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from app.domain.customers import PAYMENT_METHOD_WORDS
from app.domain.errors import DomainError
from app.reports import words as w
from app.reports.request import ReportRequest
from app.services.arrears import ArrearsInput, record_arrears, reverse_arrears
from app.services.reports import build, write_report
from app.services.repayments import RepaymentInput, record_repayment, reverse_repayment
from app.services.verify import integrity_root, verify_database
from tests.factories import ClockAt, approved_customer, execute, make_desk

D = date(2026, 6, 15)



@pytest.fixture
def day_d(tmp_path):
    """Day D: two items and two repayments (cash, transfer) by the clerk; the clock then at D+1 morning."""
    desk, staff = make_desk(tmp_path / "d.sqlite3", D)
    clock = desk.clock = ClockAt(datetime.combine(D, datetime.min.time()).replace(hour=9))
    customer = approved_customer(desk, staff)
    letter = record_arrears(desk, staff.clerk, ArrearsInput(customer, "LETTER", D, 10_000, "V-D1", True))
    record_arrears(desk, staff.clerk, ArrearsInput(customer, "PARCEL", D, 4_000, "V-D2", True))
    clock.at += timedelta(hours=2)
    cash = record_repayment(desk, staff.clerk, RepaymentInput(customer, 3_000, D, "cash", "SJ0001"))
    transfer = record_repayment(desk, staff.clerk, RepaymentInput(customer, 5_000, D, "transfer", "SJ0002"))
    clock.at = datetime.combine(D + timedelta(days=1), datetime.min.time()).replace(hour=8)
    yield desk, staff, clock, customer, letter, cash, transfer
    desk.close()


def next_day_begins(desk, staff, customer) -> None:
    """The first entry of D+1: the ledger itself has moved past D, so a print of D now binds."""
    record_arrears(desk, staff.clerk, ArrearsInput(customer, "LETTER", D + timedelta(days=1), 100, "V-D+1", True))


def figures(report):
    return [(t.key, t.rows, t.totals) for t in report.tables]


def test_the_daily_report_counts_by_posting_day_with_paid_in_money_per_method(day_d):
    desk, staff, clock, customer, letter, cash, transfer = day_d
    report = build(desk, staff.head, ReportRequest("daily", D, start=D))
    kinds = report.table("by_line_kind")
    assert kinds.rows == [[D, w.DAILY_LINE_WORDS["incurred"], 2, 14_000], [D, w.DAILY_LINE_WORDS["paid_in"], 2, 8_000],
                          [D, w.ARREARS_NET, 2, 14_000], [D, w.MONEY_NET, 2, 8_000]]
    assert kinds.totals is None  # new arrears and money paid in are never added together
    assert report.table("by_payment_method").totals[-2:] == [2, 8_000]
    methods = report.table("by_payment_method")
    assert [(r[1], r[3], r[4]) for r in methods.rows] == [(PAYMENT_METHOD_WORDS["cash"], 1, 3_000),
                                                          (PAYMENT_METHOD_WORDS["transfer"], 1, 5_000)]
    assert w.NOTE_DAILY in report.notes and "已打印的日报不再变动" in w.NOTE_DAILY.zh


def test_a_reversal_and_a_bounce_are_negative_lines_on_the_day_they_were_made(day_d):
    desk, staff, clock, customer, letter, cash, transfer = day_d
    reverse_arrears(desk, staff.head, letter.item_id, "重复登记")
    reverse_repayment(desk, staff.head, transfer.repayment_id, "退票")
    later = build(desk, staff.head, ReportRequest("daily", D + timedelta(days=1), start=D + timedelta(days=1)))
    after = D + timedelta(days=1)
    assert later.table("by_line_kind").rows == [[after, w.DAILY_LINE_WORDS["item_reversed"], 1, -10_000],
                                                [after, w.DAILY_LINE_WORDS["bounced"], 1, -5_000],
                                                [after, w.ARREARS_NET, 1, -10_000], [after, w.MONEY_NET, 1, -5_000]]
    assert later.table("by_payment_method").rows == [
        [D + timedelta(days=1), PAYMENT_METHOD_WORDS["transfer"], w.DAILY_LINE_WORDS["bounced"], 1, -5_000]]


def test_a_printed_day_reprints_the_same_figures_and_root_after_later_activity(day_d, tmp_path):
    desk, staff, clock, customer, letter, cash, transfer = day_d
    request = ReportRequest("daily", D, start=D)
    next_day_begins(desk, staff, customer)
    printed = build(desk, staff.head, request)
    write_report(desk, printed, tmp_path / "d.pdf", actor=staff.head)
    # later activity: a reversal of D's item, a bounce of D's repayment, new entries, days later
    clock.at += timedelta(hours=3)
    reverse_arrears(desk, staff.head, letter.item_id, "重复登记")
    reverse_repayment(desk, staff.head, transfer.repayment_id, "退票")
    record_arrears(desk, staff.clerk, ArrearsInput(customer, "LETTER", D, 2_000, "V-LATE", True))  # dated D, posted later
    clock.at += timedelta(days=3)
    record_repayment(desk, staff.clerk, RepaymentInput(customer, 1_000, D, "cash", "SJ0003"))
    again = build(desk, staff.head, request)
    assert figures(again) == figures(printed)
    assert dict(again.parameters)[w.INTEGRITY_ROOT].say() == dict(printed.parameters)[w.INTEGRITY_ROOT].say()
    assert not again.warnings
    assert any(getattr(n, "words", None) is w.NOTE_DAILY_FIRST_PRINT for n in again.notes)
    root = dict(dict(again.parameters)[w.INTEGRITY_ROOT].params)["root"]
    assert root == integrity_root(desk.location, datetime.combine(D + timedelta(days=1), datetime.min.time()))


def test_nothing_is_posted_into_a_day_whose_report_was_printed(day_d, tmp_path):
    """A clock set back into a printed day (within the clock check's tolerance or confirmed) is refused."""
    desk, staff, clock, customer, letter, cash, transfer = day_d
    clock.at = datetime.combine(D + timedelta(days=1), datetime.min.time()).replace(minute=2)
    next_day_begins(desk, staff, customer)
    write_report(desk, build(desk, staff.head, ReportRequest("daily", D, start=D)), tmp_path / "d.xlsx", actor=staff.head)
    clock.at = datetime.combine(D, datetime.min.time()).replace(hour=23, minute=55)  # within the clock's tolerance
    with pytest.raises(DomainError) as refused:
        record_repayment(desk, staff.clerk, RepaymentInput(customer, 1_000, D, "cash", "SJ0003"))
    assert refused.value.code == "daily.printed"


def test_a_reprint_that_differs_from_the_paper_says_so(day_d, tmp_path):
    desk, staff, clock, customer, letter, cash, transfer = day_d
    request = ReportRequest("daily", D, start=D)
    next_day_begins(desk, staff, customer)
    write_report(desk, build(desk, staff.head, request), tmp_path / "d.xlsx", actor=staff.head)
    # someone edits the database behind the program's back (on the server, as the tables' owner)
    execute(desk, "DROP TRIGGER repayments_no_update" + (" ON repayments" if desk.server else ""))
    execute(desk, "UPDATE repayments SET amount = 3500 WHERE receipt_no = 'SJ0001'")
    again = build(desk, staff.head, request)
    assert any(getattr(x, "words", None) is w.DAILY_PRINT_DIFFERS for x in again.warnings)
    [check] = [c for c in verify_database(desk.location) if "营业日报单" in c.name]
    assert check.failure_count == 1 and "2026-06-15" in check.failures[0]


def test_a_workstation_whose_clock_runs_ahead_cannot_close_a_day_the_counters_still_work_in(day_d, tmp_path):
    """The auditor's PC says D+1 while nothing has been recorded after D: its print does not bind, and the
    counter, whose clock says D, still posts."""
    desk, staff, clock, customer, letter, cash, transfer = day_d
    write_report(desk, build(desk, staff.head, ReportRequest("daily", D, start=D)), tmp_path / "d.xlsx",
                 actor=staff.auditor)
    clock.at = datetime.combine(D, datetime.min.time()).replace(hour=17)
    record_repayment(desk, staff.clerk, RepaymentInput(customer, 1_000, D, "cash", "SJ0003"))


def test_a_day_not_over_is_marked_as_not_final_and_not_kept_as_printed(day_d, tmp_path):
    desk, staff, clock, customer, letter, cash, transfer = day_d
    today = clock.today()
    report = build(desk, staff.head, ReportRequest("daily", today, start=today))
    assert any(getattr(n, "words", None) is w.NOTE_DAILY_NOT_FINAL for n in report.notes)
    write_report(desk, report, tmp_path / "t.xlsx", actor=staff.head)
    with desk.reading() as uow:
        assert uow.daybook.last_printed_day() is None
