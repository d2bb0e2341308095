"""Every failure a clerk can read: what happened and what to do, never the library's text.

``explain(error)`` is the one translation of a failure into a ``DomainError``, used by the command line
and the GUI alike. A fault of the database file (locked by another program, disk full, read-only,
damaged …) becomes its own message; anything else is an internal error whose message points to the
log. The technical detail (exception, SQL, traceback) goes only to the log file, ``log_path()``:
``~/.local/state/ArrearsDesk/log/arrears-desk.log`` on Linux, ``%LOCALAPPDATA%\\ArrearsDesk\\Logs\\
arrears-desk.log`` on Windows, or ``ARREARS_DESK_LOG``.
"""
from __future__ import annotations

import functools
import logging
import logging.handlers
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from platformdirs import user_log_dir

from app.domain.errors import DomainError
from app.domain.words import Words
from db.faults import Fault, failing_file, fault_of

APP_NAME = "ArrearsDesk"
T = TypeVar("T")

# A fault of the database file -> the message code (app/domain/errors.py, "failures of the database file").
FAULT_CODES: dict[Fault, str] = {
    Fault.LOCKED: "db.locked",
    Fault.FULL: "db.disk_full",
    Fault.READ_ONLY: "db.read_only",
    Fault.DAMAGED: "db.damaged",
    Fault.NOT_A_DATABASE: "db.not_database",
    Fault.NOT_FOUND: "db.not_found",
    Fault.IS_DIRECTORY: "db.is_directory",
    Fault.CANNOT_OPEN: "db.cannot_open",
    Fault.IO: "db.io_error",
    Fault.CONFLICT: "db.conflict",                 # issue 15: pgconcur
    Fault.CONNECTION_LOST: "db.connection_lost",
}

# The same faults met on another file (an export, a PDF, an import file), named by the OS error.
FILE_FAULT_CODES: dict[Fault, str] = {
    Fault.FULL: "file.disk_full",
    Fault.READ_ONLY: "file.read_only",
    Fault.NOT_FOUND: "file.not_found",
    Fault.IS_DIRECTORY: "file.is_directory",
    Fault.IO: "file.io_error",
}

# When the failing file is not known (a database error met outside a unit of work).
THE_DATABASE = Words("数据库文件", "the database file")
THE_SERVER = Words("数据库服务器", "the database server")  # issue 15 (pgconcur): a server's faults, no file named
SERVER_FAULTS = {Fault.CONFLICT, Fault.CONNECTION_LOST}

_log = logging.getLogger("arrears_desk")
_log_lock = threading.Lock()
_log_file: Path | None = None


def log_path() -> Path:
    override = os.environ.get("ARREARS_DESK_LOG")
    if override:
        return Path(override)
    return Path(user_log_dir(APP_NAME, appauthor=False)) / "arrears-desk.log"


def _logger() -> logging.Logger:
    """The log, opened on first use (and again if ``ARREARS_DESK_LOG`` changed); if it cannot be written,
    the detail is dropped rather than shown to the clerk."""
    global _log_file
    path = log_path()
    with _log_lock:
        if _log_file != path:
            for handler in list(_log.handlers):
                _log.removeHandler(handler)
                handler.close()
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3,
                                                               encoding="utf-8")
            except OSError:
                handler = logging.NullHandler()
            handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
            _log.addHandler(handler)
            _log.setLevel(logging.INFO)
            _log.propagate = False
            _log_file = path
    return _log


def log_detail(what: str, error: BaseException) -> None:
    """The library's account of a refusal the clerk reads in words of ours: into the log, not the dialog."""
    _logger().warning("%s", what, exc_info=error)


# Why the operating system refused a file (an export, a backup, a package folder), in our words: the
# reason slot of file.not_writable, backup.cannot_write and the like. Its own text ("Permission denied")
# goes to the log only.
OS_REASONS: dict[Fault, Words] = {
    Fault.FULL: Words("磁盘已满", "the disk is full"),
    Fault.READ_ONLY: Words("没有写入权限或介质只读", "no permission to write, or the medium is read-only"),
    Fault.NOT_FOUND: Words("路径不存在（U 盘是否已拔出？）", "the path does not exist (was the drive removed?)"),
    Fault.IS_DIRECTORY: Words("同名的文件夹已存在", "a folder of that name exists"),
    Fault.IO: Words("磁盘读写出错", "the disk reported a read or write error"),
}
FILE_EXISTS = Words("同名文件已存在", "a file of that name exists")
NOT_A_FOLDER = Words("路径中有一级是文件而不是文件夹", "a part of the path is a file, not a folder")
IN_USE = Words("文件正被其他程序打开（例如 Excel），请关闭后重试", "the file is open in another program (e.g. Excel); close it and retry")
# Windows: ERROR_SHARING_VIOLATION and ERROR_LOCK_VIOLATION, a file another program holds open.
_WINDOWS_IN_USE = {32, 33}


