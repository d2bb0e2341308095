"""欠费登记: a form fast at a counter. Keyboard only: Enter moves to the next empty required field and, once
all are filled, saves and starts the next item."""
from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QDialog, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from app.domain.errors import DomainError
from app.domain.money import format_fen, parse_amount
from app.services.arrears import ArrearsInput, OverLimitOverride, record_arrears
from app.services.auth import login
from app.services.context import Actor, Desk
from app.services.dto import CustomerInfo, ItemInfo
from app.services.setup import list_business_lines
from ui.icons import icon
from ui.messages import error_text
from ui.style import DONE_STYLE
from ui.tasks import Task, run_write
from ui.widgets import CustomerPicker, WriteDialog, confirm, error_label, ok_cancel


class ArrearsEntryPage(QWidget):
    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor = desk, actor
        self.customer = CustomerPicker(desk, actor)
        self.line = QComboBox()
        for code, name in list_business_lines(desk):
            self.line.addItem(name, code)
        self.business_date = QDateEdit(QDate(desk.clock.today()))
        self.business_date.setCalendarPopup(True)
        self.business_date.setDisplayFormat("yyyy-MM-dd")
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(self.tr("e.g. 1,234.56"))
        self.voucher = QLineEdit()
        self.signed = QCheckBox(self.tr("Customer signed to confirm"))
        self.signed.setChecked(True)
        self.note = QLineEdit()
        self.save_button = QPushButton(self.tr("Save (Enter)"))
        self.save_button.setIcon(icon("save"))
        self.error = error_label()
        self.done = QLabel()
        self.done.setStyleSheet(DONE_STYLE)
        form = QFormLayout()
        form.addRow(self.tr("Customer"), self.customer)
        form.addRow(self.tr("Business line"), self.line)
        form.addRow(self.tr("Business date"), self.business_date)
        form.addRow(self.tr("Amount (yuan)"), self.amount)
        form.addRow(self.tr("Voucher number"), self.voucher)
        form.addRow("", self.signed)
        form.addRow(self.tr("Note"), self.note)
        panel = QWidget()
        panel.setMaximumWidth(640)  # a compact form: eyes travel less between fields at the counter
        inner = QVBoxLayout(panel)
        inner.addLayout(form)
        inner.addWidget(self.save_button)
        inner.addWidget(self.error)
        inner.addWidget(self.done)
        layout = QVBoxLayout(self)
        layout.addWidget(panel)
        layout.addStretch(1)
        self.customer.picked.connect(lambda _c: self._next_empty_field(self.customer.code) or self.save_button.setFocus())
        self.save_button.setAutoDefault(True)  # focused, Enter presses it (outside a dialog Qt would not)
        self.amount.textChanged.connect(self._check_amount)
        self.voucher.textEdited.connect(lambda _text: self.error.clear())  # what it said was about the old number
        for field in (self.amount, self.voucher, self.note):
            field.returnPressed.connect(lambda field=field: self.enter_pressed(field))
        self.save_button.clicked.connect(lambda _checked=False: self.save())

    def showEvent(self, event) -> None:  # noqa: N802 - Qt naming
        """Chosen from the navigation: the first empty field (the customer code at first) takes the typing."""
        super().showEvent(event)
        if not event.spontaneous():
            self._next_empty_field(self.note)

    def _required(self) -> list[tuple[QLineEdit, bool]]:
        """The fields a clerk types, in form order, and whether each is still empty."""
        return [(self.customer.code, self.customer.customer is None), (self.amount, not self.amount.text().strip()),
                (self.voucher, not self.voucher.text().strip()), (self.note, False)]

    def _next_empty_field(self, after: QLineEdit) -> QLineEdit | None:
        """Focuses the first empty required field after ``after`` (wrapping round); None when all are filled."""
        fields = self._required()
        start = next(i for i, (field, _) in enumerate(fields) if field is after) + 1
        for field, empty in fields[start:] + fields[:start]:
            if empty:
                field.setFocus()
                return field
        return None

    def enter_pressed(self, field: QLineEdit) -> Task | None:
        """Enter: on to the next empty required field, or save when there is none."""
        if self._next_empty_field(field) is not None:
            return None
        return self.save()

    def _check_amount(self, text: str) -> None:
        """Live validation: the reason in words while typing."""
        if not text.strip():
            self.error.clear()
            return
        try:
            parse_amount(text)
            self.error.clear()
        except DomainError as error:
            self.error.setText(error_text(error))

    def _input(self) -> ArrearsInput:
        if self.customer.customer is None:
            raise DomainError("field.required", field=self.tr("Customer"))
        return ArrearsInput(self.customer.customer.customer_id, self.line.currentData(),
                            self.business_date.date().toPython(), parse_amount(self.amount.text()),
                            self.voucher.text(), self.signed.isChecked(), note=self.note.text())

    def save(self) -> Task | None:
        """Records the item off the GUI thread. Over the credit limit, the branch head authorises on the
        spot (超额度授权) and the same item is recorded again with the authorisation."""
        try:
            data = self._input()
        except DomainError as error:
            self._show_refusal(error)
            return None
        return self._record(data, None, False)

    def _record(self, data: ArrearsInput, override: OverLimitOverride | None, large_confirmed: bool) -> Task | None:
        customer = self.customer.customer
        return run_write(self, record_arrears, self.desk, self.actor, data, override, large_confirmed=large_confirmed,
                         busy=(self.save_button,), on_success=lambda item: self._recorded(item, customer),
                         on_failure=lambda error: self._refused(error, data, override, large_confirmed))

    def _refused(self, error: Exception, data: ArrearsInput, override: OverLimitOverride | None,
                 large_confirmed: bool) -> None:
        """The two refusals the counter can lift on the spot: an unusually large amount (the clerk confirms)
        and the credit limit (the branch head authorises)."""
        self._show_refusal(error)
        code = error.code if isinstance(error, DomainError) else None
        if code == "arrears.unusually_large":
            if self.confirm_large(error_text(error)):
                self.error.clear()
                self._record(data, override, True)
        elif code == "credit.over_limit":
            granted = OverrideDialog.ask(self.desk, error_text(error), self)
            if granted is not None:
                self._record(data, granted, large_confirmed)

    def confirm_large(self, explanation: str) -> bool:
        """单笔提示上限: the clerk checks the amount and confirms it (or goes back to correct it)."""
        return confirm(self, self.tr("Unusually large amount"), explanation,
                       self.tr("Record this amount"), self.tr("Correct the amount"))

    def _show_refusal(self, error: Exception) -> None:
        """The reason in words, and the cursor in the field at fault."""
        self.error.setText(error_text(error))
        field = {"amount": self.amount, "voucher_no": self.voucher, "business_date": self.business_date,
                 "customer": self.customer.code}.get(getattr(error, "field", None))
        if field is not None:
            field.setFocus()

    def _recorded(self, item: ItemInfo, customer: CustomerInfo) -> None:
        self.error.clear()
        self.done.setText(self.tr("Saved: %1  %2  %3").replace("%1", item.voucher_no)
                          .replace("%2", customer.name).replace("%3", format_fen(item.amount)))
        # The next item of the same customer is the common case at a counter: keep customer, line, date.
        self.amount.clear()
        self.voucher.clear()
        self.note.clear()
        self.amount.setFocus()


