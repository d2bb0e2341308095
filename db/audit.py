"""审计日志查询: reading the audit trail (it is written by ``db.ledger.Ledger.audit`` only)."""
from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import String, and_, case, cast, func, select
from sqlalchemy.orm import Session

from db.models import (
    Agreement, ArrearsItem, AuditRecord, CollectionRecord, CreditApplication, Customer, Dispute, Escalation,
    ImportBatch, Investigation, Notice, NoticeReply, Repayment, Revenue, Reversal, Site, User, WriteOff,
)
from db.models import CashUp, DailyReportPrint, MonthClosing, Recovery, VoidedReceipt, WriteOffApplication
from db.models import Branch, BusinessLine  # the audit detail in words
from db.timeline import SIGN_IN_FAILED


class AuditRow(NamedTuple):
    entry_id: int
    at: datetime
    username: str       # who did it; on a failed sign-in, the user whose name was typed ("" if none)
    display_name: str   # "" on a failed sign-in (no one was signed in)
    action: str
    customer: str
    entity: str
    entity_id: int | None
    before: str | None
    after: str | None
    record: str = ""    # the record by its own name: voucher, receipt or document number, user name …


_log, _users, _customers = AuditRecord.__table__, User.__table__, Customer.__table__
_target = _users.alias("target")  # the user an entry is about (user.create, auth.login_failed …)
_items, _repayments = ArrearsItem.__table__, Repayment.__table__


def _one(column, table, key=None):
    """The column of the row the entry names (``entity_id``), looked up in the same statement."""
    # correlated to the audit row even when nested in another lookup (a write-off's voucher): implicit
    # correlation reaches only the select right around it, and this one would read the whole log
    return select(column).where((table.c.id if key is None else key) == _log.c.entity_id).correlate(_log) \
        .scalar_subquery()


def _voucher(item_id):
    return select(_items.c.voucher_no).where(_items.c.id == item_id).scalar_subquery()


def _customer_ref(customer_id):
    """A customer by code, or by name while the code is still to be given (待审批)."""
    named = _customers.alias("named")  # not the outer statement's customer, which it would correlate to
    return select(func.coalesce(named.c.code, named.c.name)).where(named.c.id == customer_id).scalar_subquery()


def _record_reference():
    """One CASE over the kind of record: SQLite evaluates only the branch that matches, so each row costs
    one lookup by primary key."""
    reversals, notices, replies = Reversal.__table__, Notice.__table__, NoticeReply.__table__
    applications = CreditApplication.__table__
    by_kind = {
        "site": _one(Site.__table__.c.name, Site.__table__),
        "user": _target.c.username,
        "customer": _customer_ref(_log.c.entity_id),
        "credit_application": _customer_ref(_one(applications.c.customer_id, applications)),
        "agreement": _one(Agreement.__table__.c.number, Agreement.__table__),
        "arrears_item": _one(_items.c.voucher_no, _items),
        "repayment": _one(_repayments.c.receipt_no, _repayments),
        "reversal": select(func.coalesce(_voucher(reversals.c.arrears_item_id), select(_repayments.c.receipt_no)
                                         .where(_repayments.c.id == reversals.c.repayment_id).scalar_subquery()))
                    .where(reversals.c.id == _log.c.entity_id).scalar_subquery(),
        "write_off": _voucher(_one(WriteOff.__table__.c.arrears_item_id, WriteOff.__table__)),
        "dispute": _voucher(_one(Dispute.__table__.c.arrears_item_id, Dispute.__table__)),
        "notice": _one(notices.c.number, notices),
        "notice_reply": select(notices.c.number).where(notices.c.id == _one(replies.c.notice_id, replies))
                        .scalar_subquery(),
        "collection_record": cast(_one(CollectionRecord.__table__.c.contacted_on, CollectionRecord.__table__), String),
        "escalation": cast(_one(Escalation.__table__.c.decided_on, Escalation.__table__), String),
        "investigation": cast(_one(Investigation.__table__.c.noted_on, Investigation.__table__), String),
        "import_batch": _one(ImportBatch.__table__.c.file_name, ImportBatch.__table__),
        "revenue": cast(_one(Revenue.__table__.c.period, Revenue.__table__), String),
        "clock": cast(_log.c.entity_id, String),
        # finance controls: the application's voucher, the receipt, the day or month the record is about
        "write_off_application": _voucher(_one(WriteOffApplication.__table__.c.arrears_item_id,
                                               WriteOffApplication.__table__)),
        "recovery": _one(Recovery.__table__.c.receipt_no, Recovery.__table__),
        "voided_receipt": _one(VoidedReceipt.__table__.c.receipt_no, VoidedReceipt.__table__),
        "cash_up": cast(_one(CashUp.__table__.c.day, CashUp.__table__), String),
        "daily_report_print": cast(_one(DailyReportPrint.__table__.c.last_day, DailyReportPrint.__table__), String),
        "month_closing": cast(_one(MonthClosing.__table__.c.period, MonthClosing.__table__), String),
    }
    return case(*((_log.c.entity == kind, ref) for kind, ref in by_kind.items()), else_=None)


