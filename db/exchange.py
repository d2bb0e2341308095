"""数据交换: the rows a package carries, written into and read from its payload (an SQLite file).

A branch's package carries, from the branch's own database:
- every row appended to a log table (ledger, collection file, reporting figures, hash chain) since the
  previous package, by id range: those tables are append-only, and SQLite hands out ids in commit order,
  so ``(previous mark, this mark]`` is exactly what is new;
- the whole of the small state tables (sites, users, customers, agreements …), which change in place;
- the maintained balances of the customers the new rows touched.

The city office keeps each branch's rows in a replica of the branch's database (same ids, so the hash
chains and their root are the branch's own, byte for byte) and applies a payload into it with plain
``INSERT … SELECT`` between attached files, the fastest copy SQLite has.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from sqlalchemy import Column, Connection, Engine, MetaData, Table, delete, func, insert, select, text, true, update
from sqlalchemy.orm import Session
from sqlalchemy.dialects.sqlite import insert as upsert

from db.chain import Chains, broken_links, links
from db.models import APPEND_ONLY_TABLES, Base, CityBlacklistEntry, Customer, ExchangePackage, Site

# Shipped whole and written over (they change in place), in the order their foreign keys need.
STATE_TABLES = ("sites", "branches", "users", "business_lines", "settings", "customers", "credit_applications",
                "agreements", "customer_balances")
# Shipped by id range, in the order their foreign keys need.
LOG_TABLES = tuple(t.name for t in Base.metadata.sorted_tables if t.name in APPEND_ONLY_TABLES)
# Maintained figures: a customer's rows are replaced whenever the package touches the customer.
BALANCES_BY_CUSTOMER = ("item_balances", "repayment_balances")
HEADS = "chain_heads"  # the payload's list of (chain, head digest) for the chains it touched

_tables = Base.metadata.tables
PACKAGE_ALIAS = "pkg"


@cache
def _in_package(name: str) -> Table:
    """The payload's copy of a table, addressed in the attached file (made once: the same Table object
    each time lets SQLAlchemy reuse the statements it compiled)."""
    if name == HEADS:
        return Table(HEADS, MetaData(schema=PACKAGE_ALIAS), Column("chain"), Column("digest"))
    source = _tables[name]
    return Table(name, MetaData(schema=PACKAGE_ALIAS), *[Column(c.name, c.type) for c in source.columns])


_HEADS_TABLE = text(f"CREATE TABLE {PACKAGE_ALIAS}.{HEADS} (chain INTEGER PRIMARY KEY, digest BLOB NOT NULL)")


@contextmanager
def attached(engine: Engine, payload: Path, *, write: bool) -> Iterator[Connection]:
    """A connection to ``engine``'s database with the payload file attached as ``pkg``, in one transaction
    (a write transaction on the main file when ``write``), committed when the block ends without error.
    SQLite attaches only outside a transaction, so it is done on the driver's connection first."""
    conn = engine.connect()
    raw = conn.connection.driver_connection
    try:
        raw.execute("PRAGMA trusted_schema = OFF")  # a payload's schema is data, never code
        raw.execute(f"ATTACH DATABASE ? AS {PACKAGE_ALIAS}", (str(payload),))
        try:
            with conn.execution_options(readonly=not write).begin():
                yield conn
        finally:
            if conn.in_transaction():
                conn.rollback()
            raw.execute(f"DETACH DATABASE {PACKAGE_ALIAS}")
    finally:
        conn.close()


def high_water_marks(conn: Connection) -> dict[str, int]:
    """The last id of every log table now."""
    return {name: conn.execute(select(func.coalesce(func.max(_tables[name].c.id), 0))).scalar_one()
            for name in LOG_TABLES}


def _touched_customers(marks_from: Mapping[str, int], marks_to: Mapping[str, int]):
    return (select(links.c.chain).where(links.c.id > marks_from.get("ledger_chain", 0),
                                        links.c.id <= marks_to["ledger_chain"], links.c.chain > 0)
            .distinct().scalar_subquery())


