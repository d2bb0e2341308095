"""防篡改: the hash chains that make the ledger and the audit trail tamper-evident.

Every row appended to a ledger table or the audit trail gets one link in ``ledger_chain``. Links form
one chain per customer (a customer's entries are written one use case at a time anyway), and one per
user for audit records about no customer (sign-ins, settings), so no single chain serialises every
writer. A link's digest is SHA-256 over the previous link's digest in its chain, the link's place
(chain, table, row id, time) and the row's whole content, so changing, removing or inserting any row
breaks its chain from that row on, and ``verify`` names the first broken row.

Whoever holds the file can recompute every digest, so the proof lives outside it: the Merkle root over
all chain heads as of a moment (printed on the daily report and exported reports, carried in exchange
packages) fixes the whole history up to then; ``verify --against ROOT --as-of DATE`` recomputes it.
Construction: leaves ``sha256(0x00 ‖ chain ‖ head)`` in chain order, nodes ``sha256(0x01 ‖ left ‖ right)``,
an odd node carried up unchanged; no chains: ``sha256(b"")``.

The heads as they stand are also kept (``ledger_chain_heads``, written with every link), for the root of the
ledger now that every exchange package carries: one row a chain, not a seek to the end of each chain.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy.dialects.postgresql import insert as server_insert
from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect, insert as file_insert
from sqlalchemy import (
    Connection, Integer, LargeBinary, Select, Table, bindparam, func, inspect, literal, select, text, true, union,
    union_all,
)

from db.bulk import insert_rows
from db.models import (
    Allocation, ArrearsItem, AuditRecord, ChainHead, ChainLink, Customer, Recovery, Repayment, Reversal, User,
    WriteOff,
)

links = ChainLink.__table__
kept_heads = ChainHead.__table__
_audit = AuditRecord.__table__

# Which table a link points at (stored as a number: the chain table is the biggest table of all).
ENTITIES: dict[str, int] = {"arrears_items": 1, "repayments": 2, "allocations": 3, "reversals": 4, "write_offs": 5,
                            "audit_log": 6, "recoveries": 7}
CHAINED: dict[int, Table] = {ENTITIES[t.name]: t for t in (ArrearsItem.__table__, Repayment.__table__,
                                                           Allocation.__table__, Reversal.__table__,
                                                           WriteOff.__table__, _audit, Recovery.__table__)}
# Each table's own recording time: a link is "as of" a moment when its row was recorded before it.
RECORDED_AT = {"arrears_items": "recorded_at", "repayments": "recorded_at", "allocations": "created_at",
               "reversals": "created_at", "write_offs": "created_at", "audit_log": "at", "recoveries": "recorded_at"}
GENESIS = bytes(32)
_LINK_COLUMNS = ("chain", "entity", "entity_id", "at", "digest")


def encode_row(values: Sequence[Any]) -> bytes:
    """A row's content as bytes, one way for every type the ledger stores (text length-prefixed, so no
    value can pass for two): ``N``, ``i<int>``, ``s<length>:<text>``, ``t<ISO datetime>``, ``d<ISO date>``,
    ``b<hex>``, joined by 0x1E. Millions of rows are linked when a ledger is loaded or checked, so each
    shape of row (the types of its values) gets one compiled formatter; ``_encode_slowly`` is the
    definition it must match."""
    kinds = tuple(map(type, values))
    encoder = _ENCODERS.get(kinds)
    if encoder is None:
        encoder = _ENCODERS[kinds] = _compile_encoder(kinds)
    return encoder(values)


# Each type's field as f-string source (``{0}`` stands for the value); other types: _encode_slowly refuses.
_FIELDS: dict[type, str] = {type(None): "N", int: "i{{{0}}}", bool: "i{{{0}:d}}", str: "s{{len({0})}}:{{{0}}}",
                            datetime: "t{{{0}.isoformat()}}", date: "d{{{0}.isoformat()}}", bytes: "b{{{0}.hex()}}"}
_ENCODERS: dict[tuple[type, ...], Callable[[Sequence[Any]], bytes]] = {}


def _compile_encoder(kinds: tuple[type, ...]) -> Callable[[Sequence[Any]], bytes]:
    if any(kind not in _FIELDS for kind in kinds):
        return _encode_slowly
    fields = "\\x1e".join(_FIELDS[kind].format(f"r[{n}]") for n, kind in enumerate(kinds))
    return eval(f"lambda r: f'{fields}'.encode()")  # noqa: S307 - built only from _FIELDS, never from data


def _encode_slowly(values: Iterable[Any]) -> bytes:
    parts = []
    for v in values:
        kind = type(v)
        if v is None:
            parts.append("N")
        elif kind is int or kind is bool:
            parts.append(f"i{int(v)}")
        elif kind is str:
            parts.append(f"s{len(v)}:{v}")
        elif kind is datetime:
            parts.append(f"t{v.isoformat()}")
        elif kind is date:
            parts.append(f"d{v.isoformat()}")
        elif kind is bytes:
            parts.append(f"b{v.hex()}")
        else:
            raise TypeError(f"no chain encoding for {kind.__name__}")
    return "\x1e".join(parts).encode()


_sha256 = hashlib.sha256  # the check's hash of each link (a test counts the links checked through it)


def link_digest(previous: bytes, chain: int, entity: int, entity_id: int, at: datetime, row: Iterable[Any]) -> bytes:
    return _sha256(previous + _hashed(chain, entity, entity_id, at, row)).digest()


def _hashed(chain: int, entity: int, entity_id: int, at: datetime, row: Iterable[Any]) -> bytes:
    """What a link's digest hashes after its predecessor's digest: its place and its row."""
    return f"{chain}|{entity}|{entity_id}|{at.isoformat()}|".encode() + encode_row(row)


def merkle_root(heads: Sequence[tuple[int, bytes]]) -> str:
    """The root over (chain, head digest) pairs, as 64 hex digits."""
    level = [hashlib.sha256(b"\x00" + chain.to_bytes(8, "big", signed=True) + head).digest()
             for chain, head in sorted(heads)]
    if not level:
        return hashlib.sha256(b"").hexdigest()
    while len(level) > 1:
        paired = [hashlib.sha256(b"\x01" + level[i] + level[i + 1]).digest() for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0].hex()


class _Shape(NamedTuple):
    entity: int
    id_at: int
    at_at: int
    chain_of: Callable[[Sequence[Any]], int]


def _shape(table: Table) -> _Shape:
    names = list(table.c.keys())
    at = names.index(RECORDED_AT[table.name])
    customer = names.index("customer_id")
    if table.name == "audit_log":
        user = names.index("user_id")

        def chain_of(row):
            return row[customer] if row[customer] is not None else -(row[user] or 0)
    else:
        def chain_of(row):
            return row[customer]
    return _Shape(ENTITIES[table.name], names.index("id"), at, chain_of)


_SHAPES = {table.name: _shape(table) for table in CHAINED.values()}


# Each chain's last link is read from the end of the chain's index (``ix_ledger_chain_chain``), before an entry
# is linked: a MAX(id) ... GROUP BY chain reads every link of every chain asked for (neither SQLite nor PostgreSQL
# skips to the end of each group), which is thousands of links for an old customer and, for an import across
# every customer, the whole chain table. SQLite, in process, runs the one-chain statement for each chain on the
# driver's cursor (microseconds each); a server answers every chain of a batch in one statement (one round trip).
_HEAD_OF_SQL = f"SELECT digest FROM {links.name} WHERE chain = ? ORDER BY id DESC LIMIT 1"
_SERVER_HEADS_OF = text(
    f"SELECT k.chain, (SELECT l.digest FROM {links.name} AS l WHERE l.chain = k.chain ORDER BY l.id DESC LIMIT 1)"
    " FROM unnest(CAST(:b_chains AS INTEGER[])) AS k(chain)").columns(links.c.chain, links.c.digest)


def _rooted_chains():
    """The chains the integrity root is over: each customer's, each user's (negative), the site's (0)."""
    return union_all(select(Customer.__table__.c.id.label("chain")), select((-User.__table__.c.id).label("chain")),
                     select(literal(0).label("chain")))


