"""The reports' fixed words in both languages, in one place: titles, parameters, tables, columns,
statuses, notes and warnings.

Exports print the Chinese; the screen shows the English through Qt's ``tr`` in the context
``SCREEN_CONTEXT``, whose zh_CN entries the translation script takes from ``screen_words()`` (so the
screen and the paper say the same). Words with ``{fields}`` are filled with typed values at the edge
(see ``app.reports.model.Phrase``). Each English text is used once, so that it translates one way.
"""
from __future__ import annotations

from app.domain.aging import DAYS_OVERDUE_BAND, NOT_YET_DUE, OVER_DAYS_OVERDUE, TELECOM_BUCKET_WORDS
from app.domain.customers import GROUP_WORDS, PAYMENT_METHOD_WORDS
from app.domain.words import Words

SCREEN_CONTEXT = "ReportWords"

# -- the reports (the choice on the reports page) and their titles --------------------------------------
KIND_AGING = Words("欠费账龄分析表", "Aging analysis")
KIND_DAILY = Words("营业日报单", "Daily business report")
KIND_RATIO = Words("欠费占收入比例", "Arrears to revenue ratio")
KIND_HANDLERS = Words("经办人考核表", "Handler assessment")
KIND_LONG_OVERDUE = Words("逾期六个月以上清单", "Overdue over six months")
KIND_RECONCILIATION = Words("业财对账表", "Reconciliation with finance")

TITLE_AGING = Words("欠费账龄分析表（{scheme}）", "Aging analysis ({scheme})")
TITLE_MOVEMENT = Words("欠费变动表", "Movement table")
TITLE_DAILY = Words("营业日报单（欠费）", "Daily business report (arrears)")
TITLE_RATIO = Words("欠费占业务收入比例", "Arrears to business revenue")
TITLE_HANDLERS = Words("经办人欠费考核表", "Handler arrears assessment")
TITLE_LONG_OVERDUE = Words("逾期六个月以上欠费清单", "Items overdue over six months")
TITLE_RECONCILIATION = Words("业财对账表（台账与{source}）", "Reconciliation (ledger and {source})")
TITLE_AGING_DETAILS = Words("欠费账龄明细", "Aging details")

# -- parameters ------------------------------------------------------------------------------------------
AS_OF = Words("截至日期", "As of")
SCHEME = Words("口径", "Scheme")
PERIOD = Words("期间", "Period")
BALANCES_AS_OF = Words("余额截至", "Balances as of")
REVENUE_PERIOD = Words("收入期间", "Revenue period")
BILLING_PERIOD = Words("账期", "Billing period")
OTHER_SIDE = Words("对方", "Other side")
INTEGRITY_ROOT = Words("完整性根", "Integrity root")
ROOT_BEFORE = Words("{root}（{before} 之前记录的全部台账与审计记录）", "{root} (every ledger and audit record made before {before})")
DATE_RANGE = Words("{start} 至 {end}", "{start} to {end}")
SCHEME_OVERDUE = Words("逾期天数账龄", "Days overdue")
SCHEME_TELECOM = Words("账期账龄（电信口径）", "Billing period (telecom)")
SOURCE_FINANCE = Words("财务", "Finance")
SOURCE_BUSINESS = Words("业务系统", "Business system")

# -- tables ----------------------------------------------------------------------------------------------
STRUCTURE = Words("账龄结构", "Aging structure")
BY_CUSTOMER = Words("按客户", "By customer")
BY_BUSINESS_LINE = Words("按业务专业", "By business line")
BY_CUSTOMER_GROUP = Words("按客户群", "By customer group")
BY_HANDLER = Words("按经办人", "By handler")
BY_BRANCH = Words("按网点", "By branch")
ITEMS = Words("欠费明细", "Items")
LIST = Words("清单", "List")
DIFFERENCES = Words("差异清单", "Differences")
DRILL_DOWN = Words("{name} · {band}", "{name} · {band}")

