"""Users and sign-in. Passwords are hashed with Argon2id (argon2-cffi): slow to brute-force offline,
which matters because the database file sits on a shared branch workstation."""
from __future__ import annotations

import re

from sqlalchemy import select

from app.domain.clearance import leaves_the_post
from app.domain.errors import DomainError
from app.domain.roles import Permission, Role
from app.domain.signin import (
    ADMIN_RESET, LOCK_LIFTED_BY, LOCKOUT, SIGNED_IN, UNKNOWN_USER, USER_UNLOCKED, attempts_left, lockout_minutes, locked_until,
    unlock_words,
)
from app.domain.text import PERSON_NAME, clean_text
from app.services.clearance import check_may_leave
from app.services.context import Actor, Desk, UnitOfWork, account_locked_until, recent_sign_in_failures
from app.services.dto import UserInfo
from app.services import passwords
from app.services.start import PasswordCheckedAhead
from db.models import User
from db.timeline import SIGN_IN_FAILED

_USERNAME = re.compile(r"^[A-Za-z0-9_]{2,32}$")
MIN_PASSWORD = 8


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise DomainError("user.weak_password")
    return passwords.HASHER.hash(password)


def login(desk: Desk, username: str, password: str, *, checked_ahead: PasswordCheckedAhead | None = None) -> Actor:
    """Check the password and return the signed-in user; every attempt is audited.

    An unknown user name costs the same password check as a known one (against a stand-in hash), so
    the answer's time does not tell which names exist; and what was typed as the name is recorded only
    if it is a user's name (people type their password there). ``checked_ahead``: the same name and
    password already checked against the hash the file held (while the database was being opened,
    app.services.start); taken as the check when that hash is still the user's, checked again otherwise."""
    with desk.unit_of_work() as uow:
        user = uow.session.scalar(select(User).where(User.username == username.strip()))
        if user is not None:
            _refuse_if_locked(uow, user)
        stored = user.password_hash if user is not None else None
        if checked_ahead is not None and checked_ahead.covers(username.strip(), stored, password):
            ok = checked_ahead.matched
        else:
            ok = _password_matches(stored if stored is not None else _dummy_hash(), password)
        if not ok or user is None:
            refusal = _wrong_password(uow, user)
            uow.audit(SIGN_IN_FAILED, "user", user.id if user else None,
                      after={"username": user.username if user else UNKNOWN_USER, "known_user": user is not None})
            uow.commit()
            raise refusal
        if not user.is_active:
            raise DomainError("auth.inactive", username=user.username)
        actor = actor_for(user)
        uow.actor = actor
        uow.audit(SIGNED_IN, "user", user.id)
        if passwords.HASHER.check_needs_rehash(user.password_hash):
            # Only the hash parameters change; the user row is not a ledger table.
            user.password_hash = passwords.HASHER.hash(password)
        uow.commit()
        return actor


def _wrong_password(uow: UnitOfWork, user: User | None) -> DomainError:
    """用户名或密码错误, with the attempts left before the lock-out, or the lock-out this attempt starts.

    An unknown name gets a count that goes down like a user's (from the recent failures under unknown
    names), so that the answer does not tell which names exist."""
    now = uow.desk.clock.now()
    if user is None:
        left = max(1, attempts_left([now] * (uow.timeline.unknown_name_failures(now - LOCKOUT) + 1), now))
        return DomainError("auth.bad_credentials", left=left, minutes=lockout_minutes())
    failures = [*recent_sign_in_failures(uow.timeline, user.id, now), now]
    until = locked_until(failures, now)
    if until is not None:
        return _locked(user, until)
    return DomainError("auth.bad_credentials", left=attempts_left(failures, now), minutes=lockout_minutes())


def _locked(user: User, until) -> DomainError:
    return DomainError("auth.locked", username=user.username, until=until.strftime("%H:%M"),
                       unlock=unlock_words(Role(user.role) is Role.ADMIN))


def _password_matches(password_hash: str, password: str) -> bool:
    return passwords.matches(passwords.HASHER, password_hash, password)


def _dummy_hash() -> str:
    return passwords.stand_in_hash(passwords.HASHER)


def _refuse_if_locked(uow: UnitOfWork, user: User) -> None:
    """Too many wrong passwords in a row lock the account for a while (counted from the audit trail,
    since the last successful sign-in or administrator reset)."""
    until = account_locked_until(uow.timeline, user.id, uow.desk.clock.now())
    if until is not None:
        raise _locked(user, until)


def actor_for(user: User) -> Actor:
    return Actor(user.id, user.username, user.display_name, Role(user.role), user.site_id)


def create_user(desk: Desk, actor: Actor, username: str, display_name: str, role: Role | str,
                password: str, branch_id: int | None = None) -> UserInfo:
    with desk.use_case(actor, Permission.MANAGE_USERS) as uow:
        user = add_user(uow, username, display_name, role, password, branch_id)
        uow.commit()
        return UserInfo.of(user)


def add_user(uow: UnitOfWork, username: str, display_name: str, role: Role | str, password: str,
             branch_id: int | None = None, *, hashed: str | None = None) -> User:
    """``hashed``: ``password``'s Argon2 hash, made already (the demo's users all share its published
    password: one deliberately slow hash serves them all, instead of one each)."""
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
                password_hash=hashed or hash_password(password), branch_id=branch_id, is_active=True,
                created_at=uow.desk.clock.now())
    uow.session.add(user)
    uow.session.flush()
    uow.audit("user.create", "user", user.id, after={"username": username, "role": role.value,
                                                      "display_name": user.display_name})
    return user


