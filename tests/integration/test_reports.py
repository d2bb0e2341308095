"""Report figures against independent computations on generated ledgers, and exported workbooks
re-read cell by cell."""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.reports.export import write_pdf, write_xlsx
from app.services import reports
from app.services.auth import login
from app.services.context import Desk, FixedClock
from app.services.demo import DEMO_PASSWORD, generate_demo
from tests.ledger_replay import open_amounts, read_entries

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    path = tmp_path_factory.mktemp("reports") / "demo.sqlite3"
    generate_demo(path, customers=60, months=16, seed=7, today=TODAY)
    desk = Desk(path, clock=FixedClock(TODAY))
    yield desk, login(desk, "head", DEMO_PASSWORD), path
    desk.close()


def _by_line(path, opens: dict[int, int]) -> dict[int, int]:
    con = sqlite3.connect(path)
    line_of = dict(con.execute("SELECT id, business_line_id FROM arrears_items"))
    con.close()
    out: dict[int, int] = defaultdict(int)
    for item_id, amount in opens.items():
        if amount:
            out[line_of[item_id]] += amount
    return dict(out)


@pytest.mark.parametrize("start,end", [(date(2026, 1, 1), date(2026, 3, 31)), (date(2025, 8, 1), TODAY),
                                       (date(2026, 11, 1), TODAY), (date(2026, 6, 15), date(2026, 6, 15))])
def test_movement_table_always_balances_and_its_ends_match_an_independent_replay(ledger, start, end):
    desk, head, path = ledger
    report = reports.movement(desk, head, start, end)
    assert report.warnings == []
    entries = read_entries(path)
    opening = _by_line(path, open_amounts(entries, start - timedelta(days=1)))
    closing = _by_line(path, open_amounts(entries, end))
    con = sqlite3.connect(path)
    names = dict(con.execute("SELECT name, id FROM business_lines"))
    incurred = dict(con.execute("SELECT business_line_id, SUM(amount) FROM arrears_items WHERE business_date "
                                "BETWEEN ? AND ? GROUP BY 1", (start.isoformat(), end.isoformat())))
    con.close()
    table = report.table("按业务专业")
    assert table.rows
    for name, o, inc, col, wo, rev, c, diff in table.rows:
        line = names[name]
        assert (o, c, inc) == (opening.get(line, 0), closing.get(line, 0), incurred.get(line, 0))
        assert diff == 0 and o + inc - col - wo - rev == c
    branch = report.table("按网点")
    assert branch.totals[1:] == table.totals[1:]  # the same money seen by branch


def test_aging_totals_equal_open_balances_for_every_grouping(ledger):
    desk, head, path = ledger
    con = sqlite3.connect(path)
    open_total = con.execute("SELECT SUM(open_total) FROM customer_balances").fetchone()[0]
    con.close()
    report = reports.aging(desk, head, TODAY, details=True)
    assert report.tables[0].name == "账龄结构" and report.tables[0].totals[1] == open_total
    for table in report.tables[1:-1]:
        assert table.totals[-2] == open_total, table.name
        assert table.totals[-1] == Decimal("1.0000")
    details = report.table("欠费明细")
    assert details.totals[-1] == open_total and sum(r[-1] for r in details.rows) == open_total


def test_aging_drill_down_lists_exactly_the_items_behind_a_figure(ledger):
    desk, head, path = ledger
    report = reports.aging(desk, head, TODAY, groupings=["business_line"])
    table = report.table("按业务专业")
    row, (grouping, key) = table.rows[0], table.keys[0]
    for bucket in range(len(table.columns) - 4):
        items = reports.aging_details(desk, head, TODAY, filter_by=(grouping, key), bucket=bucket)
        assert sum(r[-1] for r in items.rows) == row[2 + bucket]


def test_aging_as_of_a_past_date_matches_the_replay(ledger):
    desk, head, path = ledger
    past = date(2026, 5, 31)
    report = reports.aging(desk, head, past, groupings=["customer"])
    assert report.table("按客户").totals[-2] == sum(open_amounts(read_entries(path), past).values())


def test_handler_commission_base_leaves_out_collections_more_than_six_months_overdue(ledger):
    desk, head, path = ledger
    report = reports.handlers(desk, head, date(2026, 1, 1), TODAY)
    from app.domain.collection import over_six_months
    con = sqlite3.connect(path)
    collected = base = 0
    for amount, effective_on, due in con.execute("""
        SELECT a.amount, a.effective_on, i.due_date FROM allocations a JOIN arrears_items i ON i.id = a.arrears_item_id
        WHERE a.effective_on BETWEEN '2026-01-01' AND ?
          AND a.repayment_id NOT IN (SELECT repayment_id FROM reversals WHERE repayment_id IS NOT NULL)
          AND a.arrears_item_id NOT IN (SELECT arrears_item_id FROM reversals WHERE arrears_item_id IS NOT NULL)""",
                                                 (TODAY.isoformat(),)):
        collected += amount
        if not over_six_months(date.fromisoformat(due), date.fromisoformat(effective_on)):
            base += amount
    con.close()
    totals = report.tables[0].totals
    assert (totals[5], totals[6]) == (collected, base) and base < collected


def test_long_overdue_list_holds_every_item_over_six_months(ledger):
    desk, head, path = ledger
    report = reports.long_overdue(desk, head, TODAY)
    con = sqlite3.connect(path)
    expected = con.execute("SELECT COUNT(*), SUM(open_amount) FROM item_balances WHERE open_amount > 0 "
                           "AND due_date < '2026-05-25'").fetchone()
    con.close()
    assert (len(report.tables[0].rows), report.tables[0].totals[8]) == expected


