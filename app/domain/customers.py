"""Agreement customers (协议客户): groups, credit grades and the life of a customer's status."""
from __future__ import annotations

from enum import StrEnum

from app.domain.errors import DomainError
from app.domain.money import require_fen
from app.domain.words import Words


class CustomerStatus(StrEnum):
    PENDING = "pending"          # 待审批: registered, no approved agreement yet
    ACTIVE = "active"            # 正常记欠
    SUSPENDED = "suspended"      # 暂停记欠资格 (postal 17(二)); lifts when cleared
    TERMINATED = "terminated"    # 协议终止
    BLACKLISTED = "blacklisted"  # 黑名单 (恶意欠费, postal 17(三))

    @property
    def words(self) -> Words:
        return STATUS_WORDS[self]

    @property
    def label_zh(self) -> str:
        return STATUS_WORDS[self].zh


STATUS_WORDS = {
    CustomerStatus.PENDING: Words("待审批", "Pending approval"),
    CustomerStatus.ACTIVE: Words("正常", "Active"),
    CustomerStatus.SUSPENDED: Words("暂停记欠", "Credit suspended"),
    CustomerStatus.TERMINATED: Words("已终止", "Terminated"),
    CustomerStatus.BLACKLISTED: Words("黑名单", "Blacklisted"),
}


class StatusAction(StrEnum):
    SUSPEND = "suspend"
    RESTORE = "restore"
    TERMINATE = "terminate"
    BLACKLIST = "blacklist"

    @property
    def words(self) -> Words:
        return STATUS_ACTION_WORDS[self]

    @property
    def label_zh(self) -> str:
        return STATUS_ACTION_WORDS[self].zh


STATUS_ACTION_WORDS = {
    StatusAction.SUSPEND: Words("暂停记欠", "Suspend credit"),
    StatusAction.RESTORE: Words("恢复记欠", "Restore credit"),
    StatusAction.TERMINATE: Words("终止协议", "Terminate the agreement"),
    StatusAction.BLACKLIST: Words("列入黑名单", "Blacklist"),
}


# action -> (allowed from, resulting status)
STATUS_TRANSITIONS: dict[StatusAction, tuple[frozenset[CustomerStatus], CustomerStatus]] = {
    StatusAction.SUSPEND: (frozenset({CustomerStatus.ACTIVE}), CustomerStatus.SUSPENDED),
    StatusAction.RESTORE: (frozenset({CustomerStatus.SUSPENDED}), CustomerStatus.ACTIVE),
    StatusAction.TERMINATE: (frozenset({CustomerStatus.ACTIVE, CustomerStatus.SUSPENDED}), CustomerStatus.TERMINATED),
    StatusAction.BLACKLIST: (frozenset({CustomerStatus.ACTIVE, CustomerStatus.SUSPENDED, CustomerStatus.TERMINATED}),
                             CustomerStatus.BLACKLISTED),
}

# A new credit application may be filed from these (blacklisted needs marketing to see the history).
MAY_APPLY_FOR_CREDIT = frozenset({CustomerStatus.PENDING, CustomerStatus.TERMINATED, CustomerStatus.BLACKLISTED,
                                  CustomerStatus.ACTIVE})

GROUP_WORDS: dict[str, Words] = {
    "public": Words("公众客户", "Public"),
    "government": Words("政企客户", "Government and enterprise"),
    "key_account": Words("大客户", "Key account"),
    "ecommerce": Words("电商客户", "E-commerce"),
    "other": Words("其他", "Other"),
}
CUSTOMER_GROUPS: dict[str, str] = {key: words.zh for key, words in GROUP_WORDS.items()}

# 信用评价, 分类分级: a grade maps to a default credit limit in fen (settings may change it).
CREDIT_GRADES: dict[str, int] = {
    "AAA": 50_000_000,
    "AA": 20_000_000,
    "A": 10_000_000,
    "B": 5_000_000,
    "C": 1_000_000,
}

