"""审计日志查询: the audit trail, filtered by user, customer, date and action (branch heads, audit)."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from app.domain.audit import DetailLine, audit_details, detail_ids
from app.domain.periods import format_period
from app.domain.personal import PERSONAL_FIELDS, masked_fields, sees_personal_data
from app.domain.roles import Permission
from app.services.context import Actor, Desk
from db.audit import AuditRow
from db.timeline import SIGN_IN_FAILED

__all__ = ["SIGN_IN_FAILED", "AuditRow", "audit_detail", "audit_trail"]



def audit_trail(desk: Desk, actor: Actor, *, username: str | None = None, customer_id: int | None = None,
                date_from: date | None = None, date_to: date | None = None, action: str | None = None,
                limit: int = 2000) -> list[AuditRow]:
    """Newest first. Each entry names its record (``AuditRow.record``) as people know it; the words for
    actions and kinds of record are ``app.domain.audit``'s."""
    with desk.query(actor, Permission.VIEW_AUDIT) as uow:
        rows = uow.audit_trail.entries(
            username=username, customer_id=customer_id,
            since=None if date_from is None else datetime.combine(date_from, datetime.min.time()),
            before=None if date_to is None else datetime.combine(date_to + timedelta(days=1), datetime.min.time()),
            action=action, limit=limit)
    rows = [_named(row) for row in rows]
    return rows if sees_personal_data(actor.role) else [_masked(row) for row in rows]


def _named(row: AuditRow) -> AuditRow:
    """The few records whose name is not a column: a setting's key, a period, a confirmed date."""
    if row.entity == "setting":
        keys = sorted(_record_dict(row.after) or _record_dict(row.before))
        return row._replace(record=keys[0] if keys else "")
    if row.entity == "revenue" and row.record.isdigit():
        return row._replace(record=format_period(int(row.record)))
    if row.entity == "clock" and len(row.record) == 8 and row.record.isdigit():
        return row._replace(record=f"{row.record[:4]}-{row.record[4:6]}-{row.record[6:]}")
    return row


def _record_dict(record: str | None) -> dict:
    try:
        data = json.loads(record) if record else None
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _masked(row: AuditRow) -> AuditRow:
    """An audit entry with the personal data in its before/after records masked (customer.register …)."""
    if not any(record and any(f'"{key}"' in record for key in PERSONAL_FIELDS) for record in (row.before, row.after)):
        return row
    return row._replace(before=_masked_record(row.before), after=_masked_record(row.after))


def _masked_record(record: str | None) -> str | None:
    if not record:
        return record
    try:
        data = json.loads(record)
    except ValueError:
        return record
    if not isinstance(data, dict):
        return record
    return json.dumps(masked_fields(data), ensure_ascii=False, sort_keys=True)


def audit_detail(desk: Desk, actor: Actor, row: AuditRow) -> list[DetailLine]:
    """An entry's before/after records in words (``app.domain.audit.audit_details``), the records it
    names by id looked up by their own names. ``row`` comes from ``audit_trail`` (masked as the actor sees it)."""
    before, after = _record_dict(row.before), _record_dict(row.after)
    wanted = detail_ids(before, after)
    names = {}
    if wanted:
        with desk.query(actor, Permission.VIEW_AUDIT) as uow:
            names = uow.audit_trail.names(wanted)
    return audit_details(before, after, names)
