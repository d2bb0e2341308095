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
from app.domain.errors import DomainError
from app.domain.periods import format_period
from app.domain.words import Words
from app.reports import words
from app.reports.export import write_pdf, write_xlsx
from app.reports.model import Phrase, Report, say
from app.reports.request import ReportRequest
from app.services import reports
from app.services.reports import build
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
    report = build(desk, head, ReportRequest("movement", end, start=start))
    assert report.warnings == []
    entries = read_entries(path)
    opening = _by_line(path, open_amounts(entries, start - timedelta(days=1)))
    closing = _by_line(path, open_amounts(entries, end))
    con = sqlite3.connect(path)
    names = dict(con.execute("SELECT name, id FROM business_lines"))
    incurred = dict(con.execute("SELECT business_line_id, SUM(amount) FROM arrears_items WHERE business_date "
                                "BETWEEN ? AND ? GROUP BY 1", (start.isoformat(), end.isoformat())))
    con.close()
    table = report.table("by_business_line")
    assert table.rows
    for name, o, inc, col, wo, rev, c, diff, _recovered in table.rows:
        line = names[name]
        assert (o, c, inc) == (opening.get(line, 0), closing.get(line, 0), incurred.get(line, 0))
        assert diff == 0 and o + inc - col - wo - rev == c
    branch = report.table("by_branch")
    assert branch.totals[1:] == table.totals[1:]  # the same money seen by branch


def test_aging_totals_equal_open_balances_for_every_grouping(ledger):
    desk, head, path = ledger
    con = sqlite3.connect(path)
    open_total = con.execute("SELECT SUM(open_total) FROM customer_balances").fetchone()[0]
    con.close()
    report = build(desk, head, ReportRequest("aging", TODAY, details=True))
    assert report.tables[0].key == "structure" and report.tables[0].totals[1] == open_total
    assert [t.key for t in report.tables[1:-1]] == ["by_customer", "by_business_line", "by_customer_group",
                                                    "by_handler", "by_branch"]
    for table in report.tables[1:-1]:
        assert table.totals[-2] == open_total, table.key
        assert table.totals[-1] == Decimal("1.0000")
    details = report.table("details")
    assert details.totals[-1] == open_total and sum(r[-1] for r in details.rows) == open_total


@pytest.mark.parametrize("scheme", ["overdue", "telecom"])
@pytest.mark.parametrize("as_of", [TODAY, date(2026, 5, 31)])
def test_aging_of_every_grouping_from_one_pass_equals_each_grouping_on_its_own(ledger, scheme, as_of):
    """The report reads the open items once for its five groupings: the same rows, in the same order, as
    one query per grouping."""
    from app.domain.aging import AgingGrouping, AgingScheme
    from app.services.aging import aging_by, aging_in
    desk, _head, _path = ledger
    with desk.reading() as uow:
        together = aging_by(uow, as_of, AgingScheme(scheme), list(AgingGrouping))
        for grouping in AgingGrouping:
            alone = aging_in(uow, as_of, AgingScheme(scheme), grouping)
            assert alone.rows, grouping
            assert [(r.key, r.label, r.buckets, r.extra) for r in together[grouping].rows] == \
                [(r.key, r.label, r.buckets, r.extra) for r in alone.rows], grouping
            assert together[grouping].bucket_labels == alone.bucket_labels


def test_aging_drill_down_lists_exactly_the_items_behind_a_figure(ledger):
    desk, head, path = ledger
    for scheme in ("overdue", "telecom"):
        report = build(desk, head, ReportRequest("aging", TODAY, scheme=scheme, groupings=["business_line"]))
        table = report.table("by_business_line")
        row, (grouping, key) = table.rows[0], table.keys[0]
        for bucket in range(len(table.columns) - 4):
            items = reports.details(desk, head, report.request, group=(grouping, key), bucket=bucket)
            assert sum(r[-1] for r in items.rows) == row[2 + bucket]
            assert {r[11] for r in items.rows} <= {table.columns[2 + bucket].header}  # the band drilled into
        everything = reports.details(desk, head, report.request, group=(grouping, key))
        assert sum(r[-1] for r in everything.rows) == row[-2]


def test_aging_as_of_a_past_date_matches_the_replay(ledger):
    desk, head, path = ledger
    past = date(2026, 5, 31)
    report = build(desk, head, ReportRequest("aging", past, groupings=["customer"]))
    assert report.table("by_customer").totals[-2] == sum(open_amounts(read_entries(path), past).values())


def test_handler_commission_base_leaves_out_collections_more_than_six_months_overdue(ledger):
    desk, head, path = ledger
    report = build(desk, head, ReportRequest("handlers", TODAY, start=date(2026, 1, 1)))
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
    report = build(desk, head, ReportRequest("long_overdue", TODAY))
    con = sqlite3.connect(path)
    expected = con.execute("SELECT COUNT(*), SUM(open_amount) FROM item_balances WHERE open_amount > 0 "
                           "AND due_date < '2026-05-25'").fetchone()
    con.close()
    assert (len(report.tables[0].rows), report.tables[0].totals[9]) == expected


