"""客户: the customer list (search as you type, off the GUI thread), registration, credit application."""
from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget

from app.domain.roles import Permission, may
from app.services.context import Actor, Desk
from app.services.customers import search_customers
from ui.dialogs import CreditApplicationDialog, CustomerDialog
from ui.messages import error_text
from ui.models import CustomerTableModel
from ui.tasks import Task
from ui.widgets import error_label


class CustomersPage(QWidget):
    """客户: search as you type over name, code and phone; the query runs off the GUI thread."""

    open_ledger = Signal(int)  # customer id

    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor = desk, actor
        self.register_button = QPushButton(self.tr("Register customer..."))
        self.apply_button = QPushButton(self.tr("Apply for credit..."))
        self.ledger_button = QPushButton(self.tr("Open ledger"))
        self.register_button.setVisible(may(actor.role, Permission.REGISTER_CUSTOMER))
        self.apply_button.setVisible(may(actor.role, Permission.APPLY_CREDIT))
        self.message = error_label()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search by name, customer code or phone"))
        self.search.setClearButtonEnabled(True)
        self.model = CustomerTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.status = QLabel()
        buttons = QHBoxLayout()
        for button in (self.register_button, self.apply_button, self.ledger_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        layout.addWidget(self.status)
        self.register_button.clicked.connect(self.register)
        self.apply_button.clicked.connect(self.apply_for_credit)
        self.ledger_button.clicked.connect(self._open_ledger)
        self.table.doubleClicked.connect(lambda _index: self._open_ledger())
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _text: self._debounce.start())
        self._task: Task | None = None

    LIMIT = 200

    def reload(self) -> Task:
        task = Task(search_customers, self.desk, self.actor, self.search.text(), limit=self.LIMIT, parent=self)
        task.succeeded.connect(self._show)
        task.failed.connect(lambda error: self.status.setText(error_text(error)))
        self._task = task
        task.start()
        return task

    def _show(self, rows) -> None:
        self.model.set_rows(rows)
        if len(rows) >= self.LIMIT:
            self.status.setText(self.tr("Showing the first %n customers; type to narrow the search", "", len(rows)))
        else:
            self.status.setText(self.tr("%n customer(s)", "", len(rows)))

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.model.customer_at(rows[0].row()) if rows else None

    def register(self) -> None:
        dialog = CustomerDialog(self.desk, self.actor, self)
        if dialog.exec():
            self.search.setText(dialog.customer.name)
            self.reload()

    def apply_for_credit(self) -> None:
        customer = self.selected()
        if customer is None:
            self.message.setText(self.tr("Select a customer first."))
            return
        if CreditApplicationDialog(self.desk, self.actor, customer.customer_id, customer.name, self).exec():
            self.message.setText(self.tr("Credit application submitted for marketing to approve."))

    def _open_ledger(self) -> None:
        customer = self.selected()
        if customer is None:
            self.message.setText(self.tr("Select a customer first."))
            return
        self.open_ledger.emit(customer.customer_id)
