"""清欠 (postal 4, 8(四), 25): what a leaving or moving handler still answers for, the branch head's
hand-over of it to named staff or a two-month clearance deadline, and the clearance certificate.

The administrator disables the account (``app.services.auth.set_user_active``), and is refused while
anything is open for the user unless a hand-over cleared it or a deadline was set. Hand-overs are
their own append-only records: the handler recorded on an item is never rewritten.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.documents.files import temp_beside
from app.domain.clearance import CLEARANCE_MONTHS, HANDLER_ROLES, Outstanding, clearance_due, clearance_state
from app.domain.cashup import refuse_leaving_with_cash
from app.domain.clearance import check_may_leave as may_leave
from app.domain.errors import DomainError
from app.domain.money import format_fen
from app.domain.roles import Permission, Role, may
from app.domain.text import clean_text
from app.domain.words import Words
from app.services.context import Actor, Desk, UnitOfWork
from app.services.failures import os_reason
from app.services.settings import document_settings
from db.clearance import Deadline, ManagedCustomer, OpenItem
from db.models import Customer, User

REASON = Words("原因", "reason")
CERTIFICATE_ISSUED = "clearance.certificate"


@dataclass(frozen=True, slots=True)
class ClearanceStatus:
    """What ``user`` still answers for today, and where their clearance stands."""
    user_id: int
    username: str
    display_name: str
    role: Role
    is_active: bool
    items: list[OpenItem]
    customers: list[ManagedCustomer]
    deadline: Deadline | None
    certificates: list[str]

    @property
    def outstanding(self) -> Outstanding:
        return outstanding_of(self.items, self.customers)


@dataclass(frozen=True, slots=True)
class DeadlineRow:
    """A clearance deadline with what is still open for the user today."""
    deadline: Deadline
    state: str            # cleared | due | overdue (app.domain.clearance.clearance_state)
    open_items: int
    open_amount: int
    customers: int


def outstanding_of(items: list[OpenItem], customers: list[ManagedCustomer]) -> Outstanding:
    return Outstanding(len(items), sum(i.open_amount for i in items), len(customers))


def _user(uow: UnitOfWork, ref: int | str) -> User:
    user = uow.session.get(User, ref) if isinstance(ref, int) else uow.clearance.user_by_name(ref.strip())
    if user is None:
        raise DomainError("user.not_found", ref=ref)
    return user


def _status(uow: UnitOfWork, user: User) -> ClearanceStatus:
    today = uow.desk.clock.today()
    return ClearanceStatus(user.id, user.username, user.display_name, Role(user.role), user.is_active,
                           uow.clearance.open_items(user.id, today), uow.clearance.managed_customers(user.id),
                           uow.clearance.open_deadline(user.id),
                           [c.number for c in uow.clearance.certificates(user.id)])


def _reading(desk: Desk, actor: Actor) -> UnitOfWork:
    """The administrator (who disables) and the branch head (who hands over) both see what is open."""
    permission = Permission.MANAGE_USERS if may(actor.role, Permission.MANAGE_USERS) else Permission.CLEAR_HANDLER
    return desk.query(actor, permission)


def clearance_status(desk: Desk, actor: Actor, user: int | str) -> ClearanceStatus:
    """清欠核实: the user's open arrears (as 现责任人) and the customers they manage, today."""
    with _reading(desk, actor) as uow:
        return _status(uow, _user(uow, user))


def check_may_leave(uow: UnitOfWork, user: User) -> None:
    """Refuse to disable or move ``user`` while anything is open for them, unless a clearance deadline
    was set (the rule: ``app.domain.clearance.check_may_leave``)."""
    status = _status(uow, user)
    may_leave(user.username, status.outstanding, None if status.deadline is None else status.deadline.due_on)
    refuse_leaving_with_cash(user.username, uow.daybook.days_not_handed_in(user.id))


def _colleague(uow: UnitOfWork, user_id: int, leaving: User) -> User:
    to = uow.session.get(User, user_id)
    if to is None:
        raise DomainError("user.not_found", ref=user_id)
    if to.id == leaving.id:
        raise DomainError("clearance.same_person", username=to.username)
    if not to.is_active:
        raise DomainError("clearance.receiver_inactive", username=to.username)
    if Role(to.role) not in HANDLER_ROLES:
        raise DomainError("clearance.receiver_role", username=to.username, role=Role(to.role).words)
    return to


