"""The database opened on a thread of its own while the sign-in dialog is on screen (issue 14, start).

Importing SQLAlchemy, the models and the services and checking the file's schema cost about 0.6 s of CPU
before anything could be painted. The dialog now paints first (the site's name read at a glance, see
app.services.start); the opening starts once it has been painted and runs while the user types. Signing
in before it is done waits for it (LoginDialog), so nothing is skipped, only overlapped with the typing.
"""
from __future__ import annotations

import threading
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from app.services.context import Clock, Desk


class DeskOpening(QObject):
    """``start_once_painted(dialog)``; then ``opened(desk)`` or ``failed(error)`` on the GUI thread."""

    opened = Signal(object)
    failed = Signal(object)

    def __init__(self, target: Path | str, parent: QObject | None = None, *, clock: Clock | None = None) -> None:
        super().__init__(parent)
        self.target = target
        self.clock = clock  # the system's unless given (benchmarks and tests fix the day)
        self.desk: Desk | None = None
        self.error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._painted: QWidget | None = None

    def start_once_painted(self, widget: QWidget) -> None:
        """Start when ``widget`` has been painted for the first time (so that the opening does not
        compete with putting it on screen)."""
        self._painted = widget
        widget.installEventFilter(self)
        QTimer.singleShot(500, self.start)  # a window system that never paints it (hidden, minimised) waits no more

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self._painted and event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self._painted = None
            QTimer.singleShot(0, self.start)  # after this paint has reached the screen
        return False

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._open, name="opening-the-database", daemon=True)
            self._thread.start()

    def _open(self) -> None:
        try:
            import_module("app.services.auth")  # the sign-in's service, loaded while the user types
            from app.services.context import Desk
            from app.services.setup import site_info
            desk = Desk(self.target, clock=self.clock)
            try:
                site_info(desk)  # the site is there (the glance said so) and the ORM is set up for the sign-in
            except BaseException:
                desk.close()
                raise
        except Exception as error:  # noqa: BLE001 - refused, locked, damaged …: shown by whoever waits
            self.error = error
            self.failed.emit(error)
            return
        self.desk = desk
        self.opened.emit(desk)

    def result(self) -> Desk | None:
        """The open database once the opening is over (waits for it: an upgrade is never cut short; starts
        it if it had not started); None if it failed (``error`` says why)."""
        self.start()
        assert self._thread is not None
        self._thread.join()
        return self.desk
