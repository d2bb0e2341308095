"""审计日志 as a branch head reads it, and sign-in as a clerk meets it: each entry names its record
(voucher, receipt, user, customer code), a failed sign-in names the user whose name was typed; a wrong
password says how many attempts are left, the lock-out says until when and who can lift it."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from app.domain.errors import DomainError
from app.domain.signin import MAX_FAILED_ATTEMPTS, UNKNOWN_USER
from app.services.arrears import ArrearsInput, record_arrears, reverse_arrears
from app.services.audit import audit_trail
from app.services.auth import list_users, login, unlock_user
from app.services.repayments import RepaymentInput, record_repayment
from app.services.settings import set_overdue_bounds
from tests.factories import PASSWORD, approved_customer, make_desk, rows

TODAY = date(2026, 6, 15)


@pytest.fixture
def world(tmp_path):
    desk, staff = make_desk(tmp_path / "audit.sqlite3", today=TODAY)
    cid = approved_customer(desk, staff)
    yield desk, staff, cid
    desk.close()


def _entries(desk, actor, **filters):
    return audit_trail(desk, actor, date_from=date(2026, 1, 1), **filters)


def test_each_entry_names_its_record_by_voucher_receipt_user_or_customer_code(world):
    desk, staff, cid = world
    item = record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", TODAY, 10_000, "PZ-0001",
                                                          signature_confirmed=True))
    record_repayment(desk, staff.clerk, RepaymentInput(cid, 4_000, TODAY, "cash", "SJ-0001"))
    reverse_arrears(desk, staff.head, item.item_id, "录错金额")
    set_overdue_bounds(desk, staff.admin, [30, 90, 180, 365])
    named = {(e.action, e.entity): e.record for e in _entries(desk, staff.head)}
    assert named[("arrears.record", "arrears_item")] == "PZ-0001"
    assert named[("repayment.record", "repayment")] == "SJ-0001"
    assert named[("arrears.reverse", "reversal")] == "PZ-0001"
    assert named[("user.create", "user")] in {"admin", "clerk", "clerk2", "head", "marketing", "finance", "auditor"}
    assert named[("site.create", "site")] == "城东支局"
    assert named[("setting.change", "setting")] == "aging.overdue_bounds"
    agreement = rows(desk, "SELECT number FROM agreements")[0][0]
    assert named[("credit.approve", "agreement")] == agreement
    code = rows(desk, "SELECT code FROM customers")[0][0]
    assert named[("customer.register", "customer")] == named[("credit.apply", "credit_application")] == code
    assert all(e.record for e in _entries(desk, staff.head) if e.entity not in ("ledger_chain",))


def test_each_write_off_names_its_own_voucher_not_the_first_one_written_off(world):
    """A record found through another (a write-off's item) is looked up for its own audit row."""
    from app.services.arrears import write_off
    desk, staff, cid = world
    for voucher in ("PZ-A", "PZ-B"):
        item = record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", TODAY, 5_000, voucher,
                                                              signature_confirmed=True))
        write_off(desk, staff.clerk, staff.finance, item.item_id, reason="债务人注销", evidence="注销证明")
    assert [e.record for e in _entries(desk, staff.head) if e.entity == "write_off"] == ["PZ-B", "PZ-A"]


def test_the_finance_controls_records_are_named_by_voucher_receipt_day_or_month(tmp_path):
    from app.domain.writeoff import Cause
    from app.services.cashup import void_receipts
    from app.services.closing import close_month
    from app.services.context import FixedClock
    from app.services.writeoffs import Scan, WriteOffRequest, apply_write_off
    from tests.factories import move_clock
    desk, staff = make_desk(tmp_path / "controls.sqlite3", today=date(2026, 1, 2))
    cid = approved_customer(desk, staff)
    desk.clock = FixedClock(date(2026, 1, 5))
    item = record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 1, 5), 5_000, "PZ-OLD",
                                                          signature_confirmed=True))
    move_clock(desk, TODAY)
    facts = {"document_no": "(2026)冀0102执123号", "document_date": "2026-05-20", "issued_by": "长安区人民法院"}
    apply_write_off(desk, staff.clerk, WriteOffRequest(item.item_id, Cause.COURT, "法院终结执行", facts,
                                                       (Scan("裁定书.pdf", b"%PDF-1.4 scan"),)))
    void_receipts(desk, staff.clerk, "SJ-0009", None, "填错")
    close_month(desk, staff.finance, 202604, explanation="对账数据未导入")
    named = {e.entity: e.record for e in _entries(desk, staff.head)}
    assert (named["write_off_application"], named["voided_receipt"], named["month_closing"]) == \
        ("PZ-OLD", "SJ-0009", "202604")
    desk.close()


