"""SQLAlchemy 2 typed models. Amounts are INTEGER fen; every record carries a global ``uid`` and the
``site_id`` of the installation that created it, ready for file sync.

Ledger tables (arrears items, repayments, allocations, reversals, write-offs, audit log) are
append-only: the migrations add triggers that abort any UPDATE or DELETE on them. The *_balances
tables are derived figures maintained by the services and recomputed by ``verify``.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean, CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from db.ids import new_uid

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

LEDGER_TABLES = ("arrears_items", "repayments", "allocations", "reversals", "write_offs", "audit_log",
                 "recoveries")
# The collection file (催收档案) is evidence too: what was said, sent and decided is never rewritten.
COLLECTION_TABLES = ("collection_records", "escalations", "notices", "notice_replies", "disputes",
                     "dispute_settlements", "investigations")
# Figures brought in from elsewhere (revenue, finance totals, imported files) are kept as they came.
REPORTING_TABLES = ("revenues", "external_totals", "import_batches")
# The hash chains that make the ledger and the audit trail tamper-evident (db/chain.py).
INTEGRITY_TABLES = ("ledger_chain",)
# Where a customer's home moved (数据交换): evidence of ownership, kept as written.
HOME_TABLES = ("customer_transfers",)
# 清欠 (postal 25): hand-overs of a leaving handler's arrears, clearance deadlines and certificates.
CLEARANCE_TABLES = ("handovers", "clearance_deadlines", "clearance_certificates")
# 月结 (postal 22): closes and reopenings of months, with the figures at the close.
CLOSING_TABLES = ("month_closings",)
# 坏账核销 (writeoff): applications, their decisions and their evidence files, kept as written.
WRITE_OFF_TABLES = ("write_off_applications", "write_off_decisions", "write_off_evidence")
APPEND_ONLY_TABLES = (LEDGER_TABLES + COLLECTION_TABLES + REPORTING_TABLES + INTEGRITY_TABLES + HOME_TABLES
                      + CLEARANCE_TABLES + WRITE_OFF_TABLES + CLOSING_TABLES)
# -- books that stay closed (daily report prints, 缴款, 作废收据): what was printed and handed in stays as it was
DAYBOOK_TABLES = ("daily_report_prints", "voided_receipts", "cash_ups", "cash_up_amounts", "cash_up_receipts")
APPEND_ONLY_TABLES += DAYBOOK_TABLES


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _uid_column() -> Mapped[bytes]:
    return mapped_column(LargeBinary(16), unique=True, nullable=False, default=new_uid)


def _money(name: str, *, positive: bool = True) -> CheckConstraint:
    op = ">" if positive else ">="
    return CheckConstraint(f"typeof({name}) = 'integer' AND {name} {op} 0", name=f"{name}_fen")


class Site(Base):
    """网点: one installation of the program (a branch office's workstation file)."""
    __tablename__ = "sites"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    is_local: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    kind: Mapped[str] = mapped_column(String(8), default="branch", server_default="branch")  # branch | city
    public_key: Mapped[bytes | None] = mapped_column(LargeBinary(32))  # Ed25519: checks the files it signs
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)      # its files are refused from then on


class Branch(Base):
    """业务受理部门: the office that serves a customer."""
    __tablename__ = "branches"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(100))


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    username: Mapped[str] = mapped_column(String(32), unique=True)
    display_name: Mapped[str] = mapped_column(String(50))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branches.id"))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    __table_args__ = (
        CheckConstraint("role IN ('counter','branch_head','marketing','finance','audit','admin')", name="role"),
    )


class BusinessLine(Base):
    """专业: 函件, 包件, 固话, 宽带 …"""
    __tablename__ = "business_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    sector: Mapped[str] = mapped_column(String(10))


class Setting(Base):
    """Business settings (aging bounds, grade limits …); UI preferences live in QSettings."""
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class Customer(Base):
    """协议客户."""
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    code: Mapped[str | None] = mapped_column(String(20), unique=True)  # 附码, assigned on approval
    name: Mapped[str] = mapped_column(String(100), index=True)
    customer_group: Mapped[str] = mapped_column(String(20))
    contact_person: Mapped[str] = mapped_column(String(50), default="")
    phone: Mapped[str] = mapped_column(String(30), default="", index=True)
    address: Mapped[str] = mapped_column(String(200), default="")
    id_number: Mapped[str] = mapped_column(String(30), default="")  # 统一社会信用代码 / 身份证号
    branch_id: Mapped[int] = mapped_column(ForeignKey("branches.id"), index=True)
    account_manager_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # 到期提醒 (telecom 7.2, 8): the customer asked to be reminded before its items fall due
    wants_reminders: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    __table_args__ = (
        CheckConstraint("status IN ('pending','active','suspended','terminated','blacklisted')", name="status"),
    )


