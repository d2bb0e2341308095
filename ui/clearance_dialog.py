"""清欠 before an account is disabled (postal 25): what the user still answers for, the branch head's
hand-over to a named colleague or two-month deadline, then the administrator's 停用; and 变更客户经理."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QComboBox, QDialog, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTableView,
    QVBoxLayout, QWidget,
)

from app.domain.money import format_fen
from app.domain.roles import Permission, may
from app.services.auth import login, set_user_active
from app.services.clearance import (
    ClearanceStatus, clearance_status, hand_over, issue_clearance_certificate, reassign_account_manager,
    set_clearance_deadline, staff,
)
from app.services.context import Actor, Desk
from ui.messages import error_text
from ui.models import Column, RowTableModel, configure_table
from ui.style import show_success
from ui.tasks import run_write
from ui.widgets import WriteDialog, date_edit, error_label, pydate
from ui.words import status_word

ITEM_COLUMNS = [
    Column(QT_TRANSLATE_NOOP("ClearanceDialog", "Voucher"), lambda i: i.voucher_no),
    Column(QT_TRANSLATE_NOOP("ClearanceDialog", "Customer"), lambda i: i.customer_name, width=180),
    Column(QT_TRANSLATE_NOOP("ClearanceDialog", "Business date"), lambda i: i.business_date),
    Column(QT_TRANSLATE_NOOP("ClearanceDialog", "Open"), lambda i: i.open_amount, money=True),
    Column(QT_TRANSLATE_NOOP("ClearanceDialog", "Recorded handler"), lambda i: i.handler),
]
CUSTOMER_COLUMNS = [
    Column(QT_TRANSLATE_NOOP("ClearanceDialog", "Customer code"), lambda c: c.code),
    Column(QT_TRANSLATE_NOOP("ClearanceDialog", "Customer"), lambda c: c.name, width=220),
    Column(QT_TRANSLATE_NOOP("ClearanceDialog", "Status"), lambda c: status_word(c.status)),
]


class ClearanceDialog(WriteDialog):
    """Shown when the administrator disables a user: what is open, and the ways to clear it. The hand-over
    and the deadline are the branch head's: an administrator's screen asks the head to sign in on it."""

    def __init__(self, desk: Desk, actor: Actor, user_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor, self.user_id = desk, actor, user_id
        self.status: ClearanceStatus | None = None
        self.disabled = False
        self.setWindowTitle(self.tr("Clearance before disabling"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.items = RowTableModel(ITEM_COLUMNS, "ClearanceDialog", self, key=lambda i: i.item_id)
        self.items_view = QTableView()
        self.items_view.setModel(self.items)
        configure_table(self.items_view)
        self.customers = RowTableModel(CUSTOMER_COLUMNS, "ClearanceDialog", self, key=lambda c: c.customer_id)
        self.customers_view = QTableView()
        self.customers_view.setModel(self.customers)
        configure_table(self.customers_view)
        self.customers_view.setMaximumHeight(140)

        self.head_box = QGroupBox(self.tr("Branch head signs in"))
        self.head_name, self.head_password = QLineEdit(), QLineEdit()
        self.head_password.setEchoMode(QLineEdit.EchoMode.Password)
        head_form = QFormLayout(self.head_box)
        head_form.addRow(self.tr("Branch head"), self.head_name)
        head_form.addRow(self.tr("Password"), self.head_password)
        self.head_box.setVisible(not may(actor.role, Permission.CLEAR_HANDLER))

        self.receiver = QComboBox()
        for uid, username, name in staff(desk, actor):
            if uid != user_id:
                self.receiver.addItem(f"{name} ({username})", uid)
        self.effective = date_edit(desk.clock.today())
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("e.g. transferred to another branch, leaves the company"))
        self.hand_over_button = QPushButton(self.tr("Hand over everything"))
        self.deadline_button = QPushButton(self.tr("Set a two-month deadline"))
        clear_box = QGroupBox(self.tr("Hand over, or set a clearance deadline (branch head)"))
        form = QFormLayout(clear_box)
        form.addRow(self.tr("Receiver"), self.receiver)
        form.addRow(self.tr("Effective from"), self.effective)
        form.addRow(self.tr("Reason"), self.reason)
        row = QHBoxLayout()
        row.addWidget(self.hand_over_button)
        row.addWidget(self.deadline_button)
        row.addStretch(1)
        form.addRow(row)

        self.error, self.outcome = error_label(), QLabel()
        self.disable_button = QPushButton(self.tr("Disable the account"))
        self.certificate_button = QPushButton(self.tr("Clearance certificate..."))
        self.close_button = QPushButton(self.tr("Close"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.certificate_button)
        buttons.addStretch(1)
        buttons.addWidget(self.disable_button)
        buttons.addWidget(self.close_button)
        self.disable_button.setVisible(may(actor.role, Permission.MANAGE_USERS))

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(self.tr("Open arrears the user answers for now")))
        layout.addWidget(self.items_view, 2)
        layout.addWidget(QLabel(self.tr("Customers the user manages")))
        layout.addWidget(self.customers_view, 1)
        layout.addWidget(self.head_box)
        layout.addWidget(clear_box)
        layout.addWidget(self.error)
        layout.addWidget(self.outcome)
        layout.addLayout(buttons)
        self.hand_over_button.clicked.connect(self.hand_over)
        self.deadline_button.clicked.connect(self.set_deadline)
        self.disable_button.clicked.connect(self.disable)
        self.certificate_button.clicked.connect(self.certificate)
        self.close_button.clicked.connect(self.reject)
        self.resize(760, 620)
        self.reload()

    def reload(self) -> None:
        self.status = s = clearance_status(self.desk, self.actor, self.user_id)
        o = s.outstanding
        text = self.tr("%1 (%2) answers for %3 open item(s), %4 yuan, and manages %5 customer(s).") \
            .replace("%1", s.display_name).replace("%2", s.username).replace("%3", str(o.open_items)) \
            .replace("%4", format_fen(o.open_amount)).replace("%5", str(o.customers))
        if o.cleared:
            text = self.tr("Nothing is open for %1 (%2): the account can be disabled and the clearance "
                           "certificate issued.").replace("%1", s.display_name).replace("%2", s.username)
        elif s.deadline is not None:
            text += " " + self.tr("Clearance deadline: %1 (set by %2).").replace("%1", s.deadline.due_on.isoformat()) \
                .replace("%2", s.deadline.set_by)
        else:
            text += " " + self.tr("The account is disabled only after a hand-over or with a clearance deadline.")
        self.summary.setText(text)
        self.items.set_rows(s.items)
        self.customers.set_rows(s.customers)
        self.disable_button.setEnabled(s.is_active and (o.cleared or s.deadline is not None))
        self.certificate_button.setEnabled(o.cleared)
        self.hand_over_button.setEnabled(not o.cleared)
        self.deadline_button.setEnabled(not o.cleared and s.deadline is None)

    def _as_head(self, then) -> None:
        """The branch head acts: the signed-in user if allowed, else the head who signs in here."""
        if may(self.actor.role, Permission.CLEAR_HANDLER):
            then(self.actor)
            return
        run_write(self, login, self.desk, self.head_name.text(), self.head_password.text(),
                  busy=(self.hand_over_button, self.deadline_button), on_success=then, on_failure=self._failed)

    def _failed(self, error: Exception) -> None:
        self.outcome.clear()
        self.error.setText(error_text(error))

    def _succeeded(self, message: str) -> None:
        self.error.clear()
        self.reload()
        show_success(self.outcome, message)

    def hand_over(self) -> None:
        receiver, name = self.receiver.currentData(), self.receiver.currentText()
        effective, reason = pydate(self.effective), self.reason.text()
        self._as_head(lambda head: run_write(
            self, hand_over, self.desk, head, self.user_id, to_user_id=receiver, reason=reason,
            effective_on=effective, busy=(self.hand_over_button,), on_failure=self._failed,
            on_success=lambda _s: self._succeeded(self.tr("Handed over to %1.").replace("%1", name))))

    def set_deadline(self) -> None:
        reason = self.reason.text()
        self._as_head(lambda head: run_write(
            self, set_clearance_deadline, self.desk, head, self.user_id, reason=reason,
            busy=(self.deadline_button,), on_failure=self._failed,
            on_success=lambda d: self._succeeded(self.tr("Clearance deadline set: %1.")
                                                 .replace("%1", d.due_on.isoformat()))))

    def disable(self) -> None:
        run_write(self, set_user_active, self.desk, self.actor, self.user_id, False, busy=(self.disable_button,),
                  on_failure=self._failed, on_success=self._disabled)

    def _disabled(self, _user) -> None:
        self.disabled = True
        self._succeeded(self.tr("The account is disabled."))

    def certificate(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the clearance certificate"),
                                                  f"清欠证明_{self.status.username}.pdf", "PDF (*.pdf)")
        if not path:
            return
        self._as_head(lambda head: run_write(
            self, issue_clearance_certificate, self.desk, head, self.user_id, Path(path),
            busy=(self.certificate_button,), on_failure=self._failed,
            on_success=lambda number: self._succeeded(self.tr("Clearance certificate %1 issued.")
                                                      .replace("%1", number))))


class AccountManagerDialog(WriteDialog):
    """变更客户经理: the branch head gives a customer's account to another colleague (audited)."""

    def __init__(self, desk: Desk, actor: Actor, customer_id: int, customer_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor, self.customer_id = desk, actor, customer_id
        self.setWindowTitle(self.tr("Change the account manager"))
        self.receiver = QComboBox()
        for uid, username, name in staff(desk, actor):
            self.receiver.addItem(f"{name} ({username})", uid)
        self.reason = QLineEdit()
        self.error = error_label()
        self.ok = QPushButton(self.tr("Change"))
        cancel = QPushButton(self.tr("Cancel"))
        form = QFormLayout(self)
        form.addRow(QLabel(customer_name))
        form.addRow(self.tr("New account manager"), self.receiver)
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.error)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.ok)
        row.addWidget(cancel)
        form.addRow(row)
        self.ok.clicked.connect(self.change)
        cancel.clicked.connect(self.reject)

    def change(self) -> None:
        run_write(self, reassign_account_manager, self.desk, self.actor, self.customer_id, self.receiver.currentData(),
                  reason=self.reason.text(), busy=(self.ok,), on_success=lambda _r: self.accept(),
                  on_failure=lambda error: self.error.setText(error_text(error)))


__all__ = ["AccountManagerDialog", "ClearanceDialog", "QDialog"]
