"""Users and sign-in. Passwords are hashed with Argon2id (argon2-cffi): slow to brute-force offline,
which matters because the database file sits on a shared branch workstation."""
from __future__ import annotations

import re
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from sqlalchemy import func, select

from app.domain.errors import DomainError
from app.domain.roles import Permission, Role
from app.domain.text import PERSON_NAME, clean_text
from app.services.context import Actor, Desk, UnitOfWork
from app.services.dto import UserInfo
from db.models import AuditRecord, User

_hasher = PasswordHasher()
MAX_FAILED_ATTEMPTS = 5          # per user name ...
LOCKOUT = timedelta(minutes=15)  # ... within this window, then sign-in is refused until it passes
_USERNAME = re.compile(r"^[A-Za-z0-9_]{2,32}$")
MIN_PASSWORD = 8


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise DomainError("user.weak_password")
    return _hasher.hash(password)


def login(desk: Desk, username: str, password: str) -> Actor:
    """Check the password and return the signed-in user; every attempt is audited."""
    with desk.unit_of_work() as uow:
        user = uow.session.scalar(select(User).where(User.username == username.strip()))
        if user is not None:
            _refuse_if_locked(uow, user)
        ok = False
        if user is not None:
            try:
                ok = _hasher.verify(user.password_hash, password)
            except (VerificationError, InvalidHashError):
                ok = False
        if not ok or user is None:
            uow.audit("auth.login_failed", "user", user.id if user else None, after={"username": username})
            uow.commit()
            raise DomainError("auth.bad_credentials")
        if not user.is_active:
            raise DomainError("auth.inactive", username=user.username)
        actor = actor_for(user)
        uow.actor = actor
        uow.audit("auth.login", "user", user.id)
        if _hasher.check_needs_rehash(user.password_hash):
            # Only the hash parameters change; the user row is not a ledger table.
            user.password_hash = _hasher.hash(password)
        uow.commit()
        return actor


def _refuse_if_locked(uow: UnitOfWork, user: User) -> None:
    """Too many wrong passwords in a row lock the account for a while (counted from the audit trail,
    since the last successful sign-in)."""
    since = uow.desk.clock.now() - LOCKOUT
    last_ok = uow.session.scalar(select(func.max(AuditRecord.id)).where(
        AuditRecord.action == "auth.login", AuditRecord.entity_id == user.id)) or 0
    failures = uow.session.execute(select(AuditRecord.at).where(
        AuditRecord.action == "auth.login_failed", AuditRecord.entity_id == user.id, AuditRecord.id > last_ok,
        AuditRecord.at >= since).order_by(AuditRecord.at)).scalars().all()
    if len(failures) >= MAX_FAILED_ATTEMPTS:
        until = failures[-MAX_FAILED_ATTEMPTS] + LOCKOUT
        raise DomainError("auth.locked", username=user.username, until=until.strftime("%H:%M"))


def actor_for(user: User) -> Actor:
    return Actor(user.id, user.username, user.display_name, Role(user.role), user.site_id)


def create_user(desk: Desk, actor: Actor, username: str, display_name: str, role: Role | str,
                password: str, branch_id: int | None = None) -> UserInfo:
    with desk.use_case(actor, Permission.MANAGE_USERS) as uow:
        user = add_user(uow, username, display_name, role, password, branch_id)
        uow.commit()
        return UserInfo.of(user)


def add_user(uow: UnitOfWork, username: str, display_name: str, role: Role | str, password: str,
             branch_id: int | None = None) -> User:
    username = username.strip()
    if not _USERNAME.match(username):
        raise DomainError("user.bad_name")
    try:
        role = Role(role)
    except ValueError:
        raise DomainError("user.unknown_role", role=str(role)) from None
    if uow.session.scalar(select(User.id).where(User.username == username)) is not None:
        raise DomainError("user.exists", username=username)
    display_name = clean_text("display_name", display_name, PERSON_NAME, max_len=50, required=True)
    user = User(site_id=uow.site_id, username=username, display_name=display_name, role=role.value,
                password_hash=hash_password(password), branch_id=branch_id, is_active=True,
                created_at=uow.desk.clock.now())
    uow.session.add(user)
    uow.session.flush()
    uow.audit("user.create", "user", user.id, after={"username": username, "role": role.value,
                                                      "display_name": user.display_name})
    return user


def list_users(desk: Desk, actor: Actor) -> list[UserInfo]:
    with desk.query(actor, Permission.MANAGE_USERS) as uow:
        return [UserInfo.of(u) for u in uow.session.scalars(select(User).order_by(User.username))]


def set_user_active(desk: Desk, actor: Actor, user_id: int, active: bool) -> UserInfo:
    """停用 / 启用: a user who leaves is disabled, never deleted (their entries keep naming them)."""
    with desk.use_case(actor, Permission.MANAGE_USERS) as uow:
        user = uow.session.get(User, user_id)
        if user is None:
            raise DomainError("user.not_found", ref=user_id)
        if user.id == actor.user_id and not active:
            raise DomainError("user.self_disable")
        before = user.is_active
        user.is_active = active
        uow.audit("user.enable" if active else "user.disable", "user", user.id,
                  before={"is_active": before}, after={"is_active": active})
        uow.commit()
        return UserInfo.of(user)