_RECORD = _record_reference()
# On a failed sign-in no one is signed in: the user is the one whose name was typed (if it was a user's).
_WHO = case((and_(_log.c.user_id.is_(None), _log.c.action == SIGN_IN_FAILED), _target.c.username),
            else_=_users.c.username)


class AuditTrail:
    def __init__(self, session: Session) -> None:
        self._session = session

    def entries(self, *, username: str | None = None, customer_id: int | None = None, since: datetime | None = None,
                before: datetime | None = None, action: str | None = None, limit: int = 2000) -> list[AuditRow]:
        """Newest first; ``since`` inclusive, ``before`` exclusive."""
        log, u, c = _log, _users, _customers
        stmt = (select(log.c.id, log.c.at, _WHO, u.c.display_name, log.c.action, c.c.name, log.c.entity,
                       log.c.entity_id, log.c.before, log.c.after, _RECORD)
                .select_from(log.outerjoin(u, u.c.id == log.c.user_id).outerjoin(c, c.c.id == log.c.customer_id)
                             .outerjoin(_target, and_(log.c.entity == "user", _target.c.id == log.c.entity_id))))
        if username:
            stmt = stmt.where(_WHO == username)
        if customer_id is not None:
            stmt = stmt.where(log.c.customer_id == customer_id)
        if since is not None:
            stmt = stmt.where(log.c.at >= since)
        if before is not None:
            stmt = stmt.where(log.c.at < before)
        if action:
            stmt = stmt.where(log.c.action == action)
        rows = self._session.connection().execute(stmt.order_by(log.c.id.desc()).limit(limit))
        return [AuditRow(i, at, user or "", name or "", act, customer or "", entity, entity_id, b, a, record or "")
                for i, at, user, name, act, customer, entity, entity_id, b, a, record in rows]

    # -- the audit detail in words (issue 11) ---------------------------------------------------------------
    def names(self, wanted: set[tuple[str, int]]) -> dict[tuple[str, int], str]:
        """The records an entry's detail mentions by id, by their own names (``app.domain.audit.ID_KEYS``'s
        kinds): a user by name, an item by voucher, a receipt, a notice by number, a customer by code."""
        by_kind: dict[str, set[int]] = {}
        for kind, key in wanted:
            by_kind.setdefault(kind, set()).add(key)
        found: dict[tuple[str, int], str] = {}
        for kind, ids in by_kind.items():
            source = _NAMES.get(kind)
            if source is None:
                continue
            key, name = source
            found.update(((kind, i), n) for i, n in self._session.connection().execute(
                select(key, name).where(key.in_(sorted(ids)))) if n)
        return found


_NAMES = {
    "user": (_users.c.id, func.coalesce(func.nullif(_users.c.display_name, ""), _users.c.username)),
    "arrears_item": (_items.c.id, _items.c.voucher_no),
    "repayment": (_repayments.c.id, _repayments.c.receipt_no),
    "notice": (Notice.__table__.c.id, Notice.__table__.c.number),
    "customer": (_customers.c.id, func.coalesce(_customers.c.code, _customers.c.name)),
    "business_line": (BusinessLine.__table__.c.id, BusinessLine.__table__.c.name),
    "branch": (Branch.__table__.c.id, Branch.__table__.c.name),
}
