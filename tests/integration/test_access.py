"""Who may go on using the desk: an open session ends with its account's lock-out, sign-in does not tell
which names exist nor record a password typed as a name, a doubtful workstation clock stops postings
until someone who may confirms the date, and a locked-out administrator can be recovered at the machine."""
from __future__ import annotations

import getpass
import io
import sys
from datetime import date, datetime, timedelta

import pytest
from argon2 import extract_parameters

from app.cli import NEW_PASSWORD_ENV, build_parser, main
from app.domain.clock import AHEAD_TOLERANCE, BEHIND_TOLERANCE, ClockCheck, ClockDoubt
from app.domain.errors import DomainError
from app.domain.signin import UNKNOWN_USER
from app.services import passwords
from app.services.arrears import ArrearsInput, record_arrears
from app.services.auth import login, set_user_active
from app.services.clock import clock_in_doubt, confirm_clock
from app.services.customers import CustomerInput, register_customer
from app.services.repayments import RepaymentInput, record_repayment
from tests.factories import ClockAt, PASSWORD, approved_customer, execute, folder, make_desk, rows

TODAY = date(2026, 6, 15)



@pytest.fixture
def world(tmp_path):
    desk, staff = make_desk(tmp_path / "access.sqlite3", today=TODAY)
    cid = approved_customer(desk, staff)
    yield desk, staff, cid
    desk.close()


def item(cid, voucher, day=TODAY):
    return ArrearsInput(cid, "LETTER", day, 10_000, voucher, signature_confirmed=True)


# -- 7. sessions and sign-in ----------------------------------------------------------------------

def test_an_open_session_is_refused_while_its_account_is_locked_by_wrong_passwords(world):
    desk, staff, cid = world
    desk.clock = ClockAt(datetime(2026, 6, 15, 10, 0))
    record_arrears(desk, staff.clerk, item(cid, "V1"))  # the clerk's session works
    for _ in range(5):  # someone else tries the clerk's name at another counter
        with pytest.raises(DomainError):
            login(desk, "clerk", "wrong-password")
    with pytest.raises(DomainError) as refused:
        record_arrears(desk, staff.clerk, item(cid, "V2"))
    assert refused.value.code == "auth.session_locked"
    assert "锁定至 10:15" in refused.value.message() and "重新登录" in refused.value.message()
    assert rows(desk, "SELECT voucher_no FROM arrears_items") == [("V1",)]
    record_arrears(desk, staff.clerk2, item(cid, "V3"))  # other users are not affected
    desk.clock = ClockAt(datetime(2026, 6, 15, 10, 16))
    record_arrears(desk, staff.clerk, item(cid, "V4"))  # the lock has passed


def test_an_open_session_of_a_disabled_user_can_no_longer_post(world):
    desk, staff, cid = world
    from app.services.clearance import hand_over
    hand_over(desk, staff.head, "clerk", to_user_id=staff.clerk2.user_id, reason="离职")  # 清欠 first
    set_user_active(desk, staff.admin, staff.clerk.user_id, False)
    with pytest.raises(DomainError) as refused:
        record_arrears(desk, staff.clerk, item(cid, "V1"))
    assert refused.value.code == "auth.inactive" and "已停用" in refused.value.message()


class CountingHasher:
    """The password hasher, counting which hashes passwords are checked against."""

    def __init__(self, hasher):
        self._hasher = hasher
        self.checked: list[str] = []

    def verify(self, password_hash, password):
        self.checked.append(password_hash)
        return self._hasher.verify(password_hash, password)

    def __getattr__(self, name):
        return getattr(self._hasher, name)


def test_an_unknown_user_name_costs_the_same_password_check_as_a_known_one(world, monkeypatch):
    desk, _, _ = world
    counting = CountingHasher(passwords.HASHER)
    monkeypatch.setattr(passwords, "HASHER", counting)
    with pytest.raises(DomainError) as known:
        login(desk, "clerk", "wrong-password")
    with pytest.raises(DomainError) as unknown:
        login(desk, "nobody", "wrong-password")
    assert known.value.code == unknown.value.code == "auth.bad_credentials"
    assert len(counting.checked) == 2, "the unknown name is checked against a hash too"
    real, stand_in = (extract_parameters(h) for h in counting.checked)
    assert stand_in == real, "with the same Argon2 parameters, so the same cost"
    with pytest.raises(DomainError):
        login(desk, "nobody", "correct-horse-9")  # no password matches the stand-in
    assert counting.checked[1] != counting.checked[2], "a fresh salt each time"