@cache
def _heads_query(before: bool, through: bool):
    """Each chain's last link (before ``b_before``, up to link ``b_through``, as asked): built once per shape, since
    every export, import, verify and month close asks for the root."""
    chains = _rooted_chains().subquery()
    last = select(links.c.digest).where(links.c.chain == chains.c.chain)
    if before:
        last = last.where(links.c.at < bindparam("b_before", type_=links.c.at.type))
    if through:
        last = last.where(links.c.id <= bindparam("b_through", type_=Integer))
    head = last.order_by(links.c.id.desc()).limit(1).scalar_subquery()
    return select(chains.c.chain, head)


_LAST_LINK = select(func.max(links.c.id))
_KEPT_HEADS = select(kept_heads.c.chain, kept_heads.c.digest).where(kept_heads.c.chain.in_(_rooted_chains()))


# -- the kept heads (链头): written with every link, in the transaction that appends it -----------------------
@cache
def _keep_heads_statement(dialect: str, source: Table | None = None):
    """INSERT … ON CONFLICT (chain) DO UPDATE: a chain's first link adds its row, every later one replaces the
    digest. ``source``: the (chain, digest) rows of that table, not the parameters."""
    insert = (server_insert if dialect == "postgresql" else file_insert)(kept_heads)
    if source is not None:  # (SQLite reads ON CONFLICT after a SELECT without WHERE as the ON of a join)
        insert = insert.from_select(["chain", "digest"], select(source.c.chain, source.c.digest).where(true()))
    return insert.on_conflict_do_update(index_elements=[kept_heads.c.chain], set_={"digest": insert.excluded.digest})


