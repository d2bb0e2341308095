"""The main window: navigation by area, a status bar saying who is signed in where."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QListWidget, QMainWindow, QMessageBox, QSplitter, QStackedWidget, QVBoxLayout, QWidget,
)

from app.domain.roles import Permission, Role, may
from app.services.context import Actor, Desk
from ui.pages.approvals import ApprovalsPage
from ui.pages.arrears_entry import ArrearsEntryPage
from ui.pages.audit import AuditPage
from ui.pages.customers import CustomersPage
from ui.pages.ledger import LedgerPage
from ui.pages.repayment import RepaymentPage

ROLE_TEXT = {Role.COUNTER: QT_TRANSLATE_NOOP("MainWindow", "Counter staff"),
             Role.BRANCH_HEAD: QT_TRANSLATE_NOOP("MainWindow", "Branch head"),
             Role.MARKETING: QT_TRANSLATE_NOOP("MainWindow", "Marketing"),
             Role.FINANCE: QT_TRANSLATE_NOOP("MainWindow", "Finance"),
             Role.AUDIT: QT_TRANSLATE_NOOP("MainWindow", "Audit"),
             Role.ADMIN: QT_TRANSLATE_NOOP("MainWindow", "Administrator")}


class PlaceholderPage(QWidget):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        label = QLabel(self.tr("%1: this area is being built.").replace("%1", title))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        QVBoxLayout(self).addWidget(label)


class MainWindow(QMainWindow):
    """Each role sees only the areas it may use (the services refuse the rest anyway)."""

    def __init__(self, desk: Desk, actor: Actor, site_name: str) -> None:
        super().__init__()
        self.desk, self.actor = desk, actor
        self.setWindowTitle(self.tr("ArrearsDesk - Customer Arrears Management"))
        self.nav = QListWidget()
        self.nav.setMaximumWidth(160)
        self.pages = QStackedWidget()
        self.areas: dict[str, QWidget] = {}
        role = actor.role
        can = lambda permission: may(role, permission)  # noqa: E731
        plan = [
            ("customers", self.tr("Customers"), can(Permission.VIEW_LEDGER), lambda: CustomersPage(desk, actor)),
            ("ledger", self.tr("Customer ledger"), can(Permission.VIEW_LEDGER), lambda: LedgerPage(desk, actor)),
            ("approvals", self.tr("Credit approval"), can(Permission.APPROVE_CREDIT),
             lambda: ApprovalsPage(desk, actor)),
            ("arrears", self.tr("Record arrears"), can(Permission.RECORD_ARREARS),
             lambda: ArrearsEntryPage(desk, actor)),
            ("repayments", self.tr("Repayments"), can(Permission.RECORD_REPAYMENT), lambda: RepaymentPage(desk, actor)),
            ("collection", self.tr("Collection"), can(Permission.VIEW_LEDGER),
             lambda: PlaceholderPage(self.tr("Collection"))),
            ("reports", self.tr("Reports"), can(Permission.VIEW_REPORTS), lambda: PlaceholderPage(self.tr("Reports"))),
            ("exchange", self.tr("Data exchange"), can(Permission.MANAGE_SETTINGS) or role is Role.BRANCH_HEAD,
             lambda: PlaceholderPage(self.tr("Data exchange"))),
            ("audit", self.tr("Audit trail"), can(Permission.VIEW_AUDIT), lambda: AuditPage(desk, actor)),
            ("settings", self.tr("Settings"), can(Permission.MANAGE_SETTINGS),
             lambda: PlaceholderPage(self.tr("Settings"))),
        ]
        for number, (key, title, allowed, make) in enumerate(p for p in plan if p[2]):
            page = make()
            self.areas[key] = page
            self.nav.addItem(title)
            self.pages.addWidget(page)
            if number < 9:
                shortcut = QShortcut(QKeySequence(f"Ctrl+{number + 1}"), self)
                shortcut.activated.connect(lambda row=number: self.nav.setCurrentRow(row))
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.nav.setCurrentRow(0)
        if "customers" in self.areas and "ledger" in self.areas:
            self.areas["customers"].open_ledger.connect(self.show_ledger)
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
        if "customers" in self.areas:
            self.areas["customers"].reload()

    def area_titles(self) -> list[str]:
        return [self.nav.item(i).text() for i in range(self.nav.count())]

    def show_area(self, key: str) -> QWidget:
        page = self.areas[key]
        self.nav.setCurrentRow(self.pages.indexOf(page))
        return page

    def show_ledger(self, customer_id: int) -> None:
        self.show_area("ledger").show_customer(customer_id)

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
