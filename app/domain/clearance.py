"""清欠: before a handler moves or leaves, what they answer for is listed and handed over or cleared.

Postal 4 and 25: "谁经办、谁负责" — the handler (经办人) who recorded an item stays on it for life and is
never rewritten; when they change post or leave, their outstanding arrears are checked first, handed
over to named staff or cleared within two months (限期追缴（两个月）), and the branch issues a
clearance certificate (清欠证明, postal 8(四)) only when nothing is left. Without it, the account is not
closed.

Who answers for an item *now* (现责任人) is one rule, applied in SQL by ``db.clearance.responsible_now``:
the latest hand-over of the item effective on the day, else the handler recorded on the item. A
hand-over of a customer (its account, 客户经理) is expanded when it is recorded into one hand-over per
item the leaving person answered for then, so that other handlers' items and items recorded later keep
their own handler.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.errors import DomainError
from app.domain.money import format_fen
from app.domain.periods import add_months
from app.domain.roles import Role
from app.domain.words import Words

CLEARANCE_MONTHS = 2  # postal 25: 限期追缴（两个月）
# The posts that handle arrears (经办): they record items and take payments, and may receive a hand-over.
HANDLER_ROLES = (Role.COUNTER, Role.BRANCH_HEAD)


def leaves_the_post(before: Role, after: Role) -> bool:
    """调岗: a move from a post that handles arrears to one that does not is a change of post (postal 25),
    checked like leaving; a counter clerk made branch head (or back) keeps handling the same arrears."""
    return before in HANDLER_ROLES and after not in HANDLER_ROLES


def clearance_due(set_on: date) -> date:
    """The day by which the leaving handler's open arrears are to be cleared (two months on)."""
    return add_months(set_on, CLEARANCE_MONTHS)


@dataclass(frozen=True, slots=True)
class Outstanding:
    """What a user still answers for: open items (as 现责任人) and customers they manage (客户经理)."""
    open_items: int
    open_amount: int       # fen
    customers: int

    @property
    def cleared(self) -> bool:
        return self.open_items == 0 and self.customers == 0


def check_may_leave(username: str, outstanding: Outstanding, deadline_due: date | None) -> None:
    """An account is disabled (or moved to another role or branch) only when nothing is left open for
    the user, or when the branch head set a clearance deadline for what is left (postal 25)."""
    if outstanding.cleared or deadline_due is not None:
        return
    raise DomainError("clearance.open", username=username, items=outstanding.open_items,
                      amount=format_fen(outstanding.open_amount), customers=outstanding.customers)


def clearance_state(due_on: date, today: date, outstanding: Outstanding) -> str:
    """cleared | due | overdue: where a clearance deadline stands on ``today``."""
    if outstanding.cleared:
        return "cleared"
    return "overdue" if today > due_on else "due"


CLEARANCE_STATE_WORDS = {
    "cleared": Words("已清", "Cleared"),
    "due": Words("限期内", "Within the deadline"),
    "overdue": Words("已逾期", "Overdue"),
}