def keep_heads(conn: Connection, heads: Sequence[dict]) -> None:
    """The new heads ({"chain", "digest"}) of the chains just linked."""
    if heads:
        conn.execute(_keep_heads_statement(conn.dialect.name), list(heads))


def keep_heads_of(conn: Connection, heads: Table) -> None:
    """The heads listed in ``heads`` (chain, digest): a package's, for the chains whose links it appended (the
    import then checks each against its chain's last link, and refuses the package if one differs)."""
    conn.execute(_keep_heads_statement(conn.dialect.name, heads))


@cache
def _kept_heads_wrong_query(since: bool) -> Select:
    """The chains whose kept head is not their last link's digest (missing, extra or different): of every chain
    (customers', users', the site's, and whatever is kept), or of those with a link after ``b_link``."""
    if since:
        chain, after = linked_since()
        chains = select(chain).where(after).distinct().subquery()
    else:
        chains = union(*_rooted_chains().selects, select(kept_heads.c.chain)).subquery()
    last = (select(links.c.digest).where(links.c.chain == chains.c.chain).order_by(links.c.id.desc()).limit(1)
            .scalar_subquery())
    kept = select(kept_heads.c.digest).where(kept_heads.c.chain == chains.c.chain).scalar_subquery()
    return select(chains.c.chain).where(last.is_distinct_from(kept)).order_by(chains.c.chain)


def kept_heads_now(conn: Connection) -> list[tuple[int, bytes]]:
    """Every kept head, of whatever chain."""
    return [(chain, digest) for chain, digest in conn.execute(select(kept_heads.c.chain, kept_heads.c.digest))]


def linked_since():
    """The chain of each link after ``b_link``. ``chain + 0``, not ``chain``: asked for distinct chains, SQLite
    would otherwise walk the whole chain index (every link of the ledger, in chain order) instead of the few links
    after the mark, by id (0.5 s of a busy day's import at 20,000 customers)."""
    return (links.c.chain + 0).label("chain"), links.c.id > bindparam("b_link", type_=Integer)


