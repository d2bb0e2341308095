"""报表: choose a report and its dates, see it (one tab per table, totals last, warnings above),
drill down from an aging figure to its items, export to Excel or PDF off the GUI thread; import
files (customers, arrears, revenue, reconciliation totals) with a preview of every problem."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QModelIndex, QSettings, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QTableView, QTabWidget, QVBoxLayout,
    QWidget,
)

from app.domain.errors import DomainError
from app.domain.roles import Permission, may
from app.reports.export import cell_text, write_pdf, write_xlsx
from app.reports.model import Report, ReportTable
from app.services import reports
from app.services.context import Actor, Cancelled, Desk
from app.services.settings import document_settings
from ui.import_dialog import ImportDialog, RevenueDialog
from ui.messages import error_text
from ui.report_text import shown
from ui.tasks import Task, run_with_progress
from ui.widgets import date_edit, error_label, pydate

REPORT_CHOICES = [
    ("aging", QT_TRANSLATE_NOOP("ReportsPage", "Aging analysis")),
    ("movement", QT_TRANSLATE_NOOP("ReportsPage", "Movement table")),
    ("daily", QT_TRANSLATE_NOOP("ReportsPage", "Daily business report")),
    ("ratio", QT_TRANSLATE_NOOP("ReportsPage", "Arrears to revenue ratio")),
    ("handlers", QT_TRANSLATE_NOOP("ReportsPage", "Handler assessment")),
    ("long_overdue", QT_TRANSLATE_NOOP("ReportsPage", "Overdue over six months")),
    ("reconciliation", QT_TRANSLATE_NOOP("ReportsPage", "Reconciliation with finance")),
]


class ReportTableModel(QAbstractTableModel):
    """One report table; text made on demand (a details sheet may have 100,000 rows); totals last, bold."""

    def __init__(self, table: ReportTable, parent=None) -> None:
        super().__init__(parent)
        self.table = table
        self.kinds = [c.kind for c in table.columns]
        self.rows = table.rows + ([table.totals] if table.totals is not None else [])

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt naming
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.table.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return shown(self.table.columns[section].header)
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        kind = self.kinds[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return shown(cell_text(self.rows[index.row()][index.column()], kind))
        if role == Qt.ItemDataRole.TextAlignmentRole and kind in ("money", "int", "percent"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and self.table.totals is not None and index.row() == len(self.rows) - 1:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            value = self.rows[index.row()][index.column()]
            if (kind == "money" and isinstance(value, int) and value < 0) or value in ("不符", "超标"):
                return QColor("#b00020")
        return None


class ReportsPage(QWidget):
    shown = Signal(object)  # Report

    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor = desk, actor
        self.report: Report | None = None
        today = desk.clock.today()
        self.kind = QComboBox()
        for key, title in REPORT_CHOICES:
            self.kind.addItem(self.tr(title), key)
        self.start = date_edit(today.replace(day=1))
        self.as_of = date_edit(today)
        self.scheme = QComboBox()
        self.scheme.addItem(self.tr("By days overdue"), "overdue")
        self.scheme.addItem(self.tr("By billing period (telecom)"), "telecom")
        self.details = QCheckBox(self.tr("With every item"))
        self.source = QComboBox()
        self.source.addItem(self.tr("Finance"), "finance")
        self.source.addItem(self.tr("Business system"), "business")
        self.run_button = QPushButton(self.tr("Show"))
        self.xlsx_button = QPushButton(self.tr("Export to Excel..."))
        self.pdf_button = QPushButton(self.tr("Export to PDF..."))
        self.import_button = QPushButton(self.tr("Import..."))
        self.revenue_button = QPushButton(self.tr("Enter revenue..."))
        self.revenue_button.setVisible(may(actor.role, Permission.ENTER_FIGURES))
        self.import_button.setVisible(may(actor.role, Permission.RECORD_ARREARS) or
                                      may(actor.role, Permission.REGISTER_CUSTOMER) or
                                      may(actor.role, Permission.ENTER_FIGURES))
        self.start_label, self.as_of_label = QLabel(self.tr("From")), QLabel(self.tr("To / as of"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.warnings = error_label()
        self.tabs = QTabWidget()
        self.tabs.setTabsClosable(True)
        self.tabs.tabCloseRequested.connect(self._close_tab)
        self.error = error_label()
        top = QHBoxLayout()
        for widget in (self.kind, self.start_label, self.start, self.as_of_label, self.as_of, self.scheme,
                       self.details, self.source, self.run_button):
            top.addWidget(widget)
        top.addStretch(1)
        for widget in (self.xlsx_button, self.pdf_button, self.import_button, self.revenue_button):
            top.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.warnings)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        self.kind.currentIndexChanged.connect(lambda _i: self._parameters())
        self.run_button.clicked.connect(self.run)
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.import_button.clicked.connect(self.open_import)
        self.revenue_button.clicked.connect(lambda: RevenueDialog(self.desk, self.actor, self).exec())
        self._parameters()

    def _parameters(self) -> None:
        kind = self.kind.currentData()
        ranged = kind in ("movement", "daily", "handlers")
        self.start.setVisible(ranged)
        self.start_label.setVisible(ranged)
        self.scheme.setVisible(kind == "aging")
        self.details.setVisible(kind == "aging")
        self.source.setVisible(kind == "reconciliation")
        self.as_of_label.setText(self.tr("To") if ranged else self.tr("Month of") if kind == "reconciliation"
                                 else self.tr("As of"))
        self.xlsx_button.setEnabled(self.report is not None)
        self.pdf_button.setEnabled(self.report is not None)

    def _parameters_now(self) -> dict:
        """What the widgets say, read on the GUI thread before the work goes to the worker."""
        return {"kind": self.kind.currentData(), "as_of": pydate(self.as_of), "start": pydate(self.start),
                "scheme": self.scheme.currentData(), "details": self.details.isChecked(),
                "source": self.source.currentData()}

    def _build(self, p: dict) -> Report:
        kind, as_of, start = p["kind"], p["as_of"], p["start"]
        if kind == "aging":
            return reports.aging(self.desk, self.actor, as_of, scheme=p["scheme"], details=p["details"])
        if kind in ("movement", "daily", "handlers"):
            if start > as_of:
                raise DomainError("statement.bad_period", start=start, end=as_of)
            return reports.REPORTS[kind](self.desk, self.actor, start, as_of)
        if kind == "reconciliation":
            return reports.reconciliation(self.desk, self.actor, as_of.year * 100 + as_of.month, p["source"])
        return reports.REPORTS[kind](self.desk, self.actor, as_of)

    def run(self) -> Task:
        """Reports over years of data take a while: built off the GUI thread."""
        self.status.setText(self.tr("Working..."))
        self.run_button.setEnabled(False)
        params = self._parameters_now()
        task = Task(self._build, params, parent=self)
        task.succeeded.connect(lambda report: self.show_report(report, params))
        task.failed.connect(lambda error: (self.error.setText(error_text(error)), self.status.clear()))
        task.finished.connect(lambda: self.run_button.setEnabled(True))
        task.start()
        return task

    def show_report(self, report: Report, params: dict | None = None) -> None:
        self.report = report
        self.shown_params = params or self._parameters_now()
        self.error.clear()
        while self.tabs.count():
            self.tabs.widget(0).deleteLater()
            self.tabs.removeTab(0)
        for table in report.tables:
            self.tabs.addTab(self._view(table), shown(table.name))
        params = "; ".join(f"{shown(k)}: {shown(v)}" for k, v in report.parameters)
        self.status.setText(f"<b>{shown(report.title)}</b>  {params}<br>{'  '.join(shown(n) for n in report.notes)}")
        self.warnings.setText("\n".join(report.warnings))
        self._parameters()
        self.shown.emit(report)

    def _view(self, table: ReportTable) -> QTableView:
        view = QTableView()
        view.setModel(ReportTableModel(table, view))
        view.verticalHeader().hide()
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        for i, column in enumerate(table.columns):
            view.setColumnWidth(i, max(60, column.width * 9))
        grouped = bool(table.keys) and isinstance(table.keys[0], tuple)  # detail rows have item ids as keys
        if grouped and self.report is not None and self.report.kind == "aging":
            view.doubleClicked.connect(lambda index, t=table: self.drill_down(t, index.row(), index.column()))
            view.setToolTip(self.tr("Double-click a figure to list its items"))
        return view

    def drill_down(self, table: ReportTable, row: int, column: int) -> Task | None:
        """From an aging figure to the items behind it (the bucket if a bucket cell was clicked), as of
        the date and scheme of the report shown, built off the GUI thread."""
        if row >= len(table.keys) or not isinstance(table.keys[row], tuple):
            return None
        bucket = column - 2 if 2 <= column < len(table.columns) - 2 else None
        title = table.rows[row][0] + ("" if bucket is None else f" · {table.columns[column].header}")
        task = Task(reports.aging_details, self.desk, self.actor, self.shown_params["as_of"],
                    scheme=self.shown_params["scheme"], filter_by=table.keys[row], bucket=bucket, parent=self)
        task.succeeded.connect(lambda details: self._show_details(details, title))
        task.failed.connect(lambda error: self.error.setText(error_text(error)))
        task.start()
        return task

    def _show_details(self, details: ReportTable, title: str) -> None:
        details.name = title[:28]
        self.last_details = details
        index = self.tabs.addTab(self._view(details), title)
        self.tabs.setCurrentIndex(index)

    def _close_tab(self, index: int) -> None:
        if self.report is not None and index >= len(self.report.tables):  # only drill-down tabs close
            self.tabs.widget(index).deleteLater()
            self.tabs.removeTab(index)

    def export(self, fmt: str) -> None:
        if self.report is None:
            return
        folder = Path(str(QSettings().value("documents/folder", str(Path.home()))))
        suggested = folder / f"{self.report.title}_{date.today():%Y%m%d}.{fmt}"
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Export"), str(suggested),
                                                "Excel (*.xlsx)" if fmt == "xlsx" else "PDF (*.pdf)")
        if chosen:
            self.export_to(Path(chosen), fmt)

    def export_to(self, path: Path, fmt: str) -> Task:
        QSettings().setValue("documents/folder", str(path.parent))
        report = self.report
        total = sum(len(t.rows) for t in report.tables)
        if fmt == "xlsx":
            fn, kwargs = write_xlsx, {}
        else:
            fn, kwargs = write_pdf, {"font_path": document_settings(self.desk)["font_path"]}
        return run_with_progress(self, self.tr("Exporting..."), total, fn, report, path,
                                 on_done=lambda result, error: self._exported(path, error), **kwargs)

    def _exported(self, path: Path, error) -> None:
        if isinstance(error, Cancelled):
            self.error.setText(self.tr("Export cancelled; no file was written."))
        elif error is not None:
            self.error.setText(error_text(error))
        else:
            self.error.setText(self.tr("Exported: %1").replace("%1", str(path)))

    def open_import(self) -> None:
        ImportDialog(self.desk, self.actor, self).exec()
