"""看板 at the counter's screen sizes, in both languages: every category label drawn whole, round axis ticks,
full names on hover, and a grid with no empty tile."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCharts import QBarCategoryAxis, QValueAxis
from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QGraphicsTextItem, QToolTip

from app.domain.aging import DEFAULT_OVERDUE_BOUNDS, AgingScheme
from app.services.dashboard import Dashboard, MonthFigure, nice_axis
from app.services.reports import band_phrases
from tests.factories import make_desk
from ui.i18n import install_translator
from ui.main_window import MainWindow
from ui.pages.dashboard import ChartTile

pytestmark = pytest.mark.gui

LONG_NAMES = ["中国东方国际物流集团有限公司华东区域分公司城东营业部", "示范市第三人民医院后勤保障处物资供应科",
              "王军娟", "唐山长城传媒有限公司", "承德东方物流有限责任公司", "邯郸汇丰物流股份有限公司",
              "示范市第三人民医院后勤保障处物资供应科", "马勇英", "邢台博远教育股份有限公司", "唐山众和传媒商行"]


def a_board() -> Dashboard:
    """A year of figures like a branch's (the outstanding peaks at 197,xxx.xx yuan: odd for an axis)."""
    periods = [202512] + [202600 + m for m in range(1, 12)]
    months = [MonthFigure(p, 19_731_234 if p == 202607 else 15_000_000 + 400_000 * (n % 4), 3_000_000, 2_800_000,
                          Decimal("0.3") + Decimal(n) / 100) for n, p in enumerate(periods)]
    top = [(name, 3_000_000 - n * 200_000) for n, name in enumerate(LONG_NAMES)]  # two customers of one name
    return Dashboard(date(2026, 11, 25), months, tuple(band_phrases(AgingScheme.OVERDUE, DEFAULT_OVERDUE_BOUNDS)),
                     [29_400_000, 5_100_000, 2_200_000, 4_200_000, 0], top, Decimal("0.0108"), Decimal("0.05"))


@pytest.fixture
def english(qapp):
    """The screen in English (the autouse fixture installed Chinese)."""
    translator = qapp.property("arrears_translator")
    if translator is not None:
        qapp.removeTranslator(translator)
    install_translator(qapp, "en")
    yield
    QLocale.setDefault(QLocale("zh_CN"))  # the next test installs its Chinese again


def dashboard_at(qtbot, tmp_path, width: int, height: int):
    desk, staff = make_desk(tmp_path / "d.sqlite3", date(2026, 11, 25))
    window = MainWindow(desk, staff.head, "城东支局")
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    page = window.areas["dashboard"]
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        window.show_area("dashboard")
    page.show_board(a_board())
    qtbot.wait(50)  # the charts lay themselves out
    return page


def drawn_texts(view: ChartTile) -> list[str]:
    """The texts the chart has actually drawn (Qt Charts elides or hides what does not fit)."""
    texts = []
    for item in view.scene().items():
        text = item.toGraphicsObject()
        if isinstance(text, QGraphicsTextItem) and text.isVisible() and text.toPlainText():
            texts.append(text.toPlainText())
    return texts


def category_axis(view: ChartTile) -> QBarCategoryAxis:
    return next(axis for axis in view.chart().axes() if isinstance(axis, QBarCategoryAxis))


SIZES = [(1024, 768), (1366, 768)]


@pytest.mark.parametrize(("width", "height"), SIZES)
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_month_band_and_name_label_is_drawn_whole(qtbot, tmp_path, request, width, height, language):
    if language == "en":
        request.getfixturevalue("english")
    page = dashboard_at(qtbot, tmp_path, width, height)
    assert len(page.views) == 4
    for view in page.views:
        categories = category_axis(view).categories()
        drawn = drawn_texts(view)
        assert set(categories) <= set(drawn), (view.chart().title(), categories, drawn)
        assert not [text for text in drawn if ("…" in text or "..." in text) and text not in categories]
    months = category_axis(page.views[0]).categories()
    assert months == (["12月", *[f"{m}月" for m in range(1, 12)]] if language == "zh_CN" else
                      ["Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov"])
    assert category_axis(page.views[0]).titleText() == ("2025-12 至 2026-11" if language == "zh_CN" else
                                                         "2025-12 to 2026-11")  # the year once


