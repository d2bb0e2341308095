"""缴款 (postal 15): a clerk's day closes with the money taken per payment method, matched against their
receipts; the receipt numbers run in sequence and a spoiled one is voided (作废收据), never skipped; the
hand-in is received by finance or the branch head. The rules: ``app.domain.cashup``."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.cashup import (
    Gap, day_money, differences, money_per_method, next_receipt, receipt_gaps, receipts_to_void,
    require_hand_in, require_receipt_of_hand_in,
)
from app.domain.errors import DomainError
from app.domain.roles import Permission, Role
from app.services.context import Actor, Desk, UnitOfWork
from db.daybook import CashUpRow, Receipt, Voided

HANDED_IN, RECEIVED, VOIDED = "cashup.hand_in", "cashup.receive", "receipt.void"


@dataclass(frozen=True, slots=True)
class ClerkDay:
    """A clerk's day at the counter: receipts (standing or bounced), voided receipts, the money the receipts
    took per method, the gaps in the receipt numbers, and the cash-up if handed in."""
    clerk_id: int
    clerk: str
    day: date
    receipts: list[Receipt]
    voided: list[Voided]
    expected: dict[str, int]
    gaps: list[Gap]
    cash_up: CashUpRow | None
    handed: dict[str, tuple[int, int]]     # method -> (expected, handed in), once handed in
    received: dict[str, tuple[int, int]]   # method -> (handed in, received), once received
    next_receipt: str

    @property
    def total(self) -> int:
        return sum(self.expected.values())

    @property
    def closed(self) -> bool:
        return self.cash_up is not None


def _clerk(uow: UnitOfWork, actor: Actor, username: str | None) -> tuple[int, str]:
    """The clerk whose day is asked: oneself, or (for whoever receives hand-ins) another by username."""
    if username is None or username == actor.username:
        return actor.user_id, actor.display_name
    found = uow.daybook.user_named(username)
    if found is None:
        raise DomainError("user.not_found", ref=username)
    return found[0], found[1]


def _day(uow: UnitOfWork, clerk_id: int, clerk: str, day: date) -> ClerkDay:
    book = uow.daybook
    receipts = book.receipts_of(clerk_id, day)
    [cash_up] = book.cash_ups(clerk_id=clerk_id, day=day) or [None]
    gaps = receipt_gaps([r.receipt_no for r in receipts], book.receipt_numbers_before(clerk_id, day),
                        [*book.voided_numbers(clerk_id), *book.numbers_of_others(clerk_id, day)])
    return ClerkDay(clerk_id, clerk, day, receipts, book.voided_on(clerk_id, day),
                    day_money(((r.method, r.amount, r.bounced_at) for r in receipts), day), gaps, cash_up,
                    book.amounts(cash_up.cash_up_id) if cash_up else {},
                    book.amounts(cash_up.cash_up_id, "received") if cash_up else {},
                    next_receipt(book.last_receipt_no(clerk_id)))


def clerk_day(desk: Desk, actor: Actor, day: date | None = None, clerk: str | None = None) -> ClerkDay:
    """我的一天: the clerk's (or, for finance and the branch head, a named clerk's) day."""
    permission = Permission.HAND_IN_CASH if clerk in (None, actor.username) else Permission.RECEIVE_HAND_IN
    with desk.query(actor, permission) as uow:
        clerk_id, name = _clerk(uow, actor, clerk)
        return _day(uow, clerk_id, name, day or desk.clock.today())


def next_receipt_for(desk: Desk, actor: Actor) -> str:
    """The receipt number after the clerk's last one ("" if they have none yet): what the form offers."""
    with desk.reading() as uow:
        return next_receipt(uow.daybook.last_receipt_no(actor.user_id))


def void_receipts(desk: Desk, actor: Actor, first: str, last: str | None, reason: str) -> list[str]:
    """作废收据: the clerk's spoiled or voided receipt numbers ``first``..``last``, with the reason (audited);
    a number already used for money or already voided is refused."""
    numbers, why = receipts_to_void(first, last, reason)
    with desk.use_case(actor, Permission.HAND_IN_CASH) as uow:
        for number in numbers:
            if uow.daybook.receipt_taken(number):
                raise DomainError("receipt.void_in_use", receipt=number)
        ids = uow.daybook.add_voided(numbers, site_id=uow.site_id, clerk_id=actor.user_id, reason=why,
                                     voided_by_id=actor.user_id, voided_at=desk.clock.now())
        uow.audit(VOIDED, "voided_receipt", ids[0], after={"receipts": numbers, "reason": why})
        uow.commit()
        return numbers


