"""审计日志的用语: what each audited action and each kind of record is called, in both languages.

The audit trail stores codes (``collection.notice``, ``arrears_item``); people read these words. Every
action the code base writes has its words here (tests/unit/test_audit_words.py reads the source to
hold it so)."""
from __future__ import annotations

import re  # the audit detail in words
from typing import NamedTuple  # the audit detail in words

from app.domain.customers import StatusAction
from app.domain.customers import GROUP_WORDS, PAYMENT_METHOD_WORDS, STATUS_WORDS  # the audit detail in words
from app.domain.money import format_fen  # the audit detail in words
from app.domain.periods import format_period  # the audit detail in words
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
    "user.role": Words("调岗（更改角色）", "Change a user's role"),
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
    # books that stay closed: the printed daily report, 缴款, 作废收据 (helper daily)
    "daily.print": Words("打印营业日报单", "Print the daily report"),
    "receipt.void": Words("登记作废收据", "Void a receipt"),
    "cashup.hand_in": Words("缴款", "Hand in the day's money"),
    "cashup.receive": Words("接收缴款", "Receive a hand-in"),
    # 坏账核销 (writeoff)
    "write_off.apply": Words("申请坏账核销", "Apply for a write-off"),
    "write_off.review": Words("市场部审核坏账核销", "Review a write-off"),
    "write_off.approve": Words("批准坏账核销", "Approve a write-off"),
    "write_off.reject": Words("驳回坏账核销", "Reject a write-off"),
    "write_off.withdraw": Words("撤回坏账核销申请", "Withdraw a write-off application"),
    "bad_debt.recover": Words("收回已核销坏账", "Recover written-off debt"),
    # decisions made at the city office, travelling down
    "city_decision.write_off": Words("市局审批网点坏账核销", "Decide a branch's write-off at the city office"),
    "city_decision.reopen": Words("市局决定网点反结账", "Reopen a branch's month at the city office"),
    "city_decision.credit": Words("市局审批网点记欠申请", "Decide a branch's credit application at the city office"),
    "city_decision.taken": Words("执行市局下发的决定", "Take a decision of the city office"),
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
    # books that stay closed (helper daily)
    "daily_report_print": Words("营业日报单", "Daily report"),
    "voided_receipt": Words("作废收据", "Voided receipt"),
    "cash_up": Words("缴款", "Cash-up"),
    "write_off_application": Words("坏账核销申请", "Write-off application"),  # writeoff
    "recovery": Words("收回已核销坏账", "Recovery of"),  # writeoff
    "city_decision": Words("市局决定", "City office decision"),  # decisions
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
    "write_off.marketing_review": Words("坏账核销须市场部审核", "Marketing reviews write-offs"),  # writeoff
    "write_off.approved_at": Words("坏账核销审批（网点/市局）", "Write-offs approved by (branch/city office)"),  # decisions
    "credit.approved_at": Words("记欠审批（网点/市局）", "Credit approved by (branch/city office)"),  # decisions, credit
}


