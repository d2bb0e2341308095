"""Roles (岗位) and what each may do. An approver is never the applicant (checked in the services)."""
from __future__ import annotations

from enum import StrEnum

from app.domain.errors import DomainError
from app.domain.words import Words


class Role(StrEnum):
    COUNTER = "counter"          # 营业员 / 客户经理 (业务经办人)
    BRANCH_HEAD = "branch_head"  # 业务受理部门负责人
    MARKETING = "marketing"      # 市场营销部
    FINANCE = "finance"          # 财务部门
    AUDIT = "audit"              # 审计 / 纪检监察
    ADMIN = "admin"              # 信息技术部门

    @property
    def words(self) -> Words:
        return ROLE_WORDS[self]

    @property
    def label_zh(self) -> str:
        return ROLE_WORDS[self].zh


ROLE_WORDS = {
    Role.COUNTER: Words("营业员", "Counter staff"),
    Role.BRANCH_HEAD: Words("业务受理部门负责人", "Branch head"),
    Role.MARKETING: Words("市场营销部", "Marketing"),
    Role.FINANCE: Words("财务部门", "Finance"),
    Role.AUDIT: Words("审计", "Audit"),
    Role.ADMIN: Words("系统管理员", "Administrator"),
}


class Permission(StrEnum):
    MANAGE_USERS = "manage_users"
    MANAGE_SETTINGS = "manage_settings"
    REGISTER_CUSTOMER = "register_customer"
    APPLY_CREDIT = "apply_credit"
    APPROVE_CREDIT = "approve_credit"
    CHANGE_CUSTOMER_STATUS = "change_customer_status"
    RECORD_ARREARS = "record_arrears"
    OVERRIDE_CREDIT_LIMIT = "override_credit_limit"
    RECORD_REPAYMENT = "record_repayment"
    REVERSE_ENTRY = "reverse_entry"
    APPLY_WRITE_OFF = "apply_write_off"
    APPROVE_WRITE_OFF = "approve_write_off"
    RECORD_COLLECTION = "record_collection"
    VIEW_LEDGER = "view_ledger"
    VIEW_REPORTS = "view_reports"
    VIEW_AUDIT = "view_audit"
    ENTER_FIGURES = "enter_figures"  # revenue and reconciliation totals from finance / business systems
    CONFIRM_CLOCK = "confirm_clock"  # 确认本机日期: lets postings go ahead when the workstation's clock is in doubt
    VIEW_PERSONAL_DATA = "view_personal_data"  # ID and phone numbers in full (app/domain/personal.py)
    EXCHANGE_FILES = "exchange_files"  # 数据交换: send and receive the packages between branches and the city office
    MANAGE_SITES = "manage_sites"      # register, re-key and revoke the sites this one exchanges with
    CLEAR_HANDLER = "clear_handler"    # 清欠: hand over a leaving handler's arrears and customers, set the
                                       # clearance deadline, issue the clearance certificate (postal 8(四), 25)
    MANAGE_BACKUPS = "manage_backups"  # 备份: the folder, the days kept, a copy now, restoring a copy
    # -- books that stay closed (helper daily): 缴款 (postal 15)
    HAND_IN_CASH = "hand_in_cash"          # close one's own day: receipts, voided receipts, the money handed in
    RECEIVE_HAND_IN = "receive_hand_in"    # receive the clerks' hand-ins (finance, branch head)
    REVIEW_WRITE_OFF = "review_write_off"  # writeoff: 市场部审核报损、核销资料 (telecom 5), where the site asks
    # 月结 (issue 13, postal 22): finance closes a reconciled month and reopens it with a reason
    CLOSE_MONTH = "close_month"

    @property
    def words(self) -> Words:
        return PERMISSION_WORDS[self]