def test_a_failed_sign_in_records_the_typed_name_only_if_it_is_a_user(world):
    desk, _, _ = world
    with pytest.raises(DomainError):
        login(desk, "S3cret-Pa55word", "")  # the password typed into the user-name field
    with pytest.raises(DomainError):
        login(desk, "clerk", "wrong-password")
    failed = rows(desk, "SELECT entity_id, after FROM audit_log WHERE action = 'auth.login_failed' ORDER BY id")
    assert len(failed) == 2
    assert failed[0][0] is None and UNKNOWN_USER in failed[0][1] and '"known_user": false' in failed[0][1]
    assert '"clerk"' in failed[1][1]
    assert rows(desk, "SELECT COUNT(*) FROM audit_log WHERE after LIKE '%S3cret%' OR before LIKE '%S3cret%'") == [(0,)]


# -- 11. the workstation's clock -----------------------------------------------------------------------

def test_the_clock_rule_allows_a_few_minutes_behind_and_a_month_ahead():
    latest = datetime(2026, 6, 15, 10, 0)
    assert ClockCheck(latest - BEHIND_TOLERANCE, latest).doubt is None
    assert ClockCheck(latest - BEHIND_TOLERANCE - timedelta(minutes=1), latest).doubt is ClockDoubt.BEHIND
    assert ClockCheck(latest + AHEAD_TOLERANCE, latest).doubt is None
    assert ClockCheck(latest + AHEAD_TOLERANCE + timedelta(minutes=1), latest).doubt is ClockDoubt.AHEAD
    assert ClockCheck(datetime(2000, 1, 1), None).doubt is None  # an empty ledger has nothing to go by


def test_a_clock_behind_the_last_entry_stops_postings_until_a_branch_head_confirms_the_date(world):
    desk, staff, cid = world
    desk.clock = ClockAt(datetime(2026, 6, 15, 16, 0))
    record_arrears(desk, staff.clerk, item(cid, "V1"))
    desk.clock = ClockAt(datetime(2026, 6, 15, 15, 55))  # a few minutes apart: another workstation (the later
    # row is not the newest entry: the clock is judged by the newest recorded time)
    record_arrears(desk, staff.clerk, item(cid, "V2"))
    assert clock_in_doubt(desk) is None

    desk.clock = ClockAt(datetime(2025, 1, 1, 9, 0))  # the clock battery died
    doubt = clock_in_doubt(desk)
    assert doubt is not None and doubt.doubt is ClockDoubt.BEHIND
    for post in (lambda: record_arrears(desk, staff.clerk, item(cid, "V3", date(2025, 1, 1))),
                 lambda: record_repayment(desk, staff.clerk, RepaymentInput(cid, 100, date(2025, 1, 1), "cash", "R1"))):
        with pytest.raises(DomainError) as refused:
            post()
        assert refused.value.code == "clock.behind"
        assert "本机时间（2025-01-01 09:00）早于最近一笔账目的记录时间（2026-06-15 16:00）" in refused.value.message()
    assert rows(desk, "SELECT COUNT(*) FROM arrears_items") == [(2,)]
    assert rows(desk, "SELECT COUNT(*) FROM repayments") == [(0,)]
    register_customer(desk, staff.clerk, CustomerInput(name="不记账的登记"))  # not a ledger entry: allowed
    login(desk, "clerk", PASSWORD)  # signing in is allowed (and warns, see the GUI and CLI)

    with pytest.raises(DomainError) as forbidden:
        confirm_clock(desk, staff.clerk)
    assert forbidden.value.code == "auth.forbidden"
    confirm_clock(desk, staff.head)
    assert clock_in_doubt(desk) is None
    record_repayment(desk, staff.clerk, RepaymentInput(cid, 100, date(2025, 1, 1), "cash", "R1"))
    confirmed = rows(desk, "SELECT u.username, a.entity_id, a.after FROM audit_log a JOIN users u ON u.id = a.user_id "
                           "WHERE a.action = 'clock.confirm'")
    assert len(confirmed) == 1 and confirmed[0][:2] == ("head", 20250101)
    assert '"latest_entry": "2026-06-15 16:00:00"' in confirmed[0][2] and '"doubt": "behind"' in confirmed[0][2]

    desk.clock = ClockAt(datetime(2025, 1, 2, 9, 0))  # the confirmation lasts for its date only
    with pytest.raises(DomainError) as refused:
        record_repayment(desk, staff.clerk, RepaymentInput(cid, 100, date(2025, 1, 2), "cash", "R2"))
    assert refused.value.code == "clock.behind"


