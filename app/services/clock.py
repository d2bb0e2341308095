"""本机时钟: the warning at sign-in when this workstation's clock cannot be trusted, and the
confirmation of the date by someone who may (after which postings are taken again, for that date)."""
from __future__ import annotations

from app.domain.clock import ClockCheck, confirmation_key
from app.domain.errors import DomainError
from app.domain.roles import Permission
from app.services.context import Actor, Desk
from db.timeline import CLOCK_CONFIRMED


def clock_in_doubt(desk: Desk) -> ClockCheck | None:
    """The check to warn about, or None when the clock looks right or today's date was confirmed."""
    with desk.unit_of_work() as uow:
        check = uow.clock_check()
        if check.doubt is None or uow.timeline.date_confirmed(confirmation_key(check.day)):
            return None
        return check


def confirm_clock(desk: Desk, actor: Actor) -> ClockCheck:
    """确认日期: the workstation's date is right after all (audited); entries are taken for that date."""
    with desk.use_case(actor, Permission.CONFIRM_CLOCK) as uow:
        check = uow.clock_check()
        if check.doubt is None:
            raise DomainError("clock.not_in_doubt", now=f"{check.now:%Y-%m-%d %H:%M}")
        uow.audit(CLOCK_CONFIRMED, "clock", confirmation_key(check.day),
                  after={"date": check.day.isoformat(), "now": check.now.isoformat(sep=" "),
                         "latest_entry": check.latest_entry.isoformat(sep=" ") if check.latest_entry else None,
                         "doubt": str(check.doubt)})
        uow.commit()
        return check
