"""Roles (岗位) and what each may do. An approver is never the applicant (checked in the services)."""
from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    COUNTER = "counter"          # 营业员 / 客户经理 (业务经办人)
    BRANCH_HEAD = "branch_head"  # 业务受理部门负责人
    MARKETING = "marketing"      # 市场营销部
    FINANCE = "finance"          # 财务部门
    AUDIT = "audit"              # 审计 / 纪检监察
    ADMIN = "admin"              # 信息技术部门

    @property
    def label_zh(self) -> str:
        return ROLE_LABELS_ZH[self]


ROLE_LABELS_ZH = {
    Role.COUNTER: "营业员",
    Role.BRANCH_HEAD: "业务受理部门负责人",
    Role.MARKETING: "市场营销部",
    Role.FINANCE: "财务部门",
    Role.AUDIT: "审计",
    Role.ADMIN: "系统管理员",
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


PERMISSION_LABELS_ZH = {
    Permission.MANAGE_USERS: "管理用户",
    Permission.MANAGE_SETTINGS: "修改系统设置",
    Permission.REGISTER_CUSTOMER: "登记客户",
    Permission.APPLY_CREDIT: "提交记欠申请",
    Permission.APPROVE_CREDIT: "审批信用额度",
    Permission.CHANGE_CUSTOMER_STATUS: "变更客户状态",
    Permission.RECORD_ARREARS: "登记欠费",
    Permission.OVERRIDE_CREDIT_LIMIT: "授权超额度记欠",
    Permission.RECORD_REPAYMENT: "登记收款",
    Permission.REVERSE_ENTRY: "冲正",
    Permission.APPLY_WRITE_OFF: "申请坏账核销",
    Permission.APPROVE_WRITE_OFF: "审批坏账核销",
    Permission.RECORD_COLLECTION: "登记催收",
    Permission.VIEW_LEDGER: "查看台账",
    Permission.VIEW_REPORTS: "查看报表",
    Permission.VIEW_AUDIT: "查看审计日志",
    Permission.ENTER_FIGURES: "录入收入与对账数据",
}

_COUNTER = {
    Permission.REGISTER_CUSTOMER, Permission.APPLY_CREDIT, Permission.RECORD_ARREARS,
    Permission.RECORD_REPAYMENT, Permission.REVERSE_ENTRY, Permission.APPLY_WRITE_OFF,
    Permission.RECORD_COLLECTION, Permission.VIEW_LEDGER, Permission.VIEW_REPORTS,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.COUNTER: frozenset(_COUNTER),
    Role.BRANCH_HEAD: frozenset(_COUNTER | {
        Permission.OVERRIDE_CREDIT_LIMIT, Permission.CHANGE_CUSTOMER_STATUS, Permission.VIEW_AUDIT,
    }),
    Role.MARKETING: frozenset({
        Permission.APPROVE_CREDIT, Permission.CHANGE_CUSTOMER_STATUS, Permission.REGISTER_CUSTOMER,
        Permission.VIEW_LEDGER, Permission.VIEW_REPORTS,
    }),
    Role.FINANCE: frozenset({
        Permission.APPROVE_WRITE_OFF, Permission.VIEW_LEDGER, Permission.VIEW_REPORTS, Permission.VIEW_AUDIT,
        Permission.ENTER_FIGURES,
    }),
    Role.AUDIT: frozenset({Permission.VIEW_LEDGER, Permission.VIEW_REPORTS, Permission.VIEW_AUDIT}),
    Role.ADMIN: frozenset({Permission.MANAGE_USERS, Permission.MANAGE_SETTINGS, Permission.VIEW_AUDIT}),
}


def may(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]
