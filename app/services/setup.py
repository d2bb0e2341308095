"""First start: the site (网点), its branch, the reference lists and the first administrator."""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from app.domain.errors import DomainError
from app.domain.roles import Role
from app.domain.text import SITE_NAME, clean_text
from app.services.auth import actor_for, add_user
from app.services.context import Actor, Desk
from db.models import Branch, BusinessLine, Site

_CODE = re.compile(r"^[A-Za-z0-9]{2,12}$")

# 专业: postal lines from postal 第十四条, telecom lines from the telecom rules.
BUSINESS_LINES: tuple[tuple[str, str, str], ...] = (
    ("LETTER", "函件", "postal"),
    ("PARCEL", "包件", "postal"),
    ("EXPRESS", "代理速递", "postal"),
    ("AGENCY_INFO", "代理信息", "postal"),
    ("GREETING", "贺卡", "postal"),
    ("PHILATELY", "集邮", "postal"),
    ("PRESS", "报刊零售", "postal"),
    ("DISTRIBUTION", "分销配送", "postal"),
    ("FIXED_LINE", "固话", "telecom"),
    ("BROADBAND", "宽带", "telecom"),
    ("VALUE_ADDED", "增值业务", "telecom"),
    ("LEASED_LINE", "集团专线", "telecom"),
)


@dataclass(frozen=True, slots=True)
class SiteInfo:
    site_id: int
    code: str
    name: str
    kind: str = "branch"  # or "city": the city office keeps no customers of its own (数据交换)


def create_site(desk: Desk, *, code: str, name: str, admin_username: str, admin_password: str,
                admin_display_name: str = "系统管理员", kind: str = "branch") -> Actor:
    """Create this installation's site (a branch, or the city office), its own branch, the business lines
    and the first admin."""
    code = code.strip().upper()
    if not _CODE.match(code):
        raise DomainError("site.bad_code")
    name = clean_text("name", name, SITE_NAME, max_len=100, required=True)
    with desk.unit_of_work() as uow:
        existing = uow.session.scalar(select(Site).where(Site.is_local.is_(True)))
        if existing is not None:
            raise DomainError("site.exists", name=existing.name)
        site = Site(code=code, name=name, is_local=True, kind=kind, created_at=desk.clock.now())
        uow.session.add(site)
        uow.session.flush()
        uow.session.add(Branch(site_id=site.id, code=code, name=name))
        for line_code, line_name, sector in BUSINESS_LINES:
            uow.session.add(BusinessLine(site_id=site.id, code=line_code, name=line_name, sector=sector))
        admin = add_user(uow, admin_username, admin_display_name, Role.ADMIN, admin_password)
        uow.actor = actor_for(admin)
        uow.audit("site.create", "site", site.id, after={"code": code, "name": site.name, "kind": kind})
        uow.commit()
        actor = uow.actor
    from app.services.exchange import ensure_key  # the site's signing key, kept outside the database
    ensure_key(desk)
    return actor


def site_info(desk: Desk) -> SiteInfo:
    with desk.unit_of_work() as uow:
        site = uow.session.scalar(select(Site).where(Site.is_local.is_(True)))
        if site is None:
            raise DomainError("site.missing")
        return SiteInfo(site.id, site.code, site.name, site.kind)


def is_city_office(desk: Desk) -> bool:
    """This installation is the city office (市局), not a branch."""
    return site_info(desk).kind == "city"


def list_business_lines(desk: Desk) -> list[tuple[str, str]]:
    with desk.unit_of_work() as uow:
        return [(b.code, b.name) for b in uow.session.scalars(select(BusinessLine).order_by(BusinessLine.id))]


# -- server mode (issue 15) ------------------------------------------------------------------------------------

def grant_application_role(desk: Desk, role: str) -> None:
    """Let the workstations' login role ``role`` read and write rows of this server database and nothing
    more (no schema changes, no dropping or disabling a trigger): run by the database's owner after ``init``
    (README, "Server mode")."""
    from sqlalchemy.exc import DBAPIError

    from db.server import BadRoleName, grant_application_role as grant
    if desk.server is None:
        raise DomainError("db.roles_need_server")
    try:
        with desk.engine.begin() as conn:
            grant(conn, role)
    except BadRoleName:
        raise DomainError("db.bad_role_name", role=role) from None
    except DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) == "42704":  # undefined_object: no such role
            raise DomainError("db.no_such_role", role=role) from None
        raise
