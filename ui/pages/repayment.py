"""收款核销: amount, method, receipt; the preview shows which items close before anything is posted.
先发生、先核销 by default; ticking items switches to named allocation (明确核销对象). The customer's figures
(欠费合计, 逾期, 预存款) stand at the top; money that would close no item is posted only once the clerk has
confirmed it becomes 预存款."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTableView,
    QVBoxLayout, QWidget,
)

from app.domain.allocation import NamedTarget
from app.domain.customers import PAYMENT_METHOD_WORDS
from app.domain.errors import DomainError
from app.domain.money import format_fen, parse_amount
from app.services.cashup import next_receipt_for
from app.services.context import Actor, Changes, Desk
from app.services.dto import CustomerLedger, RepaymentResult
from app.services.ledger import customer_ledger
from app.services.repayments import RepaymentInput, apply_credit, preview_credit, preview_repayment, record_repayment
from ui.changes import ChangeHub, follow
from ui.icons import icon
from ui.messages import error_text
from ui.receipt import show_receipt
from ui.models import Column, RowTableModel, configure_table
from ui.style import ALERT_STYLE, DONE_STYLE, FIGURE_STYLE, GAP_XL, overdue_tone
from ui.tasks import Task, run_write, writing
from ui.widgets import CustomerPicker, confirm, error_label
from ui.words import word

OPEN_COLUMNS = [
    Column(QT_TRANSLATE_NOOP("RepaymentPage", "Offset"), lambda i: "", checkable=True),
    Column(QT_TRANSLATE_NOOP("RepaymentPage", "Voucher"), lambda i: i.voucher_no, width=170),
    Column(QT_TRANSLATE_NOOP("RepaymentPage", "Business date"), lambda i: i.business_date.isoformat()),
    Column(QT_TRANSLATE_NOOP("RepaymentPage", "Line"), lambda i: i.business_line),
    Column(QT_TRANSLATE_NOOP("RepaymentPage", "Amount"), lambda i: i.amount, money=True),
    Column(QT_TRANSLATE_NOOP("RepaymentPage", "Open"), lambda i: i.open_amount, money=True),
    Column(QT_TRANSLATE_NOOP("RepaymentPage", "Due date"), lambda i: i.due_date.isoformat()),
]
PREVIEW_COLUMNS = [
    Column(QT_TRANSLATE_NOOP("RepaymentPage", "Voucher"), lambda line: line.voucher_no, width=170),
    Column(QT_TRANSLATE_NOOP("RepaymentPage", "Business date"), lambda line: line.business_date.isoformat()),
    Column(QT_TRANSLATE_NOOP("RepaymentPage", "Open before"), lambda line: line.open_before, money=True),
    Column(QT_TRANSLATE_NOOP("RepaymentPage", "Offset"), lambda line: line.amount, money=True),
    Column(QT_TRANSLATE_NOOP("RepaymentPage", "Left open"), lambda line: line.open_before - line.amount, money=True),
]


class RepaymentPage(QWidget):
    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None, *,
                 changes: ChangeHub | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor = desk, actor
        self.customer = CustomerPicker(desk, actor)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(self.tr("e.g. 1,234.56"))
        self.method = QComboBox()
        for key, words in PAYMENT_METHOD_WORDS.items():
            self.method.addItem(word(words), key)
        self.paid_on = QDateEdit(QDate(desk.clock.today()))
        self.paid_on.setDisplayFormat("yyyy-MM-dd")
        self.paid_on.setCalendarPopup(True)
        self.receipt = QLineEdit()
        self._suggest_receipt()
        self.open_model = RowTableModel(OPEN_COLUMNS, "RepaymentPage", self, key=lambda i: i.item_id,
                                        tone=lambda i: overdue_tone(i, desk.clock.today()))
        self.open_table = QTableView()
        self.open_table.setModel(self.open_model)
        self.open_table.verticalHeader().hide()
        configure_table(self.open_table, "repayment/open")
        self.preview_model = RowTableModel(PREVIEW_COLUMNS, "RepaymentPage", self)
        self.preview_table = QTableView()
        self.preview_table.setModel(self.preview_model)
        self.preview_table.verticalHeader().hide()
        configure_table(self.preview_table, "repayment/preview")
        self.owed, self.overdue, self.credit = QLabel(), QLabel(), QLabel()
        self.mode = QLabel()
        self.excess = QLabel()
        self.error = error_label()
        self.done = QLabel()
        self.done.setStyleSheet(DONE_STYLE)
        self.done.setWordWrap(True)
        self.post_button = QPushButton(self.tr("Post repayment"))
        self.post_button.setIcon(icon("post"))
        # 预存款核销: with no amount typed, the preview shows where the customer's credit would go
        self.credit_button = QPushButton(self.tr("Apply unapplied credit"))
        self.credit_button.setIcon(icon("credit"))
        self.credit_button.setEnabled(False)
        self.credit_held = 0
        self.print_button = QPushButton(self.tr("Print receipt..."))
        self.print_button.setIcon(icon("print"))
        self.print_button.setEnabled(False)
        self.print_button.setAutoDefault(True)  # focused after a posting, Enter prints
        self.last_repayment_id: int | None = None
        form = QFormLayout()
        form.addRow(self.tr("Customer"), self.customer)
        figures = QHBoxLayout()
        for name, value in ((self.tr("Owed"), self.owed), (self.tr("Overdue"), self.overdue),
                            (self.tr("Unapplied credit"), self.credit)):
            figures.addWidget(QLabel(name))
            figures.addWidget(value)
            figures.addSpacing(GAP_XL)
        figures.addStretch(1)
        form.addRow(figures)
        row = QHBoxLayout()
        for label, widget in ((self.tr("Amount (yuan)"), self.amount), (self.tr("Method"), self.method),
                              (self.tr("Paid on"), self.paid_on), (self.tr("Receipt number"), self.receipt)):
            row.addWidget(QLabel(label))
            row.addWidget(widget)
        form.addRow(row)
        open_box = QGroupBox(self.tr("Open items (tick to name the items the customer pays)"))
        QVBoxLayout(open_box).addWidget(self.open_table)
        self.preview_box = preview_box = QGroupBox(self.tr("What this repayment will close"))
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.addWidget(self.mode)
        preview_layout.addWidget(self.preview_table)
        preview_layout.addWidget(self.excess)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(open_box, 2)
        layout.addWidget(preview_box, 2)
        layout.addWidget(self.error)
        actions = QHBoxLayout()
        actions.addWidget(self.post_button, 1)
        actions.addWidget(self.credit_button)
        actions.addWidget(self.print_button)
        layout.addLayout(actions)
        layout.addWidget(self.done)
        self.customer.picked.connect(self._load_items)
        self.amount.textChanged.connect(self.refresh_preview)
        self.open_model.dataChanged.connect(lambda *_: self.refresh_preview())
        # What the clerk changes makes the last message stale (ticks come through the table's clicks).
        for signal in (self.amount.textEdited, self.receipt.textEdited, self.method.activated,
                       self.paid_on.dateChanged, self.open_table.clicked, self.customer.picked):
            signal.connect(self.clear_messages)
        self.amount.returnPressed.connect(lambda: self.receipt.setFocus() if not self.receipt.text().strip() else self.post())
        self.receipt.returnPressed.connect(self.post)
        self.post_button.clicked.connect(self.post)
        self.credit_button.clicked.connect(self.apply_credit)
        self.print_button.clicked.connect(lambda: show_receipt(self, self.desk, self.actor, self.last_repayment_id))
        follow(self, changes, self._concerns_the_customer, self._reload_items)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt naming
        """Chosen from the navigation: the customer code takes the typing (the amount, once a customer is in)."""
        super().showEvent(event)
        if not event.spontaneous():
            (self.customer.code if self.customer.customer is None else self.amount).setFocus()

    def clear_messages(self, *_args) -> None:
        self.error.clear()
        self.done.clear()

    def _load_items(self, customer) -> None:
        self.paid_on.setDate(QDate(self.desk.clock.today()))  # the page may have been open since yesterday
        ledger = customer_ledger(self.desk, self.actor, customer.customer_id)
        self.open_model.set_rows(ledger.open_items)
        self._show_figures(ledger)
        self.amount.setFocus()
        self.refresh_preview()

    def _show_figures(self, ledger: CustomerLedger) -> None:
        """欠费合计, 逾期 (red when any) and 预存款 of the customer, as the ledger has them now."""
        for label, fen, alert in ((self.owed, ledger.open_total, False), (self.overdue, ledger.overdue_total, True),
                                  (self.credit, ledger.unapplied_credit, False)):
            label.setText(format_fen(fen))
            label.setStyleSheet(FIGURE_STYLE + (f"; {ALERT_STYLE}" if alert and fen > 0 else ""))
        self.credit_held = ledger.unapplied_credit

    def _concerns_the_customer(self, changes: Changes) -> bool:
        return self.customer.customer is not None and self.customer.customer.customer_id in changes.customers

    def _reload_items(self) -> None:
        """The customer's open items after a posting (here or elsewhere); ticked items stay ticked."""
        ledger = customer_ledger(self.desk, self.actor, self.customer.customer.customer_id)
        self.open_model.refill(ledger.open_items, self.open_table)
        self._show_figures(ledger)
        self.refresh_preview()

    def targets(self) -> tuple[NamedTarget, ...]:
        return tuple(NamedTarget(item.item_id) for item in self.open_model.checked_rows())

    def refresh_preview(self) -> None:
        self.preview_model.set_rows([])
        self.excess.clear()
        named = bool(self.open_model.checked)
        self.mode.setText(self.tr("Named items (ticked)") if named else self.tr("First in, first offset (oldest first)"))
        self.credit_button.setEnabled(False)
        self.preview_box.setTitle(self.tr("What this repayment will close"))
        if self.customer.customer is None:
            return
        if not self.amount.text().strip():
            self._preview_credit(named)
            return
        try:
            preview = preview_repayment(self.desk, self.actor, self.customer.customer.customer_id,
                                        parse_amount(self.amount.text()), self.targets())
        except DomainError as error:
            self.error.setText(error_text(error))
            return
        self.error.clear()
        self.preview_model.set_rows(list(preview.lines))
        if preview.excess:
            self.excess.setText(self.tr("%1 is left over and kept as the customer's unapplied credit.")
                                .replace("%1", format_fen(preview.excess)))

    def _preview_credit(self, named: bool) -> None:
        """No money typed and credit held: what applying the credit today would close."""
        if self.credit_held <= 0 or writing(self):
            return
        try:
            plan = preview_credit(self.desk, self.actor, self.customer.customer.customer_id, self.targets())
        except DomainError:
            return  # nothing open to apply it to: the figures above say so
        mode = self.tr("Named items (ticked)") if named else self.tr("First in, first offset (oldest first)")
        self.mode.setText(self.tr("Unapplied credit %1, applied on %2: %3")
                          .replace("%1", format_fen(plan.available)).replace("%2", plan.on.isoformat())
                          .replace("%3", mode))
        self.preview_box.setTitle(self.tr("What the unapplied credit will close"))
        self.preview_model.set_rows(list(plan.preview.lines))
        self.excess.setText(self.tr("%1 of credit is left after this.").replace("%1", format_fen(plan.preview.excess)))
        self.credit_button.setEnabled(True)

    def apply_credit(self) -> Task | None:
        """预存款核销 as previewed (ticked items, or oldest first), dated today, off the GUI thread."""
        if writing(self) or self.customer.customer is None:
            return None
        self.clear_messages()
        return run_write(self, apply_credit, self.desk, self.actor, self.customer.customer.customer_id, self.targets(),
                         busy=(self.credit_button, self.post_button), on_success=self._credit_applied,
                         on_failure=lambda error: self.error.setText(error_text(error)))

    def _credit_applied(self, preview) -> None:
        self.open_model.set_checked(set())
        self.done.setText(self.tr("Applied %1 of unapplied credit to %2 item(s).")
                          .replace("%1", format_fen(sum(line.amount for line in preview.lines)))
                          .replace("%2", str(len(preview.lines))))

    def post(self) -> Task | None:
        """Posts off the GUI thread (the button waits meanwhile); the open items refresh from what changed.
        Money left over after the items is posted only if the clerk confirms it becomes 预存款."""
        if writing(self):  # Enter pressed again while it posts: the first posting is answer enough
            return None
        self.clear_messages()
        try:
            if self.customer.customer is None:
                raise DomainError("field.required", field=self.tr("Customer"))
            data = RepaymentInput(
                self.customer.customer.customer_id, parse_amount(self.amount.text()), self.paid_on.date().toPython(),
                self.method.currentData(), self.receipt.text(), self.targets())
            preview = preview_repayment(self.desk, self.actor, data.customer_id, data.amount, data.targets)
        except DomainError as error:
            self.error.setText(error_text(error))
            return None
        if preview.excess and not self.confirm_excess(data.amount, preview.excess):
            self.amount.setFocus()
            return None
        return run_write(self, record_repayment, self.desk, self.actor, data, busy=(self.post_button,),
                         on_success=self._posted,
                         on_failure=lambda error: self.error.setText(error_text(error)))

    def confirm_excess(self, amount: int, excess: int) -> bool:
        """超额收款: says how much of the payment closes no item and becomes 预存款."""
        text = (self.tr("Of the %1 received, %2 closes no item and becomes the customer's unapplied credit.\n\n"
                        "Post this repayment?")
                .replace("%1", format_fen(amount)).replace("%2", format_fen(excess)))
        return confirm(self, self.tr("More than is owed"), text, self.tr("Post, keep %1 as credit")
                       .replace("%1", format_fen(excess)), self.tr("Back to the amount"))

    def _suggest_receipt(self) -> None:
        """收据号 run in sequence per clerk: the next number of the clerk's series, as a hint (缴款 lists gaps)."""
        following = next_receipt_for(self.desk, self.actor)
        self.receipt.setPlaceholderText(self.tr("Next in your series: %1").replace("%1", following) if following else "")

    def _posted(self, result: RepaymentResult) -> None:
        self.open_model.set_checked(set())  # the ticks were for this repayment
        self.amount.clear()
        self.receipt.clear()
        self._suggest_receipt()
        self.error.clear()
        self.done.setText(self.tr("Posted receipt %1: %2 item(s) offset; customer still owes %3, unapplied credit %4.")
                          .replace("%1", result.receipt_no).replace("%2", str(len(result.preview.lines)))
                          .replace("%3", format_fen(result.customer_open_total))
                          .replace("%4", format_fen(result.customer_unapplied_credit)))
        self.last_repayment_id = result.repayment_id
        self.print_button.setEnabled(True)
        self.print_button.setFocus()  # the receipt is what the customer waits for
