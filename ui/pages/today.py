"""今日: the page a counter clerk or a branch head opens the day on. Four figures at the top (today's
takings by payment method, the arrears keyed in today, the follow-ups due, the customers waiting for
approval), the quick actions of the counter, and the lists behind the figures. A double-click (or Enter)
on a row opens that customer's ledger; a quick action takes the selected row's customer along.

The figures are the services' (app/services/today.py), computed off the GUI thread, again whenever the
ledger or the collection records change."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QTableView, QTabWidget, QVBoxLayout, QWidget,
)

from app.domain.money import format_fen
from app.domain.roles import Permission, may
from app.services.collection import manager_scope
from app.services.context import Actor, Changes, Desk
from app.services.today import CounterDay, FollowUp, FollowUpKind, FollowUps, counter_day, follow_ups
from ui.changes import QUEUE_TABLES, ChangeHub, follow
from ui.messages import error_text
from ui.models import Column, RowTableModel, configure_table
from ui.style import FIGURE_STYLE, FLUSH, alert_color
from ui.tasks import Task
from ui.widgets import error_label
from ui.words import aside, payment_method_word, said, step_text

# What the page is made of: an entry posted or reversed, a collection record, an application decided.
TODAY_TABLES = (*QUEUE_TABLES, "arrears_items", "repayments", "reversals", "credit_applications")
_ALERT = alert_color()
# Kinds whose amount is the customer's overdue money (red); the others are money falling due or held.
_OVERDUE_KINDS = frozenset({FollowUpKind.PROMISE_BROKEN, FollowUpKind.PROMISE_DUE, FollowUpKind.STEP,
                            FollowUpKind.FOLLOW_UP})


def _concerns_today(changes: Changes) -> bool:
    return changes.touches(*TODAY_TABLES)


def _t(text: str) -> str:
    """A text of this page marked with QT_TRANSLATE_NOOP("TodayPage", ...), in the screen's language."""
    return QCoreApplication.translate("TodayPage", text)


KIND_WORDS = {
    FollowUpKind.PROMISE_BROKEN: QT_TRANSLATE_NOOP("TodayPage", "Promise broken"),
    FollowUpKind.PROMISE_DUE: QT_TRANSLATE_NOOP("TodayPage", "Promised for today"),
    FollowUpKind.STEP: QT_TRANSLATE_NOOP("TodayPage", "Ladder step to confirm"),
    FollowUpKind.FOLLOW_UP: QT_TRANSLATE_NOOP("TodayPage", "Follow-up due"),
    FollowUpKind.REMINDER: QT_TRANSLATE_NOOP("TodayPage", "Reminder to send"),
    FollowUpKind.LOW_CREDIT: QT_TRANSLATE_NOOP("TodayPage", "Low prepaid credit"),
}
_REMINDER = QT_TRANSLATE_NOOP("TodayPage", "Reminder: items fall due %1")
_PROMISED = QT_TRANSLATE_NOOP("TodayPage", "promised %1")
_STAGES = {
    "pending": QT_TRANSLATE_NOOP("TodayPage", "Waiting for marketing's decision"),
    "rejected": QT_TRANSLATE_NOOP("TodayPage", "Application rejected"),
    None: QT_TRANSLATE_NOOP("TodayPage", "No credit application yet"),
}
_SHOW_THE_LIST = QT_TRANSLATE_NOOP("TodayPage", "Show the list")


def kind_word(kind: FollowUpKind) -> str:
    return _t(KIND_WORDS[kind])


def _to_do(row: FollowUp) -> str:
    """What to do, as the clerk says it: the kind, and the step or the date it is about."""
    if row.kind is FollowUpKind.STEP and row.step is not None:
        return QCoreApplication.translate("Collection", "%1 (to confirm)").replace(
            "%1", step_text(row.step.number, row.step.action))
    if row.kind is FollowUpKind.REMINDER and row.on is not None:
        return _t(_REMINDER).replace("%1", row.on.isoformat())
    if row.kind is FollowUpKind.PROMISE_BROKEN and row.on is not None:
        return aside(kind_word(row.kind), _t(_PROMISED).replace("%1", row.on.isoformat()))
    return kind_word(row.kind)