def test_value_axes_tick_at_round_numbers(qtbot, tmp_path):
    page = dashboard_at(qtbot, tmp_path, 1366, 768)
    outstanding = next(a for a in page.views[0].chart().axes() if isinstance(a, QValueAxis))
    assert (outstanding.min(), outstanding.max(), outstanding.tickCount()) == (0, 20, 5)  # 19.73 万元
    assert {"0", "5", "10", "15", "20"} <= set(drawn_texts(page.views[0]))
    for view in page.views:
        axis = next(a for a in view.chart().axes() if isinstance(a, QValueAxis))
        step = Decimal(str(axis.max())) / (axis.tickCount() - 1)
        assert nice_axis(Decimal(str(axis.max()))).step == step


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # the headless platform, showing a tooltip
def test_top_customers_are_shortened_on_the_axis_and_named_in_full_on_hover(qtbot, tmp_path):
    page = dashboard_at(qtbot, tmp_path, 1024, 768)
    top = page.views[3]
    labels = category_axis(top).categories()
    assert len(labels) == 10  # the two customers of one name stay two rows
    shortened = [n for n, label in enumerate(labels) if label.strip("\u200b") != LONG_NAMES[9 - n]]
    assert shortened and all("…" in labels[n] for n in shortened)
    plot = top.chart().plotArea()
    for n in range(10):
        row_middle = plot.bottom() - (n + 0.5) * plot.height() / 10
        on_label = top.mapFromScene(top.chart().mapToScene(plot.left() - 30, row_middle))
        assert LONG_NAMES[9 - n] in top.tip_at(on_label)
    assert top.tip_at(QPoint(2, 2)) == ""  # the title is no category
    hover = QHelpEvent(QEvent.Type.ToolTip, on_label, top.viewport().mapToGlobal(on_label))  # the top row
    QCoreApplication.sendEvent(top.viewport(), hover)
    assert QToolTip.text() == f"{LONG_NAMES[0]}：30,000.00"
    QToolTip.hideText()


def test_months_tell_their_figure_on_hover(qtbot, tmp_path):
    page = dashboard_at(qtbot, tmp_path, 1366, 768)
    trend = page.views[0]
    plot = trend.chart().plotArea()
    eighth = trend.mapFromScene(trend.chart().mapToScene(plot.left() + 7.5 * plot.width() / 12, plot.center().y()))
    assert trend.tip_at(eighth) == "2026-07：197,312.34"


def test_the_grid_holds_exactly_the_charts_with_no_empty_tile(qtbot, tmp_path):
    page = dashboard_at(qtbot, tmp_path, 1024, 768)
    grid = page.grid
    cells = [grid.itemAtPosition(row, column) for row in range(grid.rowCount()) for column in range(grid.columnCount())]
    assert None not in cells
    assert sorted(id(cell.widget()) for cell in cells) == sorted(id(view) for view in page.views)
    page.show_board(a_board())  # a refresh replaces the charts, it does not add tiles
    qtbot.wait(10)
    assert len(page.views) == 4 and grid.count() == 4


def test_the_revenue_ratio_is_stated_beside_the_totals_in_the_colour_of_its_news(qtbot, tmp_path):
    page = dashboard_at(qtbot, tmp_path, 1024, 768)
    assert page.ratio.text() == "欠费占收入比 1.08%（目标 ≤ 5%）"
    assert "#2e7d32" in page.ratio.styleSheet()
    over = a_board()
    page.show_board(Dashboard(over.as_of, over.months, over.aging_bands, over.aging_amounts, over.top_overdue,
                              Decimal("0.0612"), over.revenue_target))
    assert "#b00020" in page.ratio.styleSheet() and "6.12%" in page.ratio.text()
    assert page.ratio.textFormat() == Qt.TextFormat.PlainText  # "<= 5%" once swallowed the rest of the title
    assert QCoreApplication.translate("DashboardPage", "%1 to %2") == "%1 至 %2"
