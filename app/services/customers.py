"""Agreement customers (协议客户): registration, credit application and approval, status changes."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import timedelta

from app.domain.customers import (
    TRANSFER_WORDS, refuse_if_blacklisted_elsewhere, refuse_if_moved_away, refuse_transfer_unless_settled,
    CUSTOMER_GROUPS, MAY_APPLY_FOR_CREDIT, STATUS_TRANSITIONS, CustomerStatus, StatusAction, check_credit_terms,
)
from app.domain.city_decisions import require_branch_approves_credit
from app.domain.collection import NoticeCover, status_change_refusal
from app.domain.errors import DomainError, FieldError
from app.domain.notes import RESTORED, Note
from app.domain.text import clean_text, search_text
from app.domain.words import Words
from app.domain.periods import add_months
from app.domain.personal import PERSONAL_FIELDS, mask, sees_personal_data
from app.domain.roles import Permission, Role, require_another_person
from app.services.context import Actor, Desk, UnitOfWork
from app.services.dto import AgreementInfo, CreditApplicationInfo, CustomerInfo
from app.services.settings import get_setting
from db.customers import CustomerListRow
from db.models import Agreement, CreditApplication, Customer, CustomerTransfer


@dataclass(frozen=True, slots=True)
class CustomerInput:
    name: str
    customer_group: str = "government"
    contact_person: str = ""
    phone: str = ""
    address: str = ""
    id_number: str = ""
    branch_id: int | None = None          # default: the site's own branch
    account_manager_id: int | None = None  # default: the clerk registering
    wants_reminders: bool | None = None    # 到期提醒 (telecom 7.2, 8); None: as it is (new: no)


_FIELD_LIMITS = {"name": (Words("客户名称", "customer name"), 100),
                 "contact_person": (Words("联系人", "contact person"), 50),
                 "phone": (Words("电话", "phone"), 30), "address": (Words("地址", "address"), 200),
                 "id_number": (Words("统一社会信用代码/身份证号", "credit code / ID number"), 30)}


def clean_customer(data: CustomerInput) -> dict:
    values = asdict(data)
    for key, (label, limit) in _FIELD_LIMITS.items():
        values[key] = clean_text(key, values[key], label, max_len=limit, required=key == "name",
                                 fold_lines=key == "address")
    if values["customer_group"] not in CUSTOMER_GROUPS:
        raise FieldError("customer_group", "customer.bad_group", group=values["customer_group"])
    return values


def customer_info(c: Customer, role: Role | None = None) -> CustomerInfo:
    """The customer as ``role`` may see it (personal data masked unless the role sees it in full);
    without a role, as it is kept (for the audit trail)."""
    if role is None or sees_personal_data(role):
        phone, id_number = c.phone, c.id_number
    else:
        phone, id_number = mask(c.phone), mask(c.id_number)
    return CustomerInfo(c.id, c.code, c.name, c.customer_group, c.contact_person, phone, c.address,
                        id_number, c.branch_id, c.account_manager_id, c.status, bool(c.wants_reminders))


def register_customer(desk: Desk, actor: Actor, data: CustomerInput) -> CustomerInfo:
    """登记客户: the customer starts pending until marketing approves a credit application."""
    values = clean_customer(data)
    with desk.use_case(actor, Permission.REGISTER_CUSTOMER) as uow:
        info = add_customer(uow, values)
        uow.commit()
        return info


def add_customer(uow: UnitOfWork, values: dict) -> CustomerInfo:
    """The registration itself, inside an open unit of work (also used by imports); ``values`` cleaned."""
    values = dict(values)
    if values["branch_id"] is None:
        values["branch_id"] = _own_branch_id(uow)
    if values["account_manager_id"] is None:
        values["account_manager_id"] = uow.actor.user_id
    values["wants_reminders"] = bool(values.get("wants_reminders"))
    customer = Customer(site_id=uow.site_id, status=CustomerStatus.PENDING.value,
                        created_at=uow.desk.clock.now(), **values)
    uow.session.add(customer)
    uow.session.flush()
    uow.ledger.open_account(customer.id)
    info = customer_info(customer)
    uow.audit("customer.register", "customer", customer.id, after=asdict(info), customer_id=customer.id)
    return info if uow.actor is None else customer_info(customer, uow.actor.role)


def update_customer(desk: Desk, actor: Actor, customer_id: int, data: CustomerInput) -> CustomerInfo:
    values = clean_customer(data)
    if not sees_personal_data(actor.role):  # what one cannot see, one does not change
        for key in PERSONAL_FIELDS:
            values.pop(key)
    with desk.use_case(actor, Permission.REGISTER_CUSTOMER) as uow:
        customer = _load(uow, customer_id)
        before = asdict(customer_info(customer))
        for key, value in values.items():
            if value is not None:  # branch and account manager stay unless given
                setattr(customer, key, value)
        info = customer_info(customer)
        uow.audit("customer.update", "customer", customer.id, before=before, after=asdict(info),
                  customer_id=customer.id)
        uow.commit()
        return customer_info(customer, actor.role)


def apply_for_credit(desk: Desk, actor: Actor, customer_id: int, *, credit_grade: str, requested_limit: int,
                     credit_period_days: int = 30, settlement_cycle_months: int = 1, term_months: int = 12,
                     note: str = "") -> CreditApplicationInfo:
    """记欠申请 (postal 13(一)): filed by the branch; marketing decides."""
    check_credit_terms(credit_grade, requested_limit, credit_period_days, settlement_cycle_months, term_months)
    with desk.use_case(actor, Permission.APPLY_CREDIT) as uow:
        customer = _load(uow, customer_id)
        if customer.status not in MAY_APPLY_FOR_CREDIT:
            raise DomainError("customer.bad_transition", name=customer.name,
                              status=CustomerStatus(customer.status).words, action=Permission.APPLY_CREDIT.words)
        if uow.customers.has_pending_application(customer_id):
            raise DomainError("credit.pending_exists", name=customer.name)
        refuse_if_moved_away_from_here(uow, customer)
        _refuse_if_blacklisted_elsewhere(uow, customer)
        app = CreditApplication(
            site_id=uow.site_id, customer_id=customer_id, applied_by_id=actor.user_id, applied_at=desk.clock.now(),
            credit_grade=credit_grade, requested_limit=requested_limit, requested_period_days=credit_period_days,
            requested_cycle_months=settlement_cycle_months, requested_term_months=term_months, note=note.strip(),
            status="pending", decision_note="")
        uow.session.add(app)
        uow.session.flush()
        info = _application_info(uow, app)
        uow.audit("credit.apply", "credit_application", app.id, after=asdict(info), customer_id=customer_id)
        uow.commit()
        return info


def _refuse_if_blacklisted_elsewhere(uow, customer: Customer) -> None:
    entry = uow.exchange.blacklist_entry(customer.name.strip(), customer.id_number.strip())
    refuse_if_blacklisted_elsewhere(customer.name, customer.id_number, entry.site_code if entry else None)


def approve_credit(desk: Desk, actor: Actor, application_id: int, *, credit_limit: int | None = None,
                   credit_period_days: int | None = None, settlement_cycle_months: int | None = None,
                   term_months: int | None = None, note: str = "", history_reviewed: bool = False) -> AgreementInfo:
    """市场营销部审批: sets limit, period and cycle, assigns the customer code (附码), starts the agreement.

    A blacklisted customer gets a new agreement only when the approver says they have seen its
    collection history (``history_reviewed``); the approval is audited with that statement. Not here where
    marketing sits at the city office (setting ``credit.approved_at``)."""
    with desk.use_case(actor, Permission.APPROVE_CREDIT) as uow:
        require_branch_approves_credit(get_setting(uow, "credit.approved_at"))
        agreement_id = approve_credit_in(
            uow, application_id, actor.user_id, actor.username, credit_limit=credit_limit,
            credit_period_days=credit_period_days, settlement_cycle_months=settlement_cycle_months,
            term_months=term_months, note=note, history_reviewed=history_reviewed)
        info = agreement_info(uow, uow.session.get(Agreement, agreement_id))
        uow.commit()
        return info


def approve_credit_in(uow: UnitOfWork, application_id: int, approver_id: int, approver: str, *,
                      credit_limit: int | None = None, credit_period_days: int | None = None,
                      settlement_cycle_months: int | None = None, term_months: int | None = None, note: str = "",
                      history_reviewed: bool = False) -> int:
    """The one place a credit approval starts an agreement: by user ``approver_id`` of this database (a user
    of the city office for an approval made there), from today (the day it is recorded here). Returns the
    agreement's id."""
    app = _pending_application(uow, application_id)
    require_another_person(app.applied_by_id, approver_id, approver)
    limit = app.requested_limit if credit_limit is None else credit_limit
    period = app.requested_period_days if credit_period_days is None else credit_period_days
    cycle = app.requested_cycle_months if settlement_cycle_months is None else settlement_cycle_months
    term = app.requested_term_months if term_months is None else term_months
    check_credit_terms(app.credit_grade, limit, period, cycle, term)
    customer = _load(uow, app.customer_id)
    refuse_if_moved_away_from_here(uow, customer)  # its home is another branch now: it applies there afresh
    was_blacklisted = customer.status == CustomerStatus.BLACKLISTED
    if was_blacklisted and not history_reviewed:
        raise DomainError("credit.blacklist_history", name=customer.name)
    _refuse_if_blacklisted_elsewhere(uow, customer)
    before = asdict(customer_info(customer))
    desk = uow.desk
    today = desk.clock.today()
    # A new agreement replaces any earlier one from today on.
    for old in uow.customers.running_agreements(customer.id):
        old.terminated_on = today
    if customer.code is None:
        customer.code = _next_customer_code(uow)
    agreement = Agreement(
        site_id=uow.site_id, customer_id=customer.id, application_id=app.id,
        number=_next_agreement_number(uow, today.year), credit_limit=limit, credit_period_days=period,
        settlement_cycle_months=cycle, valid_from=today, valid_to=add_months(today, term) - timedelta(days=1),
        approved_by_id=approver_id, approved_at=desk.clock.now())
    uow.session.add(agreement)
    app.status = "approved"
    app.decided_by_id = approver_id
    app.decided_at = desk.clock.now()
    app.decision_note = note.strip()
    customer.status = CustomerStatus.ACTIVE.value
    uow.session.flush()
    info = agreement_info(uow, agreement)
    after = asdict(info) | ({"history_reviewed_by": approver} if was_blacklisted else {})
    uow.audit("credit.approve", "agreement", agreement.id, before=before, after=after, customer_id=customer.id)
    return agreement.id