class CreditApplication(Base):
    """记欠申请: filed by the branch, decided by marketing (never by the applicant)."""
    __tablename__ = "credit_applications"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    applied_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    applied_at: Mapped[datetime] = mapped_column(DateTime)
    credit_grade: Mapped[str] = mapped_column(String(5))
    requested_limit: Mapped[int] = mapped_column(Integer)
    requested_period_days: Mapped[int] = mapped_column(Integer)
    requested_cycle_months: Mapped[int] = mapped_column(Integer)
    requested_term_months: Mapped[int] = mapped_column(Integer, default=12)
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="pending")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decision_note: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (
        _money("requested_limit", positive=False),
        CheckConstraint("status IN ('pending','approved','rejected')", name="status"),
        CheckConstraint("decided_by_id IS NULL OR decided_by_id <> applied_by_id", name="four_eyes"),
    )


class Agreement(Base):
    """用邮协议: the approved credit terms."""
    __tablename__ = "agreements"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("credit_applications.id"))
    number: Mapped[str] = mapped_column(String(30), unique=True)
    credit_limit: Mapped[int] = mapped_column(Integer)
    credit_period_days: Mapped[int] = mapped_column(Integer)
    settlement_cycle_months: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date] = mapped_column(Date)
    approved_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime] = mapped_column(DateTime)
    late_fee_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    late_fee_permille_per_day: Mapped[int] = mapped_column(Integer, default=3)
    late_fee_grace_days: Mapped[int] = mapped_column(Integer, default=0)
    terminated_on: Mapped[date | None] = mapped_column(Date)
    __table_args__ = (
        _money("credit_limit", positive=False),
        CheckConstraint("settlement_cycle_months BETWEEN 1 AND 3", name="cycle"),
        CheckConstraint("valid_to >= valid_from", name="validity"),
    )


class ArrearsItem(Base):
    """欠费: one amount owed, from one voucher. Append-only."""
    __tablename__ = "arrears_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id"))
    business_line_id: Mapped[int] = mapped_column(ForeignKey("business_lines.id"))
    branch_id: Mapped[int] = mapped_column(ForeignKey("branches.id"))
    business_date: Mapped[date] = mapped_column(Date)
    billing_period: Mapped[int] = mapped_column(Integer)  # YYYYMM
    due_date: Mapped[date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(Integer)
    voucher_no: Mapped[str] = mapped_column(String(40), index=True)
    handler_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    signature_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    override_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    override_reason: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    __table_args__ = (
        _money("amount"),
        CheckConstraint("due_date >= business_date", name="due_after_business"),
        CheckConstraint("(override_by_id IS NULL) = (override_reason IS NULL)", name="override_has_reason"),
        Index("ix_arrears_items_customer_date", "customer_id", "business_date", "id"),
    )


class Repayment(Base):
    """收回欠费: money received from a customer. Append-only."""
    __tablename__ = "repayments"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    amount: Mapped[int] = mapped_column(Integer)
    paid_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(12))
    receipt_no: Mapped[str] = mapped_column(String(40), index=True)
    received_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    mode: Mapped[str] = mapped_column(String(6))  # fifo | named
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    __table_args__ = (
        _money("amount"),
        CheckConstraint("mode IN ('fifo','named')", name="mode"),
        Index("ix_repayments_customer_date", "customer_id", "paid_on", "id"),
    )


class Allocation(Base):
    """核销: part of a repayment's money offset against an item, effective from ``effective_on``.

    An allocation stops counting from the day its repayment or its item is reversed."""
    __tablename__ = "allocations"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    repayment_id: Mapped[int] = mapped_column(ForeignKey("repayments.id"), index=True)
    arrears_item_id: Mapped[int] = mapped_column(ForeignKey("arrears_items.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    amount: Mapped[int] = mapped_column(Integer)
    effective_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(8))  # payment | credit (unapplied credit applied later)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    __table_args__ = (
        _money("amount"),
        CheckConstraint("source IN ('payment','credit')", name="source"),
        Index("ix_allocations_customer", "customer_id", "effective_on"),
    )


