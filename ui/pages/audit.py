"""审计日志: who did what and when, filtered by user, customer, date and action."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QSettings, Qt
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QTableView,
    QTextEdit, QToolButton, QVBoxLayout, QWidget,
)

from app.domain.audit import ACTION_WORDS
from app.domain.errors import DomainError
from app.services.audit import SIGN_IN_FAILED, audit_detail, audit_trail
from app.services.auditor_export import export_for_auditor
from app.services.context import Actor, Cancelled, Desk
from app.services.setup import site_info
from ui.changes import ChangeHub, follow
from ui.icons import icon
from ui.models import Column, RowTableModel, configure_table
from ui.messages import error_text
from ui.style import show_success
from ui.tasks import Task, run_with_progress
from ui.widgets import error_label
from ui.words import action_word, labelled, record_word, said, setting_word, unknown_user_word


def detail_text(line) -> str:
    """One key of an entry: ``label: value``, or ``label: before → after`` when the entry changed it."""
    if line.before is None:
        value = said(line.after)
    elif line.after is None:
        value = QCoreApplication.translate("AuditPage", "%1 (removed)").replace("%1", said(line.before))
    else:
        value = f"{said(line.before)} → {said(line.after)}"
    return labelled(said(line.label), value)


def who(entry) -> str:
    """The user column: who acted; on a failed sign-in, the name typed if it is a user's, else （未知用户）."""
    if entry.display_name:
        return entry.display_name
    if entry.action == SIGN_IN_FAILED:
        return entry.username or unknown_user_word()
    return entry.username


def record_text(entry) -> str:
    """The record column: its kind and its own name (欠费凭证 V0001, 收款收据 R0002, 用户 clerk …)."""
    kind = record_word(entry.entity)
    name = setting_word(entry.record) if entry.entity == "setting" and entry.record else entry.record
    if not name and entry.entity == "user" and entry.action == SIGN_IN_FAILED:
        name = unknown_user_word()
    return f"{kind} {name}" if name else kind


