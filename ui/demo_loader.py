"""First start, 载入示范数据: build a demo database in a temporary file off the GUI thread, with
progress and cancel; only a finished file replaces the (still empty) database."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.services.context import Desk
from app.services.demo import DemoCancelled, generate_demo
from ui.tasks import Task


class DemoLoader(QObject):
    progressed = Signal(int, int)
    done = Signal(bool)  # True when the demo replaced the database

    def __init__(self, desk: Desk, customers: int = 300, months: int = 18, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.desk, self.customers, self.months = desk, customers, months
        self.cancelled = False
        folder = desk.path.parent
        folder.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=".demo-", suffix=".sqlite3", dir=folder)
        os.close(handle)
        os.unlink(name)
        self.temp = Path(name)

    def start(self) -> Task:
        task = Task(self._generate, parent=self)
        task.succeeded.connect(lambda _summary: self._install())
        task.failed.connect(lambda _error: self._discard())
        task.start()
        return task

    def cancel(self) -> None:
        self.cancelled = True

    def _generate(self):
        def progress(done: int, total: int) -> None:
            if self.cancelled:
                raise DemoCancelled()
            self.progressed.emit(done, total)
        return generate_demo(self.temp, customers=self.customers, months=self.months,
                             today=self.desk.clock.today(), progress=progress)

    def _install(self) -> None:
        self.desk.release()
        for suffix in ("-wal", "-shm"):
            Path(str(self.desk.path) + suffix).unlink(missing_ok=True)
        os.replace(self.temp, self.desk.path)
        self.done.emit(True)

    def _discard(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(str(self.temp) + suffix).unlink(missing_ok=True)
        self.done.emit(False)