def write_payload(conn: Connection, marks_from: Mapping[str, int], marks_to: Mapping[str, int]) -> dict[str, int]:
    """Fill the attached (empty) payload with what is new after ``marks_from`` up to ``marks_to``;
    returns the row count of each table."""
    counts: dict[str, int] = {}

    def copy(name: str, query) -> None:
        conn.execute(text(f"CREATE TABLE {PACKAGE_ALIAS}.{name} AS SELECT * FROM main.{name} WHERE 0"))
        target = _in_package(name)
        result = conn.execute(insert(target).from_select([c.name for c in target.columns], query))
        counts[name] = result.rowcount

    for name in STATE_TABLES:
        copy(name, select(*_tables[name].columns))
    for name in LOG_TABLES:
        table = _tables[name]
        copy(name, select(*table.columns).where(table.c.id > marks_from.get(name, 0), table.c.id <= marks_to[name]))
    touched = _touched_customers(marks_from, marks_to)
    for name in BALANCES_BY_CUSTOMER:
        table = _tables[name]
        copy(name, select(*table.columns).where(table.c.customer_id.in_(touched)))
    conn.execute(_HEADS_TABLE)
    heads_table = _in_package(HEADS)
    last = (select(func.max(links.c.id)).where(links.c.id <= marks_to["ledger_chain"], links.c.chain.in_(
        select(links.c.chain).where(links.c.id > marks_from.get("ledger_chain", 0),
                                    links.c.id <= marks_to["ledger_chain"]).distinct()))
            .group_by(links.c.chain))
    conn.execute(insert(heads_table).from_select(["chain", "digest"],
                                                 select(links.c.chain, links.c.digest).where(links.c.id.in_(last))))
    return counts


def payload_counts(conn: Connection) -> dict[str, int]:
    return {name: conn.execute(select(func.count()).select_from(_in_package(name))).scalar_one()
            for name in STATE_TABLES + LOG_TABLES + BALANCES_BY_CUSTOMER}


def payload_rows_from_other_sites(conn: Connection, site_id: int) -> list[tuple[str, int]]:
    """Ledger rows in the payload that the sending site did not write itself (it owns none of them)."""
    found: list[tuple[str, int]] = []
    for name in LOG_TABLES:
        table = _in_package(name)
        if "site_id" not in table.c:
            continue
        found += [(name, row_id) for (row_id,) in conn.execute(
            select(table.c.id).where(table.c.site_id != site_id).order_by(table.c.id).limit(20))]
    return found


def apply_payload(conn: Connection) -> set[int]:
    """Write the attached payload into the main database: state tables over what is there, log rows
    appended with their own ids, the touched customers' balances replaced. Returns the customers touched."""
    statements, touched = _apply_statements()
    for statement in statements:
        conn.execute(statement)
    return {c for (c,) in conn.execute(touched)}


@cache
def _apply_statements():
    """``apply_payload``'s statements, in order, and the query of the customers touched: they take no
    parameters, so they are built once."""
    statements = []
    for name in STATE_TABLES:
        table, source = _tables[name], _in_package(name)
        names = [c.name for c in table.columns]
        keys = [c.name for c in table.primary_key.columns]
        statement = upsert(table).from_select(names, select(*source.columns).where(true()))
        statements.append(statement.on_conflict_do_update(
            index_elements=keys, set_={n: statement.excluded[n] for n in names if n not in keys}))
    for name in LOG_TABLES:
        table, source = _tables[name], _in_package(name)
        statements.append(insert(table).from_select([c.name for c in table.columns], select(*source.columns)))
    heads = _in_package(HEADS)
    touched = select(heads.c.chain).where(heads.c.chain > 0)
    for name in BALANCES_BY_CUSTOMER:
        table, source = _tables[name], _in_package(name)
        statements.append(delete(table).where(table.c.customer_id.in_(touched)))
        statements.append(insert(table).from_select([c.name for c in table.columns], select(*source.columns)))
    return tuple(statements), touched


def payload_heads(conn: Connection) -> dict[int, bytes]:
    heads = _in_package(HEADS)
    return dict(conn.execute(select(heads.c.chain, heads.c.digest)).all())


def chain_heads(conn: Connection, chains: Sequence[int]) -> dict[int, bytes]:
    found: dict[int, bytes] = {}
    ids = sorted(chains)
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        last = select(func.max(links.c.id)).where(links.c.chain.in_(part)).group_by(links.c.chain)
        found.update(conn.execute(select(links.c.chain, links.c.digest).where(links.c.id.in_(last))).all())
    return found


def first_broken_link(conn: Connection, chains: Sequence[int] | None):
    """The first broken link among ``chains`` (all if None), or None."""
    return next(iter(broken_links(conn, chains=chains)), None)


def integrity_root(conn: Connection) -> str:
    return Chains(lambda: conn).root()


# -- the city-wide blacklist ---------------------------------------------------------------------------
def blacklisted_customers(conn: Connection) -> list[tuple[bytes, str, str]]:
    """(uid, name, id number) of this database's blacklisted customers."""
    c = Customer.__table__
    return [tuple(r) for r in conn.execute(
        select(c.c.uid, c.c.name, c.c.id_number).where(c.c.status == "blacklisted").order_by(c.c.id))]


