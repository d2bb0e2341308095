"""The open database (``Desk``), the signed-in user (``Actor``), the clock, and the unit of work.

Every use case runs as ``with desk.use_case(actor, Permission.X) as uow: ...; uow.commit()``: one
transaction, the user's role re-checked against the database, rolled back unless committed. Inside it
the services reach the database through the unit of work's repositories (``uow.ledger`` appends
entries, ``uow.items`` reads them); once committed, what changed is told to whoever listens
(``Desk.subscribe``), so that open screens refresh themselves.
"""
from __future__ import annotations

import threading
from functools import cached_property
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session, sessionmaker

from app.domain.cashup import require_not_into_printed_day
from app.domain.clock import ClockCheck, confirmation_key
from app.domain.closing import ClosedBooks, closed_books, holding_closes, refuse_if_closed
from app.domain.collection import over_six_months
from app.domain.errors import DomainError
from app.domain.roles import Permission, Role, may
from app.services.failures import storage_faults_refused, storage_refusal
from app.services.places import refuse_network_share
from app.domain.signin import LOCK_LIFTED_BY, LOCKOUT, locked_until, may_be_locked, unlock_words
from db.engine import PasswordInUrl, SqlFunction, make_engine, make_session_factory, server_url, shown_url
from db.engine import use_password  # issue 15 (pgui)
from app.services.failures import server_unreachable  # issue 15 (pgui)
from sqlalchemy.exc import OperationalError  # issue 15 (pgui)
from db.audit import AuditTrail
from db.clearance import Clearance
from db.closing import Closings
from db.auditor_export import AuditorExport
from db.collection import Collection
from db.customers import Customers
from db.documents import Documents
from db.exchange import ExchangeBook
from db.figures import Figures
from db.items import Items
from db.ledger import Ledger, Stamp
from db.open_items import OpenItemsAsOf
from db.standing import HeldSnapshot
from db.verify import LedgerChecks
from db.migrate import DatabaseRefused, check_file, require_head, upgrade
from db.models import Site
from db.reports import Reports
from db.timeline import ENTRY_TABLES, Timeline
from db.today import TodayBook  # 今日
from db.daybook import DayBook  # books that stay closed (helper daily)
from db.writeoffs import WriteOffs  # 坏账核销 (writeoff)
from db.city_decisions import CityDecisions  # decisions: the city office's decisions travelling down

# Rules the reports apply row by row inside SQL: the domain's own functions, registered on every connection.
SQL_FUNCTIONS = (SqlFunction("over_six_months", over_six_months, (date, date),
                             postgresql="{0} < ({1} - interval '6 months')::date"),)


class Clock(Protocol):
    def today(self) -> date: ...
    def now(self) -> datetime: ...


class SystemClock:
    def today(self) -> date:
        return date.today()

    def now(self) -> datetime:
        return datetime.now().replace(microsecond=0)


@dataclass
class FixedClock:
    """A clock for tests and batch runs that must see one business day."""
    day: date

    def today(self) -> date:
        return self.day

    def now(self) -> datetime:
        return datetime.combine(self.day, datetime.min.time()).replace(hour=9)


class Cancelled(Exception):
    """Raised by a progress callback to stop a long use case; its transaction rolls back, nothing is written."""


@dataclass(frozen=True, slots=True)
class Changes:
    """What one committed use case changed: the tables written, and the customers whose ledger moved
    (open screens refresh from this instead of being wired to each other)."""
    tables: frozenset[str]
    customers: frozenset[int] = frozenset()

    def touches(self, *tables: str) -> bool:
        return not self.tables.isdisjoint(tables)


class _ChangeLog:
    def __init__(self) -> None:
        self.tables: set[str] = set()
        self.customers: set[int] = set()

    def note(self, table: str, customer_id: int | None = None) -> None:
        self.tables.add(table)
        if customer_id is not None:
            self.customers.add(customer_id)

    def frozen(self) -> Changes:
        return Changes(frozenset(self.tables), frozenset(self.customers))


@dataclass(frozen=True, slots=True)
class Actor:
    """The signed-in user. Services re-check the role in the database on every call."""
    user_id: int
    username: str
    display_name: str
    role: Role
    site_id: int