class Reversal(Base):
    """冲正: cancels an arrears item or a repayment from ``reversed_on``; points at what it reverses."""
    __tablename__ = "reversals"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    arrears_item_id: Mapped[int | None] = mapped_column(ForeignKey("arrears_items.id"), unique=True)
    repayment_id: Mapped[int | None] = mapped_column(ForeignKey("repayments.id"), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    reversed_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    reversed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    __table_args__ = (
        CheckConstraint("(arrears_item_id IS NULL) <> (repayment_id IS NULL)", name="one_target"),
        CheckConstraint("length(trim(reason)) > 0", name="reason"),
    )


class WriteOff(Base):
    """坏账核销: the item stays on record (账销案存); the open amount written off is taken out of aging."""
    __tablename__ = "write_offs"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    # Not unique since 0010: an item may be written off in parts (部分核销), each on its own approval.
    arrears_item_id: Mapped[int] = mapped_column(ForeignKey("arrears_items.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    amount: Mapped[int] = mapped_column(Integer)
    written_off_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(Text)
    applied_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    approved_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    __table_args__ = (
        _money("amount"),
        CheckConstraint("approved_by_id <> applied_by_id", name="four_eyes"),
    )


class AuditRecord(Base):
    """审计日志: who did what, when, with the record before and after (JSON)."""
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    entity: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)


class ChainLink(Base):
    """防篡改链: one link per ledger or audit row, in its chain (the customer's, or for an audit record
    about no customer the user's), carrying SHA-256 over the row's content, the link's place and the
    previous link's digest. See db/chain.py."""
    __tablename__ = "ledger_chain"
    id: Mapped[int] = mapped_column(primary_key=True)
    chain: Mapped[int] = mapped_column(Integer)        # customer id; -user id or 0 for other audit records
    entity: Mapped[int] = mapped_column(Integer)       # which ledger table (db.chain.ENTITIES)
    entity_id: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime)     # the row's own recording time
    digest: Mapped[bytes] = mapped_column(LargeBinary(32))
    __table_args__ = (Index("ix_ledger_chain_chain", "chain", "id"),)


class ChainHead(Base):
    """Derived: the digest of each chain's last link (链头), kept in the transaction of every link appended
    (db/chain.py), so the integrity root of the ledger as it stands reads one row a chain instead of seeking
    the end of every chain in ``ledger_chain``. ``verify`` checks it against the chains."""
    __tablename__ = "ledger_chain_heads"
    chain: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    digest: Mapped[bytes] = mapped_column(LargeBinary(32))


class ItemBalance(Base):
    """Derived: what is still open on each item now (maintained; ``verify`` recomputes it)."""
    __tablename__ = "item_balances"
    item_id: Mapped[int] = mapped_column(ForeignKey("arrears_items.id"), primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    business_date: Mapped[date] = mapped_column(Date)
    billing_period: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[date] = mapped_column(Date)
    business_line_id: Mapped[int] = mapped_column(Integer)
    handler_id: Mapped[int] = mapped_column(Integer)
    branch_id: Mapped[int] = mapped_column(Integer)
    open_amount: Mapped[int] = mapped_column(Integer)
    __table_args__ = (
        _money("open_amount", positive=False),
        # FIFO order, and (0023) what today's aging by customer adds up: read from the index alone, no lookups
        Index("ix_item_balances_open", "customer_id", "business_date", "item_id", "due_date", "billing_period",
              "open_amount", sqlite_where=text("open_amount > 0"), postgresql_where=text("open_amount > 0")),
    )


class RepaymentBalance(Base):
    """Derived: the part of each repayment not yet offset (预存款 / unapplied credit)."""
    __tablename__ = "repayment_balances"
    repayment_id: Mapped[int] = mapped_column(ForeignKey("repayments.id"), primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    unapplied: Mapped[int] = mapped_column(Integer)
    __table_args__ = (
        _money("unapplied", positive=False),
        Index("ix_repayment_balances_unapplied", "customer_id", "repayment_id", sqlite_where=text("unapplied > 0"), postgresql_where=text("unapplied > 0")),
    )


class CustomerBalance(Base):
    """Derived: a customer's open total and unapplied credit now."""
    __tablename__ = "customer_balances"
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), primary_key=True)
    open_total: Mapped[int] = mapped_column(Integer, default=0)
    unapplied_credit: Mapped[int] = mapped_column(Integer, default=0)
    __table_args__ = (
        _money("open_total", positive=False),
        _money("unapplied_credit", positive=False),
    )


class Notice(Base):
    """催缴通知书 / 对账单 issued to a customer, with its number. Append-only."""
    __tablename__ = "notices"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    number: Mapped[str] = mapped_column(String(30), unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # notice | statement
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    as_of: Mapped[date] = mapped_column(Date)
    period_from: Mapped[date | None] = mapped_column(Date)
    pay_by: Mapped[date | None] = mapped_column(Date)
    total: Mapped[int] = mapped_column(Integer)  # overdue total (notice) or closing balance (statement), fen
    item_count: Mapped[int] = mapped_column(Integer)
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[datetime] = mapped_column(DateTime)
    __table_args__ = (
        CheckConstraint("kind IN ('notice','statement')", name="kind"),
        CheckConstraint("typeof(total) = 'integer'", name="total_fen"),
    )


class NoticeReply(Base):
    """回执: the customer's signed reply slip came back (evidence that interrupts limitation)."""
    __tablename__ = "notice_replies"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    notice_id: Mapped[int] = mapped_column(ForeignKey("notices.id"), index=True)
    received_on: Mapped[date] = mapped_column(Date)
    answer: Mapped[str] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    __table_args__ = (CheckConstraint("answer IN ('no_dispute','dispute')", name="answer"),)


class CollectionRecord(Base):
    """催收记录 (telecom 7.5): one contact with a customer. Append-only; a correction points at the
    record it corrects."""
    __tablename__ = "collection_records"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    contacted_on: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(10))
    handler_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    result: Mapped[str] = mapped_column(Text)
    promised_on: Mapped[date | None] = mapped_column(Date)
    promised_amount: Mapped[int | None] = mapped_column(Integer)
    next_follow_up: Mapped[date | None] = mapped_column(Date)
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("notices.id"))
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("collection_records.id"))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    # notes as records (issue 11): a result the program wrote, as app.domain.notes.Note JSON (code and
    # values), told in the screen's language; ``result`` keeps its Chinese sentence. NULL: typed by a person.
    result_code: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (
        CheckConstraint("channel IN ('phone','sms','visit','letter','agency')", name="channel"),
        CheckConstraint("length(trim(result)) > 0", name="result"),
        CheckConstraint("promised_amount IS NULL OR (typeof(promised_amount) = 'integer' AND promised_amount > 0)",
                        name="promised_amount_fen"),
        Index("ix_collection_records_customer", "customer_id", "contacted_on", "id"),
    )


