"""Reports are made in Chinese by app/ (they are printed and exported for Chinese finance); in the
English interface the screen shows their fixed words in English. Names, vouchers and the like are
data and stay as they are; exports stay Chinese."""
from __future__ import annotations

import re

from PySide6.QtCore import QLocale

EN = {
    # titles, tables, parameters
    "欠费账龄分析表（逾期天数账龄）": "Aging analysis (days overdue)",
    "欠费账龄分析表（账期账龄（电信口径））": "Aging analysis (billing period, telecom)",
    "欠费变动表": "Movement table", "营业日报单（欠费）": "Daily business report (arrears)",
    "欠费占业务收入比例": "Arrears to business revenue", "经办人欠费考核表": "Handler assessment",
    "逾期六个月以上欠费清单": "Items overdue over six months",
    "业财对账表（台账与财务）": "Reconciliation (ledger and finance)",
    "业财对账表（台账与业务系统）": "Reconciliation (ledger and business system)",
    "账龄结构": "Aging structure", "按客户": "By customer", "按业务专业": "By business line", "按客户群": "By customer group",
    "按经办人": "By handler", "按网点": "By branch", "欠费明细": "Items", "清单": "List", "差异清单": "Differences",
    "截至日期": "As of", "口径": "Scheme", "期间": "Period", "余额截至": "Balances as of", "收入期间": "Revenue period",
    "账期": "Billing period", "对方": "Other side", "逾期天数账龄": "Days overdue", "账期账龄（电信口径）": "Billing period (telecom)",
    "财务": "Finance", "业务系统": "Business system",
    # columns
    "名称": "Name", "代码": "Code", "合计": "Total", "占比": "Share", "金额": "Amount", "账龄段": "Aging band",
    "客户代码": "Customer code", "客户": "Customer", "客户群": "Customer group", "业务专业": "Business line",
    "经办人": "Handler", "网点": "Branch", "凭证号": "Voucher", "业务日期": "Business date", "到期日": "Due date",
    "逾期天数": "Days overdue", "未核销金额": "Open", "项目": "Item", "期初余额": "Opening", "本期新增": "Incurred",
    "本期收回": "Collected", "本期核销坏账": "Written off", "本期冲正": "Reversed", "期末余额": "Closing", "差额": "Difference",
    "日期": "Date", "新增笔数": "Items incurred", "新增欠费": "Incurred", "收回笔数": "Repayments", "收回欠费": "Collected",
    "本年业务收入": "Business revenue this year", "欠费余额": "Outstanding", "欠费占收入比": "Arrears / revenue",
    "目标上限": "Target (max)", "状态": "Status", "欠费客户数": "Customers owing", "其中逾期": "Of which overdue",
    "逾期超6个月": "Over 6 months overdue", "可计提成收回额": "Commission base", "原因调查": "Investigation",
    "台账新增": "Ledger incurred", "财务新增": "Finance incurred", "业务系统新增": "Business system incurred",
    "新增差额": "Incurred difference", "台账收回": "Ledger collected", "财务收回": "Finance collected",
    "业务系统收回": "Business system collected", "收回差额": "Collected difference", "结果": "Result",
    # values
    "相符": "Matches", "不符": "Differs", "对方无数据": "No figures from the other side", "达标": "On target",
    "超标": "Over target", "无收入数据": "No revenue", "（未填写调查说明）": "(no investigation note)",
    "未到期": "Not yet due", "当月欠费": "This month", "隔月欠费": "Last month", "三个月欠费": "Third month",
    "三个月以上": "Older than three months",
    # notes
    "金额单位：元；占比为该段金额占欠费总额的比例。": "Amounts in yuan; a share is the band's part of all open arrears.",
    "期初余额 + 本期新增 - 本期收回 - 本期核销坏账 - 本期冲正 = 期末余额；差额应为零。":
        "Opening + incurred - collected - written off - reversed = closing; every difference should be zero.",
    "平衡检查：各行差额均为零。": "Balance check: every difference is zero.",
}
_RANGE = re.compile(r"^(\d+)-(\d+)天$")
_OVER = re.compile(r"^(\d+)天以上$")


def english() -> bool:
    return QLocale().name().startswith("en")


def shown(text):
    """The report word as the interface language wants it (only fixed words; data stays as it is)."""
    if not isinstance(text, str) or not english():
        return text
    if text in EN:
        return EN[text]
    if m := _RANGE.match(text):
        return f"{m.group(1)}-{m.group(2)} days"
    if m := _OVER.match(text):
        return f"Over {m.group(1)} days"
    return text
