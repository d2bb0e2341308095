"""The main window: navigation by area, a status bar saying who is signed in where."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget, QMainWindow, QMessageBox, QSplitter,
    QStackedWidget, QTableView, QVBoxLayout, QWidget,
)

from app.domain.roles import Role
from app.services.context import Actor, Desk
from app.services.customers import search_customers
from ui.messages import error_text
from ui.models import CustomerTableModel
from ui.tasks import Task

ROLE_TEXT = {Role.COUNTER: QT_TRANSLATE_NOOP("MainWindow", "Counter staff"),
             Role.BRANCH_HEAD: QT_TRANSLATE_NOOP("MainWindow", "Branch head"),
             Role.MARKETING: QT_TRANSLATE_NOOP("MainWindow", "Marketing"),
             Role.FINANCE: QT_TRANSLATE_NOOP("MainWindow", "Finance"),
             Role.AUDIT: QT_TRANSLATE_NOOP("MainWindow", "Audit"),
             Role.ADMIN: QT_TRANSLATE_NOOP("MainWindow", "Administrator")}


class CustomersPage(QWidget):
    """客户: search as you type over name, code and phone; the query runs off the GUI thread."""

    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor = desk, actor
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
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table)
        layout.addWidget(self.status)
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


class PlaceholderPage(QWidget):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        label = QLabel(self.tr("%1: this area is being built.").replace("%1", title))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        QVBoxLayout(self).addWidget(label)


class MainWindow(QMainWindow):
    def __init__(self, desk: Desk, actor: Actor, site_name: str) -> None:
        super().__init__()
        self.desk, self.actor = desk, actor
        self.setWindowTitle(self.tr("ArrearsDesk - Customer Arrears Management"))
        self.nav = QListWidget()
        self.nav.setMaximumWidth(160)
        self.pages = QStackedWidget()
        self.customers = CustomersPage(desk, actor)
        areas = [(self.tr("Customers"), self.customers)]
        for title in (self.tr("Record arrears"), self.tr("Repayments"), self.tr("Collection"), self.tr("Reports"),
                      self.tr("Data exchange"), self.tr("Settings")):
            areas.append((title, PlaceholderPage(title)))
        for title, page in areas:
            self.nav.addItem(title)
            self.pages.addWidget(page)
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.nav.setCurrentRow(0)
        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([160, 1100])
        central = QWidget()
        QHBoxLayout(central).addWidget(splitter)
        self.setCentralWidget(central)
        self._menus()
        self.user_label = QLabel(self.tr("User: %1 (%2)").replace("%1", actor.display_name)
                                 .replace("%2", QCoreApplication.translate("MainWindow", ROLE_TEXT[actor.role])))
        self.site_label = QLabel(self.tr("Site: %1").replace("%1", site_name))
        self.db_label = QLabel(self.tr("Database: %1").replace("%1", str(desk.path)))
        for label in (self.user_label, self.site_label, self.db_label):
            self.statusBar().addPermanentWidget(label)
        settings = QSettings()
        geometry = settings.value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 720)
        self.customers.reload()

    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        quit_action = QAction(self.tr("E&xit"), self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About"), self)
        about.triggered.connect(lambda: QMessageBox.about(
            self, self.tr("About ArrearsDesk"),
            self.tr("ArrearsDesk - customer arrears management for branch offices.")))
        help_menu.addAction(about)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        super().closeEvent(event)
