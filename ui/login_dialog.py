"""登录: user name and password; a wrong attempt says so in words and stays. Once signed in, a
workstation clock in doubt is said before anything else (and may be confirmed by whoever may)."""
from __future__ import annotations

import logging
import threading
from concurrent.futures import Future
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QMessageBox, QVBoxLayout, QWidget

from app.domain.clock import ClockCheck
from app.domain.roles import Permission, may
from ui.messages import error_text
from ui.tasks import Task, run_write
from ui.style import TITLE_STYLE
from ui.widgets import WriteDialog, error_label, ok_cancel

if TYPE_CHECKING:  # the services are imported when used: this dialog paints before the database layers load
    from app.services.context import Actor, Desk
    from app.services.start import PasswordCheckedAhead
    from ui.opening import DeskOpening

log = logging.getLogger(__name__)
CHECK_AHEAD_WAIT_SECONDS = 10  # beyond a password check's fraction of a second: the glance itself is stuck


class LoginDialog(WriteDialog):
    def __init__(self, desk: Desk | None, site_name: str, parent: QWidget | None = None, *,
                 opening: DeskOpening | None = None) -> None:
        """``desk`` None: the database is still being opened by ``opening`` (issue 14, start); signing in
        waits for it."""
        super().__init__(parent)
        self.desk = desk
        self.actor: Actor | None = None
        self._sign_in_when_open = False
        self._opening = opening
        self._checked_ahead: Future[PasswordCheckedAhead | None] | None = None
        if opening is not None:
            opening.opened.connect(self._database_opened)
            opening.failed.connect(lambda _error: self.done(QDialog.DialogCode.Rejected))  # the caller says why
            opening.start_once_painted(self)
        self.setWindowTitle(self.tr("ArrearsDesk - sign in"))
        title = QLabel(self.tr("Sign in to %1").replace("%1", site_name))
        title.setStyleSheet(TITLE_STYLE)
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
        self.resize(420, 220)

    def sign_in(self) -> None:
        """Checked off the GUI thread: the password hash takes a moment, and every attempt is audited."""
        if self.desk is None:  # still opening: signed in as soon as it is open, the password checked meanwhile
            self._sign_in_when_open = True
            for widget in (self.buttons, self.username, self.password):
                widget.setEnabled(False)
            if self._opening is not None and self._checked_ahead is None:
                self._checked_ahead = _checked_meanwhile(self._opening.target, self.username.text(),
                                                         self.password.text())
            return
        checked_ahead, self._checked_ahead = self._checked_ahead, None
        run_write(self, _signing_in, self.desk, self.username.text(), self.password.text(), checked_ahead,
                  busy=(self.buttons, self.username, self.password), on_success=self._signed_in,
                  on_failure=self._refused)

    def _database_opened(self, desk: Desk) -> None:
        self.desk = desk
        if self._sign_in_when_open:
            self._sign_in_when_open = False
            for widget in (self.buttons, self.username, self.password):
                widget.setEnabled(True)
            self.sign_in()

    def _signed_in(self, actor: Actor) -> None:
        from app.services.clock import clock_in_doubt
        self.actor = actor
        task = Task(clock_in_doubt, self.desk, parent=self)
        task.succeeded.connect(self._clock_checked)
        task.failed.connect(lambda _error: self.accept())  # the postings check it again anyway
        task.start()

    def _clock_checked(self, doubt: ClockCheck | None) -> None:
        if doubt is None:
            self.accept()
            return
        box = self.clock_warning = QMessageBox(QMessageBox.Icon.Warning, self.tr("Check this computer's clock"),
                                               error_text(doubt.refusal()), parent=self)
        assert self.actor is not None
        if may(self.actor.role, Permission.CONFIRM_CLOCK):
            box.setInformativeText(self.tr("If today really is %1, confirm the date: entries are then taken "
                                           "for the rest of the day (the confirmation is recorded in the audit "
                                           "trail).").replace("%1", f"{doubt.day:%Y-%m-%d}"))
            self.confirm_button = box.addButton(self.tr("Confirm the date"), QMessageBox.ButtonRole.AcceptRole)
            box.addButton(self.tr("Not now"), QMessageBox.ButtonRole.RejectRole)
        else:
            box.setInformativeText(self.tr("You can look things up, but nothing can be posted until the clock is "
                                           "corrected or a branch head or administrator confirms the date."))
            self.confirm_button = None
            box.addButton(QMessageBox.StandardButton.Ok)
        box.finished.connect(lambda _result: self._clock_answered(box))
        box.open()

    def _clock_answered(self, box: QMessageBox) -> None:
        if self.confirm_button is not None and box.clickedButton() is self.confirm_button:
            from app.services.clock import confirm_clock
            run_write(self, confirm_clock, self.desk, self.actor, on_success=lambda _check: self.accept(),
                      on_failure=self._confirm_refused)
        else:
            self.accept()

    def _confirm_refused(self, error: Exception) -> None:
        QMessageBox.warning(self, self.tr("Check this computer's clock"), error_text(error))
        self.accept()

    def _refused(self, error: Exception) -> None:
        self.error.setText(error_text(error))
        self.password.clear()
        self.password.setFocus()

    @classmethod
    def ask(cls, desk: Desk | None, site_name: str, notice: str = "", *,
            opening: DeskOpening | None = None) -> Actor | None:
        """``notice``: why the last session ended, if it did not end by choice. ``opening``: the database
        being opened meanwhile (``desk`` None)."""
        dialog = cls(desk, site_name, opening=opening)
        dialog.error.setText(notice)
        return dialog.actor if dialog.exec() == QDialog.DialogCode.Accepted else None


def _checked_meanwhile(target, username: str, password: str) -> Future[PasswordCheckedAhead | None]:
    """The password checked against the file's hash on a thread of its own while the database opens (the
    Argon2 check takes a sixth of a second and runs beside the opening's imports: app.services.start)."""
    from app.services.start import check_password_ahead
    checked: Future[PasswordCheckedAhead | None] = Future()

    def check() -> None:
        found = None
        try:
            found = check_password_ahead(target, username, password)
        except Exception:  # noqa: BLE001 - nothing is lost: signing in checks the password itself then
            log.warning("the password could not be checked ahead of the opening", exc_info=True)
        finally:
            checked.set_result(found)
    threading.Thread(target=check, name="checking-the-password", daemon=True).start()
    return checked


def _signing_in(desk: Desk, username: str, password: str,
                checked_ahead: Future[PasswordCheckedAhead | None] | None) -> Actor:
    """登录 on the worker: with the check made while the database opened, if there was one (waited for)."""
    from app.services.auth import login
    found = None
    if checked_ahead is not None:
        try:
            found = checked_ahead.result(timeout=CHECK_AHEAD_WAIT_SECONDS)
        except TimeoutError:  # (a file share that stalls the glance): signing in checks the password itself
            log.warning("the password's check ahead of the opening did not end in time")
    return login(desk, username, password, checked_ahead=found)
