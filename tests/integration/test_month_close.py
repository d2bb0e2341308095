"""月结 (postal 22): finance closes a reconciled month; nothing can be dated in it afterwards, on any path; its
movement table, aging and daily reports never change; the close is audited, reopened only by finance with a
reason, kept append-only, and ``verify`` proves its recorded figures still hold."""
from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from app.cli import main
from app.domain.errors import DomainError
from app.reports.request import ReportKind, ReportRequest
from app.services import reports
from app.services.arrears import ArrearsInput, record_arrears, reverse_arrears, write_off
from app.services.closing import close_month, list_months, month_check, reopen_month
from app.services.imports import check_file, run_import
from app.services.repayments import RepaymentInput, apply_credit, record_repayment, reverse_repayment
from app.services.verify import verify_database
from tests.factories import PASSWORD, approved_customer, execute, make_desk, move_clock, rows

OCTOBER = 202610
CLOSE_DAY = date(2026, 11, 4)


def _external(tmp_path, name: str, incurred: int, collected: int) -> str:
    path = tmp_path / f"{name}.csv"
    path.write_text(f"账期,业务专业,新增欠费,收回欠费\n2026-10,LETTER,{incurred / 100:.2f},{collected / 100:.2f}\n",
                    encoding="utf-8")
    return str(path)


def _drop_trigger(desk, table: str, verb: str) -> None:
    """Someone with the database and a tool takes a table's append-only guard off."""
    execute(desk, f"DROP TRIGGER {table}_no_{verb}" + (f" ON {table}" if desk.server is not None else ""))


@pytest.fixture
def october(tmp_path):
    """A customer with October's business (three items, two payments, credit left over), reconciled with finance
    and the business systems, and the clock early in November."""
    desk, staff = make_desk(tmp_path / "close.sqlite3", date(2026, 10, 2))
    cid = approved_customer(desk, staff, limit=10**9)
    move_clock(desk, date(2026, 10, 3))
    first = record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 10, 3), 50_000, "OCT-1", True))
    move_clock(desk, date(2026, 10, 20))
    second = record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 10, 18), 30_000, "OCT-2", True))
    paid = record_repayment(desk, staff.clerk, RepaymentInput(cid, 60_000, date(2026, 10, 20), "transfer", "R-OCT"))
    move_clock(desk, date(2026, 10, 28))
    spare = record_repayment(desk, staff.clerk, RepaymentInput(cid, 25_000, date(2026, 10, 28), "cash", "R-SPARE"))
    move_clock(desk, date(2026, 10, 29))  # an item after the money: 5.00 of credit is held, 100.00 open
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 10, 29), 10_000, "OCT-3", True))
    move_clock(desk, CLOSE_DAY)
    for source in ("finance", "business"):
        run_import(desk, staff.finance, "external", _external(tmp_path, source, 90_000, 80_000), source=source)
    yield desk, staff, cid, (first, second, paid, spare)
    desk.close()


def _frozen(desk, staff) -> list:
    """Everything the closed month shows: its movement table, its aging as of its last day (both schemes),
    its daily reports."""
    found = []
    for request in (ReportRequest(ReportKind.MOVEMENT, date(2026, 10, 31), start=date(2026, 10, 1)),
                    ReportRequest(ReportKind.AGING, date(2026, 10, 31)),
                    ReportRequest(ReportKind.AGING, date(2026, 10, 31), scheme="telecom"),
                    ReportRequest(ReportKind.DAILY, date(2026, 10, 31), start=date(2026, 10, 1)),
                    ReportRequest(ReportKind.DAILY, date(2026, 10, 20), start=date(2026, 10, 20))):
        report = reports.build(desk, staff.finance, request)
        found.append([(t.key, t.rows, t.totals) for t in report.tables] + [report.parameters, report.warnings])
    return found