class Escalation(Base):
    """催缴升级: a ladder step a person confirmed or declined, with who and when. Append-only."""
    __tablename__ = "escalations"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    step: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(10))
    decision: Mapped[str] = mapped_column(String(10))
    days_overdue: Mapped[int] = mapped_column(Integer)
    overdue_amount: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_on: Mapped[date] = mapped_column(Date)
    decided_at: Mapped[datetime] = mapped_column(DateTime)
    __table_args__ = (
        CheckConstraint("decision IN ('confirmed','declined')", name="decision"),
        CheckConstraint("decision = 'confirmed' OR length(trim(note)) > 0", name="declined_has_reason"),
        Index("ix_escalations_customer", "customer_id", "decided_on", "id"),
    )


class Dispute(Base):
    """有异议: the customer disputes an item; it stays in the ledger but leaves escalation."""
    __tablename__ = "disputes"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    arrears_item_id: Mapped[int] = mapped_column(ForeignKey("arrears_items.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    raised_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    raised_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    __table_args__ = (CheckConstraint("length(trim(reason)) > 0", name="reason"),)


class DisputeSettlement(Base):
    """异议处理结果: closes a dispute; the item is escalated again if still open."""
    __tablename__ = "dispute_settlements"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    dispute_id: Mapped[int] = mapped_column(ForeignKey("disputes.id"), unique=True)
    settled_on: Mapped[date] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(Text)
    settled_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    __table_args__ = (CheckConstraint("length(trim(outcome)) > 0", name="outcome"),)


class Investigation(Base):
    """逾期六个月以上的原因调查 (postal 18(一)): the cause, noted by the handler."""
    __tablename__ = "investigations"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    noted_on: Mapped[date] = mapped_column(Date)
    cause: Mapped[str] = mapped_column(Text)
    noted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    __table_args__ = (CheckConstraint("length(trim(cause)) > 0", name="cause"),)


class ImportBatch(Base):
    """One imported file: what, from which file (SHA-256), by whom, how many rows."""
    __tablename__ = "import_batches"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    kind: Mapped[str] = mapped_column(String(12))
    file_name: Mapped[str] = mapped_column(String(260))
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    rows_total: Mapped[int] = mapped_column(Integer)
    rows_imported: Mapped[int] = mapped_column(Integer)
    imported_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    __table_args__ = (CheckConstraint("kind IN ('customers','arrears','revenues','external')", name="kind"),)


class Revenue(Base):
    """业务收入 per billing period and business line (for the arrears-to-revenue ratio, postal 2).
    Append-only: a correction is a later row for the same period, line and category, which wins."""
    __tablename__ = "revenues"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    period: Mapped[int] = mapped_column(Integer)  # YYYYMM
    business_line_id: Mapped[int] = mapped_column(ForeignKey("business_lines.id"))
    category: Mapped[str] = mapped_column(String(16))
    amount: Mapped[int] = mapped_column(Integer)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    __table_args__ = (
        _money("amount", positive=False),
        CheckConstraint("category IN ('business','agency_finance','rent','non_operating')", name="category"),
        Index("ix_revenues_period", "period", "business_line_id", "category", "id"),
    )


class ExternalTotal(Base):
    """业财对账: a total from finance or a business system, per period, business line and customer.
    The latest batch for a source and period is the one compared."""
    __tablename__ = "external_totals"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id"), index=True)
    source: Mapped[str] = mapped_column(String(10))
    period: Mapped[int] = mapped_column(Integer)
    business_line_id: Mapped[int | None] = mapped_column(ForeignKey("business_lines.id"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    incurred: Mapped[int] = mapped_column(Integer)
    collected: Mapped[int] = mapped_column(Integer)
    __table_args__ = (
        CheckConstraint("source IN ('finance','business')", name="source"),
        CheckConstraint("typeof(incurred) = 'integer' AND typeof(collected) = 'integer'", name="fen"),
        Index("ix_external_totals_period", "source", "period"),
    )


class ExchangePackage(Base):
    """交换包: a package this site made (``out``) or received (``in``), with its state and, while it may
    still be needed (held for a gap, not yet acknowledged), the file's bytes."""
    __tablename__ = "exchange_packages"
    id: Mapped[int] = mapped_column(primary_key=True)
    direction: Mapped[str] = mapped_column(String(3))
    kind: Mapped[str] = mapped_column(String(8))          # ledger (branch -> city) | city (city -> branch)
    site_code: Mapped[str] = mapped_column(String(12))    # the sender of an ``in``, the addressee of an ``out``
    seq: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str | None] = mapped_column(Text)      # JSON {"code": ..., "params": {...}}
    manifest: Mapped[str] = mapped_column(Text)
    file_name: Mapped[str] = mapped_column(String(260))
    made_at: Mapped[datetime] = mapped_column(DateTime)
    handled_at: Mapped[datetime] = mapped_column(DateTime)
    # The package file kept for sending again, written in blocks. The last column, so that SQLite writes
    # the zeroblob placeholder without materialising it (otherwise twice the package's size in memory).
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    __table_args__ = (
        CheckConstraint("direction IN ('out','in')", name="direction"),
        CheckConstraint("kind IN ('ledger','city')", name="kind"),
        CheckConstraint("state IN ('sent','acknowledged','applied','held','refused','duplicate','superseded')",
                        name="state"),
        Index("ix_exchange_packages_site_seq", "direction", "site_code", "seq"),
    )


# -- exchange (issue 12): the state rows a branch's next package must carry
class StateChange(Base):
    """A row of a state table (``db.exchange.STATE_TABLES``) inserted or changed, noted by the table's
    triggers (migration 0016): a package carries the rows noted since the previous package, not whole
    tables. ``table_name`` '*' asks for every row of every state table (a database rebuilt from a copy)."""
    __tablename__ = "state_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40))
    row_key: Mapped[int] = mapped_column(Integer)  # the row's rowid
    # ids never used again: the notes up to an acknowledged package are deleted, and a note numbered below
    # the last package's mark would never be sent
    __table_args__ = {"sqlite_autoincrement": True}


class CityBlacklistEntry(Base):
    """全市黑名单: a customer blacklisted at some branch, as the city office last sent the list."""
    __tablename__ = "city_blacklist"
    id: Mapped[int] = mapped_column(primary_key=True)
    site_code: Mapped[str] = mapped_column(String(12))
    customer_uid: Mapped[bytes] = mapped_column(LargeBinary(16))
    name: Mapped[str] = mapped_column(String(100))
    id_number: Mapped[str] = mapped_column(String(30), index=True)
    since: Mapped[date | None] = mapped_column(Date)


class CustomerTransfer(Base):
    """客户转移: the customer's home moved to (``out``) or from (``in``) another branch. Append-only; the
    branch that gave the customer up writes nothing more for it."""
    __tablename__ = "customer_transfers"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    direction: Mapped[str] = mapped_column(String(3))
    other_site: Mapped[str] = mapped_column(String(12))
    transferred_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    __table_args__ = (
        CheckConstraint("direction IN ('out','in')", name="direction"),
        CheckConstraint("length(trim(reason)) > 0", name="reason"),
    )


class Handover(Base):
    """工作交接: responsibility for an arrears item passes from one staff member to another from
    ``effective_on`` (the item's recorded handler stays as written). A hand-over of a customer is
    recorded with ``customer_id`` only (its account manager changes), its items each get their own row.
    Append-only."""
    __tablename__ = "handovers"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    from_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    to_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    arrears_item_id: Mapped[int | None] = mapped_column(ForeignKey("arrears_items.id"), index=True)
    effective_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    __table_args__ = (
        CheckConstraint("(customer_id IS NULL) <> (arrears_item_id IS NULL)", name="one_target"),
        CheckConstraint("from_user_id <> to_user_id", name="another_person"),
        CheckConstraint("length(trim(reason)) > 0", name="reason"),
    )


class ClearanceDeadline(Base):
    """限期追缴 (postal 25): the leaving handler's open arrears are to be cleared by ``due_on``."""
    __tablename__ = "clearance_deadlines"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    set_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    open_items: Mapped[int] = mapped_column(Integer)
    open_amount: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    set_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    set_at: Mapped[datetime] = mapped_column(DateTime)
    __table_args__ = (
        CheckConstraint("due_on > set_on", name="due_after_set"),
        CheckConstraint("typeof(open_amount) = 'integer'", name="open_amount_fen"),
        CheckConstraint("length(trim(reason)) > 0", name="reason"),
    )


class ClearanceCertificate(Base):
    """清欠证明 (postal 8(四), 25): issued, numbered, when nothing is left open for the user."""
    __tablename__ = "clearance_certificates"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    number: Mapped[str] = mapped_column(String(30), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    issued_on: Mapped[date] = mapped_column(Date)
    handed_over_items: Mapped[int] = mapped_column(Integer)
    handed_over_customers: Mapped[int] = mapped_column(Integer)
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[datetime] = mapped_column(DateTime)


# -- books that stay closed: the daily report as printed, voided receipts, the clerk's cash-up (缴款) ------

class DailyReportPrint(Base):
    """营业日报单 as printed (postal 16: 机打日报单不得进行手工修改): the days, the figures and the integrity
    root on the paper, so a reprint is checked against it."""
    __tablename__ = "daily_report_prints"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date, index=True)
    root: Mapped[str] = mapped_column(String(64))
    figures: Mapped[str] = mapped_column(Text)      # JSON: the lines as printed
    digest: Mapped[str] = mapped_column(String(64))  # SHA-256 over ``figures``
    printed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    printed_at: Mapped[datetime] = mapped_column(DateTime)


class VoidedReceipt(Base):
    """作废收据: a receipt number of a clerk's series that was spoiled or voided, never used for money."""
    __tablename__ = "voided_receipts"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    receipt_no: Mapped[str] = mapped_column(String(40), unique=True)
    clerk_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    voided_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    voided_at: Mapped[datetime] = mapped_column(DateTime)
    __table_args__ = (CheckConstraint("length(trim(reason)) > 0", name="reason"),)


class CashUp(Base):
    """缴款 (postal 15): a clerk's day closed and its money handed in; what was counted per method is in
    ``cash_up_amounts``; a difference from the receipts carries a reason."""
    __tablename__ = "cash_ups"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    clerk_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    day: Mapped[date] = mapped_column(Date)
    receipts: Mapped[int] = mapped_column(Integer)
    expected: Mapped[int] = mapped_column(Integer)
    handed_in: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    __table_args__ = (
        Index("ix_cash_ups_clerk_day", "clerk_id", "day", unique=True),
        CheckConstraint("expected = handed_in OR length(trim(reason)) > 0", name="difference_has_reason"),
    )


class CashUpAmount(Base):
    """Per payment method: what the receipts say and what was counted, when handed in (``handed``) and when
    received (``received``)."""
    __tablename__ = "cash_up_amounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    cash_up_id: Mapped[int] = mapped_column(ForeignKey("cash_ups.id"), index=True)
    stage: Mapped[str] = mapped_column(String(8))
    method: Mapped[str] = mapped_column(String(12))
    expected: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(Integer)
    __table_args__ = (CheckConstraint("stage IN ('handed','received')", name="stage"),)


class CashUpReceipt(Base):
    """The hand-in received by finance or the branch head (not the clerk): who, when, a difference's reason."""
    __tablename__ = "cash_up_receipts"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    cash_up_id: Mapped[int] = mapped_column(ForeignKey("cash_ups.id"), unique=True)
    received_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    received: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    received_at: Mapped[datetime] = mapped_column(DateTime)
# -- bad-debt write-off workflow (坏账核销, writeoff) ------------------------------------------------------

class WriteOffApplication(Base):
    """坏账核销申请: part or all of what is open on one item, with its cause, typed evidence (JSON) and the
    customer's collection history as it was (JSON: the collection records and notices on file). Append-only;
    where it stands follows from its decisions."""
    __tablename__ = "write_off_applications"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    arrears_item_id: Mapped[int] = mapped_column(ForeignKey("arrears_items.id"), index=True)
    amount: Mapped[int] = mapped_column(Integer)
    cause: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    facts: Mapped[str] = mapped_column(Text)      # JSON {fact: text} (app.domain.writeoff.Fact)
    history: Mapped[str] = mapped_column(Text)    # JSON {"collection_records": [ids], "notices": [ids]}
    review_required: Mapped[bool] = mapped_column(Boolean)  # the site's setting when applied
    applied_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    applied_on: Mapped[date] = mapped_column(Date)
    applied_at: Mapped[datetime] = mapped_column(DateTime)
    __table_args__ = (
        _money("amount"),
        CheckConstraint("length(trim(reason)) > 0", name="reason"),
    )


class WriteOffDecision(Base):
    """One step on an application (applied, reviewed, approved, rejected, withdrawn), its own row, so that
    a decision could arrive from the city office as a signed record of the same shape. An approval names
    the write-off it booked."""
    __tablename__ = "write_off_decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    application_id: Mapped[int] = mapped_column(ForeignKey("write_off_applications.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    kind: Mapped[str] = mapped_column(String(10))
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    write_off_id: Mapped[int | None] = mapped_column(ForeignKey("write_offs.id"))
    decided_at: Mapped[datetime] = mapped_column(DateTime)
    __table_args__ = (
        CheckConstraint("kind IN ('applied','reviewed','approved','rejected','withdrawn')", name="kind"),
        CheckConstraint("(kind = 'approved') = (write_off_id IS NOT NULL)", name="approval_books"),
        CheckConstraint("kind NOT IN ('rejected','withdrawn') OR length(trim(reason)) > 0", name="reason"),
    )


class WriteOffEvidence(Base):
    """证据文件: a scan attached to an application, kept in the database with its SHA-256 (so that backups,
    the exchange and the auditor's export carry it, and nothing can change it unseen). Append-only."""
    __tablename__ = "write_off_evidence"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    application_id: Mapped[int] = mapped_column(ForeignKey("write_off_applications.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    file_name: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    added_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(DateTime)
    content: Mapped[bytes] = mapped_column(LargeBinary)  # last: the biggest column


class Recovery(Base):
    """收回已核销坏账 (postal 18(三)): money received on a written-off item. Its own ledger entry: not a
    repayment (nothing is open to offset), not 预存款. Append-only, chained."""
    __tablename__ = "recoveries"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    arrears_item_id: Mapped[int] = mapped_column(ForeignKey("arrears_items.id"), index=True)
    amount: Mapped[int] = mapped_column(Integer)
    received_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(12))
    receipt_no: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    received_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    __table_args__ = (_money("amount"),)
# -- 月结 (issue 13, postal 22) ----------------------------------------------------------------------------
class MonthClosing(Base):
    """月结 / 反结账: finance closed (``close``) or reopened (``reopen``) a month. Append-only; the months
    closed now follow from the records in order (app/domain/closing.py). A close keeps the month's movement
    totals and the integrity root as they were at the close, so that ``verify`` can show they never changed,
    and the reconciliation gaps with finance's explanation; a reopening keeps its reason."""
    __tablename__ = "month_closings"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    kind: Mapped[str] = mapped_column(String(6))
    period: Mapped[int] = mapped_column(Integer)  # YYYYMM
    reason: Mapped[str] = mapped_column(Text, default="")  # reopen: why; close: the explanation of a difference
    opening: Mapped[int | None] = mapped_column(Integer)
    incurred: Mapped[int | None] = mapped_column(Integer)
    collected: Mapped[int | None] = mapped_column(Integer)
    written_off: Mapped[int | None] = mapped_column(Integer)
    reversed: Mapped[int | None] = mapped_column(Integer)
    closing: Mapped[int | None] = mapped_column(Integer)
    reconciliation: Mapped[str | None] = mapped_column(Text)  # JSON: the gap with each other side
    root: Mapped[str | None] = mapped_column(String(64))      # integrity root of the ledger at the close
    root_through: Mapped[int | None] = mapped_column(Integer)  # ... as of this link of the chains (the newest then)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    __table_args__ = (
        CheckConstraint("kind IN ('close','reopen')", name="kind"),
        CheckConstraint("kind = 'close' OR length(trim(reason)) > 0", name="reopen_reason"),
        CheckConstraint("kind = 'reopen' OR (closing IS NOT NULL AND root IS NOT NULL)", name="close_figures"),
        Index("ix_month_closings_period", "period", "id"),
    )


# -- month-end snapshots (issue 14): what was open when each month was closed --------------------------------
class MonthSnapshot(Base):
    """The open amounts at the end of a closed month (月结), written with the close in one transaction: a
    figure as of a later day replays only the entries after the snapshot (``db.standing``). The items are
    rows ``first_row``..``last_row`` of ``month_snapshot_items`` (None when nothing was open). Only the
    snapshots of closes that hold count (a reopened month's does not); ``verify`` replays each in full."""
    __tablename__ = "month_snapshots"
    id: Mapped[int] = mapped_column(primary_key=True)
    closing_id: Mapped[int] = mapped_column(ForeignKey("month_closings.id"), unique=True)
    as_of: Mapped[date] = mapped_column(Date)       # the month's last day
    item_count: Mapped[int] = mapped_column(Integer)  # items with something open (rows written)
    open_total: Mapped[int] = mapped_column(Integer)
    first_row: Mapped[int | None] = mapped_column(Integer)
    last_row: Mapped[int | None] = mapped_column(Integer)


class MonthSnapshotItem(Base):
    """One item open (amount not 0) at a snapshot's day, with that open amount; the item's other columns
    (customer, dates, line …) never change and are read from ``arrears_items``."""
    __tablename__ = "month_snapshot_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("month_snapshots.id"))
    item_id: Mapped[int] = mapped_column(ForeignKey("arrears_items.id"))
    open_amount: Mapped[int] = mapped_column(Integer)


class MonthSnapshotSum(Base):
    """A snapshot's open amounts added up by the items' keys a figure groups or buckets by (migration 0022): a
    figure as of a later day that only adds open amounts up reads these sums, not 700,000 items looked up one
    by one. Written with the snapshot, in one run of ids per snapshot; ``verify`` adds the items up again."""
    __tablename__ = "month_snapshot_sums"
    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("month_snapshots.id"), index=True)
    customer_id: Mapped[int] = mapped_column(Integer)
    business_line_id: Mapped[int] = mapped_column(Integer)
    handler_id: Mapped[int] = mapped_column(Integer)
    branch_id: Mapped[int] = mapped_column(Integer)
    billing_period: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[date] = mapped_column(Date)
    open_amount: Mapped[int] = mapped_column(Integer)


SNAPSHOT_TABLES = ("month_snapshots", "month_snapshot_items", "month_snapshot_sums")
APPEND_ONLY_TABLES += SNAPSHOT_TABLES
# The entries after a snapshot are found by their dates (an item's business date, an offset's effective date).
Index("ix_arrears_items_business_date", ArrearsItem.business_date)
Index("ix_allocations_effective_on", Allocation.effective_on)


# -- the overdue queue's maintained figures (issue 14) ---------------------------------------------------------
class CustomerLineBalance(Base):
    """Derived, like ``customer_balances``: per customer and business line, what is open now, on how many
    items, and the earliest due date among them; kept by the ledger writer in each entry's transaction and
    recomputed by ``verify``. Today's overdue queue subtracts what is not yet due (few items, by due date)
    instead of adding up every open item of the branch."""
    __tablename__ = "customer_line_balances"
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), primary_key=True)
    business_line_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    open_total: Mapped[int] = mapped_column(Integer)
    open_items: Mapped[int] = mapped_column(Integer)
    oldest_due: Mapped[date] = mapped_column(Date)
    # -- queue (issue 14): of those, the items due before ``line_balances_day.overdue_before``
    overdue_total: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    overdue_items: Mapped[int] = mapped_column(Integer, server_default=text("0"))


