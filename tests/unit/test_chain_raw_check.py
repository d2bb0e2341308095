"""The city office checks a branch's whole history link by link (6.8 million links at 20,000 customers) on the
driver's plain rows, with formatters compiled per shape of row; the definition reads the rows through
SQLAlchemy. The two must find the same broken links (and fail the same way on a value no chain can hold) for
every chained table's rows: NULLs, any unicode, the largest integers, negative amounts, times with and
without microseconds, stored by the program's either writer, and any one value changed behind its back."""
from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import (
    Boolean, Column, Date, DateTime, Integer, LargeBinary, MetaData, String, Table, create_engine, insert, select,
)
from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect

from db.bulk import insert_rows
from db.chain import CHAINED, RECORDED_AT, Chains, _RawCheck, _raw_check_sql, broken_links, kept_heads, links


def _bare_schema():
    """The chained tables and the links with their columns' types only (no NOT NULL, CHECK or foreign key:
    the check reads whatever a file holds)."""
    engine = create_engine("sqlite://")
    metadata = MetaData()
    for table in (links, kept_heads, *CHAINED.values()):  # (the kept heads, which linking writes)
        Table(table.name, metadata, *[Column(c.name, c.type, primary_key=c.primary_key) for c in table.columns])
    metadata.create_all(engine)
    return engine

_INT64 = st.integers(-2**63, 2**63 - 1)


def _values(column):
    kind = column.type
    if column.name == "customer_id" and column.table.name != "audit_log":
        return st.integers(-3, 3)  # a chain of its own; a few chains, each with several links
    if column.table.name == "audit_log" and column.name == "user_id":
        # an entry of no customer is on its user's chain, numbered -user_id: the chain's key is an int64 too
        return st.none() | st.integers(-2**63 + 1, 2**63 - 1) | st.integers(-3, 3)
    if isinstance(kind, Boolean):
        strategy = st.booleans()
    elif isinstance(kind, Integer):
        strategy = _INT64 | st.integers(-1_000_000, 1_000_000)  # negative amounts, small and huge
    elif isinstance(kind, String):
        strategy = st.text(max_size=12) | st.sampled_from(["欠费", "'{x}'", "a\x1eb", "\x00", "", "s3:abc"])
    elif isinstance(kind, LargeBinary):
        strategy = st.binary(max_size=20)
    elif isinstance(kind, DateTime):
        strategy = st.datetimes(min_value=datetime(1, 1, 1, 0, 0, 1))
    elif isinstance(kind, Date):
        strategy = st.dates()
    else:
        raise AssertionError(f"no strategy for {column.table.name}.{column.name} ({kind!r})")
    if column.name == RECORDED_AT[column.table.name]:
        return strategy
    return st.none() | strategy


@st.composite
def ledgers(draw):
    """Rows of every chained table (a few each), and whether each table went in through SQLAlchemy (times
    stored with six digits of microseconds) or the bulk writer (the driver's own format)."""
    written = {}
    for table in CHAINED.values():
        columns = [c for c in table.columns if c.name != "id"]
        rows = draw(st.lists(st.tuples(*[_values(c) for c in columns]), max_size=4))
        written[table.name] = ([(n + 1, *row) for n, row in enumerate(rows)], draw(st.booleans()))
    return written


# One value changed behind the program's back: what a tampered or foreign file may hold.
_STRANGE = st.one_of(
    _INT64, st.floats(allow_nan=False), st.text(max_size=8), st.binary(max_size=8), st.none(),
    st.sampled_from(["2026-11-25T09:00:00", "2026-11-25 09:00", "2026-11-25 09:00:00.000000", "2026-11-25",
                     "2026-02-30 09:00:00", "2026-11-25 09:00:00+08:00", "20261125", "0", "1", "true"]))


@st.composite
def changes(draw, written):
    candidates = [(name, row[0]) for name, (rows, _) in written.items() for row in rows]
    if not candidates or draw(st.booleans()):
        return None
    name, row_id = draw(st.sampled_from(candidates))
    table = next(t for t in CHAINED.values() if t.name == name)
    column = draw(st.sampled_from([c.name for c in table.columns if c.name != "id"] + [None]))
    return name, row_id, column, None if column is None else draw(_STRANGE)