def hand_over(desk: Desk, actor: Actor, user: int | str, *, to_user_id: int, reason: str,
              effective_on: date | None = None, customer_ids: list[int] | None = None,
              item_ids: list[int] | None = None) -> ClearanceStatus:
    """工作交接: the branch head passes the leaving user's customers (their account, and the items of it
    the user answers for) and open items to a named colleague, from ``effective_on`` (default today).
    ``None`` for both lists hands over everything open; the status after the hand-over is returned."""
    today = desk.clock.today()
    effective_on = effective_on or today
    if effective_on > today:
        raise DomainError("date.in_future", field=Words("交接日期", "The hand-over date"), date=effective_on,
                          today=today)
    reason = clean_text("reason", reason, REASON, max_len=200, required=True)
    with desk.use_case(actor, Permission.CLEAR_HANDLER) as uow:
        leaving = _user(uow, user)
        to = _colleague(uow, to_user_id, leaving)
        status = _status(uow, leaving)
        managed = {c.customer_id: c for c in status.customers}
        open_items = {i.item_id: i for i in status.items}
        everything = customer_ids is None and item_ids is None
        customers = list(managed) if everything else list(customer_ids or [])
        items = list(open_items) if everything else list(item_ids or [])
        for customer_id in customers:
            if customer_id not in managed:
                raise DomainError("clearance.not_their_customer", username=leaving.username, ref=customer_id)
        for item_id in items:
            if item_id not in open_items:
                raise DomainError("clearance.not_their_item", username=leaving.username, ref=item_id)
        if not customers and not items:
            raise DomainError("clearance.nothing_to_hand_over", username=leaving.username)
        common = dict(site_id=uow.site_id, from_user_id=leaving.id, to_user_id=to.id, effective_on=effective_on,
                      reason=reason, recorded_by_id=actor.user_id, recorded_at=desk.clock.now())
        passed: set[int] = set()
        for customer_id in customers:
            # The customer's items the leaving user answers for go with the customer; other handlers' stay.
            with_it = [i for i in uow.clearance.customer_items_answered_by(customer_id, leaving.id, today)
                       if i in open_items]
            uow.clearance.add_handover(customer_id=customer_id, item_ids=with_it, **common)
            passed.update(with_it)
            row = uow.session.get(Customer, customer_id)
            row.account_manager_id = to.id
            uow.audit("clearance.hand_over", "customer", customer_id, customer_id=customer_id,
                      before={"account_manager": leaving.username},
                      after={"account_manager": to.username, "items": with_it, "effective_on": effective_on,
                             "reason": reason})
        rest = [i for i in items if i not in passed]
        if rest:
            uow.clearance.add_handover(item_ids=rest, **common)
            for item_id in rest:
                uow.audit("clearance.hand_over", "arrears_item", item_id, customer_id=open_items[item_id].customer_id,
                          before={"responsible": leaving.username},
                          after={"responsible": to.username, "effective_on": effective_on, "reason": reason})
        uow.commit()
        return _status(uow, leaving)


def set_clearance_deadline(desk: Desk, actor: Actor, user: int | str, *, reason: str) -> Deadline:
    """限期追缴（两个月）(postal 25): what is left open for the user is to be cleared within two months;
    the account may then be disabled and the deadline is followed in the list of clearances."""
    reason = clean_text("reason", reason, REASON, max_len=200, required=True)
    today = desk.clock.today()
    with desk.use_case(actor, Permission.CLEAR_HANDLER) as uow:
        leaving = _user(uow, user)
        status = _status(uow, leaving)
        outstanding = status.outstanding
        if outstanding.cleared:
            raise DomainError("clearance.nothing_open", username=leaving.username)
        due = clearance_due(today)
        deadline_id = uow.clearance.add_deadline(
            site_id=uow.site_id, user_id=leaving.id, set_on=today, due_on=due, open_items=outstanding.open_items,
            open_amount=outstanding.open_amount, reason=reason, set_by_id=actor.user_id, set_at=desk.clock.now())
        uow.audit("clearance.deadline", "user", leaving.id,
                  after={"username": leaving.username, "due_on": due, "months": CLEARANCE_MONTHS,
                         "open_items": outstanding.open_items, "open_amount": outstanding.open_amount,
                         "customers": outstanding.customers, "reason": reason})
        uow.commit()
        return next(d for d in uow.clearance.deadlines(user_id=leaving.id) if d.deadline_id == deadline_id)


