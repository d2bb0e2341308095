"""预存款核销 (applying unapplied credit to later items): previewed first, dated today, never before the money
existed nor before its item; from the command line too."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.cli import main
from app.domain.allocation import NamedTarget
from app.domain.errors import DomainError
from app.services.arrears import ArrearsInput, record_arrears, reverse_arrears
from app.services.repayments import RepaymentInput, apply_credit, preview_credit, record_repayment
from tests.factories import PASSWORD, approved_customer, iso_rows, make_desk, move_clock, rows

START = date(2026, 1, 5)


@pytest.fixture
def world(tmp_path):
    desk, staff = make_desk(tmp_path / "credit.sqlite3", START)
    cid = approved_customer(desk, staff)
    yield desk, staff, cid
    desk.close()


def _credit_then_items(desk, staff, cid, day):
    record_repayment(desk, staff.clerk, RepaymentInput(cid, 30_000, day, "transfer", "R1"))
    old = record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", day, 10_000, "OLD", True))
    new = record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", day, 25_000, "NEW", True))
    return old, new


def test_applying_credit_is_previewed_without_writing_then_posted_dated_today(world):
    desk, staff, cid = world
    move_clock(desk, START + timedelta(days=3))
    _credit_then_items(desk, staff, cid, START + timedelta(days=3))
    today = START + timedelta(days=10)
    move_clock(desk, today)
    plan = preview_credit(desk, staff.clerk, cid)
    assert plan.available == 30_000 and plan.on == today
    assert [(line.voucher_no, line.amount) for line in plan.preview.lines] == [("OLD", 10_000), ("NEW", 20_000)]
    assert rows(desk, "SELECT COUNT(*) FROM allocations") == [(0,)]
    named = preview_credit(desk, staff.clerk, cid, (NamedTarget(2),))
    assert [(line.voucher_no, line.amount) for line in named.preview.lines] == [("NEW", 25_000)]
    apply_credit(desk, staff.clerk, cid)
    assert iso_rows(desk, "SELECT amount, effective_on, source FROM allocations ORDER BY id") == [
        (10_000, today.isoformat(), "credit"), (20_000, today.isoformat(), "credit")]


def test_credit_is_never_applied_before_the_money_was_paid(world):
    desk, staff, cid = world
    item = record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", START, 10_000, "V1", True))
    paid_on = START + timedelta(days=20)
    move_clock(desk, paid_on)
    record_repayment(desk, staff.clerk, RepaymentInput(cid, 50_000, paid_on, "cash", "R1"))  # closes V1, 400 held
    later = record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", START + timedelta(days=2), 5_000, "V2", True))
    move_clock(desk, paid_on + timedelta(days=5))
    apply_credit(desk, staff.clerk, cid, on=START + timedelta(days=2))  # asked for a day before the money
    assert iso_rows(desk, "SELECT effective_on FROM allocations WHERE arrears_item_id = ?", later.item_id) \
        == [(paid_on.isoformat(),)]
    with pytest.raises(DomainError) as refused:
        apply_credit(desk, staff.clerk, cid, on=desk.clock.today() + timedelta(days=1))
    assert refused.value.code == "credit_apply.future"
    del item


def test_money_given_back_by_a_reversal_counts_from_the_reversal(world):
    desk, staff, cid = world
    wrong = record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", START, 10_000, "WRONG", True))
    record_repayment(desk, staff.clerk, RepaymentInput(cid, 10_000, START, "cash", "R1"))
    right = record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", START, 10_000, "RIGHT", True))
    reversed_on = START + timedelta(days=7)
    move_clock(desk, reversed_on)
    reverse_arrears(desk, staff.head, wrong.item_id, "重复登记")
    move_clock(desk, reversed_on + timedelta(days=3))
    apply_credit(desk, staff.clerk, cid, on=START)
    assert iso_rows(desk, "SELECT effective_on FROM allocations WHERE arrears_item_id = ? AND source = 'credit'",
                right.item_id) == [(reversed_on.isoformat(),)]


def test_nothing_open_or_no_credit_is_refused_with_the_reason(world):
    desk, staff, cid = world
    with pytest.raises(DomainError) as refused:
        preview_credit(desk, staff.clerk, cid)
    assert refused.value.code == "credit_balance.empty"
    record_repayment(desk, staff.clerk, RepaymentInput(cid, 1_000, START, "cash", "R1"))
    with pytest.raises(DomainError) as refused:
        apply_credit(desk, staff.clerk, cid)
    assert refused.value.code == "credit_apply.nothing_open"


def test_command_line_previews_and_applies_credit_to_named_items(tmp_path, capsys):
    today = date.today()  # the command line runs on the real clock
    desk, staff = make_desk(tmp_path / "cli.sqlite3", today - timedelta(days=2))
    cid = approved_customer(desk, staff)
    _credit_then_items(desk, staff, cid, today - timedelta(days=2))
    code = rows(desk, "SELECT code FROM customers WHERE id = ?", cid)[0][0]
    desk.close()
    env = ["--db", desk.location, "--user", "clerk", "--password", PASSWORD, "--customer", code]
    assert main(["apply-credit", *env, "--item", "NEW", "--preview"]) == 0
    out = capsys.readouterr().out
    assert "预存款 300.00 元" in out and "NEW" in out and "OLD" not in out and "剩余预存款 50.00 元" in out
    assert rows(desk, "SELECT COUNT(*) FROM allocations") == [(0,)]
    assert main(["apply-credit", *env, "--item", "NEW"]) == 0
    assert "已核销预存款 250.00 元，1 笔" in capsys.readouterr().out
    assert iso_rows(desk, "SELECT arrears_item_id, amount, effective_on FROM allocations") == [
        (2, 25_000, today.isoformat())]
    assert main(["apply-credit", *env, "--item", "NOPE"]) != 0
    assert "NOPE" in capsys.readouterr().err