def chains_linked_since(conn: Connection, link: int) -> set[int]:
    """The chains with a link after link ``link``."""
    chain, after = linked_since()
    return set(conn.execute(select(chain).where(after).distinct(), {"b_link": link}).scalars())


def kept_heads_wrong(conn: Connection, since_link: int | None = None) -> list[int]:
    """``_kept_heads_wrong_query``: every chain (``since_link`` None) or those linked after that link."""
    return list(conn.execute(_kept_heads_wrong_query(since_link is not None), {"b_link": since_link or 0}).scalars())


class Chains:
    """Appends the links of rows just written, in the caller's transaction (which holds the write lock,
    so the heads read here stay the heads until it commits)."""

    def __init__(self, conn: Callable[[], Connection], *, keep_heads: bool = True) -> None:
        self._conn = conn
        self._heads: dict[int, bytes] = {}
        self._keep_heads = keep_heads  # False only in migration 0004, before there is a table for them (0024)

    def link(self, table: Table, rows: Sequence[Sequence[Any]]) -> None:
        """``rows``: complete rows of ``table`` (ids included), columns in table order, in id order."""
        if not rows:
            return
        shape = _SHAPES[table.name]
        chain_of, entity, id_at, at_at = shape.chain_of, shape.entity, shape.id_at, shape.at_at
        chains = {chain_of(row) for row in rows}
        self._load_heads(chains - self._heads.keys())
        heads = self._heads
        new = []
        append, sha256, encoders, get_head = new.append, hashlib.sha256, _ENCODERS, heads.get
        # link_digest inlined: a loaded ledger links millions of rows here.
        for row in rows:
            chain = chain_of(row)
            at = row[at_at]
            encode = encoders.get(tuple(map(type, row))) or encode_row
            digest = sha256(b"".join((get_head(chain, GENESIS),
                                      f"{chain}|{entity}|{row[id_at]}|{at.isoformat()}|".encode(),
                                      encode(row)))).digest()
            heads[chain] = digest
            append((chain, entity, row[id_at], at, digest))
        conn = self._conn()
        insert_rows(conn, links, _LINK_COLUMNS, new)
        if self._keep_heads:
            keep_heads(conn, [{"chain": chain, "digest": heads[chain]} for chain in chains])

    def _load_heads(self, chains: set[int]) -> None:
        ids, heads, conn = sorted(chains), self._heads, self._conn()
        if conn.dialect.name != "sqlite":  # the server (PostgreSQL)
            for start in range(0, len(ids), 5_000):
                heads.update((chain, digest) for chain, digest in
                             conn.execute(_SERVER_HEADS_OF, {"b_chains": ids[start:start + 5_000]}) if digest is not None)
        else:
            cursor = conn.connection.driver_connection.cursor()
            try:
                for chain in ids:
                    found = cursor.execute(_HEAD_OF_SQL, (chain,)).fetchone()
                    if found is not None:
                        heads[chain] = found[0]
            finally:
                cursor.close()
        for chain in ids:
            heads.setdefault(chain, GENESIS)

    # -- the proof kept outside the file -------------------------------------------------------------
    def heads(self, before: datetime | None = None, through: int | None = None) -> list[tuple[int, bytes]]:
        """Each chain's last link recorded before ``before`` (all links if None); only links up to id
        ``through`` if given (the chains as they stood when that link was the last one made)."""
        rows = self._conn().execute(_heads_query(before is not None, through is not None),
                                    {"b_before": before, "b_through": through}).all()
        return [(chain, digest) for chain, digest in rows if digest is not None]

    def root(self, before: datetime | None = None, through: int | None = None) -> str:
        return merkle_root(self.heads(before, through))

    def kept_root(self) -> str:
        """The integrity root of the ledger as it stands, from the kept heads (``ledger_chain_heads``): one row
        a chain, where ``root()`` seeks the end of each chain. The same root while ``verify`` finds them right."""
        return merkle_root([(chain, digest) for chain, digest in self._conn().execute(_KEPT_HEADS)])

    def last_link(self) -> int:
        """The id of the newest link (0: none yet)."""
        return self._conn().execute(_LAST_LINK).scalar() or 0

    def entries(self) -> int:
        return self._conn().execute(select(func.count()).select_from(links)).scalar_one()


