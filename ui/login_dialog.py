"""登录: user name and password; a wrong attempt says so in words and stays."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.domain.errors import DomainError
from app.services.auth import login
from app.services.context import Actor, Desk
from ui.messages import error_text
from ui.widgets import error_label, ok_cancel


class LoginDialog(QDialog):
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
        buttons = ok_cancel(self.tr("Sign in"), self.tr("Cancel"), self.sign_in, self.reject)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.sign_in)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(380, 200)

    def sign_in(self) -> None:
        try:
            self.actor = login(self.desk, self.username.text(), self.password.text())
        except DomainError as error:
            self.error.setText(error_text(error))
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()

    @classmethod
    def ask(cls, desk: Desk, site_name: str) -> Actor | None:
        dialog = cls(desk, site_name)
        return dialog.actor if dialog.exec() == QDialog.DialogCode.Accepted else None
