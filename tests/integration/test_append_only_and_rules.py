"""The database refuses to rewrite the ledger; a failed use case leaves nothing; the business rules hold."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.domain.allocation import NamedTarget
from app.domain.errors import DomainError
from app.services.arrears import ArrearsInput, OverLimitOverride, record_arrears, reverse_arrears, write_off
from app.services.context import FixedClock
from app.services.customers import (
    CustomerInput, apply_for_credit, approve_credit, change_status, register_customer,
)
from app.services.repayments import RepaymentInput, apply_credit, preview_repayment, record_repayment
from db.ledger import Ledger
from db.models import LEDGER_TABLES
from tests.factories import REFUSED, approved_customer, execute, make_desk, move_clock, notice_served, rows

TODAY = date(2026, 6, 15)


@pytest.fixture
def world(tmp_path):
    desk, staff = make_desk(tmp_path / "ledger.sqlite3", today=date(2026, 1, 2))
    cid = approved_customer(desk, staff, limit=1_000_000)  # 10,000.00 yuan
    desk.clock = FixedClock(TODAY)
    yield desk, staff, cid
    desk.close()


def item(cid, amount, voucher, day=date(2026, 2, 10), line="LETTER"):
    return ArrearsInput(cid, line, day, amount, voucher, signature_confirmed=True)


@pytest.mark.parametrize("table", LEDGER_TABLES)
def test_the_database_refuses_update_and_delete_on_ledger_tables(world, table):
    desk, staff, cid = world
    record_arrears(desk, staff.clerk, item(cid, 50_000, "V1"))
    result = record_repayment(desk, staff.clerk, RepaymentInput(cid, 20_000, TODAY, "cash", "R1"))
    reverse_arrears(desk, staff.head, 1, "录入错误")  # a reversal row exists too
    record_arrears(desk, staff.clerk, item(cid, 30_000, "V2"))
    write_off(desk, staff.head, staff.finance, 2, reason="债务人注销", evidence="注销证明")
    from app.services.writeoffs import record_recovery
    record_recovery(desk, staff.clerk, 2, 1_000, method="cash", receipt_no="R2")  # 收回已核销坏账
    assert result.repayment_id
    assert rows(desk, f"SELECT COUNT(*) FROM {table}")[0][0] > 0
    for sql in (f"UPDATE {table} SET id = id", f"DELETE FROM {table}"):
        with pytest.raises(REFUSED, match="append-only"):
            execute(desk, sql)


def test_a_failure_mid_use_case_leaves_nothing_behind(world, monkeypatch):
    desk, staff, cid = world
    record_arrears(desk, staff.clerk, item(cid, 50_000, "V1"))
    before = rows(desk, "SELECT * FROM customer_balances"), rows(desk, "SELECT * FROM item_balances")
    audit_before = rows(desk, "SELECT COUNT(*) FROM audit_log")

    def broken(*args, **kwargs):
        raise RuntimeError("disk unplugged halfway")

    monkeypatch.setattr(Ledger, "_post_offsets", broken)
    with pytest.raises(RuntimeError):
        record_repayment(desk, staff.clerk, RepaymentInput(cid, 20_000, TODAY, "cash", "R1"))
    assert rows(desk, "SELECT COUNT(*) FROM repayments") == [(0,)]
    assert rows(desk, "SELECT COUNT(*) FROM repayment_balances") == [(0,)]
    assert rows(desk, "SELECT COUNT(*) FROM allocations") == [(0,)]
    assert rows(desk, "SELECT COUNT(*) FROM audit_log") == audit_before
    assert (rows(desk, "SELECT * FROM customer_balances"), rows(desk, "SELECT * FROM item_balances")) == before


@pytest.mark.parametrize("make_input,code", [
    (lambda cid: item(cid, 0, "V0"), "amount.not_positive"),
    (lambda cid: item(cid, -100, "V0"), "amount.not_positive"),
    (lambda cid: item(cid, 100, "  "), "voucher.required"),
    (lambda cid: item(cid, 100, "V0", day=date(2026, 7, 1)), "date.in_future"),
    (lambda cid: item(cid, 100, "V0", day=date(2025, 12, 31)), "customer.no_agreement"),
    (lambda cid: item(cid, 100, "V0", line="NOPE"), "business_line.unknown"),
])
def test_arrears_are_refused_with_a_reason(world, make_input, code):
    desk, staff, cid = world
    with pytest.raises(DomainError) as info:
        record_arrears(desk, staff.clerk, make_input(cid))
    assert info.value.code == code
    assert rows(desk, "SELECT COUNT(*) FROM arrears_items") == [(0,)]


def test_arrears_refused_for_a_customer_without_an_approved_agreement(world):
    desk, staff, _ = world
    pending = register_customer(desk, staff.clerk, CustomerInput(name="未审批客户"))
    with pytest.raises(DomainError) as info:
        record_arrears(desk, staff.clerk, item(pending.customer_id, 100, "V9"))
    assert info.value.code == "customer.no_agreement"
    assert "未审批客户" in info.value.message()


def test_suspended_customer_gets_no_new_arrears(world):
    desk, staff, cid = world
    move_clock(desk, TODAY - timedelta(days=20))
    record_arrears(desk, staff.clerk, item(cid, 100, "V0"))
    notice_served(desk, staff, cid, TODAY)
    change_status(desk, staff.head, cid, "suspend", "书面催缴后仍未结付")
    with pytest.raises(DomainError) as info:
        record_arrears(desk, staff.clerk, item(cid, 100, "V1"))
    assert info.value.code == "customer.not_active"
    assert "暂停记欠" in info.value.message()


def test_duplicate_voucher_refused_but_reusable_after_reversal(world):
    desk, staff, cid = world
    first = record_arrears(desk, staff.clerk, item(cid, 10_000, "PZ-1"))
    with pytest.raises(DomainError) as info:
        record_arrears(desk, staff.clerk, item(cid, 10_000, "PZ-1"))
    assert info.value.code == "voucher.duplicate"
    reverse_arrears(desk, staff.clerk, first.item_id, "金额录错")
    again = record_arrears(desk, staff.clerk, item(cid, 12_000, "PZ-1"))
    assert again.amount == 12_000


def test_over_the_credit_limit_needs_a_branch_head_with_a_reason(world):
    desk, staff, cid = world
    record_arrears(desk, staff.clerk, item(cid, 900_000, "V1"))
    with pytest.raises(DomainError) as info:
        record_arrears(desk, staff.clerk, item(cid, 200_000, "V2"))
    assert info.value.code == "credit.over_limit"
    assert "1,000.00" in info.value.message()  # the excess, in words a clerk can act on
    with pytest.raises(DomainError) as info:
        record_arrears(desk, staff.clerk, item(cid, 200_000, "V2"), OverLimitOverride(staff.clerk2, "老客户"))
    assert info.value.code == "credit.override_not_head"
    with pytest.raises(DomainError) as info:
        record_arrears(desk, staff.clerk, item(cid, 200_000, "V2"), OverLimitOverride(staff.head, " "))
    assert info.value.code == "credit.override_reason"
    done = record_arrears(desk, staff.clerk, item(cid, 200_000, "V2"), OverLimitOverride(staff.head, "年底集中交寄"))
    assert done.over_limit_override_by == "王主任"
    assert rows(desk, "SELECT override_reason FROM arrears_items WHERE id = ?", done.item_id) == [("年底集中交寄",)]


def test_credit_is_approved_by_marketing_never_by_the_applicant_or_a_clerk(world):
    desk, staff, _ = world
    customer = register_customer(desk, staff.clerk, CustomerInput(name="新客户"))
    application = apply_for_credit(desk, staff.clerk, customer.customer_id, credit_grade="B",
                                   requested_limit=5_000_000, settlement_cycle_months=2)
    with pytest.raises(DomainError) as info:
        approve_credit(desk, staff.clerk2, application.application_id)
    assert info.value.code == "auth.forbidden"
    agreement = approve_credit(desk, staff.marketing, application.application_id, credit_limit=3_000_000)
    assert agreement.credit_limit == 3_000_000 and agreement.settlement_cycle_months == 2
    assert (agreement.valid_to - agreement.valid_from).days in (364, 365)
    own = register_customer(desk, staff.marketing, CustomerInput(name="营销自办客户"))
    with pytest.raises(DomainError):
        apply_for_credit(desk, staff.marketing, own.customer_id, credit_grade="B", requested_limit=1)
    with pytest.raises(DomainError) as info:
        apply_for_credit(desk, staff.clerk, own.customer_id, credit_grade="B", requested_limit=1,
                         settlement_cycle_months=4)
    assert info.value.code == "credit.bad_cycle"


def test_every_change_is_audited_with_the_user_and_before_after(world):
    desk, staff, cid = world
    record_arrears(desk, staff.clerk, item(cid, 10_000, "V1"))
    record_repayment(desk, staff.clerk2, RepaymentInput(cid, 4_000, TODAY, "cash", "R1"))
    reverse_arrears(desk, staff.head, 1, "录入错误")
    audit = rows(desk, "SELECT a.action, u.username, a.before IS NOT NULL, a.after IS NOT NULL FROM audit_log a "
                       "LEFT JOIN users u ON u.id = a.user_id WHERE a.action IN "
                       "('arrears.record', 'repayment.record', 'arrears.reverse') ORDER BY a.id")
    assert audit == [("arrears.record", "clerk", 0, 1), ("repayment.record", "clerk2", 0, 1),
                     ("arrears.reverse", "head", 1, 1)]


def test_suspension_lifts_by_itself_when_the_overdue_items_are_paid(world):
    desk, staff, cid = world
    move_clock(desk, TODAY - timedelta(days=20))
    record_arrears(desk, staff.clerk, item(cid, 10_000, "V1"))  # due 2026-03-31 + 30 days: overdue now
    notice_served(desk, staff, cid, TODAY)
    change_status(desk, staff.head, cid, "suspend", "书面催缴后仍未结付")
    part = record_repayment(desk, staff.clerk, RepaymentInput(cid, 4_000, TODAY, "cash", "R1"))
    assert not part.restored_from_suspension
    full = record_repayment(desk, staff.clerk, RepaymentInput(cid, 6_000, TODAY, "cash", "R2"))
    assert full.restored_from_suspension
    assert rows(desk, "SELECT status FROM customers WHERE id = ?", cid) == [("active",)]
    assert rows(desk, "SELECT COUNT(*) FROM audit_log WHERE action = 'customer.restore_cleared'") == [(1,)]


def test_excess_money_is_kept_as_credit_and_used_later(world):
    desk, staff, cid = world
    record_arrears(desk, staff.clerk, item(cid, 10_000, "V1"))
    result = record_repayment(desk, staff.clerk, RepaymentInput(cid, 25_000, TODAY, "transfer", "R1"))
    assert result.preview.excess == 15_000 and result.customer_unapplied_credit == 15_000
    record_arrears(desk, staff.clerk, item(cid, 12_000, "V2", day=TODAY))
    applied = apply_credit(desk, staff.clerk, cid)
    assert [(line.voucher_no, line.amount) for line in applied.lines] == [("V2", 12_000)]
    assert rows(desk, "SELECT open_total, unapplied_credit FROM customer_balances WHERE customer_id = ?", cid) \
        == [(0, 3_000)]


def test_both_allocation_modes_can_be_previewed_without_writing(world):
    desk, staff, cid = world
    record_arrears(desk, staff.clerk, item(cid, 10_000, "OLD", day=date(2026, 2, 1)))
    record_arrears(desk, staff.clerk, item(cid, 10_000, "NEW", day=date(2026, 3, 1)))
    fifo = preview_repayment(desk, staff.clerk, cid, 15_000)
    assert [(line.voucher_no, line.amount) for line in fifo.lines] == [("OLD", 10_000), ("NEW", 5_000)]
    named = preview_repayment(desk, staff.clerk, cid, 15_000, (NamedTarget(2),))
    assert [(line.voucher_no, line.amount) for line in named.lines] == [("NEW", 10_000)] and named.excess == 5_000
    assert rows(desk, "SELECT COUNT(*) FROM repayments") == [(0,)]


def test_reversing_an_item_returns_its_money_to_unapplied_credit(world):
    desk, staff, cid = world
    record_arrears(desk, staff.clerk, item(cid, 10_000, "V1"))
    record_repayment(desk, staff.clerk, RepaymentInput(cid, 6_000, TODAY, "cash", "R1"))
    reverse_arrears(desk, staff.head, 1, "重复登记")
    assert rows(desk, "SELECT open_total, unapplied_credit FROM customer_balances WHERE customer_id = ?", cid) \
        == [(0, 6_000)]


def test_write_off_needs_finance_approval_from_another_person_and_keeps_the_record(world):
    desk, staff, cid = world
    record_arrears(desk, staff.clerk, item(cid, 10_000, "V1"))
    with pytest.raises(DomainError) as info:
        write_off(desk, staff.clerk, staff.clerk2, 1, reason="无法收回", evidence="催收记录")
    assert info.value.code == "auth.forbidden"
    amount = write_off(desk, staff.head, staff.finance, 1, reason="债务人注销", evidence="工商注销证明")
    assert amount == 10_000
    assert rows(desk, "SELECT COUNT(*) FROM arrears_items") == [(1,)]  # 账销案存
    assert rows(desk, "SELECT open_amount FROM item_balances") == [(0,)]


def test_sign_in_locks_after_five_wrong_passwords_until_the_window_passes(world):
    from datetime import datetime

    from app.services.auth import login
    from tests.factories import PASSWORD
    desk, staff, _ = world
    for left in (4, 3, 2, 1):
        with pytest.raises(DomainError) as info:
            login(desk, "clerk", "wrong-password")
        assert info.value.code == "auth.bad_credentials" and info.value.params["left"] == left
    with pytest.raises(DomainError) as info:
        login(desk, "clerk", "wrong-password")  # the fifth says the lock it starts
    assert info.value.code == "auth.locked"
    with pytest.raises(DomainError) as info:
        login(desk, "clerk", PASSWORD)  # even the right password, while locked
    assert info.value.code == "auth.locked" and "锁定" in info.value.message()
    login(desk, "clerk2", PASSWORD)  # other users are not affected

    class Later(FixedClock):
        def now(self):
            return datetime(2026, 6, 15, 9, 16)

    desk.clock = Later(TODAY)
    assert login(desk, "clerk", PASSWORD).username == "clerk"


def test_a_successful_sign_in_resets_the_count_of_wrong_passwords(world):
    from app.services.auth import login
    from tests.factories import PASSWORD
    desk, _, _ = world
    for _ in range(4):
        with pytest.raises(DomainError):
            login(desk, "clerk", "wrong-password")
    login(desk, "clerk", PASSWORD)
    for _ in range(4):
        with pytest.raises(DomainError):
            login(desk, "clerk", "wrong-password")
    assert login(desk, "clerk", PASSWORD).username == "clerk"