class BrokenLink(NamedTuple):
    chain: int
    table: str
    entity_id: int
    problem: str   # "changed" | "missing" | "time"


def broken_links(conn: Connection, *, batch: int = 20_000, chains: Sequence[int] | None = None,
                 after: int = 0, through: int | None = None) -> Iterator[BrokenLink]:
    """Checks every link (or only those of ``chains``, or only those after link id ``after``) against the
    row it points at and the stored digest of the link before it in its chain; yields the first broken
    link of each broken chain, in chain order. Each link is checked on its own (its predecessor's stored
    digest, not a recomputed one), so the links up to ``after``, once checked, need not be again: the
    exchange checks only what a package added (and ``verify`` what came after its last verified point;
    ``through`` ends the range, for the slice of older links each verify re-hashes). Memory stays bounded
    by ``batch`` (plus one entry per broken chain)."""
    first: dict[int, tuple[int, BrokenLink]] = {}
    if chains is not None:
        ids = sorted(chains)
        for start in range(0, len(ids), 500):
            _check_links(conn, batch, after, through, ids[start:start + 500], first)
    else:
        _check_links(conn, batch, after, through, None, first)
    for chain in sorted(first):
        yield first[chain][1]


_before = links.alias("before")
# The stored digest of the link before, in the same chain (NULL for a chain's first link).
_PREVIOUS = (select(_before.c.digest).where(_before.c.chain == links.c.chain, _before.c.id < links.c.id)
             .order_by(_before.c.id.desc()).limit(1).scalar_subquery())


def _check_links(conn: Connection, batch: int, after: int, through: int | None, chains: list[int] | None,
                 first: dict[int, tuple[int, BrokenLink]]) -> None:
    """One streaming join per chained table: link, predecessor's digest, row (NULLs if it is missing)."""
    if conn.dialect.name == "sqlite" and chains is None:
        _check_links_raw(conn, batch, after, through, first)
        return
    for entity, table in CHAINED.items():
        query = _reference_check_query(entity, table).where(links.c.id > after)
        if through is not None:
            query = query.where(links.c.id <= through)
        if chains is not None:
            query = query.where(links.c.chain.in_(chains))
        # per statement: ``Connection.execution_options`` would change the caller's connection for good (a
        # server-side cursor for every later statement of its transaction, DDL included)
        for page in conn.execute(query, execution_options={"yield_per": batch}).partitions():
            _check_found(page, entity, table, first)


def _reference_check_query(entity: int, table: Table):
    return (select(links.c.chain, links.c.id, links.c.entity_id, links.c.at, links.c.digest, _PREVIOUS, *table.columns)
            .select_from(links.outerjoin(table, table.c.id == links.c.entity_id))
            .where(links.c.entity == entity))


def _check_found(page, entity: int, table: Table, first: dict[int, tuple[int, BrokenLink]]) -> None:
    """Each link of ``page`` (rows of ``_reference_check_query``) against its row, in Python: the definition."""
    shape = _SHAPES[table.name]
    id_at, at_at = shape.id_at, shape.at_at
    for found in page:
        chain, link_id, entity_id, at, digest, previous = found[:6]
        row = found[6:]
        if row[id_at] is None:
            problem = "missing"
        elif row[at_at] != at:
            problem = "time"
        elif link_digest(previous or GENESIS, chain, entity, entity_id, at, row) != digest:
            problem = "changed"
        else:
            continue
        _note(first, chain, link_id, BrokenLink(chain, table.name, entity_id, problem))


def _note(first: dict[int, tuple[int, BrokenLink]], chain: int, link_id: int, broken: BrokenLink) -> None:
    if chain not in first or first[chain][0] > link_id:
        first[chain] = (link_id, broken)


