"""网点看板: outstanding and the collection rate over twelve months, the aging structure and the top
overdue customers (Qt Charts), with the arrears-to-revenue ratio beside the totals. Figures are built off
the GUI thread.

Every category label is drawn whole: Qt Charts would elide a label that does not fit (12 months in a
narrow tile become "…"), so eliding is switched off and the labels turn upright instead when they do not
fit side by side; customer names are shortened here, with the full name in the tooltip."""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCharts import (
    QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QHorizontalBarSeries, QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QEvent, QLocale, QMargins, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import QFontMetricsF, QPainter
from PySide6.QtWidgets import (
    QComboBox, QGridLayout, QHBoxLayout, QLabel, QPushButton, QToolTip, QVBoxLayout, QWidget,
)

from app.domain.money import format_fen
from app.domain.periods import format_period
from app.services.city import branches
from app.services.context import Actor, Desk
from app.services.dashboard import Axis, Dashboard, dashboard, nice_axis
from ui.icons import icon
from ui.messages import error_text
from ui.pages.reports import on_screen
from ui.style import ALERT_STYLE, GOOD_STYLE
from ui.tasks import Task
from ui.widgets import date_edit, pydate

_TEN_THOUSAND = Decimal(1_000_000)  # fen in 万元
_LABEL_GAP = 6  # pixels between two category labels side by side
_NAME_SHARE = 0.35  # of a tile's width, for the customer names beside the bars
_FEWEST_NAME_CHARACTERS = 6


def wan(fen: int) -> Decimal:
    return Decimal(fen) / _TEN_THOUSAND


def _value_axis(axis: Axis) -> QValueAxis:
    """Round ticks from 0 to the axis top (Qt's coordinates are floats: converted here, at the edge)."""
    value_axis = QValueAxis()
    value_axis.setRange(0, float(axis.top))
    value_axis.setTickCount(axis.intervals + 1)
    value_axis.setLabelFormat(f"%.{axis.decimals}f")
    return value_axis


class ChartTile(QChartView):
    """One chart over categories (months, aging bands, customers): the labels are never elided, and hovering
    a category (its label or its bar) tells its full name and figure."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        chart = QChart()
        chart.setTitle(title)
        chart.legend().hide()
        chart.setMargins(QMargins(4, 4, 4, 4))
        super().__init__(chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self.categories: QBarCategoryAxis | None = None
        self.tips: list[str] = []
        self.names: list[str] = []  # names shortened to the tile's width, in full
        chart.plotAreaChanged.connect(self._fit_labels)

    def set_categories(self, labels: list[str], tips: list[str], alignment: Qt.AlignmentFlag, *,
                       names: bool = False) -> QBarCategoryAxis:
        """The categories, with what hovering each tells; ``names`` are shortened (in the middle) to a
        share of the tile's width, again whenever the tile is resized."""
        axis = QBarCategoryAxis()
        axis.setTruncateLabels(False)
        self.categories, self.tips, self.names = axis, tips, labels if names else []
        axis.append(self._shortened() if names else labels)
        self.chart().addAxis(axis, alignment)
        return axis

    def _shortened(self) -> list[str]:
        assert self.categories is not None
        metrics = QFontMetricsF(self.categories.labelsFont())
        room = max(metrics.horizontalAdvance("中") * _FEWEST_NAME_CHARACTERS, self.width() * _NAME_SHARE)
        return _unique([metrics.elidedText(name, Qt.TextElideMode.ElideMiddle, room) for name in self.names])

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.names and self.categories is not None:
            shortened = self._shortened()
            if shortened != self.categories.categories():
                self.categories.setCategories(shortened)

    def _fit_labels(self, plot: QRectF) -> None:
        """Labels along the bottom lie flat when they fit side by side, else slanted, else upright. (The
        choice depends on the plot's width only, which turning the labels does not change.)"""
        axis = self.categories
        if axis is None or axis.orientation() != Qt.Orientation.Horizontal or not axis.count():
            return
        metrics = QFontMetricsF(axis.labelsFont())
        room = plot.width() / axis.count() - _LABEL_GAP
        widest = max(metrics.horizontalAdvance(label) for label in axis.categories())
        if widest <= room:
            angle = 0
        elif (widest + metrics.height()) * 0.7072 <= room:
            angle = -45
        else:
            angle = -90
        if axis.labelsAngle() != angle:
            axis.setLabelsAngle(angle)

    def category_at(self, pos: QPoint) -> int | None:
        """The category under a point of the view (on the plot or on the category's label), or None."""
        axis = self.categories
        if axis is None or not axis.count():
            return None
        plot = self.chart().plotArea()
        point = self.chart().mapFromScene(self.mapToScene(pos))
        if axis.orientation() == Qt.Orientation.Horizontal:
            if not plot.left() <= point.x() < plot.right() or point.y() < plot.top():
                return None
            return int((point.x() - plot.left()) / plot.width() * axis.count())
        if not plot.top() <= point.y() < plot.bottom() or point.x() > plot.right():
            return None
        return int((plot.bottom() - point.y()) / plot.height() * axis.count())  # category 0 at the bottom

    def tip_at(self, pos: QPoint) -> str:
        index = self.category_at(pos)
        return self.tips[index] if index is not None and index < len(self.tips) else ""

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            tip = self.tip_at(event.pos())
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)


