"""Run a service call off the GUI thread and hand the result back by signal (cf. Anki's QueryOp and
CollectionOp): reads with ``Task``, writes with ``run_write``, long batches with ``run_with_progress``.

One worker thread: SQLite work is serialised, and the GUI never blocks on I/O.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.domain.errors import DomainError

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
            try:
                result = self._fn(*self._args, **self._kwargs)
            except Exception as error:  # noqa: BLE001 - delivered to the GUI, which shows it
                self.failed.emit(error)
                if _watch is not None and isinstance(error, DomainError) and error.code in SESSION_ENDING:
                    _watch.ended.emit(error)
            else:
                self.succeeded.emit(result)
            self.finished.emit()
        except RuntimeError:  # the screen that asked was closed meanwhile: nobody is left to tell
            pass


# Refusals that mean the signed-in account may no longer be used (disabled, locked by wrong passwords).
SESSION_ENDING = frozenset({"auth.inactive", "auth.session_locked"})


class SessionWatch(QObject):
    """Tells the main window when any call was refused because an account may no longer be used."""

    ended = Signal(object)  # the DomainError, which names the user


_watch: SessionWatch | None = None


def session_watch() -> SessionWatch:
    """Made on the GUI thread (by the main window) before any task reports to it."""
    global _watch
    if _watch is None:
        _watch = SessionWatch()
    return _watch


class _Runner(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task

    def run(self) -> None:
        self.task._run()


_WRITING = "arrears_desk_writing"


def run_write(owner: QObject, fn: Callable[..., Any], *args: Any, busy: Iterable[QWidget] = (),
              on_success: Callable[[Any], None], on_failure: Callable[[Exception], None],
              **kwargs: Any) -> Task | None:
    """A use case that writes (登记, 收款, 冲正, 审批 …) run on the worker: SQLite writes stay serialised
    and the screen stays responsive however long the commit takes. ``busy`` widgets are disabled while it
    runs and ``owner`` starts no second write meanwhile (Enter pressed twice posts once; returns None
    then). ``on_success(result)`` or ``on_failure(error)`` follows on the GUI thread. What the write
    changed reaches the open screens through ui/changes.py, not through this call."""
    if owner.property(_WRITING):
        return None
    owner.setProperty(_WRITING, True)
    disabled = [widget for widget in busy if widget.isEnabled()]
    for widget in disabled:
        widget.setEnabled(False)

    def settle() -> None:
        owner.setProperty(_WRITING, False)
        for widget in disabled:
            widget.setEnabled(True)

    task = Task(fn, *args, parent=owner, **kwargs)
    task.succeeded.connect(lambda result: (settle(), on_success(result)))
    task.failed.connect(lambda error: (settle(), on_failure(error)))
    task.start()
    return task


def writing(owner: QObject) -> bool:
    """A write started from ``owner`` is still running."""
    return bool(owner.property(_WRITING))


class ProgressJob(QObject):
    """Reports a worker's progress to the GUI; once cancelled, the next report stops the work."""

    progressed = Signal(int, int)
    named = Signal(str)  # what is being worked on (a file's name), when the work says it

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cancelled = False

    def progress(self, done: int, total: int, label: str = "") -> None:
        if self.cancelled:
            from app.services.context import Cancelled  # (not at import: the sign-in dialog paints before the
            raise Cancelled()                           # database layers are imported, see ui/main.py)
        self.progressed.emit(done, total)
        if label:
            self.named.emit(label)


def run_with_progress(parent: QWidget, title: str, total: int, fn, *args, on_done, **kwargs) -> Task:
    """Run ``fn(..., progress=job.progress)`` off the GUI thread behind a progress dialog with Cancel;
    ``on_done(result, error)`` follows on the GUI thread (``error`` is ``Cancelled`` after Cancel)."""
    job = ProgressJob(parent)
    dialog = QProgressDialog(title, QCoreApplication.translate("Collection", "Cancel"), 0, max(total, 1), parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(lambda: setattr(job, "cancelled", True))
    job.progressed.connect(lambda done, total: (dialog.setMaximum(max(total, 1)), dialog.setValue(done)))
    job.named.connect(lambda label: dialog.setLabelText(f"{title}\n{label}"))
    task = Task(fn, *args, parent=parent, progress=job.progress, **kwargs)

    def finish(result, error) -> None:
        dialog.close()
        dialog.deleteLater()
        on_done(result, error)
    task.succeeded.connect(lambda result: finish(result, None))
    task.failed.connect(lambda error: finish(None, error))
    dialog.show()
    task.start()
    parent._progress_job = (job, task)  # keep both alive until the worker is done
    return task