# -- the same check on the driver's own rows (a full history's import checks millions of links) -------------
# The definition above reads rows through SQLAlchemy, which makes a Row and converts every stored time, date
# and boolean of every link: with the formatting, most of the work for 6.8 million links. On SQLite the check
# reads the same statement's plain tuples and encodes them with a formatter compiled per shape of row (the
# driver's types of its values), in which a value SQLAlchemy would convert is converted by SQLAlchemy's own
# converter (a time: once for the link and its row) or looked up in a memo of its encoded field filled by
# that converter (dates and booleans repeat): the bytes are encode_row's of the converted row by construction.
# A shape with a type the chain cannot encode goes to the definition row by row.
_MEMO_LIMIT = 100_000  # stored values kept per conversion


class _Memo(dict):
    """``encode_row``'s field of each stored value of one driver type that one SQLAlchemy converter reads."""

    def __init__(self, convert: Callable[[Any], Any]) -> None:
        super().__init__()
        self.convert = convert

    def __missing__(self, stored: Any) -> str:
        if len(self) >= _MEMO_LIMIT:
            self.clear()
        field = self[stored] = encode_row((self.convert(stored),)).decode()
        return field


class _RawCheck:
    """The hashed bytes of one chained table's links from the driver's tuples of ``_reference_check_query``
    (chain, link id, entity id, at, digest, previous digest, the row's columns)."""

    def __init__(self, entity: int, table: Table, dialect) -> None:
        self.entity, self.table = entity, table
        columns = [links.c.chain, links.c.id, links.c.entity_id, links.c.at, links.c.digest, links.c.digest,
                   *table.columns]
        self.converts = [c.type.dialect_impl(dialect).result_processor(dialect, None) for c in columns]
        self.binary = [isinstance(c.type, LargeBinary) for c in columns]
        self.encoders: dict[tuple[type, ...], Callable[[Sequence[Any]], bytes]] = {}
        self.memos: dict[tuple[int, type], _Memo] = {}

    def _memo(self, at: int, kind: type) -> _Memo:
        """One memo per converter and driver type (1 and 1.0 are one key of a dict)."""
        convert = self.converts[at]
        key = (id(convert), kind)
        if key not in self.memos:
            self.memos[key] = _Memo(convert)
        return self.memos[key]

    def encoder(self, kinds: tuple[type, ...]) -> Callable[[Sequence[Any]], bytes]:
        """The bytes ``link_digest`` hashes after the previous digest, for rows whose values have ``kinds``."""
        encode = self.encoders.get(kinds)
        if encode is None:
            encode = self.encoders[kinds] = self._compile(kinds) or self.by_definition
        return encode

    def _compile(self, kinds: tuple[type, ...]) -> Callable[[Sequence[Any]], bytes] | None:
        """An f-string like encode_row's compiled one, over the driver's values. The row's recorded time is
        the link's (the caller compares the stored texts first), so it is converted once; None: the shape
        has a value the compiled form does not take."""
        names: dict[str, Any] = {}
        recorded = 6 + _SHAPES[self.table.name].at_at
        if kinds[3] is not kinds[recorded]:
            return None
        if self.converts[3] is None:  # the driver's own datetime (a server)
            if kinds[3] is not datetime:
                return None
            at = "{(T := r[3].isoformat())}"
        else:
            names["C3"] = self.converts[3]
            at = "{(T := C3(r[3]).isoformat())}"
        fields = []
        for n in range(6, len(kinds)):
            kind, convert = kinds[n], self.converts[n]
            if kind is type(None):
                fields.append("N")
            elif n == recorded:
                fields.append("t{T}")
            elif convert is None or (self.binary[n] and kind is bytes):  # bytes(b) is b's own value
                if kind not in _FIELDS or kind is bool:
                    return None
                fields.append(_FIELDS[kind].format(f"r[{n}]"))
            else:
                names[f"M{n}"] = self._memo(n, kind)
                fields.append(f"{{M{n}[r[{n}]]}}")
        source = f"lambda r: f'{{r[0]}}|{self.entity}|{{r[2]}}|{at}|{chr(0x1e).join(fields)}'.encode()"
        source = source.replace(chr(0x1e), "\\x1e")
        return eval(source, names)  # noqa: S307 - built only from _FIELDS and column positions, never from data

    def by_definition(self, raw: Sequence[Any]) -> bytes:
        value = [v if convert is None or v is None else convert(v) for v, convert in zip(raw, self.converts)]
        return _hashed(value[0], self.entity, value[2], value[3], value[6:])

    def same_time(self, row_at: Any, link_at: Any) -> bool:
        """The row's recorded time and the link's, as the definition compares them (converted)."""
        if row_at == link_at:
            return True
        at_at = 6 + _SHAPES[self.table.name].at_at
        convert = self.converts[at_at]
        return (convert(row_at) if convert else row_at) == (convert(link_at) if convert else link_at)