def list_users(desk: Desk, actor: Actor) -> list[UserInfo]:
    """The users, each with the end of a lock-out for wrong passwords if one holds now."""
    with desk.query(actor, Permission.MANAGE_USERS) as uow:
        now = desk.clock.now()
        failures = uow.timeline.failed_sign_ins_by_user(now - LOCKOUT, after_actions=LOCK_LIFTED_BY)
        return [UserInfo.of(u, locked_until(failures.get(u.id, []), now))
                for u in uow.session.scalars(select(User).order_by(User.username))
                if u.site_id == uow.site_id]  # decisions: not the city office's users who decided here


def set_user_active(desk: Desk, actor: Actor, user_id: int, active: bool) -> UserInfo:
    """停用 / 启用: a user who leaves is disabled, never deleted (their entries keep naming them). Refused
    while arrears or customers are still open for them, unless the branch head handed them over or set
    a clearance deadline (清欠, postal 25: ``app.services.clearance``)."""
    with desk.use_case(actor, Permission.MANAGE_USERS) as uow:
        user = uow.session.get(User, user_id)
        if user is None:
            raise DomainError("user.not_found", ref=user_id)
        _refuse_other_site(uow, user)  # decisions
        if user.id == actor.user_id and not active:
            raise DomainError("user.self_disable")
        if not active and user.is_active:
            check_may_leave(uow, user)
        before = user.is_active
        user.is_active = active
        uow.audit("user.enable" if active else "user.disable", "user", user.id,
                  before={"is_active": before}, after={"is_active": active})
        uow.commit()
        return UserInfo.of(user)


def change_user_role(desk: Desk, actor: Actor, user_id: int, role: Role | str) -> UserInfo:
    """调岗: the administrator gives a user another role. A move off a post that handles arrears is
    checked like leaving (清欠, postal 25): refused while arrears or customers are open for the user,
    unless they were handed over or a clearance deadline was set."""
    role = Role(role)
    with desk.use_case(actor, Permission.MANAGE_USERS) as uow:
        user = uow.session.get(User, user_id)
        if user is None:
            raise DomainError("user.not_found", ref=user_id)
        _refuse_other_site(uow, user)  # decisions
        before = Role(user.role)
        if before == role:
            return UserInfo.of(user)
        if user.id == actor.user_id:
            raise DomainError("user.self_role")
        if leaves_the_post(before, role):
            check_may_leave(uow, user)
        user.role = role.value
        uow.audit("user.role", "user", user.id, before={"role": before.value}, after={"role": role.value})
        uow.commit()
        return UserInfo.of(user)


def unlock_user(desk: Desk, actor: Actor, user_id: int) -> UserInfo:
    """解除锁定: an administrator lifts a colleague's lock-out for wrong passwords (in 用户管理)."""
    with desk.use_case(actor, Permission.MANAGE_USERS) as uow:
        user = uow.session.get(User, user_id)
        if user is None:
            raise DomainError("user.not_found", ref=user_id)
        until = account_locked_until(uow.timeline, user.id, desk.clock.now())
        uow.audit(USER_UNLOCKED, "user", user.id, before={"locked_until": until}, after={"username": user.username})
        uow.commit()
        return UserInfo.of(user)


def reset_admin(desk: Desk, *, new_password: str, os_user: str, host: str, username: str | None = None) -> UserInfo:
    """管理员账号恢复: for the one at this computer (who can open the database file anyway) when no
    administrator can sign in. Sets a new password, enables the account and lifts the lock-out for
    wrong passwords; audited with the operating-system account that ran it. Only an administrator's
    account is reset here: the others are reset by an administrator."""
    with desk.unit_of_work() as uow:
        admins = list(uow.session.scalars(select(User).where(User.role == Role.ADMIN.value).order_by(User.username)))
        admins = [a for a in admins if a.site_id == uow.site_id]  # decisions: not the city office's
        if username is not None:
            user = uow.session.scalar(select(User).where(User.username == username.strip()))
            if user is None:
                raise DomainError("user.not_found", ref=username.strip())
            _refuse_other_site(uow, user)  # decisions
            if Role(user.role) is not Role.ADMIN:
                raise DomainError("reset.not_admin", username=user.username)
        elif len(admins) == 1:
            user = admins[0]
        elif not admins:
            raise DomainError("reset.no_admin")
        else:
            raise DomainError("reset.which_admin", usernames="、".join(a.username for a in admins))
        user.password_hash = hash_password(new_password)
        was_active = user.is_active
        user.is_active = True
        uow.audit(ADMIN_RESET, "user", user.id, before={"is_active": was_active},
                  after={"username": user.username, "is_active": True, "password": "reset",
                         "os_user": os_user, "host": host})
        uow.commit()
        return UserInfo.of(user)


# decisions: a user of the city office stands in this database for the decisions they sent down; only the
# city office manages them (they never sign in here)
def _refuse_other_site(uow: UnitOfWork, user: User) -> None:
    if user.site_id != uow.site_id:
        raise DomainError("user.other_site", username=user.username)