CREDIT_PERIOD_DAYS = (0, 180)       # 信用期, days: the range an approval may grant (the screens' spin boxes too)
SETTLEMENT_CYCLE_MONTHS = (1, 3)    # 结算周期, months


def check_credit_terms(grade: str, limit: int, period_days: int, cycle_months: int, term_months: int) -> None:
    """What an application asks and an approval grants (postal 13): a known grade, a limit in fen, a credit period
    (信用期) of 0-180 days, a settlement cycle (结算周期) of 1-3 months, a term of 1-36 months. The same at the
    branch and at the city office."""
    if grade not in CREDIT_GRADES:
        raise DomainError("credit.bad_grade", grade=grade)
    require_fen(limit, "credit_limit", allow_zero=True)
    if not SETTLEMENT_CYCLE_MONTHS[0] <= cycle_months <= SETTLEMENT_CYCLE_MONTHS[1]:
        raise DomainError("credit.bad_cycle", months=cycle_months)
    if not CREDIT_PERIOD_DAYS[0] <= period_days <= CREDIT_PERIOD_DAYS[1]:
        raise DomainError("credit.bad_period", days=period_days)
    if not 1 <= term_months <= 36:
        raise DomainError("credit.bad_term", months=term_months)

PAYMENT_METHOD_WORDS: dict[str, Words] = {
    "cash": Words("现金", "Cash"),
    "transfer": Words("银行转账", "Bank transfer"),
    "collection": Words("托收", "Direct debit"),
    "cheque": Words("支票", "Cheque"),
    "pos": Words("刷卡", "Card"),
    "wechat": Words("微信", "WeChat Pay"),
    "alipay": Words("支付宝", "Alipay"),
    "other": Words("其他", "Other"),
}
# The kinds of line in a customer's history (分户账).
LEDGER_ENTRY_WORDS: dict[str, Words] = {
    "item": Words("欠费", "Arrears"),
    "repayment": Words("收款", "Repayment"),
    "item_reversal": Words("欠费冲正", "Arrears reversed"),
    "repayment_reversal": Words("收款冲正", "Repayment reversed"),
    "write_off": Words("坏账核销", "Written off"),
    "credit_applied": Words("预存款核销", "Credit applied"),
    "recovery": Words("收回已核销坏账", "Recovered bad debt"),  # writeoff
}
PAYMENT_METHODS: dict[str, str] = {key: words.zh for key, words in PAYMENT_METHOD_WORDS.items()}


def refuse_if_blacklisted_elsewhere(name: str, id_number: str, blacklisted_at: str | None) -> None:
    """全市黑名单: a customer that any branch has blacklisted gets no credit at another one. The city office
    sends every branch the list (by ID number, or by the exact name when no ID number is known)."""
    if blacklisted_at is not None:
        from app.domain.errors import DomainError
        raise DomainError("exchange.blacklisted_elsewhere", name=name, id_number=id_number or "—",
                          site=blacklisted_at)


TRANSFER_WORDS = Words("转至其他网点", "move to another branch")


def refuse_transfer_unless_settled(name: str, open_total: int, unapplied_credit: int) -> None:
    """客户转移: a customer moves to another branch with a clean account. What it owes is collected (or written
    off) and its prepaid credit applied or refunded where it arose, so that each branch's books close on
    their own; the new branch starts the customer afresh (a new credit application)."""
    if open_total or unapplied_credit:
        from app.domain.errors import DomainError
        from app.domain.money import format_fen
        raise DomainError("transfer.not_settled", name=name, open=format_fen(open_total),
                          credit=format_fen(unapplied_credit))


def refuse_if_moved_away(name: str, moved_to: str | None) -> None:
    """Only a customer's home branch writes for it: once moved away, nothing more is written here."""
    if moved_to is not None:
        from app.domain.errors import DomainError
        raise DomainError("transfer.moved_away", name=name, site=moved_to)
