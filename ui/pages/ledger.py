"""分户账: agreement terms, credit used and free, open items with their age, and the history with
each reversal shown beside what it reverses. Reversals start here, with a reason and the effect shown."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QGridLayout, QGroupBox, QHBoxLayout, QInputDialog, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget,
)

from app.domain.collection import days_overdue
from app.domain.customers import STATUS_TRANSITIONS, StatusAction
from app.domain.money import format_fen
from app.domain.roles import Permission, may
from app.services.arrears import reverse_arrears
from app.services.collection import set_late_fee
from app.services.context import Actor, Changes, Desk
from app.services.customers import change_status, transfer_customer, transfer_destinations
from app.services.ledger import customer_ledger
from app.services.repayments import reverse_repayment
from ui.changes import ChangeHub, follow
from ui.dialogs import ReasonDialog
from ui.icons import icon
from ui.messages import error_text
from ui.models import Column, RowTableModel, configure_table
from ui.style import figure_style, muted_color, overdue_tone
from ui.tasks import run_write, writing
from ui.widgets import CustomerPicker, error_label
from ui.words import aside, clauses, ledger_entry_text, ledger_entry_word, status_word

REVERSAL_OF = {"item_reversal": "item", "repayment_reversal": "repayment"}
MUTED = muted_color()
HISTORY_LIMIT = 5_000  # a customer's whole history in practice (years of monthly items)



class LedgerPage(QWidget):
    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None, *,
                 changes: ChangeHub | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor, self.ledger = desk, actor, None
        self.customer = CustomerPicker(desk, actor)
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.figures = QGridLayout()
        today = self.desk.clock.today
        self.open_model = RowTableModel([
            Column(QT_TRANSLATE_NOOP("LedgerPage", "Voucher"), lambda i: i.voucher_no),
            Column(QT_TRANSLATE_NOOP("LedgerPage", "Open"), lambda i: i.open_amount, money=True),
            Column(QT_TRANSLATE_NOOP("LedgerPage", "Amount"), lambda i: i.amount, money=True),
            Column(QT_TRANSLATE_NOOP("LedgerPage", "Due date"), lambda i: i.due_date.isoformat()),
            Column(QT_TRANSLATE_NOOP("LedgerPage", "Days overdue"), lambda i: days_overdue(i.due_date, today())),
            Column(QT_TRANSLATE_NOOP("LedgerPage", "Business date"), lambda i: i.business_date.isoformat()),
            Column(QT_TRANSLATE_NOOP("LedgerPage", "Line"), lambda i: i.business_line),
            Column(QT_TRANSLATE_NOOP("LedgerPage", "Handler"), lambda i: i.handler, width=120)], "LedgerPage", self,
            key=lambda i: i.item_id, tone=lambda i: overdue_tone(i, today()))
        self.history_model = RowTableModel([
            Column(QT_TRANSLATE_NOOP("LedgerPage", "Date"), lambda e: e.on.isoformat()),
            Column(QT_TRANSLATE_NOOP("LedgerPage", "Entry"), lambda e: ledger_entry_word(e.kind)),
            Column(QT_TRANSLATE_NOOP("LedgerPage", "Amount"), lambda e: e.signed_amount, money=True),
            Column(QT_TRANSLATE_NOOP("LedgerPage", "Reference"), lambda e: e.reference),
            Column(QT_TRANSLATE_NOOP("LedgerPage", "Description"), lambda e: ledger_entry_text(e.kind, e.detail), width=320)],
            "LedgerPage", self, key=lambda e: (e.kind, e.entry_id), tone=self._history_tone)
        self.open_table, self.history_table = QTableView(), QTableView()
        for table, model, key in ((self.open_table, self.open_model, "ledger/open"),
                                  (self.history_table, self.history_model, "ledger/history")):
            table.setModel(model)
            configure_table(table, key)
        self._reversed: set[tuple[str, int]] = set()  # history entries a reversal points at
        self.status_buttons = {
            StatusAction.SUSPEND: QPushButton(self.tr("Suspend credit...")),
            StatusAction.RESTORE: QPushButton(self.tr("Restore credit...")),
            StatusAction.TERMINATE: QPushButton(self.tr("Terminate agreement...")),
            StatusAction.BLACKLIST: QPushButton(self.tr("Blacklist...")),
        }
        # 客户转移: shown once the city office has sent the list of its branches (数据交换)
        self.destinations = transfer_destinations(desk)
        self.move_button = QPushButton(self.tr("Move to another branch..."))
        self.move_button.setVisible(bool(self.destinations) and may(actor.role, Permission.CHANGE_CUSTOMER_STATUS))
        self.move_button.clicked.connect(self.move_to_another_branch)
        self.late_fee_button = QPushButton()
        self.late_fee_button.setVisible(may(actor.role, Permission.APPROVE_CREDIT))
        self.late_fee_button.clicked.connect(self.toggle_late_fee)
        self.reverse_item_button = QPushButton(self.tr("Reverse selected item..."))
        self.reverse_item_button.setIcon(icon("reverse"))
        self.reverse_payment_button = QPushButton(self.tr("Reverse selected repayment..."))
        # 坏账核销 (writeoff): an application for the selected item, from here or the write-off page
        self.write_off_button = QPushButton(self.tr("Apply for write-off..."))
        self.write_off_button.setVisible(may(actor.role, Permission.APPLY_WRITE_OFF))
        self.write_off_button.clicked.connect(self.apply_write_off_for_selected)
        self.reverse_payment_button.setIcon(icon("reverse"))
        self.error = error_label()
        open_box = QGroupBox(self.tr("Open items"))
        QVBoxLayout(open_box).addWidget(self.open_table)
        history_box = QGroupBox(self.tr("History (newest first)"))
        QVBoxLayout(history_box).addWidget(self.history_table)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reverse_item_button)
        buttons.addWidget(self.reverse_payment_button)
        buttons.addWidget(self.write_off_button)
        buttons.addWidget(self.late_fee_button)
        buttons.addStretch(1)
        # the customer's standing on a row of its own: in English at 1024 one row is wider than the screen
        status_row = QHBoxLayout()
        status_row.addStretch(1)
        may_change = may(actor.role, Permission.CHANGE_CUSTOMER_STATUS)
        for action, button in self.status_buttons.items():
            button.setVisible(may_change)
            button.setEnabled(False)
            button.clicked.connect(lambda _checked=False, a=action: self.change_status(a))
            status_row.addWidget(button)
        status_row.addWidget(self.move_button)
        may_reverse = may(actor.role, Permission.REVERSE_ENTRY)
        self.reverse_item_button.setVisible(may_reverse)
        self.reverse_payment_button.setVisible(may_reverse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.customer)
        layout.addWidget(self.header)
        layout.addLayout(self.figures)
        layout.addWidget(open_box, 1)
        layout.addWidget(history_box, 1)
        layout.addLayout(buttons)
        layout.addLayout(status_row)
        layout.addWidget(self.error)
        self.customer.picked.connect(lambda c: self.show_customer(c.customer_id))
        self.reverse_item_button.clicked.connect(self.reverse_selected_item)
        self.reverse_payment_button.clicked.connect(self.reverse_selected_repayment)
        self.action_buttons = (self.reverse_item_button, self.reverse_payment_button, self.late_fee_button,
                               *self.status_buttons.values(), self.move_button)
        follow(self, changes, self._concerns_the_shown_customer,
               lambda: self.show_customer(self.ledger.customer.customer_id, keep_place=True))

    def _history_tone(self, entry):
        """A reversal and the entry it reverses are on record but no longer count: grey. Money received is
        ordinary text (red is for overdue and errors)."""
        if entry.kind in REVERSAL_OF or (entry.kind, entry.entry_id) in self._reversed:
            return MUTED
        return None

    def showEvent(self, event) -> None:  # noqa: N802 - Qt naming
        """Chosen from the navigation with no customer shown: the customer code takes the typing."""
        super().showEvent(event)
        if not event.spontaneous() and self.ledger is None:
            self.customer.code.setFocus()

    def _concerns_the_shown_customer(self, changes: Changes) -> bool:
        return self.ledger is not None and self.ledger.customer.customer_id in changes.customers

    def show_customer(self, customer_id: int, *, keep_place: bool = False) -> None:
        """The customer's ledger (a quick read, on the GUI thread); after a change to the same customer
        (``keep_place``) the selected rows and the scroll positions stay."""
        self.ledger = ledger = customer_ledger(self.desk, self.actor, customer_id, history_limit=HISTORY_LIMIT)
        c, a = ledger.customer, ledger.agreement
        status = status_word(c.status)
        if a is None:
            terms = self.tr("No valid agreement.")
        else:
            terms = (self.tr("Agreement %1, valid %2 to %3; credit period %4 days; settlement every %5 month(s).")
                     .replace("%1", a.number).replace("%2", a.valid_from.isoformat()).replace("%3", a.valid_to.isoformat())
                     .replace("%4", str(a.credit_period_days)).replace("%5", str(a.settlement_cycle_months)))
        self.header.setText(aside(f"<b>{escape(c.name)}</b>", clauses([c.code or "", status])) + f"<br>{terms}")
        while self.figures.count():
            self.figures.takeAt(0).widget().deleteLater()
        figures = [(self.tr("Credit limit"), a.credit_limit if a else 0), (self.tr("Used"), ledger.open_total),
                   (self.tr("Free credit"), ledger.free_credit or 0), (self.tr("Overdue"), ledger.overdue_total),
                   (self.tr("Unapplied credit"), ledger.unapplied_credit)]
        for column, (name, fen) in enumerate(figures):
            value = QLabel(format_fen(fen))
            # Overdue money, or credit used beyond the limit (free credit below zero), is bad news.
            value.setStyleSheet(figure_style(alert=(name == self.tr("Overdue") and fen > 0) or fen < 0))
            self.figures.addWidget(QLabel(name), 0, column)
            self.figures.addWidget(value, 1, column)
        self._update_buttons()
        self._reversed = {(REVERSAL_OF[e.kind], e.reverses) for e in ledger.history
                          if e.kind in REVERSAL_OF and e.reverses is not None}
        if keep_place:
            self.open_model.refill(ledger.open_items, self.open_table)
            self.history_model.refill(ledger.history, self.history_table)
        else:
            self.open_model.set_rows(ledger.open_items)
            self.history_model.set_rows(ledger.history)

    def _update_buttons(self) -> None:
        """What may be done to the customer shown; nothing while one of these writes is running."""
        c, a = self.ledger.customer, self.ledger.agreement
        idle = not writing(self)
        self.reverse_item_button.setEnabled(idle)
        self.reverse_payment_button.setEnabled(idle)
        self.write_off_button.setEnabled(idle)
        for action, button in self.status_buttons.items():
            button.setEnabled(idle and c.status in STATUS_TRANSITIONS[action][0])
        self.late_fee_button.setEnabled(idle and a is not None and a.terminated_on is None)
        self.move_button.setEnabled(idle and c.status != "blacklisted")
        self.late_fee_button.setText(self.tr("Late fee: on (turn off)") if a is not None and a.late_fee_enabled
                                     else self.tr("Late fee: off (turn on)"))

    def toggle_late_fee(self) -> None:
        """违约金 for this customer's agreement: marketing's decision, audited."""
        agreement = self.ledger.agreement
        self._run(set_late_fee, self.ledger.customer.customer_id, not agreement.late_fee_enabled)

    def reverse_selected_item(self) -> None:
        item = self.open_model.selected(self.open_table)
        if item is None:
            self.error.setText(self.tr("Select an open item first."))
            return
        effect = (self.tr("Reverse arrears %1 of %2 (%3 still open). The item stays on record, marked reversed; "
                          "money already offset against it becomes unapplied credit.")
                  .replace("%1", item.voucher_no).replace("%2", format_fen(item.amount))
                  .replace("%3", format_fen(item.open_amount)))
        reason = ReasonDialog.ask(self.tr("Reverse an arrears item"), effect, self)
        if reason:
            self._run(reverse_arrears, item.item_id, reason)

    def apply_write_off_for_selected(self) -> None:
        """坏账核销申请 for the selected open item (refused with the reason if it is not long overdue)."""
        from ui.write_off_dialog import WriteOffDialog
        item = self.open_model.selected(self.open_table)
        if item is None:
            self.error.setText(self.tr("Select an open item first."))
            return
        if WriteOffDialog(self.desk, self.actor, item.item_id, item.voucher_no, item.open_amount, self).exec():
            self.error.clear()

    def reverse_selected_repayment(self) -> None:
        entry = self.history_model.selected(self.history_table)
        if entry is None or entry.kind != "repayment":
            self.error.setText(self.tr("Select a repayment in the history first."))
            return
        effect = (self.tr("Reverse repayment %1 of %2. Every item it closed opens again, exactly as before.")
                  .replace("%1", entry.reference).replace("%2", format_fen(-entry.signed_amount)))
        reason = ReasonDialog.ask(self.tr("Reverse a repayment"), effect, self)
        if reason:
            self._run(reverse_repayment, entry.entry_id, reason)

    def change_status(self, action: StatusAction) -> None:
        customer = self.ledger.customer
        effect = (self.tr("%1: %2. The reason is kept in the audit trail.")
                  .replace("%1", customer.name).replace("%2", self.status_buttons[action].text().rstrip(".")))
        reason = ReasonDialog.ask(self.status_buttons[action].text().rstrip("."), effect, self)
        if reason:
            self._run(change_status, customer.customer_id, action, reason)

    def move_to_another_branch(self) -> None:
        """客户转移: the customer's home moves to another branch of the city (its account settled first)."""
        customer = self.ledger.customer
        labels = [f"{code} {name}" for code, name in self.destinations]
        label, ok = QInputDialog.getItem(self, self.tr("Move to another branch"),
                                         self.tr("Branch that takes the customer on:"), labels, 0, False)
        if not ok:
            return
        code = self.destinations[labels.index(label)][0]
        effect = (self.tr("%1 moves to %2. Its agreement here ends today and nothing more is recorded for it "
                          "here; the city office's next package brings it to the new branch.")
                  .replace("%1", customer.name).replace("%2", label))
        reason = ReasonDialog.ask(self.tr("Move to another branch"), effect, self)
        if reason:
            self._run(transfer_customer, customer.customer_id, code, reason)

    def _run(self, use_case, *args) -> None:
        """The write runs off the GUI thread; the ledger on screen refreshes from what it changed."""
        run_write(self, use_case, self.desk, self.actor, *args, busy=self.action_buttons,
                  on_success=lambda _result: (self.error.clear(), self._update_buttons()),
                  on_failure=lambda error: (self.error.setText(error_text(error)), self._update_buttons()))