def test_a_clock_far_ahead_of_the_last_entry_stops_postings_and_an_administrator_may_confirm(world):
    desk, staff, cid = world
    record_arrears(desk, staff.clerk, item(cid, "V1"))
    desk.clock = ClockAt(datetime(2026, 7, 10, 9, 0))  # a quiet few weeks: fine
    record_arrears(desk, staff.clerk, item(cid, "V2", date(2026, 7, 10)))
    desk.clock = ClockAt(datetime(2027, 6, 10, 9, 0))  # the year typed wrong
    with pytest.raises(DomainError) as refused:
        record_arrears(desk, staff.clerk, item(cid, "V3", date(2027, 6, 10)))
    assert refused.value.code == "clock.ahead" and "晚一个多月" in refused.value.message()
    with pytest.raises(DomainError) as not_allowed:
        confirm_clock(desk, staff.finance)
    assert not_allowed.value.code == "auth.forbidden"
    assert confirm_clock(desk, staff.admin).doubt is ClockDoubt.AHEAD
    record_arrears(desk, staff.clerk, item(cid, "V3", date(2027, 6, 10)))


def test_looking_up_and_reprinting_a_receipt_go_on_while_the_clock_is_in_doubt(world, tmp_path):
    from app.services.customers import get_customer
    from app.services.documents import issue_receipt
    desk, staff, cid = world
    record_arrears(desk, staff.clerk, item(cid, "V1"))
    paid = record_repayment(desk, staff.clerk, RepaymentInput(cid, 10_000, TODAY, "cash", "R1"))
    desk.clock = ClockAt(datetime(2025, 1, 1, 9, 0))
    assert get_customer(desk, staff.clerk, cid).customer_id == cid
    assert issue_receipt(desk, staff.clerk, paid.repayment_id, tmp_path / "r.pdf").exists()


def test_confirming_a_clock_that_is_not_in_doubt_is_refused(world):
    desk, staff, cid = world
    record_arrears(desk, staff.clerk, item(cid, "V1"))
    with pytest.raises(DomainError) as refused:
        confirm_clock(desk, staff.head)
    assert refused.value.code == "clock.not_in_doubt"


def test_the_command_line_warns_of_a_doubtful_clock_when_signing_in(world, tmp_path, monkeypatch, capsys):
    desk, staff, cid = world
    desk.clock = ClockAt(datetime(2099, 1, 1, 9, 0))  # the command line runs on the real clock: far behind this
    record_arrears(desk, staff.clerk, item(cid, "V1", TODAY))
    desk.close()
    monkeypatch.setenv("ARREARS_DESK_PASSWORD", PASSWORD)
    code = main(["report", "aging", "--db", desk.location, "--user", "head", "--out", str(tmp_path / "a.xlsx")])
    err = capsys.readouterr().err
    assert code == 0 and "警告：本机时间" in err and "2099-01-01 09:00" in err


