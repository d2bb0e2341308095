"""The overdue queue's per-customer collection state (issue 14, queue): ``customer_collection_state``, one row per
customer with any collection record (催收记录), escalation decision or investigation note, holding what the queue
shows of them. THE one home that writes it: ``keep_collection_state`` recomputes the rows of the customers
given from their history, in the caller's transaction. Every path that writes those rows calls it: the
collection desk's services (through ``Collection.keep_state``), a bulk load (``Ledger.load``: the demo, the
benchmark's generator), the exchange applying a package into a replica (the customers of the package's rows)
and the migration that made the table; a copy of a whole database (copy-db) carries the rows as they are.
``verify`` compares the rows with ``recomputed_collection_state``."""
from __future__ import annotations

from collections.abc import Collection
from datetime import date
from functools import lru_cache

from sqlalchemy import Connection, Select, bindparam, delete, func, select, true
from sqlalchemy.sql.expression import SelectBase

from db.bulk import insert_rows
from db.models import CollectionRecord, CustomerCollectionState, Escalation, Investigation

_state = CustomerCollectionState.__table__
_records, _escalations, _investigations = (CollectionRecord.__table__, Escalation.__table__,
                                           Investigation.__table__)
# The tables the state is made from (each has ``customer_id``).
STATE_SOURCES = ("collection_records", "escalations", "investigations")
# The columns as migration 0019 made them (the migration writes through this module too).
STATE_COLUMNS = ("customer_id", "last_record_id", "last_contact", "last_channel", "promised_on", "next_follow_up",
                 "decisions", "first_decided_on", "last_decided_on", "investigated_on")
CONFIRMED_MARK = "+"  # before a confirmed action in ``decisions``
_CHUNK = 900          # ids per IN (...) list: below SQLite's old limit of bound parameters

Customers = Collection[int] | SelectBase | None  # some ids, a query of ids (a SELECT or a UNION), or every customer


def _within(column, customers: Customers):
    return true() if customers is None else column.in_(customers)


# Some ids, as one list parameter: the statements below are built once for each way of naming the customers (this,
# a query of ids, or None: every customer), not at each write of a collection record.
_IDS = bindparam("b_customers", expanding=True)


def _is_ids(customers: Customers) -> bool:
    return customers is not None and not isinstance(customers, SelectBase)


def _shape(customers: Customers):
    return _IDS if _is_ids(customers) else customers


def _params(customers: Customers) -> dict:
    return {"b_customers": list(customers)} if _is_ids(customers) else {}


@lru_cache(maxsize=32)
def _state_statements(customers) -> tuple[Select, Select, Select]:
    """(each customer's latest collection record, their escalation decisions in order, their latest
    investigation note) for ``customers`` (a ``_shape``)."""
    r, latest_r = _records, _records.alias("latest_r")
    who = select(r.c.customer_id).where(_within(r.c.customer_id, customers)).distinct().subquery("who")
    latest = (select(latest_r.c.id).where(latest_r.c.customer_id == who.c.customer_id)
              .order_by(latest_r.c.contacted_on.desc(), latest_r.c.id.desc()).limit(1).scalar_subquery())
    records = (select(who.c.customer_id, r.c.id, r.c.contacted_on, r.c.channel, r.c.promised_on, r.c.next_follow_up)
               .select_from(who.join(r, r.c.id == latest)))
    e = _escalations
    escalations = (select(e.c.customer_id, e.c.decided_on, e.c.decision, e.c.action)
                   .where(_within(e.c.customer_id, customers)).order_by(e.c.customer_id, e.c.id))
    v = _investigations
    investigations = (select(v.c.customer_id, func.max(v.c.noted_on))
                      .where(_within(v.c.customer_id, customers)).group_by(v.c.customer_id))
    return records, escalations, investigations


@lru_cache(maxsize=32)
def _kept_statements(customers):
    """(the kept rows of ``customers`` (a ``_shape``) removed, read)."""
    s = _state
    return (delete(s).where(_within(s.c.customer_id, customers)),
            select(*[s.c[name] for name in STATE_COLUMNS]).where(_within(s.c.customer_id, customers)))


def recomputed_collection_state(conn: Connection, customers: Customers = None) -> dict[int, tuple]:
    """customer id -> the state row (``STATE_COLUMNS``) made from the customer's collection records, escalation
    decisions and investigation notes alone, for ``customers`` (every customer if None) that have any."""
    rows: dict[int, list] = {}

    def row(cid: int) -> list:
        found = rows.get(cid)
        if found is None:
            found = rows[cid] = [cid, None, None, None, None, None, None, None, None, None]
        return found

    records, escalations, investigations = _state_statements(_shape(customers))
    params = _params(customers)
    for cid, rid, on, channel, promised, follow_up in conn.execute(records, params):
        row(cid)[1:6] = [rid, on, channel, promised, follow_up]
    tokens: dict[int, list[str]] = {}
    for cid, decided_on, decision, action in conn.execute(escalations, params):
        found = row(cid)
        tokens.setdefault(cid, []).append((CONFIRMED_MARK if decision == "confirmed" else "") + action)
        found[7] = decided_on if found[7] is None else min(found[7], decided_on)
        found[8] = decided_on if found[8] is None else max(found[8], decided_on)
    for cid, listed in tokens.items():
        rows[cid][6] = ",".join(listed)
    for cid, noted_on in conn.execute(investigations, params):
        row(cid)[9] = noted_on
    return {cid: tuple(values) for cid, values in rows.items()}


def keep_collection_state(conn: Connection, customers: Customers = None) -> None:
    """The state rows of ``customers`` (every customer if None) made again from their history, in the caller's
    transaction: after any write of collection records, escalation decisions or investigation notes."""
    if _is_ids(customers):
        ids = sorted(set(customers))
        for start in range(0, len(ids), _CHUNK):
            _keep(conn, ids[start:start + _CHUNK])
        return
    _keep(conn, customers)


def _keep(conn: Connection, customers: Customers) -> None:
    rows = recomputed_collection_state(conn, customers)
    conn.execute(_kept_statements(_shape(customers))[0], _params(customers))
    insert_rows(conn, _state, STATE_COLUMNS, list(rows.values()))


def kept_collection_state(conn: Connection, customers: Customers = None) -> dict[int, tuple]:
    return {row[0]: tuple(row) for row in conn.execute(_kept_statements(_shape(customers))[1], _params(customers))}


def collection_state_differences(conn: Connection, customers: Customers = None) -> list[tuple]:
    """(customer id, column, recomputed, kept) for every kept value the history does not give (a missing row:
    column "*"), of ``customers`` (every customer if None)."""
    again, kept = recomputed_collection_state(conn, customers), kept_collection_state(conn, customers)
    found = []
    for cid in sorted(again.keys() | kept.keys()):
        a, k = again.get(cid), kept.get(cid)
        if a is None or k is None:
            found.append((cid, "*", a, k))
            continue
        found += [(cid, name, x, _same_type(x, y)) for name, x, y in zip(STATE_COLUMNS, a, k) if x != _same_type(x, y)]
    return found


def _same_type(wanted, value):
    """A kept date read back as ISO text (a file filled by plain SQL) compares as the date it is."""
    if isinstance(wanted, date) and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value