def test_exported_workbook_has_numbers_not_text_and_matches_the_report_cell_by_cell(ledger, tmp_path):
    desk, head, path = ledger
    report = build(desk, head, ReportRequest("aging", TODAY, details=True))
    out = write_xlsx(report, tmp_path / "aging.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == ["账龄结构", "按客户", "按业务专业", "按客户群", "按经办人", "按网点", "欠费明细"]
    assert wb.sheetnames == [say(t.name) for t in report.tables]
    for table in report.tables:
        ws = wb[say(table.name)]
        header_row = 4 + len(report.parameters)
        assert ws.freeze_panes == f"A{header_row + 1}"
        assert ws.cell(row=1, column=1).value == "欠费账龄分析表（逾期天数账龄）" == say(report.title)
        assert [c.value for c in ws[header_row]] == [say(c.header) for c in table.columns]
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
                elif column.kind == "period":
                    assert cell.value == format_period(value)
                elif isinstance(value, (str, int)):
                    assert cell.value == value
                else:  # words of the vocabulary, in Chinese
                    assert cell.value == say(value) and isinstance(value, (Words, Phrase))
    details = wb["欠费明细"]
    assert details.cell(row=header_row, column=12).value == "账龄段"
    assert {c.value for c in details["L"][header_row:header_row + len(report.table("details").rows)]} == {"未到期", "1-90天", "91-180天", "181-365天", "365天以上"}


def test_pdf_export_embeds_its_font(ledger, tmp_path):
    desk, head, path = ledger
    out = write_pdf(build(desk, head, ReportRequest("movement", TODAY, start=date(2026, 1, 1))), tmp_path / "m.pdf")
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
    for kind in ("aging", "movement", "daily", "ratio", "handlers", "long_overdue", "reconciliation"):
        assert main(["report", kind, *args, "--out", str(tmp_path / f"{kind}.xlsx")]) == 0
        assert load_workbook(tmp_path / f"{kind}.xlsx").sheetnames
    assert load_workbook(tmp_path / "reconciliation.xlsx").sheetnames == ["按业务专业", "按客户", "差异清单"]
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
    from tests.factories import approved_customer, execute, make_desk
    desk, staff = make_desk(tmp_path / "m.sqlite3", date(2026, 3, 1))
    cid = approved_customer(desk, staff)
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 3, 1), 10_000, "V1", True))
    request = ReportRequest("movement", date(2026, 3, 1), start=date(2026, 3, 1))
    assert build(desk, staff.head, request).warnings == []
    execute(desk, "UPDATE item_balances SET open_amount = open_amount - 100")  # a damaged cache
    warnings = build(desk, staff.head, request).warnings
    cause = next(w for w in warnings if w.words == words.CAUSE_BALANCES_DIFFER)
    assert "函件 的维护余额 99.00 与按分录重放的 100.00 不一致" in say(cause) and "verify" in say(cause)
    desk.close()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice Calc (make system-deps)")
def test_exported_workbooks_open_in_libreoffice(ledger, tmp_path):
    desk, head, path = ledger
    for kind, report in [("aging", build(desk, head, ReportRequest("aging", TODAY))),
                         ("movement", build(desk, head, ReportRequest("movement", TODAY, start=date(2026, 1, 1)))),
                         ("ratio", build(desk, head, ReportRequest("ratio", TODAY)))]:
        book = write_xlsx(report, tmp_path / f"{kind}.xlsx")
        done = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                               "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir",
                               str(tmp_path / "csv"), str(book)], capture_output=True, text=True, timeout=180)
        assert done.returncode == 0, done.stderr
        text = (tmp_path / "csv" / f"{kind}.csv").read_text(encoding="utf-8")
        assert say(report.title) in text  # the first sheet, read back by LibreOffice
        first = report.tables[0]
        money_col = next(i for i, c in enumerate(first.columns) if c.kind == "money")
        total = first.totals[money_col]
        assert f"{total // 100}.{total % 100:02d}".rstrip("0").rstrip(".") in text.replace(",", "")


def test_long_overdue_list_as_of_a_past_date_matches_the_replay(ledger):
    desk, head, path = ledger
    past = date(2026, 6, 30)
    report = build(desk, head, ReportRequest("long_overdue", past))
    entries = read_entries(path)
    opens = open_amounts(entries, past)
    from app.domain.collection import over_six_months
    expected = sum(a for item_id, a in opens.items() if a > 0 and over_six_months(entries.items[item_id]["due_date"], past))
    assert report.tables[0].totals[9] == expected


