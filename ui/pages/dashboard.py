"""网点看板: outstanding over twelve months, the aging structure, the top overdue customers, the monthly
collection rate and the arrears-to-revenue gauge (Qt Charts). Figures are built off the GUI thread."""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCharts import (
    QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QHorizontalBarSeries, QLineSeries, QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.money import format_fen
from app.services.context import Actor, Desk
from app.services.dashboard import Dashboard, dashboard
from ui.messages import error_text
from ui.pages.reports import on_screen
from ui.style import alert_color, good_color, track_color
from ui.tasks import Task
from ui.widgets import date_edit, pydate

_TEN_THOUSAND = Decimal(1_000_000)  # fen in 万元


def wan(fen: int) -> float:
    """Chart coordinates are floats by Qt's API: fen become 万元 here, at the drawing edge only."""
    return float(Decimal(fen) / _TEN_THOUSAND)


def _chart(title: str) -> tuple[QChart, QChartView]:
    chart = QChart()
    chart.setTitle(title)
    chart.legend().hide()
    chart.setMargins(QMargins(4, 4, 4, 4))
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(220)
    return chart, view


class DashboardPage(QWidget):
    loaded = Signal(object)

    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor = desk, actor
        self.board: Dashboard | None = None
        self.as_of = date_edit(desk.clock.today())
        refresh = QPushButton(self.tr("Refresh"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)  # an English summary must not widen the window
        self.grid = QGridLayout()
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("As of")))
        top.addWidget(self.as_of)
        top.addWidget(refresh)
        top.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self.grid, 1)
        refresh.clicked.connect(self.reload)
        self.views: list[QChartView] = []

    def reload(self) -> Task:
        self.summary.setText(self.tr("Loading..."))
        task = Task(dashboard, self.desk, self.actor, pydate(self.as_of), parent=self)
        task.succeeded.connect(self.show_board)
        task.failed.connect(lambda error: self.summary.setText(error_text(error)))
        task.start()
        return task

    def show_board(self, board: Dashboard) -> None:
        self.board = board
        for view in self.views:
            self.grid.removeWidget(view)
            view.deleteLater()
        self.views = [self._trend(board), self._aging(board), self._top(board), self._rate(board), self._gauge(board)]
        for n, view in enumerate(self.views):
            self.grid.addWidget(view, n // 3, n % 3)
        for column in range(3):
            self.grid.setColumnStretch(column, 1)
        last = board.months[-1]
        self.summary.setText(self.tr("Outstanding %1; collected this month %2").replace("%1", format_fen(last.outstanding))
                             .replace("%2", format_fen(last.collected)))
        self.loaded.emit(board)

    def _labels(self, board: Dashboard) -> list[str]:
        return [self.tr("%1/%2").replace("%1", str(m.period % 100)).replace("%2", f"{m.period // 100 % 100:02d}")
                if n == 0 or m.period % 100 == 1 else str(m.period % 100) for n, m in enumerate(board.months)]

    def _month_line(self, board: Dashboard, title: str, values: list[float | None], top: float) -> QChartView:
        """A line over the twelve months (a month without a figure is left out)."""
        chart, view = _chart(title)
        series = QLineSeries()
        for n, value in enumerate(values):
            if value is not None:
                series.append(n, value)
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append(self._labels(board))
        axis_y = QValueAxis()
        axis_y.setLabelFormat("%.0f")
        axis_y.setRange(0, top)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)
        return view

    def _trend(self, board: Dashboard) -> QChartView:
        values = [wan(m.outstanding) for m in board.months]
        return self._month_line(board, self.tr("Outstanding at month end (10k yuan)"), values, max(values + [1]) * 1.1)

    def _aging(self, board: Dashboard) -> QChartView:
        chart, view = _chart(self.tr("Aging structure (10k yuan)"))
        bars = QBarSet(self.tr("Open"))
        for amount in board.aging_amounts:
            bars.append(wan(amount))
        series = QBarSeries()
        series.append(bars)
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append([on_screen(band) for band in board.aging_bands])
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        axis_y = QValueAxis()
        axis_y.setLabelFormat("%.0f")
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)
        return view

    def _top(self, board: Dashboard) -> QChartView:
        chart, view = _chart(self.tr("Top overdue customers (10k yuan)"))
        bars = QBarSet(self.tr("Overdue"))
        names = []
        for name, amount in reversed(board.top_overdue):
            bars.append(wan(amount))
            names.append(name[:10])
        series = QHorizontalBarSeries()
        series.append(bars)
        chart.addSeries(series)
        axis_y = QBarCategoryAxis()
        axis_y.append(names)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)
        axis_x = QValueAxis()
        axis_x.setLabelFormat("%.0f")
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        return view

    def _rate(self, board: Dashboard) -> QChartView:
        values = [None if m.collection_rate is None else float(m.collection_rate * 100) for m in board.months]
        return self._month_line(board, self.tr("Collection rate by month (%)"), values, 100)

    def _gauge(self, board: Dashboard) -> QChartView:
        """The revenue ratio against its 5% target, as a half donut."""
        ratio = board.revenue_ratio
        text = (self.tr("No revenue entered this year") if ratio is None else
                self.tr("Arrears / revenue: %1% (target <= %2%)").replace("%1", f"{ratio * 100:.2f}")
                .replace("%2", f"{board.revenue_target * 100:.0f}"))
        chart, view = _chart(text)
        series = QPieSeries()
        series.setHoleSize(0.55)
        series.setPieStartAngle(-90)
        series.setPieEndAngle(90)
        scale = board.revenue_target * 2  # the half circle spans 0 .. twice the target
        shown = min(ratio, scale) if ratio is not None else Decimal(0)
        used = series.append(self.tr("Ratio"), float(shown))
        rest = series.append("", float(scale - shown))
        used.setColor(alert_color() if ratio is not None and ratio > board.revenue_target else good_color())
        rest.setColor(track_color())
        chart.addSeries(series)
        return view