PERMISSION_WORDS = {
    Permission.MANAGE_USERS: Words("管理用户", "manage users"),
    Permission.MANAGE_SETTINGS: Words("修改系统设置", "change the settings"),
    Permission.REGISTER_CUSTOMER: Words("登记客户", "register customers"),
    Permission.APPLY_CREDIT: Words("提交记欠申请", "apply for credit"),
    Permission.APPROVE_CREDIT: Words("审批信用额度", "approve credit"),
    Permission.CHANGE_CUSTOMER_STATUS: Words("变更客户状态", "change a customer's status"),
    Permission.RECORD_ARREARS: Words("登记欠费", "record arrears"),
    Permission.OVERRIDE_CREDIT_LIMIT: Words("授权超额度记欠", "authorise arrears over the credit limit"),
    Permission.RECORD_REPAYMENT: Words("登记收款", "record repayments"),
    Permission.REVERSE_ENTRY: Words("冲正", "reverse entries"),
    Permission.APPLY_WRITE_OFF: Words("申请坏账核销", "apply for a bad-debt write-off"),
    Permission.APPROVE_WRITE_OFF: Words("审批坏账核销", "approve a bad-debt write-off"),
    Permission.RECORD_COLLECTION: Words("登记催收", "record collection"),
    Permission.VIEW_LEDGER: Words("查看台账", "view the ledger"),
    Permission.VIEW_REPORTS: Words("查看报表", "view reports"),
    Permission.VIEW_AUDIT: Words("查看审计日志", "view the audit trail"),
    Permission.ENTER_FIGURES: Words("录入收入与对账数据", "enter revenue and reconciliation figures"),
    Permission.CONFIRM_CLOCK: Words("确认本机日期", "confirm this computer's date"),
    Permission.VIEW_PERSONAL_DATA: Words("查看客户完整的证件号码和电话", "see customers' full ID and phone numbers"),
    Permission.EXCHANGE_FILES: Words("收发数据交换文件", "send and receive exchange files"),
    Permission.MANAGE_SITES: Words("登记或吊销交换网点", "register or revoke exchange sites"),
    Permission.CLEAR_HANDLER: Words("办理清欠交接", "hand over a leaving handler's arrears"),
    Permission.MANAGE_BACKUPS: Words("管理备份与恢复", "manage backups and restore"),
    # books that stay closed (helper daily)
    Permission.HAND_IN_CASH: Words("缴款与作废收据", "hand in the day's money and void receipts"),
    Permission.RECEIVE_HAND_IN: Words("接收缴款", "receive hand-ins"),
    Permission.REVIEW_WRITE_OFF: Words("审核坏账核销申请", "review a bad-debt write-off"),  # writeoff
    Permission.CLOSE_MONTH: Words("月结与反结账", "close and reopen months"),  # 月结
}

_COUNTER = {
    Permission.REGISTER_CUSTOMER, Permission.APPLY_CREDIT, Permission.RECORD_ARREARS,
    Permission.RECORD_REPAYMENT, Permission.REVERSE_ENTRY, Permission.APPLY_WRITE_OFF,
    Permission.RECORD_COLLECTION, Permission.VIEW_LEDGER, Permission.VIEW_REPORTS,
    Permission.VIEW_PERSONAL_DATA,  # they serve and collect from the customer
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.COUNTER: frozenset(_COUNTER),
    Role.BRANCH_HEAD: frozenset(_COUNTER | {
        Permission.OVERRIDE_CREDIT_LIMIT, Permission.CHANGE_CUSTOMER_STATUS, Permission.VIEW_AUDIT,
        Permission.CONFIRM_CLOCK, Permission.EXCHANGE_FILES, Permission.CLEAR_HANDLER,
        Permission.MANAGE_BACKUPS,  # chooses where the copies go (a USB drive) and restores one
    }),
    Role.MARKETING: frozenset({
        Permission.APPROVE_CREDIT, Permission.CHANGE_CUSTOMER_STATUS, Permission.REGISTER_CUSTOMER,
        Permission.VIEW_LEDGER, Permission.VIEW_REPORTS, Permission.VIEW_PERSONAL_DATA,  # rates the customer
        Permission.REVIEW_WRITE_OFF,  # writeoff (telecom 5)
    }),
    Role.FINANCE: frozenset({
        Permission.APPROVE_WRITE_OFF, Permission.VIEW_LEDGER, Permission.VIEW_REPORTS, Permission.VIEW_AUDIT,
        Permission.ENTER_FIGURES,
        Permission.CLOSE_MONTH,  # 月结 (postal 22)
    }),
    Role.AUDIT: frozenset({Permission.VIEW_LEDGER, Permission.VIEW_REPORTS, Permission.VIEW_AUDIT}),
    Role.ADMIN: frozenset({Permission.MANAGE_USERS, Permission.MANAGE_SETTINGS, Permission.VIEW_AUDIT,
                           Permission.CONFIRM_CLOCK, Permission.EXCHANGE_FILES, Permission.MANAGE_SITES,
                           Permission.MANAGE_BACKUPS}),
}

# -- books that stay closed (helper daily): who takes money hands it in; finance or the branch head receives it
ROLE_PERMISSIONS[Role.COUNTER] |= {Permission.HAND_IN_CASH}
ROLE_PERMISSIONS[Role.BRANCH_HEAD] |= {Permission.HAND_IN_CASH, Permission.RECEIVE_HAND_IN}
ROLE_PERMISSIONS[Role.FINANCE] |= {Permission.RECEIVE_HAND_IN}


def may(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]


# -- four eyes (写在一处: credit approvals, write-offs) --
def require_another_person(applied_by_id: int, decided_by_id: int, username: str) -> None:
    """An action that approves is never done by the person who applied for it (DOMAIN.md, postal 18)."""
    if applied_by_id == decided_by_id:
        raise DomainError("auth.same_person", username=username)


# decisions: across sites a person is a site and a user there (user ids of two databases say nothing alike)
def require_another_person_across_sites(applicant: tuple[str, str], decider: tuple[str, str]) -> None:
    """``require_another_person`` for a decision made at another site: (site code, user name) each."""
    if applicant == decider:
        raise DomainError("auth.same_person", username=f"{decider[0]}/{decider[1]}")