def test_a_past_handler_report_is_unchanged_by_a_later_reversal(tmp_path):
    """The handler report counts entries as they stood at the end of its period, like movement and aging:
    a repayment bounced or an item reversed in April leaves March's figures as they were printed."""
    from app.services.arrears import ArrearsInput, record_arrears, reverse_arrears
    from app.services.clock import confirm_clock
    from app.services.context import FixedClock
    from app.services.repayments import RepaymentInput, record_repayment, reverse_repayment
    from tests.factories import approved_customer, make_desk
    desk, staff = make_desk(tmp_path / "h.sqlite3", date(2026, 3, 1))
    cid = approved_customer(desk, staff)
    first = record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 3, 1), 10_000, "V1", True))
    second = record_arrears(desk, staff.clerk, ArrearsInput(cid, "PARCEL", date(2026, 3, 1), 4_000, "V2", True))
    desk.clock = FixedClock(date(2026, 3, 10))
    paid = record_repayment(desk, staff.clerk, RepaymentInput(cid, 12_000, date(2026, 3, 10), "transfer", "R1"))
    desk.clock = FixedClock(date(2026, 4, 15))
    confirm_clock(desk, staff.head)  # five quiet weeks: longer than the clock check believes without a word
    march = ReportRequest("handlers", date(2026, 3, 31), start=date(2026, 3, 1))
    before = build(desk, staff.head, march)
    assert before.tables[0].totals[2:6] == [2_000, 0, 0, 12_000]
    reverse_repayment(desk, staff.head, paid.repayment_id, "退票")
    reverse_arrears(desk, staff.head, second.item_id, "重复登记")
    assert first.item_id != second.item_id
    after = build(desk, staff.head, march)
    assert after.tables[0].rows == before.tables[0].rows and after.tables[0].totals == before.tables[0].totals
    daily = ReportRequest("daily", date(2026, 3, 31), start=date(2026, 3, 1))
    assert build(desk, staff.head, daily).table("by_payment_method").totals[-2:] == [1, 12_000]  # the bounce is April's
    april = build(desk, staff.head, ReportRequest("handlers", date(2026, 4, 30), start=date(2026, 4, 1)))
    assert april.tables[0].totals[2] == 10_000  # now the bounce and the reversal count
    desk.close()


def test_a_period_that_starts_after_it_ends_is_refused_by_the_request_for_every_caller(ledger, tmp_path, capsys):
    desk, head, path = ledger
    with pytest.raises(DomainError) as refused:
        ReportRequest("movement", date(2026, 3, 1), start=date(2026, 3, 2))
    assert refused.value.code == "report.bad_period"
    args = ["--db", str(path), "--user", "head", "--password", DEMO_PASSWORD, "--out", str(tmp_path / "x.xlsx")]
    assert main(["report", "daily", "--from", "2026-03-02", "--as-of", "2026-03-01", *args]) == 2
    assert capsys.readouterr().err.strip() == f"错误：{refused.value.message('zh_CN')}"
    assert not (tmp_path / "x.xlsx").exists()


def test_a_request_takes_only_what_its_report_uses_and_fills_in_the_defaults():
    aging = ReportRequest("aging", TODAY, start=date(2026, 1, 1), source="business")
    assert aging.start is None and aging.source == "finance" and aging == ReportRequest("aging", TODAY)
    assert ReportRequest("movement", TODAY).start == date(2026, 11, 1)
    month = ReportRequest("reconciliation", date(2026, 2, 10), start=date(2027, 1, 1), scheme="telecom")
    assert (month.start, month.end, month.period, month.scheme) == (date(2026, 2, 1), date(2026, 2, 28), 202602,
                                                                      "overdue")
    today = ReportRequest("handlers", start=date(2026, 11, 30))  # "today" is checked once it is known
    with pytest.raises(DomainError):
        today.on(TODAY)
    assert ReportRequest("handlers").on(TODAY).start == date(2026, 11, 1)


def _words_in(report: Report) -> list[Words]:
    """Every fixed word a report says, however deep in a phrase."""
    found: list[Words] = []

    def walk(value) -> None:
        if isinstance(value, Phrase):
            found.append(value.words)
            for _, param in value.params:
                walk(param)
        elif isinstance(value, Words):
            found.append(value)
        elif isinstance(getattr(value, "words", None), Words):
            found.append(value.words)

    for value in [report.title, *(v for p in report.parameters for v in p), *report.notes, *report.warnings]:
        walk(value)
    for table in report.tables:
        walk(table.name)
        for column in table.columns:
            walk(column.header)
        for row in [*table.rows, table.totals or []]:
            for value in row:
                walk(value)
    return found


def test_every_word_a_report_says_comes_from_the_vocabulary_with_one_english_text(ledger):
    desk, head, path = ledger
    known = words.all_words()
    said: set[Words] = set()
    for kind in ("aging", "movement", "daily", "ratio", "handlers", "long_overdue", "reconciliation"):
        for scheme in ("overdue", "telecom"):
            report = build(desk, head, ReportRequest(kind, TODAY, start=date(2026, 1, 1), scheme=scheme, details=True))
            said.update(_words_in(report))
    assert said and not said - set(known)
    by_english: dict[str, set[str]] = defaultdict(set)
    for term in known:
        by_english[term.en].add(term.zh)
    assert {en: zh for en, zh in by_english.items() if len(zh) > 1} == {}  # the screen translates each one way
    assert words.screen_words()["Differs"] == "不符"
