"""报表: choose a report and its dates, see it (one tab per table, totals last, warnings above),
drill down from an aging figure to its items, export to Excel or PDF off the GUI thread; import
files (customers, arrears, revenue, reconciliation totals) with a preview of every problem."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QSettings, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFileDialog, QHBoxLayout, QLabel, QMenu, QPushButton, QTabBar, QTableView, QTabWidget,
    QVBoxLayout, QWidget,
)

from app.domain.aging import AgingScheme
from app.domain.errors import DomainError
from app.domain.roles import Permission, may
from app.domain.words import Words
from app.reports import words as w
from app.reports.model import Phrase, Report, ReportTable, SiteKey, Status, cell_text, say
from app.reports.request import SCHEME_WORDS, ReportKind, ReportRequest, TotalsSource
from app.services import reports
from app.services.city import BranchSite, branches
from app.services.context import Actor, Cancelled, Desk
from ui.icons import icon
from ui.import_dialog import ImportDialog, RevenueDialog
from ui.messages import error_text
from ui.models import configure_table
from ui.tasks import Task, run_with_progress
from ui.style import alert_color, show_error, show_plain, show_success
from ui.widgets import date_edit, error_label, pydate

BAD = alert_color()


def screen_words(words: Words) -> str:
    """A report word as the interface says it: Qt's translation of its English (zh_CN from the same
    vocabulary as the exports' Chinese)."""
    return QCoreApplication.translate(w.SCREEN_CONTEXT, words.en)


