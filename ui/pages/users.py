"""系统设置 > 用户: the administrator adds staff with their role, and disables those who leave."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget,
)

from app.domain.clearance import CLEARANCE_STATE_WORDS, leaves_the_post
from app.domain.roles import Role
from app.services.auth import change_user_role, create_user, list_users, set_user_active, unlock_user
from app.services.clearance import clearance_status, clearances_due
from app.services.context import Actor, Desk
from app.services.dto import UserInfo
from ui.changes import ChangeHub, follow
from ui.clearance_dialog import ClearanceDialog
from ui.icons import icon
from ui.messages import error_text
from ui.models import Column, RowTableModel, configure_table
from ui.style import alert_color, muted_color, show_success
from ui.tasks import run_write
from ui.widgets import error_label
from ui.words import role_word, word

MUTED = muted_color()  # a disabled account: on record, no longer signing in
ALERT = alert_color()  # a clearance deadline passed with arrears still open

DEADLINE_COLUMNS = [
    Column(QT_TRANSLATE_NOOP("UsersPage", "User"), lambda r: f"{r.deadline.display_name} ({r.deadline.username})"),
    Column(QT_TRANSLATE_NOOP("UsersPage", "Due by"), lambda r: r.deadline.due_on),
    Column(QT_TRANSLATE_NOOP("UsersPage", "Open items"), lambda r: r.open_items),
    Column(QT_TRANSLATE_NOOP("UsersPage", "Open"), lambda r: r.open_amount, money=True),
    Column(QT_TRANSLATE_NOOP("UsersPage", "Customers"), lambda r: r.customers),
    Column(QT_TRANSLATE_NOOP("UsersPage", "Clearance"), lambda r: word(CLEARANCE_STATE_WORDS[r.state])),
]


class UsersPage(QWidget):
    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None, *,
                 changes: ChangeHub | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor = desk, actor
        self.model = RowTableModel([
            Column(QT_TRANSLATE_NOOP("UsersPage", "User name"), lambda u: u.username),
            Column(QT_TRANSLATE_NOOP("UsersPage", "Full name"), lambda u: u.display_name, width=200),
            Column(QT_TRANSLATE_NOOP("UsersPage", "Role"), lambda u: role_word(u.role)),
            Column(QT_TRANSLATE_NOOP("UsersPage", "Status"),
                   self._status)], "UsersPage", self,
            key=lambda u: u.user_id, tone=lambda u: None if u.is_active else MUTED)
        self.table = QTableView()
        self.table.setModel(self.model)
        configure_table(self.table, "users")
        # 清欠跟踪 (postal 25): deadlines set for leaving staff, until a certificate answers them.
        self.deadlines = RowTableModel(DEADLINE_COLUMNS, "UsersPage", self, key=lambda r: r.deadline.deadline_id,
                                       tone=lambda r: ALERT if r.state == "overdue" else None)
        self.deadlines_view = QTableView()
        self.deadlines_view.setModel(self.deadlines)
        configure_table(self.deadlines_view, "clearance_deadlines")
        self.deadlines_view.setMaximumHeight(160)
        self.clearance_button = QPushButton(self.tr("Clearance of selected..."))
        self.clearance_button.setToolTip(self.tr("What the user still answers for; hand-over, deadline and "
                                                 "clearance certificate"))
        self.username, self.display_name = QLineEdit(), QLineEdit()
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(word(role.words), role.value)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.add_button = QPushButton(self.tr("Add user"))
        self.add_button.setIcon(icon("add_user"))
        self.toggle_button = QPushButton(self.tr("Disable / enable selected"))
        self.unlock_button = QPushButton(self.tr("Lift the sign-in lock of selected"))
        self.unlock_button.setToolTip(self.tr("After too many wrong passwords an account is locked for a while; "
                                              "this lets the user sign in again at once."))
        # 调岗: another role for the selected user; leaving a post that handles arrears goes through 清欠.
        self.new_role = QComboBox()
        for role in Role:
            self.new_role.addItem(word(role.words), role.value)
        self.role_button = QPushButton(self.tr("Give the selected user this role"))
        self.error = error_label()
        self.done = QLabel()
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Full name"), self.display_name)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("Initial password"), self.password)
        form.addRow(self.add_button)
        box = QGroupBox(self.tr("New user"))
        box.setLayout(form)
        box.setMaximumWidth(420)
        side = QVBoxLayout()
        side.addWidget(box)
        side.addWidget(self.toggle_button)
        side.addWidget(self.clearance_button)
        side.addWidget(self.unlock_button)
        post = QGroupBox(self.tr("Change of post"))
        post_layout = QVBoxLayout(post)
        post_layout.addWidget(self.new_role)
        post_layout.addWidget(self.role_button)
        post.setMaximumWidth(420)
        side.addWidget(post)
        side.addWidget(self.error)
        side.addWidget(self.done)
        side.addStretch(1)
        main = QVBoxLayout()
        main.addWidget(self.table, 1)
        main.addWidget(QLabel(self.tr("Clearance deadlines (two months)")))
        main.addWidget(self.deadlines_view)
        layout = QHBoxLayout(self)
        layout.addLayout(main, 1)
        layout.addLayout(side)
        self.add_button.clicked.connect(self.add)
        self.password.returnPressed.connect(self.add)
        self.toggle_button.clicked.connect(self.toggle)
        self.clearance_button.clicked.connect(self.clearance)
        self.unlock_button.clicked.connect(self.unlock)
        self.role_button.clicked.connect(self.change_role)
        follow(self, changes, lambda changes: changes.touches("users", "clearance_deadlines", "handovers",
                                                              "clearance_certificates"),
               lambda: self.reload(keep_place=True))
        self.reload()

    def _status(self, user: UserInfo) -> str:
        if not user.is_active:
            return self.tr("Disabled")
        if user.locked_until is not None:
            return self.tr("Locked until %1").replace("%1", f"{user.locked_until:%H:%M}")
        return self.tr("Active")

    def reload(self, *, keep_place: bool = False) -> None:
        users = list_users(self.desk, self.actor)
        if keep_place:
            self.model.refill(users, self.table)
        else:
            self.model.set_rows(users)
        self.deadlines.set_rows(clearances_due(self.desk, self.actor))

    def add(self) -> None:
        """The new user is recorded off the GUI thread (hashing the password takes a moment)."""
        run_write(self, create_user, self.desk, self.actor, self.username.text(), self.display_name.text(),
                  self.role.currentData(), self.password.text(), busy=(self.add_button,), on_success=self._added,
                  on_failure=lambda error: (self.done.clear(), self.error.setText(error_text(error))))

    def _added(self, user: UserInfo) -> None:
        self.error.clear()
        show_success(self.done, self.tr("Added %1 (%2).").replace("%1", user.username)
                     .replace("%2", role_word(user.role)))
        for field in (self.username, self.display_name, self.password):
            field.clear()

    def toggle(self) -> None:
        user = self.model.selected(self.table)
        if user is None:
            self.error.setText(self.tr("Select a user first."))
            return
        if user.is_active and user.user_id != self.actor.user_id \
                and not clearance_status(self.desk, self.actor, user.user_id).outstanding.cleared:
            self.clearance(user)  # 清欠 first: what is open, hand-over or deadline, then 停用
            return
        run_write(self, set_user_active, self.desk, self.actor, user.user_id, not user.is_active,
                  busy=(self.toggle_button,), on_success=lambda _user: self.error.clear(),
                  on_failure=lambda error: self.error.setText(error_text(error)))

    def change_role(self) -> None:
        """调岗: a move off a post that handles arrears shows the user's clearance first when anything is
        still open for them (hand-over or deadline), as disabling does."""
        user = self.model.selected(self.table)
        if user is None:
            self.error.setText(self.tr("Select a user first."))
            return
        role = Role(self.new_role.currentData())
        if leaves_the_post(user.role, role) and user.user_id != self.actor.user_id \
                and not clearance_status(self.desk, self.actor, user.user_id).outstanding.cleared:
            self.clearance(user)
            return
        run_write(self, change_user_role, self.desk, self.actor, user.user_id, role, busy=(self.role_button,),
                  on_success=self._role_changed, on_failure=lambda error: (self.done.clear(),
                                                                          self.error.setText(error_text(error))))

    def _role_changed(self, user: UserInfo) -> None:
        self.error.clear()
        self.reload(keep_place=True)
        show_success(self.done, self.tr("%1 is now %2.").replace("%1", user.username).replace("%2", role_word(user.role)))

    def clearance(self, user: UserInfo | None = None) -> None:
        user = user or self.model.selected(self.table)
        if user is None:
            self.error.setText(self.tr("Select a user first."))
            return
        self.error.clear()
        dialog = ClearanceDialog(self.desk, self.actor, user.user_id, self)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()  # not left behind as the page's child once its Python side is gone
        self.reload(keep_place=True)

    def unlock(self) -> None:
        """解除锁定: the lock-out for wrong passwords ends now (audited)."""
        user = self.model.selected(self.table)
        if user is None:
            self.error.setText(self.tr("Select a user first."))
            return
        run_write(self, unlock_user, self.desk, self.actor, user.user_id, busy=(self.unlock_button,),
                  on_success=self._unlocked, on_failure=lambda error: self.error.setText(error_text(error)))

    def _unlocked(self, user: UserInfo) -> None:
        self.error.clear()
        self.reload(keep_place=True)
        self.done.setText(self.tr("%1 can sign in again.").replace("%1", user.username))