def test_a_reconciled_month_closes_and_keeps_its_figures_and_root_with_an_audit_record(october):
    desk, staff, _cid, _ = october
    check = close_month(desk, staff.finance, OCTOBER)
    assert check.reconciled and check.unbalanced == 0
    assert (check.figures.incurred, check.figures.collected, check.figures.closing) == (90_000, 80_000, 10_000)
    [(kind, period, reason, closing, root, by)] = rows(
        desk, "SELECT kind, period, reason, closing, root, recorded_by_id FROM month_closings")
    assert (kind, period, reason, closing, by) == ("close", OCTOBER, "", 10_000, staff.finance.user_id)
    assert len(root) == 64
    assert rows(desk, "SELECT user_id FROM audit_log WHERE action = 'month.close'") == [(staff.finance.user_id,)]
    [november, oct_state] = list_months(desk, staff.finance)
    assert (oct_state.period, oct_state.closed, oct_state.reopenable) == (OCTOBER, True, True)
    assert (november.period, november.closed, november.closable) == (202611, False, False)  # it has not ended


def test_a_difference_with_finance_or_missing_totals_is_refused_unless_finance_explains_it(october, tmp_path):
    desk, staff, _cid, _ = october
    run_import(desk, staff.finance, "external", _external(tmp_path, "late", 90_000, 79_000), source="finance")
    check = month_check(desk, staff.finance, OCTOBER)
    [finance, business] = check.gaps
    assert (finance.rows_differing, finance.collected_difference) == (1, 1_000) and business.reconciled
    with pytest.raises(DomainError) as refused:
        close_month(desk, staff.finance, OCTOBER)
    assert refused.value.code == "month.unreconciled" and "财务" in str(refused.value)
    assert rows(desk, "SELECT COUNT(*) FROM month_closings") == [(0,)]
    close_month(desk, staff.finance, OCTOBER, "财务系统多记收回 10 元，已通知财务更正")
    assert rows(desk, "SELECT reason FROM month_closings") == [("财务系统多记收回 10 元，已通知财务更正",)]


def test_only_finance_closes_months_in_order_after_they_end_and_reopens_only_the_latest_with_a_reason(october):
    desk, staff, _cid, _ = october
    for someone in (staff.clerk, staff.head, staff.admin):
        with pytest.raises(DomainError) as refused:
            close_month(desk, someone, OCTOBER, "x")
        assert refused.value.code == "auth.forbidden"
    with pytest.raises(DomainError) as refused:
        close_month(desk, staff.finance, 202611, "x")
    assert refused.value.code == "month.not_ended"
    close_month(desk, staff.finance, 202609, "账簿自 2026-09 起")  # the first close closes the books before it too
    with pytest.raises(DomainError) as refused:
        close_month(desk, staff.finance, 202611, "x")
    assert refused.value.code in ("month.not_ended", "month.earlier_open")
    close_month(desk, staff.finance, OCTOBER)
    with pytest.raises(DomainError) as refused:
        reopen_month(desk, staff.finance, 202609, "补记")
    assert refused.value.code == "month.later_closed" and "2026-10" in str(refused.value)
    with pytest.raises(DomainError) as refused:
        reopen_month(desk, staff.finance, OCTOBER, "  ")
    assert refused.value.code == "month.reopen_reason"
    with pytest.raises(DomainError) as refused:
        reopen_month(desk, staff.clerk, OCTOBER, "补记")
    assert refused.value.code == "auth.forbidden"
    reopen_month(desk, staff.finance, OCTOBER, "补记漏登的 10 月凭证")
    assert rows(desk, "SELECT kind, period, reason FROM month_closings ORDER BY id")[-1] == (
        "reopen", OCTOBER, "补记漏登的 10 月凭证")
    assert rows(desk, "SELECT COUNT(*) FROM audit_log WHERE action = 'month.reopen'") == [(1,)]
    # October is open again: an entry dated in it goes in; September stays closed
    record_arrears(desk, staff.clerk, ArrearsInput(_cid, "LETTER", date(2026, 10, 30), 1_000, "LATE-OCT", True))
    with pytest.raises(DomainError) as refused:
        record_arrears(desk, staff.clerk, ArrearsInput(_cid, "LETTER", date(2026, 9, 30), 1_000, "LATE-SEP", True))
    assert refused.value.code == "month.closed"


