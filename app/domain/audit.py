"""审计日志的用语: what each audited action and each kind of record is called, in both languages.

The audit trail stores codes (``collection.notice``, ``arrears_item``); people read these words. Every
action the code base writes has its words here (tests/unit/test_audit_words.py reads the source to
hold it so)."""
from __future__ import annotations

from app.domain.customers import StatusAction
from app.domain.personal import PERSONAL_DATA_PRINTED
from app.domain.signin import ADMIN_RESET, SIGNED_IN, UNKNOWN_USER_WORDS, USER_UNLOCKED
from app.domain.words import Words

# What was imported: import_batches.kind, audited as "import.<kind>".
IMPORT_KINDS = ("customers", "arrears", "revenues", "external")

ACTION_WORDS: dict[str, Words] = {
    # the site, users and sign-in
    "site.create": Words("建立网点", "Set up the site"),
    "user.create": Words("新增用户", "Add a user"),
    "user.change_password": Words("修改密码", "Change a password"),
    "user.enable": Words("启用用户", "Enable a user"),
    "user.disable": Words("停用用户", "Disable a user"),
    # 清欠 (postal 25)
    "clearance.hand_over": Words("工作交接", "Hand over to a colleague"),
    "clearance.deadline": Words("设定清欠期限", "Set a clearance deadline"),
    "clearance.certificate": Words("出具清欠证明", "Issue a clearance certificate"),
    "customer.account_manager": Words("变更客户经理", "Change the account manager"),
    USER_UNLOCKED: Words("解除登录锁定", "Lift a sign-in lock-out"),
    ADMIN_RESET: Words("恢复管理员账号（本机命令）", "Reset the administrator (command at this computer)"),
    SIGNED_IN: Words("登录", "Signed in"),
    "auth.login_failed": Words("登录失败", "Failed sign-in"),
    "clock.confirm": Words("确认本机日期", "Confirm this computer's date"),
    "setting.change": Words("修改设置", "Change a setting"),
    "branch.create": Words("新增部门", "Add a branch"),
    "demo.generate": Words("生成示范数据", "Generate demo data"),
    "integrity.chains_built": Words("建立防篡改链", "Build the tamper-evidence chains"),
    "exchange.key_made": Words("生成交换签名密钥", "Make the exchange signing key"),
    "exchange.key_renewed": Words("更换交换签名密钥", "Replace the exchange signing key"),
    "exchange.site_registered": Words("登记交换网点", "Register an exchange site"),
    "exchange.site_rekeyed": Words("更新交换网点密钥", "Take an exchange site's new key"),
    "exchange.site_revoked": Words("吊销交换网点", "Revoke an exchange site"),
    "exchange.export": Words("导出交换包", "Export an exchange package"),
    "exchange.import": Words("导入交换包", "Import an exchange package"),
    "exchange.copy_written": Words("导出网点副本（供重建）", "Write a branch's copy (to rebuild from)"),
    "exchange.city_decisions": Words("采用市局下发的设置", "Take the city office's settings"),
    "customer.transfer_out": Words("客户转出至其他网点", "Move a customer to another branch"),
    "customer.transfer_in": Words("接收转入客户", "Take on a customer from another branch"),
    "backup.made": Words("备份数据库", "Back up the database"),
    "backup.restored": Words("从备份恢复数据库", "Restore the database from a backup"),
    "audit.exported": Words("审计导出", "Export for the auditor"),
    "exchange.rebuilt": Words("从市局副本重建数据库", "Rebuild the database from the city office's copy"),
    # 月结 (postal 22)
    "month.close": Words("月结（结账）", "Close a month"),
    "month.reopen": Words("反结账", "Reopen a month"),
    # customers and credit
    "customer.register": Words("登记客户", "Register a customer"),
    "customer.update": Words("修改客户资料", "Change customer details"),
    "credit.apply": Words("提交记欠申请", "Apply for credit"),
    "credit.approve": Words("审批通过", "Approve credit"),
    "credit.reject": Words("审批驳回", "Reject credit"),
    **{f"customer.{action.value}": action.words for action in StatusAction},
    "customer.restore_cleared": Words("结清后自动恢复记欠", "Credit restored on settling"),
    "agreement.late_fee": Words("设置违约金", "Turn the late fee on or off"),
    # the ledger (db/ledger.py LEDGER_ACTIONS)
    "arrears.record": Words("登记欠费", "Record arrears"),
    "arrears.reverse": Words("冲正欠费", "Reverse arrears"),
    "arrears.write_off": Words("坏账核销", "Write off bad debt"),
    "repayment.record": Words("登记收款", "Record a repayment"),
    "repayment.reverse": Words("冲正收款", "Reverse a repayment"),
    "credit.apply_to_items": Words("预存款核销", "Apply prepaid credit"),
    # documents and collection
    "repayment.receipt": Words("打印收款收据", "Print a receipt"),
    PERSONAL_DATA_PRINTED: Words("打印含个人信息的文书", "Print personal data"),
    "collection.notice": Words("出具催缴通知书", "Issue a payment notice"),
    "collection.statement": Words("出具对账单", "Issue a statement"),
    "collection.reply": Words("登记回执", "Record a reply slip"),
    "collection.contact": Words("登记催收记录", "Record a collection contact"),
    "collection.escalate": Words("确认催缴升级", "Confirm an escalation step"),
    "collection.escalation_declined": Words("暂不催缴升级", "Decline an escalation step"),
    "collection.dispute": Words("登记异议", "Record a dispute"),
    "collection.dispute_settled": Words("异议处理完毕", "Settle a dispute"),
    "collection.investigation": Words("记录逾期原因调查", "Note why a debt is long overdue"),
    "customer.reminders": Words("设置到期提醒", "Set reminders before the due date"),
    # figures and imports
    "revenue.record": Words("登记业务收入", "Record revenue"),
    "import.customers": Words("导入客户资料", "Import customers"),
    "import.arrears": Words("导入欠费", "Import arrears"),
    "import.revenues": Words("导入业务收入", "Import revenue"),
    "import.external": Words("导入外部汇总数", "Import external totals"),
}

