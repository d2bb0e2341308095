"""登录: user name and password; a wrong attempt says so in words and stays."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.services.auth import login
from app.services.context import Actor, Desk
from ui.messages import error_text
from ui.tasks import run_write
from ui.widgets import WriteDialog, error_label, ok_cancel


class LoginDialog(WriteDialog):
    def __init__(self, desk: Desk, site_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("ArrearsDesk - sign in"))
        title = QLabel(self.tr("Sign in to %1").replace("%1", site_name))
        title.setStyleSheet("font-size: 16px; font-weight: bold")
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        self.buttons = buttons = ok_cancel(self.tr("Sign in"), self.tr("Cancel"), self.sign_in, self.reject)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.sign_in)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(380, 200)

    def sign_in(self) -> None:
        """Checked off the GUI thread: the password hash takes a moment, and every attempt is audited."""
        run_write(self, login, self.desk, self.username.text(), self.password.text(),
                  busy=(self.buttons, self.username, self.password), on_success=self._signed_in,
                  on_failure=self._refused)

    def _signed_in(self, actor: Actor) -> None:
        self.actor = actor
        self.accept()

    def _refused(self, error: Exception) -> None:
        self.error.setText(error_text(error))
        self.password.clear()
        self.password.setFocus()

    @classmethod
    def ask(cls, desk: Desk, site_name: str) -> Actor | None:
        dialog = cls(desk, site_name)
        return dialog.actor if dialog.exec() == QDialog.DialogCode.Accepted else None