def clearances_due(desk: Desk, actor: Actor) -> list[DeadlineRow]:
    """清欠跟踪: every clearance deadline not answered by a certificate, with what is still open today
    and whether it is overdue; the overdue first."""
    today = desk.clock.today()
    with _reading(desk, actor) as uow:
        rows = []
        for d in uow.clearance.deadlines():
            if d.certificate is not None:
                continue
            o = outstanding_of(uow.clearance.open_items(d.user_id, today), uow.clearance.managed_customers(d.user_id))
            rows.append(DeadlineRow(d, clearance_state(d.due_on, today, o), o.open_items, o.open_amount, o.customers))
    order = {"overdue": 0, "due": 1, "cleared": 2}
    return sorted(rows, key=lambda r: (order[r.state], r.deadline.due_on))


def reassign_account_manager(desk: Desk, actor: Actor, customer_id: int, to_user_id: int, *, reason: str) -> None:
    """变更客户经理: the customer's account is managed by another colleague from now on (audited). The
    arrears already recorded keep their handler; a leaving handler's items go by hand-over."""
    reason = clean_text("reason", reason, REASON, max_len=200, required=True)
    with desk.use_case(actor, Permission.CLEAR_HANDLER) as uow:
        customer = uow.session.get(Customer, customer_id)
        if customer is None:
            raise DomainError("customer.not_found", ref=customer_id)
        before = uow.session.get(User, customer.account_manager_id)
        to = _colleague(uow, to_user_id, before)
        customer.account_manager_id = to.id
        uow.audit("customer.account_manager", "customer", customer_id, customer_id=customer_id,
                  before={"account_manager": before.username},
                  after={"account_manager": to.username, "reason": reason})
        uow.commit()


def staff(desk: Desk, actor: Actor) -> list[tuple[int, str, str]]:
    """(user id, user name, full name) of the enabled staff who can take over customers and arrears
    (those who record and collect them: counter staff and branch heads)."""
    with _reading(desk, actor) as uow:
        return uow.clearance.colleagues((Role.COUNTER.value, Role.BRANCH_HEAD.value))


def issue_clearance_certificate(desk: Desk, actor: Actor, user: int | str, out: Path) -> str:
    """清欠证明 (postal 8(四), 25): issued by the branch when nothing is left open for the user; numbered
    (QQ-site-year-NNNNNN), recorded and audited, written as a PDF. Refused while anything is open."""
    # Imported here: the PDF library is not loaded at start-up (sign-in imports this module).
    from app.documents.clearance import CertificateDocument, CertificateLine, write_certificate_pdf
    from app.documents.fonts import document_font
    settings = document_settings(desk)
    font = document_font(settings["font_path"]).name
    today = desk.clock.today()
    with desk.use_case(actor, Permission.CLEAR_HANDLER) as uow:
        leaving = _user(uow, user)
        status = _status(uow, leaving)
        outstanding = status.outstanding
        if not outstanding.cleared:
            raise DomainError("clearance.not_cleared", username=leaving.username, items=outstanding.open_items,
                              amount=format_fen(outstanding.open_amount), customers=outstanding.customers)
        site = uow.documents.local_site()
        if site is None:
            raise DomainError("site.missing")
        number = uow.clearance.next_certificate_number(f"QQ-{site.code}-{today.year}-")
        items, customers = uow.clearance.handed_over(leaving.id)
        certificate_id = uow.clearance.add_certificate(
            site_id=uow.site_id, number=number, user_id=leaving.id, issued_on=today, handed_over_items=items,
            handed_over_customers=customers, issued_by_id=actor.user_id, issued_at=desk.clock.now())
        uow.audit(CERTIFICATE_ISSUED, "clearance_certificate", certificate_id,
                  after={"number": number, "username": leaving.username, "handed_over_items": items,
                         "handed_over_customers": customers, "file": str(out)})
        letterhead = settings["template"]["letterhead"].strip() or site.name
        doc = CertificateDocument(
            number, letterhead, leaving.display_name, leaving.username, Role(leaving.role).words.zh, today,
            tuple(CertificateLine(h.effective_on, h.what, h.to_name, h.reason) for h in uow.clearance.handovers_of(leaving.id)),
            [d.due_on for d in uow.clearance.deadlines(user_id=leaving.id)], actor.display_name)
        try:
            temp = temp_beside(out, ".issuing-")
        except OSError as error:
            raise DomainError("file.not_writable", path=str(out), reason=os_reason(error)) from None
        try:
            write_certificate_pdf(temp, doc, font)
            uow.commit()
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
    # Recorded first, then put in place, like the notices.
    try:
        os.replace(temp, out)
    except OSError as error:
        raise DomainError("documents.not_placed", path=str(out), temp=str(temp),
                          reason=os_reason(error), placed=0) from None
    return number
