"""Long documents over several pages: the table's header on every page, the signature block, the seal
and the 回执 on the page of the table's last rows (never alone), and 第 N 页 共 M 页 on each page."""
from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from app.documents.fonts import document_font
from app.documents.layout import DocumentCanvas, PageWriter
from app.documents.notices import (
    Addressee, NoticeDocument, NoticeLine, StatementDocument, StatementLine, write_pdf,
)
from app.documents.receipt import ReceiptDocument, ReceiptLine, write_receipt_pdf
from app.documents.templates import DEFAULT_TEMPLATE

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (make system-deps)")

CUSTOMER = Addressee("东方贸易有限公司", "C000123", "某某市某某路 1 号", "王经理", "0311-8888")
ROW = re.compile(r"PZ-\d{5}")


def pages_of(path: Path) -> list[str]:
    """The text of each page (pdftotext puts a form feed between pages)."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")[:-1]


def assert_numbered(pages: list[str]) -> None:
    for n, page in enumerate(pages, start=1):
        assert f"第 {n} 页 共 {len(pages)} 页" in page, page


@pytest.fixture(scope="module")
def font() -> str:
    return document_font("").name


def receipt(items: int, *, copy: int = 1) -> ReceiptDocument:
    lines = tuple(ReceiptLine(f"PZ-{n:05d}", date(2026, 3, 1 + n % 28), "函件业务", 12_345 + n) for n in range(items))
    return ReceiptDocument("SJ-2026-000123", "城东支局", CUSTOMER.name, CUSTOMER.code, date(2026, 11, 20), "现金",
                           sum(x.amount for x in lines) + 500, lines, 500, 1_319_210, 500, date(2026, 11, 27),
                           "张营业", copy=copy, printed_by="李主管")


def notice(items: int, number: str = "CJ-2026-000045", late_fee: bool = True) -> NoticeDocument:
    lines = tuple(NoticeLine(date(2026, 1, 1 + n % 28), "函件业务", f"PZ-{n:05d}", 12_345 + n, 12_345 + n, 40 + n, 37)
                  for n in range(items))
    return NoticeDocument(number, "城东支局", CUSTOMER, "XY-2026-0007", "结算周期 1 个月，信用期 30 天",
                          date(2026, 11, 27), date(2026, 12, 7), date(2026, 12, 4), lines, late_fee,
                          dict(DEFAULT_TEMPLATE))


def statement(items: int) -> StatementDocument:
    lines = tuple(StatementLine(date(2026, 1, 1 + n % 28), "欠费", f"PZ-{n:05d}", "函件业务", 10_000, 0,
                                10_000 * (n + 1)) for n in range(items))
    return StatementDocument("DZ-2026-000007", "城东支局", CUSTOMER, "XY-2026-0007", date(2026, 1, 1),
                             date(2026, 10, 31), date(2026, 11, 27), date(2026, 12, 12), 0, lines,
                             10_000 * items, dict(DEFAULT_TEMPLATE))


def assert_table_pages(pages: list[str], items: int) -> None:
    """Every item once, in order; every page with rows starts them under the table's header."""
    seen = [m for page in pages for m in ROW.findall(page)]
    assert seen == [f"PZ-{n:05d}" for n in range(items)]
    for page in pages:
        if ROW.search(page):
            assert page.index("序号" if "序号" in page else "日期") < ROW.search(page).start(), page


@pytest.mark.parametrize("items", range(6, 40))
def test_a_long_receipt_repeats_its_header_and_keeps_the_signature_with_the_last_rows(tmp_path, font, items):
    path = tmp_path / "r.pdf"
    count = write_receipt_pdf(path, receipt(items), font)
    pages = pages_of(path)
    assert len(pages) == count
    assert_numbered(pages)
    assert_table_pages(pages, items)
    for page in pages[1:]:
        assert "（续）" in page and "序号" in page and "凭证号" in page
    last = pages[-1]
    assert "客户签字" in last and "收款人：张营业" in last and "尚欠" in last
    assert ROW.search(last) and "合计" in last  # the signature is never alone on its page
    assert all("客户签字" not in page for page in pages[:-1])


def test_a_reprinted_receipt_is_marked_on_every_page_and_boxed_on_the_first(tmp_path, font):
    path = tmp_path / "r.pdf"
    write_receipt_pdf(path, receipt(30, copy=2), font)
    pages = pages_of(path)
    assert len(pages) >= 2
    assert all("补打：2026年11月27日 李主管（第 2 次打印）" in page for page in pages)
    assert [page.count("补打") for page in pages] == [2] + [1] * (len(pages) - 1)


