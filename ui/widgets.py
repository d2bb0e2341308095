"""Small pieces every dialog uses the same way."""
from __future__ import annotations

from datetime import date
from typing import Callable

from PySide6.QtCore import QDate, QSize, Signal
from PySide6.QtWidgets import (
    QDateEdit, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QWidget,
)

from app.domain.errors import DomainError
from ui.messages import error_text
from ui.style import ALERT_STYLE, FLUSH, show_error
from ui.tasks import writing
from ui.words import aside, status_word


class WrappedLabel(QLabel):
    """A word-wrapped label whose size hint is its text's height at the width it was given: QLabel's own
    hint guesses a narrower width, so a layout that goes by the hint (an alignment, a dialog's first
    size) leaves too few lines and cuts the words off top and bottom."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self._given_width = 0

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if event.size().width() != self._given_width:
            self._given_width = event.size().width()
            self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802
        hint = super().sizeHint()
        if self._given_width <= 0 or not self.text():
            return hint
        return QSize(hint.width(), max(hint.height() if self._given_width < hint.width() else 0,
                                       self.heightForWidth(self._given_width)))


class MessageLabel(WrappedLabel):
    """Where a page or dialog says how things went: ``setText`` says what is wrong, in red, even after a
    success was shown there; ``ui.style.show_success``/``show_plain`` say it worked or a neutral remark."""

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        show_error(self, text)


def error_label() -> QLabel:
    """Where a dialog says, in words, what is wrong (or, through ui.style, that it worked)."""
    label = MessageLabel()
    label.setObjectName("error")
    label.setStyleSheet(ALERT_STYLE)
    label.setWordWrap(True)
    return label


def date_edit(day: date) -> QDateEdit:
    """A date field with a calendar, shown as 2026-11-25."""
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def pydate(edit: QDateEdit) -> date:
    d = edit.date()
    return date(d.year(), d.month(), d.day())


def ok_cancel(ok_text: str, cancel_text: str, on_ok: Callable[[], None],
              on_cancel: Callable[[], None]) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(on_cancel)
    return buttons


def confirm(parent: QWidget, title: str, text: str, yes_text: str, no_text: str) -> bool:
    """A question with buttons that say what they do (in the screen's language); the safe answer
    (no) is the default, so a stray Enter does not confirm."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
    no = box.addButton(no_text, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


class WriteDialog(QDialog):
    """A dialog whose OK runs a write (``run_write(self, ...)``): Escape or the window's close button
    does not dismiss it while the write runs, so nobody believes they cancelled what is being recorded."""

    def reject(self) -> None:
        if not writing(self):
            super().reject()


class CustomerPicker(QWidget):
    """客户代码 + Enter: finds the customer and says who it is (or why not)."""

    picked = Signal(object)  # CustomerInfo

    def __init__(self, desk, actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor, self.customer = desk, actor, None
        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("Customer code, then Enter"))
        self.code.setMaximumWidth(220)
        self.label = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(*FLUSH)
        layout.addWidget(self.code)
        layout.addWidget(self.label, 1)
        self.code.returnPressed.connect(self.lookup)

    def lookup(self) -> None:
        from app.services.customers import find_customer_by_code  # the sign-in dialog needs no database layer
        try:
            customer = find_customer_by_code(self.desk, self.actor, self.code.text())
        except DomainError as error:
            self.customer = None
            self.label.setText(error_text(error))
            self.label.setStyleSheet(ALERT_STYLE)
            return
        self.set_customer(customer, aside(customer.name, status_word(customer.status)))

    def set_customer(self, customer, text: str | None = None) -> None:
        self.customer = customer
        self.code.setText(customer.code or "")
        self.label.setText(text or customer.name)
        self.label.setStyleSheet("")
        self.picked.emit(customer)