class UnitOfWork:
    """One transaction. Nothing is written unless ``commit()`` is called."""

    def __init__(self, session_factory: sessionmaker[Session], desk: Desk, actor: Actor | None,
                 permission: Permission | None = None, *, posts: bool = False) -> None:
        self._session_factory = session_factory
        self.desk = desk
        self.actor = actor
        self.permission = permission
        self.session: Session
        self._committed = False
        self._changes = _ChangeLog()
        self._posts = posts  # a use case that appends ledger entries: the clock is checked up front
        self._clock_trusted = False
        self._books: ClosedBooks | None = None
        self._held: list[HeldSnapshot] | None = None

    # The repositories over this unit of work's session, each made when first used.
    @cached_property
    def ledger(self) -> Ledger:
        return Ledger(self.session, self._stamp, self._noted, self._dated)

    @cached_property
    def items(self) -> Items:
        return Items(self.session)

    @cached_property
    def figures(self) -> Figures:
        return Figures(self.session, lambda: self.site_id, lambda: self.actor.user_id if self.actor else None,
                       self.desk.clock.now, self._changes.note)

    @cached_property
    def reports(self) -> Reports:
        return Reports(self.session, self.held_snapshots)

    @cached_property
    def open_items(self) -> OpenItemsAsOf:  # open_items(as_of): where that day's open amounts are
        return OpenItemsAsOf(self.session, self.desk.clock.today, self.held_snapshots)

    @cached_property
    def collection(self) -> Collection:
        return Collection(self.session, self.open_items)

    @cached_property
    def documents(self) -> Documents:
        return Documents(self.session, self.open_items)

    @cached_property
    def customers(self) -> Customers:
        return Customers(self.session)

    @cached_property
    def audit_trail(self) -> AuditTrail:
        return AuditTrail(self.session)

    @cached_property
    def checks(self) -> LedgerChecks:
        return LedgerChecks(self.session)

    @cached_property
    def timeline(self) -> Timeline:
        return Timeline(self.session)

    @cached_property
    def exchange(self) -> ExchangeBook:
        return ExchangeBook(self.session)

    @cached_property
    def clearance(self) -> Clearance:
        return Clearance(self.session)

    @cached_property
    def auditor_export(self) -> AuditorExport:
        return AuditorExport(self.session)

    @cached_property
    def today(self) -> TodayBook:  # 今日: what was keyed in today, who waits for approval
        return TodayBook(self.session)

    @cached_property
    def daybook(self) -> DayBook:  # the printed daily report, voided receipts, cash-ups (缴款)
        return DayBook(self.session)

    @cached_property
    def write_offs(self) -> WriteOffs:  # 坏账核销 (writeoff)
        return WriteOffs(self.session, lambda: (self.site_id, self.actor.user_id, self.desk.clock.now()),
                         self._changes.note)

    @cached_property
    def closings(self) -> Closings:  # 月结: the close and reopen records
        return Closings(self.session, lambda: self.site_id, lambda: self.actor.user_id if self.actor else None,
                        self.desk.clock.now, self._changes.note)

    @cached_property
    def city_decisions(self) -> CityDecisions:  # decisions: the city office's, and what a branch did with them
        return CityDecisions(self.session, lambda: (self.site_id, self.actor.user_id if self.actor else None,
                                                    self.desk.clock.now()), self._changes.note)

    def __enter__(self) -> UnitOfWork:
        self.session = self._session_factory()
        self.session.info["changes"] = self._changes
        for name in _REPOSITORIES:  # made when first used (a use case reaches two or three of them)
            self.__dict__.pop(name, None)
        if self.permission is not None:
            try:
                authorize(self.session, self.actor, self.permission, now=self.desk.clock.now())
                if self._posts:
                    self._trust_clock()
            except BaseException as error:
                self.session.close()
                refusal = storage_refusal(error, self.desk.path)
                if refusal is not None:
                    raise refusal from error
                raise
        return self

    def __exit__(self, _type: object, error: BaseException | None, _tb: object) -> None:
        try:
            if not self._committed:
                self.session.rollback()
            self.session.close()
        finally:
            # the database file failed (locked, full, read-only, damaged): the clerk reads what to do
            refusal = storage_refusal(error, self.desk.path) if error is not None else None
            if refusal is not None:
                raise refusal from error

    def commit(self) -> None:
        self.session.commit()
        self._committed = True
        if self._changes.tables or self._changes.customers:
            self.desk.publish(self._changes.frozen())

    @property
    def site_id(self) -> int:
        return self.desk.site_id(self.session)

    def clock_check(self) -> ClockCheck:
        """This workstation's clock against the last entry in the ledger."""
        return ClockCheck(self.desk.clock.now(), self.timeline.latest_entry_at())

    def _noted(self, table: str, customer_id: int | None) -> None:
        """The ledger is about to append to ``table``."""
        if table in ENTRY_TABLES and not self._clock_trusted:
            self._trust_clock()
        self._changes.note(table, customer_id)

    def closed_books(self) -> ClosedBooks:
        """The months closed now (月结), read once per use case."""
        if self._books is None:
            self._books = closed_books(self.closings.history())
        return self._books

    def held_snapshots(self) -> list[HeldSnapshot]:
        """The month-end snapshots of the closes that hold now (``holding_closes``), read once per use case:
        where a figure as of a past day starts from (``db.standing.open_items_as_of``)."""
        if self._held is None:
            records = self.closings.history_ids()
            holding = holding_closes([(kind, period) for _, kind, period in records])
            self._held = self.closings.snapshots([records[position][0] for position in holding])
        return self._held

    def _dated(self, column: str, earliest: date) -> None:
        """月结: the one place the service layer holds every ledger entry's date against the closed months
        (the ledger calls it before it appends; ``column`` names the date, and the input at fault)."""
        refuse_if_closed(earliest, self.closed_books(), self.desk.clock.today(), field=column)

    def _trust_clock(self) -> None:
        """No entry is appended while the clock is in doubt and its date not confirmed (asked once per
        use case)."""
        check = self.clock_check()
        if check.doubt is not None and not self.timeline.date_confirmed(confirmation_key(check.day)):
            raise check.refusal()
        require_not_into_printed_day(check.now, self.daybook.last_printed_day())
        self._clock_trusted = True

    def _stamp(self) -> Stamp:
        return Stamp(self.site_id, self.actor.user_id if self.actor else None, self.desk.clock.now())

    def audit(self, action: str, entity: str, entity_id: int | None, *, before: dict | None = None,
              after: dict | None = None, customer_id: int | None = None) -> None:
        """审计日志: who, when, what, before/after. Written in the same transaction as the change."""
        self.ledger.audit(action, entity, entity_id, before=before, after=after, customer_id=customer_id)


