"""Run a service call off the GUI thread and hand the result back by signal (cf. Anki's QueryOp).

One worker thread: SQLite work is serialised, and the GUI never blocks on I/O.
"""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

_pool: QThreadPool | None = None


def worker_pool() -> QThreadPool:
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
    return _pool


class Task(QObject):
    """``Task(fn, *args).start()``; connect ``succeeded(result)`` and ``failed(error)`` first."""

    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, fn: Callable[..., Any], *args: Any, parent: QObject | None = None, **kwargs: Any) -> None:
        super().__init__(parent)
        self._fn, self._args, self._kwargs = fn, args, kwargs

    def start(self) -> None:
        worker_pool().start(_Runner(self))

    def _run(self) -> None:
        try:
            result = self._fn(*self._args, **self._kwargs)
        except Exception as error:  # noqa: BLE001 - delivered to the GUI, which shows it
            self.failed.emit(error)
        else:
            self.succeeded.emit(result)
        self.finished.emit()


class _Runner(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task

    def run(self) -> None:
        self.task._run()