_RAW_CHECKS: dict[tuple[int, type], _RawCheck] = {}


def _raw_check(entity: int, dialect) -> _RawCheck:
    """Kept per table and dialect: its compiled formatters serve every check of the process."""
    key = (entity, type(dialect))
    if key not in _RAW_CHECKS:
        _RAW_CHECKS[key] = _RawCheck(entity, CHAINED[entity], dialect)
    return _RAW_CHECKS[key]


@cache
def _raw_check_sql(entity: int, bounded: bool) -> tuple[str, tuple[str, ...], dict[str, Any]]:
    """The definition's statement for the driver's own cursor (compiled once): its SQL, its parameters'
    names in order, and the constants among them."""
    query = _reference_check_query(entity, CHAINED[entity]).where(links.c.id > bindparam("after"))
    if bounded:
        query = query.where(links.c.id <= bindparam("through"))
    compiled = query.compile(dialect=sqlite_dialect())
    return compiled.string, tuple(compiled.positiontup or ()), dict(compiled.params)


def _check_links_raw(conn: Connection, batch: int, after: int, through: int | None,
                     first: dict[int, tuple[int, BrokenLink]]) -> None:
    cursor = conn.connection.driver_connection.cursor()
    sha256, genesis = _sha256, GENESIS
    try:
        for entity, table in CHAINED.items():
            check = _raw_check(entity, conn.dialect)
            encoder, same_time = check.encoder, check.same_time
            shape = _SHAPES[table.name]
            id_at, at_at = 6 + shape.id_at, 6 + shape.at_at
            sql, names, values = _raw_check_sql(entity, through is not None)
            values = {**values, "after": after, "through": through}
            cursor.execute(sql, [values[name] for name in names])
            encoders, by_definition = check.encoders, check.by_definition
            while page := cursor.fetchmany(batch):
                for r in page:
                    if r[id_at] is None:
                        problem = "missing"
                    elif r[at_at] == r[3]:
                        kinds = tuple(map(type, r))
                        encode = encoders.get(kinds) or encoder(kinds)
                        if sha256((r[5] or genesis) + encode(r)).digest() == r[4]:
                            continue
                        problem = "changed"
                    elif not same_time(r[at_at], r[3]):
                        problem = "time"
                    elif sha256((r[5] or genesis) + by_definition(r)).digest() == r[4]:
                        continue
                    else:
                        problem = "changed"
                    _note(first, r[0], r[1], BrokenLink(r[0], table.name, r[2], problem))
    finally:
        cursor.close()


def unlinked_rows(conn: Connection, after: dict[str, int] | None = None, after_link: int = 0) -> list[tuple[str, int]]:
    """Ledger and audit rows with no link: written past the writer (e.g. a fabricated repayment); only
    rows with ids above ``after[table]`` if given, whose links (made in the row's own transaction) are
    all after link ``after_link``. One statement for every table (verify runs it on every file it checks)."""
    names = [table.name for table in CHAINED.values()]
    params = {f"b_after_{name}": (after or {}).get(name, 0) for name in names}
    return [(names[n], row_id) for n, row_id in conn.execute(_unlinked_query(), {**params, "b_after_link": after_link})]


