"""Imports from Excel and CSV: every kind of bad row reported with its row and column, nothing written
until the file is clean (or the good rows are imported on purpose), and a re-import adds nothing."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.cli import main
from app.domain.errors import DomainError
from app.services.customers import CustomerInput, register_customer
from app.services.imports import check_file, run_import, write_template
from tests.factories import PASSWORD, approved_customer, make_desk, notice_served, rows

TODAY = date(2026, 3, 20)
HEADERS = ["客户代码", "业务专业", "业务日期", "金额", "凭证号", "经办人", "客户签字确认"]


@pytest.fixture
def world(tmp_path):
    desk, staff = make_desk(tmp_path / "i.sqlite3", date(2026, 1, 2))
    east = approved_customer(desk, staff, "东方贸易有限公司", limit=1_000_000)
    pending = register_customer(desk, staff.clerk, CustomerInput(name="待审批客户")).customer_id
    from app.services.context import FixedClock
    desk.clock = FixedClock(TODAY)
    code = rows(desk, "SELECT code FROM customers WHERE id = ?", east)[0][0]
    yield desk, staff, code, pending, tmp_path
    desk.close()


def xlsx(path: Path, body: list[list], headers=HEADERS) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in body:
        ws.append(row)
    wb.save(path)
    return path


def test_a_clean_file_imports_every_row_once(world):
    desk, staff, code, _pending, tmp = world
    path = xlsx(tmp / "ok.xlsx", [[code, "函件", date(2026, 3, 1), 1234.5, "PZ001", "clerk", "是"],
                                  [code, "LETTER", "2026/3/2", "88", "PZ002", "", "否"],
                                  [code, "包件", "20260303", 0.1, "PZ003", "张营业", ""]])
    check = check_file(desk, staff.clerk, "arrears", path)
    assert check.clean and len(check.records) == 3 and check.amount == 123_450 + 8_800 + 10
    result = run_import(desk, staff.clerk, "arrears", path)
    assert (result.imported, result.skipped_existing) == (3, 0)
    assert rows(desk, "SELECT voucher_no, amount, signature_confirmed FROM arrears_items ORDER BY id") == [
        ("PZ001", 123_450, 1), ("PZ002", 8_800, 0), ("PZ003", 10, 0)]
    assert rows(desk, "SELECT open_total FROM customer_balances WHERE open_total > 0") == [(132_260,)]
    assert rows(desk, "SELECT COUNT(*) FROM audit_log WHERE action = 'arrears.record'") == [(3,)]
    again = run_import(desk, staff.clerk, "arrears", path)
    assert (again.imported, again.skipped_existing) == (0, 3)
    assert rows(desk, "SELECT COUNT(*) FROM arrears_items") == [(3,)]
    assert rows(desk, "SELECT kind, rows_imported, length(file_sha256) FROM import_batches") == [("arrears", 3, 64)]
    from app.services.verify import verify_database
    desk.close()
    assert all(c.ok for c in verify_database(desk.location))


def test_every_kind_of_bad_row_is_reported_with_row_column_and_reason_and_nothing_is_written(world):
    desk, staff, code, pending, tmp = world
    pending_code = "P" * 3  # a pending customer has no code; an unknown code stands in for it below
    path = xlsx(tmp / "bad.xlsx", [
        [code, "函件", date(2026, 3, 1), "一千", "V01"],                 # 2 text in an amount
        [code, "函件", date(2026, 3, 1), -5, "V02"],                    # 3 negative
        [code, "函件", date(2026, 3, 1), 0, "V03"],                     # 4 zero
        [code, "函件", date(2026, 3, 1), "¥100", "V04"],                # 5 currency sign
        [code, "函件", date(2026, 3, 1), "١٠٠", "V05"],                 # 6 Arabic-Indic digits
        ["NOPE01", "函件", date(2026, 3, 1), 100, "V06"],               # 7 unknown customer
        [code, "函件", "2026-02-30", 100, "V07"],                       # 8 impossible date
        [code, "函件", "下周一", 100, "V08"],                            # 9 bad date
        [code, "函件", date(2026, 3, 1), 100, "V09"],                   # 10 good
        [code, "函件", date(2026, 3, 1), 100, "V09"],                   # 11 duplicate voucher in the file
        [code, "函件", date(2026, 4, 1), 100, "V11"],                   # 12 in the future
        [code, "火箭", date(2026, 3, 1), 100, "V12"],                   # 13 unknown business line
        [code, "函件", date(2026, 3, 1), 100.005, "V13"],               # 14 more than two decimals
        [pending_code, "函件", date(2026, 3, 1), 100, "V14"],           # 15 unknown code
        [code, "函件", date(2026, 3, 1), 100, ""],                      # 16 no voucher
        [code, "函件", date(2025, 12, 20), 100, "V17"],                 # 17 before the agreement began
    ], headers=HEADERS[:5])
    check = check_file(desk, staff.clerk, "arrears", path)
    by_row = {}
    for issue in check.issues:
        by_row.setdefault(issue.row, []).append(str(issue))
    assert sorted(by_row) == [2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17]
    assert "第 2 行“金额”列" in by_row[2][0] and "不是有效的数字" in by_row[2][0]
    assert "大于零" in by_row[3][0] and "大于零" in by_row[4][0]
    assert "货币符号" in by_row[5][0] and "不是有效的数字" in by_row[6][0]
    assert "“客户代码”列" in by_row[7][0] and "NOPE01" in by_row[7][0]
    assert "不存在" in by_row[8][0] and "“业务日期”列" in by_row[9][0]
    assert "与第 10 行凭证号重复" in by_row[11][0]
    assert "晚于今天" in by_row[12][0] and "未知业务专业" in by_row[13][0] and "两位小数" in by_row[14][0]
    assert "“凭证号”列" in by_row[16][0]
    assert "没有有效的用邮协议" in by_row[17][0]  # a customer without an agreement on that date
    with pytest.raises(DomainError) as refused:
        run_import(desk, staff.clerk, "arrears", path)
    assert refused.value.code == "import.has_errors"
    assert rows(desk, "SELECT COUNT(*) FROM arrears_items") == [(0,)]
    result = run_import(desk, staff.clerk, "arrears", path, only_valid=True)  # on purpose: the good rows
    assert result.imported == 1 and result.skipped_bad == 15
    assert rows(desk, "SELECT voucher_no FROM arrears_items") == [("V09",)]


def test_customer_without_agreement_over_limit_and_voucher_already_used_are_refused(world):
    desk, staff, code, pending, tmp = world
    from app.services.arrears import ArrearsInput, record_arrears
    cid = rows(desk, "SELECT id FROM customers WHERE code = ?", code)[0][0]
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 3, 1), 5_000, "TAKEN", True))
    from app.services.customers import apply_for_credit, approve_credit, change_status
    path = xlsx(tmp / "rules.xlsx", [
        [code, "函件", date(2026, 3, 2), 9_000, "BIG1"],     # 2 over the 10,000.00 limit with 50.00 used
        [code, "函件", date(2026, 3, 2), 77, "TAKEN"],       # 3 voucher already recorded (another item)
        [code, "函件", date(2026, 3, 1), 50, "TAKEN"],       # 4 the very same item: already imported
    ], headers=HEADERS[:5])
    check = check_file(desk, staff.clerk, "arrears", path)
    assert check.already_imported == 1
    assert [i.row for i in check.issues] == [3]
    assert "已登记" in str(check.issues[0])
    path2 = xlsx(tmp / "limit.xlsx", [[code, "函件", date(2026, 3, 2), 9_000, "BIG1"],
                                      [code, "函件", date(2026, 3, 2), 1_000, "BIG2"]], headers=HEADERS[:5])
    check = check_file(desk, staff.clerk, "arrears", path2)
    assert [i.row for i in check.issues] == [3] and "超出信用额度" in str(check.issues[0])
    due = date.fromisoformat(str(rows(desk, "SELECT due_date FROM arrears_items WHERE voucher_no = 'TAKEN'")[0][0]))
    notice_served(desk, staff, cid, due + timedelta(days=20))  # postal 17: suspended only after a written notice
    change_status(desk, staff.head, cid, "suspend", "书面催缴后仍未结付")
    check = check_file(desk, staff.clerk, "arrears", path2)
    assert all("暂停记欠" in str(i) for i in check.issues) and len(check.issues) == 2
    change_status(desk, staff.head, cid, "terminate", "协议到期不再续签")  # no agreement any more
    check = check_file(desk, staff.clerk, "arrears", path2)
    assert all("已终止" in str(i) for i in check.issues) and len(check.issues) == 2
    del apply_for_credit, approve_credit, pending


def test_missing_required_column_is_reported_on_the_header(world):
    desk, staff, code, pending, tmp = world
    path = xlsx(tmp / "cols.xlsx", [[code, "函件", 100]], headers=["客户代码", "专业", "金额"])
    check = check_file(desk, staff.clerk, "arrears", path)
    assert {i.column for i in check.issues} == {"业务日期", "凭证号"} and all(i.row == 1 for i in check.issues)


def test_csv_in_gbk_and_utf8_imports_the_same(world):
    desk, staff, code, pending, tmp = world
    text = "客户代码,业务专业,业务日期,金额,凭证号\n" + f"{code},函件,2026-03-05,\"1,234.56\",CSV1\n"
    (tmp / "gbk.csv").write_bytes(text.encode("gbk"))
    (tmp / "utf8.csv").write_bytes(text.replace("CSV1", "CSV2").encode("utf-8-sig"))
    for name in ("gbk.csv", "utf8.csv"):
        check = check_file(desk, staff.clerk, "arrears", tmp / name)
        assert check.clean and check.records[0]["item"].amount == 123_456
    assert run_import(desk, staff.clerk, "arrears", tmp / "gbk.csv").imported == 1


def test_customers_import_registers_pending_customers_once(world):
    desk, staff, code, pending, tmp = world
    path = xlsx(tmp / "c.xlsx", [["南湖书店", "公众客户", "李老板", "0311-1", "南湖路 1 号", "X1", "clerk"],
                                 ["北城物流", "大客户", "", "", "", "X2", ""],
                                 ["", "大客户", "", "", "", "X3", ""],
                                 ["西关超市", "外星客户", "", "", "", "X4", "nobody"]],
                headers=["客户名称", "客户群", "联系人", "电话", "地址", "统一社会信用代码", "客户经理"])
    check = check_file(desk, staff.clerk, "customers", path)
    assert sorted(str(i) for i in check.issues) == sorted([
        "第 4 行“客户名称”列：“客户名称”不能为空", "第 5 行“客户群”列：未知客户群“外星客户”",
        "第 5 行“客户经理”列：找不到用户“nobody”"])
    result = run_import(desk, staff.clerk, "customers", path, only_valid=True)
    assert result.imported == 2
    assert rows(desk, "SELECT name, customer_group, status FROM customers WHERE name IN ('南湖书店','北城物流') "
                      "ORDER BY id") == [("南湖书店", "public", "pending"), ("北城物流", "key_account", "pending")]
    assert run_import(desk, staff.clerk, "customers", path, only_valid=True).imported == 0


def test_templates_are_workbooks_whose_headers_the_import_recognises(world):
    desk, staff, code, pending, tmp = world
    for kind in ("arrears", "customers"):
        path = write_template(kind, tmp / f"{kind}.xlsx")
        check = check_file(desk, staff.clerk, kind, path)
        assert not any(i.row == 1 for i in check.issues)  # every required column found


def test_command_line_import_exit_codes(world, capsys):
    desk, staff, code, pending, tmp = world
    desk.close()
    bad = xlsx(tmp / "bad.xlsx", [[code, "函件", date(2026, 3, 1), "abc", "B1"],
                                  [code, "函件", date(2026, 3, 1), 10, "B2"]], headers=HEADERS[:5])
    args = ["--db", desk.location, "--user", "clerk", "--password", PASSWORD]
    assert main(["import", "arrears", str(bad), *args, "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert "第 2 行“金额”列" in err
    assert main(["import", "arrears", str(bad), *args]) == 2
    assert rows(desk, "SELECT COUNT(*) FROM arrears_items") == [(0,)]
    assert main(["import", "arrears", str(bad), *args, "--only-valid"]) == 0
    assert "已导入 1 行" in capsys.readouterr().out
    assert main(["import", "arrears", str(tmp / "missing.xlsx"), *args]) == 2
    assert main(["import", "arrears", str(tmp / "t.xlsx"), *args, "--template"]) == 0


def test_revenue_import_feeds_the_ratio_and_the_latest_figure_wins(world):
    desk, staff, code, pending, tmp = world
    from app.services import reports
    from app.services.arrears import ArrearsInput, record_arrears
    cid = rows(desk, "SELECT id FROM customers WHERE code = ?", code)[0][0]
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 3, 1), 60_000, "R1", True))
    path = xlsx(tmp / "rev.xlsx", [["2026-01", "函件", "业务收入", 5_000], ["2026-02", "LETTER", "", 5_000],
                                   ["2026-02", "函件", "租赁收入", 90_000], ["2026-13", "函件", "", 1]],
                headers=["账期", "业务专业", "收入类别", "金额"])
    with pytest.raises(DomainError):
        run_import(desk, staff.clerk, "revenues", path, only_valid=True)  # a clerk does not enter revenue
    check = check_file(desk, staff.finance, "revenues", path)
    assert [i.row for i in check.issues] == [5]
    run_import(desk, staff.finance, "revenues", path, only_valid=True)
    from app.reports.model import Status, say
    from app.reports.request import ReportRequest
    report = reports.build(desk, staff.head, ReportRequest("ratio", TODAY))
    row = report.tables[0].rows[0]
    assert row[:3] == ["函件", 1_000_000, 60_000] and row[3] == Decimal("0.0600") and row[-1] is Status.OVER_TARGET
    assert report.warnings and "占业务收入 6.00%，超过 5.00% 的目标" in say(report.warnings[0])  # rent is left out
    reports.record_revenue(desk, staff.finance, 202602, "LETTER", 1_000_000)  # a correction: the latest wins
    row = reports.build(desk, staff.head, ReportRequest("ratio", TODAY)).tables[0].rows[0]
    assert row[1] == 1_500_000 and row[-1] is Status.ON_TARGET
    assert run_import(desk, staff.finance, "revenues", path, only_valid=True).imported == 1  # 2026-02 differs now


def test_reconciliation_shows_matches_and_differences_side_by_side(world):
    desk, staff, code, pending, tmp = world
    from app.services import reports
    from app.services.arrears import ArrearsInput, record_arrears
    cid = rows(desk, "SELECT id FROM customers WHERE code = ?", code)[0][0]
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 3, 1), 60_000, "R1", True))
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "PARCEL", date(2026, 3, 2), 10_000, "R2", True))
    path = xlsx(tmp / "fin.xlsx", [["2026-03", "函件", "", 600, 0], ["2026-03", "包件", "", 99, 0],
                                   ["2026-03", "", code, 700, 0]],
                headers=["账期", "业务专业", "客户代码", "新增欠费", "收回欠费"])
    run_import(desk, staff.finance, "external", path, source="finance")
    from app.reports.model import Status, say
    from app.reports.request import ReportRequest
    report = reports.build(desk, staff.head, ReportRequest("reconciliation", date(2026, 3, 17), source="finance"))
    assert report.request.period == 202603
    lines = {r[0]: r for r in report.table("by_business_line").rows}
    assert lines["函件"][1:4] == [60_000, 60_000, 0] and lines["函件"][-1] is Status.MATCHES
    assert lines["包件"][1:4] == [10_000, 9_900, 100] and lines["包件"][-1] is Status.DIFFERS
    assert report.table("by_customer").rows[0][-1] is Status.MATCHES
    assert [say(r[0]) for r in report.table("differences").rows] == ["按业务专业：包件"]


def test_reconciliation_rows_name_a_line_or_a_customer_not_both(world):
    desk, staff, code, pending, tmp = world
    path = xlsx(tmp / "both.xlsx", [["2026-03", "函件", code, 1, 0], ["2026-03", "", "", 1, 0]],
                headers=["账期", "业务专业", "客户代码", "新增欠费", "收回欠费"])
    check = check_file(desk, staff.finance, "external", path)
    assert [i.row for i in check.issues] == [2, 3] and "其中之一" in str(check.issues[0])


def test_a_reversed_voucher_can_be_imported_again_as_the_corrected_entry(world):
    desk, staff, code, pending, tmp = world
    from app.services.arrears import ArrearsInput, record_arrears, reverse_arrears
    cid = rows(desk, "SELECT id FROM customers WHERE code = ?", code)[0][0]
    item = record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 3, 1), 5_000, "FIX1", True))
    reverse_arrears(desk, staff.head, item.item_id, "金额录错")
    path = xlsx(tmp / "fix.xlsx", [[code, "函件", date(2026, 3, 1), 55, "FIX1"]], headers=HEADERS[:5])
    assert run_import(desk, staff.clerk, "arrears", path).imported == 1
    assert rows(desk, "SELECT amount FROM arrears_items WHERE voucher_no = 'FIX1' ORDER BY id") == [(5_000,), (5_500,)]