# -- columns ---------------------------------------------------------------------------------------------
NAME = Words("名称", "Name")
CODE = Words("代码", "Code")
TOTAL = Words("合计", "Total")
SHARE = Words("占比", "Share")
AMOUNT = Words("金额", "Amount")
BAND = Words("账龄段", "Aging band")
CUSTOMER_CODE = Words("客户代码", "Customer code")
CUSTOMER = Words("客户", "Customer")
CUSTOMER_GROUP = Words("客户群", "Customer group")
BUSINESS_LINE = Words("业务专业", "Business line")
HANDLER = Words("经办人", "Handler")
RESPONSIBLE_NOW = Words("现责任人", "Responsible now")  # after a hand-over (清欠, app/domain/clearance.py)
TAKEN_OVER = Words("其中接手", "Of which taken over")
BRANCH = Words("网点", "Branch")
VOUCHER = Words("凭证号", "Voucher")
BUSINESS_DATE = Words("业务日期", "Business date")
DUE_DATE = Words("到期日", "Due date")
DAYS_OVERDUE = Words("逾期天数", "Days past due")
OPEN = Words("未核销金额", "Open")
ITEM = Words("项目", "Item")
OPENING = Words("期初余额", "Opening")
INCURRED = Words("本期新增", "Incurred")
COLLECTED = Words("本期收回", "Collected")
WRITTEN_OFF = Words("本期核销坏账", "Written off")
REVERSED = Words("本期冲正", "Reversed")
CLOSING = Words("期末余额", "Closing")
DIFFERENCE = Words("差额", "Difference")
DATE = Words("日期", "Date")
ITEMS_INCURRED = Words("新增笔数", "Items incurred")
ARREARS_INCURRED = Words("新增欠费", "Arrears incurred")
REPAYMENTS_COUNTED = Words("收回笔数", "Repayments")
ARREARS_COLLECTED = Words("收回欠费", "Arrears collected")
REVENUE_THIS_YEAR = Words("本年业务收入", "Business revenue this year")
OUTSTANDING = Words("欠费余额", "Outstanding")
RATIO = Words("欠费占收入比", "Arrears / revenue")
TARGET = Words("目标上限", "Target (max)")
STATUS = Words("状态", "Status")
CUSTOMERS_OWING = Words("欠费客户数", "Customers owing")
OF_WHICH_OVERDUE = Words("其中逾期", "Of which overdue")
OVER_SIX_MONTHS = Words("逾期超6个月", "Over 6 months overdue")
COMMISSION_BASE = Words("可计提成收回额", "Commission base")
INVESTIGATION = Words("原因调查", "Investigation")
LEDGER_INCURRED = Words("台账新增", "Ledger incurred")
OTHER_INCURRED = Words("{source}新增", "{source} incurred")
INCURRED_DIFFERENCE = Words("新增差额", "Incurred difference")
LEDGER_COLLECTED = Words("台账收回", "Ledger collected")
OTHER_COLLECTED = Words("{source}收回", "{source} collected")
COLLECTED_DIFFERENCE = Words("收回差额", "Collected difference")
RESULT = Words("结果", "Result")

# -- values ----------------------------------------------------------------------------------------------
MATCHES = Words("相符", "Matches")
DIFFERS = Words("不符", "Differs")
NO_COUNTERPART = Words("对方无数据", "No figures from the other side")
ON_TARGET = Words("达标", "On target")
OVER_TARGET = Words("超标", "Over target")
NO_REVENUE = Words("无收入数据", "No revenue")
NO_INVESTIGATION = Words("（未填写调查说明）", "(no investigation note)")
CAUSE_NOTED = Words("{cause}（{day}）", "{cause} ({day})")
DIFFERENCE_ROW = Words("{table}：{name}", "{table}: {name}")

# -- notes -----------------------------------------------------------------------------------------------
NOTE_AGING = Words("金额单位：元；占比为该段金额占欠费总额的比例。",
                   "Amounts in yuan; a share is the band's part of all open arrears.")
NOTE_MOVEMENT = Words("期初余额 + 本期新增 - 本期收回 - 本期核销坏账 - 本期冲正 = 期末余额；差额应为零。",
                      "Opening + incurred - collected - written off - reversed = closing; every difference "
                      "should be zero.")
NOTE_MOVEMENT_METHOD = Words(
    "期初、期末按截至日重放台账计算；收回含退票冲回（负数）；冲正为被冲正欠费在期初的未核销额（本期新增的按全额）。",
    "Opening and closing replay the ledger as of their day; collected includes bounced repayments (negative); "
    "reversed is what a reversed item had open at the start (all of it if incurred in the period).")
NOTE_BALANCED = Words("平衡检查：各行差额均为零。", "Balance check: every difference is zero.")
NOTE_DAILY = Words("按入账日（录入系统的日期）统计：冲正、退票记在办理当日，以负数单列，不改动原来那一天；"
                   "日终后打印的日报即为定稿，已打印的日报不再变动，重印与原件相同。",
                   "By posting day (the day an entry was made): a reversal or a bounce is a line of its own, negative, "
                   "on the day it was made, and never changes the day of the entry it undoes; a report printed after "
                   "its day ended is final: it never changes, and a reprint is the same as the original.")
