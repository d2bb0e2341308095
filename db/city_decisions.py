"""市局决定 in SQL: the city office's decisions on a branch's records (``city_decisions``, at the city office)
and the branch's record of what it did with each (``city_decisions_taken``, at the branch, travelling back up
in its packages, so the city office's copy of the branch has it too). The rules are
``app.domain.city_decisions``; the ledger entries that carry a decision out are written by ``db.ledger``."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from db.ids import new_uid
from db.models import CityDecision, CityDecisionTaken, CreditApplication, Site, User, WriteOffApplication

_decisions, _taken = CityDecision.__table__, CityDecisionTaken.__table__
_users, _sites, _apps = User.__table__, Site.__table__, WriteOffApplication.__table__
_credit = CreditApplication.__table__


class DecisionRow(NamedTuple):
    """A decision as recorded at the city office, with who made it."""
    decision_id: int
    uid: bytes
    branch: str
    kind: str
    subject_uid: bytes | None
    period: int | None
    amount: int | None
    reason: str
    decided_on: date
    decided_at: datetime
    user: str
    user_uid: bytes
    user_name: str
    role: str
    site: str
    site_uid: bytes
    credit_period_days: int | None = None       # a credit approval's terms; None: as applied for
    settlement_cycle_months: int | None = None


class Taken(NamedTuple):
    """At the branch: what it did with a decision of the city office."""
    decision_uid: bytes
    kind: str
    outcome: str
    reason: str
    decided_by: str   # SITE/user
    decided_on: date
    write_off_decision_id: int | None
    month_closing_id: int | None


class Applicant(NamedTuple):
    application_id: int
    uid: bytes
    user: str   # user name at the site
    site: str   # the user's site code


class CityDecisions:
    """``uow.city_decisions``."""

    def __init__(self, session: Session, stamp, noted=lambda table, customer_id: None) -> None:
        self._session = session
        self._stamp = stamp   # () -> (site id, user id, now)
        self._noted = noted

    @property
    def _conn(self):
        return self._session.connection()

    # -- at the city office -------------------------------------------------------------------------------
    def add(self, *, branch: str, kind: str, subject_uid: bytes | None = None, period: int | None = None,
            amount: int | None = None, reason: str = "", decided_on: date, credit_period_days: int | None = None,
            settlement_cycle_months: int | None = None) -> int:
        site_id, user_id, now = self._stamp()
        self._noted(_decisions.name, None)
        return self._conn.execute(insert(_decisions).values(
            uid=new_uid(), site_id=site_id, branch_code=branch, kind=kind, subject_uid=subject_uid, period=period,
            amount=amount, reason=reason, decided_by_id=user_id, decided_on=decided_on, decided_at=now,
            credit_period_days=credit_period_days, settlement_cycle_months=settlement_cycle_months)
        ).inserted_primary_key[0]

    def made(self, branch: str | None = None) -> list[DecisionRow]:
        """The decisions made here (for one branch, or all), oldest first."""
        d, u, s = _decisions, _users, _sites
        stmt = (select(d.c.id, d.c.uid, d.c.branch_code, d.c.kind, d.c.subject_uid, d.c.period, d.c.amount, d.c.reason,
                       d.c.decided_on, d.c.decided_at, u.c.username, u.c.uid, u.c.display_name, u.c.role, s.c.code,
                       s.c.uid, d.c.credit_period_days, d.c.settlement_cycle_months)
                .join(u, u.c.id == d.c.decided_by_id).join(s, s.c.id == d.c.site_id).order_by(d.c.id))
        if branch is not None:
            stmt = stmt.where(d.c.branch_code == branch)
        return [DecisionRow(*row) for row in self._conn.execute(stmt)]

    # -- in a branch's database (or the city office's copy of it) -----------------------------------------
    def taken(self, decision_uids: Iterable[bytes] | None = None) -> dict[bytes, Taken]:
        """What the branch did with each decision it has taken (the ones named, or all)."""
        t, u = _taken, _users
        stmt = (select(t.c.decision_uid, t.c.kind, t.c.outcome, t.c.reason, u.c.username, t.c.decided_on,
                       t.c.write_off_decision_id, t.c.month_closing_id)
                .outerjoin(u, u.c.id == t.c.decided_by_id).order_by(t.c.id))
        if decision_uids is not None:
            stmt = stmt.where(t.c.decision_uid.in_(list(decision_uids)))
        return {row[0]: Taken(row[0], row[1], row[2], row[3], row[4] or "", *row[5:])
                for row in self._conn.execute(stmt)}

    def applicants(self, application_ids: Iterable[int] | None = None, *, credit: bool = False) -> dict[int, Applicant]:
        """Each write-off application's (``credit``: credit application's) global id and who applied, as site
        code and user name."""
        a, u, s = _credit if credit else _apps, _users, _sites
        stmt = (select(a.c.id, a.c.uid, u.c.username, s.c.code)
                .join(u, u.c.id == a.c.applied_by_id).join(s, s.c.id == u.c.site_id))
        if application_ids is not None:
            stmt = stmt.where(a.c.id.in_(list(application_ids)))
        return {row[0]: Applicant(*row) for row in self._conn.execute(stmt)}

    def application_id(self, uid: bytes, *, credit: bool = False) -> int | None:
        table = _credit if credit else _apps
        return self._conn.execute(select(table.c.id).where(table.c.uid == uid)).scalar()

    def site_user(self, site_id: int, uid: bytes, username: str, display_name: str, role: str) -> int:
        """The user of another site (the city office) who decided, as a user of this database: same global id,
        named ``SITE/user``, never able to sign in here. Made the first time one of their decisions arrives."""
        found = self._conn.execute(select(_users.c.id).where(_users.c.uid == uid)).scalar()
        if found is not None:
            return found
        _site_id, _user_id, now = self._stamp()
        return self._conn.execute(insert(_users).values(
            uid=uid, site_id=site_id, username=username, display_name=display_name, role=role,
            password_hash="!", branch_id=None, is_active=False, created_at=now)).inserted_primary_key[0]

    def add_taken(self, *, decision_uid: bytes, from_site: str, kind: str, decided_by_id: int | None,
                  decided_on: date, outcome: str, reason: str = "", write_off_decision_id: int | None = None,
                  month_closing_id: int | None = None, package_seq: int) -> int:
        site_id, _user_id, now = self._stamp()
        self._noted(_taken.name, None)
        return self._conn.execute(insert(_taken).values(
            uid=new_uid(), site_id=site_id, decision_uid=decision_uid, from_site=from_site, kind=kind,
            decided_by_id=decided_by_id, decided_on=decided_on, outcome=outcome, reason=reason,
            write_off_decision_id=write_off_decision_id, month_closing_id=month_closing_id,
            package_seq=package_seq, recorded_at=now)).inserted_primary_key[0]
