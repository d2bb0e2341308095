"""缴款 (postal 15). "My day" for whoever takes money: the day's receipts (standing or bounced), what they
took per payment method, voided receipts (作废收据) and the gaps still to explain, and the hand-in with the
money counted per method. "Hand-ins" for finance and the branch head: the clerks' hand-ins, their
differences, and receiving one. The rules are app/domain/cashup.py's; this screen only asks and shows."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate
from PySide6.QtWidgets import (
    QDateEdit, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTableView, QTabWidget,
    QVBoxLayout, QWidget,
)

from app.domain.errors import DomainError
from app.domain.money import format_fen, parse_amount
from app.domain.roles import Permission, may
from app.services.cashup import ClerkDay, clerk_day, hand_in, hand_in_amounts, hand_ins, receive_hand_in, void_receipts
from app.services.context import Actor, Desk
from ui.changes import ChangeHub, follow
from ui.messages import error_text
from ui.models import Column, RowTableModel, configure_table
from ui.style import show_success
from ui.tasks import run_write, writing
from ui.widgets import error_label
from ui.words import payment_method_word

_TABLES = ("repayments", "reversals", "voided_receipts", "cash_ups", "cash_up_receipts")


def _table(model: RowTableModel, key: str) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    configure_table(table, key)
    return table


class MyDayPanel(QWidget):
    """我的一天: receipts, totals per method, voided receipts, hand in."""

    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor = desk, actor
        self.day: ClerkDay | None = None
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        today = desk.clock.today()
        self.date.setDate(QDate(today.year, today.month, today.day))
        self.date.setMaximumDate(QDate(today.year, today.month, today.day))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Day")))
        top.addWidget(self.date)
        top.addWidget(self.summary, 1)
        self.receipts = RowTableModel([
            Column(QT_TRANSLATE_NOOP("CashUpPage", "Receipt number"), lambda r: r.receipt_no, width=140),
            Column(QT_TRANSLATE_NOOP("CashUpPage", "Customer"), lambda r: r.customer, width=220),
            Column(QT_TRANSLATE_NOOP("CashUpPage", "Method"), lambda r: payment_method_word(r.method)),
            Column(QT_TRANSLATE_NOOP("CashUpPage", "Amount"), lambda r: r.amount, money=True),
            Column(QT_TRANSLATE_NOOP("CashUpPage", "Recorded at"), lambda r: f"{r.recorded_at:%H:%M}"),
            Column(QT_TRANSLATE_NOOP("CashUpPage", "Bounced"),
                   lambda r: f"{r.bounced_at:%Y-%m-%d %H:%M}" if r.bounced_at else ""),
        ], "CashUpPage", self, key=lambda r: (r.kind, r.repayment_id))
        self.receipt_table = _table(self.receipts, "cashup_receipts")
        self.voided = RowTableModel([
            Column(QT_TRANSLATE_NOOP("CashUpPage", "Receipt number"), lambda v: v.receipt_no, width=140),
            Column(QT_TRANSLATE_NOOP("CashUpPage", "Reason"), lambda v: v.reason, width=220),
            Column(QT_TRANSLATE_NOOP("CashUpPage", "Voided by"), lambda v: v.voided_by),
        ], "CashUpPage", self)
        self.voided_table = _table(self.voided, "cashup_voided")
        self.void_first, self.void_last, self.void_reason = QLineEdit(), QLineEdit(), QLineEdit()
        self.void_last.setPlaceholderText(self.tr("optional: the last of a run"))
        self.void_reason.setPlaceholderText(self.tr("e.g. misprinted, spoiled"))
        self.void_button = QPushButton(self.tr("Void receipt"))
        self.void_note = error_label()
        void_form = QFormLayout()
        void_form.addRow(self.tr("Receipt number"), self.void_first)
        void_form.addRow(self.tr("To"), self.void_last)
        void_form.addRow(self.tr("Reason"), self.void_reason)
        void_form.addRow(self.void_button, self.void_note)
        voided_box = QGroupBox(self.tr("Voided receipts"))
        box = QVBoxLayout(voided_box)
        box.addWidget(self.voided_table, 1)
        box.addLayout(void_form)
        # the hand-in: one box per payment method the day took (any other method may be typed too)
        self.counted: dict[str, QLineEdit] = {}
        self.hand_in_form = QFormLayout()
        self.hand_in_reason = QLineEdit()
        self.hand_in_reason.setPlaceholderText(self.tr("needed when the money differs from the receipts"))
        self.hand_in_button = QPushButton(self.tr("Hand in"))
        self.hand_in_note = error_label()
        hand_in_box = QGroupBox(self.tr("Hand in"))
        hand_box = QVBoxLayout(hand_in_box)
        hand_box.addLayout(self.hand_in_form)
        reason_form = QFormLayout()
        reason_form.addRow(self.tr("Reason for a difference"), self.hand_in_reason)
        hand_box.addLayout(reason_form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.hand_in_button)
        buttons.addWidget(self.hand_in_note, 1)
        hand_box.addLayout(buttons)
        lower = QHBoxLayout()
        lower.addWidget(voided_box, 1)
        lower.addWidget(hand_in_box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.receipt_table, 1)
        layout.addLayout(lower)
        self.date.dateChanged.connect(lambda _d: self.reload())
        self.void_button.clicked.connect(self.void)
        self.hand_in_button.clicked.connect(self.hand_in)

    def chosen_day(self) -> date:
        return self.date.date().toPython()

    def reload(self) -> None:
        self.day = day = clerk_day(self.desk, self.actor, self.chosen_day())
        self.receipts.set_rows(day.receipts)
        self.voided.set_rows(day.voided)
        per_method = self.tr("; ").join(f"{payment_method_word(m)} {format_fen(a)}" for m, a in sorted(day.expected.items()))
        text = self.tr("%1 receipt(s); to hand in %2 (%3). Next receipt number: %4").replace(
            "%1", str(len(day.receipts))).replace("%2", format_fen(day.total)).replace(
            "%3", per_method or "—").replace("%4", day.next_receipt or "—")
        if day.gaps:
            text += "\n" + self.tr("Receipt numbers skipped, not yet explained: %1 (record them as voided)").replace(
                "%1", ", ".join(map(str, day.gaps)))
        if day.cash_up is not None:
            c = day.cash_up
            text += "\n" + (self.tr("Handed in %1; received by %2").replace("%2", c.received_by) if c.received_by
                            else self.tr("Handed in %1; not yet received")).replace("%1", format_fen(c.handed_in))
        self.summary.setText(text)
        self._fill_hand_in(day)

    def _fill_hand_in(self, day: ClerkDay) -> None:
        while self.hand_in_form.rowCount():
            self.hand_in_form.removeRow(0)
        self.counted = {}
        # before the hand-in: what the receipts took, to be counted; after it: what was handed in
        shown = {m: a for m, (_e, a) in day.handed.items()} if day.closed else day.expected
        for method in sorted(shown) or ["cash"]:
            edit = QLineEdit(format_fen(shown.get(method, 0), thousands=False))
            edit.setEnabled(not day.closed)
            self.counted[method] = edit
            self.hand_in_form.addRow(payment_method_word(method), edit)
        self._offer_hand_in()
        self.hand_in_reason.setEnabled(not day.closed)
        self.hand_in_reason.setText(day.cash_up.reason if day.closed else "")

    def _offer_hand_in(self) -> None:
        """The day may be handed in once it is open and has no unexplained gap. Not while a write of this page runs:
        a reload that the write's own changes bring (ui/changes.py) arrives before the write has settled, and a
        click meanwhile would be dropped as a second write (run_write)."""
        day = self.day
        self.hand_in_button.setEnabled(not day.closed and not day.gaps and not writing(self))

    def _refused(self, note: QLabel, error: Exception) -> None:
        note.setText(error_text(error))
        self._offer_hand_in()  # a reload while the refused write ran left the button off

    def void(self) -> None:
        self.void_note.clear()
        run_write(self, void_receipts, self.desk, self.actor, self.void_first.text(), self.void_last.text(),
                  self.void_reason.text(), busy=(self.void_button, self.hand_in_button),
                  on_success=self._voided, on_failure=lambda e: self._refused(self.void_note, e))

    def _voided(self, numbers: list[str]) -> None:
        for edit in (self.void_first, self.void_last, self.void_reason):
            edit.clear()
        self.reload()
        show_success(self.void_note, self.tr("Voided: %1").replace("%1", ", ".join(numbers)))

    def hand_in(self) -> None:
        self.hand_in_note.clear()
        try:
            counted = {m: parse_amount(e.text(), allow_zero=True) for m, e in self.counted.items()}
        except DomainError as error:
            self.hand_in_note.setText(error_text(error))
            return
        run_write(self, hand_in, self.desk, self.actor, counted, self.hand_in_reason.text(), self.chosen_day(),
                  busy=(self.hand_in_button, self.void_button), on_success=self._handed_in,
                  on_failure=lambda e: self._refused(self.hand_in_note, e))

    def _handed_in(self, _cash_up_id: int) -> None:
        self.hand_in_reason.clear()
        self.reload()
        show_success(self.hand_in_note, self.tr("Handed in; finance or the branch head receives it."))


class HandInsPanel(QWidget):
    """接收缴款: the clerks' hand-ins (pending first), each with what the receipts said and the difference."""

    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor = desk, actor
        self.model = RowTableModel([
            Column(QT_TRANSLATE_NOOP("CashUpPage", "Day"), lambda c: c.day.isoformat()),
            Column(QT_TRANSLATE_NOOP("CashUpPage", "Clerk"), lambda c: c.clerk),
            Column(QT_TRANSLATE_NOOP("CashUpPage", "Receipts"), lambda c: c.receipts),
            Column(QT_TRANSLATE_NOOP("CashUpPage", "Per receipts"), lambda c: c.expected, money=True),
            Column(QT_TRANSLATE_NOOP("CashUpPage", "Handed in"), lambda c: c.handed_in, money=True),
            Column(QT_TRANSLATE_NOOP("CashUpPage", "Difference"), lambda c: c.handed_in - c.expected, money=True,
                   alert=False),
            Column(QT_TRANSLATE_NOOP("CashUpPage", "Reason"), lambda c: c.reason, width=200),
            Column(QT_TRANSLATE_NOOP("CashUpPage", "Hand-in received by"), lambda c: c.received_by or ""),
            Column(QT_TRANSLATE_NOOP("CashUpPage", "Amount received"), lambda c: c.received, money=True),
        ], "CashUpPage", self, key=lambda c: c.cash_up_id)
        self.table = _table(self.model, "cashup_hand_ins")
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("needed when what you count differs from what was handed in"))
        self.receive_button = QPushButton(self.tr("Receive selected hand-in"))
        self.note = error_label()
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Reason for a difference")))
        row.addWidget(self.reason, 1)
        row.addWidget(self.receive_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(row)
        layout.addWidget(self.note)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_detail())
        self.receive_button.clicked.connect(self.receive)

    def reload(self) -> None:
        rows = hand_ins(self.desk, self.actor)
        self.model.set_rows(sorted(rows, key=lambda c: c.received_by is not None))  # pending first
        self._show_detail()

    def _offer_receive(self) -> None:
        """A pending hand-in chosen may be received; not while a receipt runs: choosing another row meanwhile would
        offer a click that run_write drops. Reads nothing (a refusal may mean the account may no longer read)."""
        chosen = self.model.selected(self.table)
        self.receive_button.setEnabled(chosen is not None and chosen.received_by is None and not writing(self))

    def _show_detail(self) -> None:
        self._offer_receive()
        chosen = self.model.selected(self.table)
        if chosen is None:
            self.detail.setText(self.tr("Select a hand-in to see it per payment method."))
            return
        amounts = hand_in_amounts(self.desk, self.actor, chosen.cash_up_id)
        self.detail.setText(self.tr("; ").join(
            self.tr("%1: receipts %2, handed in %3").replace("%1", payment_method_word(m))
            .replace("%2", format_fen(e)).replace("%3", format_fen(a)) for m, (e, a) in sorted(amounts.items())))

    def receive(self) -> None:
        chosen = self.model.selected(self.table)
        if chosen is None:
            return
        self.note.clear()
        run_write(self, receive_hand_in, self.desk, self.actor, chosen.cash_up_id, None, self.reason.text(),
                  busy=(self.receive_button,), on_success=self._received,
                  on_failure=lambda e: (self.note.setText(error_text(e)), self._offer_receive()))

    def _received(self, _id: int) -> None:
        self.reason.clear()
        self.reload()
        show_success(self.note, self.tr("Received."))


class CashUpPage(QWidget):
    """缴款: "My day" for whoever takes money, "Hand-ins" for whoever receives them."""

    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None, *,
                 changes: ChangeHub | None = None) -> None:
        super().__init__(parent)
        self.tabs = QTabWidget()
        self.my_day = MyDayPanel(desk, actor) if may(actor.role, Permission.HAND_IN_CASH) else None
        self.hand_ins = HandInsPanel(desk, actor) if may(actor.role, Permission.RECEIVE_HAND_IN) else None
        if self.my_day is not None:
            self.tabs.addTab(self.my_day, self.tr("My day"))
        if self.hand_ins is not None:
            self.tabs.addTab(self.hand_ins, self.tr("Hand-ins"))
        QVBoxLayout(self).addWidget(self.tabs)
        follow(self, changes, lambda c: c.touches(*_TABLES), self.reload)
        self.reload()

    def reload(self) -> None:
        for panel in (self.my_day, self.hand_ins):
            if panel is not None:
                panel.reload()