def reject_credit(desk: Desk, actor: Actor, application_id: int, reason: str) -> None:
    """驳回记欠申请, with the reason; not here where marketing sits at the city office."""
    if not reason.strip():
        raise DomainError("field.required", field=Words("驳回原因", "Reason for rejecting"))
    with desk.use_case(actor, Permission.APPROVE_CREDIT) as uow:
        require_branch_approves_credit(get_setting(uow, "credit.approved_at"))
        reject_credit_in(uow, application_id, actor.user_id, actor.username, reason)
        uow.commit()


def reject_credit_in(uow: UnitOfWork, application_id: int, decider_id: int, decider: str, reason: str) -> None:
    """The rejection recorded in ``uow`` by user ``decider_id`` of this database (or of the city office)."""
    if not reason.strip():
        raise DomainError("field.required", field=Words("驳回原因", "Reason for rejecting"))
    app = _pending_application(uow, application_id)
    require_another_person(app.applied_by_id, decider_id, decider)
    refuse_if_moved_away_from_here(uow, _load(uow, app.customer_id))
    app.status = "rejected"
    app.decided_by_id = decider_id
    app.decided_at = uow.desk.clock.now()
    app.decision_note = reason.strip()
    uow.audit("credit.reject", "credit_application", app.id, after={"reason": reason.strip()},
              customer_id=app.customer_id)


