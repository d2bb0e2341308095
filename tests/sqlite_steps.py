"""The work SQLite does for a call, counted in virtual-machine steps (not time): a test can say that a lookup costs
the same on a long history as on a short one without a timing assertion."""
from __future__ import annotations

from typing import Any, Callable


def sqlite_steps(driver_connection, work: Callable[[], Any]) -> int:
    """How many SQLite steps ``work()`` runs on ``driver_connection`` (a sqlite3 connection)."""
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0

    driver_connection.set_progress_handler(count, 1)
    try:
        work()
    finally:
        driver_connection.set_progress_handler(None, 1)
    return steps