# -- the audit detail in words (issue 11) -----------------------------------------------------------------
# What each key of an entry's before/after record is called; the order is the order they are told in.
DETAIL_WORDS: dict[str, Words] = {
    "status": Words("状态", "Status"),
    "reason": Words("原因", "Reason"),
    "voucher_no": Words("凭证号", "Voucher number"),
    "receipt_no": Words("收据号", "Receipt number"),
    "number": Words("编号", "Number"),
    "amount": Words("金额", "Amount"),
    "total": Words("金额合计", "Total"),
    "open_amount": Words("未核销金额", "Open amount"),
    "unapplied": Words("未核销（转预存款）", "Unapplied (kept as credit)"),
    "owed": Words("欠费合计", "Owed"),
    "held": Words("预存款", "Prepaid credit"),
    "overdue": Words("逾期欠费", "Overdue"),
    "opening": Words("期初余额", "Opening balance"),
    "closing": Words("期末余额", "Closing balance"),
    "credit_limit": Words("信用额度", "Credit limit"),
    "requested_limit": Words("申请额度", "Requested limit"),
    "business_date": Words("业务日期", "Business date"),
    "billing_period": Words("账期", "Billing period"),
    "due_date": Words("到期日", "Due date"),
    "paid_on": Words("收款日期", "Paid on"),
    "method": Words("收款方式", "Payment method"),
    "mode": Words("核销方式", "Allocation"),
    "offsets": Words("核销", "Applied to"),
    "credit_returned": Words("退回预存款", "Credit given back"),
    "reopened": Words("重新打开的欠费", "Items reopened"),
    "business_line": Words("业务专业", "Business line"),
    "business_line_id": Words("业务专业", "Business line"),
    "branch_id": Words("部门", "Branch"),
    "customer_id": Words("客户", "Customer"),
    "customer_name": Words("客户", "Customer"),
    "item_id": Words("欠费凭证", "Arrears voucher"),
    "arrears_item_id": Words("欠费凭证", "Arrears voucher"),
    "repayment_id": Words("收款收据", "Receipt"),
    "notice_id": Words("催缴文书", "Collection document"),
    "agreement_id": Words("协议", "Agreement"),
    "application_id": Words("申请", "Application"),
    "handler_id": Words("经办人", "Handler"),
    "applied_by_id": Words("申请人", "Applied for by"),
    "applied_by": Words("申请人", "Applied for by"),
    "applied_at": Words("申请时间", "Applied at"),
    "approved_by": Words("审批人", "Approved by"),
    "account_manager_id": Words("客户经理", "Account manager"),
    "account_manager": Words("客户经理", "Account manager"),
    "responsible": Words("责任人", "Responsible"),
    "override_by_id": Words("超额审批人", "Over the limit, approved by"),
    "override_reason": Words("超额原因", "Why over the limit"),
    "signature_confirmed": Words("客户已签字确认", "Signed by the customer"),
    "history_reviewed_by": Words("审阅历史者", "History reviewed by"),
    "code": Words("编码", "Code"),
    "name": Words("名称", "Name"),
    "customer_group": Words("客户分组", "Customer group"),
    "customer_status": Words("客户状态", "Customer status"),
    "contact_person": Words("联系人", "Contact person"),
    "phone": Words("电话", "Phone"),
    "address": Words("地址", "Address"),
    "id_number": Words("证件号码", "ID number"),
    "credit_grade": Words("信用等级", "Credit grade"),
    "credit_period_days": Words("信用期（天）", "Credit period (days)"),
    "requested_period_days": Words("申请信用期（天）", "Requested credit period (days)"),
    "settlement_cycle_months": Words("结算周期（月）", "Settlement cycle (months)"),
    "requested_cycle_months": Words("申请结算周期（月）", "Requested settlement cycle (months)"),
    "requested_term_months": Words("申请协议期限（月）", "Requested term (months)"),
    "valid_from": Words("生效日期", "Valid from"),
    "valid_to": Words("到期日期", "Valid to"),
    "terminated_on": Words("终止日期", "Terminated on"),
    "late_fee_enabled": Words("收取违约金", "Late fee charged"),
    "wants_reminders": Words("到期提醒", "Reminders before the due date"),
    "contacted_on": Words("催收日期", "Contact date"),
    "channel": Words("催收方式", "Channel"),
    "result": Words("结果", "Result"),
    "promised_on": Words("承诺付款日期", "Promised for"),
    "promised_amount": Words("承诺金额", "Promised amount"),
    "next_follow_up": Words("下次跟进", "Next follow-up"),
    "corrects_id": Words("更正的记录", "Corrects record"),
    "step": Words("升级步骤", "Ladder step"),
    "action": Words("步骤内容", "Step action"),
    "days_overdue": Words("逾期天数", "Days overdue"),
    "answer": Words("回执意见", "Reply"),
    "received_on": Words("收到日期", "Received on"),
    "note": Words("备注", "Note"),
    "cause": Words("逾期原因", "Cause"),
    "outcome": Words("处理结果", "Outcome"),
    "as_of": Words("截止日期", "As of"),
    "pay_by": Words("限缴日期", "To be paid by"),
    "items": Words("笔数", "Items"),
    "document": Words("文书", "Document"),
    "count": Words("份数", "Count"),
    "first": Words("起始编号", "First number"),
    "last": Words("截止编号", "Last number"),
    "copy": Words("联次", "Copy"),
    "personal_data": Words("含个人信息", "Personal data"),
    "fields": Words("字段", "Fields"),
    "username": Words("用户名", "User name"),
    "display_name": Words("姓名", "Name"),
    "role": Words("角色", "Role"),
    "is_active": Words("启用", "Active"),
    "known_user": Words("本系统用户", "A user of this system"),
    "locked_until": Words("锁定至", "Locked until"),
    "password": Words("密码", "Password"),
    "effective_on": Words("生效日期", "Effective on"),
    "due_on": Words("期限", "Due on"),
    "months": Words("月数", "Months"),
    "handed_over_items": Words("移交欠费笔数", "Items handed over"),
    "handed_over_customers": Words("移交客户数", "Customers handed over"),
    "date": Words("日期", "Date"),
    "now": Words("时间", "Time"),
    "on": Words("日期", "On"),
    "from": Words("自", "From"),
    "to": Words("至", "To"),
    "period": Words("期间", "Period"),
    "kind": Words("类型", "Kind"),
    "category": Words("类别", "Category"),
    "key": Words("设置项", "Setting"),
    "file": Words("文件", "File"),
    "files": Words("文件数", "Files"),
    "folder": Words("文件夹", "Folder"),
    "kept": Words("保留的副本", "Copy kept"),
    "rows": Words("行数", "Rows"),
    "imported": Words("已导入", "Imported"),
    "already_imported": Words("此前已导入", "Imported before"),
    "skipped": Words("跳过", "Skipped"),
    "skipped_bad_rows": Words("跳过的错误行", "Bad rows skipped"),
    "doubt": Words("疑点", "Doubt"),
    "site": Words("网点", "Site"),
    "package": Words("交换包", "Package"),
    "seq": Words("序号", "Sequence number"),
    "state": Words("状态", "State"),
    "acknowledged": Words("已确认至", "Acknowledged up to"),
    "changed": Words("变更", "Changed"),
    "reapplied": Words("重新采用", "Taken again"),
    "up_to": Words("截至", "Up to"),
    "from_copy": Words("来源副本", "From the copy"),
    "root": Words("完整性根", "Integrity root"),
    "sha256": Words("SHA-256", "SHA-256"),
    "manifest_sha256": Words("清单 SHA-256", "Manifest SHA-256"),
    "latest_entry": Words("最新记录", "Latest entry"),
    "open_items": Words("未核销笔数", "Open items"),
    "host": Words("计算机", "Computer"),
    "os_user": Words("操作系统用户", "Operating system user"),
    "customers": Words("客户数", "Customers"),
    "seed": Words("随机种子", "Seed"),
    "items_per_month": Words("每月笔数", "Items per month"),
    # books that stay closed (营业日报单, 缴款) and the write-off workflow (坏账核销)
    "clerk": Words("营业员", "Clerk"),
    "day": Words("日期", "Day"),
    "first_day": Words("起始日", "First day"),
    "last_day": Words("截止日", "Last day"),
    "receipts": Words("收据", "Receipts"),
    "expected": Words("应缴（按收据）", "Expected (from the receipts)"),
    "handed_in": Words("实缴", "Handed in"),
    "received": Words("实收", "Received"),
    "differences": Words("差额", "Differences"),
    "facts": Words("证据事实", "Evidence facts"),
    "history": Words("催收记录", "Collection history"),
    "review_required": Words("须市场部审核", "Marketing review required"),
    "stage": Words("环节", "Stage"),
    "write_off_id": Words("坏账核销记录", "Write-off record"),
    # 月结
    "month": Words("月份", "Month"),
    "incurred": Words("本期新增", "Incurred"),
    "collected": Words("本期收回", "Collected"),
    "written_off": Words("本期核销坏账", "Written off"),
    "reversed": Words("本期冲正", "Reversed"),
    "reconciliation": Words("业财对账差额", "Reconciliation differences"),
    "explanation": Words("差额说明", "Explanation of the difference"),
    "root_through": Words("完整性根截至链接", "Root through chain link"),
    # decisions made at the city office, travelling down
    "branch": Words("网点", "Branch"),
    "decision": Words("市局决定", "City office decision"),
    "decided_by": Words("决定人", "Decided by"),
    "decided_on": Words("决定日期", "Decided on"),
    "refusal": Words("拒收原因", "Why refused"),
}
# Amounts in fen, told as money; ids, told by the record's own name (kinds as ``AuditTrail.names`` knows them).
MONEY_KEYS = frozenset({"amount", "total", "open_amount", "unapplied", "owed", "held", "overdue", "opening", "closing",
                        "incurred", "collected", "written_off", "reversed",
                        "credit_limit", "requested_limit", "promised_amount"})
