"""The recorded times the clock and the sign-in rules are judged by: the last ledger entry, the
confirmations of a doubtful date, the wrong passwords that lock an account (read here, never written).

These run at the start of every use case, so the statements are built once (with bind parameters)
and reused: building a statement costs more than SQLite answering it."""
from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from db.chain import RECORDED_AT
from db.ledger import LEDGER_ACTIONS
from db.models import AuditRecord, User

# The ledger's entry tables (the audit trail aside): the chained tables, each stamped with its time.
ENTRY_TABLES = frozenset(RECORDED_AT) - {AuditRecord.__tablename__}
CLOCK_CONFIRMED = "clock.confirm"
SIGN_IN_FAILED = "auth.login_failed"
_log, _users = AuditRecord.__table__, User.__table__

# The newest ledger entry by its recording time, read from the audit record every entry gets in its own
# transaction with the same time (ids are not in time order: a demo or a migration loads history in bulk).
# ``action || ''`` keeps SQLite on the index by time, walking back from the newest record to the first
# that records an entry, instead of gathering every such record by action first.
_LATEST_ENTRY = (select(_log.c.at).where((_log.c.action + "").in_(LEDGER_ACTIONS))
                 .order_by(_log.c.at.desc()).limit(1))
_CONFIRMED = select(_log.c.id).where(_log.c.action == CLOCK_CONFIRMED,
                                     _log.c.entity_id == bindparam("key")).limit(1)
_ACCOUNT = select(
    _users.c.role, _users.c.is_active,
    select(func.count()).where(_log.c.action == SIGN_IN_FAILED, _log.c.entity_id == _users.c.id,
                               _log.c.at >= bindparam("since")).scalar_subquery(),
).where(_users.c.id == bindparam("user_id"))
_FAILED = (select(_log.c.id, _log.c.at)
           .where(_log.c.action == SIGN_IN_FAILED, _log.c.entity_id == bindparam("user_id"),
                  _log.c.at >= bindparam("since"))
           .order_by(_log.c.id))

_UNKNOWN_FAILED = select(func.count()).where(_log.c.action == SIGN_IN_FAILED, _log.c.entity_id.is_(None),
                                             _log.c.at >= bindparam("since"))



class Account(NamedTuple):
    role: str
    is_active: bool
    failures_since: int  # wrong passwords at or after the time asked about (good sign-ins aside)


class Timeline:
    def __init__(self, session: Session) -> None:
        self._session = session

    def latest_entry_at(self) -> datetime | None:
        """When the last entry appended to the ledger was recorded."""
        return self._session.connection().execute(_LATEST_ENTRY).scalar()

    def date_confirmed(self, key: int) -> bool:
        """Whether someone confirmed the workstation's date ``key`` (see app.domain.clock.confirmation_key)."""
        return self._session.connection().execute(_CONFIRMED, {"key": key}).first() is not None

    def account(self, user_id: int, failures_since: datetime) -> Account | None:
        """A user's role and state, with a count of wrong passwords since ``failures_since``."""
        row = self._session.connection().execute(_ACCOUNT, {"user_id": user_id, "since": failures_since}).first()
        return None if row is None else Account(*row)

    def unknown_name_failures(self, since: datetime) -> int:
        """Failed sign-ins at or after ``since`` whose user name matched no user."""
        return self._session.connection().execute(_UNKNOWN_FAILED, {"since": since}).scalar() or 0

    def failed_sign_ins_by_user(self, since: datetime, *, after_actions: tuple[str, ...]) -> dict[int, list[datetime]]:
        """``failed_sign_ins`` for every user at once (the users page): two statements, not one a user."""
        times = self._session.connection().execute(
            select(_log.c.entity_id, _log.c.id, _log.c.at)
            .where(_log.c.action == SIGN_IN_FAILED, _log.c.entity_id.is_not(None), _log.c.at >= since)
            .order_by(_log.c.id)).all()
        if not times:
            return {}
        users = {user_id for user_id, _id, _at in times}
        last_good = dict(self._session.connection().execute(
            select(_log.c.entity_id, func.max(_log.c.id))
            .where(_log.c.action.in_(after_actions), _log.c.entity_id.in_(users)).group_by(_log.c.entity_id)).all())
        found: dict[int, list[datetime]] = {}
        for user_id, entry_id, at in times:
            if entry_id > (last_good.get(user_id) or 0):
                found.setdefault(user_id, []).append(at)
        return found

    def failed_sign_ins(self, user_id: int, since: datetime, *, after_actions: tuple[str, ...]) -> list[datetime]:
        """The times of wrong passwords for ``user_id`` at or after ``since``, oldest first, counting only
        those after the user's last audit entry with one of ``after_actions`` (a good sign-in, a reset)."""
        times = self._session.connection().execute(_FAILED, {"user_id": user_id, "since": since}).all()
        if not times:  # the usual case, answered without looking further back
            return []
        last_good = self._session.connection().execute(
            select(func.max(_log.c.id)).where(_log.c.action.in_(after_actions), _log.c.entity_id == user_id)
        ).scalar() or 0
        return [at for entry_id, at in times if entry_id > last_good]
