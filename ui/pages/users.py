"""系统设置 > 用户: the administrator adds staff with their role, and disables those who leave."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget,
)

from app.domain.roles import Role
from app.services.auth import create_user, list_users, set_user_active, unlock_user
from app.services.context import Actor, Desk
from app.services.dto import UserInfo
from ui.changes import ChangeHub, follow
from ui.messages import error_text
from ui.models import Column, RowTableModel, configure_table
from ui.style import muted_color, show_success
from ui.tasks import run_write
from ui.widgets import error_label
from ui.words import role_word, word

MUTED = muted_color()  # a disabled account: on record, no longer signing in


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
        self.username, self.display_name = QLineEdit(), QLineEdit()
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(word(role.words), role.value)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.add_button = QPushButton(self.tr("Add user"))
        self.toggle_button = QPushButton(self.tr("Disable / enable selected"))
        self.unlock_button = QPushButton(self.tr("Lift the sign-in lock of selected"))
        self.unlock_button.setToolTip(self.tr("After too many wrong passwords an account is locked for a while; "
                                              "this lets the user sign in again at once."))
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
        side.addWidget(self.unlock_button)
        side.addWidget(self.error)
        side.addWidget(self.done)
        side.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(side)
        self.add_button.clicked.connect(self.add)
        self.password.returnPressed.connect(self.add)
        self.toggle_button.clicked.connect(self.toggle)
        self.unlock_button.clicked.connect(self.unlock)
        follow(self, changes, lambda changes: changes.touches("users"), lambda: self.reload(keep_place=True))
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
        run_write(self, set_user_active, self.desk, self.actor, user.user_id, not user.is_active,
                  busy=(self.toggle_button,), on_success=lambda _user: self.error.clear(),
                  on_failure=lambda error: self.error.setText(error_text(error)))

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