def _pending_application(uow: UnitOfWork, application_id: int) -> CreditApplication:
    app = uow.session.get(CreditApplication, application_id)
    if app is None:
        raise DomainError("credit.not_found", ref=application_id)
    if app.status != "pending":
        raise DomainError("credit.not_pending", status=app.status)
    return app


def change_status(desk: Desk, actor: Actor, customer_id: int, action: StatusAction | str, reason: str) -> CustomerInfo:
    """暂停 / 恢复 / 终止 / 黑名单, always with a reason (postal 17). A branch head changing it by hand keeps the
    ladder's order: no sanction before a written notice's pay-by date has passed, and no override
    (app.domain.collection.status_change_refusal)."""
    action = StatusAction(action)
    if not reason.strip():
        raise DomainError("field.required", field=Words("原因", "Reason"))
    with desk.use_case(actor, Permission.CHANGE_CUSTOMER_STATUS) as uow:
        customer = _load(uow, customer_id)
        apply_status_action(uow, customer, action, reason)
        uow.commit()
        return customer_info(customer, actor.role)


def apply_status_action(uow: UnitOfWork, customer: Customer, action: StatusAction, reason: str | Note) -> None:
    """The status change itself, inside an open unit of work (also used by the collection ladder, whose
    reason, when no one typed one, is the step as a ``Note``)."""
    refuse_if_moved_away_from_here(uow, customer)
    allowed_from, target = STATUS_TRANSITIONS[action]
    if customer.status not in allowed_from:
        raise DomainError("customer.bad_transition", name=customer.name,
                          status=CustomerStatus(customer.status).words, action=action.words)
    refusal = status_change_refusal(action.value, notice_cover(uow, customer.id), uow.desk.clock.today())
    if refusal is not None:
        raise DomainError("escalation.before_notice", name=customer.name, action=action.words, reason=refusal)
    before = customer.status
    customer.status = target.value
    if target in (CustomerStatus.TERMINATED, CustomerStatus.BLACKLISTED):
        for agreement in uow.customers.running_agreements(customer.id):
            agreement.terminated_on = uow.desk.clock.today()
    uow.audit(f"customer.{action.value}", "customer", customer.id, before={"status": before},
              after={"status": target.value, **_reason(reason)}, customer_id=customer.id)


