"""备份: copies of a database file made with SQLite's online backup API (consistent while others write),
and the checks a file must pass before it may replace a database."""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine


def copy_database(engine: Engine, target: Path, progress: Callable[[int, int], None] | None = None) -> None:
    """A consistent copy of the whole file, whatever else is writing; ``target`` is a new file.
    ``progress(pages done, pages)`` follows the copy a few hundred pages at a time; an exception it
    raises stops the copy (the caller removes the unfinished file)."""
    with engine.connect() as conn:
        source = conn.connection.driver_connection
        destination = sqlite3.connect(str(target))
        try:
            if progress is None:
                source.backup(destination)
            else:
                source.backup(destination, pages=512,
                              progress=lambda _status, remaining, total: progress(total - remaining, total))
        finally:
            destination.close()


def copy_file_database(source: Path, target: Path) -> None:
    """The same, from a file no engine has open yet (e.g. just before it is upgraded)."""
    con = sqlite3.connect(f"{source.absolute().as_uri()}?mode=ro", uri=True)
    destination = sqlite3.connect(str(target))
    try:
        con.backup(destination)
    finally:
        destination.close()
        con.close()


def integrity_problems(path: Path) -> list[str]:
    """SQLite's own check of the file (read-only); empty when sound."""
    try:
        con = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
        try:
            rows = [r[0] for r in con.execute("PRAGMA integrity_check").fetchall()]
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return ["SQLite: not a database"]
    return [] if rows == ["ok"] else rows


def fold_log(path: Path) -> None:
    """Fold the write-ahead log into the file, so that a copy of the file alone is whole (a damaged file
    is left as it is)."""
    con = sqlite3.connect(str(path))
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.DatabaseError:
        pass
    finally:
        con.close()