def os_reason(error: OSError) -> Words:
    """Why the operating system refused, in words of ours; the library's account goes to the log."""
    log_detail("file refused by the operating system", error)
    if getattr(error, "winerror", None) in _WINDOWS_IN_USE:
        return IN_USE
    if isinstance(error, FileExistsError):
        return FILE_EXISTS
    if isinstance(error, NotADirectoryError):
        return NOT_A_FOLDER
    fault = fault_of(error)
    if fault in OS_REASONS:
        return OS_REASONS[fault]
    number = error.errno if error.errno is not None else "?"
    return Words(f"操作系统拒绝（错误号 {number}），详情见日志", f"refused by the operating system (error {number}); see the log")


def storage_refusal(error: BaseException, path: Path | str | None = None) -> DomainError | None:
    """The message for a fault of the database file at ``path`` (logged with its detail), or None when
    ``error`` is something else (a fault of another file included)."""
    if isinstance(error, DomainError):
        return None
    fault = fault_of(error)
    if fault is None or _other_file(error, path):
        return None
    refusal = DomainError(FAULT_CODES[fault], path=str(path) if path is not None else
                          THE_SERVER if fault in SERVER_FAULTS else THE_DATABASE)
    _logger().warning("%s (%s): %s", refusal.code, path, refusal.message("en"), exc_info=error)
    return refusal


def _other_file(error: BaseException, database: Path | str | None) -> bool:
    named = failing_file(error)
    if named is None:
        return False
    if database is None:
        return True
    database = Path(database)
    return Path(named) not in {database, database.parent, Path(f"{database}-wal"), Path(f"{database}-shm")}


@contextmanager
def storage_faults_refused(path: Path | str) -> Iterator[None]:
    """Inside: a fault of the database file at ``path`` is raised as its ``DomainError``."""
    try:
        yield
    except Exception as error:
        refusal = storage_refusal(error, path)
        if refusal is None:
            raise
        raise refusal from error


def explain(error: BaseException, path: Path | str | None = None) -> DomainError:
    """What to tell the person at the desk about ``error`` (``path``: the database in use, if known)."""
    if isinstance(error, DomainError):
        return error
    refusal = storage_refusal(error, path)
    if refusal is not None:
        return refusal
    fault = fault_of(error)
    if fault in FILE_FAULT_CODES and _other_file(error, path):
        refusal = DomainError(FILE_FAULT_CODES[fault], path=failing_file(error))
        _logger().warning("%s: %s", refusal.code, refusal.message("en"), exc_info=error)
        return refusal
    _logger().error("internal error", exc_info=error)
    return DomainError("internal.error", log=str(log_path()))


# -- several counters on one database server (issue 15: pgconcur) ------------------------------------------
def retried_once(service: Callable[..., T]) -> Callable[..., T]:
    """A use case ``service(desk, ...)`` run again, once, from its start, when the server broke it off as a
    serialization failure or deadlock (another counter's transaction on the same rows): its transaction was
    rolled back, so running the whole use case again reads afresh and decides again. Not when something
    was committed meanwhile (a use case of several transactions that failed in a later one: running it
    again would repeat what is already saved); a second conflict reaches the clerk as ``db.conflict``.
    Retrying here, around the use case, and not inside the unit of work: only the service knows the whole
    of what it reads and decides, and ``with desk.use_case(...)`` cannot run its own body twice."""
    @functools.wraps(service)
    def run(desk, *args, **kwargs):
        committed: list[object] = []
        unsubscribe = desk.subscribe(committed.append)  # every commit that wrote something is published
        try:
            try:
                return service(desk, *args, **kwargs)
            except Exception as error:
                if committed or fault_of(error) is not Fault.CONFLICT:
                    raise
                _logger().info("%s met another transaction; running it again", service.__name__, exc_info=error)
            return service(desk, *args, **kwargs)
        finally:
            unsubscribe()
    return run


# -- a database server that cannot be reached when the program opens it (issue 15: pgui) --------------------
def server_unreachable(error: BaseException, server: str) -> DomainError | None:
    """Why the server ``server`` (its URL as shown, no password) could not be connected to, as
    ``db.server_<kind>`` (app/domain/errors.py) saying what to do; None when ``error`` is something else.
    libpq's text goes to the log (it never holds a password)."""
    from db.engine import server_connect_failure
    kind = server_connect_failure(error)
    if kind is None:
        return None
    refusal = DomainError(f"db.server_{kind}", server=server)
    _logger().warning("%s (%s)", refusal.code, server, exc_info=error)
    return refusal
