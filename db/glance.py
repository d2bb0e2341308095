"""A glance at a database file before the program opens it (issue 14, start): the local site's name, read
with the standard library's sqlite3 alone, so that the sign-in dialog can be on screen before SQLAlchemy,
the models and the migration check are loaded. Only reads; anything unexpected answers None, and the
caller opens the file the full way (which says what is wrong with it)."""
from __future__ import annotations

import sqlite3
from pathlib import Path


def local_site_name(path: Path) -> str | None:
    """The name of the site this file belongs to; None for a missing, empty, foreign or unreadable file,
    or one without a site yet (the first start)."""
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
        found = conn.execute("SELECT name FROM sites WHERE is_local = 1 ORDER BY id LIMIT 1").fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return found[0] if found is not None and isinstance(found[0], str) else None
