"""崩溃记录: when the program meets an error nothing else caught, a file that says what happened, with the
version, for whoever supports the branch; the clerk is told where it is.

It goes to ``logs`` in the data folder (the database's folder: %PROGRAMDATA%\\ArrearsDesk on Windows),
where IT finds it whichever Windows account was signed in; if that cannot be written, beside the log.
"""
from __future__ import annotations

import platform
import sys
import traceback
from datetime import datetime
from pathlib import Path

from app.services.failures import log_path
from app.version import app_version


def crash_report(error: BaseException, db_path: Path | None, now: datetime) -> str:
    detail = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    return (f"ArrearsDesk {app_version()} stopped on an unexpected error at {now:%Y-%m-%d %H:%M:%S}\n"
            f"Database: {db_path}\n"
            f"Program: {'bundle ' + sys.executable if getattr(sys, 'frozen', False) else 'source'}; "
            f"Python {platform.python_version()}; {platform.platform()}\n\n{detail}")


def write_crash_log(error: BaseException, db_path: Path | None, now: datetime | None = None) -> Path | None:
    """The file written (None when no folder could take it)."""
    now = now or datetime.now()
    text = crash_report(error, db_path, now)
    folders = ([Path(db_path).parent / "logs"] if db_path is not None else []) + [log_path().parent]
    for folder in folders:
        path = folder / f"crash-{now:%Y%m%d-%H%M%S}.log"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    return None
