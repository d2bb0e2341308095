"""数据库在服务器上: at first start, a counter PC of a branch whose ledger is on a PostgreSQL server connects to
it (issue 15) instead of creating a database file. The server's address is asked field by field (what the
server's administrator hands out); the password is asked only if libpq finds none (PGPASSWORD, pgpass) and is
never kept. Connecting runs off the GUI thread: an unreachable server may take seconds to say so."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.domain.errors import DomainError
from app.services.context import Desk
from app.services.places import server_address
from ui.messages import error_text
from ui.tasks import run_write
from ui.widgets import WriteDialog, error_label, ok_cancel

DEFAULT_PORT = "5432"
DEFAULT_DATABASE = "arrears"
DEFAULT_USER = "arrears_counter"  # the counters' role of the README's setup


def connect(url: str, password: str | None) -> tuple[Desk, bool]:
    """The database at ``url`` (migrated if the program is newer) and whether a site exists there yet."""
    desk = Desk(url, password=password)
    return desk, desk.has_site()


class ServerAddressDialog(WriteDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk: Desk | None = None
        self.url = ""
        self.has_site = False
        self._password: str | None = None
        self.setWindowTitle(self.tr("ArrearsDesk - database on a server"))
        intro = QLabel(self.tr("The branch keeps its ledger on a database server that every counter uses. "
                               "Type what the server's administrator gave you. The password is asked when "
                               "connecting if this PC does not have it, and is never stored."))
        intro.setWordWrap(True)
        self.host = QLineEdit()
        self.host.setPlaceholderText(self.tr("e.g. db-server or 192.168.1.10"))
        self.port = QLineEdit(DEFAULT_PORT)
        self.port.setMaximumWidth(90)
        self.database = QLineEdit(DEFAULT_DATABASE)
        self.user = QLineEdit(DEFAULT_USER)
        self.error = error_label()
        self.status = QLabel()
        form = QFormLayout()
        form.addRow(self.tr("Server"), self.host)
        form.addRow(self.tr("Port"), self.port)
        form.addRow(self.tr("Database"), self.database)
        form.addRow(self.tr("User name"), self.user)
        self.buttons = ok_cancel(self.tr("Connect"), self.tr("Cancel"), self.connect_to_server, self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(500, 300)

    def connect_to_server(self) -> None:
        try:
            self.url = server_address(self.host.text(), self.port.text(), self.database.text(), self.user.text())
        except DomainError as error:
            self.error.setText(error_text(error))
            return
        self.error.clear()
        self.status.setText(self.tr("Connecting to %1...").replace("%1", self.host.text().strip()))
        run_write(self, connect, self.url, self._password, busy=(self.buttons,), on_success=self._connected,
                  on_failure=self._refused)

    def _connected(self, result: tuple[Desk, bool]) -> None:
        self.desk, self.has_site = result
        self.status.clear()
        self.accept()

    def _refused(self, error: Exception) -> None:
        self.status.clear()
        from ui.main import SERVER_PASSWORD_CODES  # noqa: PLC0415 - the start-up's own list, one home
        if isinstance(error, DomainError) and error.code in SERVER_PASSWORD_CODES:
            from ui.server_password import ServerPasswordDialog  # noqa: PLC0415
            password = ServerPasswordDialog.ask(error.params["server"], error_text(error))
            if password is not None:
                self._password = password
                self.connect_to_server()
                return
        self.error.setText(error_text(error))

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> ServerAddressDialog | None:
        dialog = cls(parent)
        return dialog if dialog.exec() == QDialog.DialogCode.Accepted else None