def test_a_failed_sign_in_names_the_user_whose_name_was_typed_and_is_found_by_that_name(world):
    desk, staff, _cid = world
    for name in ("clerk", "S3cret-typed-as-name"):
        with pytest.raises(DomainError):
            login(desk, name, "wrong-password")
    failed = [e for e in _entries(desk, staff.head) if e.action == "auth.login_failed"]
    assert [(e.username, e.display_name, e.record) for e in failed] == [("", "", ""), ("clerk", "", "clerk")]
    assert UNKNOWN_USER in failed[0].after
    mine = _entries(desk, staff.head, username="clerk")
    assert any(e.action == "auth.login_failed" for e in mine) and any(e.action == "auth.login" for e in mine)


def test_a_wrong_password_says_how_many_attempts_are_left_until_the_lock(world):
    desk, _staff, _cid = world
    said = []
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(DomainError) as refused:
            login(desk, "clerk", "wrong-password")
        said.append(refused.value.message())
    assert said == [f"用户名或密码错误。再输错 {n} 次，账号将被锁定 15 分钟" for n in (4, 3, 2, 1)]
    assert refused.value.message("en") == ("Wrong user name or password. 1 more wrong attempt(s) lock the account "
                                           "for 15 minutes")
    with pytest.raises(DomainError) as locked:
        login(desk, "clerk", "wrong-password")
    message = locked.value.message()
    assert locked.value.code == "auth.locked" and "锁定至 09:15" in message and "到时可再登录" in message
    assert "系统管理员在“系统设置”的用户管理中解除锁定" in message and "reset-admin" not in message


def test_an_unknown_name_counts_down_like_a_user_never_reaching_a_lock(world):
    desk, _staff, _cid = world
    left = []
    for _ in range(MAX_FAILED_ATTEMPTS + 1):
        with pytest.raises(DomainError) as refused:
            login(desk, "nobody", "wrong-password")
        left.append(refused.value.params["left"])
        assert refused.value.code == "auth.bad_credentials"
    assert left == [4, 3, 2, 1, 1, 1]


def test_a_locked_administrator_is_told_of_reset_admin(world):
    desk, _staff, _cid = world
    for _ in range(MAX_FAILED_ATTEMPTS):
        with pytest.raises(DomainError) as refused:
            login(desk, "admin", "wrong-password")
    assert refused.value.code == "auth.locked"
    assert "arrears-desk reset-admin" in refused.value.message()
    assert "arrears-desk reset-admin" in refused.value.message("en")


def test_an_administrator_lifts_a_lock_out_in_user_management_and_it_is_audited(world):
    desk, staff, _cid = world
    for _ in range(MAX_FAILED_ATTEMPTS):
        with pytest.raises(DomainError):
            login(desk, "clerk", "wrong-password")
    with pytest.raises(DomainError, match="锁定"):
        login(desk, "clerk", PASSWORD)
    with pytest.raises(DomainError) as forbidden:
        unlock_user(desk, staff.head, staff.clerk.user_id)
    assert forbidden.value.code == "auth.forbidden"
    locks = {u.username: u.locked_until for u in list_users(desk, staff.admin)}
    assert locks["clerk"] == datetime(2026, 6, 15, 9, 15) and locks["clerk2"] is None
    unlock_user(desk, staff.admin, staff.clerk.user_id)
    assert {u.username: u.locked_until for u in list_users(desk, staff.admin)}["clerk"] is None
    assert login(desk, "clerk", PASSWORD).username == "clerk"
    lifted = next(e for e in _entries(desk, staff.head) if e.action == "user.unlock")
    assert lifted.display_name == "系统管理员" or lifted.username == "admin"
    assert lifted.record == "clerk" and "09:15" in (lifted.before or "") and isinstance(lifted.at, datetime)