def test_an_entry_dated_in_a_closed_month_is_refused_on_every_path_with_the_month_named(october, tmp_path, capsys):
    desk, staff, cid, (first, _second, _paid, _spare) = october
    close_month(desk, staff.finance, OCTOBER)
    before = rows(desk, "SELECT (SELECT COUNT(*) FROM arrears_items), (SELECT COUNT(*) FROM repayments), "
                        "(SELECT COUNT(*) FROM allocations)")
    # the counter: the field at fault is named, and the message says where a correction goes
    with pytest.raises(DomainError) as refused:
        record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 10, 31), 1_000, "BACK-1", True))
    assert refused.value.field == "business_date"
    assert str(refused.value) == ("2026-10 已月结（结账至 2026-10），不能登记日期为 2026-10-31 的业务；"
                                  "更正请在未结账的月份登记，日期为今天（2026-11-04）")
    with pytest.raises(DomainError) as refused:
        record_repayment(desk, staff.clerk, RepaymentInput(cid, 1_000, date(2026, 10, 30), "cash", "BACK-R"))
    assert (refused.value.code, refused.value.field) == ("month.closed", "paid_on")
    # 预存款 applied "as of" a day in the closed month (the money and OCT-3 were there then): refused
    with pytest.raises(DomainError) as refused:
        apply_credit(desk, staff.clerk, cid, on=date(2026, 10, 29))
    assert refused.value.code == "month.closed"
    # an import: the row and the column
    sheet = tmp_path / "arrears.csv"
    code = rows(desk, "SELECT code FROM customers WHERE id = ?", cid)[0][0]
    sheet.write_text(f"客户代码,业务专业,业务日期,金额,凭证号\n{code},LETTER,2026-11-03,10.00,IMP-NOV\n"
                     f"{code},LETTER,2026-10-15,10.00,IMP-OCT\n", encoding="utf-8")
    check = check_file(desk, staff.clerk, "arrears", sheet)
    [issue] = check.issues
    assert (issue.row, issue.column, issue.error.code) == (3, "业务日期", "month.closed")
    assert main(["--lang", "zh_CN", "import", "arrears", str(sheet), "--db", desk.location, "--user", "clerk",
                 "--password", PASSWORD]) == 2
    assert "第 3 行“业务日期”列：2026-10 已月结" in capsys.readouterr().err
    assert rows(desk, "SELECT (SELECT COUNT(*) FROM arrears_items), (SELECT COUNT(*) FROM repayments), "
                      "(SELECT COUNT(*) FROM allocations)") == before
    # a correction of an October item is dated today, in the open month
    reverse_arrears(desk, staff.head, first.item_id, "金额录错")
    assert [str(day) for (day,) in rows(desk, "SELECT reversed_on FROM reversals")] == ["2026-11-04"]


def test_a_closed_months_reports_never_change_whatever_happens_later(october):
    desk, staff, cid, (first, second, paid, spare) = october
    close_month(desk, staff.finance, OCTOBER)
    frozen = _frozen(desk, staff)
    move_clock(desk, date(2026, 11, 10))
    new = record_arrears(desk, staff.clerk, ArrearsInput(cid, "PARCEL", date(2026, 11, 1), 7_000, "NOV-2", True))
    record_repayment(desk, staff.clerk, RepaymentInput(cid, 3_000, date(2026, 11, 5), "cash", "R-NOV"))
    reverse_repayment(desk, staff.head, paid.repayment_id, "银行退票")        # October's payment bounces
    reverse_arrears(desk, staff.head, second.item_id, "凭证重复")             # an October item is reversed
    apply_credit(desk, staff.clerk, cid)                                       # 预存款 applied
    move_clock(desk, date(2027, 3, 1))
    write_off(desk, staff.head, staff.finance, first.item_id, reason="债务人注销", evidence="工商注销证明")
    record_repayment(desk, staff.clerk, RepaymentInput(cid, 1_000, date(2027, 2, 27), "cash", "R-FEB"))
    assert new.item_id and spare.repayment_id
    assert _frozen(desk, staff) == frozen
    assert all(check.ok for check in verify_database(desk.location))