# -- the daily report by posting day (helper daily) --
LINE_KIND = Words("项目", "Line")
COUNT = Words("笔数", "Count")
PAYMENT_METHOD = Words("缴款方式", "Payment method")
PERSON = Words("经办人/收款人", "Handler / receiver")
BY_LINE_KIND = Words("按项目", "By line")
BY_PAYMENT_METHOD = Words("按缴款方式", "By payment method")
DAILY_LINE_WORDS = {
    "incurred": Words("新增欠费", "Arrears incurred"),
    "item_reversed": Words("欠费冲正", "Arrears reversed"),
    "paid_in": Words("收款", "Money paid in"),
    "bounced": Words("退票（收款冲正）", "Bounced (payment reversed)"),
    "recovered": Words("收回已核销坏账", "Recovered bad debt"),
}
# What each kind of line adds to: the day's new arrears (net) or the money paid in (net); a sum across the two
# means nothing, so a table that mixes them has no grand total and the day's nets are rows of their own.
ARREARS_NET = Words("新增欠费净额", "Net new arrears")
MONEY_NET = Words("实收款净额", "Net money paid in")
# Money recovered on written-off debt is money taken in (it is in the till and handed in), not a repayment.
DAILY_LINE_NET = {"incurred": ARREARS_NET, "item_reversed": ARREARS_NET, "paid_in": MONEY_NET, "bounced": MONEY_NET,
                  "recovered": MONEY_NET}
NOTE_DAILY_FIRST_PRINT = Words("本日报于 {at} 首次打印（{by}），本次与原件相符。",
                               "First printed at {at} ({by}); this copy matches it.")
NOTE_DAILY_NOT_FINAL = Words("{day} 尚未结束，本表数字仍会变动；日终后打印的才是定稿。",
                             "{day} is not over yet: these figures may still change; the copy printed after the day "
                             "ended is final.")
DAILY_PRINT_DIFFERS = Words("本日报与 {at} 打印的原件不符（{what}），请运行 arrears-desk verify 查明原因。",
                            "This report differs from the copy printed at {at} ({what}); run arrears-desk verify to "
                            "find out why.")
DIFFERS_FIGURES = Words("数字", "figures")
DIFFERS_ROOT = Words("完整性根", "integrity root")
NOTE_RATIO = Words("业务收入不含代理金融、租赁及营业外收入；同一期间、专业的收入以最后录入的为准。",
                   "Business revenue excludes agency finance, rent and non-operating income; for a period and "
                   "business line the latest entry counts.")
NOTE_HANDLERS = Words("可计提成收回额：本期实际收回的欠费，不含收回时已逾期超过6个月的欠费（邮政第二十六条）。"
                      "办理工作交接后，欠费计入现责任人（其中接手一栏），原经办人仍记载于台账（邮政第二十五条）。",
                      "Commission base: arrears collected in the period, except what was over six months overdue "
                      "when collected (postal art. 26). After a hand-over an item counts for the one responsible "
                      "now (the taken-over column); the ledger keeps its recorded handler (postal art. 25).")
NOTE_LONG_OVERDUE = Words("逾期六个月以上的欠费须查明原因并加大清收力度，且不计提成（邮政第十八条、第二十六条）。",
                          "Arrears over six months overdue need an investigation of the cause and stronger "
                          "collection, and earn no commission (postal art. 18, 26).")
NOTE_RECONCILIATION = Words(
    "台账新增按业务受理日期、收回按核销生效日期计（均不含已冲正）；对方数据以该账期最后一次导入为准。",
    "Ledger incurred by business date, collected by the offset's effective date (reversed entries left out); "
    "for the other side the month's latest import counts.")
HINT = Words("提示：{text}", "Note: {text}")

# -- warnings --------------------------------------------------------------------------------------------
UNBALANCED = Words("{table}“{name}”不平衡：差额 {difference} 元。",
                   "{table} '{name}' does not balance: difference {difference} yuan.")
CAUSE_OVER_OFFSET = Words("原因：欠费 {voucher}（#{item}）核销超过其金额，未核销额为 {open} 元。",
                          "Cause: arrears item {voucher} (#{item}) was offset beyond its amount; open {open} yuan.")
CAUSE_BALANCES_DIFFER = Words(
    "原因：{line} 的维护余额 {kept} 与按分录重放的 {replayed} 不一致，请运行数据校验（arrears-desk verify）。",
    "Cause: the maintained balance of {line}, {kept}, differs from the replay of the entries, {replayed}; "
    "run the data check (arrears-desk verify).")
RATIO_NO_REVENUE = Words("{line}：欠费 {arrears} 元，本年尚无业务收入数据",
                         "{line}: arrears {arrears} yuan and no business revenue this year yet")
RATIO_OVER_TARGET = Words("{line}：欠费 {arrears} 元，占业务收入 {ratio}，超过 {target} 的目标",
                          "{line}: arrears {arrears} yuan, {ratio} of business revenue, over the {target} target")
