"""客户: the customer list (search as you type, off the GUI thread), registration, credit application."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget,
)

from app.domain.customers import GROUP_WORDS, CustomerStatus
from app.domain.money import format_fen
from app.domain.personal import sees_personal_data
from app.domain.roles import Permission, may
from app.domain.text import SEARCH_MAX
from app.services.context import Actor, Changes, Desk
from app.services.customers import get_customer, list_account_managers, list_customers
from ui.changes import ChangeHub, follow
from ui.clearance_dialog import AccountManagerDialog
from ui.dialogs import CreditApplicationDialog, CustomerDialog
from ui.icons import icon
from ui.messages import error_text
from ui.models import Column, RowTableModel, configure_table
from ui.style import show_error, show_success
from ui.tasks import Task
from ui.widgets import error_label
from ui.words import group_word, status_word, word


CUSTOMER_COLUMNS = [  # the money first after who it is: at 1024 pixels 未核销, 逾期 and 预存款 are in view
    Column(QT_TRANSLATE_NOOP("CustomersPage", "Code"), lambda r: r.code),
    Column(QT_TRANSLATE_NOOP("CustomersPage", "Name"), lambda r: r.name, width=220),
    Column(QT_TRANSLATE_NOOP("CustomersPage", "Open"), lambda r: r.open_total, money=True),
    Column(QT_TRANSLATE_NOOP("CustomersPage", "Overdue"), lambda r: r.overdue_total, money=True, alert=True),
    Column(QT_TRANSLATE_NOOP("CustomersPage", "Unapplied credit"), lambda r: r.unapplied_credit, money=True),
    Column(QT_TRANSLATE_NOOP("CustomersPage", "Status"), lambda r: status_word(r.status)),
    Column(QT_TRANSLATE_NOOP("CustomersPage", "Group"), lambda r: group_word(r.customer_group)),
    Column(QT_TRANSLATE_NOOP("CustomersPage", "Account manager"), lambda r: r.account_manager, width=120),
    Column(QT_TRANSLATE_NOOP("CustomersPage", "Phone"), lambda r: r.phone),
]


def _concerns_the_list(changes: Changes) -> bool:
    """A customer registered or edited, or a balance moved (an item, a repayment, a reversal)."""
    return changes.touches("customers", "customer_balances", "item_balances")


class CustomersPage(QWidget):
    """客户: tens of thousands of customers, searched as you type (off the GUI thread), filtered, sorted."""

    open_ledger = Signal(int)  # customer id

    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None, *,
                 changes: ChangeHub | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor = desk, actor
        self.register_button = QPushButton(self.tr("Register customer..."))
        self.register_button.setIcon(icon("add_customer"))
        self.edit_button = QPushButton(self.tr("Edit details..."))
        self.edit_button.setIcon(icon("edit"))
        self.apply_button = QPushButton(self.tr("Apply for credit..."))
        self.apply_button.setIcon(icon("apply_credit"))
        self.ledger_button = QPushButton(self.tr("Open ledger"))
        self.ledger_button.setIcon(icon("open_ledger"))
        self.manager_button = QPushButton(self.tr("Change account manager..."))
        self.manager_button.setVisible(may(actor.role, Permission.CLEAR_HANDLER))
        self.register_button.setVisible(may(actor.role, Permission.REGISTER_CUSTOMER))
        self.edit_button.setVisible(may(actor.role, Permission.REGISTER_CUSTOMER))
        self.apply_button.setVisible(may(actor.role, Permission.APPLY_CREDIT))
        self.message = error_label()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search by name, customer code or phone") if sees_personal_data(actor.role)
                                       else self.tr("Search by name or customer code"))
        self.search.setClearButtonEnabled(True)
        self.search.setMaxLength(SEARCH_MAX)
        self.status_filter = QComboBox()
        self.status_filter.addItem(self.tr("All statuses"), None)
        for status in CustomerStatus:
            self.status_filter.addItem(word(status.words), status.value)
        self.group_filter = QComboBox()
        self.group_filter.addItem(self.tr("All groups"), None)
        for key, words in GROUP_WORDS.items():
            self.group_filter.addItem(word(words), key)
        self.manager_filter = QComboBox()
        self.manager_filter.addItem(self.tr("All account managers"), None)
        for user_id, name in list_account_managers(desk, actor):
            self.manager_filter.addItem(name, user_id)
        self.overdue_only = QCheckBox(self.tr("Overdue only"))
        self.model = RowTableModel(CUSTOMER_COLUMNS, "CustomersPage", self, key=lambda r: r.customer_id)
        self.table = QTableView()
        self.table.setModel(self.model)  # the model sorts itself (money by fen): no proxy needed
        configure_table(self.table, "customers")
        # No sort column at first: the list's own order (by code, those still waiting for one last).
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.totals = QLabel()
        self.totals.setObjectName("totals")
        self.status = QLabel()
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        for widget in (self.status_filter, self.group_filter, self.manager_filter, self.overdue_only):
            filters.addWidget(widget)
        buttons = QHBoxLayout()
        for button in (self.register_button, self.edit_button, self.apply_button, self.ledger_button,
                       self.manager_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        layout.addWidget(self.totals)
        layout.addWidget(self.message)
        layout.addWidget(self.status)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(120)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _text: self._debounce.start())
        for combo in (self.status_filter, self.group_filter, self.manager_filter):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.overdue_only.toggled.connect(lambda _on: self.reload())
        self.register_button.clicked.connect(self.register)
        self.edit_button.clicked.connect(self.edit)
        self.apply_button.clicked.connect(self.apply_for_credit)
        self.ledger_button.clicked.connect(self._open_ledger)
        self.manager_button.clicked.connect(self.change_manager)
        self.table.doubleClicked.connect(lambda _index: self._open_ledger())
        self.search.returnPressed.connect(self.open_first_match)
        self._generation = 0
        self._open_when_shown = False  # Enter was pressed in the search: open once the list is current
        self._restore_state()
        follow(self, changes, _concerns_the_list, lambda: self.reload(keep_place=True))
        self.reload()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt naming
        """Chosen from the navigation: the clerk types the name straight away, no click into the box."""
        super().showEvent(event)
        if not event.spontaneous():
            self.search.setFocus()

    def open_first_match(self) -> Task:
        """Enter in the search box: the ledger of the selected customer, else of the first one found. The list
        is brought up to date first, so a fast typist never gets a customer of the words typed before."""
        self._debounce.stop()
        self._open_when_shown = True
        return self.reload(keep_place=True)

    def _open_selected_or_first(self) -> None:
        self._open_when_shown = False
        if self.model.rowCount() == 0:
            return  # nobody found: the empty list says so
        if self.selected() is None:
            self.table.selectRow(0)
        self._open_ledger()

    def reload(self, *, keep_place: bool = False) -> Task:
        """The list for the filters on screen; after a change elsewhere (``keep_place``) the selected
        customer and the scroll position stay."""
        self._generation += 1
        generation = self._generation
        task = Task(list_customers, self.desk, self.actor, self.search.text(),
                    status=self.status_filter.currentData(), group=self.group_filter.currentData(),
                    manager_id=self.manager_filter.currentData(), overdue_only=self.overdue_only.isChecked(),
                    parent=self)
        # Only the answer to the latest keystroke is shown; older ones arriving late are dropped.
        task.succeeded.connect(lambda rows: generation == self._generation and self._show(rows, keep_place))
        task.failed.connect(lambda error: self.status.setText(error_text(error)))
        task.start()
        return task

    def _show(self, rows, keep_place: bool = False) -> None:
        if keep_place:
            self.model.refill(rows, self.table)
        else:
            self.model.set_rows(rows)
        self.totals.setText(self.tr("%1 customer(s); open %2; overdue %3; unapplied credit %4")
                            .replace("%1", f"{len(rows):,}")
                            .replace("%2", format_fen(sum(r.open_total for r in rows)))
                            .replace("%3", format_fen(sum(r.overdue_total for r in rows)))
                            .replace("%4", format_fen(sum(r.unapplied_credit for r in rows))))
        if self._open_when_shown:
            self._open_selected_or_first()

    def _restore_state(self) -> None:
        settings = QSettings()
        sort = settings.value("customers/sort")  # the column (by its header) and the order last clicked
        if isinstance(sort, list) and len(sort) == 2:
            column = next((i for i, c in enumerate(CUSTOMER_COLUMNS) if c.header == sort[0]), None)
            if column is not None:
                self.table.sortByColumn(column, Qt.SortOrder(int(sort[1])))
        for key, combo in (("status", self.status_filter), ("group", self.group_filter)):
            index = combo.findData(settings.value(f"customers/{key}"))
            if index > 0:
                combo.setCurrentIndex(index)
        self.overdue_only.setChecked(settings.value("customers/overdue_only", False, type=bool))
        self.search.setText(str(settings.value("customers/search", "")))

    def save_state(self) -> None:
        settings = QSettings()
        header = self.table.horizontalHeader()
        if 0 <= header.sortIndicatorSection() < len(CUSTOMER_COLUMNS):
            settings.setValue("customers/sort", [CUSTOMER_COLUMNS[header.sortIndicatorSection()].header,
                                                 header.sortIndicatorOrder().value])
        else:
            settings.remove("customers/sort")
        settings.setValue("customers/status", self.status_filter.currentData())
        settings.setValue("customers/group", self.group_filter.currentData())
        settings.setValue("customers/overdue_only", self.overdue_only.isChecked())
        settings.setValue("customers/search", self.search.text())

    def selected(self):
        return self.model.selected(self.table)

    def register(self) -> None:
        dialog = CustomerDialog(self.desk, self.actor, self)
        if dialog.exec():
            self.search.setText(dialog.customer.name)

    def edit(self) -> None:
        row = self.selected()
        if row is None:
            show_error(self.message, self.tr("Select a customer first."))
            return
        CustomerDialog(self.desk, self.actor, self, existing=get_customer(self.desk, self.actor, row.customer_id)).exec()

    def apply_for_credit(self) -> None:
        customer = self.selected()
        if customer is None:
            show_error(self.message, self.tr("Select a customer first."))
            return
        if CreditApplicationDialog(self.desk, self.actor, customer.customer_id, customer.name, self).exec():
            show_success(self.message, self.tr("Credit application submitted for marketing to approve."))

    def change_manager(self) -> None:
        """变更客户经理 (the branch head; audited)."""
        customer = self.selected()
        if customer is None:
            show_error(self.message, self.tr("Select a customer first."))
            return
        dialog = AccountManagerDialog(self.desk, self.actor, customer.customer_id, customer.name, self)
        changed = dialog.exec()
        dialog.deleteLater()
        if changed:
            show_success(self.message, self.tr("The account manager of %1 is changed.").replace("%1", customer.name))

    def _open_ledger(self) -> None:
        customer = self.selected()
        if customer is None:
            show_error(self.message, self.tr("Select a customer first."))
            return
        self.open_ledger.emit(customer.customer_id)
