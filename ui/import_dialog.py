"""导入: choose what and which file, see the preview (counts and every problem with row, column and
reason), then import the clean file, or on purpose only its good rows. Templates to download."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLocale, QT_TRANSLATE_NOOP, QSettings
from PySide6.QtWidgets import (
    QComboBox, QDialog, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from app.domain.errors import DomainError
from app.domain.money import parse_amount
from app.domain.roles import Permission, may
from app.services.context import Actor, Cancelled, Desk
from app.services.imports import check_file, run_import, write_template
from app.services.reports import record_revenue
from app.services.setup import list_business_lines
from ui.messages import error_text
from ui.style import show_plain, show_success
from ui.tasks import Task, run_with_progress, run_write
from ui.widgets import WriteDialog, date_edit, error_label, ok_cancel

KINDS = [
    ("arrears", QT_TRANSLATE_NOOP("ImportDialog", "Arrears items"), Permission.RECORD_ARREARS),
    ("customers", QT_TRANSLATE_NOOP("ImportDialog", "Customers"), Permission.REGISTER_CUSTOMER),
    ("revenues", QT_TRANSLATE_NOOP("ImportDialog", "Business revenue"), Permission.ENTER_FIGURES),
    ("external", QT_TRANSLATE_NOOP("ImportDialog", "Finance totals (reconciliation)"), Permission.ENTER_FIGURES),
]


class ImportDialog(QDialog):
    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor, self.check = desk, actor, None
        self.setWindowTitle(self.tr("Import from Excel or CSV"))
        self.kind = QComboBox()
        for key, title, permission in KINDS:
            if may(actor.role, permission):
                self.kind.addItem(self.tr(title), key)
        self.source = QComboBox()
        self.source.addItem(self.tr("Finance"), "finance")
        self.source.addItem(self.tr("Business system"), "business")
        self.path = QLineEdit()
        browse = QPushButton(self.tr("Choose file..."))
        template = QPushButton(self.tr("Download template..."))
        self.preview_button = QPushButton(self.tr("Check"))
        self.import_button = QPushButton(self.tr("Import"))
        self.good_only_button = QPushButton(self.tr("Import only the good rows"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.issues = QTableWidget(0, 3)
        self.issues.setHorizontalHeaderLabels([self.tr("Row"), self.tr("Column"), self.tr("Problem")])
        self.issues.setColumnWidth(2, 520)
        self.issues.verticalHeader().hide()
        self.error = error_label()
        row = QHBoxLayout()
        row.addWidget(self.kind)
        row.addWidget(self.source)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        row.addWidget(template)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addStretch(1)
        buttons.addWidget(self.good_only_button)
        buttons.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.issues, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        self.resize(900, 520)
        browse.clicked.connect(self.browse)
        template.clicked.connect(self.save_template)
        self.preview_button.clicked.connect(self.preview)
        self.import_button.clicked.connect(lambda: self.run(only_valid=False))
        self.good_only_button.clicked.connect(lambda: self.run(only_valid=True))
        self.kind.currentIndexChanged.connect(lambda _i: self._reset())
        self.path.textChanged.connect(lambda _t: self._reset())
        self._reset()

    def _reset(self) -> None:
        self.check = None
        self.source.setVisible(self.kind.currentData() == "external")
        self.import_button.setEnabled(False)
        self.good_only_button.setEnabled(False)
        self.summary.setText(self.tr("Choose a file and press Check: nothing is written until you import."))
        self.issues.setRowCount(0)

    def browse(self) -> None:
        folder = str(QSettings().value("documents/folder", str(Path.home())))
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Choose file"), folder,
                                                self.tr("Spreadsheets (*.xlsx *.csv)"))
        if chosen:
            self.path.setText(chosen)

    def save_template(self) -> None:
        folder = Path(str(QSettings().value("documents/folder", str(Path.home()))))
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Save template"),
                                                str(folder / self.tr("Import template_%1.xlsx").replace("%1", self.kind.currentText())),
                                                "Excel (*.xlsx)")
        if chosen:
            try:
                write_template(self.kind.currentData(), Path(chosen))
            except (DomainError, OSError) as error:
                self.error.setText(error_text(error))
                return
            show_success(self.error, self.tr("Template saved: %1").replace("%1", chosen))

    def preview(self) -> Task:
        self.error.clear()
        self.summary.setText(self.tr("Checking..."))
        task = Task(check_file, self.desk, self.actor, self.kind.currentData(), Path(self.path.text().strip()),
                    parent=self)
        task.succeeded.connect(self._show_check)
        task.failed.connect(lambda error: (self.error.setText(error_text(error)), self.summary.clear()))
        task.start()
        return task

    def _show_check(self, check) -> None:
        self.check = check
        self.summary.setText(
            self.tr("%1: %2 row(s); %3 good; %4 already imported; %5 row(s) with problems.")
            .replace("%1", check.file_name).replace("%2", f"{check.total_rows:,}")
            .replace("%3", f"{len(check.records):,}").replace("%4", f"{check.already_imported:,}")
            .replace("%5", f"{check.bad_rows:,}"))
        shown = check.issues[:2_000]
        self.issues.setRowCount(len(shown))
        for r, issue in enumerate(shown):
            for c, value in enumerate((str(issue.row), issue.column, issue.reason(QLocale().name()))):
                self.issues.setItem(r, c, QTableWidgetItem(value))
        self.import_button.setEnabled(check.clean and bool(check.records))
        self.good_only_button.setEnabled(bool(check.issues) and bool(check.records))

    def run(self, *, only_valid: bool) -> Task:
        rows = len(self.check.records) if self.check else 0
        return run_with_progress(self, self.tr("Importing..."), rows, run_import, self.desk, self.actor,
                                 self.kind.currentData(), Path(self.path.text().strip()), only_valid=only_valid,
                                 source=self.source.currentData(), on_done=self._done)

    def _done(self, result, error) -> None:
        if isinstance(error, Cancelled):
            show_plain(self.error, self.tr("Cancelled: nothing was imported."))
            return
        if error is not None:
            self.error.setText(error_text(error))
            return
        self.summary.setText(self.tr("Imported %1 row(s); %2 already there; %3 bad row(s) left out.")
                             .replace("%1", f"{result.imported:,}").replace("%2", f"{result.skipped_existing:,}")
                             .replace("%3", f"{result.skipped_bad:,}"))
        self.import_button.setEnabled(False)
        self.good_only_button.setEnabled(False)
        self.imported = result


class RevenueDialog(WriteDialog):
    """录入业务收入: one period, business line and category at a time (a later entry replaces it)."""

    CATEGORIES = [("business", QT_TRANSLATE_NOOP("RevenueDialog", "Business revenue")),
                  ("agency_finance", QT_TRANSLATE_NOOP("RevenueDialog", "Agency finance (excluded)")),
                  ("rent", QT_TRANSLATE_NOOP("RevenueDialog", "Rent (excluded)")),
                  ("non_operating", QT_TRANSLATE_NOOP("RevenueDialog", "Non-operating income (excluded)"))]

    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor = desk, actor
        self.setWindowTitle(self.tr("Enter business revenue"))
        self.month = date_edit(desk.clock.today())
        self.month.setDisplayFormat("yyyy-MM")
        self.line = QComboBox()
        for code, name in list_business_lines(desk):
            self.line.addItem(name, code)
        self.category = QComboBox()
        for code, text in self.CATEGORIES:
            self.category.addItem(self.tr(text), code)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(self.tr("Amount in yuan, e.g. 123456.78"))
        self.amount.setMinimumWidth(240)
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("Month"), self.month)
        form.addRow(self.tr("Business line"), self.line)
        form.addRow(self.tr("Category"), self.category)
        form.addRow(self.tr("Amount"), self.amount)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        self.buttons = ok_cancel(self.tr("Save"), self.tr("Cancel"), self.save, self.reject)
        layout.addWidget(self.buttons)

    def save(self) -> None:
        d = self.month.date()
        try:
            amount = parse_amount(self.amount.text(), allow_zero=True)
        except DomainError as error:
            self.error.setText(error_text(error))
            return
        run_write(self, record_revenue, self.desk, self.actor, d.year() * 100 + d.month(), self.line.currentData(),
                  amount, self.category.currentData(), busy=(self.buttons,), on_success=lambda _result: self.accept(),
                  on_failure=lambda error: self.error.setText(error_text(error)))