INVESTIGATIONS_MISSING = Words("{count} 户客户尚未填写原因调查说明。",
                               "{count} customer(s) have no investigation note yet.")
NO_EXTERNAL_FIGURES = Words("尚未导入 {period} 的{source}对账数据。",
                            "No reconciliation figures from {source} imported for {period} yet.")
DIFFERENCES_FOUND = Words("有 {count} 项不符，见“差异清单”。", "{count} item(s) differ; see 'Differences'.")

# -- the city office's reports across branches (市局汇总) ----------------------------------------------
CITY_TITLE = Words("{title}（市局汇总）", "{title} (city office)")
BRANCHES = Words("网点范围", "Branches")
ALL_BRANCHES = Words("全部网点（{count} 个）", "All branches ({count})")
ROOTS_PER_BRANCH = Words("各网点分别列于“网点数据”表", "Per branch, in the 'Branch data' table")
BRANCH_DATA = Words("网点数据", "Branch data")
DATA_AS_OF = Words("数据截至", "Data as of")
PACKAGES_APPLIED = Words("已导入台账包", "Packages applied")
CLOSED_THROUGH = Words("已月结至", "Closed through")
INCLUDED = Words("已汇总", "Included")
NO_DATA = Words("尚未收到数据", "No data received")
UNREADABLE = Words("无法读取", "Cannot be read")
NOTE_CITY = Words("市局汇总：各网点的数据截至其最后一个已导入的台账包（见“网点数据”表）；合计为各网点之和。",
                  "City office: each branch as of its last package applied here (see 'Branch data'); totals are the "
                  "sum of the branches'.")
BRANCH_NO_DATA = Words("{branch} {name}：尚未收到数据，未计入。", "{branch} {name}: no data received yet; not included.")
BRANCH_UNREADABLE = Words("{branch} {name}：数据无法读取（{reason}），未计入。",
                          "{branch} {name}: its data cannot be read ({reason}); not included.")
BRANCH_SAYS = Words("{branch}：{text}", "{branch}: {text}")


def all_words() -> list[Words]:
    """Every word a report may show: this module's, and the domain's that reports show (aging bands,
    customer groups)."""
    return [*(v for v in globals().values() if isinstance(v, Words)), *TELECOM_BUCKET_WORDS, NOT_YET_DUE,
            DAYS_OVERDUE_BAND, OVER_DAYS_OVERDUE, *GROUP_WORDS.values(), *DAILY_LINE_WORDS.values(),
            *PAYMENT_METHOD_WORDS.values()]


def screen_words() -> dict[str, str]:
    """English -> Chinese for the screen's translation (context ``SCREEN_CONTEXT``)."""
    return {words.en: words.zh for words in all_words()}

# -- 坏账核销 (writeoff): recovery, the register, the handler's share ---------------------------------------
RECOVERED = Words("收回已核销坏账", "Recovered bad debt")
NOTE_RECOVERED = Words("收回已核销坏账：已核销（账销案存）的欠费后来收回的款项，单列，不计入期初、期末余额，也不作为预存款"
                       "（邮政第十八条（三））。",
                       "Recovered bad debt: money later received on written-off items, shown on its own line; it "
                       "is neither part of the opening and closing balances nor unapplied credit (postal 18(3)).")
KIND_WRITE_OFFS = Words("账销案存登记簿", "Written-off debts register")
TITLE_WRITE_OFFS = Words("坏账核销登记簿（账销案存）", "Written-off debts register (kept for recovery)")
NOTE_WRITE_OFFS = Words("已核销的坏账账销案存，继续保留追索权；收回时单独入账（邮政第十八条（三））。形成坏账的经办人与审批人"
                        "均列明，以便追究责任（邮政第十八条（四）、第二十五条）。",
                        "Written-off debts stay on record and may still be recovered; recoveries are booked on their "
                        "own (postal 18(3)). The handler and the approvers are named for accountability (postal "
                        "18(4), 25).")
WRITE_OFF_DATE = Words("核销日期", "Written off on")
WRITE_OFF_CAUSE = Words("核销原因", "Cause")
EVIDENCE = Words("证据", "Evidence")
APPLIED_BY = Words("申请人", "Applied by")
REVIEWED_BY = Words("审核人", "Reviewed by")
APPROVED_BY = Words("审批人", "Approved by")
RECOVERED_SO_FAR = Words("已收回", "Recovered so far")
STILL_OUT = Words("尚未收回", "Still out")
WRITTEN_OFF_IN_PERIOD = Words("本期核销坏账额", "Written off in period")
RECOVERED_IN_PERIOD = Words("本期收回坏账额", "Recovered in period")
BY_SUPERVISOR = Words("按负责人（部门负责人）", "By supervisor (branch head)")
SUPERVISOR = Words("负责人", "Supervisor")