def replace_city_blacklist(conn: Connection, rows: Sequence[tuple[str, bytes, str, str]]) -> None:
    table = CityBlacklistEntry.__table__
    conn.execute(delete(table))
    if rows:
        conn.execute(insert(table), [dict(site_code=s, customer_uid=u, name=n, id_number=i) for s, u, n, i in rows])


# -- the record of packages and sites --------------------------------------------------------------------
class ExchangeBook:
    """交换登记簿: the sites this one exchanges with and the packages it made and received."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def local_site(self) -> Site | None:
        return self.session.scalar(select(Site).where(Site.is_local.is_(True)))

    def peer(self, code: str) -> Site | None:
        return self.session.scalar(select(Site).where(Site.code == code, Site.is_local.is_(False)))

    def city(self) -> Site | None:
        return self.session.scalar(select(Site).where(Site.kind == "city", Site.is_local.is_(False)))

    def peers(self, *, kind: str | None = None, active: bool = False) -> list[Site]:
        query = select(Site).where(Site.is_local.is_(False))
        if kind is not None:
            query = query.where(Site.kind == kind)
        if active:
            query = query.where(Site.revoked_at.is_(None))
        return list(self.session.scalars(query.order_by(Site.code)))

    def last_out(self, kind: str, addressee: str | None = None) -> ExchangePackage | None:
        query = select(ExchangePackage).where(ExchangePackage.direction == "out", ExchangePackage.kind == kind)
        if addressee is not None:
            query = query.where(ExchangePackage.site_code == addressee)
        return self.session.scalar(query.order_by(ExchangePackage.seq.desc()).limit(1))

    def sent_sha256(self, kind: str, seq: int) -> str | None:
        """The manifest digest of the package ``seq`` this site sent (None if it sent none)."""
        return self.session.scalar(select(ExchangePackage.sha256).where(
            ExchangePackage.direction == "out", ExchangePackage.kind == kind, ExchangePackage.seq == seq)
            .order_by(ExchangePackage.id.desc()).limit(1))

    def unacknowledged(self, kind: str) -> list[ExchangePackage]:
        return list(self.session.scalars(select(ExchangePackage).where(
            ExchangePackage.direction == "out", ExchangePackage.kind == kind, ExchangePackage.state == "sent")
            .order_by(ExchangePackage.seq)))

    def acknowledge_up_to(self, kind: str, seq: int) -> None:
        self.session.execute(update(ExchangePackage).where(
            ExchangePackage.direction == "out", ExchangePackage.kind == kind, ExchangePackage.state == "sent",
            ExchangePackage.seq <= seq).values(state="acknowledged", content=None))

    def received(self, sender: str, kind: str) -> list[tuple[int, str, str]]:
        """(seq, digest, state) of what came from ``sender`` and was applied or is held."""
        return [tuple(r) for r in self.session.execute(
            select(ExchangePackage.seq, ExchangePackage.sha256, ExchangePackage.state).where(
                ExchangePackage.direction == "in", ExchangePackage.kind == kind, ExchangePackage.site_code == sender,
                ExchangePackage.state.in_(["applied", "held"])))]

    def held(self, sender: str, seq: int) -> ExchangePackage | None:
        return self.session.scalar(select(ExchangePackage).where(
            ExchangePackage.direction == "in", ExchangePackage.site_code == sender, ExchangePackage.seq == seq,
            ExchangePackage.state == "held").order_by(ExchangePackage.id).limit(1))

    def packages(self) -> list[ExchangePackage]:
        return list(self.session.scalars(select(ExchangePackage).order_by(ExchangePackage.handled_at.desc(),
                                                                           ExchangePackage.id.desc())))

    def blacklist_entry(self, name: str, id_number: str) -> CityBlacklistEntry | None:
        table = CityBlacklistEntry
        if id_number:
            return self.session.scalar(select(table).where(table.id_number == id_number).limit(1))
        return self.session.scalar(select(table).where(table.name == name).limit(1))

    @staticmethod
    def payload_sender_site(conn: Connection) -> int | None:
        sites = _in_package("sites")
        return conn.execute(select(sites.c.id).where(sites.c.is_local.is_(True))).scalar()


def record_applied(conn: Connection, **values) -> None:
    """The package just applied, in the same transaction as its rows; a held copy of it is done with."""
    table = ExchangePackage.__table__
    done = conn.execute(update(table).where(table.c.direction == "in", table.c.site_code == values["site_code"],
                                            table.c.seq == values["seq"], table.c.state == "held")
                        .values(state="applied", content=None, reason=None, handled_at=values["handled_at"]))
    if done.rowcount == 0:
        conn.execute(insert(table).values(state="applied", direction="in", reason=None, content=None, **values))
