"""缴款 (postal 15): the clerk's day closes with the money per method matched against the receipts; the
receipt numbers run in sequence, a voided receipt is recorded, never skipped; finance receives the hand-in."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.domain.cashup import receipt_gaps, next_receipt
from app.domain.errors import DomainError
from app.services.cashup import clerk_day, hand_in, hand_ins, next_receipt_for, receive_hand_in, void_receipts
from app.services.context import FixedClock
from app.services.repayments import RepaymentInput, record_repayment, reverse_repayment
from db.models import APPEND_ONLY_TABLES, DAYBOOK_TABLES
from tests.factories import approved_customer, make_desk
from app.services.arrears import ArrearsInput, record_arrears

D = date(2026, 6, 15)


@pytest.fixture
def counter(tmp_path):
    desk, staff = make_desk(tmp_path / "c.sqlite3", D)
    customer = approved_customer(desk, staff)
    record_arrears(desk, staff.clerk, ArrearsInput(customer, "LETTER", D, 50_000, "V1", True))
    yield desk, staff, customer
    desk.close()


def pay(desk, staff, customer, receipt, amount, method="cash", who=None):
    return record_repayment(desk, who or staff.clerk, RepaymentInput(customer, amount, D, method, receipt))


def test_the_clerks_day_matches_money_per_method_against_the_receipts_and_is_received_by_finance(counter):
    desk, staff, customer = counter
    pay(desk, staff, customer, "SJ0001", 3_000)
    pay(desk, staff, customer, "SJ0002", 5_000, "wechat")
    bounced = pay(desk, staff, customer, "SJ0003", 2_000, "cheque")
    reverse_repayment(desk, staff.head, bounced.repayment_id, "退票")
    pay(desk, staff, customer, "X9", 700, who=staff.clerk2)  # another clerk's money is not in this drawer
    day = clerk_day(desk, staff.clerk)
    assert [r.receipt_no for r in day.receipts] == ["SJ0001", "SJ0002", "SJ0003"]
    assert day.receipts[2].bounced_at is not None
    assert day.expected == {"cash": 3_000, "wechat": 5_000} and not day.gaps and day.next_receipt == "SJ0004"
    cash_up = hand_in(desk, staff.clerk, {"cash": 3_000, "wechat": 5_000})
    with pytest.raises(DomainError) as twice:
        hand_in(desk, staff.clerk, {"cash": 3_000, "wechat": 5_000})
    assert twice.value.code == "cashup.already_closed"
    [pending] = hand_ins(desk, staff.finance, pending=True)
    assert pending.cash_up_id == cash_up and pending.expected == pending.handed_in == 8_000
    receive_hand_in(desk, staff.finance, cash_up)
    assert hand_ins(desk, staff.finance, pending=True) == []
    [done] = hand_ins(desk, staff.finance)
    assert done.received == 8_000 and done.received_by == "钱财务"


def test_a_difference_is_recorded_with_a_reason_never_without(counter):
    desk, staff, customer = counter
    pay(desk, staff, customer, "SJ0001", 3_000)
    with pytest.raises(DomainError) as refused:
        hand_in(desk, staff.clerk, {"cash": 2_900})
    assert refused.value.code == "cashup.difference_needs_reason" and "现金 -1.00" in refused.value.message("zh_CN")
    cash_up = hand_in(desk, staff.clerk, {"cash": 2_900}, "找零错付 1 元")
    [row] = hand_ins(desk, staff.head)
    assert (row.expected, row.handed_in, row.reason) == (3_000, 2_900, "找零错付 1 元")
    with pytest.raises(DomainError) as short:
        receive_hand_in(desk, staff.head, cash_up, {"cash": 2_800})
    assert short.value.code == "cashup.difference_needs_reason"


def test_a_gap_in_the_receipt_numbers_keeps_the_day_open_until_the_voided_receipt_is_recorded(counter):
    desk, staff, customer = counter
    pay(desk, staff, customer, "SJ0001", 1_000)
    pay(desk, staff, customer, "SJ0004", 1_000)
    day = clerk_day(desk, staff.clerk)
    assert [str(g) for g in day.gaps] == ["SJ0002–SJ0003"]
    with pytest.raises(DomainError) as refused:
        hand_in(desk, staff.clerk, {"cash": 2_000})
    assert refused.value.code == "cashup.gaps" and "SJ0002–SJ0003" in refused.value.message("zh_CN")
    assert void_receipts(desk, staff.clerk, "SJ0002", "SJ0003", "打印卡纸") == ["SJ0002", "SJ0003"]
    day = clerk_day(desk, staff.clerk)
    assert not day.gaps and [(v.receipt_no, v.reason) for v in day.voided] == [("SJ0002", "打印卡纸"),
                                                                              ("SJ0003", "打印卡纸")]
    hand_in(desk, staff.clerk, {"cash": 2_000})
    with pytest.raises(DomainError) as reused:
        pay(desk, staff, customer, "SJ0002", 500)
    assert reused.value.code == "receipt.voided"
    with pytest.raises(DomainError) as used:
        void_receipts(desk, staff.clerk, "SJ0004", None, "重复")
    assert used.value.code == "receipt.void_in_use"


def test_the_sequence_continues_from_the_clerks_previous_day(counter):
    desk, staff, customer = counter
    pay(desk, staff, customer, "SJ0001", 1_000)
    desk.clock = FixedClock(D + timedelta(days=1))
    pay(desk, staff, customer, "SJ0003", 1_000)
    assert [str(g) for g in clerk_day(desk, staff.clerk).gaps] == ["SJ0002"]
    assert next_receipt_for(desk, staff.clerk) == "SJ0004"


def test_finance_and_the_head_receive_hand_ins_but_not_their_own_and_a_clerk_cannot(counter):
    desk, staff, customer = counter
    pay(desk, staff, customer, "H0001", 1_000, who=staff.head)
    own = hand_in(desk, staff.head, {"cash": 1_000})
    with pytest.raises(DomainError) as refused:
        receive_hand_in(desk, staff.head, own)
    assert refused.value.code == "cashup.own_hand_in"
    with pytest.raises(DomainError) as clerk:
        receive_hand_in(desk, staff.clerk, own)
    assert clerk.value.code == "auth.forbidden"
    receive_hand_in(desk, staff.finance, own)
    with pytest.raises(DomainError) as again:
        receive_hand_in(desk, staff.finance, own)
    assert again.value.code == "cashup.already_received"


def test_the_cash_up_tables_are_append_only(counter):
    from tests.factories import REFUSED, execute, trigger_names
    desk, staff, customer = counter
    pay(desk, staff, customer, "SJ0001", 1_000)
    hand_in(desk, staff.clerk, {"cash": 1_000})
    for statement in ("UPDATE cash_ups SET handed_in = 0", "DELETE FROM cash_up_amounts"):
        with pytest.raises(REFUSED, match="append-only"):
            execute(desk, statement)
    triggers = trigger_names(desk)
    assert {f"{t}_no_{v}" for t in DAYBOOK_TABLES for v in ("update", "delete")} <= triggers
    assert set(DAYBOOK_TABLES) <= set(APPEND_ONLY_TABLES)


def test_receipt_series_rules():
    assert next_receipt("SJ0099") == "SJ0100" and next_receipt("收据") == "" and next_receipt(None) == ""
    # a new book (another series) starts its own sequence; a number without digits stands alone
    assert receipt_gaps(["B0001", "B0002", "NONUM"], ["A0010"], []) == []
    assert [str(g) for g in receipt_gaps(["A0013"], ["A0010", "A0011"], ["A0012"])] == []
    assert [str(g) for g in receipt_gaps(["A0014"], ["A0010", "A0011"], [])] == ["A0012–A0013"]


def test_the_cash_up_from_the_command_line(counter, capsys):
    from app.cli import main
    from tests.factories import PASSWORD
    desk, staff, customer = counter
    pay(desk, staff, customer, "SJ0001", 3_000)
    pay(desk, staff, customer, "SJ0003", 1_050, "wechat")
    path = desk.location
    desk.close()
    clerk = ["--db", path, "--user", "clerk", "--password", PASSWORD, "--day", D.isoformat()]
    assert main(["cash-up", "day", *clerk]) == 2  # SJ0002 unexplained
    assert "SJ0002" in capsys.readouterr().out
    assert main(["cash-up", "hand-in", "--amount", "cash=30", "--amount", "wechat=10.50", *clerk]) == 2
    assert "SJ0002" in capsys.readouterr().err
    assert main(["cash-up", "void", "--from", "SJ0002", "--reason", "填错作废", *clerk[:-2]]) == 0
    assert main(["cash-up", "hand-in", "--amount", "cash=30", "--amount", "wechat=10.50", *clerk]) == 0
    finance = ["--db", path, "--user", "finance", "--password", PASSWORD]
    capsys.readouterr()
    assert main(["cash-up", "pending", *finance]) == 0
    [line] = capsys.readouterr().out.splitlines()
    cash_up_id = line.split()[0]
    assert main(["cash-up", "receive", "--id", cash_up_id, *finance]) == 0
    assert main(["cash-up", "day", "--clerk", "clerk", "--day", D.isoformat(), *finance]) == 0
    assert "钱财务 已接收" in capsys.readouterr().out.replace("，", " ")


def test_a_clerk_whose_day_is_handed_in_takes_no_more_money_that_day(counter):
    desk, staff, customer = counter
    pay(desk, staff, customer, "SJ0001", 3_000)
    hand_in(desk, staff.clerk, {"cash": 3_000})
    with pytest.raises(DomainError) as refused:
        pay(desk, staff, customer, "SJ0002", 7_000)
    assert refused.value.code == "cashup.day_handed_in"
    pay(desk, staff, customer, "SJ0002", 7_000, who=staff.clerk2)  # a colleague takes it


def test_numbers_a_colleague_used_in_a_shared_series_are_no_gap(counter):
    desk, staff, customer = counter
    pay(desk, staff, customer, "SJ0001", 1_000)
    pay(desk, staff, customer, "SJ0002", 1_000, who=staff.clerk2)
    pay(desk, staff, customer, "SJ0003", 1_000)
    assert clerk_day(desk, staff.clerk).gaps == []
    hand_in(desk, staff.clerk, {"cash": 2_000})


def test_a_clerk_with_money_not_handed_in_is_not_moved_off_the_counter(counter):
    from app.domain.roles import Role
    from app.services.auth import change_user_role
    desk, staff, customer = counter
    pay(desk, staff, customer, "SJ0001", 1_000)
    hand_in(desk, staff.clerk, {"cash": 1_000})  # the branch keeps its 缴款 in the program from today
    pay(desk, staff, customer, "SJ0101", 5_000, who=staff.clerk2)
    with pytest.raises(DomainError) as refused:
        change_user_role(desk, staff.admin, staff.clerk2.user_id, Role.MARKETING)
    assert refused.value.code == "cashup.not_handed_in" and "2026" in refused.value.message()