MONEY_BY_METHOD_KEYS = frozenset({"expected", "handed_in", "received", "differences"})
ID_KEYS: dict[str, str] = {
    "handler_id": "user", "applied_by_id": "user", "override_by_id": "user", "account_manager_id": "user",
    "item_id": "arrears_item", "arrears_item_id": "arrears_item", "repayment_id": "repayment",
    "notice_id": "notice", "customer_id": "customer", "business_line_id": "business_line", "branch_id": "branch",
}
_YES, _NO, _NONE = Words("是", "yes"), Words("否", "no"), Words("（无）", "(none)")
_ALLOCATION_WORDS = {"fifo": Words("按先后顺序核销", "oldest first"), "named": Words("指定凭证核销", "named items")}
_NOTES = ("reason_code", "result_code")  # the program's own note beside its sentence (app.domain.notes)


class DetailLine(NamedTuple):
    """One key of an audit entry: its label, and its value before and after (None: not in that record)."""
    label: Words
    before: Words | None
    after: Words | None


def detail_ids(*records: dict | None) -> set[tuple[str, int]]:
    """The records an entry's detail names by id: (kind, id) to look up."""
    found = set()
    for record in records:
        for key, value in (record or {}).items():
            if key in ID_KEYS and isinstance(value, int):
                found.add((ID_KEYS[key], value))
            elif key == "offsets" and isinstance(value, list):
                found.update(("arrears_item", pair[0]) for pair in value if isinstance(pair, list) and pair
                             and isinstance(pair[0], int))
            elif key == "credit_returned" and isinstance(value, list):
                found.update(("repayment", part["repayment_id"]) for part in value
                             if isinstance(part, dict) and isinstance(part.get("repayment_id"), int))
    return found


