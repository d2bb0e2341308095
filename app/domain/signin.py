"""登录锁定: too many wrong passwords lock an account for a while, for sign-in and for an open session."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from app.domain.words import Words

MAX_FAILED_ATTEMPTS = 5          # per user name ...
LOCKOUT = timedelta(minutes=15)  # ... within this window, then the account is refused until it passes
# A failed sign-in whose user name matches no user is audited under this marker, never with the text
# typed (people type their password into the user-name field).
UNKNOWN_USER_WORDS = Words("（未知用户）", "(unknown user)")
UNKNOWN_USER = UNKNOWN_USER_WORDS.zh


def may_be_locked(failures_in_window: int) -> bool:
    """Enough wrong passwords within the last ``LOCKOUT`` to lock (whether they count, a good sign-in
    between them decides: ``locked_until``)."""
    return failures_in_window >= MAX_FAILED_ATTEMPTS


def locked_until(failures: Sequence[datetime], now: datetime) -> datetime | None:
    """``failures``: the times of wrong passwords since the last good sign-in, oldest first.
    Returns when the lock ends, or None if the account is not locked at ``now``."""
    recent = [at for at in failures if at >= now - LOCKOUT]
    if len(recent) < MAX_FAILED_ATTEMPTS:
        return None
    return recent[-MAX_FAILED_ATTEMPTS] + LOCKOUT


def attempts_left(failures: Sequence[datetime], now: datetime) -> int:
    """How many more wrong passwords lock the account (``failures`` as for ``locked_until``)."""
    return max(0, MAX_FAILED_ATTEMPTS - sum(1 for at in failures if at >= now - LOCKOUT))


def lockout_minutes() -> int:
    return int(LOCKOUT.total_seconds() // 60)


def unlock_words(administrator: bool) -> Words:
    """Who lifts a lock-out before it ends: an administrator in 用户管理; for an administrator's own
    account, another administrator, or whoever sits at this computer with the reset-admin command."""
    if administrator:
        return Words("如需提前解锁，请另一位系统管理员在“系统设置”的用户管理中解除锁定；如果没有其他系统管理员，"
                     "请在本机运行命令 arrears-desk reset-admin",
                     "To unlock it sooner, another administrator can lift the lock under Settings (users); if "
                     "there is no other administrator, run arrears-desk reset-admin on this computer")
    return Words("如需提前解锁，请系统管理员在“系统设置”的用户管理中解除锁定",
                 "To unlock it sooner, ask an administrator to lift the lock under Settings (users)")

# Audit actions after which earlier wrong passwords no longer count: a good sign-in, the administrator
# reset at this computer (arrears-desk reset-admin), an administrator lifting the lock in 用户管理.
SIGNED_IN, ADMIN_RESET, USER_UNLOCKED = "auth.login", "user.admin_reset", "user.unlock"
LOCK_LIFTED_BY = (SIGNED_IN, ADMIN_RESET, USER_UNLOCKED)
