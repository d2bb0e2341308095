"""登录锁定: too many wrong passwords lock an account for a while, for sign-in and for an open session."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

MAX_FAILED_ATTEMPTS = 5          # per user name ...
LOCKOUT = timedelta(minutes=15)  # ... within this window, then the account is refused until it passes
# A failed sign-in whose user name matches no user is audited under this marker, never with the text
# typed (people type their password into the user-name field).
UNKNOWN_USER = "（未知用户）"


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

# Audit actions after which earlier wrong passwords no longer count: a good sign-in, an admin reset.
SIGNED_IN, ADMIN_RESET = "auth.login", "user.admin_reset"