class LineBalancesDay(Base):
    """One row: the day ``customer_line_balances.overdue_*`` count the items due before. The ledger moves it
    to the day of its entries; a queue of another day adds or takes off the items falling due in between."""
    __tablename__ = "line_balances_day"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    overdue_before: Mapped[date] = mapped_column(Date)


# -- queue (issue 15, 0021): the per-line overdue figures added up per customer, kept beside them ------------------
class CustomerOverdue(Base):
    """Derived from ``customer_line_balances`` in the same transaction (``db.ledger.refresh_line_balances``,
    ``roll_line_balances``): per customer with items due before ``line_balances_day``, their open amount, how
    many, the earliest due date and the largest amount of one business line. Today's overdue queue reads one row
    per overdue customer instead of adding up every customer's lines; ``verify`` recomputes it."""
    __tablename__ = "customer_overdue"
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), primary_key=True)
    overdue_total: Mapped[int] = mapped_column(Integer)
    overdue_items: Mapped[int] = mapped_column(Integer)
    oldest_due: Mapped[date] = mapped_column(Date)
    largest_line: Mapped[int] = mapped_column(Integer)


# Open items by due date, carrying what the queue adds up: today's not-yet-due part is one range of it.
Index("ix_item_balances_due", ItemBalance.due_date, ItemBalance.customer_id, ItemBalance.business_line_id,
      ItemBalance.open_amount, sqlite_where=text("open_amount > 0"), postgresql_where=text("open_amount > 0"))
