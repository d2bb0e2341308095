"""First start: create the site (网点) and the first administrator."""
from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QProgressDialog, QVBoxLayout, QWidget,
)

from app.services.context import Actor, Desk
from app.services.places import remember_server
from app.services.setup import create_site
from ui.demo_loader import DemoLoader
from ui.messages import error_text
from ui.server_address import ServerAddressDialog
from ui.tasks import run_write
from ui.widgets import WriteDialog, error_label, ok_cancel


log = logging.getLogger(__name__)


class FirstStartDialog(WriteDialog):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.admin: Actor | None = None
        self.setWindowTitle(self.tr("ArrearsDesk - first start"))
        intro = QLabel(self.tr("Welcome. Create this workstation's site and its first administrator."))
        intro.setWordWrap(True)
        self.site_code = QLineEdit()
        self.site_code.setPlaceholderText(self.tr("e.g. BR01"))
        self.site_name = QLineEdit()
        self.site_name.setPlaceholderText(self.tr("e.g. East District Branch"))
        self.admin_name = QLineEdit("admin")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_again = QLineEdit()
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("Site code"), self.site_code)
        form.addRow(self.tr("Site name"), self.site_name)
        form.addRow(self.tr("Administrator"), self.admin_name)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Password again"), self.password_again)
        self.buttons = buttons = ok_cancel(self.tr("Create"), self.tr("Cancel"), self.create, self.reject)
        self.demo_button = buttons.addButton(self.tr("Load demo data instead"), QDialogButtonBox.ButtonRole.ActionRole)
        self.demo_button.clicked.connect(self.load_demo)
        self.demo_button.setVisible(desk.path is not None)  # a shared server database (issue 15) is not for a demo
        # a counter PC of a branch whose ledger is on a database server (issue 15): connect to it instead
        self.server_button = buttons.addButton(self.tr("Database on a server..."),
                                               QDialogButtonBox.ButtonRole.ActionRole)
        self.server_button.clicked.connect(self.use_server)
        self.server_button.setVisible(desk.path is not None)
        self.server_url: str | None = None  # the server chosen here, remembered for this PC once it is set up
        self.intro = intro
        self.loader: DemoLoader | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(460, 320)

    def create(self) -> None:
        if self.password.text() != self.password_again.text():
            self.error.setText(self.tr("The two passwords differ."))
            return
        run_write(self, create_site, self.desk, code=self.site_code.text(), name=self.site_name.text(),
                  admin_username=self.admin_name.text(), admin_password=self.password.text(),
                  admin_display_name=self.tr("Administrator"), busy=(self.buttons,), on_success=self._created,
                  on_failure=lambda error: self.error.setText(error_text(error)))

    def _created(self, admin: Actor) -> None:
        self.admin = admin
        self._remember_server()
        self.accept()

    def use_server(self) -> None:
        """The branch's ledger is on a server: connect to it; a server database with its site already set up is
        this PC's database from now on (signing in follows), an empty one gets its site created here."""
        chosen = ServerAddressDialog.ask(self)
        if chosen is None:
            return
        self.desk, self.server_url = chosen.desk, chosen.url
        if chosen.has_site:
            self._remember_server()
            self.accept()
            return
        self.server_button.setVisible(False)
        self.demo_button.setVisible(False)
        self.intro.setText(self.tr("The database on the server %1 is empty. Create the branch's site and its "
                                   "first administrator there.").replace("%1", self.desk.location))

    def _remember_server(self) -> None:
        if self.server_url is not None:
            try:
                remember_server(self.server_url)
            except OSError as error:  # the server works now; the next start asks again (the log says why)
                log.warning("could not remember the server database: %s", error)

    def load_demo(self) -> DemoLoader:
        """示范数据: a ready-made branch (users admin/head/clerk11/..., password demo12345) to try things on."""
        self.loader = loader = DemoLoader(self.desk, parent=self)
        progress = QProgressDialog(self.tr("Generating demo data..."), self.tr("Cancel"), 0, loader.customers, self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        loader.progressed.connect(lambda done, _total: progress.setValue(done))
        progress.canceled.connect(loader.cancel)
        loader.done.connect(lambda ok: (progress.reset(), ok and self.accept()))
        loader.start()
        return loader

    @classmethod
    def ask(cls, desk: Desk) -> Desk | None:
        """The database to go on with (``desk``, or the server database chosen instead), or None if cancelled."""
        dialog = cls(desk)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.desk
        if dialog.desk is not desk:
            dialog.desk.close()
        return None
