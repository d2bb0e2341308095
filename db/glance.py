"""A glance at a database file before the program opens it (issue 14, start): the local site's name, read
with the standard library's sqlite3 alone, so that the sign-in dialog can be on screen before SQLAlchemy,
the models and the migration check are loaded; and a user's password hash, so that a password typed before
the opening is over can be checked meanwhile. Only reads; anything unexpected answers None, and the caller
opens the file the full way (which says what is wrong with it)."""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, NamedTuple


def local_site_name(path: Path) -> str | None:
    """The name of the site this file belongs to; None for a missing, empty, foreign or unreadable file,
    or one without a site yet (the first start)."""
    found = _one_row(path, "SELECT name FROM sites WHERE is_local = 1 ORDER BY id LIMIT 1", ())
    return found[0][0] if found and isinstance(found[0][0], str) else None


class StoredPassword(NamedTuple):
    """What the file holds for a user name: the password's hash, or None when no user has that name."""
    password_hash: str | None


def stored_password(path: Path, username: str) -> StoredPassword | None:
    """The password hash stored for ``username`` (the name as signing in looks it up); None when the
    file cannot be read at a glance."""
    found = _one_row(path, "SELECT password_hash FROM users WHERE username = ?", (username,))
    if found is None or (found and not isinstance(found[0][0], str)):
        return None
    return StoredPassword(found[0][0] if found else None)


def _one_row(path: Path, sql: str, params: tuple) -> list[tuple[Any, ...]] | None:
    """The first row of ``sql`` in a list (empty: none), read only; None for a missing, empty, foreign or
    unreadable file."""
    try:
        if not path.is_file():
            return None
        with path.open("rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                return None
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
    except (OSError, ValueError, sqlite3.Error):
        return None
    try:
        return conn.execute(sql, params).fetchmany(1)
    except sqlite3.Error:
        return None
    finally:
        conn.close()
