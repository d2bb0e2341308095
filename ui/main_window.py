"""The main window: navigation by area, a status bar saying who is signed in where."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication, QHBoxLayout, QInputDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMainWindow, QMessageBox, QPushButton, QSizePolicy, QSplitter,
    QStackedWidget, QVBoxLayout, QWidget,
)

from app.domain.errors import DomainError
from app.domain.roles import Permission, may
from app.services.auth import login
from app.services.context import Actor, Desk
from app.services.setup import site_info
from ui.changes import ChangeHub
from ui.i18n import install_translator
from ui.icons import icon  # looks: the navigation's icons, the type and spacing scale
from ui.style import GAP_M, LEAD_STYLE, NAV_ICON
from ui.messages import error_text
from ui.lazy import Areas as _Areas, page as _page  # start-up (bench): each area's page is imported and built when first shown
ApprovalsPage = _page("ui.pages.approvals", "ApprovalsPage")
WriteOffsPage = _page("ui.pages.write_offs", "WriteOffsPage")  # writeoff
CityWriteOffsPage = _page("ui.pages.write_offs", "CityWriteOffsPage")  # decisions
CityApprovalsPage = _page("ui.pages.approvals", "CityApprovalsPage")  # decisions
ArrearsEntryPage = _page("ui.pages.arrears_entry", "ArrearsEntryPage")
AuditPage = _page("ui.pages.audit", "AuditPage")
CashUpPage = _page("ui.pages.cashup", "CashUpPage")  # 缴款 (helper daily)
BackupPage = _page("ui.pages.backup", "BackupPage")
CollectionPage = _page("ui.pages.collection", "CollectionPage")
CustomersPage = _page("ui.pages.customers", "CustomersPage")
DashboardPage = _page("ui.pages.dashboard", "DashboardPage")
ExchangePage = _page("ui.pages.exchange", "ExchangePage")
LedgerPage = _page("ui.pages.ledger", "LedgerPage")
MonthClosePage = _page("ui.pages.month_close", "MonthClosePage")  # 月结 (issue 13)
RepaymentPage = _page("ui.pages.repayment", "RepaymentPage")
ReportsPage = _page("ui.pages.reports", "ReportsPage")
RulesPage = _page("ui.pages.rules", "RulesPage")
TodayPage = _page("ui.pages.today", "TodayPage")
UsersPage = _page("ui.pages.users", "UsersPage")
from ui.tasks import run_write, session_watch
from ui.widgets import WrappedLabel, error_label
from ui.words import role_word

DEFAULT_IDLE_MINUTES = 10
_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel}


class LockPanel(QWidget):
    """The locked screen: only the signed-in user's password opens it again."""

    unlocked = Signal()

    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor = desk, actor
        self.title = title = WrappedLabel(self.tr("Locked after a period without use. %1, enter your password to continue.")
                                    .replace("%1", actor.display_name))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = error_label()
        self.button = QPushButton(self.tr("Unlock"))
        self.button.setIcon(icon("unlock"))
        # The words wrap inside a column of their own width, never laid out at their one-line size hint:
        # a wrapped label placed with an alignment gets that hint's height and is cut off top and bottom.
        title.setStyleSheet(LEAD_STYLE)
        for label in (title, self.error):
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.MinimumExpanding)
        self.column = column = QWidget()
        column.setMinimumWidth(280)
        column.setMaximumWidth(480)
        inner = QVBoxLayout(column)
        inner.setSpacing(GAP_M)
        inner.addWidget(title)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.password, 3)
        row.addWidget(self.button)
        row.addStretch(1)
        inner.addLayout(row)
        inner.addWidget(self.error)
        middle = QHBoxLayout()
        middle.addStretch(1)
        middle.addWidget(column, 4)
        middle.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(middle)
        layout.addStretch(2)
        self.password.returnPressed.connect(self.try_unlock)
        self.button.clicked.connect(self.try_unlock)

    def reset(self) -> None:
        self.password.clear()
        self.error.clear()

    def try_unlock(self) -> None:
        """The password check is a sign-in (audited, counted against the lock-out), so it is a write too."""
        run_write(self, login, self.desk, self.actor.username, self.password.text(),
                  busy=(self.password, self.button), on_success=lambda _actor: self.unlocked.emit(),
                  on_failure=self._refused)

    def _refused(self, error: Exception) -> None:
        self.error.setText(error_text(error))
        self.password.clear()
        self.password.setFocus()


