"""Many rows into one table in one statement, handed to the driver as they are (dates, datetimes, integer
fen, bytes): the path for tens of thousands of rows, where per-row processing in Python would dominate.
The statement is compiled from the table's own columns for the connection's dialect."""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from sqlalchemy import Connection, Integer, Table, func, insert, select
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError


@lru_cache(maxsize=128)
def _statement(dialect: Dialect, table: Table, columns: tuple[str, ...]) -> tuple[str, tuple[int, ...] | None]:
    compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
    if compiled.positiontup is None:
        return str(compiled), None
    return str(compiled), tuple(columns.index(name) for name in compiled.positiontup)


# From this many rows a server is sent them by COPY: one stream the server parses in bulk instead of a
# prepared INSERT executed once a row (a branch's file moved onto a server was bound by the server's per-row
# work: 6,100 rows a second idle). Fewer rows, as a posting writes, go by INSERT.
COPY_FROM = 1_000


def insert_rows(conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[tuple]) -> None:
    """``rows`` are tuples in the order of ``columns``."""
    if not rows:
        return
    columns = tuple(columns)
    if conn.dialect.name == "postgresql" and len(rows) >= COPY_FROM:
        _copy_in(conn, table, columns, rows)
        return
    sql, order = _statement(conn.dialect, table, columns)
    if order is None:
        conn.exec_driver_sql(sql, [dict(zip(columns, row)) for row in rows])
        return
    if order != tuple(range(len(columns))):
        rows = [tuple(row[i] for i in order) for row in rows]
    elif type(rows[0]) is not tuple:
        rows = [tuple(row) for row in rows]  # the driver reads plain tuples fastest (not named ones)
    conn.exec_driver_sql(sql, rows if isinstance(rows, list) else list(rows))


def _copy_in(conn: Connection, table: Table, columns: tuple[str, ...], rows: Sequence[tuple]) -> None:
    """``COPY table (columns) FROM STDIN`` in the connection's transaction; the row triggers fire as for INSERT.
    The driver's error comes back as SQLAlchemy's, as an INSERT's would (app/services/failures.py reads those)."""
    quote = conn.dialect.identifier_preparer
    sql = (f"COPY {quote.format_table(table)} ({', '.join(quote.quote(name) for name in columns)}) "
           f"FROM STDIN")
    driver = conn.connection.driver_connection
    try:
        with driver.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
    except conn.dialect.loaded_dbapi.Error as error:
        raise DBAPIError.instance(sql, None, error, conn.dialect.loaded_dbapi.Error) from error


def sequence_past_ids(conn: Connection, table: Table) -> None:
    """After rows were written with their ids (a copy, the demo's load): on a server, the table's id sequence
    moves past the largest id, so the next row numbered by the server does not take one already used. SQLite
    numbers from the largest id in the table anyway."""
    if conn.dialect.name != "postgresql":
        return
    key = list(table.primary_key.columns)
    if len(key) != 1 or not isinstance(key[0].type, Integer) or key[0].autoincrement is False:
        return
    sequence = conn.execute(select(func.pg_get_serial_sequence(table.name, key[0].name))).scalar()
    if sequence is None:
        return
    largest = conn.execute(select(func.max(key[0]))).scalar()
    # setval(seq, n, is_called): the next id is n + 1, or 1 on a table with no rows
    conn.execute(select(func.setval(sequence, largest or 1, largest is not None)))
