"""记欠审批 (marketing): the approver sees what was applied for and who applied, and decides."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QSpinBox, QTableView, QVBoxLayout, QWidget,
)

from app.domain.errors import DomainError
from app.domain.money import format_fen, parse_amount
from app.services.context import Actor, Desk
from app.services.customers import approve_credit, pending_applications, reject_credit
from ui.collection_dialogs import HistoryDialog
from ui.dialogs import ReasonDialog
from ui.messages import error_text
from ui.models import STATUS_TEXT, Column, RowTableModel, label_text
from ui.widgets import error_label


class ApprovalsPage(QWidget):
    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor = desk, actor
        self.model = RowTableModel([
            Column(QT_TRANSLATE_NOOP("ApprovalsPage", "Customer"), lambda a: a.customer_name + (
                "（" + label_text(STATUS_TEXT["blacklisted"]) + "）" if a.customer_status == "blacklisted" else "")), Column(QT_TRANSLATE_NOOP("ApprovalsPage", "Applied by"), lambda a: a.applied_by),
            Column(QT_TRANSLATE_NOOP("ApprovalsPage", "Applied at"), lambda a: a.applied_at.strftime("%Y-%m-%d %H:%M")),
            Column(QT_TRANSLATE_NOOP("ApprovalsPage", "Grade"), lambda a: a.credit_grade), Column(QT_TRANSLATE_NOOP("ApprovalsPage", "Limit applied for"), lambda a: a.requested_limit, money=True),
            Column(QT_TRANSLATE_NOOP("ApprovalsPage", "Credit period (days)"), lambda a: a.requested_period_days),
            Column(QT_TRANSLATE_NOOP("ApprovalsPage", "Cycle (months)"), lambda a: a.requested_cycle_months), Column(QT_TRANSLATE_NOOP("ApprovalsPage", "Note"), lambda a: a.note)],
            "ApprovalsPage", self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.model.apply_widths(self.table, "approvals")
        self.limit = QLineEdit()
        self.period = QSpinBox()
        self.period.setRange(0, 180)
        self.cycle = QSpinBox()
        self.cycle.setRange(1, 3)
        self.approve_button = QPushButton(self.tr("Approve"))
        self.reject_button = QPushButton(self.tr("Reject..."))
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("Approved limit (yuan)"), self.limit)
        form.addRow(self.tr("Credit period (days)"), self.period)
        form.addRow(self.tr("Settlement cycle (months)"), self.cycle)
        buttons = QHBoxLayout()
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.reject_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._fill())
        self.approve_button.clicked.connect(self.approve)
        self.reject_button.clicked.connect(self.reject)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(pending_applications(self.desk, self.actor))

    def selected(self):
        return self.model.selected(self.table)

    def _fill(self) -> None:
        app = self.selected()
        if app is not None:
            self.limit.setText(format_fen(app.requested_limit))
            self.period.setValue(app.requested_period_days)
            self.cycle.setValue(app.requested_cycle_months)

    def approve(self) -> bool:
        app = self.selected()
        if app is None:
            self.error.setText(self.tr("Select an application first."))
            return False
        reviewed = False
        if app.customer_status == "blacklisted":
            # 黑名单客户: the approver reads the arrears and collection history before deciding.
            reviewed = self.review_history(app.customer_id)
            if not reviewed:
                return False
        try:
            approve_credit(self.desk, self.actor, app.application_id,
                           credit_limit=parse_amount(self.limit.text(), allow_zero=True),
                           credit_period_days=self.period.value(), settlement_cycle_months=self.cycle.value(),
                           history_reviewed=reviewed)
        except DomainError as error:
            self.error.setText(error_text(error))
            return False
        self.error.clear()
        self.reload()
        return True

    def review_history(self, customer_id: int) -> bool:
        return bool(HistoryDialog(self.desk, self.actor, customer_id, self).exec())

    def reject(self) -> None:
        app = self.selected()
        if app is None:
            self.error.setText(self.tr("Select an application first."))
            return
        reason = ReasonDialog.ask(self.tr("Reject the application"), app.customer_name, self)
        if reason:
            try:
                reject_credit(self.desk, self.actor, app.application_id, reason)
            except DomainError as error:
                self.error.setText(error_text(error))
                return
            self.reload()