def hand_in(desk: Desk, actor: Actor, counted: dict[str, object], reason: str = "",
            day: date | None = None) -> int:
    """缴款: close the clerk's day with the money counted per method; refused while a receipt number is
    unexplained; a difference from the receipts needs a reason. Returns the cash-up's id."""
    amounts = money_per_method(counted)
    with desk.use_case(actor, Permission.HAND_IN_CASH) as uow:
        today = desk.clock.today()
        mine = _day(uow, actor.user_id, actor.display_name, day or today)
        why = require_hand_in(mine.day, today, mine.gaps, mine.closed, mine.expected, amounts, reason)
        methods = sorted({*mine.expected, *(m for m, a in amounts.items() if a)})
        rows = [(m, mine.expected.get(m, 0), amounts.get(m, 0)) for m in methods]
        cash_up_id = uow.daybook.add_cash_up(
            rows, site_id=uow.site_id, clerk_id=actor.user_id, day=mine.day, receipts=len(mine.receipts),
            expected=sum(mine.expected.values()), handed_in=sum(amounts.values()), reason=why,
            recorded_at=desk.clock.now())
        uow.audit(HANDED_IN, "cash_up", cash_up_id,
                  after={"day": mine.day.isoformat(), "receipts": len(mine.receipts),
                         "expected": mine.expected, "handed_in": {m: a for m, _e, a in rows},
                         "differences": differences(mine.expected, amounts), "reason": why})
        uow.commit()
        return cash_up_id


def hand_ins(desk: Desk, actor: Actor, *, pending: bool = False, day: date | None = None) -> list[CashUpRow]:
    """The clerks' hand-ins (only those not yet received if ``pending``), newest day first."""
    with desk.query(actor, Permission.RECEIVE_HAND_IN) as uow:
        return uow.daybook.cash_ups(pending=pending, day=day)


def hand_in_amounts(desk: Desk, actor: Actor, cash_up_id: int) -> dict[str, tuple[int, int]]:
    """method -> (the receipts, handed in) of a hand-in."""
    with desk.query(actor, Permission.RECEIVE_HAND_IN) as uow:
        return uow.daybook.amounts(cash_up_id)


def receive_hand_in(desk: Desk, actor: Actor, cash_up_id: int, received: dict[str, object] | None = None,
                    reason: str = "") -> int:
    """收款: finance or the branch head receives a clerk's hand-in (as handed in, unless ``received`` says
    otherwise per method; a difference needs a reason). Returns the receipt's id."""
    with desk.use_case(actor, Permission.RECEIVE_HAND_IN) as uow:
        found = uow.daybook.cash_ups(cash_up_id=cash_up_id)
        if not found:
            raise DomainError("cashup.unknown", ref=cash_up_id)
        [cash_up] = found
        handed = {m: a for m, (_e, a) in uow.daybook.amounts(cash_up_id).items()}
        counted = handed if received is None else money_per_method(received)
        why = require_receipt_of_hand_in(cash_up.clerk_id, actor.user_id, Role(actor.role),
                                         cash_up.received_by is not None, handed, counted, reason)
        methods = sorted({*handed, *(m for m, a in counted.items() if a)})
        receipt_id = uow.daybook.add_cash_up_receipt(
            [(m, handed.get(m, 0), counted.get(m, 0)) for m in methods], site_id=uow.site_id, cash_up_id=cash_up_id,
            received_by_id=actor.user_id, received=sum(counted.values()), reason=why, received_at=desk.clock.now())
        uow.audit(RECEIVED, "cash_up", cash_up_id,
                  after={"clerk": cash_up.clerk, "day": cash_up.day.isoformat(), "received": counted,
                         "differences": differences(handed, counted), "reason": why})
        uow.commit()
        return receipt_id
