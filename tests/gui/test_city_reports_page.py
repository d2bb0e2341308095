"""The reports page and the dashboard at the city office: the branch filter (all, one, several), the branch
column, the drill-down into one branch's items, the dashboard's branch selector."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.services.dashboard import dashboard
from tests import server
from tests.city import make_city
from ui.main_window import MainWindow

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    city, staff, sites = make_city(tmp_path_factory.mktemp("city"))
    kept = server.kept_beyond_the_test() if server.ON_SERVER else []  # the branches on a server: for the module
    yield city, staff, sites
    for desk, _staff in sites.values():
        desk.close()
    city.close()
    server.drop_databases(kept)


def reports_page(qtbot, desk, actor):
    window = MainWindow(desk, actor, "市局")
    qtbot.addWidget(window)
    return window, window.show_area("reports")


def column(model, n: int) -> list[str]:
    return [model.index(row, n).data() for row in range(model.rowCount())]


def test_city_reports_page_filters_by_branch_and_shows_the_branch_column(qtbot, city):
    desk, staff, _sites = city
    _window, page = reports_page(qtbot, desk, staff.head)
    chooser = page.branch_filter
    assert chooser is not None and chooser.text() == "网点：全部网点" and chooser.chosen() == ()
    assert [a.text() for a in chooser.menu().actions() if a.text()] == [
        "全部网点", "BR01 城东支局", "BR02 BR02 支局", "BR03 BR03 支局"]
    with qtbot.waitSignal(page.shown, timeout=20_000):
        page.run()
    tabs = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert tabs[-1] == "网点数据" and "按客户" in tabs
    by_customer = page.tabs.widget(tabs.index("按客户")).model()
    assert by_customer.headerData(0, Qt.Orientation.Horizontal) == "网点"
    assert set(column(by_customer, 0)[:-1]) == {"BR01", "BR02"} and column(by_customer, 0)[-1] == "合计"
    data = page.tabs.widget(tabs.index("网点数据")).model()
    assert column(data, 4) == ["已汇总", "已汇总", "尚未收到数据"]
    assert "BR03" in page.warnings.text()

    chooser.sites["BR02"].trigger()  # one branch
    assert chooser.chosen() == ("BR02",) and not chooser.every.isChecked() and chooser.text() == "网点：BR02"
    with qtbot.waitSignal(page.shown, timeout=20_000):
        page.run()
    assert page.report.request.branches == ("BR02",)
    by_customer = page.tabs.widget(tabs.index("按客户")).model()
    assert set(column(by_customer, 0)[:-1]) == {"BR02"}

    chooser.sites["BR01"].trigger()  # several
    assert chooser.chosen() == ("BR01", "BR02") and chooser.text() == "网点：BR01，BR02"
    chooser.every.trigger()  # back to all
    assert chooser.chosen() == () and chooser.every.isChecked()
    chooser.every.trigger()  # "all" is left only by choosing a branch
    assert chooser.every.isChecked() and chooser.chosen() == ()


def test_drilling_into_a_city_figure_opens_that_branchs_items(qtbot, city):
    desk, staff, _sites = city
    _window, page = reports_page(qtbot, desk, staff.head)
    with qtbot.waitSignal(page.shown, timeout=20_000):
        page.run()
    table = page.report.table("by_business_line")
    row = next(i for i, key in enumerate(table.keys) if key.site == "BR02")
    assert page.drill_down(table, row, 3) is not None  # the branch, the name, the code, then the first band
    qtbot.waitUntil(lambda: page.tabs.count() == len(page.report.tables) + 1, timeout=20_000)
    assert {r[0] for r in page.last_details.rows} <= {"BR02"}
    assert sum(r[-1] for r in page.last_details.rows) == table.rows[row][3]
    assert page.tabs.tabText(page.tabs.count() - 1) == f"BR02 {table.rows[row][1]} · 未到期"


def test_a_branchs_reports_page_has_no_branch_filter(qtbot, city):
    _desk, _staff, sites = city
    desk, staff = sites["BR01"]
    _window, page = reports_page(qtbot, desk, staff.head)
    assert page.branch_filter is None


def test_city_dashboard_shows_all_branches_summed_or_one(qtbot, city):
    desk, staff, sites = city
    window = MainWindow(desk, staff.head, "市局")
    qtbot.addWidget(window)
    page = window.areas["dashboard"]
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        window.show_area("dashboard")
    assert [page.branch.itemText(i) for i in range(page.branch.count())] == [
        "全部网点", "BR01 城东支局", "BR02 BR02 支局", "BR03 BR03 支局"]
    mine = {code: dashboard(d, s.head) for code, (d, s) in sites.items()}
    assert page.board.months[-1].outstanding == sum(b.months[-1].outstanding for b in mine.values())
    assert "BR03" in page.data_note.text() and "尚未收到数据" in page.data_note.text()
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.branch.setCurrentIndex(page.branch.findData("BR02"))
    assert page.board.months[-1].outstanding == mine["BR02"].months[-1].outstanding
    assert page.board.aging_amounts == mine["BR02"].aging_amounts
    assert page.data_note.text().startswith("数据截至")


def test_the_city_office_window_offers_no_counter_areas(qtbot, tmp_path):
    from datetime import date

    from tests.factories import make_desk
    from ui.main_window import MainWindow
    city, staff = make_desk(tmp_path / "city.sqlite3", date(2026, 6, 15), code="CITY", kind="city")
    window = MainWindow(city, staff.head, "市局")
    qtbot.addWidget(window)
    assert {"reports", "dashboard", "exchange"} <= set(window.areas)
    assert not {"customers", "ledger", "arrears", "repayments", "collection"} & set(window.areas)
    window.close()
    city.close()
