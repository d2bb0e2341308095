"""Business settings kept in the database (UI preferences belong in QSettings, not here)."""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from app.domain.aging import DEFAULT_OVERDUE_BOUNDS, validate_bounds
from app.domain.customers import CREDIT_GRADES
from app.domain.roles import Permission
from app.services.context import Actor, Desk, UnitOfWork
from db.models import Setting

DEFAULTS: dict[str, Any] = {
    "aging.overdue_bounds": list(DEFAULT_OVERDUE_BOUNDS),
    "credit.grade_limits": dict(CREDIT_GRADES),
    "agreement.term_months": 12,
}


def get_setting(uow: UnitOfWork, key: str) -> Any:
    raw = uow.session.scalar(select(Setting.value).where(Setting.key == key))
    return DEFAULTS[key] if raw is None else json.loads(raw)


def put_setting(uow: UnitOfWork, key: str, value: Any) -> None:
    before = uow.session.get(Setting, key)
    old = None if before is None else json.loads(before.value)
    text = json.dumps(value, ensure_ascii=False)
    if before is None:
        uow.session.add(Setting(key=key, value=text, updated_at=uow.desk.clock.now()))
    else:
        before.value = text
        before.updated_at = uow.desk.clock.now()
    uow.audit("setting.change", "setting", None, before={key: old}, after={key: value})


def set_overdue_bounds(desk: Desk, actor: Actor, bounds: list[int]) -> None:
    with desk.use_case(actor, Permission.MANAGE_SETTINGS) as uow:
        put_setting(uow, "aging.overdue_bounds", list(validate_bounds(bounds)))
        uow.commit()