# -- decisions made at the city office, travelling down to the branch (decisions, issues 12 + 13) ----------
# The city office's own decisions on a branch's records, and the branch's record of what it did with each.
CITY_DECISION_TABLES = ("city_decisions", "city_decisions_taken")
APPEND_ONLY_TABLES += CITY_DECISION_TABLES


class CityDecision(Base):
    """市局决定: finance (or marketing) at the city office decided on a branch's record: a write-off
    application approved, rejected or reviewed, a closed month reopened, a credit application approved
    (``amount``: the limit granted) or rejected. Written at the city office only,
    sent down in every 市局包 to the branch until the branch's packages say what it did with it."""
    __tablename__ = "city_decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    branch_code: Mapped[str] = mapped_column(String(12), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    subject_uid: Mapped[bytes | None] = mapped_column(LargeBinary(16))  # the branch's application (by its uid)
    period: Mapped[int | None] = mapped_column(Integer)                  # the month reopened (YYYYMM)
    amount: Mapped[int | None] = mapped_column(Integer)                  # fen: what the approval books
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_on: Mapped[date] = mapped_column(Date)
    decided_at: Mapped[datetime] = mapped_column(DateTime)
    # simdecide (0016): what a credit approval grants besides the limit; NULL: as applied for
    credit_period_days: Mapped[int | None] = mapped_column(Integer)
    settlement_cycle_months: Mapped[int | None] = mapped_column(Integer)
    __table_args__ = (
        CheckConstraint("kind IN ('write_off_review','write_off_approve','write_off_reject','month_reopen',"
                        "'credit_approve','credit_reject')", name="kind"),
        CheckConstraint("kind NOT IN ('write_off_reject','month_reopen','credit_reject') OR length(trim(reason)) > 0",
                        name="reason"),
    )