def audit_details(before: dict | None, after: dict | None, names: dict[tuple[str, int], str] | None = None,
                  ) -> list[DetailLine]:
    """An audit entry's before/after records in words: each key labelled, money as money, dates as dates,
    codes in words, ids by the record's name (``names``, from ``detail_ids``), the program's own notes
    told from their code (app.domain.notes). A setting's record is keyed by the setting."""
    before, after, names = before or {}, after or {}, names or {}
    lines = []
    order = {key: n for n, key in enumerate(DETAIL_WORDS)}
    keys = sorted({*before, *after} - set(_NOTES), key=lambda k: (order.get(k, len(order)), k))
    for key in keys:
        if all(record.get(key) in (None, "") for record in (before, after)):
            continue  # nothing was there, nothing is: not worth a line
        said = [None if key not in record else _value(key, record[key], names, record) for record in (before, after)]
        lines.append(DetailLine(_label(key), *said))
    return lines


def _label(key: str) -> Words:
    if key in DETAIL_WORDS:
        return DETAIL_WORDS[key]
    return SETTING_WORDS.get(key) or Words(key, key)


def _value(key: str, value, names: dict[tuple[str, int], str], record: dict) -> Words:
    from app.domain.notes import note_words  # noqa: PLC0415 - notes reads the collection vocabulary
    if key in ("reason", "result") and isinstance(value, str):
        return note_words(value, record.get(f"{key}_code"))
    if value is None or value == "":
        return _NONE
    if isinstance(value, bool):
        return _YES if value else _NO
    if isinstance(value, int) and key in MONEY_KEYS:
        return _same(format_fen(value))
    if isinstance(value, int) and key in ID_KEYS:
        return _same(names.get((ID_KEYS[key], value)) or f"#{value}")
    if isinstance(value, dict) and key in MONEY_BY_METHOD_KEYS:  # 缴款: fen per payment method
        parts = [(PAYMENT_METHOD_WORDS.get(m), format_fen(f)) for m, f in value.items() if isinstance(f, int)]
        return Words("；".join(f"{w.zh if w else m} {f}" for (w, f), m in zip(parts, value)) or _NONE.zh,
                     "; ".join(f"{w.en if w else m} {f}" for (w, f), m in zip(parts, value)) or _NONE.en)
    if isinstance(value, int) and key == "billing_period":
        return _same(format_period(value))
    if key == "offsets" and isinstance(value, list):
        return _joined([_same(f"{names.get(('arrears_item', p[0])) or f'#{p[0]}'} {format_fen(p[1])}")
                        if isinstance(p, list) and len(p) == 2 else _plain(p) for p in value])
    if isinstance(value, str):
        words = _code_words(key, value)
        if words is not None:
            return words
        if _DATETIME.fullmatch(value):
            return _same(value.replace("T", " ")[:19])
        return _same(value)
    return _plain(value)


