"""Agreement customers (协议客户): groups, credit grades and the life of a customer's status."""
from __future__ import annotations

from enum import StrEnum


class CustomerStatus(StrEnum):
    PENDING = "pending"          # 待审批: registered, no approved agreement yet
    ACTIVE = "active"            # 正常记欠
    SUSPENDED = "suspended"      # 暂停记欠资格 (postal 17(二)); lifts when cleared
    TERMINATED = "terminated"    # 协议终止
    BLACKLISTED = "blacklisted"  # 黑名单 (恶意欠费, postal 17(三))

    @property
    def label_zh(self) -> str:
        return STATUS_LABELS_ZH[self]


STATUS_LABELS_ZH = {
    CustomerStatus.PENDING: "待审批",
    CustomerStatus.ACTIVE: "正常",
    CustomerStatus.SUSPENDED: "暂停记欠",
    CustomerStatus.TERMINATED: "已终止",
    CustomerStatus.BLACKLISTED: "黑名单",
}


class StatusAction(StrEnum):
    SUSPEND = "suspend"
    RESTORE = "restore"
    TERMINATE = "terminate"
    BLACKLIST = "blacklist"

    @property
    def label_zh(self) -> str:
        return {"suspend": "暂停记欠", "restore": "恢复记欠", "terminate": "终止协议", "blacklist": "列入黑名单"}[self]


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

CUSTOMER_GROUPS: dict[str, str] = {
    "public": "公众客户",
    "government": "政企客户",
    "key_account": "大客户",
    "ecommerce": "电商客户",
    "other": "其他",
}

# 信用评价, 分类分级: a grade maps to a default credit limit in fen (settings may change it).
CREDIT_GRADES: dict[str, int] = {
    "AAA": 50_000_000,
    "AA": 20_000_000,
    "A": 10_000_000,
    "B": 5_000_000,
    "C": 1_000_000,
}

PAYMENT_METHODS: dict[str, str] = {
    "cash": "现金",
    "transfer": "银行转账",
    "collection": "托收",
    "cheque": "支票",
    "pos": "刷卡",
    "wechat": "微信",
    "alipay": "支付宝",
    "other": "其他",
}
