"""The order in which rows become visible on a PostgreSQL server, as the exchange needs it (issue 12/15).

A branch's package carries every log row by id range ``(previous mark, this mark]``. On SQLite that is exact:
one writer at a time, so ids are handed out in commit order. On a server several counters post at once: a
transaction may hold id 41 uncommitted while id 42 commits; an export reading 42 as its mark would never send 41.

So on a server every write transaction takes a shared transaction-level advisory lock when it begins (before it
can be handed any id), and the export takes the same lock exclusively while it fixes its marks: that waits only
for the write transactions in flight (readers never take it), and while it is held no write transaction holds
an id. The export's snapshot is taken while the lock is held, so its marks and every row it reads (state tables,
balances) are one consistent instant, as one read transaction gives on SQLite."""
from __future__ import annotations

from sqlalchemy import Connection, func, literal, select

COMMIT_ORDER_LOCK = 0x41_44_58_31  # 'ADX1': any fixed 64-bit key; only this program takes it


class PostingsInFlight(Exception):
    """Write transactions in flight did not end within the export's wait (the argument: seconds)."""


def writer_begins(conn: Connection) -> None:
    """A write transaction on the server begins: hold the shared lock until it ends."""
    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock_shared({COMMIT_ORDER_LOCK})")


def writers_stopped(conn: Connection, wait_seconds: int) -> bool:
    """In ``conn``'s (read-only) transaction: wait for the write transactions in flight and hold off new ones
    until that transaction ends. False when they did not all end within ``wait_seconds``."""
    conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{int(wait_seconds)}s'")
    try:
        with conn.begin_nested():
            conn.execute(select(func.pg_advisory_xact_lock(COMMIT_ORDER_LOCK)))
    except Exception as error:  # lock_timeout: the server cancels the wait with SQLSTATE 55P03
        if getattr(getattr(error, "orig", None), "sqlstate", None) == "55P03":
            return False
        raise
    return True


# -- a point in commit order for verify and the month close (issue 15: pglocks) ------------------------------
# Verify's point and a month close's root name the newest chain link they cover; on a server that is only a
# mark in commit order (no link below it still to commit) when no write transaction was in flight as it was read.
MARK_WAIT_SECONDS = 30


def snapshot_in_commit_order(conn: Connection, wait_seconds: int = MARK_WAIT_SECONDS) -> bool:
    """``conn``'s transaction (REPEATABLE READ, begun, nothing read yet) takes its snapshot while a gate
    connection holds the lock exclusively: every id it sees below the newest is committed, and every write
    transaction after it numbers above. False when the postings in flight did not end within
    ``wait_seconds`` (the snapshot is then taken later, at no mark)."""
    with conn.engine.connect() as gate:
        gate = gate.execution_options(readonly=True)  # the gate itself never takes the shared lock
        with gate.begin():
            if not writers_stopped(gate, wait_seconds):
                return False
            conn.execute(select(literal(1)))  # the snapshot, taken now
    return True


def writers_stopped_here(conn: Connection, wait_seconds: int = MARK_WAIT_SECONDS) -> bool:
    """In a write transaction of ours (holding the shared lock; a session's own locks never conflict): the lock
    exclusively until it ends, so the newest id it reads next has no uncommitted id below it and every later
    write transaction numbers above it. False when the others did not end within ``wait_seconds``."""
    stopped = writers_stopped(conn, wait_seconds)
    conn.exec_driver_sql("SET LOCAL lock_timeout TO DEFAULT")
    return stopped