def _code_words(key: str, value: str) -> Words | None:
    """A stored code in words (状态 active → 正常 …); None when it is not one of the key's codes."""
    from app.domain.collection import CHANNEL_WORDS, REPLY_WORDS, STEP_ACTION_WORDS  # noqa: PLC0415
    from app.domain.roles import ROLE_WORDS  # noqa: PLC0415
    from app.domain.writeoff import CAUSE_WORDS, STAGE_WORDS  # noqa: PLC0415
    table = {"status": STATUS_WORDS, "customer_status": STATUS_WORDS, "method": PAYMENT_METHOD_WORDS,
             "customer_group": GROUP_WORDS, "mode": _ALLOCATION_WORDS, "channel": CHANNEL_WORDS,
             "answer": REPLY_WORDS, "action": STEP_ACTION_WORDS, "role": ROLE_WORDS, "stage": STAGE_WORDS,
             "cause": CAUSE_WORDS}.get(key)
    if table is None:
        return None
    return next((words for code, words in table.items() if str(code) == value), None)


def _plain(value) -> Words:
    """A nested value (a setting's list or table) without the JSON: ``a, b``; ``key: value; …``."""
    if isinstance(value, list):
        return _joined([_plain(v) for v in value])
    if isinstance(value, dict):
        parts = [(_plain(v)) for v in value.values()]
        return Words("；".join(f"{k}：{p.zh}" for k, p in zip(value, parts)),
                     "; ".join(f"{k}: {p.en}" for k, p in zip(value, parts)))
    if isinstance(value, bool):
        return _YES if value else _NO
    return _same("" if value is None else str(value))


def _joined(parts: list[Words]) -> Words:
    return Words("、".join(p.zh for p in parts), ", ".join(p.en for p in parts)) if parts else _NONE


def _same(text: str) -> Words:
    return Words(text, text)


_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?")


def action_words(action: str) -> Words:
    """The words for an audited action (a code no one named yet reads as itself)."""
    return ACTION_WORDS.get(action) or Words(action, action)


def record_words(entity: str) -> Words:
    return RECORD_WORDS.get(entity) or Words(entity, entity)


def setting_words(key: str) -> Words:
    return SETTING_WORDS.get(key) or Words(key, key)


__all__ = ["ACTION_WORDS", "IMPORT_KINDS", "RECORD_WORDS", "SETTING_WORDS", "UNKNOWN_USER_WORDS", "action_words",
           "record_words", "setting_words"]
__all__ += ["DETAIL_WORDS", "ID_KEYS", "MONEY_KEYS", "DetailLine", "audit_details", "detail_ids"]  # the detail in words
