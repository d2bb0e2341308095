"""``arrears-desk copy-db``: a branch's SQLite file moved into a new database (a PostgreSQL server, issue 15,
or another file): everything copied (ids, history, audit trail, hash chains, settings), then ``verify`` on
both sides and their integrity roots and row counts compared, so the copy is proved equal to its source
before anyone works on it."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.domain.errors import DomainError
from app.services.context import Desk
from app.services.verify import Check, run_checks
from db.copy import TableCount, copy_rows, first_filled, row_counts
from db.engine import PasswordInUrl, analyze, is_server

Progress = Callable[[str, int], None]


@dataclass(frozen=True, slots=True)
class Side:
    """One database after the copy: its checks, its integrity root and how many rows each table has."""
    where: str
    checks: list[Check]
    root: str
    counts: list[TableCount]

    @property
    def failed(self) -> list[Check]:
        return [check for check in self.checks if not check.ok]


@dataclass(frozen=True, slots=True)
class CopyResult:
    source: Side
    target: Side

    @property
    def equal(self) -> bool:
        return (not self.source.failed and not self.target.failed and self.source.root == self.target.root
                and self.source.counts == self.target.counts)

    def differences(self) -> list[tuple[str, object, object]]:
        """(what, source, target) for every figure that is not the same on both sides."""
        found: list[tuple[str, object, object]] = []
        if self.source.root != self.target.root:
            found.append(("完整性根", self.source.root, self.target.root))
        target = dict(self.target.counts)
        found += [(f"{table} 行数", rows, target.get(table)) for table, rows in self.source.counts
                  if target.get(table) != rows]
        return found


def is_server_address(target: str) -> bool:
    """A database server's address (``postgresql+psycopg://user@host/db``) rather than a file; one with a
    password is refused before anything is opened (it belongs in PGPASSWORD or ~/.pgpass, never on the
    command line)."""
    try:
        return is_server(target)
    except PasswordInUrl:
        raise DomainError("db.password_in_url") from None


def copy_database(source: Path | str, target: str, *, progress: Progress | None = None) -> CopyResult:
    """Copy the SQLite file ``source`` into ``target`` (created and migrated if new; refused unless empty),
    in one transaction, then verify both and compare them."""
    on_server = is_server_address(target)  # first: a password in the address is refused before anything opens
    if is_server_address(str(source)):
        raise DomainError("copydb.not_sqlite", path=str(source))
    source = Path(source)
    if not on_server and Path(target).resolve() == source.resolve():
        raise DomainError("copydb.same_database", path=str(source))
    origin = Desk(source, read_only=True)  # a copy changes nothing in the file it copies
    try:
        copy = Desk(target)  # a new database is created and migrated to this program's schema
        try:
            with copy.unit_of_work() as into, origin.reading() as read:
                filled = first_filled(into.session)
                if filled is not None:
                    raise DomainError("copydb.target_not_empty", table=filled.table, rows=filled.rows)
                copy_rows(read.session, into.session, progress)
                into.commit()
            analyze(copy.engine)  # the planner's figures for the tables just filled, before anyone works on them
            return CopyResult(_side(origin), _side(copy))
        finally:
            copy.close()
    finally:
        origin.close()


def _side(desk: Desk) -> Side:
    checks = run_checks(desk)
    with desk.reading() as uow:
        return Side(desk.location, checks, uow.checks.root(), row_counts(uow.session))