def test_verify_shows_a_closed_month_whose_recorded_figures_no_longer_hold(october):
    desk, staff, _cid, _ = october
    close_month(desk, staff.finance, OCTOBER)
    assert [(c.name, c.failures) for c in verify_database(desk.location) if not c.ok] == []
    with pytest.raises(Exception, match="append-only"):
        execute(desk, "UPDATE month_closings SET closing = 1")
    with pytest.raises(Exception, match="append-only"):
        execute(desk, "DELETE FROM month_closings")
    _drop_trigger(desk, "month_closings", "update")  # someone with the file and a tool
    execute(desk, "UPDATE month_closings SET closing = closing + 100")
    [failed] = [c for c in verify_database(desk.location) if not c.ok and "月结" in c.name]
    assert "2026-10" in failed.failures[0]


def test_an_incremental_verify_recomputes_no_closed_month_that_no_entry_since_its_point_is_dated_in(
        october, monkeypatch):
    import app.services.closing as closing
    desk, staff, cid, _ = october
    close_month(desk, staff.finance, OCTOBER)
    assert all(c.ok for c in verify_database(desk.location, record=True))  # the point: after the close
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", CLOSE_DAY, 7_000, "NOV-1", True))
    recomputed = []
    figures = closing._figures
    monkeypatch.setattr(closing, "_figures", lambda uow, period: recomputed.append(period) or figures(uow, period))
    assert [c.name for c in verify_database(desk.location, full=False) if not c.ok] == []
    assert recomputed == []  # October's movement table was proved at the point; November's entry cannot move it
    verify_database(desk.location, full=True)
    assert recomputed == [OCTOBER]


def test_an_incremental_verify_finds_an_entry_since_its_point_dated_into_a_closed_month(october, monkeypatch):
    """The program refuses such a date (月结); one that slipped past that rule, chained and audited like any
    other entry, still shows as the closed month's figures no longer holding."""
    from app.domain.closing import ClosedBooks
    desk, staff, cid, _ = october
    close_month(desk, staff.finance, OCTOBER)
    assert all(c.ok for c in verify_database(desk.location, record=True))
    with monkeypatch.context() as slipped:
        slipped.setattr(ClosedBooks, "is_closed", lambda books, day: False)
        record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 10, 30), 7_000, "BACKDATED", True))
    failed = {c.name: c.failures for c in verify_database(desk.location, full=False) if not c.ok}
    [months] = [failures for name, failures in failed.items() if "已月结月份" in name]
    assert "2026-10" in months[0]


def test_month_close_from_the_command_line(october, capsys):
    desk, _staff, _cid, _ = october
    env = ["--db", desk.location, "--user", "finance", "--password", PASSWORD]
    assert main(["month", "check", "2026-10", *env]) == 0
    assert "期末 100.00" in capsys.readouterr().out
    assert main(["month", "close", "2026-10", *env]) == 0
    assert "已月结 2026-10" in capsys.readouterr().out
    assert main(["month", "list", *env]) == 0
    out = capsys.readouterr().out
    assert "2026-10  已结账  已结账 钱财务" in out and "2026-11  未结账" in out
    with pytest.raises(SystemExit):
        main(["month", "reopen", "2026-10", *env])  # --reason is required
    capsys.readouterr()
    assert main(["month", "reopen", "2026-10", "--reason", "补记", *env]) == 0
    assert main(["month", "close", "2026-10", "--db", desk.location, "--user", "clerk", "--password", PASSWORD]) == 2
    assert "无权" in capsys.readouterr().err