# The kind of record an entry is about (audit_log.entity); the record itself is named by its number.
RECORD_WORDS: dict[str, Words] = {
    "site": Words("网点", "Site"),
    "exchange_package": Words("交换包", "Exchange package"),
    "database": Words("数据库", "Database"),
    "user": Words("用户", "User"),
    "customer": Words("客户", "Customer"),
    "credit_application": Words("记欠申请", "Credit application"),
    "agreement": Words("记欠协议", "Credit agreement"),
    "arrears_item": Words("欠费凭证", "Arrears voucher"),
    "repayment": Words("收款收据", "Receipt"),
    "reversal": Words("冲正", "Reversal of"),
    "write_off": Words("坏账核销", "Write-off of"),
    "notice": Words("催缴文书", "Collection document"),
    "clearance_certificate": Words("清欠证明", "Clearance certificate"),
    "month_closing": Words("月结记录", "Month close"),
    "notice_reply": Words("回执", "Reply slip to"),
    "collection_record": Words("催收记录", "Collection contact"),
    "escalation": Words("催缴升级", "Escalation"),
    "dispute": Words("异议", "Dispute over"),
    "investigation": Words("逾期原因调查", "Overdue investigation"),
    "revenue": Words("业务收入", "Revenue"),
    "import_batch": Words("导入文件", "Imported file"),
    "setting": Words("设置", "Setting"),
    "clock": Words("本机日期", "Computer date"),
    "ledger_chain": Words("防篡改链", "Tamper-evidence chains"),
}

# The business settings (app/services/settings.py DEFAULTS) a "setting.change" entry names.
SETTING_WORDS: dict[str, Words] = {
    "aging.overdue_bounds": Words("账龄分段", "Aging buckets"),
    "credit.grade_limits": Words("信用等级额度", "Credit limits by grade"),
    "agreement.term_months": Words("协议期限（月）", "Agreement term (months)"),
    "collection.ladders": Words("催缴升级步骤", "Escalation ladders"),
    "exchange.warn_after_days": Words("网点未交换提醒天数", "Days before a silent site is pointed out"),
    "exchange.directory": Words("全市网点名录", "The city's branches"),
    "backup.folder": Words("备份文件夹", "Backup folder"),
    "backup.keep_days": Words("备份保留天数", "Days backups are kept"),
    "collection.intervention_limits": Words("人工干预限额", "Intervention limits"),
    "collection.reminder_days": Words("到期提醒天数", "Days of reminder before the due date"),
    "collection.low_credit_percent": Words("预存款预警比例（%）", "Low prepaid credit threshold (%)"),
    "late_fee.permille_per_day": Words("违约金日费率（‰）", "Late fee per day (‰)"),
    "late_fee.grace_days": Words("违约金宽限天数", "Late fee grace days"),
    "documents.template": Words("文书模板", "Document templates"),
    "documents.font_path": Words("文书字体", "Document font"),
    "documents.zheng_after_jiao": Words("金额大写“角”后加“整”", "Zheng after jiao in amounts in words"),
    "arrears.confirm_above": Words("大额欠费确认线（分）", "Ask before arrears above (fen)"),
}


def action_words(action: str) -> Words:
    """The words for an audited action (a code no one named yet reads as itself)."""
    return ACTION_WORDS.get(action) or Words(action, action)


def record_words(entity: str) -> Words:
    return RECORD_WORDS.get(entity) or Words(entity, entity)


def setting_words(key: str) -> Words:
    return SETTING_WORDS.get(key) or Words(key, key)


__all__ = ["ACTION_WORDS", "IMPORT_KINDS", "RECORD_WORDS", "SETTING_WORDS", "UNKNOWN_USER_WORDS", "action_words",
           "record_words", "setting_words"]
