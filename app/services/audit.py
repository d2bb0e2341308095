"""审计日志查询: the audit trail, filtered by user, customer, date and action (branch heads, audit)."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from app.domain.personal import PERSONAL_DATA_PRINTED, PERSONAL_FIELDS, masked_fields, sees_personal_data
from app.domain.roles import Permission
from app.services.context import Actor, Desk
from db.audit import AuditRow

ACTION_LABELS_ZH = {
    "site.create": "建立网点", "user.create": "新增用户", "user.change_password": "修改密码", "user.enable": "启用用户", "user.disable": "停用用户",
    "auth.login": "登录", "auth.login_failed": "登录失败", "setting.change": "修改设置", "branch.create": "新增部门",
    "customer.register": "登记客户", "customer.update": "修改客户资料", "credit.apply": "提交记欠申请",
    "credit.approve": "审批通过", "credit.reject": "审批驳回", "customer.suspend": "暂停记欠",
    "customer.restore": "恢复记欠", "customer.terminate": "终止协议", "customer.blacklist": "列入黑名单",
    "customer.restore_cleared": "结清后自动恢复记欠", "arrears.record": "登记欠费", "arrears.reverse": "冲正欠费",
    "arrears.write_off": "坏账核销", "repayment.record": "登记收款", "repayment.reverse": "冲正收款",
    "credit.apply_to_items": "预存款核销", "demo.generate": "生成示范数据", "repayment.receipt": "打印收款收据",
    "integrity.chains_built": "建立防篡改链",
    "clock.confirm": "确认本机日期", "user.admin_reset": "恢复管理员账号（本机命令）",
    PERSONAL_DATA_PRINTED: "打印含个人信息的文书",
}




def action_label(action: str) -> str:
    return ACTION_LABELS_ZH.get(action, action)


def audit_trail(desk: Desk, actor: Actor, *, username: str | None = None, customer_id: int | None = None,
                date_from: date | None = None, date_to: date | None = None, action: str | None = None,
                limit: int = 2000) -> list[AuditRow]:
    """Newest first."""
    with desk.query(actor, Permission.VIEW_AUDIT) as uow:
        rows = uow.audit_trail.entries(
            username=username, customer_id=customer_id,
            since=None if date_from is None else datetime.combine(date_from, datetime.min.time()),
            before=None if date_to is None else datetime.combine(date_to + timedelta(days=1), datetime.min.time()),
            action=action, limit=limit)
    return rows if sees_personal_data(actor.role) else [_masked(row) for row in rows]


def _masked(row: AuditRow) -> AuditRow:
    """An audit entry with the personal data in its before/after records masked (customer.register …)."""
    if not any(record and any(f'"{key}"' in record for key in PERSONAL_FIELDS) for record in (row.before, row.after)):
        return row
    return row._replace(before=_masked_record(row.before), after=_masked_record(row.after))


def _masked_record(record: str | None) -> str | None:
    if not record:
        return record
    try:
        data = json.loads(record)
    except ValueError:
        return record
    if not isinstance(data, dict):
        return record
    return json.dumps(masked_fields(data), ensure_ascii=False, sort_keys=True)