def _reason(reason: str | Note) -> dict:
    """An audit record's reason: as typed, or the program's own as a note (its Chinese sentence, and the
    note itself under ``reason_code`` for the screen to tell in its language)."""
    if isinstance(reason, Note):
        return {"reason": reason.words.zh, "reason_code": json.loads(reason.stored())}
    return {"reason": reason.strip()}


def notice_cover(uow: UnitOfWork, customer_id: int) -> NoticeCover:
    """What the written notices say about the customer's overdue items today (see app.domain.collection)."""
    row = uow.collection.notice_covers(uow.desk.clock.today(), customer_id=customer_id).get(customer_id)
    return NoticeCover(0) if row is None else NoticeCover(row.overdue_items, row.number, row.pay_by)


def refuse_if_moved_away_from_here(uow: UnitOfWork, customer: Customer) -> None:
    moved = uow.customers.transfer(customer.id, "out")
    refuse_if_moved_away(customer.name, moved.other_site if moved else None)


def transfer_customer(desk: Desk, actor: Actor, customer_id: int, to_site: str, reason: str) -> CustomerInfo:
    """客户转移（转出）: the customer's home moves to another branch. The account must be settled here first
    (app.domain.customers); the agreement ends today, and the city office's next package brings the
    customer to the new branch, which records the move in and starts it afresh."""
    to_site = to_site.strip().upper()
    if not reason.strip():
        raise DomainError("field.required", field=Words("原因", "Reason"))
    with desk.use_case(actor, Permission.CHANGE_CUSTOMER_STATUS) as uow:
        customer = _load(uow, customer_id)
        refuse_if_moved_away_from_here(uow, customer)
        own = uow.exchange.local_site()
        if uow.exchange.city() is None:
            raise DomainError("exchange.no_city")
        directory = {code for code, _name in get_setting(uow, "exchange.directory")}
        if not to_site or to_site == own.code or (directory and to_site not in directory):
            raise DomainError("transfer.bad_site", site=to_site or "—")
        if customer.status == CustomerStatus.BLACKLISTED:
            raise DomainError("customer.bad_transition", name=customer.name,
                              status=CustomerStatus(customer.status).words, action=TRANSFER_WORDS)
        open_total, credit = uow.ledger.balance(customer.id)
        refuse_transfer_unless_settled(customer.name, open_total, credit)
        before = customer.status
        today = desk.clock.today()
        for agreement in uow.customers.running_agreements(customer.id):
            agreement.terminated_on = today
        customer.status = CustomerStatus.TERMINATED.value
        uow.session.add(CustomerTransfer(site_id=uow.site_id, customer_id=customer.id, direction="out",
                                         other_site=to_site, transferred_on=today, reason=reason.strip(),
                                         recorded_by_id=actor.user_id, recorded_at=desk.clock.now()))
        uow.audit("customer.transfer_out", "customer", customer.id, before={"status": before},
                  after={"status": customer.status, "to": to_site, "reason": reason.strip()}, customer_id=customer.id)
        uow.commit()
        return customer_info(customer, actor.role)


