"""审计日志查询: reading the audit trail (it is written by ``db.ledger.Ledger.audit`` only)."""
from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AuditRecord, Customer, User


class AuditRow(NamedTuple):
    entry_id: int
    at: datetime
    username: str
    display_name: str
    action: str
    customer: str
    entity: str
    entity_id: int | None
    before: str | None
    after: str | None


class AuditTrail:
    def __init__(self, session: Session) -> None:
        self._session = session

    def entries(self, *, username: str | None = None, customer_id: int | None = None, since: datetime | None = None,
                before: datetime | None = None, action: str | None = None, limit: int = 2000) -> list[AuditRow]:
        """Newest first; ``since`` inclusive, ``before`` exclusive."""
        log, u, c = AuditRecord.__table__, User.__table__, Customer.__table__
        stmt = (select(log.c.id, log.c.at, u.c.username, u.c.display_name, log.c.action, c.c.name, log.c.entity,
                       log.c.entity_id, log.c.before, log.c.after)
                .select_from(log.outerjoin(u, u.c.id == log.c.user_id).outerjoin(c, c.c.id == log.c.customer_id)))
        if username:
            stmt = stmt.where(u.c.username == username)
        if customer_id is not None:
            stmt = stmt.where(log.c.customer_id == customer_id)
        if since is not None:
            stmt = stmt.where(log.c.at >= since)
        if before is not None:
            stmt = stmt.where(log.c.at < before)
        if action:
            stmt = stmt.where(log.c.action == action)
        rows = self._session.connection().execute(stmt.order_by(log.c.id.desc()).limit(limit))
        return [AuditRow(i, at, user or "", name or "", act, customer or "", entity, entity_id, b, a)
                for i, at, user, name, act, customer, entity, entity_id, b, a in rows]