def _waiting_state(row) -> str:
    return _t(_STAGES[row.application_status])


def _receipt_text(receipt) -> str:
    """A recovery (收回已核销坏账) is money in the till like a repayment, but says what it is."""
    if receipt.kind == "recovery":
        return f"{receipt.receipt_no} · {QCoreApplication.translate('TodayPage', 'Money recovered')}"
    return receipt.receipt_no


class FollowUpModel(RowTableModel):
    """Overdue money in red; money falling due or held as 预存款 in plain text."""

    AMOUNT = 3

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.column() == self.AMOUNT:
            return _ALERT if self.rows[index.row()].kind in _OVERDUE_KINDS else None
        return super().data(index, role)


class Tile(QFrame):
    """One headline figure with its breakdown below; a click shows the list behind it."""

    clicked = Signal()

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(_t(_SHOW_THE_LIST))
        self.title = QLabel(title)
        self.title.setWordWrap(True)
        self.figure = QLabel()
        self.figure.setStyleSheet(FIGURE_STYLE)
        self.figure.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.details = QGridLayout()
        self.details.setHorizontalSpacing(8)
        self.details.setVerticalSpacing(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(3)
        layout.addWidget(self.title)
        layout.addWidget(self.figure)
        layout.addLayout(self.details)
        layout.addStretch(1)

    def show_figures(self, figure: str, lines: list[tuple[str, str, str]], empty: str = "") -> None:
        """``lines``: (name, count, amount), or the ``empty`` remark when there are none."""
        self.figure.setText(figure)
        while self.details.count():
            self.details.takeAt(0).widget().deleteLater()
        if not lines and empty:
            self.details.addWidget(QLabel(empty), 0, 0, 1, 3)
        for row, texts in enumerate(lines):
            for column, text in enumerate(texts):
                label = QLabel(text)
                if column:
                    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.details.addWidget(label, row, column)
        self.details.setColumnStretch(0, 1)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt naming
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


def _time(row) -> str:
    return row.recorded_at.strftime("%H:%M")


class TodayPage(QWidget):
    """``go(area)`` shows another area of the window and returns its page (the quick actions)."""

    open_ledger = Signal(int)  # customer id

    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None, *,
                 changes: ChangeHub | None = None, go: Callable[[str], QWidget] | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor, self.go = desk, actor, go
        self.day: CounterDay | None = None
        self.follow: FollowUps | None = None
        self.heading = QLabel()
        self.heading.setStyleSheet(FIGURE_STYLE)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.receipts_tile = Tile(self.tr("Receipts today"))
        self.items_tile = Tile(self.tr("Arrears recorded today"))
        self.follow_tile = Tile(self.tr("Follow-ups due"))
        self.waiting_tile = Tile(self.tr("Waiting for approval"))

        # the counter's quick actions: the selected row's customer goes along
        self.record_button = QPushButton(self.tr("Record arrears"))
        self.payment_button = QPushButton(self.tr("Take a payment"))
        self.lookup_button = QPushButton(self.tr("Find a customer"))
        self.notice_button = QPushButton(self.tr("Print a notice"))
        self.ledger_button = QPushButton(self.tr("Open ledger"))
        role = actor.role
        self.record_button.setVisible(may(role, Permission.RECORD_ARREARS))
        self.payment_button.setVisible(may(role, Permission.RECORD_REPAYMENT))
        self.notice_button.setVisible(may(role, Permission.RECORD_COLLECTION))
        self.record_button.setToolTip(self.tr("Record an arrears item for the selected customer"))
        self.payment_button.setToolTip(self.tr("Take a payment from the selected customer"))
        self.lookup_button.setToolTip(self.tr("Search the customer list"))
        self.notice_button.setToolTip(self.tr("The collection desk, with the selected customer chosen"))
        self.ledger_button.setToolTip(self.tr("The selected customer's ledger (or double-click the row)"))

        own = manager_scope(actor) is not None  # a clerk's lists are their own: no columns saying whose
        self.follow_model = FollowUpModel([
            Column(QT_TRANSLATE_NOOP("TodayPage", "To do"), _to_do, width=340),
            Column(QT_TRANSLATE_NOOP("TodayPage", "Code"), lambda r: r.code),
            Column(QT_TRANSLATE_NOOP("TodayPage", "Customer"), lambda r: r.name, width=220),
            Column(QT_TRANSLATE_NOOP("TodayPage", "Amount"), lambda r: r.amount, money=True),
            *([] if own else [Column(QT_TRANSLATE_NOOP("TodayPage", "Account manager"), lambda r: r.manager,
                                     width=120)]),
            Column(QT_TRANSLATE_NOOP("TodayPage", "Phone"), lambda r: r.phone, width=130),
            Column(QT_TRANSLATE_NOOP("TodayPage", "Not yet because"), lambda r: said(r.waits) if r.waits else "",
                   width=260),
        ], "TodayPage", self, key=lambda r: (r.kind, r.customer_id))
        self.receipts_model = RowTableModel([
            Column(QT_TRANSLATE_NOOP("TodayPage", "Time"), _time),
            Column(QT_TRANSLATE_NOOP("TodayPage", "Receipt number"), _receipt_text, width=160),
            Column(QT_TRANSLATE_NOOP("TodayPage", "Code"), lambda r: r.code),
            Column(QT_TRANSLATE_NOOP("TodayPage", "Customer"), lambda r: r.name, width=220),
            Column(QT_TRANSLATE_NOOP("TodayPage", "Amount"), lambda r: r.amount, money=True),
            Column(QT_TRANSLATE_NOOP("TodayPage", "Method"), lambda r: payment_method_word(r.method)),
            Column(QT_TRANSLATE_NOOP("TodayPage", "Paid on"), lambda r: r.paid_on.isoformat()),
            *([] if own else [Column(QT_TRANSLATE_NOOP("TodayPage", "Received by"), lambda r: r.received_by,
                                     width=120)]),
        ], "TodayPage", self, key=lambda r: (r.kind, r.entry_id))
        self.items_model = RowTableModel([
            Column(QT_TRANSLATE_NOOP("TodayPage", "Time"), _time),
            Column(QT_TRANSLATE_NOOP("TodayPage", "Voucher"), lambda r: r.voucher_no, width=160),
            Column(QT_TRANSLATE_NOOP("TodayPage", "Code"), lambda r: r.code),
            Column(QT_TRANSLATE_NOOP("TodayPage", "Customer"), lambda r: r.name, width=220),
            Column(QT_TRANSLATE_NOOP("TodayPage", "Amount"), lambda r: r.amount, money=True),
            Column(QT_TRANSLATE_NOOP("TodayPage", "Line"), lambda r: r.business_line, width=120),
            Column(QT_TRANSLATE_NOOP("TodayPage", "Business date"), lambda r: r.business_date.isoformat()),
            Column(QT_TRANSLATE_NOOP("TodayPage", "Due date"), lambda r: r.due_date.isoformat()),
            *([] if own else [Column(QT_TRANSLATE_NOOP("TodayPage", "Recorded by"), lambda r: r.recorded_by,
                                     width=120)]),
        ], "TodayPage", self, key=lambda r: r.item_id)
        self.waiting_model = RowTableModel([
            Column(QT_TRANSLATE_NOOP("TodayPage", "Customer"), lambda r: r.name, width=220),
            Column(QT_TRANSLATE_NOOP("TodayPage", "Stage"), _waiting_state, width=240),
            Column(QT_TRANSLATE_NOOP("TodayPage", "Since"), lambda r: r.since.strftime("%Y-%m-%d")),
            Column(QT_TRANSLATE_NOOP("TodayPage", "Applied by"), lambda r: r.applied_by, width=120),
            *([] if own else [Column(QT_TRANSLATE_NOOP("TodayPage", "Account manager"), lambda r: r.manager,
                                     width=120)]),
            Column(QT_TRANSLATE_NOOP("TodayPage", "Reason given"), lambda r: r.decision_note, width=320),
        ], "TodayPage", self, key=lambda r: (r.application_id, r.customer_id))
        self.tabs = QTabWidget()
        self.tables: list[tuple[QTableView, RowTableModel]] = []
        for model, key in ((self.follow_model, "follow_ups"), (self.receipts_model, "receipts"),
                           (self.items_model, "items"), (self.waiting_model, "waiting")):
            table = QTableView()
            table.setModel(model)
            configure_table(table, f"today/{key}")
            table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
            # No sort column at first: the service's order (most urgent first, newest first) until a header is clicked.
            table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            table.setSortingEnabled(True)
            # a double-click, or Enter, on a row (Qt's "activated")
            table.activated.connect(lambda index, m=model: self.open_ledger.emit(m.rows[index.row()].customer_id))
            self.tables.append((table, model))
            self.tabs.addTab(table, "")
        self.follow_table, self.receipts_table, self.items_table, self.waiting_table = (t for t, _m in self.tables)
        self.message = error_label()

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.refresh_button)
        # the tiles side by side, all as tall as the tallest, the row no taller than that
        strip = QWidget()
        strip.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        tiles = QHBoxLayout(strip)
        tiles.setContentsMargins(*FLUSH)
        for tab, tile in enumerate((self.follow_tile, self.receipts_tile, self.items_tile, self.waiting_tile)):
            tiles.addWidget(tile, 1)
            tile.clicked.connect(lambda tab=tab: self.tabs.setCurrentIndex(tab))
        actions = QHBoxLayout()
        for button in (self.record_button, self.payment_button, self.lookup_button, self.notice_button,
                       self.ledger_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(strip)
        layout.addLayout(actions)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        self._titles()

        self.refresh_button.clicked.connect(self.reload)
        self.record_button.clicked.connect(lambda: self.jump("arrears"))
        self.payment_button.clicked.connect(lambda: self.jump("repayments"))
        self.lookup_button.clicked.connect(lambda: self.jump("customers"))
        self.notice_button.clicked.connect(lambda: self.jump("collection"))
        self.ledger_button.clicked.connect(lambda: self.jump("ledger"))
        self.open_ledger.connect(lambda customer_id: self.jump("ledger", customer_id))
        self._generation = 0
        # Loads the first time it is shown (it is the first page), then after every change that concerns it.
        follow(self, changes, _concerns_today, self.reload, stale=True)

    # -- loading -----------------------------------------------------------------------------------
    def reload(self) -> Task:
        """Today's figures first (quick), then the follow-ups (the collection queue of the branch)."""
        self._generation += 1
        generation = self._generation
        fail = lambda error: self.message.setText(error_text(error))  # noqa: E731
        day = Task(counter_day, self.desk, self.actor, parent=self)
        day.succeeded.connect(lambda found: generation == self._generation and self._show_day(found))
        day.failed.connect(fail)
        day.start()
        due = Task(follow_ups, self.desk, self.actor, parent=self)
        due.succeeded.connect(lambda found: generation == self._generation and self._show_follow_ups(found))
        due.failed.connect(fail)
        due.start()
        return due

    def showEvent(self, event) -> None:  # noqa: N802 - Qt naming
        """Left open overnight, the page moves on to the new day when it is looked at again."""
        super().showEvent(event)
        if self.day is not None and self.day.day != self.desk.clock.today():
            self.reload()

    def _heading(self) -> None:
        shown = self.day or self.follow
        if shown is None:
            return
        day = shown.day
        when = f"{QLocale().toString(QDate(day.year, day.month, day.day), 'dddd')} {day.isoformat()}"
        scope = self.tr("your entries and customers") if shown.own else self.tr("the whole branch")
        self.heading.setText(self.tr("Today, %1: %2").replace("%1", when).replace("%2", scope))

    def _show_day(self, day: CounterDay) -> None:
        self.day = day
        self._heading()
        count = lambda n: self.tr("%1 item(s)").replace("%1", f"{n:,}")  # noqa: E731
        self.receipts_tile.show_figures(
            format_fen(day.receipts_amount),
            [(payment_method_word(m.method), count(m.count), format_fen(m.amount)) for m in day.by_method],
            self.tr("No payment taken yet"))
        self.items_tile.show_figures(format_fen(day.items_amount), [],
                                     count(day.items_count) if day.items_count else self.tr("Nothing recorded yet"))
        stages: dict[str, int] = {}
        for row in day.waiting:
            stages[_waiting_state(row)] = stages.get(_waiting_state(row), 0) + 1
        self.waiting_tile.show_figures(self.tr("%1 customer(s)").replace("%1", str(len(day.waiting))),
                                       [(stage, str(n), "") for stage, n in stages.items()],
                                       self.tr("Nobody waits"))
        self.receipts_model.refill(day.receipts, self.receipts_table)
        self.items_model.refill(day.items, self.items_table)
        self.waiting_model.refill(day.waiting, self.waiting_table)
        self._titles()

    def _show_follow_ups(self, found: FollowUps) -> None:
        self.follow = found
        self._heading()
        self.follow_tile.show_figures(
            self.tr("%1 to do").replace("%1", f"{len(found.rows):,}"),
            [(kind_word(kind), str(found.count(kind)), "") for kind in FollowUpKind if found.count(kind)],
            self.tr("Nothing due today"))
        self.follow_model.refill(found.rows, self.follow_table)
        self._titles()

    def _titles(self) -> None:
        counts = (len(self.follow.rows) if self.follow else None,
                  self.day.receipts_count if self.day else None, self.day.items_count if self.day else None,
                  len(self.day.waiting) if self.day else None)
        for tab, (title, n) in enumerate(zip((self.tr("Follow-ups due"), self.tr("Receipts today"),
                                              self.tr("Arrears recorded today"), self.tr("Waiting for approval")),
                                             counts)):
            self.tabs.setTabText(tab, title if n is None else aside(title, f"{n:,}"))

    # -- the selected customer and the quick actions ---------------------------------------------
    def selected(self):
        """The row selected in the list on show (any list's row names its customer), or None."""
        table, model = self.tables[self.tabs.currentIndex()]
        return model.selected(table)

    def jump(self, area: str, customer_id: int | None = None) -> QWidget | None:
        """Show ``area`` with the customer (given, or of the selected row) already chosen there."""
        if self.go is None:
            return None
        row = self.selected() if customer_id is None else None
        if customer_id is None and row is not None:
            customer_id = row.customer_id
        code = getattr(row, "code", "") if row is not None else ""
        page = self.go(area)
        if area == "ledger":
            if customer_id is not None:
                page.show_customer(customer_id)
            else:
                page.customer.code.setFocus()
        elif area in ("arrears", "repayments"):
            if code:
                page.customer.code.setText(code)
                page.customer.lookup()  # as if typed: the page then moves on to its next empty field
            else:
                page.customer.code.setFocus()
        elif area == "customers":
            page.search.setText(code or (row.name if row is not None else ""))
            page.search.setFocus()
            page.search.selectAll()
        elif area == "collection":
            if customer_id is not None:
                page.select_customer(customer_id)
            page.notice_button.setFocus()
        return page
