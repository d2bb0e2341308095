"""The open database (``Desk``), the signed-in user (``Actor``), the clock, and the unit of work.

Every use case runs as ``with desk.use_case(actor, Permission.X) as uow: ...; uow.commit()``: one
transaction, the user's role re-checked against the database, rolled back unless committed.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session, sessionmaker

from app.domain.errors import DomainError
from app.domain.roles import PERMISSION_LABELS_ZH, Permission, Role, may
from db.engine import make_engine, make_session_factory
from db.ids import new_uid
from db.migrate import DatabaseRefused, check_file, upgrade
from db.models import AuditRecord, Site, User


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
                 permission: Permission | None = None) -> None:
        self._session_factory = session_factory
        self.desk = desk
        self.actor = actor
        self.permission = permission
        self.session: Session
        self._committed = False

    def __enter__(self) -> UnitOfWork:
        self.session = self._session_factory()
        if self.permission is not None:
            try:
                authorize(self.session, self.actor, self.permission)
            except BaseException:
                self.session.close()
                raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        if not self._committed:
            self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        self.session.commit()
        self._committed = True

    @property
    def site_id(self) -> int:
        return self.desk.site_id(self.session)

    def audit(self, action: str, entity: str, entity_id: int | None, *, before: dict | None = None,
              after: dict | None = None, customer_id: int | None = None) -> None:
        """审计日志: who, when, what, before/after. Written in the same transaction as the change."""
        self.session.execute(insert(AuditRecord).values(
            uid=new_uid(), site_id=self.desk.site_id(self.session), at=self.desk.clock.now(),
            user_id=self.actor.user_id if self.actor else None, action=action, entity=entity,
            entity_id=entity_id, customer_id=customer_id,
            before=_to_json(before), after=_to_json(after)))


def _to_json(data: dict | None) -> str | None:
    if data is None:
        return None
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=_json_default)


def _json_default(value: Any) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


class Desk:
    """An open ArrearsDesk database file, migrated to this program's schema."""

    def __init__(self, path: Path | str, *, clock: Clock | None = None, create: bool = True) -> None:
        self.path = Path(path)
        self.clock: Clock = clock or SystemClock()
        if not create and not self.path.exists():
            raise DomainError("db.not_found", path=str(self.path))
        try:
            check_file(self.path)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = make_engine(self.path)
            upgrade(self.engine)
        except DatabaseRefused as refused:
            raise DomainError(refused.code, **refused.params) from None
        self._sessions = make_session_factory(self.engine)
        self._reads = make_session_factory(self.engine.execution_options(readonly=True))
        self._site_id: int | None = None

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

    def has_site(self) -> bool:
        with self._reads() as session:
            return session.scalar(select(Site.id).where(Site.is_local.is_(True))) is not None

    def unit_of_work(self, actor: Actor | None = None) -> UnitOfWork:
        return UnitOfWork(self._sessions, self, actor)

    def use_case(self, actor: Actor, permission: Permission) -> UnitOfWork:
        """A write transaction for ``actor``, refused unless their current role allows ``permission``."""
        return UnitOfWork(self._sessions, self, actor, permission)

    def query(self, actor: Actor, permission: Permission) -> UnitOfWork:
        """A read-only transaction (no write lock) for ``actor``."""
        return UnitOfWork(self._reads, self, actor, permission)


def authorize(session: Session, actor: Actor | None, permission: Permission) -> None:
    if actor is None:
        raise DomainError("auth.bad_credentials")
    row = session.execute(select(User.role, User.is_active).where(User.id == actor.user_id)).first()
    if row is None or not row.is_active:
        raise DomainError("auth.inactive", username=actor.username)
    role = Role(row.role)
    if not may(role, permission):
        raise DomainError("auth.forbidden", username=actor.username, role=role.label_zh,
                          action=PERMISSION_LABELS_ZH[permission])