def test_a_branch_head_confirms_the_date_at_the_command_line_and_a_clerk_may_not(world, monkeypatch, capsys):
    desk, staff, cid = world
    desk.clock = ClockAt(datetime(2099, 1, 1, 9, 0))  # the command line runs on the real clock: far behind this
    record_arrears(desk, staff.clerk, item(cid, "V1", TODAY))
    desk.close()
    monkeypatch.setenv("ARREARS_DESK_PASSWORD", PASSWORD)
    assert main(["confirm-date", "--db", desk.location, "--user", "clerk"]) == 2
    assert "auth.forbidden" not in capsys.readouterr().err  # a message in words, not a code
    assert main(["confirm-date", "--db", desk.location, "--user", "head"]) == 0
    assert "已确认本机日期" in capsys.readouterr().out
    assert rows(desk, "SELECT COUNT(*) FROM audit_log WHERE action = 'clock.confirm'") == [(1,)]
    code = main(["report", "aging", "--db", desk.location, "--user", "head", "--out", str(folder(desk) / "a.xlsx")])
    assert code == 0 and "警告" not in capsys.readouterr().err


# -- 12. a locked-out sole administrator ---------------------------------------------------------------

def _lock_out_admin(desk, staff) -> None:
    for _ in range(5):
        with pytest.raises(DomainError):
            login(desk, "admin", "forgotten-password")
    with pytest.raises(DomainError) as locked:
        login(desk, "admin", PASSWORD)
    assert locked.value.code == "auth.locked"
    execute(desk, "UPDATE users SET is_active = FALSE WHERE username = 'admin'")  # as a colleague's mistake would


def test_reset_admin_at_the_machine_sets_a_new_password_enables_and_unlocks_the_account(world, monkeypatch, capsys):
    desk, staff, _ = world
    _lock_out_admin(desk, staff)
    monkeypatch.setenv(NEW_PASSWORD_ENV, "brand-new-pass-1")
    assert main(["reset-admin", "--db", desk.location]) == 0
    out = capsys.readouterr().out
    assert "admin" in out and "brand-new-pass-1" not in out
    assert login(desk, "admin", "brand-new-pass-1").username == "admin"
    with pytest.raises(DomainError):
        login(desk, "admin", PASSWORD)  # the old password is gone
    reset = rows(desk, "SELECT user_id, entity_id, before, after FROM audit_log WHERE action = 'user.admin_reset'")
    assert len(reset) == 1 and reset[0][0] is None and reset[0][1] == staff.admin.user_id
    assert '"is_active": false' in reset[0][2]
    assert f'"os_user": "{getpass.getuser()}"' in reset[0][3] and "brand-new-pass-1" not in reset[0][3]


def test_reset_admin_asks_for_the_password_twice_and_changes_nothing_if_they_differ(world, monkeypatch, capsys):
    desk, staff, _ = world
    monkeypatch.delenv(NEW_PASSWORD_ENV, raising=False)
    monkeypatch.setattr(sys, "stdin", type("Tty", (io.StringIO,), {"isatty": lambda self: True})())
    answers = iter(["first-try-pass-1", "second-try-pass-2", "typed-twice-pass", "typed-twice-pass"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(answers))
    assert main(["reset-admin", "--db", desk.location]) == 2
    assert "两次输入的密码不一致" in capsys.readouterr().err
    assert login(desk, "admin", PASSWORD).username == "admin"
    assert main(["reset-admin", "--db", desk.location, "--user", "admin"]) == 0
    assert login(desk, "admin", "typed-twice-pass").username == "admin"


def test_reset_admin_reads_the_password_from_standard_input_and_never_from_the_command_line(world, monkeypatch):
    desk, staff, _ = world
    monkeypatch.delenv(NEW_PASSWORD_ENV, raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO("piped-in-pass-1\n"))
    assert main(["reset-admin", "--db", desk.location]) == 0
    assert login(desk, "admin", "piped-in-pass-1").username == "admin"
    with pytest.raises(SystemExit):
        build_parser().parse_args(["reset-admin", "--db", "x", "--password", "secret"])


def test_reset_admin_resets_only_an_administrator(world, monkeypatch, capsys):
    desk, staff, _ = world
    monkeypatch.setenv(NEW_PASSWORD_ENV, "brand-new-pass-1")
    assert main(["reset-admin", "--db", desk.location, "--user", "clerk"]) == 2
    assert "不是系统管理员" in capsys.readouterr().err
    assert login(desk, "clerk", PASSWORD).username == "clerk"

