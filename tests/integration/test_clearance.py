"""清欠 when staff leave or transfer (postal 4, 8(四), 25): a user with open arrears or customers is not
disabled until the branch head hands them over or sets a two-month deadline; the item's recorded
handler stays, the one responsible now changes; the certificate only when nothing is left."""
from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest

from app.cli import main
from app.domain.errors import DomainError
from app.services.arrears import ArrearsInput, record_arrears
from app.services.auth import set_user_active
from app.services.clearance import (
    clearance_status, clearances_due, hand_over, issue_clearance_certificate, reassign_account_manager,
    set_clearance_deadline,
)
from app.reports.request import ReportRequest
from app.services.reports import build
from app.services.repayments import RepaymentInput, record_repayment
from app.services.verify import verify_database
from tests.factories import PASSWORD, REFUSED, approved_customer, execute, make_desk, move_clock, rows

START = date(2026, 1, 5)
TODAY = date(2026, 4, 20)


@pytest.fixture
def world(tmp_path):
    desk, staff = make_desk(tmp_path / "d.sqlite3", START)
    east = approved_customer(desk, staff, "东方贸易有限公司")  # managed by clerk
    record_arrears(desk, staff.clerk, ArrearsInput(east, "LETTER", START, 10_000, "VE01", True))
    record_arrears(desk, staff.clerk, ArrearsInput(east, "LETTER", START, 20_000, "VE02", True))
    move_clock(desk, TODAY)
    yield desk, staff, east, tmp_path
    desk.close()


def test_a_user_with_open_arrears_is_not_disabled(world):
    desk, staff, east, _ = world
    with pytest.raises(DomainError) as refused:
        set_user_active(desk, staff.admin, staff.clerk.user_id, False)
    assert refused.value.code == "clearance.open"
    assert "300.00" in refused.value.message("zh_CN") and "2" in refused.value.message("zh_CN")
    assert rows(desk, "SELECT is_active FROM users WHERE id = ?", staff.clerk.user_id) == [(1,)]
    status = clearance_status(desk, staff.admin, "clerk")
    assert [i.voucher_no for i in status.items] == ["VE01", "VE02"]
    assert [c.name for c in status.customers] == ["东方贸易有限公司"]


def test_after_a_hand_over_disabling_works_and_items_name_the_new_responsible(world):
    desk, staff, east, _ = world
    with pytest.raises(DomainError) as forbidden:
        hand_over(desk, staff.admin, "clerk", to_user_id=staff.clerk2.user_id, reason="调离")
    assert forbidden.value.code == "auth.forbidden"  # the hand-over is the branch head's
    after = hand_over(desk, staff.head, "clerk", to_user_id=staff.clerk2.user_id, reason="调往城西支局")
    assert after.outstanding.cleared
    set_user_active(desk, staff.admin, staff.clerk.user_id, False)
    taken = clearance_status(desk, staff.head, "clerk2")
    assert [(i.voucher_no, i.handler) for i in taken.items] == [("VE01", "张营业"), ("VE02", "张营业")]
    assert [c.customer_id for c in taken.customers] == [east]
    # the ledger keeps the recorded handler; the hand-over is its own record (one for the customer, one per item)
    assert rows(desk, "SELECT DISTINCT handler_id FROM arrears_items") == [(staff.clerk.user_id,)]
    assert rows(desk, "SELECT count(customer_id), count(arrears_item_id) FROM handovers") == [(1, 2)]
    with pytest.raises(REFUSED, match="append-only"):
        execute(desk, "UPDATE handovers SET to_user_id = from_user_id")
    # the handler assessment counts the items under the one responsible now
    report = build(desk, staff.head, ReportRequest("handlers", TODAY))
    names = [row[0] for row in report.tables[0].rows]
    assert "李营业" in names and "张营业" not in names
    assert all(check.ok for check in verify_database(desk.location))


