"""Reports, imports and the dashboard as a branch head and finance use them."""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import QDate, Qt

from app.services.auth import login
from app.services.context import Desk, FixedClock
from app.services.demo import DEMO_PASSWORD, generate_demo
from tests.factories import rows
from ui.import_dialog import ImportDialog
from ui.main_window import MainWindow

pytestmark = pytest.mark.gui
TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """The demo ledger, built once for the module; each test works on its own copy."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    generate_demo(path, customers=40, months=14, seed=3, today=TODAY)
    return path


@pytest.fixture
def branch(qtbot, tmp_path, demo_file):
    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_file, path)
    desk = Desk(path, clock=FixedClock(TODAY))
    yield desk, tmp_path
    desk.close()


def window_for(qtbot, desk, username):
    window = MainWindow(desk, login(desk, username, DEMO_PASSWORD), "示范")
    qtbot.addWidget(window)
    return window


def test_head_shows_the_movement_table_and_exports_it_to_excel(qtbot, branch):
    desk, tmp = branch
    page = window_for(qtbot, desk, "head").show_area("reports")
    page.kind.setCurrentIndex(page.kind.findData("movement"))
    page.start.setDate(QDate(2026, 1, 1))
    with qtbot.waitSignal(page.shown, timeout=20_000):
        page.run()
    assert page.tabs.count() == 2 and page.tabs.tabText(0) == "按业务专业"
    model = page.tabs.widget(0).model()
    assert model.index(model.rowCount() - 1, 0).data() == "合计"
    assert model.index(model.rowCount() - 1, 7).data() == "0.00"  # the balance check
    page.export_to(tmp / "movement.xlsx", "xlsx")
    qtbot.waitUntil(lambda: "已导出" in page.error.text(), timeout=20_000)
    assert load_workbook(tmp / "movement.xlsx").sheetnames == ["按业务专业", "按网点"]


def test_drill_down_from_an_aging_figure_lists_its_items(qtbot, branch):
    desk, tmp = branch
    page = window_for(qtbot, desk, "head").show_area("reports")
    with qtbot.waitSignal(page.shown, timeout=20_000):
        page.run()
    table = page.report.table("by_business_line")
    page.as_of.setDate(QDate(2026, 1, 1))  # what the fields say now does not change what the report was for
    assert page.drill_down(table, 0, 2) is not None  # first line, first bucket
    qtbot.waitUntil(lambda: page.tabs.count() == len(page.report.tables) + 1, timeout=20_000)
    assert sum(r[-1] for r in page.last_details.rows) == table.rows[0][2]
    assert page.tabs.tabText(page.tabs.count() - 1) == f"{table.rows[0][0]} · 未到期"
    assert page.drill_down(page.last_details, 0, 2) is None  # item rows do not drill further


def test_finance_imports_revenue_after_a_preview_and_the_ratio_uses_it(qtbot, branch):
    desk, tmp = branch
    wb = Workbook()
    ws = wb.active
    ws.append(["账期", "业务专业", "金额"])
    ws.append(["2026-11", "函件", "abc"])
    ws.append(["2026-11", "函件", 1_000_000])
    wb.save(tmp / "rev.xlsx")
    finance = login(desk, "finance", DEMO_PASSWORD)
    dialog = ImportDialog(desk, finance)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("revenues"))
    dialog.path.setText(str(tmp / "rev.xlsx"))
    dialog.preview()
    qtbot.waitUntil(lambda: dialog.check is not None, timeout=20_000)
    assert dialog.issues.rowCount() == 1 and dialog.issues.item(0, 0).text() == "2"
    assert not dialog.import_button.isEnabled() and dialog.good_only_button.isEnabled()
    dialog.run(only_valid=True)
    qtbot.waitUntil(lambda: hasattr(dialog, "imported"), timeout=20_000)
    assert rows(desk, "SELECT amount FROM revenues WHERE batch_id IS NOT NULL") == [(100_000_000,)]


def test_counter_clerk_cannot_import_revenue(qtbot, branch):
    desk, tmp = branch
    dialog = ImportDialog(desk, login(desk, "clerk11", DEMO_PASSWORD))
    qtbot.addWidget(dialog)
    kinds = [dialog.kind.itemData(i) for i in range(dialog.kind.count())]
    assert kinds == ["arrears", "customers"]


def test_dashboard_draws_four_charts_and_the_revenue_ratio(qtbot, branch):
    desk, tmp = branch
    page = window_for(qtbot, desk, "head").show_area("dashboard")
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.reload()
    assert len(page.views) == 4 and len(page.board.months) == 12
    assert page.views[0].chart().title() == "月末欠费余额（万元）"
    assert page.ratio.text().startswith("欠费占收入比")


def test_finance_enters_a_month_of_revenue_by_hand(qtbot, branch):
    desk, tmp = branch
    from ui.import_dialog import RevenueDialog
    dialog = RevenueDialog(desk, login(desk, "finance", DEMO_PASSWORD))
    qtbot.addWidget(dialog)
    dialog.month.setDate(QDate(2026, 10, 1))
    dialog.line.setCurrentIndex(dialog.line.findData("LETTER"))
    dialog.amount.setText("abc")
    dialog.save()
    assert "不是有效的数字" in dialog.error.text()
    dialog.amount.setText("250,000.50")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.save()
    assert rows(desk, "SELECT period, category, amount FROM revenues ORDER BY id DESC LIMIT 1") == [
        (202610, "business", 25_000_050)]


def test_the_english_interface_shows_report_words_in_english(qtbot, qapp, branch):
    """English is the source language of the screen: with no translator the report's words are the
    vocabulary's English (no lookup table from Chinese); the exports stay Chinese."""
    from PySide6.QtCore import QLocale

    import ui.pages.reports
    assert not (Path(ui.pages.reports.__file__).parents[1] / "report_text.py").exists()  # no table from Chinese
    desk, tmp = branch
    translator = qapp.property("arrears_translator")
    qapp.removeTranslator(translator)
    previous = QLocale()
    QLocale.setDefault(QLocale("en"))
    try:
        page = window_for(qtbot, desk, "head").show_area("reports")
        assert page.kind.itemText(0) == "Aging analysis" and page.scheme.itemText(1) == "Billing period (telecom)"
        with qtbot.waitSignal(page.shown, timeout=20_000):
            page.run()
        assert page.tabs.tabText(0) == "Aging structure"
        structure = page.tabs.widget(0).model()
        assert [structure.index(r, 0).data() for r in range(structure.rowCount())] == [
            "Not yet due", "1-90 days", "91-180 days", "181-365 days", "Over 365 days", "Total"]
        assert "Aging analysis (Days overdue)" in page.status.text() and "As of: 2026-11-25" in page.status.text()
        page.kind.setCurrentIndex(page.kind.findData("movement"))
        page.start.setDate(QDate(2026, 1, 1))
        with qtbot.waitSignal(page.shown, timeout=20_000):
            page.run()
        model = page.tabs.widget(0).model()
        assert page.tabs.tabText(0) == "By business line"
        assert model.headerData(1, Qt.Orientation.Horizontal) == "Opening"
        assert model.index(model.rowCount() - 1, 0).data() == "Total"
        assert "Movement table" in page.status.text() and "Period: 2026-01-01 to 2026-11-25" in page.status.text()
        page.kind.setCurrentIndex(page.kind.findData("reconciliation"))
        with qtbot.waitSignal(page.shown, timeout=20_000):
            page.run()
        assert page.warnings.text() == "No reconciliation figures from Finance imported for 2026-11 yet."
        model = page.tabs.widget(0).model()
        assert model.headerData(2, Qt.Orientation.Horizontal) == "Finance incurred"
        assert model.index(0, 7).data() == "No figures from the other side"
        page.export_to(tmp / "reconciliation.xlsx", "xlsx")
        qtbot.waitUntil(lambda: "Exported" in page.error.text(), timeout=20_000)
        assert load_workbook(tmp / "reconciliation.xlsx").sheetnames == ["按业务专业", "按客户", "差异清单"]
    finally:
        QLocale.setDefault(previous)
        qapp.installTranslator(translator)