def _outcome(check):
    try:
        return "found", list(check())
    except (TypeError, ValueError, OverflowError) as error:  # a value no chain holds: both refuse it
        return "raised", type(error)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_the_check_on_plain_rows_finds_what_the_definition_finds(data):
    written = data.draw(ledgers())
    engine = _bare_schema()
    with engine.begin() as conn:
        chains = Chains(lambda: conn)
        for table in CHAINED.values():
            rows, through_core = written[table.name]
            if not rows:
                continue
            names = [c.name for c in table.columns]
            if through_core:
                conn.execute(insert(table), [dict(zip(names, row)) for row in rows])
            else:
                insert_rows(conn, table, names, rows)
            chains.link(table, rows)
        all_chains = list(conn.execute(select(links.c.chain).distinct()).scalars())
        # as the program wrote them: every link holds, both ways
        assert list(broken_links(conn)) == []
        assert list(broken_links(conn, chains=all_chains)) == []
        change = data.draw(changes(written))
        if change is not None:
            name, row_id, column, value = change
            raw: sqlite3.Connection = conn.connection.driver_connection
            if column is None:  # the row removed
                raw.execute(f"DELETE FROM {name} WHERE id = ?", (row_id,))
            else:
                raw.execute(f'UPDATE {name} SET "{column}" = ? WHERE id = ?', (value, row_id))
        fast = _outcome(lambda: broken_links(conn, batch=3))
        definition = _outcome(lambda: broken_links(conn, chains=all_chains))  # (the definition's path)
        assert fast == definition, change


def test_rows_as_the_program_stores_them_take_the_compiled_formatters():
    """The fast path is the one taken: a row with a NULL, text and times in either stored format compiles."""
    engine = _bare_schema()
    dialect = sqlite_dialect()
    with engine.begin() as conn:
        for entity, table in CHAINED.items():
            row = []
            for column in table.columns:
                kind = column.type
                row.append(1 if column.name == "id" else 7 if isinstance(kind, Integer) else True
                           if isinstance(kind, Boolean) else "欠费" if isinstance(kind, String) else b"\x01"
                           if isinstance(kind, LargeBinary) else datetime(2026, 11, 25, 9, 30, 0, 5)
                           if isinstance(kind, DateTime) else datetime(2026, 11, 25).date())
            row[-1] = None if table.c[table.c.keys()[-1]].nullable else row[-1]
            names = [c.name for c in table.columns]
            insert_rows(conn, table, names, [tuple(row)])
            Chains(lambda: conn).link(table, [tuple(row)])
            sql, params, constants = _raw_check_sql(entity, False)
            values = {**constants, "after": 0, "through": None}
            [found] = conn.connection.driver_connection.execute(sql, [values[p] for p in params]).fetchall()
            check = _RawCheck(entity, table, dialect)
            encode = check.encoder(tuple(map(type, found)))
            assert encode != check.by_definition, table.name
            assert encode(found) == check.by_definition(found), table.name
        assert list(broken_links(conn)) == []


@pytest.mark.parametrize("stored", ["2026-11-25 09:30:00", "2026-11-25 09:30:00.000000"])
def test_a_link_whose_time_is_stored_in_another_format_still_holds(stored):
    """The bulk writer stores '… 09:30:00', SQLAlchemy '… 09:30:00.000000': the same moment, the same digest."""
    engine = _bare_schema()
    table = CHAINED[2]  # repayments
    with engine.begin() as conn:
        row = (1, b"\x02", 1, 5, -300, datetime(2026, 11, 25).date(), "cash", "R1", 1, "normal", "",
               datetime(2026, 11, 25, 9, 30))
        insert_rows(conn, table, [c.name for c in table.columns], [row])
        Chains(lambda: conn).link(table, [row])
        conn.connection.driver_connection.execute("UPDATE repayments SET recorded_at = ?", (stored,))
        assert list(broken_links(conn)) == []
        conn.connection.driver_connection.execute("UPDATE repayments SET recorded_at = '2026-11-25 09:31:00'")
        assert [b.problem for b in broken_links(conn)] == ["time"]