class OverrideDialog(WriteDialog):
    """超额度授权: the branch head signs in on the clerk's screen and gives the reason."""

    def __init__(self, desk: Desk, explanation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.granted = desk, None
        self.setWindowTitle(self.tr("Branch head authorisation"))
        info = QLabel(explanation)
        info.setWordWrap(True)
        self.username, self.password, self.reason = QLineEdit(), QLineEdit(), QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = error_label()
        form = QFormLayout(self)
        form.addRow(info)
        form.addRow(self.tr("Branch head"), self.username)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.error)
        self.buttons = ok_cancel(self.tr("Authorise"), self.tr("Cancel"), self.authorise, self.reject)
        form.addRow(self.buttons)

    def authorise(self) -> None:
        """The head's sign-in is checked (and audited) off the GUI thread."""
        reason = self.reason.text()
        run_write(self, login, self.desk, self.username.text(), self.password.text(), busy=(self.buttons,),
                  on_success=lambda head: self._granted(OverLimitOverride(head, reason)),
                  on_failure=lambda error: self.error.setText(error_text(error)))

    def _granted(self, granted: OverLimitOverride) -> None:
        self.granted = granted
        self.accept()

    @classmethod
    def ask(cls, desk: Desk, explanation: str, parent: QWidget | None = None) -> OverLimitOverride | None:
        dialog = cls(desk, explanation, parent)
        return dialog.granted if dialog.exec() == QDialog.DialogCode.Accepted else None
