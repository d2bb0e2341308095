"""Start the desktop app: first start (site + admin) if needed, sign in, then the main window."""
from __future__ import annotations

import sys
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox


def _no_pyside_source_scan() -> None:
    """PySide6 replaces ``__import__`` with a hook for its opt-in ``from __feature__ import snake_case``,
    which reads the source of every module imported after it (searching it for "PySide6"): 0.1-0.2 s of
    CPU on the database layers imported after the sign-in dialog (issue 14, start). The program uses no
    such feature, so Python's own import is put back (PySide6 keeps it as ``__orig_import__``; where a
    PySide6 release has no such attribute, nothing changes)."""
    import builtins
    original = getattr(builtins, "__orig_import__", None)
    if original is not None and builtins.__import__ is not original:
        builtins.__import__ = original


_no_pyside_source_scan()

from ui.i18n import install_translator
from ui.login_dialog import LoginDialog
from ui.messages import error_text
from ui.tasks import worker_pool

if TYPE_CHECKING:  # imported when used (issue 14, start): the sign-in dialog paints before the database layers
    from app.services.context import Actor, Clock, Desk
    from ui.main_window import MainWindow
    from ui.opening import DeskOpening


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setOrganizationName("ArrearsDesk")
    app.setApplicationName("ArrearsDesk")
    install_translator(app, str(QSettings().value("ui/language", "zh_CN")))
    return app


def run_gui(db_path: Path | str) -> int:
    app = make_application()
    from app.services.start import site_name_at_a_glance
    site_name = site_name_at_a_glance(db_path)
    actor: Actor | None = None
    if site_name is not None:  # a file ready to sign in to: the dialog first, the database opened meanwhile
        opening = desk_opening(db_path)
        actor = LoginDialog.ask(None, site_name, opening=opening)
        desk = opening.result()
        if desk is None:
            QMessageBox.critical(None, "ArrearsDesk", error_text(opening.error))
            return 2
        if actor is None:
            desk.close()
            return 0
    else:
        try:
            desk = open_desk(db_path)
        except Exception as error:  # noqa: BLE001 - refused, locked, damaged …: a message, the detail in the log
            QMessageBox.critical(None, "ArrearsDesk", error_text(error))
            return 2
        if desk is None:  # the server's password was not given
            return 0
        from ui.first_start import FirstStartDialog  # start-up: only a new file needs it (and the demo generator)
        if not desk.has_site():
            chosen = FirstStartDialog.ask(desk)
            if chosen is None:
                desk.close()
                return 0
            if chosen is not desk:  # this PC's ledger is on a server after all (issue 15): the new file is left unused
                desk.close()
                desk = chosen
        automatic_backup(desk, hours=24)  # at least daily, in the background
    from app.services.setup import site_info
    from ui.main_window import MainWindow
    site = site_info(desk)
    notice = ""
    while True:  # signing out brings the sign-in dialog back for the next user
        if actor is None:
            actor = LoginDialog.ask(desk, site.name, notice)
            if actor is None:
                desk.close()
                return 0
        window = MainWindow(desk, actor, site.name)
        window.show()
        code = app.exec()
        if not window.signed_out:
            shutdown(app, window, desk)
            return code
        notice = window.sign_out_notice
        restore_from = window.restore_from
        shutdown(app, window)
        if restore_from is not None:
            notice = restore(desk, actor, restore_from)
        actor = None


def desk_opening(db_path: Path | str, clock: Clock | None = None, *, backup: bool = True) -> DeskOpening:
    """The database opened on a thread while the sign-in dialog is on screen (issue 14, start), started
    once the dialog is painted (``LoginDialog(None, name, opening=...)``); signing in waits for it if the
    user is quicker, and a failed opening closes the dialog (``opening.error`` says why)."""
    from ui.opening import DeskOpening
    opening = DeskOpening(db_path, clock=clock)
    if backup:
        opening.opened.connect(lambda desk: automatic_backup(desk, hours=24))  # at least daily, in the background
    opening.opened.connect(_load_the_main_window)
    return opening


def _load_the_main_window(_desk: Desk) -> None:
    """The main window's modules, loaded on the GUI thread while the user is still typing."""
    import_module("ui.main_window")


# A database server that wants a password libpq found nowhere (issue 15: pgui)
SERVER_PASSWORD_CODES = ("db.server_password_needed", "db.server_bad_password")


def open_desk(db_path: Path | str) -> Desk | None:
    """The database; for a server that asks for a password (or refused the one given), the password dialog
    until the server takes one (None if the user cancels it)."""
    from app.domain.errors import DomainError
    from app.services.context import Desk
    password = None
    while True:
        try:
            return Desk(db_path, password=password)
        except DomainError as error:
            if error.code not in SERVER_PASSWORD_CODES:
                raise
            from ui.server_password import ServerPasswordDialog
            password = ServerPasswordDialog.ask(error.params["server"], error_text(error))
            if password is None:
                return None


def shutdown(app: QApplication, window: MainWindow, desk: Desk | None = None) -> None:
    """Tear down in order: no background query may still be running when the database closes."""
    window.close()
    worker_pool().waitForDone()
    window.deleteLater()
    app.processEvents()
    if desk is not None:
        automatic_backup(desk, hours=1, wait=True)  # on exit (the window is gone: nothing to freeze)
        desk.close()


def restore(desk: Desk, actor, backup: Path) -> str:
    """从备份恢复 with every screen closed and every background task done: the Desk lets go of the file,
    the checked copy takes its place, and the next sign-in opens the restored database. Returns what the
    sign-in dialog says."""
    from PySide6.QtCore import QCoreApplication

    from app.services.backup import restore_in_place
    try:
        kept = restore_in_place(desk, actor, backup)
    except Exception as error:  # noqa: BLE001 - refused or failed: said at the sign-in, the database as it was
        return error_text(error)
    return QCoreApplication.translate("Backup", "Restored from %1. The database it replaced is kept as %2. "
                                      "Please sign in again.").replace("%1", backup.name).replace("%2", kept.name)


def automatic_backup(desk: Desk, *, hours: int, wait: bool = False) -> None:
    """备份: a copy when the newest is older than ``hours``; a failure (a drive not plugged in) is logged,
    and the next start or exit tries again."""
    import threading

    from app.services.backup import backup_if_due
    from app.services.failures import explain

    def copy() -> None:
        try:
            backup_if_due(desk, hours=hours)
        except Exception as error:  # noqa: BLE001 - a backup must never stop the counter
            explain(error, desk.path)  # logs the detail

    if wait:
        copy()
    else:
        threading.Thread(target=copy, name="automatic-backup", daemon=True).start()
