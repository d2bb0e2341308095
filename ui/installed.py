"""What the installed program does around its windows (issue 16): its icon, one window per database, a crash
log the clerk is told about, and the smoke test the bundle's check runs.

- One window per database: a lock file beside the database (QLockFile: a copy that died leaves no lasting
  lock) and a local socket named after the database's path. A second copy opened on the same file says so
  and knocks; the first comes to the front. Two copies writing the same ledger from one PC never race.
- ``ARREARS_DESK_SMOKE_TEST=1``: the app opens as usual to the first dialog (the sign-in), says which dialog
  and whether Qt's own Chinese is loaded, closes the dialog (as Cancel would: no one is signed in) and exits
  non-zero if Qt warned about anything on the way.
"""
from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLockFile, QObject, Qt, QTimer, QtMsgType, Signal, qInstallMessageHandler
from PySide6.QtGui import QIcon
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.domain.errors import DomainError
from ui.messages import error_text
from ui.resources import resource_path

SMOKE_TEST_ENV = "ARREARS_DESK_SMOKE_TEST"
# The headless platform says this about itself whenever a window is shown (as in pyproject's pytest settings).
HARMLESS = ("This plugin does not support propagateSizeHints",)


class OneWindowPerDatabase(QObject):
    knocked = Signal()  # a second copy was started on this database

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        path = Path(db_path).resolve()
        key = str(path).lower() if sys.platform == "win32" else str(path)
        self.name = "ArrearsDesk-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
        self.lock = QLockFile(str(path.with_name(path.name + ".lock")))
        self.lock.setStaleLockTime(0)  # held as long as the window is open; a dead holder is found by its pid
        self.server: QLocalServer | None = None

    def claim(self) -> bool:
        """True if this is the only copy on the database (it then answers the knocks of later ones); False
        after knocking on the copy that has it."""
        if not self.lock.tryLock(200):
            if self.lock.error() == QLockFile.LockError.LockFailedError:
                self._knock()
                return False
            return True  # the folder cannot take a lock file (read-only): the database itself will say so
        QLocalServer.removeServer(self.name)  # a socket left by a copy that died
        self.server = QLocalServer(self)
        self.server.newConnection.connect(self._answer)
        self.server.listen(self.name)
        return True

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
        self.lock.unlock()

    def _knock(self) -> None:
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if socket.waitForConnected(1000):
            socket.write(b"front\n")
            socket.waitForBytesWritten(1000)
            socket.disconnectFromServer()

    def _answer(self) -> None:
        while self.server is not None and self.server.hasPendingConnections():
            self.server.nextPendingConnection().deleteLater()
        bring_to_front()
        self.knocked.emit()


def bring_to_front() -> None:
    app = QApplication.instance()
    window: QWidget | None = app.activeModalWidget() or next(
        (w for w in app.topLevelWidgets() if w.isVisible() and w.isWindow()), None)
    if window is not None:
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.raise_()
        window.activateWindow()


def install_crash_log(db_path: Path) -> None:
    """An error nothing caught: written to a crash log (app.services.crash), the clerk told where it is."""
    def report(kind, error, trace) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        from app.services.crash import write_crash_log
        path = write_crash_log(error.with_traceback(trace), db_path)
        if QApplication.instance() is not None:
            text = QCoreApplication.translate(
                "Crash", "ArrearsDesk met an unexpected error. What happened is written in\n%1\n"
                "Please send this file to whoever supports the program. Save your work and restart ArrearsDesk.")
            QMessageBox.critical(None, "ArrearsDesk", text.replace("%1", str(path) if path else "-"))
    sys.excepthook = report


class SmokeTest:
    """The bundle's check of the GUI (``ARREARS_DESK_SMOKE_TEST=1``); nothing is signed in."""

    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.dialog = ""
        qInstallMessageHandler(self._message)

    def _message(self, kind: QtMsgType, _context, message: str) -> None:
        if kind != QtMsgType.QtDebugMsg and not message.startswith(HARMLESS):
            self.warnings.append(message)

    def watch(self, app: QApplication) -> None:
        def close_the_first_dialog() -> None:
            dialog = app.activeModalWidget()
            if dialog is None:
                QTimer.singleShot(50, close_the_first_dialog)
                return
            self.dialog = f"{type(dialog).__name__}: {dialog.windowTitle()}"
            dialog.reject()
        QTimer.singleShot(0, close_the_first_dialog)

    def finish(self, code: int) -> int:
        cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
        print(f"smoke test: {self.dialog or 'no dialog'}; Qt's own translation: Cancel = {cancel}", flush=True)
        for warning in self.warnings:
            print(f"smoke test: Qt warned: {warning}", flush=True)
        return 1 if self.warnings or not self.dialog else code


def run_installed(db_path: Path, make_application, run_gui) -> int:
    """The desktop app as installed: the icon, the crash log, one window per database, the smoke test."""
    smoke = SmokeTest() if os.environ.get(SMOKE_TEST_ENV) == "1" else None
    app = make_application()
    app.setWindowIcon(QIcon(str(resource_path("icons", "app.png"))))
    on_server = not isinstance(db_path, Path)  # a server's URL (issue 15: pgui): several counters share it
    install_crash_log(None if on_server else db_path)
    only = OneWindowPerDatabase(db_path)
    if not on_server and not only.claim():
        QMessageBox.information(None, "ArrearsDesk", error_text(DomainError("app.already_open", path=str(db_path))))
        return 0
    if smoke is not None:
        smoke.watch(app)
    try:
        code = run_gui(db_path)
    finally:
        if not on_server:
            only.release()
    return smoke.finish(code) if smoke is not None else code