def _note_written_tables(session: Session, _flush_context) -> None:
    """ORM writes (customers, collection records, settings …) go into the use case's change log; the
    ledger writer and the repositories note their own."""
    changes = session.info.get("changes")
    if changes is not None:
        for obj in (*session.new, *session.dirty, *session.deleted):
            # a customer's own row (a status change, new details) touches that customer too
            customer_id = obj.id if obj.__table__.name == "customers" else getattr(obj, "customer_id", None)
            changes.note(obj.__table__.name, customer_id if isinstance(customer_id, int) else None)


_REPOSITORIES = tuple(name for name, value in vars(UnitOfWork).items() if isinstance(value, cached_property))


class Desk:
    """An open ArrearsDesk database, migrated to this program's schema: a SQLite file (``path``), or in
    server mode a database on a PostgreSQL server (``server``, its URL; ``path`` is then None).
    ``location`` names either for the user (never a password)."""

    def __init__(self, path: Path | str, *, clock: Clock | None = None, create: bool = True,
                 read_only: bool = False, password: str | None = None) -> None:
        """Open (and, unless ``read_only``, create or upgrade) the database at ``path``. ``read_only``
        opens an existing file of this program's schema with ``mode=ro``: nothing is written to it.
        ``password``: a server's, as the user typed it (kept out of the URL and of every log)."""
        if password is not None:  # issue 15 (pgui)
            use_password(path, password)
        self.clock: Clock = clock or SystemClock()
        self.read_only = read_only
        try:
            self.server = server_url(path)  # server mode (issue 15): a PostgreSQL URL instead of a file
        except PasswordInUrl:
            raise DomainError("db.password_in_url") from None
        if self.server is not None:
            self.path = None
            self.location = shown_url(self.server)
            self._open_server(create=create)
        else:
            self._open_file(Path(path), create=create)
        self._sessions = make_session_factory(self.engine)
        event.listen(self._sessions, "after_flush", _note_written_tables)
        reads = self.engine.execution_options(readonly=True)
        if self.server is not None:
            # One snapshot for every statement of a read, as a file's read transaction has: under the server's READ
            # COMMITTED a write committed between two statements of a report, or between the kept overdue day and
            # the figures kept as of it, would show in the second statement only.
            reads = reads.execution_options(isolation_level="REPEATABLE READ")
        self._reads = make_session_factory(reads)
        self._site_id: int | None = None
        self._subscribers: list[Callable[[Changes], None]] = []
        self._subscribers_lock = threading.Lock()

    def _open_server(self, *, create: bool) -> None:
        """A database on a PostgreSQL server: migrated by its owner's role when the program may (the
        application's own role may not: then an older schema is refused with what to do)."""
        with storage_faults_refused(None):
            try:
                self.engine = make_engine(self.server, functions=SQL_FUNCTIONS, read_only=self.read_only)
                if self.read_only or not create:
                    require_head(self.engine)
                else:
                    upgrade(self.engine)
            except DatabaseRefused as refused:
                raise DomainError(refused.code, **refused.params) from None
            except OperationalError as error:  # issue 15 (pgui): the server could not be reached or refused us
                refusal = server_unreachable(error, self.location)
                if refusal is None:
                    raise
                raise refusal from None

    def _open_file(self, path: Path, *, create: bool) -> None:
        self.path: Path | None = path
        self.location = str(path)
        read_only = self.read_only
        with storage_faults_refused(self.path):
            try:
                if not read_only:
                    refuse_network_share(self.path)  # SQLite over SMB corrupts (issue 16, bundle)
                check_file(self.path, create=create and not read_only)
                if read_only:
                    self.engine: Engine = make_engine(self.path, functions=SQL_FUNCTIONS, read_only=True)
                    require_head(self.engine)
                else:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                    self.engine = make_engine(self.path, functions=SQL_FUNCTIONS)
                    upgrade(self.engine)
            except DatabaseRefused as refused:
                raise DomainError(refused.code, **refused.params) from None

    def close(self) -> None:
        self.engine.dispose()

    def release(self) -> None:
        """Let go of the file (e.g. before it is replaced); the next use reconnects to whatever is there."""
        self.engine.dispose()
        self._site_id = None

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def site_id(self, session: Session) -> int:
        if self._site_id is None:
            found = session.scalar(select(Site.id).where(Site.is_local.is_(True)))
            if found is None:
                raise DomainError("site.missing")
            self._site_id = found
        return self._site_id

    def subscribe(self, listener: Callable[[Changes], None]) -> Callable[[], None]:
        """``listener(changes)`` after every committed use case (on the thread that committed it);
        returns the call that unsubscribes."""
        with self._subscribers_lock:
            self._subscribers.append(listener)

        def unsubscribe() -> None:
            with self._subscribers_lock:
                if listener in self._subscribers:
                    self._subscribers.remove(listener)
        return unsubscribe

    def publish(self, changes: Changes) -> None:
        with self._subscribers_lock:
            listeners = list(self._subscribers)
        for listener in listeners:
            listener(changes)

    def has_site(self) -> bool:
        with storage_faults_refused(self.path), self._reads() as session:
            return session.scalar(select(Site.id).where(Site.is_local.is_(True))) is not None

    def unit_of_work(self, actor: Actor | None = None) -> UnitOfWork:
        return UnitOfWork(self._sessions, self, actor)

    def use_case(self, actor: Actor, permission: Permission, *, posts: bool = False) -> UnitOfWork:
        """A write transaction for ``actor``, refused unless their current role allows ``permission``.
        A use case that ``posts`` entries to the ledger is refused up front while the workstation's
        clock is in doubt (any entry is refused then anyway, as the ledger appends it; up front, the
        clock is named before any other problem with the input)."""
        return UnitOfWork(self._sessions, self, actor, permission, posts=posts)

    def query(self, actor: Actor, permission: Permission) -> UnitOfWork:
        """A read-only transaction (no write lock) for ``actor``."""
        return UnitOfWork(self._reads, self, actor, permission)

    def reading(self) -> UnitOfWork:
        """A read-only transaction for the program itself (no user): integrity figures, checks."""
        return UnitOfWork(self._reads, self, None)