def take_transferred_customer(uow: UnitOfWork, *, uid: bytes, from_site: str, name: str, group: str, contact: str,
                              phone: str, address: str, id_number: str, transferred_on, reason: str) -> bool:
    """客户转移（转入）, as the city office's package brings it: the customer, pending a new credit application
    here, with the move on record. The same customer brought twice is taken once (by its uid)."""
    if uow.customers.by_uid(uid) is not None:
        return False
    customer = Customer(uid=uid, site_id=uow.site_id, status=CustomerStatus.PENDING.value, name=name,
                        customer_group=group, contact_person=contact, phone=phone, address=address,
                        id_number=id_number, branch_id=_own_branch_id(uow), account_manager_id=uow.actor.user_id,
                        created_at=uow.desk.clock.now())
    uow.session.add(customer)
    uow.session.flush()
    uow.ledger.open_account(customer.id)
    uow.session.add(CustomerTransfer(site_id=uow.site_id, customer_id=customer.id, direction="in",
                                     other_site=from_site, transferred_on=transferred_on, reason=reason,
                                     recorded_by_id=uow.actor.user_id, recorded_at=uow.desk.clock.now()))
    uow.audit("customer.transfer_in", "customer", customer.id,
              after={"name": name, "from": from_site, "on": transferred_on.isoformat()}, customer_id=customer.id)
    return True


def get_customer(desk: Desk, actor: Actor, customer_id: int) -> CustomerInfo:
    with desk.query(actor, Permission.VIEW_LEDGER) as uow:
        return customer_info(_load(uow, customer_id), actor.role)


def find_customer_by_code(desk: Desk, actor: Actor, code: str) -> CustomerInfo:
    with desk.query(actor, Permission.VIEW_LEDGER) as uow:
        customer = uow.customers.by_code(code.strip())
        if customer is None:
            raise DomainError("customer.not_found", ref=code)
        return customer_info(customer, actor.role)


def pending_applications(desk: Desk, actor: Actor) -> list[CreditApplicationInfo]:
    with desk.query(actor, Permission.APPROVE_CREDIT) as uow:
        return pending_applications_in(uow)


def pending_applications_in(uow: UnitOfWork) -> list[CreditApplicationInfo]:
    """The pending credit applications in ``uow``'s database (e.g. the city office's copy of a branch)."""
    return [_application_info(uow, a) for a in uow.customers.pending_applications()]


def current_agreement(uow: UnitOfWork, customer_id: int) -> Agreement | None:
    return uow.items.current_agreement(customer_id)


def grade_limits(desk: Desk) -> dict[str, int]:
    """信用评价 -> default credit limit in fen, from the settings (defaults: CREDIT_GRADES)."""
    with desk.unit_of_work() as uow:
        return {grade: int(fen) for grade, fen in get_setting(uow, "credit.grade_limits").items()}