def test_exported_workbook_has_numbers_not_text_and_matches_the_report_cell_by_cell(ledger, tmp_path):
    desk, head, path = ledger
    report = reports.aging(desk, head, TODAY, details=True)
    out = write_xlsx(report, tmp_path / "aging.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == [t.name for t in report.tables]
    for table in report.tables:
        ws = wb[table.name]
        header_row = 4 + len(report.parameters)
        assert ws.freeze_panes == f"A{header_row + 1}"
        assert ws.cell(row=1, column=1).value == report.title
        assert [c.value for c in ws[header_row]] == [c.header for c in table.columns]
        for r, row in enumerate(table.rows + [table.totals], start=header_row + 1):
            for c, (value, column) in enumerate(zip(row, table.columns), start=1):
                cell = ws.cell(row=r, column=c)
                if column.kind == "money" and isinstance(value, int):
                    assert cell.data_type == "n" and Decimal(str(cell.value)) * 100 == value
                    assert cell.number_format == "#,##0.00"
                elif column.kind == "percent" and value is not None:
                    assert cell.data_type == "n" and Decimal(str(cell.value)) == value
                    assert cell.number_format == "0.00%"
                elif column.kind == "date" and value:
                    assert cell.value.date() == value
                elif value in (None, ""):
                    assert cell.value in (None, "")
                else:
                    assert cell.value == value


def test_pdf_export_embeds_its_font(ledger, tmp_path):
    desk, head, path = ledger
    out = write_pdf(reports.movement(desk, head, date(2026, 1, 1), TODAY), tmp_path / "m.pdf")
    if shutil.which("pdffonts"):
        lines = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout.splitlines()[2:]
        assert lines and all(line.split()[-5] == "yes" for line in lines)
        text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True).stdout
        assert "欠费变动表" in text and "期初余额" in text


def test_report_command_line(ledger, tmp_path, capsys):
    desk, head, path = ledger
    copy = tmp_path / "copy.sqlite3"
    shutil.copy(path, copy)
    args = ["--db", str(copy), "--user", "head", "--password", DEMO_PASSWORD, "--as-of", TODAY.isoformat()]
    for kind in ("aging", "movement", "daily", "ratio", "handlers"):
        assert main(["report", kind, *args, "--out", str(tmp_path / f"{kind}.xlsx")]) == 0
        assert load_workbook(tmp_path / f"{kind}.xlsx").sheetnames
    assert main(["report", "movement", *args, "--format", "pdf", "--out", str(tmp_path / "m.pdf")]) == 0
    assert main(["report", "aging", *args, "--out", str(tmp_path / "a.txt")]) == 2
    assert main(["report", "aging", "--db", str(copy), "--user", "head", "--password", "x",
                 "--out", str(tmp_path / "b.xlsx")]) == 2


def test_dashboard_month_end_balances_match_a_replay_as_of_each_month_end(ledger):
    desk, head, path = ledger
    from app.services.dashboard import dashboard, month_end
    board = dashboard(desk, head, TODAY)
    assert len(board.months) == 12 and board.months[-1].period == 202611
    entries = read_entries(path)
    for month in board.months:
        assert month.outstanding == sum(open_amounts(entries, month_end(month.period, TODAY)).values()), month
    assert sum(board.aging_amounts) == board.months[-1].outstanding
    assert board.top_overdue == sorted(board.top_overdue, key=lambda t: -t[1])


def test_movement_names_the_cause_when_maintained_balances_disagree_with_the_entries(tmp_path):
    from app.services.arrears import ArrearsInput, record_arrears
    from tests.factories import approved_customer, make_desk
    desk, staff = make_desk(tmp_path / "m.sqlite3", date(2026, 3, 1))
    cid = approved_customer(desk, staff)
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 3, 1), 10_000, "V1", True))
    assert reports.movement(desk, staff.head, date(2026, 3, 1), date(2026, 3, 1)).warnings == []
    con = sqlite3.connect(desk.path)
    con.execute("UPDATE item_balances SET open_amount = open_amount - 100")  # a damaged cache
    con.commit()
    con.close()
    warnings = reports.movement(desk, staff.head, date(2026, 3, 1), date(2026, 3, 1)).warnings
    assert any("维护余额" in w and "verify" in w for w in warnings)
    desk.close()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice Calc (make system-deps)")
def test_exported_workbooks_open_in_libreoffice(ledger, tmp_path):
    desk, head, path = ledger
    for kind, report in [("aging", reports.aging(desk, head, TODAY)),
                         ("movement", reports.movement(desk, head, date(2026, 1, 1), TODAY)),
                         ("ratio", reports.ratio(desk, head, TODAY))]:
        book = write_xlsx(report, tmp_path / f"{kind}.xlsx")
        done = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                               "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir",
                               str(tmp_path / "csv"), str(book)], capture_output=True, text=True, timeout=180)
        assert done.returncode == 0, done.stderr
        text = (tmp_path / "csv" / f"{kind}.csv").read_text(encoding="utf-8")
        assert report.title in text  # the first sheet, read back by LibreOffice
        first = report.tables[0]
        money_col = next(i for i, c in enumerate(first.columns) if c.kind == "money")
        total = first.totals[money_col]
        assert f"{total // 100}.{total % 100:02d}".rstrip("0").rstrip(".") in text.replace(",", "")


def test_long_overdue_list_as_of_a_past_date_matches_the_replay(ledger):
    desk, head, path = ledger
    past = date(2026, 6, 30)
    report = reports.long_overdue(desk, head, past)
    entries = read_entries(path)
    opens = open_amounts(entries, past)
    from app.domain.collection import over_six_months
    expected = sum(a for item_id, a in opens.items() if a > 0 and over_six_months(entries.items[item_id]["due_date"], past))
    assert report.tables[0].totals[8] == expected