def test_the_chinese_screen_says_every_report_word_as_the_exports_do(qtbot, branch):
    """The zh_CN translation of the reports' words comes from the vocabulary the exports print."""
    from app.reports.words import all_words
    from ui.pages.reports import screen_words
    assert {words.en: screen_words(words) for words in all_words()} == {words.en: words.zh for words in all_words()}


def test_report_tables_are_sound_qt_models_coloured_by_status(qtbot, qtmodeltester, branch):
    from PySide6.QtGui import QColor

    from app.reports.model import Status
    from app.reports.request import ReportRequest
    from app.services.reports import build
    from ui.pages.reports import ReportTableModel
    desk, tmp = branch
    head = login(desk, "head", DEMO_PASSWORD)
    for kind in ("aging", "movement", "ratio", "reconciliation"):
        report = build(desk, head, ReportRequest(kind, TODAY, start=date(2026, 1, 1), details=True))
        for table in report.tables:
            qtmodeltester.check(ReportTableModel(table))
    ratio = build(desk, head, ReportRequest("ratio", TODAY)).tables[0]
    model = ReportTableModel(ratio)
    for row, values in enumerate(ratio.rows):
        colour = model.index(row, 5).data(Qt.ItemDataRole.ForegroundRole)
        assert (colour == QColor("#b00020")) == (values[5] is Status.OVER_TARGET), values
        assert model.index(row, 5).data() in ("达标", "超标", "无收入数据")


def test_a_reversed_period_is_refused_on_the_page_with_the_requests_own_message(qtbot, branch):
    from app.domain.errors import DomainError
    from app.reports.request import ReportRequest
    desk, tmp = branch
    page = window_for(qtbot, desk, "head").show_area("reports")
    page.kind.setCurrentIndex(page.kind.findData("handlers"))
    page.start.setDate(QDate(2026, 11, 20))
    page.as_of.setDate(QDate(2026, 11, 10))
    assert page.run() is None
    with pytest.raises(DomainError) as refused:
        ReportRequest("handlers", date(2026, 11, 10), start=date(2026, 11, 20))
    assert page.error.text() == refused.value.message("zh_CN") == "报表期间无效：起始日 2026-11-20 晚于截止日 2026-11-10"
    assert page.report is None


def test_the_reconciliation_asks_for_a_month_not_a_day(qtbot, branch):
    desk, tmp = branch
    page = window_for(qtbot, desk, "head").show_area("reports")
    page.kind.setCurrentIndex(page.kind.findData("reconciliation"))
    assert page.as_of.displayFormat() == "yyyy-MM" and page.as_of.text() == "2026-11"
    page.kind.setCurrentIndex(page.kind.findData("aging"))
    assert page.as_of.displayFormat() == "yyyy-MM-dd"


def test_the_report_header_uses_chinese_punctuation_in_chinese(qtbot, branch):
    desk, tmp = branch
    page = window_for(qtbot, desk, "head").show_area("reports")
    page.kind.setCurrentIndex(page.kind.findData("daily"))
    with qtbot.waitSignal(page.shown, timeout=20_000):
        page.run()
    assert "期间：" in page.status.text() and "；完整性根：" in page.status.text()
