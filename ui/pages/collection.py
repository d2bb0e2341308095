"""催缴工作台: the overdue customers to work today, most urgent first (broken promises, due follow-ups,
biggest amounts), with the ladder step waiting for a decision; below, the selected customer's
collection file. Notices for the ticked customers, or for everyone at a ladder step."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QSplitter, QTableView, QTabWidget,
    QVBoxLayout, QWidget,
)

from app.domain.collection import Channel
from app.domain.errors import DomainError
from app.domain.money import format_fen
from app.domain.roles import Permission, Role, may
from app.services.collection import (
    collection_file, due_reminders, low_credit, note_investigation, overdue_queue, raise_dispute, settle_dispute,
)
from app.services.context import Actor, Changes, Desk
from app.services.customers import list_account_managers
from ui.changes import QUEUE_TABLES, ChangeHub, follow
from ui.collection_dialogs import ContactDialog, NoticeDialog, ReplyDialog, StatementDialog, StepDialog
from ui.dialogs import ReasonDialog
from ui.icons import icon
from ui.messages import error_text
from ui.models import Column, RowTableModel, configure_table
from ui.style import FLUSH, overdue_tone, show_plain
from ui.tasks import Task, run_write, writing
from ui.widgets import date_edit, error_label, pydate
from ui.words import aside, clauses, contact_result, said, status_word, step_text, word


def _concerns_the_queue(changes: Changes) -> bool:
    return changes.touches(*QUEUE_TABLES)


def _flags(row) -> str:
    flags = []
    if row.promise_broken:
        flags.append(QCoreApplication.translate("Collection", "Promise broken"))
    if row.intervention:
        flags.append(QCoreApplication.translate("Collection", "Manual intervention"))
    if row.investigation_due:
        flags.append(QCoreApplication.translate("Collection", "Investigate (over 6 months)"))
    elif row.over_six_months:
        flags.append(QCoreApplication.translate("Collection", "Over 6 months"))
    if row.disputed:
        flags.append(QCoreApplication.translate("Collection", "Disputed %1").replace("%1", format_fen(row.disputed)))
    return clauses(flags)


def _step(row) -> str:
    pending = row.pending_step
    if pending is not None:
        return QCoreApplication.translate("Collection", "%1 (to confirm)").replace(
            "%1", step_text(pending.number, pending.action))
    return "" if row.proposed is None else step_text(row.proposed.number, row.proposed.action)


def _side_lists(desk: Desk, actor: Actor, manager_id: int | None) -> tuple[list, list]:
    return due_reminders(desk, actor, manager_id=manager_id), low_credit(desk, actor, manager_id=manager_id)


class CollectionPage(QWidget):
    open_ledger = Signal(int)  # customer id

    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None, *,
                 changes: ChangeHub | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor = desk, actor
        self.as_of = date_edit(desk.clock.today())
        self.manager = QComboBox()
        self.manager.addItem(self.tr("My customers") if actor.role == Role.COUNTER else self.tr("Whole branch"), None)
        if actor.role != Role.COUNTER:
            for user_id, name in list_account_managers(desk, actor):
                self.manager.addItem(name, user_id)
        self.manager.setEnabled(actor.role != Role.COUNTER)
        self.pending_only = QCheckBox(self.tr("Only steps to confirm"))
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setIcon(icon("refresh"))
        self.step = QSpinBox()
        self.step.setRange(1, 9)
        self.tick_step_button = QPushButton(self.tr("Tick all at this step"))
        self.summary = QLabel()
        # Who, how much, how long and the step to decide first: at 1024 pixels the step is in view.
        self.model = RowTableModel([
            Column("", lambda r: "", checkable=True),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Code"), lambda r: r.code),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Customer"), lambda r: r.name, width=200),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Overdue"), lambda r: r.overdue, money=True, alert=True),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Days overdue"), lambda r: r.days_overdue),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Ladder step"), _step),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Not yet because"), self._waits, width=220),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Items"), lambda r: r.overdue_items),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Status"), lambda r: status_word(r.status)),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Last contact"), lambda r: r.last_contact),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Promised"), lambda r: r.promised_on),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Follow-up"), lambda r: r.next_follow_up),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Flags"), _flags, width=260),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Account manager"), lambda r: r.manager, width=120),
        ], "CollectionPage", self, key=lambda r: r.customer_id)
        self.table = QTableView()
        self.table.setModel(self.model)
        configure_table(self.table, "collection/queue")
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        # No sort column at first: the queue keeps the service's order of urgency until a header is clicked.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)

        # 到期提醒 (telecom 7.2, 8) and 预存款预警 (telecom 7.1) beside the overdue queue
        self.reminders_model = RowTableModel([
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Code"), lambda r: r.code),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Customer"), lambda r: r.name, width=200),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Phone"), lambda r: r.phone, width=120),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "First due"), lambda r: r.first_due),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Items"), lambda r: r.items),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Falling due"), lambda r: r.amount, money=True),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Account manager"), lambda r: r.manager, width=120),
        ], "CollectionPage", self, key=lambda r: r.customer_id)
        self.low_credit_model = RowTableModel([
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Code"), lambda r: r.code),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Customer"), lambda r: r.name, width=200),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Phone"), lambda r: r.phone, width=120),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Unapplied credit"), lambda r: r.credit, money=True,
                   alert=True),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Typical month"), lambda r: r.monthly, money=True),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Account manager"), lambda r: r.manager, width=120),
        ], "CollectionPage", self, key=lambda r: r.customer_id)
        self.reminders_table, self.low_credit_table = QTableView(), QTableView()
        self.lists = QTabWidget()
        self.lists.addTab(self.table, self.tr("Overdue"))
        for table, model, key in ((self.reminders_table, self.reminders_model, "reminders"),
                                  (self.low_credit_table, self.low_credit_model, "low_credit")):
            table.setModel(model)
            configure_table(table, f"collection/{key}")
            table.doubleClicked.connect(lambda index, m=model: self.open_ledger.emit(m.rows[index.row()].customer_id))
        self.lists.addTab(self.reminders_table, self.tr("Due soon"))
        self.lists.addTab(self.low_credit_table, self.tr("Low prepaid credit"))
        self.lists.setTabToolTip(1, self.tr("Customers who asked to be reminded, with items falling due soon"))
        self.lists.setTabToolTip(2, self.tr("Prepaid credit below the set share of the customer's average month "
                                            "of the last three months"))

        # the selected customer's collection file
        self.file_title = QLabel()
        self.items_model = RowTableModel([
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Voucher"), lambda i: i.voucher_no),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Line"), lambda i: i.business_line),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Business date"), lambda i: i.business_date),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Due date"), lambda i: i.due_date),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Open"), lambda i: i.open_amount, money=True),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Days overdue"), lambda i: i.days_overdue),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Dispute"), lambda i: i.dispute_reason, width=320),
        ], "CollectionPage", self, key=lambda i: i.item_id, tone=lambda i: overdue_tone(i, pydate(self.as_of)))
        self.contacts_model = RowTableModel([
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Date"), lambda c: c.contacted_on),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Channel"), lambda c: word(Channel(c.channel).words)),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "By"), lambda c: c.handler, width=120),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Result"), contact_result, width=320),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Promised"), lambda c: c.promised_on),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Promised amount"), lambda c: c.promised_amount, money=True),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Follow-up"), lambda c: c.next_follow_up),
        ], "CollectionPage", self, key=lambda c: c.record_id)
        self.decisions_model = RowTableModel([
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Date"), lambda e: e.decided_on),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Ladder step"), lambda e: step_text(e.step, e.action)),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Decision"), lambda e: QCoreApplication.translate("Collection", "Confirmed") if e.decision == "confirmed"
                   else QCoreApplication.translate("Collection", "Declined")),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "By"), lambda e: e.decided_by, width=120),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Days overdue"), lambda e: e.days_overdue),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Overdue"), lambda e: e.overdue_amount, money=True),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Note"), lambda e: e.note, width=320),
        ], "CollectionPage", self)
        self.notices_model = RowTableModel([
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Number"), lambda n: n.number),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Document"), lambda n: QCoreApplication.translate("Collection", "Collection notice") if n.kind == "notice"
                   else QCoreApplication.translate("Collection", "Statement")),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Date"), lambda n: n.as_of),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Amount"), lambda n: n.total, money=True),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "By"), lambda n: n.issued_by, width=120),
            Column(QT_TRANSLATE_NOOP("CollectionPage", "Reply slip"), lambda n: said(n.reply) if n.reply else "", width=200),
        ], "CollectionPage", self, key=lambda n: n.number)
        self.tabs = QTabWidget()
        self.items_table = QTableView()
        self.file_tables = {self.items_model: self.items_table, self.contacts_model: QTableView(),
                            self.decisions_model: QTableView(), self.notices_model: QTableView()}
        for table, model, title, key in (
                (self.items_table, self.items_model, self.tr("Open items"), "items"),
                (self.file_tables[self.contacts_model], self.contacts_model, self.tr("Collection records"), "contacts"),
                (self.file_tables[self.decisions_model], self.decisions_model, self.tr("Escalation decisions"),
                 "decisions"),
                (self.file_tables[self.notices_model], self.notices_model, self.tr("Notices and statements"),
                 "notices")):
            table.setModel(model)
            configure_table(table, f"collection/{key}")
            self.tabs.addTab(table, title)

        self.contact_button = QPushButton(self.tr("Record contact..."))
        self.confirm_button = QPushButton(self.tr("Confirm step..."))
        self.decline_button = QPushButton(self.tr("Decline step..."))
        self.notice_button = QPushButton(self.tr("Collection notices..."))
        self.notice_button.setIcon(icon("notices"))
        self.statement_button = QPushButton(self.tr("Statement..."))
        self.reply_button = QPushButton(self.tr("Reply slip received..."))
        self.dispute_button = QPushButton(self.tr("Dispute item..."))
        self.settle_button = QPushButton(self.tr("Settle dispute..."))
        self.investigate_button = QPushButton(self.tr("Investigation note..."))
        self.ledger_button = QPushButton(self.tr("Open ledger"))
        self.error = error_label()

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("As of")))
        top.addWidget(self.as_of)
        top.addWidget(self.manager)
        top.addWidget(self.pending_only)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        self.step_label = QLabel(self.tr("Ladder step"))
        top.addWidget(self.step_label)
        top.addWidget(self.step)
        top.addWidget(self.tick_step_button)
        actions = QHBoxLayout()
        for button in (self.contact_button, self.confirm_button, self.decline_button, self.notice_button,
                       self.statement_button, self.reply_button, self.ledger_button):
            actions.addWidget(button)
        actions.addStretch(1)
        file_actions = QHBoxLayout()
        file_actions.addWidget(self.file_title, 1)
        for button in (self.dispute_button, self.settle_button, self.investigate_button):
            file_actions.addWidget(button)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(*FLUSH)
        lower_layout.addLayout(file_actions)
        lower_layout.addWidget(self.tabs)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(*FLUSH)
        upper_layout.addLayout(top)
        upper_layout.addWidget(self.lists, 1)
        upper_layout.addWidget(self.summary)
        upper_layout.addLayout(actions)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setSizes([420, 260])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        layout.addWidget(self.error)

        may_collect = may(actor.role, Permission.RECORD_COLLECTION)
        for button in (self.contact_button, self.confirm_button, self.decline_button, self.notice_button,
                       self.statement_button, self.reply_button, self.dispute_button, self.settle_button,
                       self.investigate_button, self.tick_step_button, self.step, self.step_label):
            button.setVisible(may_collect)
        self.refresh_button.clicked.connect(self.reload)
        self.as_of.dateChanged.connect(lambda _d: self.reload())
        self.manager.currentIndexChanged.connect(lambda _i: self.reload())
        self.pending_only.toggled.connect(lambda _on: self.reload())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.show_file())
        self.table.doubleClicked.connect(lambda _index: self._open_ledger())
        self.ledger_button.clicked.connect(self._open_ledger)
        self.contact_button.clicked.connect(self.record_contact)
        self.confirm_button.clicked.connect(lambda: self.decide(True))
        self.decline_button.clicked.connect(lambda: self.decide(False))
        self.notice_button.clicked.connect(self.issue_notices)
        self.statement_button.clicked.connect(self.issue_statement)
        self.reply_button.clicked.connect(self.record_reply)
        self.dispute_button.clicked.connect(self.dispute_item)
        self.settle_button.clicked.connect(self.settle_dispute)
        self.investigate_button.clicked.connect(self.investigation_note)
        self.tick_step_button.clicked.connect(self.tick_step)
        self.write_buttons = (self.contact_button, self.confirm_button, self.decline_button, self.reply_button,
                              self.dispute_button, self.settle_button, self.investigate_button)
        self._generation = 0
        self._file = None
        self._wanted: int | None = None  # a customer to select once the queue has loaded
        # The queue loads the first time it is shown, and again whenever a change may have moved it.
        follow(self, changes, _concerns_the_queue, self.reload, stale=True)

    # -- the queue ---------------------------------------------------------------------------------
    def reload(self) -> Task:
        """The queue is computed off the GUI thread (a branch may have tens of thousands of customers);
        the selected customer, the ticks and the scroll position stay."""
        self._generation += 1
        generation = self._generation
        self.summary.setText(self.tr("Loading..."))
        task = Task(overdue_queue, self.desk, self.actor, as_of=pydate(self.as_of),
                    manager_id=self.manager.currentData(), parent=self)
        task.succeeded.connect(lambda rows: generation == self._generation and self._show(rows))
        task.failed.connect(lambda error: self.summary.setText(error_text(error)))
        task.start()
        lists = Task(_side_lists, self.desk, self.actor, self.manager.currentData(), parent=self)
        lists.succeeded.connect(lambda found: generation == self._generation and self._show_lists(*found))
        lists.failed.connect(lambda error: self.summary.setText(error_text(error)))
        lists.start()
        return task

    def _show_lists(self, reminders, low) -> None:
        self.reminders_model.refill(reminders, self.reminders_table)
        self.low_credit_model.refill(low, self.low_credit_table)
        self.lists.setTabText(1, self.tr("Due soon (%1)").replace("%1", str(len(reminders))))
        self.lists.setTabText(2, self.tr("Low prepaid credit (%1)").replace("%1", str(len(low))))

    def _waits(self, row) -> str:
        """Why the step waiting for a decision may not be confirmed yet (postal 17: the written notice first)."""
        refusal = row.pending_refusal(pydate(self.as_of))
        return "" if refusal is None else said(refusal)

    def _show(self, rows) -> None:
        if self.pending_only.isChecked():
            rows = [r for r in rows if r.pending_step is not None]
        self.model.refill(rows, self.table)
        if self._wanted is not None:
            self._select(self._wanted)
            self._wanted = None
        if self.current() is None:
            self.show_file()  # the selected customer left the queue
        pending = sum(1 for r in rows if r.pending_step is not None)
        broken = sum(1 for r in rows if r.promise_broken)
        self.summary.setText(self.tr("%1 overdue customer(s), %2 overdue; %3 step(s) to confirm; %4 broken promise(s)")
                             .replace("%1", f"{len(rows):,}").replace("%2", format_fen(sum(r.overdue for r in rows)))
                             .replace("%3", str(pending)).replace("%4", str(broken)))

    def current(self):
        return self.model.selected(self.table)

    def select_customer(self, customer_id: int) -> None:
        """Come from another page (今日) with a customer: selected in the queue now, or once it has loaded."""
        if not self._select(customer_id):
            self._wanted = customer_id

    def _select(self, customer_id: int) -> bool:
        row = next((i for i, r in enumerate(self.model.rows) if r.customer_id == customer_id), None)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        return row is not None

    def tick_step(self) -> None:
        """Tick every customer whose ladder has reached the chosen step (a batch of notices)."""
        step = self.step.value()
        self.model.set_checked({i for i, r in enumerate(self.model.rows)
                                if r.proposed is not None and r.proposed.number == step})
        show_plain(self.error, self.tr("%1 customer(s) at step %2 ticked.")
                   .replace("%1", str(len(self.model.checked))).replace("%2", str(step)))

    # -- the selected customer's file -----------------------------------------------------------
    def _update_buttons(self) -> None:
        """Nothing is started twice while a write runs; a step is confirmed only where one waits."""
        row, idle = self.current(), not writing(self)
        for button in self.write_buttons:
            button.setEnabled(idle)
        waits = "" if row is None else self._waits(row)
        self.confirm_button.setEnabled(idle and row is not None and row.pending_step is not None and not waits)
        self.confirm_button.setToolTip(waits)
        self.decline_button.setEnabled(idle and row is not None and row.pending_step is not None)

    def show_file(self) -> None:
        row = self.current()
        self._update_buttons()
        if row is None:
            self._file = None
            for model in (self.items_model, self.contacts_model, self.decisions_model, self.notices_model):
                model.set_rows([])
            self.file_title.clear()
            return
        same_customer = self._file is not None and self._file.customer_id == row.customer_id
        try:
            self._file = f = collection_file(self.desk, self.actor, row.customer_id, as_of=pydate(self.as_of))
        except DomainError as error:
            self.error.setText(error_text(error))
            return
        self.file_title.setText(aside(f"<b>{escape(row.name)}</b>", row.code))
        for model, rows in ((self.items_model, f.items), (self.contacts_model, f.contacts),
                            (self.decisions_model, f.escalations), (self.notices_model, f.notices)):
            if same_customer:  # refreshed after a change: the place in each tab stays
                model.refill(rows, self.file_tables[model])
            else:
                model.set_rows(rows)

    def _need_row(self):
        row = self.current()
        if row is None:
            self.error.setText(self.tr("Select a customer in the queue first."))
        return row

    def _open_ledger(self) -> None:
        row = self._need_row()
        if row is not None:
            self.open_ledger.emit(row.customer_id)

    def record_contact(self) -> None:
        row = self._need_row()
        if row is not None and ContactDialog(self.desk, self.actor, row, self).exec():
            self.error.clear()

    def decide(self, confirm: bool) -> None:
        row = self._need_row()
        if row is None:
            return
        if row.pending_step is None:
            self.error.setText(self.tr("No ladder step waits for a decision for this customer."))
            return
        if StepDialog(self.desk, self.actor, row, confirm=confirm, parent=self).exec():
            self.error.clear()

    def issue_notices(self) -> None:
        rows = self.model.checked_rows() or ([self.current()] if self.current() is not None else [])
        if not rows:
            self.error.setText(self.tr("Tick the customers (or select one) to issue notices for."))
            return
        if NoticeDialog(self.desk, self.actor, rows, self).exec():
            self.error.clear()
            self.model.set_checked(set())  # those ticked have their notices

    def issue_statement(self) -> None:
        row = self._need_row()
        if row is not None:
            StatementDialog(self.desk, self.actor, row.customer_id, row.name, row.code, self).exec()

    def record_reply(self) -> None:
        row = self._need_row()
        if row is None or self._file is None:
            return
        numbers = [n.number for n in self._file.notices if n.reply is None]
        if ReplyDialog(self.desk, self.actor, numbers, self).exec():
            self.error.clear()

    def _selected_item(self):
        rows = self.items_table.selectionModel().selectedRows()
        if not rows:
            self.error.setText(self.tr("Select an item in the open items first."))
            self.tabs.setCurrentIndex(0)
            return None
        return self.items_model.rows[rows[0].row()]

    def dispute_item(self) -> None:
        item = self._selected_item()
        if item is None:
            return
        reason = ReasonDialog.ask(self.tr("Customer disputes an item"), self.tr(
            "Item %1 (%2 open) stays in the ledger but leaves escalation and notices until the dispute is settled. "
            "Record what the customer says.").replace("%1", item.voucher_no).replace("%2", format_fen(item.open_amount)),
            self)
        if reason:
            self._call(raise_dispute, item.item_id, reason)

    def settle_dispute(self) -> None:
        item = self._selected_item()
        if item is None:
            return
        if item.dispute_id is None:
            self.error.setText(self.tr("That item is not disputed."))
            return
        outcome = ReasonDialog.ask(self.tr("Settle a dispute"), self.tr(
            "Record how the dispute on %1 was settled. If the item was wrong, reverse it in the ledger as well.")
            .replace("%1", item.voucher_no), self)
        if outcome:
            self._call(settle_dispute, item.dispute_id, outcome)

    def investigation_note(self) -> None:
        row = self._need_row()
        if row is None:
            return
        cause = ReasonDialog.ask(self.tr("Investigation of long overdue arrears"), self.tr(
            "%1 has items overdue for %2 days. Record the cause found (required for items over six months).")
            .replace("%1", row.name).replace("%2", str(row.days_overdue)), self)
        if cause:
            self._call(note_investigation, row.customer_id, cause)

    def _call(self, use_case, *args) -> None:
        """Disputes, settlements and notes are recorded off the GUI thread; the queue and the file
        refresh from what changed."""
        run_write(self, use_case, self.desk, self.actor, *args, busy=self.write_buttons,
                  on_success=lambda _result: (self.error.clear(), self._update_buttons()),
                  on_failure=lambda error: (self.error.setText(error_text(error)), self._update_buttons()))