def _load(uow: UnitOfWork, customer_id: int) -> Customer:
    customer = uow.session.get(Customer, customer_id)
    if customer is None:
        raise DomainError("customer.not_found", ref=customer_id)
    return customer


def _own_branch_id(uow: UnitOfWork) -> int:
    return uow.customers.own_branch_id()


def _next_customer_code(uow: UnitOfWork) -> str:
    site_code = uow.customers.site_code(uow.site_id)
    n = uow.customers.coded_customers() + 1
    while uow.customers.code_taken(f"{site_code}{n:06d}"):
        n += 1
    return f"{site_code}{n:06d}"


def _next_agreement_number(uow: UnitOfWork, year: int) -> str:
    prefix = f"XY{uow.customers.site_code(uow.site_id)}{year}"
    n = uow.customers.agreements_numbered(prefix) + 1
    while uow.customers.agreement_number_taken(f"{prefix}{n:05d}"):
        n += 1
    return f"{prefix}{n:05d}"


def _user_name(uow: UnitOfWork, user_id: int | None) -> str:
    return "" if user_id is None else uow.customers.user_name(user_id)


def agreement_info(uow: UnitOfWork, a: Agreement) -> AgreementInfo:
    return AgreementInfo(a.id, a.number, a.credit_limit, a.credit_period_days, a.settlement_cycle_months,
                         a.valid_from, a.valid_to, _user_name(uow, a.approved_by_id), a.terminated_on,
                         bool(a.late_fee_enabled))


def _application_info(uow: UnitOfWork, a: CreditApplication) -> CreditApplicationInfo:
    name, status = uow.customers.name_and_status(a.customer_id)
    return CreditApplicationInfo(a.id, a.customer_id, name, _user_name(uow, a.applied_by_id), a.applied_at,
                                 a.credit_grade, a.requested_limit, a.requested_period_days,
                                 a.requested_cycle_months, a.requested_term_months, a.note, a.status, status)


def restore_if_cleared(uow: UnitOfWork, customer: Customer) -> bool:
    """暂停记欠 lifts by itself once nothing overdue is left open (postal 17(二))."""
    if customer.status != CustomerStatus.SUSPENDED:
        return False
    if uow.items.has_overdue(customer.id, uow.desk.clock.today()):
        return False
    customer.status = CustomerStatus.ACTIVE.value
    uow.audit("customer.restore_cleared", "customer", customer.id, customer_id=customer.id,
              before={"status": CustomerStatus.SUSPENDED.value},
              after={"status": CustomerStatus.ACTIVE.value, **_reason(RESTORED)})
    return True


def list_customers(desk: Desk, actor: Actor, text: str = "", *, status: str | None = None,
                   group: str | None = None, manager_id: int | None = None, overdue_only: bool = False,
                   limit: int = 50_000) -> list[CustomerListRow]:
    """The customer list: search by name, code or phone; filter by status, group, account manager and
    overdue; each row with its open, overdue and unapplied-credit figures (from the maintained balances).
    A role that does not see phone numbers in full finds by name and code only, and sees them masked."""
    text = search_text(text)
    sees = sees_personal_data(actor.role)
    with desk.query(actor, Permission.VIEW_LEDGER) as uow:
        rows = uow.customers.list_rows(desk.clock.today(), text=text, status=status, group=group,
                                       manager_id=manager_id, overdue_only=overdue_only, limit=limit,
                                       by_phone=sees)
    return rows if sees else [row._replace(phone=mask(row.phone)) for row in rows]


def list_account_managers(desk: Desk, actor: Actor) -> list[tuple[int, str]]:
    with desk.query(actor, Permission.VIEW_LEDGER) as uow:
        return uow.customers.account_managers()


def transfer_destinations(desk: Desk) -> list[tuple[str, str]]:
    """The branches a customer can move to: the city's branches as its office last sent them."""
    with desk.reading() as uow:
        return [(code, name) for code, name in get_setting(uow, "exchange.directory")]
