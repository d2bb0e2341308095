"""服务器密码: the password of a database server that libpq found nowhere (PGPASSWORD, ~/.pgpass) (issue 15).
Typed masked; handed to the connection only (never to the URL, the settings or a log)."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ui.widgets import error_label, ok_cancel


class ServerPasswordDialog(QDialog):
    def __init__(self, server: str, notice: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("ArrearsDesk - database server"))
        intro = QLabel(self.tr("The database is on the server\n%1\nType the password of its user to connect.")
                       .replace("%1", server))
        intro.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.notice = error_label()
        self.notice.setText(notice)
        form = QFormLayout()
        form.addRow(self.tr("Password"), self.password)
        buttons = ok_cancel(self.tr("Connect"), self.tr("Cancel"), self.accept, self.reject)
        self.password.returnPressed.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.notice)
        layout.addWidget(buttons)
        self.resize(480, 200)

    @classmethod
    def ask(cls, server: str, notice: str = "") -> str | None:
        """The password typed, or None if the user cancelled."""
        dialog = cls(server, notice)
        return dialog.password.text() if dialog.exec() == QDialog.DialogCode.Accepted else None