def _unique(labels: list[str]) -> list[str]:
    """A category axis needs distinct labels: two customers of the same (shortened) name stay two rows."""
    seen: set[str] = set()
    out = []
    for label in labels:
        while label in seen:
            label += "\u200b"  # zero-width: the same to the eye, another category to Qt
        seen.add(label)
        out.append(label)
    return out


class DashboardPage(QWidget):
    loaded = Signal(object)

    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor = desk, actor
        self.board: Dashboard | None = None
        self.as_of = date_edit(desk.clock.today())
        refresh = QPushButton(self.tr("Refresh"))
        refresh.setIcon(icon("refresh"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)  # an English summary must not widen the window
        self.ratio = QLabel()
        self.ratio.setTextFormat(Qt.TextFormat.PlainText)
        self.grid = QGridLayout()
        top = QHBoxLayout()
        # At the city office: every branch summed, or one of them.
        sites = branches(desk, actor)
        self.branch: QComboBox | None = None
        self.data_note = QLabel()
        self.data_note.setWordWrap(True)
        self.data_note.setVisible(sites is not None)
        if sites is not None:
            self.branch = QComboBox()
            self.branch.addItem(self.tr("All branches"), "")
            for site in sites:
                self.branch.addItem(site.label, site.code)
            self.branch.currentIndexChanged.connect(lambda _i: self.reload())
            top.addWidget(self.branch)
        top.addWidget(QLabel(self.tr("As of")))
        top.addWidget(self.as_of)
        top.addWidget(refresh)
        top.addWidget(self.summary, 1)
        top.addWidget(self.ratio)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.data_note)
        layout.addLayout(self.grid, 1)
        refresh.clicked.connect(self.reload)
        self.views: list[ChartTile] = []

    def chosen_branches(self) -> tuple[str, ...]:
        code = self.branch.currentData() if self.branch is not None else ""
        return (code,) if code else ()

    def reload(self) -> Task:
        self.summary.setText(self.tr("Loading..."))
        task = Task(dashboard, self.desk, self.actor, pydate(self.as_of), branches=self.chosen_branches(),
                    parent=self)
        task.succeeded.connect(self.show_board)
        task.failed.connect(lambda error: self.summary.setText(error_text(error)))
        task.start()
        return task

    def show_board(self, board: Dashboard) -> None:
        self.board = board
        for view in self.views:
            self.grid.removeWidget(view)
            view.deleteLater()
        # Two by two, every cell a chart: the two month charts side by side share their reading.
        self.views = [self._trend(board), self._rate(board), self._aging(board), self._top(board)]
        for n, view in enumerate(self.views):
            self.grid.addWidget(view, n // 2, n % 2)
        for i in range(2):
            self.grid.setColumnStretch(i, 1)
            self.grid.setRowStretch(i, 1)
        last = board.months[-1]
        self.summary.setText(self.tr("Outstanding %1; collected this month %2").replace("%1", format_fen(last.outstanding))
                             .replace("%2", format_fen(last.collected)))
        self._show_ratio(board)
        self._show_data_dates(board)
        self.loaded.emit(board)

    def _show_data_dates(self, board: Dashboard) -> None:
        """At the city office: how current each branch's figures are, and which have sent nothing."""
        if not board.branches:
            return
        dated = [(code, made) for code, _name, made in board.branches if made is not None]
        missing = [code for code, _name, made in board.branches if made is None]
        parts = []
        if dated:
            code, oldest = min(dated, key=lambda d: d[1])
            if len(board.branches) == 1:
                parts.append(self.tr("Data as of %1").replace("%1", f"{oldest:%Y-%m-%d %H:%M}"))
            else:
                parts.append(self.tr("%1 of %2 branches have sent data; the oldest is %3's, as of %4")
                             .replace("%1", str(len(dated))).replace("%2", str(len(board.branches)))
                             .replace("%3", code).replace("%4", f"{oldest:%Y-%m-%d %H:%M}"))
        if missing:
            parts.append(self.tr("No data received yet: %1").replace("%1", self.tr(", ").join(missing)))
        self.data_note.setText(self.tr("; ").join(parts))
        self.data_note.setStyleSheet(ALERT_STYLE if missing else "")

    def _show_ratio(self, board: Dashboard) -> None:
        """欠费占收入比 against its target: green on target, red above it."""
        ratio = board.revenue_ratio
        if ratio is None:
            self.ratio.setText(self.tr("No revenue entered this year"))
            self.ratio.setStyleSheet("")
            return
        self.ratio.setText(self.tr("Arrears / revenue %1% (target ≤ %2%)").replace("%1", f"{ratio * 100:.2f}")
                           .replace("%2", f"{board.revenue_target * 100:.0f}"))
        self.ratio.setStyleSheet(ALERT_STYLE if ratio > board.revenue_target else GOOD_STYLE)

    def _tip(self, label: str, figure: str) -> str:
        return self.tr("%1: %2").replace("%1", label).replace("%2", figure)

    def _month_line(self, board: Dashboard, title: str, values: list[Decimal | None], axis: Axis,
                    figures: list[str]) -> ChartTile:
        """A line over the twelve months (a month without a figure is left out); the months are named
        by their short names, the year once, in the axis title."""
        view = ChartTile(title)
        chart = view.chart()
        series = QLineSeries()
        for n, value in enumerate(values):
            if value is not None:
                series.append(n, float(value))
        chart.addSeries(series)
        locale = QLocale()
        periods = [m.period for m in board.months]
        axis_x = view.set_categories(
            [locale.standaloneMonthName(p % 100, QLocale.FormatType.ShortFormat) for p in periods],
            [self._tip(format_period(p), figure) for p, figure in zip(periods, figures)],
            Qt.AlignmentFlag.AlignBottom)
        axis_x.setTitleText(self.tr("%1 to %2").replace("%1", format_period(periods[0]))
                            .replace("%2", format_period(periods[-1])))
        font = axis_x.titleFont()
        font.setBold(False)
        axis_x.setTitleFont(font)
        series.attachAxis(axis_x)
        axis_y = _value_axis(axis)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)
        return view

    def _trend(self, board: Dashboard) -> ChartTile:
        values = [wan(m.outstanding) for m in board.months]
        return self._month_line(board, self.tr("Outstanding at month end (10k yuan)"), values,
                                nice_axis(max(values)), [format_fen(m.outstanding) for m in board.months])

    def _rate(self, board: Dashboard) -> ChartTile:
        values = [None if m.collection_rate is None else m.collection_rate * 100 for m in board.months]
        figures = ["—" if v is None else f"{v:.1f}%" for v in values]
        return self._month_line(board, self.tr("Collection rate by month (%)"), values,
                                nice_axis(max([Decimal(100), *(v for v in values if v is not None)])), figures)

    def _bars(self, view: ChartTile, series: QBarSeries | QHorizontalBarSeries, name: str, amounts: list[int],
              value_side: Qt.AlignmentFlag) -> None:
        bars = QBarSet(name)
        for amount in amounts:
            bars.append(float(wan(amount)))
        series.append(bars)
        chart = view.chart()
        chart.addSeries(series)
        assert view.categories is not None
        series.attachAxis(view.categories)
        axis = _value_axis(nice_axis(max([wan(a) for a in amounts], default=Decimal(0))))
        chart.addAxis(axis, value_side)
        series.attachAxis(axis)

    def _aging(self, board: Dashboard) -> ChartTile:
        view = ChartTile(self.tr("Aging structure (10k yuan)"))
        bands = [on_screen(band) for band in board.aging_bands]
        view.set_categories(bands, [self._tip(band, format_fen(amount)) for band, amount in
                                    zip(bands, board.aging_amounts)], Qt.AlignmentFlag.AlignBottom)
        self._bars(view, QBarSeries(), self.tr("Open"), board.aging_amounts, Qt.AlignmentFlag.AlignLeft)
        return view

    def _top(self, board: Dashboard) -> ChartTile:
        """The ten largest overdue balances, the largest on top; long names shortened in the middle."""
        view = ChartTile(self.tr("Top overdue customers (10k yuan)"))
        rows = list(reversed(board.top_overdue))
        view.set_categories([name for name, _ in rows], [self._tip(name, format_fen(amount)) for name, amount in rows],
                            Qt.AlignmentFlag.AlignLeft, names=True)
        self._bars(view, QHorizontalBarSeries(), self.tr("Overdue"), [amount for _, amount in rows],
                   Qt.AlignmentFlag.AlignBottom)
        return view