def authorize(session: Session, actor: Actor | None, permission: Permission, *,
              now: datetime | None = None) -> None:
    """Refuse unless ``actor`` is still enabled and their role allows ``permission``; given ``now``,
    also while the account is locked by wrong passwords (an open session does not outlast the lock)."""
    if actor is None:
        raise DomainError("auth.bad_credentials")
    timeline = Timeline(session)
    account = timeline.account(actor.user_id, now - LOCKOUT if now is not None else datetime.max)
    if account is None or not account.is_active:
        raise DomainError("auth.inactive", username=actor.username)
    if now is not None and may_be_locked(account.failures_since):
        until = account_locked_until(timeline, actor.user_id, now)
        if until is not None:
            raise DomainError("auth.session_locked", username=actor.username, until=until.strftime("%H:%M"),
                              unlock=unlock_words(Role(account.role) is Role.ADMIN))
    role = Role(account.role)
    if not may(role, permission):
        raise DomainError("auth.forbidden", username=actor.username, role=role.words,
                          action=permission.words)


def account_locked_until(timeline: Timeline, user_id: int, now: datetime) -> datetime | None:
    """When the lock-out for wrong passwords ends, or None if ``user_id`` is not locked out at ``now``."""
    return locked_until(recent_sign_in_failures(timeline, user_id, now), now)


def recent_sign_in_failures(timeline: Timeline, user_id: int, now: datetime) -> list[datetime]:
    """The wrong passwords that count towards the lock-out at ``now``, oldest first."""
    return timeline.failed_sign_ins(user_id, now - LOCKOUT, after_actions=LOCK_LIFTED_BY)