def test_a_clearance_deadline_lets_the_account_be_disabled_and_is_followed(world):
    desk, staff, east, _ = world
    deadline = set_clearance_deadline(desk, staff.head, "clerk", reason="离职，限期追缴")
    assert deadline.due_on == date(2026, 6, 20)
    set_user_active(desk, staff.admin, staff.clerk.user_id, False)
    [row] = clearances_due(desk, staff.head)
    assert (row.deadline.username, row.state, row.open_items, row.open_amount) == ("clerk", "due", 2, 30_000)
    move_clock(desk, date(2026, 6, 21))
    [row] = clearances_due(desk, staff.admin)
    assert row.state == "overdue"


def test_the_certificate_only_when_nothing_is_open_numbered_recorded_audited(world):
    desk, staff, east, tmp = world
    out = tmp / "qq.pdf"
    with pytest.raises(DomainError) as refused:
        issue_clearance_certificate(desk, staff.head, "clerk", out)
    assert refused.value.code == "clearance.not_cleared" and not out.exists()
    record_repayment(desk, staff.clerk, RepaymentInput(east, 30_000, TODAY, "cash", "R0001"))
    reassign_account_manager(desk, staff.head, east, staff.clerk2.user_id, reason="调岗")
    assert issue_clearance_certificate(desk, staff.head, "clerk", out) == "QQ-BR01-2026-000001"
    assert issue_clearance_certificate(desk, staff.head, "clerk", tmp / "again.pdf") == "QQ-BR01-2026-000002"
    assert rows(desk, "SELECT number, user_id FROM clearance_certificates ORDER BY id") == [
        ("QQ-BR01-2026-000001", staff.clerk.user_id), ("QQ-BR01-2026-000002", staff.clerk.user_id)]
    assert rows(desk, "SELECT count(*) FROM audit_log WHERE action = 'clearance.certificate'") == [(2,)]
    assert rows(desk, "SELECT count(*) FROM audit_log WHERE action = 'customer.account_manager'") == [(1,)]
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True).stdout
        assert "清欠证明" in text and "QQ-BR01-2026-000001" in text and "张营业" in text
        fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout.splitlines()[2:]
        assert fonts and all(line.split()[-5] == "yes" for line in fonts)


def test_cli_lists_what_is_open_and_issues_the_certificate_when_nothing_is(world, capsys):
    desk, staff, east, tmp = world
    desk.close()
    out = tmp / "cert.pdf"
    code = main(["clearance", "--db", desk.location, "--user", "head", "--password", PASSWORD, "--of", "clerk",
                 "--certificate", str(out)])
    printed = capsys.readouterr()
    assert code != 0 and "VE01" in printed.out and not out.exists()


def test_a_clerk_moved_off_the_counter_is_checked_like_one_who_leaves(world):
    """调岗 (postal 25): to marketing with arrears open is refused; counter to branch head is not a move off
    the post; after the hand-over the move goes through and is audited."""
    from app.domain.roles import Role
    from app.services.auth import change_user_role
    desk, staff, _east, _ = world
    with pytest.raises(DomainError) as refused:
        change_user_role(desk, staff.admin, staff.clerk.user_id, Role.MARKETING)
    assert refused.value.code == "clearance.open"
    assert rows(desk, "SELECT role FROM users WHERE id = ?", staff.clerk.user_id) == [("counter",)]
    assert change_user_role(desk, staff.admin, staff.clerk.user_id, Role.BRANCH_HEAD).role is Role.BRANCH_HEAD
    hand_over(desk, staff.head, "clerk", to_user_id=staff.clerk2.user_id, reason="调往市场部")
    assert change_user_role(desk, staff.admin, staff.clerk.user_id, Role.MARKETING).role is Role.MARKETING
    assert rows(desk, "SELECT before, after FROM audit_log WHERE action = 'user.role' ORDER BY id") == [
        ('{"role": "counter"}', '{"role": "branch_head"}'), ('{"role": "branch_head"}', '{"role": "marketing"}')]


def test_an_administrator_cannot_change_their_own_role(world):
    from app.domain.roles import Role
    from app.services.auth import change_user_role
    desk, staff, _east, _ = world
    with pytest.raises(DomainError) as refused:
        change_user_role(desk, staff.admin, staff.admin.user_id, Role.COUNTER)
    assert refused.value.code == "user.self_role"