def on_screen(value) -> str:
    """A report's title, parameter, note or cell as text on the screen."""
    return say(value, screen_words)


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
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.table.columns)):
            return on_screen(self.table.columns[section].header)
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        kind = self.kinds[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(self.rows[index.row()][index.column()], kind, screen_words)
        if role == Qt.ItemDataRole.TextAlignmentRole and kind in ("money", "int", "percent"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and self.table.totals is not None and index.row() == len(self.rows) - 1:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            value = self.rows[index.row()][index.column()]
            if isinstance(value, Status) and value.bad:  # a figure that does not match: red, and only that
                return BAD
        return None


class BranchFilter(QPushButton):
    """网点 at the city office: every branch, one, or several, chosen in a menu of the registered branches.
    ``chosen()`` is empty for every branch (so a branch registered later is in the next report too)."""
    changed = Signal()
    _NAMED = 3  # branches named on the button; more are counted

    def __init__(self, sites: list[BranchSite], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setToolTip(self.tr("Which branches the report shows"))
        menu = QMenu(self)
        self.every = menu.addAction(self.tr("All branches"))
        self.every.setCheckable(True)
        self.every.setChecked(True)
        menu.addSeparator()
        self.sites = {}
        for site in sites:
            action = menu.addAction(site.label)
            action.setCheckable(True)
            action.toggled.connect(lambda _on: self._one_toggled())
            self.sites[site.code] = action
        self.every.toggled.connect(self._every_toggled)
        self.setMenu(menu)
        self._label()

    def chosen(self) -> tuple[str, ...]:
        return tuple(code for code, action in self.sites.items() if action.isChecked())

    def choose(self, codes) -> None:
        """Choose these branches (none: every branch)."""
        for code, action in self.sites.items():
            action.blockSignals(True)
            action.setChecked(code in codes)
            action.blockSignals(False)
        self._one_toggled()

    def _every_toggled(self, on: bool) -> None:
        if on:
            self.choose(())
        elif not self.chosen():  # "all" is left only by choosing a branch
            self.every.blockSignals(True)
            self.every.setChecked(True)
            self.every.blockSignals(False)

    def _one_toggled(self) -> None:
        self.every.blockSignals(True)
        self.every.setChecked(not self.chosen())
        self.every.blockSignals(False)
        self._label()
        self.changed.emit()

    def _label(self) -> None:
        chosen = self.chosen()
        if not chosen:
            shown = self.tr("All branches")
        elif len(chosen) <= self._NAMED:
            shown = self.tr(", ").join(chosen)
        else:
            shown = self.tr("%1 branches").replace("%1", str(len(chosen)))
        self.setText(self.tr("Branches: %1").replace("%1", shown))


class ReportsPage(QWidget):
    shown = Signal(object)  # Report

    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor = desk, actor
        self.report: Report | None = None
        today = desk.clock.today()
        self.kind = QComboBox()
        for kind in ReportKind:
            self.kind.addItem(on_screen(kind.words), kind.value)
        self.start = date_edit(today.replace(day=1))
        self.as_of = date_edit(today)
        self.scheme = QComboBox()
        for scheme in (AgingScheme.OVERDUE, AgingScheme.TELECOM):
            self.scheme.addItem(on_screen(SCHEME_WORDS[scheme]), scheme.value)
        self.details = QCheckBox(self.tr("With every item"))
        self.source = QComboBox()
        for source in TotalsSource:
            self.source.addItem(on_screen(source.words), source.value)
        self.sites = branches(desk, actor)  # the city office's branches; None at a branch
        self.branch_filter = BranchFilter(self.sites) if self.sites is not None else None
        self.run_button = QPushButton(self.tr("Show"))
        self.run_button.setIcon(icon("show"))
        self.xlsx_button = QPushButton(self.tr("Export to Excel..."))
        self.xlsx_button.setIcon(icon("export_xlsx"))
        self.pdf_button = QPushButton(self.tr("Export to PDF..."))
        self.pdf_button.setIcon(icon("export_pdf"))
        self.import_button = QPushButton(self.tr("Import..."))
        self.import_button.setIcon(icon("import"))
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
        for widget in (self.kind, self.branch_filter, self.start_label, self.start, self.as_of_label, self.as_of,
                       self.scheme, self.details, self.source, self.run_button):
            if widget is not None:
                top.addWidget(widget)
        top.addStretch(1)
        # What to do with the report shown sits beside its title, so the choice above fits 1024 pixels.
        shown_row = QHBoxLayout()
        shown_row.addWidget(self.status, 1, Qt.AlignmentFlag.AlignTop)
        for widget in (self.xlsx_button, self.pdf_button, self.import_button, self.revenue_button):
            shown_row.addWidget(widget, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(shown_row)
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
        """Show the fields the chosen report takes (the report kind says which)."""
        kind = ReportKind(self.kind.currentData())
        for widget, parameter in ((self.start, "start"), (self.start_label, "start"), (self.scheme, "scheme"),
                                  (self.details, "details"), (self.source, "source")):
            widget.setVisible(kind.takes(parameter))
        self.as_of_label.setText(self.tr("To") if kind.takes("start") else
                                 self.tr("Month of") if kind.takes("month") else self.tr("As of"))
        # A month is asked as a month: the calendar still picks it, the field shows 2026-11.
        self.as_of.setDisplayFormat("yyyy-MM" if kind.takes("month") else "yyyy-MM-dd")
        self.xlsx_button.setEnabled(self.report is not None)
        self.pdf_button.setEnabled(self.report is not None)

    def request(self) -> ReportRequest:
        """What the fields ask for, read on the GUI thread (refused here if the period is reversed)."""
        return ReportRequest(self.kind.currentData(), pydate(self.as_of), start=pydate(self.start),
                             scheme=self.scheme.currentData(), details=self.details.isChecked(),
                             source=self.source.currentData(),
                             branches=self.branch_filter.chosen() if self.branch_filter is not None else ())

    def run(self) -> Task | None:
        """Reports over years of data take a while: built off the GUI thread."""
        try:
            request = self.request()
        except DomainError as error:
            show_error(self.error, error_text(error))
            return None
        self.status.setText(self.tr("Working..."))
        self.error.clear()
        self.run_button.setEnabled(False)
        task = Task(reports.build, self.desk, self.actor, request, parent=self)
        task.succeeded.connect(self.show_report)
        task.failed.connect(lambda error: (show_error(self.error, error_text(error)), self.status.clear()))
        task.finished.connect(lambda: self.run_button.setEnabled(True))
        task.start()
        return task

    def show_report(self, report: Report) -> None:
        self.report = report
        self.error.clear()
        while self.tabs.count():
            self.tabs.widget(0).deleteLater()
            self.tabs.removeTab(0)
        for table in report.tables:
            index = self.tabs.addTab(self._view(table), on_screen(table.name))
            self.tabs.tabBar().setTabButton(index, QTabBar.ButtonPosition.RightSide, None)  # only drill-downs close
        params = self.tr("; ").join(self.tr("%1: %2").replace("%1", on_screen(label)).replace("%2", on_screen(value))
                                    for label, value in report.parameters)  # 期间：…；完整性根：… in Chinese
        notes = "  ".join(on_screen(note) for note in report.notes)
        self.status.setText(f"<b>{on_screen(report.title)}</b>  {params}<br>{notes}")
        self.warnings.setText("\n".join(on_screen(warning) for warning in report.warnings))
        self._parameters()
        self.shown.emit(report)

    def _view(self, table: ReportTable) -> QTableView:
        view = QTableView()
        view.setModel(ReportTableModel(table, view))
        configure_table(view)  # the report says its columns' widths (in characters)
        for i, column in enumerate(table.columns):
            view.setColumnWidth(i, max(60, column.width * 9))
        grouped = bool(table.keys) and _grouped(table.keys[0])  # detail rows have item ids as keys
        if grouped and self.report is not None and self.report.kind is ReportKind.AGING:
            view.doubleClicked.connect(lambda index, t=table: self.drill_down(t, index.row(), index.column()))
            view.setToolTip(self.tr("Double-click a figure to list its items"))
        return view

    def drill_down(self, table: ReportTable, row: int, column: int) -> Task | None:
        """From an aging figure to the items behind it (the bucket if a bucket cell was clicked), for the
        day and scheme the report shown was asked for, built off the GUI thread."""
        if self.report is None or row >= len(table.keys or []) or not _grouped(table.keys[row]):
            return None
        key = table.keys[row]
        lead = 1 if isinstance(key, SiteKey) else 0  # the city office's tables have the branch in front
        bucket = column - 2 - lead if 2 + lead <= column < len(table.columns) - 2 else None
        name = table.rows[row][lead] if not lead else f"{key.site} {table.rows[row][lead]}"
        title = name if bucket is None else Phrase.of(w.DRILL_DOWN, name=name, band=table.columns[column].header)
        task = Task(reports.details, self.desk, self.actor, self.report.request, group=key, bucket=bucket,
                    parent=self)
        task.succeeded.connect(lambda details: self._show_details(details, title))
        task.failed.connect(lambda error: show_error(self.error, error_text(error)))
        task.start()
        return task

    def _show_details(self, details: ReportTable, title) -> None:
        details.name = title
        self.last_details = details
        index = self.tabs.addTab(self._view(details), on_screen(title))
        self.tabs.setCurrentIndex(index)

    def _close_tab(self, index: int) -> None:
        if self.report is not None and index >= len(self.report.tables):  # only drill-down tabs close
            self.tabs.widget(index).deleteLater()
            self.tabs.removeTab(index)

    def export(self, fmt: str) -> None:
        if self.report is None:
            return
        folder = Path(str(QSettings().value("documents/folder", str(Path.home()))))
        suggested = folder / f"{on_screen(self.report.title)}_{date.today():%Y%m%d}.{fmt}"
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Export"), str(suggested),
                                                "Excel (*.xlsx)" if fmt == "xlsx" else "PDF (*.pdf)")
        if chosen:
            self.export_to(Path(chosen), fmt)

    def export_to(self, path: Path, fmt: str) -> Task:
        QSettings().setValue("documents/folder", str(path.parent))
        total = sum(len(t.rows) for t in self.report.tables)
        return run_with_progress(self, self.tr("Exporting..."), total, reports.write_report, self.desk, self.report,
                                 path, fmt, actor=self.actor,  # a past day's daily report is kept as printed
                                 on_done=lambda result, error: self._exported(path, error))

    def _exported(self, path: Path, error) -> None:
        if isinstance(error, Cancelled):
            show_plain(self.error, self.tr("Export cancelled; no file was written."))
        elif error is not None:
            show_error(self.error, error_text(error))
        else:
            show_success(self.error, self.tr("Exported: %1").replace("%1", str(path)))

    def open_import(self) -> None:
        ImportDialog(self.desk, self.actor, self).exec()


def _grouped(key) -> bool:
    """A row's key that a drill-down opens: a group of an aging table (at the city office, in a branch)."""
    return isinstance(key, tuple) or (isinstance(key, SiteKey) and isinstance(key.key, tuple))
