"""What went wrong with the database file, told apart from the driver's error codes and the OS's errno:
the app layer turns a ``Fault`` into a sentence for the clerk (app/services/failures.py)."""
from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from enum import Enum


class Fault(Enum):
    LOCKED = "locked"              # another connection holds the write lock beyond the busy timeout
    FULL = "full"                  # the disk (or the file's size limit) is full
    READ_ONLY = "read_only"        # the file, its folder or the connection is read-only
    DAMAGED = "damaged"            # the file is corrupt or truncated
    NOT_A_DATABASE = "not_database"
    NOT_FOUND = "not_found"
    IS_DIRECTORY = "is_directory"
    CANNOT_OPEN = "cannot_open"    # missing folder, no permission …
    IO = "io"                      # the disk refused a read or write
    # A database server (PostgreSQL, issue 15: pgconcur)
    CONFLICT = "conflict"          # serialization failure or deadlock: the use case may run again
    CONNECTION_LOST = "connection_lost"  # the server went away (or cannot be reached): nothing of this use case kept


# SQLite's primary result codes (the low byte of an extended code), https://sqlite.org/rescode.html
_SQLITE: dict[int, Fault] = {
    3: Fault.READ_ONLY,        # SQLITE_PERM
    5: Fault.LOCKED,           # SQLITE_BUSY
    6: Fault.LOCKED,           # SQLITE_LOCKED
    8: Fault.READ_ONLY,        # SQLITE_READONLY
    10: Fault.IO,              # SQLITE_IOERR
    11: Fault.DAMAGED,         # SQLITE_CORRUPT
    13: Fault.FULL,            # SQLITE_FULL
    14: Fault.CANNOT_OPEN,     # SQLITE_CANTOPEN
    26: Fault.NOT_A_DATABASE,  # SQLITE_NOTADB
}

_ERRNO: dict[int, Fault] = {
    errno.ENOSPC: Fault.FULL,
    errno.EDQUOT: Fault.FULL,
    errno.EROFS: Fault.READ_ONLY,
    errno.EACCES: Fault.READ_ONLY,
    errno.EPERM: Fault.READ_ONLY,
    errno.ENOENT: Fault.NOT_FOUND,
    errno.EISDIR: Fault.IS_DIRECTORY,
    errno.EIO: Fault.IO,
}


def _causes(error: BaseException) -> Iterator[BaseException]:
    """The error, the driver error SQLAlchemy wraps (``.orig``), and what it was raised from."""
    seen: set[int] = set()
    pending = [error]
    while pending:
        current = pending.pop(0)
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        pending.extend([getattr(current, "orig", None), current.__cause__])


def fault_of(error: BaseException) -> Fault | None:
    """The fault behind ``error``, or None when it is not about the file (a bug, a refused input …)."""
    for cause in _causes(error):
        server = _server_fault(cause)
        if server is not None:
            return server
        if isinstance(cause, sqlite3.Error):
            code = getattr(cause, "sqlite_errorcode", None)
            if code is not None and (code & 0xFF) in _SQLITE:
                return _SQLITE[code & 0xFF]
        elif isinstance(cause, OSError) and cause.errno in _ERRNO:
            return _ERRNO[cause.errno]
    return None


def failing_file(error: BaseException) -> str | None:
    """The file the operating system named in ``error``, if any (sqlite3 never names one)."""
    for cause in _causes(error):
        if isinstance(cause, OSError) and cause.filename is not None:
            return str(cause.filename)
    return None


# -- a database server's faults (issue 15: pgconcur) ------------------------------------------------------
# SQLSTATE of the driver's error (psycopg's ``.sqlstate``): https://www.postgresql.org/docs/current/errcodes-appendix.html
_CONFLICT_STATES = {"40001", "40P01"}  # serialization_failure, deadlock_detected
# connection_exception (class 08), admin/crash shutdown, cannot_connect_now
_LOST_STATES = {"57P01", "57P02", "57P03"}


def _server_fault(cause: BaseException) -> Fault | None:
    """A fault told by the server's SQLSTATE, or by SQLAlchemy having dropped the connection; the driver is
    known by its module only (psycopg need not be installed for SQLite)."""
    if getattr(cause, "connection_invalidated", False):
        return Fault.CONNECTION_LOST
    if not type(cause).__module__.startswith("psycopg"):
        return None
    state = getattr(cause, "sqlstate", None)
    if state in _CONFLICT_STATES:
        return Fault.CONFLICT
    if state in _LOST_STATES or (state or "").startswith("08"):
        return Fault.CONNECTION_LOST
    if state is None and type(cause).__name__ in {"OperationalError", "InterfaceError"}:
        return Fault.CONNECTION_LOST  # the socket closed, the server is not there: no SQLSTATE to tell
    return None