class MainWindow(QMainWindow):
    """Each role sees only the areas it may use (the services refuse the rest anyway)."""

    def __init__(self, desk: Desk, actor: Actor, site_name: str) -> None:
        super().__init__()
        self.desk, self.actor = desk, actor
        self.signed_out = False
        self.sign_out_notice = ""  # why the session ended, for the sign-in dialog that follows
        self.restore_from: Path | None = None  # a checked backup to put in place once every screen is closed
        session_watch().ended.connect(self._session_ended)
        self.setWindowTitle(self.tr("ArrearsDesk - Customer Arrears Management"))
        self.nav = QListWidget()
        self.nav.setMaximumWidth(160)
        self.nav.setIconSize(QSize(NAV_ICON, NAV_ICON))
        self.pages = QStackedWidget()
        self.areas: dict[str, QWidget] = {}
        # Every committed use case says what it changed; each page refreshes itself from that.
        self.changes = hub = ChangeHub(desk, self)
        role = actor.role
        can = lambda permission: may(role, permission)  # noqa: E731
        # The city office keeps no customers of its own: its ledgers are the branches' (数据交换), seen
        # through the reports, the dashboard and the exchange, so the counter's areas are not offered there.
        counter = site_info(desk).kind != "city"
        plan = [
            # 今日 opens first at the counter; its quick actions show the other areas (issue 11)
            ("today", self.tr("Today"), counter and can(Permission.RECORD_REPAYMENT),
             lambda: TodayPage(desk, actor, changes=hub, go=self.show_area)),
            ("customers", self.tr("Customers"), counter and can(Permission.VIEW_LEDGER),
             lambda: CustomersPage(desk, actor, changes=hub)),
            ("ledger", self.tr("Customer ledger"), counter and can(Permission.VIEW_LEDGER),
             lambda: LedgerPage(desk, actor, changes=hub)),
            ("approvals", self.tr("Credit approval"), counter and can(Permission.APPROVE_CREDIT),
             lambda: ApprovalsPage(desk, actor, changes=hub)),
            ("arrears", self.tr("Record arrears"), counter and can(Permission.RECORD_ARREARS),
             lambda: ArrearsEntryPage(desk, actor)),
            ("repayments", self.tr("Repayments"), counter and can(Permission.RECORD_REPAYMENT),
             lambda: RepaymentPage(desk, actor, changes=hub)),
            ("cashup", self.tr("Cash-up"), counter and (can(Permission.HAND_IN_CASH) or can(Permission.RECEIVE_HAND_IN)),
             lambda: CashUpPage(desk, actor, changes=hub)),  # 缴款 (helper daily)
            ("collection", self.tr("Collection"), counter and can(Permission.VIEW_LEDGER),
             lambda: CollectionPage(desk, actor, changes=hub)),
            ("reports", self.tr("Reports"), can(Permission.VIEW_REPORTS), lambda: ReportsPage(desk, actor)),
            ("dashboard", self.tr("Dashboard"), can(Permission.VIEW_REPORTS), lambda: DashboardPage(desk, actor)),
            ("exchange", self.tr("Data exchange"), can(Permission.EXCHANGE_FILES),
             lambda: ExchangePage(desk, actor, changes=hub)),
            ("audit", self.tr("Audit trail"), can(Permission.VIEW_AUDIT), lambda: AuditPage(desk, actor, changes=hub)),
            ("settings", self.tr("Settings"), can(Permission.MANAGE_USERS), lambda: UsersPage(desk, actor, changes=hub)),
            ("rules", self.tr("Collection rules and templates"), can(Permission.MANAGE_SETTINGS),
             lambda: RulesPage(desk, actor)),
            ("backup", self.tr("Backup"), can(Permission.MANAGE_BACKUPS), lambda: BackupPage(desk, actor)),
            # 坏账核销 (writeoff): apply, review, approve; the 账销案存 register
            ("write_offs", self.tr("Bad-debt write-off"), counter and any(can(p) for p in (
                Permission.APPLY_WRITE_OFF, Permission.REVIEW_WRITE_OFF, Permission.APPROVE_WRITE_OFF)),
             lambda: WriteOffsPage(desk, actor, changes=hub)),
            # 月结 (issue 13, postal 22): finance closes and reopens months of this site's own ledger
            ("month_close", self.tr("Month close"), counter and can(Permission.CLOSE_MONTH),
             lambda: MonthClosePage(desk, actor)),
            # decisions: at the city office, the branches' write-offs decided and their months reopened
            ("write_offs", self.tr("Bad-debt write-off"), not counter and any(can(p) for p in (
                Permission.REVIEW_WRITE_OFF, Permission.APPROVE_WRITE_OFF, Permission.CLOSE_MONTH)),
             lambda: CityWriteOffsPage(desk, actor, changes=hub)),
            # decisions: at the city office, the branches' credit applications (where marketing sits here)
            ("approvals", self.tr("Credit approval"), not counter and can(Permission.APPROVE_CREDIT),
             lambda: CityApprovalsPage(desk, actor, changes=hub)),
        ]
        self.areas = _Areas(self.pages, self._wire)  # start-up (bench): pages are built when first shown
        for number, (key, title, allowed, make) in enumerate(p for p in plan if p[2]):
            self.areas.plan(key, make)
            self.nav.addItem(QListWidgetItem(icon(key), title))
            if number < 9:
                shortcut = QShortcut(QKeySequence(f"Ctrl+{number + 1}"), self)
                shortcut.activated.connect(lambda row=number: self.nav.setCurrentRow(row))
        self.nav.currentRowChanged.connect(lambda row: self.pages.setCurrentIndex(self.areas.build(row)))
        self.nav.setCurrentRow(0)
        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([160, 1100])
        workspace = QWidget()
        QHBoxLayout(workspace).addWidget(splitter)
        self.lock_panel = LockPanel(desk, actor)
        self.lock_panel.unlocked.connect(self.unlock)
        self.root = QStackedWidget()
        self.root.addWidget(workspace)
        self.root.addWidget(self.lock_panel)
        self.setCentralWidget(self.root)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self.lock)
        minutes = int(QSettings().value("security/idle_minutes", DEFAULT_IDLE_MINUTES))
        self.set_idle_timeout(minutes * 60_000)
        QApplication.instance().installEventFilter(self)
        self._menus()
        self.user_label = QLabel(self.tr("User: %1 (%2)").replace("%1", actor.display_name)
                                 .replace("%2", role_word(actor.role)))
        self.site_label = QLabel(self.tr("Site: %1").replace("%1", site_name))
        # Where the file lives matters to whoever backs it up or moves it, not to the counter.
        self.db_label = QLabel(self.tr("Database: %1").replace("%1", desk.location))
        self.db_label.setVisible(may(actor.role, Permission.MANAGE_SETTINGS))
        for label in (self.user_label, self.site_label, self.db_label):
            self.statusBar().addPermanentWidget(label)
        settings = QSettings()
        geometry = settings.value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 720)

    def _wire(self, key: str, page: QWidget) -> None:
        """What a page says to the window, connected when the page is built."""
        if key in ("customers", "collection") and "ledger" in self.areas:
            page.open_ledger.connect(self.show_ledger)
        if key == "backup":
            page.restore_requested.connect(self.restore_backup)
        if key == "dashboard":
            self.pages.currentChanged.connect(
                lambda _i: self.pages.currentWidget() is page and page.board is None and page.reload())

    # -- session lock ------------------------------------------------------------------------------
    def set_idle_timeout(self, milliseconds: int) -> None:
        self._idle.setInterval(milliseconds)
        if milliseconds > 0:
            self._idle.start()
        else:
            self._idle.stop()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt naming
        if event.type() in _ACTIVITY and not self.locked and self._idle.interval() > 0:
            self._idle.start()  # any key or mouse use restarts the idle clock
        return False

    @property
    def locked(self) -> bool:
        return self.root.currentWidget() is self.lock_panel

    def lock(self) -> None:
        """锁屏: after the idle time the screen hides the customer data until the password is given."""
        self.lock_panel.reset()
        self.root.setCurrentWidget(self.lock_panel)
        self.lock_panel.password.setFocus()

    def unlock(self) -> None:
        self.root.setCurrentIndex(0)
        if self._idle.interval() > 0:
            self._idle.start()

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
        quit_action = QAction(icon("exit"), self.tr("E&xit"), self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        lock_action = QAction(icon("lock"), self.tr("&Lock screen"), self)
        lock_action.setShortcut(QKeySequence("Ctrl+L"))
        lock_action.triggered.connect(self.lock)
        file_menu.insertAction(quit_action, lock_action)
        sign_out = QAction(icon("sign_out"), self.tr("&Sign out"), self)
        sign_out.setShortcut(QKeySequence("Ctrl+Shift+L"))
        sign_out.triggered.connect(self.sign_out)
        file_menu.insertAction(quit_action, sign_out)
        idle_action = QAction(self.tr("Lock after idle time..."), self)
        idle_action.triggered.connect(self.ask_idle_minutes)
        file_menu.insertAction(quit_action, idle_action)
        language_menu = self.menuBar().addMenu(self.tr("&Language"))
        group = QActionGroup(self)
        current = QSettings().value("ui/language", "zh_CN")
        for code, name in (("zh_CN", "中文（简体）"), ("en", "English")):
            action = QAction(name, self, checkable=True, checked=(code == current))
            action.triggered.connect(lambda _checked, c=code: self.choose_language(c))
            group.addAction(action)
            language_menu.addAction(action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def show_about(self) -> None:  # 帮助 > 关于, with the version (issue 16, bundle)
        from app.version import app_version
        QMessageBox.about(self, self.tr("About ArrearsDesk"),
                          self.tr("ArrearsDesk - customer arrears management for branch offices.") + "\n"
                          + self.tr("Version %1").replace("%1", app_version()))

    def sign_out(self) -> None:
        """注销: back to the sign-in dialog, e.g. for the next person at the counter."""
        self.signed_out = True
        self.close()

    def restore_backup(self, path: Path) -> None:
        """从备份恢复: the window closes (no screen may still hold the database); ui/main.py restores the
        copy and brings the sign-in back."""
        self.restore_from = Path(path)
        self.sign_out()

    def _session_ended(self, error: DomainError) -> None:
        """This user's account was disabled or locked meanwhile: back to the sign-in, saying why."""
        if not self.signed_out and error.params.get("username") == self.actor.username:
            self.sign_out_notice = error_text(error)
            self.sign_out()

    def ask_idle_minutes(self) -> None:
        current = int(QSettings().value("security/idle_minutes", DEFAULT_IDLE_MINUTES))
        minutes, ok = QInputDialog.getInt(self, self.tr("Lock after idle time"),
                                          self.tr("Minutes without use before the screen locks (0: never)"),
                                          current, 0, 240)
        if ok:
            self.set_idle_minutes(minutes)

    def set_idle_minutes(self, minutes: int) -> None:
        """A workstation preference (QSettings), applied at once."""
        QSettings().setValue("security/idle_minutes", minutes)
        self.set_idle_timeout(minutes * 60_000)

    def choose_language(self, code: str) -> None:
        QSettings().setValue("ui/language", code)
        install_translator(QApplication.instance(), code)  # Qt's dialogs and new windows follow at once
        QMessageBox.information(self, self.tr("Language"), self.tr("The language changes the next time you start."))

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        self.changes.close()
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        if "customers" in self.areas.built:
            self.areas["customers"].save_state()
        super().closeEvent(event)