class CityDecisionTaken(Base):
    """At the branch: what became of a decision of the city office: carried out (the write-off decision
    row, and the write-off it booked, or the reopening record) or refused with the reason. One row per
    decision (its ``decision_uid``), so the same decision arriving again does nothing."""
    __tablename__ = "city_decisions_taken"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[bytes] = _uid_column()
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    decision_uid: Mapped[bytes] = mapped_column(LargeBinary(16), unique=True)
    from_site: Mapped[str] = mapped_column(String(12))
    kind: Mapped[str] = mapped_column(String(20))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_on: Mapped[date] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(8))   # done | refused
    reason: Mapped[str] = mapped_column(Text, default="")  # refused: the DomainError as JSON
    write_off_decision_id: Mapped[int | None] = mapped_column(ForeignKey("write_off_decisions.id"))
    month_closing_id: Mapped[int | None] = mapped_column(ForeignKey("month_closings.id"))
    package_seq: Mapped[int] = mapped_column(Integer)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    __table_args__ = (CheckConstraint("outcome IN ('done','refused')", name="outcome"),)


# -- queue (issue 14): what the overdue queue shows of each customer's collection history, kept -----------------
class CustomerCollectionState(Base):
    """Derived, like ``customer_balances``: per customer with any collection record, escalation decision or
    investigation note, what the overdue work queue shows of them: the latest contact (催收记录, latest by
    contact date then id) and its promise and follow-up, every escalation decision (``decisions``: each
    action in id order, a confirmed one marked "+", with the first and last decision day), and the latest
    investigation day. Kept in the transaction that writes those rows (``db.collection_state``), recomputed
    by ``verify``; the queue reads one row per customer instead of searching the history for each."""
    __tablename__ = "customer_collection_state"
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), primary_key=True)
    last_record_id: Mapped[int | None] = mapped_column(Integer)
    last_contact: Mapped[date | None] = mapped_column(Date)
    last_channel: Mapped[str | None] = mapped_column(String(10))
    promised_on: Mapped[date | None] = mapped_column(Date)
    next_follow_up: Mapped[date | None] = mapped_column(Date)
    decisions: Mapped[str | None] = mapped_column(Text)
    first_decided_on: Mapped[date | None] = mapped_column(Date)
    last_decided_on: Mapped[date | None] = mapped_column(Date)
    investigated_on: Mapped[date | None] = mapped_column(Date)
