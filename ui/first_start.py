"""First start: create the site (网点) and the first administrator."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QProgressDialog, QVBoxLayout, QWidget,
)

from app.services.context import Actor, Desk
from app.services.setup import create_site
from ui.demo_loader import DemoLoader
from ui.messages import error_text
from ui.tasks import run_write
from ui.widgets import WriteDialog, error_label, ok_cancel


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
        self.accept()

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
    def ask(cls, desk: Desk) -> bool:
        return cls(desk).exec() == QDialog.DialogCode.Accepted
