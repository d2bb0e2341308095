"""坏账核销申请: the cause, what that cause needs (said next to the inputs), the facts, the scans, the amount.
The application is checked by the service; a refusal says what is missing and the dialog stays open."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox, QDialog, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QPushButton,
    QVBoxLayout, QWidget,
)

from app.domain.errors import DomainError
from app.domain.money import format_fen, parse_amount
from app.domain.writeoff import REQUIREMENTS, Cause, Fact
from app.services.context import Actor, Desk
from app.services.writeoffs import ApplicationInfo, Scan, WriteOffRequest, apply_write_off, read_scan
from ui.messages import error_text
from ui.widgets import error_label, ok_cancel
from ui.words import word


class WriteOffDialog(QDialog):
    """For one item (``item_id``, its voucher and what may still be applied for)."""

    def __init__(self, desk: Desk, actor: Actor, item_id: int, voucher_no: str, available: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor, self.item_id = desk, actor, item_id
        self.result_info: ApplicationInfo | None = None
        self.scans: list[Scan] = []
        self.setWindowTitle(self.tr("Apply for a bad-debt write-off"))
        what = QLabel(self.tr("Item %1: %2 yuan may be applied for. The customer's collection record is attached "
                              "as it is today.").replace("%1", voucher_no).replace("%2", format_fen(available)))
        what.setWordWrap(True)
        self.cause = QComboBox()
        for cause in Cause:
            self.cause.addItem(word(cause.words), cause.value)
        self.needs = QLabel()
        self.needs.setWordWrap(True)
        self.amount = QLineEdit(format_fen(available))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Why it cannot be collected (required)"))
        self.facts = {fact: QLineEdit() for fact in Fact}
        self.facts[Fact.DOCUMENT_DATE].setPlaceholderText("YYYY-MM-DD")
        self.files = QListWidget()
        self.files.setMaximumHeight(90)
        self.attach_button = QPushButton(self.tr("Attach scans..."))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("Cause"), self.cause)
        form.addRow("", self.needs)
        form.addRow(self.tr("Amount (yuan)"), self.amount)
        form.addRow(self.tr("Reason"), self.reason)
        for fact, edit in self.facts.items():
            form.addRow(word(fact.words), edit)
        files_row = QHBoxLayout()
        files_row.addWidget(self.attach_button)
        files_row.addWidget(self.remove_button)
        files_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Evidence scans (kept with their SHA-256)")))
        layout.addWidget(self.files)
        layout.addLayout(files_row)
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel(self.tr("Apply"), self.tr("Cancel"), self.submit, self.reject))
        self.cause.currentIndexChanged.connect(lambda _i: self._say_needs())
        self.attach_button.clicked.connect(self._choose_files)
        self.remove_button.clicked.connect(self._remove_file)
        self._say_needs()
        self.resize(560, 520)

    def chosen_cause(self) -> Cause:
        return Cause(self.cause.currentData())

    def _say_needs(self) -> None:
        need = REQUIREMENTS[self.chosen_cause()]
        parts = [", ".join(word(f.words) for f in need.facts)]
        if need.files:
            parts.append(self.tr("at least %1 scan(s)").replace("%1", str(need.files)))
        if need.collection_history:
            parts.append(self.tr("the collection record"))
        self.needs.setText(self.tr("This cause needs: %1").replace("%1", "; ".join(parts)))

    def _choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Attach evidence scans"), "",
                                                self.tr("Scans (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;All files (*)"))
        self.add_files([Path(p) for p in paths])

    def add_files(self, paths: list[Path]) -> None:
        for path in paths:
            try:
                scan = read_scan(path)
            except DomainError as error:
                self.error.setText(error_text(error))
                continue
            self.scans.append(scan)
            self.files.addItem(f"{scan.file_name}  ({len(scan.content):,} B)")

    def _remove_file(self) -> None:
        row = self.files.currentRow()
        if row >= 0:
            self.files.takeItem(row)
            del self.scans[row]

    def submit(self) -> None:
        try:
            amount = parse_amount(self.amount.text())
            request = WriteOffRequest(self.item_id, self.chosen_cause(), self.reason.text(),
                                      {fact.value: edit.text() for fact, edit in self.facts.items()},
                                      tuple(self.scans), amount)
            self.result_info = apply_write_off(self.desk, self.actor, request)
        except DomainError as error:
            self.error.setText(error_text(error))
            return
        self.accept()