@cache
def _unlinked_query():
    """(table's place in ``CHAINED``, row id) of the rows with no link, in table then id order."""
    parts = []
    for n, (entity, table) in enumerate(CHAINED.items()):
        linked = select(links.c.entity_id).where(links.c.entity == entity,
                                                 links.c.id > bindparam("b_after_link", type_=Integer))
        parts.append(select(literal(n, Integer).label("n"), table.c.id.label("id")).where(
            table.c.id > bindparam(f"b_after_{table.name}", type_=Integer), table.c.id.not_in(linked)))
    found = union_all(*parts).subquery()
    return select(found.c.n, found.c.id).order_by(found.c.n, found.c.id)


# The audit record every ledger entry gets in its own transaction: (table, audit entity).
AUDITED_ENTRIES = (("arrears_items", "arrears_item"), ("repayments", "repayment"), ("reversals", "reversal"),
                   ("write_offs", "write_off"), ("recoveries", "recovery"))


def _exists(conn: Connection, table: Table) -> bool:
    """Whether the database has ``table`` yet (a database upgraded from before a later table was added)."""
    return inspect(conn).has_table(table.name)


def _present(conn: Connection) -> frozenset[str]:
    """The audited entries' tables the database has (one upgraded from before a later table was added lacks it)."""
    return frozenset(inspect(conn).get_table_names()) & {name for name, _entity in AUDITED_ENTRIES}


def entries_without_audit(conn: Connection, after: dict[str, int] | None = None) -> list[tuple[str, int]]:
    """Entries with no audit record (only those with ids above ``after[table]`` if given, whose audit
    records, written in the entry's own transaction, have ids above ``after["audit_log"]``). One statement
    for every table."""
    present = _present(conn)
    if not present:
        return []
    params = {f"b_after_{name}": (after or {}).get(name, 0) for name in present}
    params["b_after_audit"] = (after or {}).get("audit_log", 0)
    names = [name for name, _entity in AUDITED_ENTRIES]
    return [(names[n], row_id) for n, row_id in conn.execute(_without_audit_query(present), params)]


@cache
def _without_audit_query(present: frozenset[str]):
    """(the table's place in ``AUDITED_ENTRIES``, row id) of the entries with no audit record, in that order."""
    parts = []
    for n, (name, entity) in enumerate(AUDITED_ENTRIES):
        if name not in present:
            continue
        table = CHAINED[ENTITIES[name]]
        audited = select(_audit.c.entity_id).where(_audit.c.entity == entity, _audit.c.entity_id.is_not(None),
                                                   _audit.c.id > bindparam("b_after_audit", type_=Integer))
        parts.append(select(literal(n, Integer).label("n"), table.c.id.label("id")).where(
            table.c.id > bindparam(f"b_after_{name}", type_=Integer), table.c.id.not_in(audited)))
    found = union_all(*parts).subquery()
    return select(found.c.n, found.c.id).order_by(found.c.n, found.c.id)


def build_all(conn: Connection, *, progress: Callable[[str], None] | None = None, keep_heads: bool = True) -> int:
    """Links every row of a database that has no links yet, table by table in id order (once, when a
    database made before the chains is upgraded, by migration 0004: ``keep_heads`` False there, the heads are
    kept from 0024 on, which reads them from the links). Returns how many links were made."""
    chains = Chains(lambda: conn, keep_heads=keep_heads)
    made = 0
    for table in CHAINED.values():
        if not _exists(conn, table):
            continue
        if progress:
            progress(table.name)
        last = 0
        while True:
            rows = [tuple(r) for r in conn.execute(
                select(table).where(table.c.id > last).order_by(table.c.id).limit(50_000))]
            if not rows:
                break
            chains.link(table, rows)
            made += len(rows)
            last = rows[-1][_SHAPES[table.name].id_at]
    return made