@pytest.mark.parametrize("items", [10, 25, 33, 40, 46, 52, 60, 75, 90])
def test_a_long_notice_keeps_the_seal_and_the_reply_slip_with_its_last_rows(tmp_path, font, items):
    path = tmp_path / "n.pdf"
    count = write_pdf(path, [notice(items)], font, title="催缴通知书")
    pages = pages_of(path)
    assert len(pages) == count
    assert_numbered(pages)
    assert_table_pages(pages, items)
    for page in pages[1:]:
        assert "催缴通知书 CJ-2026-000045（续）" in page and "违约金" in page and "逾期天数" in page
    last = pages[-1]
    assert "回    执" in last.replace("回      执", "回    执") or re.search(r"回\s+执", last)
    assert "（盖章）" in last and "逾期欠费合计" in last
    assert ROW.search(last) and "合计" in last
    assert all(not re.search(r"回\s+执", page) and "（盖章）" not in page for page in pages[:-1])


def test_a_ten_item_notice_is_one_page_with_its_reply_slip(tmp_path, font):
    path = tmp_path / "n.pdf"
    assert write_pdf(path, [notice(10)], font, title="催缴通知书") == 1
    assert "第 1 页 共 1 页" in pages_of(path)[0]


def test_in_a_batch_each_notice_counts_its_own_pages(tmp_path, font):
    path = tmp_path / "n.pdf"
    assert write_pdf(path, [notice(60, "CJ-A"), notice(3, "CJ-B"), notice(60, "CJ-C")], font, title="催缴通知书") == 7
    footers = [re.search(r"(CJ-\w) 第 (\d) 页 共 (\d) 页", page).groups() for page in pages_of(path)]
    assert footers == [("CJ-A", "1", "3"), ("CJ-A", "2", "3"), ("CJ-A", "3", "3"), ("CJ-B", "1", "1"),
                       ("CJ-C", "1", "3"), ("CJ-C", "2", "3"), ("CJ-C", "3", "3")]
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    assert rows and all(row[-5] == "yes" for row in rows)  # every font embedded (emb column)


@pytest.mark.parametrize("items", [20, 35, 45, 60])
def test_a_long_statement_keeps_the_customers_confirmation_with_its_last_rows(tmp_path, font, items):
    path = tmp_path / "s.pdf"
    write_pdf(path, [statement(items)], font, title="对账单")
    pages = pages_of(path)
    assert_numbered(pages)
    assert_table_pages(pages, items)
    for page in pages[1:]:
        assert "（续）" in page and "凭证/收据号" in page
    last = pages[-1]
    assert "客户确认" in last and "期末余额" in last and ROW.search(last)


def test_a_canvas_saved_without_ending_its_document_loses_no_page(tmp_path, font):
    path = tmp_path / "x.pdf"
    canvas = DocumentCanvas(str(path), initialFontName=font)
    writer = PageWriter(canvas, font)
    writer.line("第一页", 12)
    writer.new_page()
    writer.line("第二页", 12)
    canvas.save()
    assert [("第一页" in page, "第二页" in page) for page in pages_of(path)] == [(True, False), (False, True)]


def long_report(rows: int):
    from app.reports import words as w
    from app.reports.model import Report, ReportColumn, ReportTable
    from app.reports.request import ReportRequest
    columns = [ReportColumn(w.ITEMS, "text", 20), ReportColumn(w.TOTAL, "money", 15)]
    table = ReportTable("details", w.ITEMS, columns, [[f"PZ-{n:05d}", 10_000 + n] for n in range(rows)],
                        [w.TOTAL, sum(10_000 + n for n in range(rows))])
    return Report(ReportRequest("movement", date(2026, 11, 27)), w.TITLE_MOVEMENT,
                  [(w.TOTAL, "示范")], [table])


def test_a_report_of_three_pages_numbers_each_and_repeats_the_table_header(tmp_path, font):
    from app.reports.export import write_pdf as write_report_pdf
    path = write_report_pdf(long_report(80), tmp_path / "r.pdf", font_path="")
    pages = pages_of(path)
    assert len(pages) == 3
    assert_numbered(pages)
    seen = []
    for page in pages:
        header = re.search(r"欠费明细 +合计\n", page)  # the table's header row, above the page's first row
        assert header and header.start() < ROW.search(page).start(), page
        assert "欠费变动表" in page  # the title (「…（续）」 on a continuation page)
        seen += ROW.findall(page)
    assert seen == [f"PZ-{n:05d}" for n in range(80)]  # no row lost or repeated across the breaks
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    assert rows and all(row[-5] == "yes" for row in rows)


def test_an_english_page_footer_says_page_n_of_m(tmp_path, font):
    path = tmp_path / "e.pdf"
    canvas = DocumentCanvas(str(path), initialFontName=font)
    writer = PageWriter(canvas, font, footer="Aging", english=True)
    writer.line("one", 12)
    writer.new_page()
    writer.line("two", 12)
    writer.finish_document()
    canvas.save()
    assert ["Page 1 of 2" in pages_of(path)[0], "Page 2 of 2" in pages_of(path)[1]] == [True, True]
