"""Dialogs of the counter: register a customer, apply for credit, give a reason for a reversal."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QSpinBox, QVBoxLayout,
    QWidget,
)

from app.domain.customers import GROUP_WORDS
from app.domain.errors import DomainError
from app.domain.money import format_fen, parse_amount
from app.services.context import Actor, Desk
from app.services.customers import CustomerInput, apply_for_credit, grade_limits, register_customer, update_customer
from app.services.dto import CustomerInfo
from ui.messages import error_text
from ui.tasks import run_write
from ui.widgets import WriteDialog, error_label, ok_cancel
from ui.words import aside, word


class CustomerDialog(WriteDialog):
    """登记客户, or 修改客户资料 when given an existing customer."""

    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None,
                 existing: CustomerInfo | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor, self.customer, self.existing = desk, actor, None, existing
        self.setWindowTitle(self.tr("Edit customer details") if existing else self.tr("Register a customer"))
        self.name = QLineEdit()
        self.group = QComboBox()
        for key, words in GROUP_WORDS.items():
            self.group.addItem(word(words), key)
        self.group.setCurrentIndex(1)
        self.contact, self.phone, self.address, self.id_number = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        form = QFormLayout()
        form.addRow(self.tr("Customer name"), self.name)
        form.addRow(self.tr("Customer group"), self.group)
        form.addRow(self.tr("Contact person"), self.contact)
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow(self.tr("Address"), self.address)
        form.addRow(self.tr("Credit code / ID number"), self.id_number)
        # 到期提醒 (telecom 7.2, 8): the customer is on the queue's "due soon" list before items fall due
        self.wants_reminders = QCheckBox(self.tr("Remind this customer before items fall due"))
        form.addRow("", self.wants_reminders)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        self.buttons = ok_cancel(self.tr("Save") if existing else self.tr("Register"), self.tr("Cancel"),
                                 self.save, self.reject)
        layout.addWidget(self.buttons)
        if existing is not None:
            self.name.setText(existing.name)
            self.group.setCurrentIndex(self.group.findData(existing.customer_group))
            self.contact.setText(existing.contact_person)
            self.phone.setText(existing.phone)
            self.address.setText(existing.address)
            self.id_number.setText(existing.id_number)
            self.wants_reminders.setChecked(existing.wants_reminders)
        self.resize(460, 300)

    def save(self) -> None:
        """Registers (or saves the details) off the GUI thread; the dialog closes once it is recorded."""
        data = CustomerInput(
            name=self.name.text(), customer_group=self.group.currentData(), contact_person=self.contact.text(),
            phone=self.phone.text(), address=self.address.text(), id_number=self.id_number.text(),
            wants_reminders=self.wants_reminders.isChecked())
        if self.existing is None:
            call = (register_customer, self.desk, self.actor, data)
        else:
            call = (update_customer, self.desk, self.actor, self.existing.customer_id, data)
        run_write(self, *call, busy=(self.buttons,), on_success=self._saved,
                  on_failure=lambda error: self.error.setText(error_text(error)))

    def _saved(self, customer: CustomerInfo) -> None:
        self.customer = customer
        self.accept()


class CreditApplicationDialog(WriteDialog):
    """记欠申请: what the branch asks marketing to approve."""

    def __init__(self, desk: Desk, actor: Actor, customer_id: int, customer_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor, self.customer_id, self.application = desk, actor, customer_id, None
        self.setWindowTitle(self.tr("Credit application: %1").replace("%1", customer_name))
        self.grade = QComboBox()
        limits = grade_limits(desk)  # 信用评价: each grade's default limit, as configured
        for grade, limit in limits.items():
            self.grade.addItem(aside(grade, format_fen(limit)), grade)
        self.grade.setCurrentIndex(self.grade.findData("A"))
        self.limit = QLineEdit(format_fen(limits["A"]))
        self.grade.currentIndexChanged.connect(
            lambda _i: self.limit.setText(format_fen(limits[self.grade.currentData()])))
        self.period = QSpinBox()
        self.period.setRange(0, 180)
        self.period.setValue(30)
        self.period.setSuffix(self.tr(" days"))
        self.cycle = QSpinBox()
        self.cycle.setRange(1, 3)
        self.cycle.setSuffix(self.tr(" month(s)"))
        self.note = QPlainTextEdit()
        self.note.setMaximumHeight(70)
        form = QFormLayout()
        form.addRow(self.tr("Credit grade"), self.grade)
        form.addRow(self.tr("Credit limit (yuan)"), self.limit)
        form.addRow(self.tr("Credit period"), self.period)
        form.addRow(self.tr("Settlement cycle"), self.cycle)
        form.addRow(self.tr("Note"), self.note)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        self.buttons = ok_cancel(self.tr("Submit"), self.tr("Cancel"), self.save, self.reject)
        layout.addWidget(self.buttons)

    def save(self) -> None:
        try:
            limit = parse_amount(self.limit.text(), allow_zero=True)
        except DomainError as error:
            self.error.setText(error_text(error))
            return
        run_write(self, apply_for_credit, self.desk, self.actor, self.customer_id,
                  credit_grade=self.grade.currentData(), requested_limit=limit,
                  credit_period_days=self.period.value(), settlement_cycle_months=self.cycle.value(),
                  note=self.note.toPlainText(), busy=(self.buttons,), on_success=self._submitted,
                  on_failure=lambda error: self.error.setText(error_text(error)))

    def _submitted(self, application) -> None:
        self.application = application
        self.accept()


class ReasonDialog(QDialog):
    """A confirmation that shows the effect, and the reason that goes on the record."""

    def __init__(self, title: str, effect: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        effect_label = QLabel(effect)
        effect_label.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Reason (required)"))
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(effect_label)
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel(self.tr("Confirm"), self.tr("Cancel"), self.confirm, self.reject))
        self.resize(440, 180)

    def confirm(self) -> None:
        if not self.reason.text().strip():
            self.error.setText(self.tr("Please give the reason."))
            return
        self.accept()

    @classmethod
    def ask(cls, title: str, effect: str, parent: QWidget | None = None) -> str | None:
        dialog = cls(title, effect, parent)
        return dialog.reason.text().strip() if dialog.exec() == QDialog.DialogCode.Accepted else None