class AuditPage(QWidget):
    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None, *,
                 changes: ChangeHub | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor = desk, actor
        self.user = QLineEdit()
        self.user.setPlaceholderText(self.tr("User name"))
        self.customer = QLineEdit()
        self.customer.setPlaceholderText(self.tr("Customer name contains"))
        self.action = QComboBox()
        self.action.addItem(self.tr("All actions"), None)
        for code in sorted(ACTION_WORDS, key=action_word):
            self.action.addItem(action_word(code), code)
        # The filters share the row: the list of actions opens as wide as its words, the box stays narrow.
        self.action.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.action.setMinimumContentsLength(10)
        self.action.view().setMinimumWidth(self.action.view().sizeHintForColumn(0) + 24)
        for edit in (self.user, self.customer):
            edit.setMinimumWidth(110)
        today = QDate(desk.clock.today())
        self.date_from = QDateEdit(today.addDays(-30))
        self.date_to = QDateEdit(today)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.search = QPushButton(self.tr("Search"))
        self.search.setIcon(icon("search"))
        self.export_button = QPushButton(self.tr("Export for the auditor..."))
        self.export_button.setIcon(icon("export"))
        self.export_button.setToolTip(self.tr(
            "The period's ledger, audit trail, hash chains and integrity roots, collection records and reference "
            "lists as CSV and JSON, with a manifest of SHA-256 hashes and a README on checking them without "
            "this program"))
        self.export_note = error_label()
        self.model = RowTableModel([
            Column(QT_TRANSLATE_NOOP("AuditPage", "Time"), lambda e: e.at.strftime("%Y-%m-%d %H:%M:%S"), width=140),
            Column(QT_TRANSLATE_NOOP("AuditPage", "User"), who, width=110),
            Column(QT_TRANSLATE_NOOP("AuditPage", "Action"), lambda e: action_word(e.action), width=160),
            Column(QT_TRANSLATE_NOOP("AuditPage", "Customer"), lambda e: e.customer, width=170),
            Column(QT_TRANSLATE_NOOP("AuditPage", "Record"), record_text, width=220)],
            "AuditPage", self, key=lambda e: e.entry_id)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        configure_table(self.table, "audit")
        # The entry in words; the record as stored (JSON, what an auditor compares) one click away.
        self.detail = QTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setAcceptRichText(False)
        self.detail.setMaximumHeight(130)
        self.raw_toggle = QToolButton()
        self.raw_toggle.setText(self.tr("Stored record"))
        self.raw_toggle.setToolTip(self.tr("The entry's before and after records exactly as the audit trail keeps them"))
        self.raw_toggle.setCheckable(True)
        self.raw_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.raw_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.raw_toggle.setAutoRaise(True)
        self.raw = QPlainTextEdit()
        self.raw.setReadOnly(True)
        self.raw.setMaximumHeight(90)
        self.raw.hide()
        self.raw_toggle.toggled.connect(self._show_raw)
        filters = QHBoxLayout()
        for widget in (self.user, self.customer, self.action, QLabel(self.tr("From")), self.date_from,
                       QLabel(self.tr("to")), self.date_to, self.search):
            filters.addWidget(widget)
        exporting = QHBoxLayout()
        exporting.addWidget(self.export_button)
        exporting.addWidget(self.export_note, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.raw_toggle)
        layout.addWidget(self.raw)
        layout.addLayout(exporting)
        self.export_button.clicked.connect(self.choose_export)
        self._generation = 0
        settings = QSettings()  # the last filters come back; the dates stay "the last 30 days"
        self.user.setText(str(settings.value("audit/user", "")))
        self.customer.setText(str(settings.value("audit/customer", "")))
        index = self.action.findData(settings.value("audit/action"))
        if index > 0:
            self.action.setCurrentIndex(index)
        self.search.clicked.connect(self.reload)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_detail())
        # Every write is audited: the trail on screen grows with it (a hidden one catches up when shown).
        follow(self, changes, lambda changes: changes.touches("audit_log"), lambda: self.reload(keep_place=True))
        self.reload()

    def reload(self, *, keep_place: bool = False) -> Task:
        """Runs off the GUI thread: a month of a busy branch's audit trail is thousands of rows."""
        needle = self.customer.text().strip()
        settings = QSettings()
        settings.setValue("audit/user", self.user.text().strip())
        settings.setValue("audit/customer", needle)
        settings.setValue("audit/action", self.action.currentData())
        filters = dict(username=self.user.text().strip() or None, date_from=self.date_from.date().toPython(),
                       date_to=self.date_to.date().toPython(), action=self.action.currentData())

        def query():  # runs on the worker thread: it must not touch the widgets, hence the copies above
            entries = audit_trail(self.desk, self.actor, **filters)
            return [e for e in entries if needle in e.customer] if needle else entries

        self._generation += 1
        generation = self._generation
        task = Task(query, parent=self)
        # Only the latest search is shown; an earlier one finishing late is dropped.
        task.succeeded.connect(lambda rows: generation == self._generation and (
            self.model.refill(rows, self.table) if keep_place else self.model.set_rows(rows)))
        task.start()
        return task

    def _show_detail(self) -> None:
        e = self.model.selected(self.table)
        if e is None:
            return
        heading = "  ".join(part for part in (e.at.strftime("%Y-%m-%d %H:%M:%S"), who(e), action_word(e.action),
                                              e.customer, record_text(e)) if part)
        try:
            lines = audit_detail(self.desk, self.actor, e)
        except DomainError as error:
            lines, heading = [], heading + "\n" + error_text(error)
        self.detail.setPlainText("\n".join([heading, *(detail_text(line) for line in lines)]))
        self.raw.setPlainText(self.tr("Before: %1\nAfter: %2").replace("%1", e.before or "-")
                              .replace("%2", e.after or "-"))

    def _show_raw(self, shown: bool) -> None:
        self.raw_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.raw.setVisible(shown)

    # -- 审计导出 ---------------------------------------------------------------------------------------
    def choose_export(self) -> None:
        parent = QFileDialog.getExistingDirectory(self, self.tr("Choose where to put the auditor's export"),
                                                  str(QSettings().value("audit/export_folder", "")))
        if parent:
            QSettings().setValue("audit/export_folder", parent)
            self.export_into(Path(parent))

    def export_into(self, parent: Path):
        """The period of the date filters, into a new folder named after the site and the period, off the
        GUI thread with progress and Cancel (a cancelled export leaves nothing behind)."""
        start, end = self.date_from.date().toPython(), self.date_to.date().toPython()
        base = f"{site_info(self.desk).code}-audit-{start:%Y%m%d}-{end:%Y%m%d}"
        target, n = parent / base, 1
        while target.exists():
            n += 1
            target = parent / f"{base}-{n}"
        self.export_note.clear()
        self.export_button.setEnabled(False)
        return run_with_progress(self, self.tr("Exporting for the auditor"), 1, export_for_auditor, self.desk,
                                 self.actor, start, end, target, on_done=self._exported)

    def _exported(self, done, error) -> None:
        self.export_button.setEnabled(True)
        if error is not None:
            if not isinstance(error, Cancelled):
                self.export_note.setText(error_text(error))
            return
        show_success(self.export_note, self.tr("Exported %1 files to %2 (README.txt there says how to check them).")
                     .replace("%1", str(done.files)).replace("%2", str(done.folder)))
