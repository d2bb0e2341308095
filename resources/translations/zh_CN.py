"""The Chinese texts for resources/translations/arrears_desk_zh_CN.ts (English source -> zh_CN).

`python resources/translations/zh_CN.py` fills the .ts after `pyside6-lupdate`; then `pyside6-lrelease`
compiles the .qm the app loads. Both files are committed.

The reports' words are not in the source for lupdate to find (the screen translates them at run time):
their context is added from the reports' vocabulary (app/reports/words.py), the same words the exports
print, so they are never typed twice.

The domain's words (statuses, groups, roles, ladder steps, channels, reply answers, payment methods) are
shown through a variable (ui/words.py), which lupdate cannot see: this script adds them to the .ts in
context "Words", with their Chinese from ``app.domain.words.vocabulary()`` (never a copy here).
"""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # this tree's app/, whatever is installed

from app.reports.words import SCREEN_CONTEXT, screen_words  # noqa: E402
from app.domain.words import vocabulary  # noqa: E402

WORDS_CONTEXT = "Words"  # ui/words.py

ZH = {
    # English screens (issue 11: 11)
    ", ": "，",
    "%1 (%2)": "%1（%2）",
    "%1, %2": "%1、%2",
    "%1: %2": "%1：%2",
    "Collection notices_%1.pdf": "催缴通知书_%1.pdf",
    "Statement_%1_%2.pdf": "对账单_%1_%2.pdf",
    "Import template_%1.xlsx": "导入模板_%1.xlsx",
    # sign-in, lock-out, the lock screen, the audit trail (issue 11: 2, 3, 10)
    "Lift the sign-in lock of selected": "解除所选用户的登录锁定",
    "After too many wrong passwords an account is locked for a while; this lets the user sign in again at once.":
        "连续输错密码过多的账号会被锁定一段时间；解除锁定后该用户可立即重新登录。",
    "%1 can sign in again.": "%1 已可重新登录。",
    "Locked until %1": "锁定至 %1",
    "Search by name, customer code or phone": "按客户名称、客户代码或电话搜索",
    "Search by name or customer code": "按客户名称或客户代码搜索",
    "ArrearsDesk - first start": "用户欠费管理系统 - 首次使用",
    "Welcome. Create this workstation's site and its first administrator.": "欢迎使用。请建立本机的网点信息和第一个系统管理员。",
    "e.g. BR01": "例如 BR01",
    "e.g. East District Branch": "例如 城东支局",
    "Site code": "网点代码",
    "Site name": "网点名称",
    "Administrator": "系统管理员",
    "Password": "密码",
    "Password again": "确认密码",
    "Create": "建立",
    "Cancel": "取消",
    "The two passwords differ.": "两次输入的密码不一致。",
    "ArrearsDesk - sign in": "用户欠费管理系统 - 登录",
    "Sign in to %1": "登录 %1",
    # the workstation's clock at sign-in (issue 10, point 11)
    "Check this computer's clock": "请检查本机时钟",
    "If today really is %1, confirm the date: entries are then taken for the rest of the day (the confirmation is recorded in the audit trail).":
        "如果今天确实是 %1，请确认日期：确认后当天可以继续记账（确认操作记入审计日志）。",
    "Confirm the date": "确认日期",
    "Not now": "暂不确认",
    "You can look things up, but nothing can be posted until the clock is corrected or a branch head or administrator confirms the date.":
        "现在仍可查询，但在校正电脑时钟、或由业务受理部门负责人或系统管理员确认日期之前，不能记账。",
    "User name": "用户名",
    "Sign in": "登录",
    "ArrearsDesk - Customer Arrears Management": "用户欠费管理系统",
    "Customers": "客户",
    "Record arrears": "欠费登记",
    "Repayments": "收款核销",
    "Collection": "催缴",
    "Reports": "报表",
    "Data exchange": "数据交换",
    "Settings": "系统设置",
    "User: %1 (%2)": "用户：%1（%2）",
    "Site: %1": "网点：%1",
    "Database: %1": "数据库：%1",
    "&File": "文件(&F)",
    "E&xit": "退出(&X)",
    "&Help": "帮助(&H)",
    "&About": "关于(&A)",
    "About ArrearsDesk": "关于用户欠费管理系统",
    "ArrearsDesk - customer arrears management for branch offices.": "用户欠费管理系统：营业网点协议客户欠费管理。",
    "%1: this area is being built.": "%1：此功能正在建设中。",
    "Branch head": "业务受理部门负责人",
    "Finance": "财务部门",
    "Active": "正常",
    "Code": "客户代码",
    "Name": "客户名称",
    "Group": "客户群",
    "Phone": "电话",
    "Status": "状态",
    'Customer': '客户',
    'Applied by': '申请人',
    'Applied at': '申请时间',
    'Grade': '信用等级',
    'Limit applied for': '申请额度',
    'Credit period (days)': '信用期限（天）',
    'Cycle (months)': '结算周期（月）',
    'Note': '备注',
    'Approve': '审批通过',
    'Reject...': '驳回...',
    'Approved limit (yuan)': '核定额度（元）',
    'Settlement cycle (months)': '结算周期（月）',
    'Select an application first.': '请先选择一条申请。',
    'Reject the application': '驳回记欠申请',
    'e.g. 1,234.56': '例如 1,234.56',
    'Customer signed to confirm': '客户已签字确认',
    'Save (Enter)': '保存（回车）',
    'Business line': '业务专业',
    'Business date': '业务日期',
    'Amount (yuan)': '金额（元）',
    'Voucher number': '凭证号',
    'Saved: %1  %2  %3': '已保存：%1  %2  %3',
    'Customer name contains': '客户名称包含',
    'All actions': '全部操作',
    'Search': '查询',
    'Time': '时间',
    'User': '用户',
    'Action': '操作',
    'Record': '记录',
    'From': '从',
    'to': '至',
    'Before: %1\nAfter: %2': '变更前：%1\n变更后：%2',
    'Credit application: %1': '记欠申请：%1',
    ' days': ' 天',
    ' month(s)': ' 个月',
    'Credit grade': '信用等级',
    'Credit limit (yuan)': '信用额度（元）',
    'Credit period': '信用期限',
    'Settlement cycle': '欠费结算周期',
    'Submit': '提交',
    'Register a customer': '登记客户',
    'Customer name': '客户名称',
    'Customer group': '客户群',
    'Contact person': '联系人',
    'Address': '地址',
    'Credit code / ID number': '统一社会信用代码/身份证号',
    'Register': '登记',
    'Customer code, then Enter': '输入客户代码后回车',
    'Register customer...': '登记客户...',
    'Apply for credit...': '申请记欠...',
    'Open ledger': '查看台账',
    'Select a customer first.': '请先选择一个客户。',
    'Credit application submitted for marketing to approve.': '记欠申请已提交，等待市场营销部审批。',
    'Voucher': '凭证号',
    'Line': '专业',
    'Amount': '金额',
    'Open': '未核销',
    'Due date': '到期日',
    'Days overdue': '逾期天数',
    'Handler': '经办人',
    'Date': '日期',
    'Entry': '类别',
    'Reference': '单据号',
    'Description': '摘要',
    'Reverse selected item...': '冲正所选欠费...',
    'Reverse selected repayment...': '冲正所选收款...',
    'Open items': '未核销欠费',
    'History (newest first)': '明细（最新在前）',
    'No valid agreement.': '无有效协议。',
    'Agreement %1, valid %2 to %3; credit period %4 days; settlement every %5 month(s).': '协议 %1，有效期 %2 至 %3；信用期限 %4 天；每 %5 个月结算。',
    'Credit limit': '信用额度',
    'Used': '已用额度',
    'Free credit': '可用额度',
    'Overdue': '逾期欠费',
    'Unapplied credit': '预存款',
    'Select an open item first.': '请先选择一笔未核销欠费。',
    'Reverse arrears %1 of %2 (%3 still open). The item stays on record, marked reversed; money already offset against it becomes unapplied credit.': '冲正欠费 %1（金额 %2，未核销 %3）。原记录保留并标记为已冲正；已核销到该笔的款项转为预存款。',
    'Reverse an arrears item': '冲正欠费',
    'Select a repayment in the history first.': '请先在明细中选择一笔收款。',
    'Reverse repayment %1 of %2. Every item it closed opens again, exactly as before.': '冲正收款 %1（金额 %2）。该笔收款核销的欠费将全部恢复为原未核销状态。',
    'Reverse a repayment': '冲正收款',
    'Customer ledger': '客户台账',
    'Credit approval': '记欠审批',
    'Audit trail': '审计日志',
    'Branch head authorisation': '负责人超额度授权',
    'Reason': '原因',
    'Authorise': '授权',
    'Reason (required)': '原因（必填）',
    'Confirm': '确认',
    'Please give the reason.': '请填写原因。',
    'Offset': '核销',
    'Open before': '核销前未核销',
    'Left open': '核销后未核销',
    'Post repayment': '确认收款',
    'Method': '缴款方式',
    'Paid on': '缴款日期',
    'Receipt number': '收据号',
    'Open items (tick to name the items the customer pays)': '未核销欠费（勾选即按客户指定的欠费核销）',
    'What this repayment will close': '本次收款将核销',
    'Named items (ticked)': '按指定欠费核销（已勾选）',
    'First in, first offset (oldest first)': '先发生、先核销（最早的先核销）',
    "%1 is left over and kept as the customer's unapplied credit.": '余额 %1 转为客户预存款。',
    'Posted receipt %1: %2 item(s) offset; customer still owes %3, unapplied credit %4.': '已入账，收据 %1：核销 %2 笔；客户尚欠 %3，预存款 %4。',
    # the counter (issue 11: 1 and 6)
    'Owed': '欠费合计',
    "Of the %1 received, %2 closes no item and becomes the customer's unapplied credit.\n\nPost this repayment?":
        '本次收款 %1 元中，%2 元不核销任何欠费，将转为客户预存款。\n\n确认入账吗？',
    'More than is owed': '收款超过欠费',
    'Post, keep %1 as credit': '确认入账，%1 元转为预存款',
    'Back to the amount': '返回修改金额',
    'Unusually large amount': '金额异常偏大',
    'Record this amount': '确认登记此金额',
    'Correct the amount': '返回修改金额',
    'Ask to confirm an item above (yuan; 0: never)': '单笔提示上限（元，0 为不提示）',
    'Arrears entry': '欠费登记',
    'Locked after a period without use. %1, enter your password to continue.': '长时间未操作，已锁屏。%1，请输入密码继续。',
    'Unlock': '解锁',
    '&Lock screen': '锁屏(&L)',
    '&Language': '语言(&L)',
    'Language': '语言',
    'The language changes the next time you start.': '界面语言将在下次启动时生效。',
    'Account manager': '客户经理',
    'All statuses': '全部状态',
    'All groups': '全部客户群',
    'All account managers': '全部客户经理',
    'Overdue only': '仅看逾期',
    '%1 customer(s); open %2; overdue %3; unapplied credit %4': '共 %1 个客户；未核销 %2；逾期 %3；预存款 %4',
    'Suspend credit...': '暂停记欠...',
    'Restore credit...': '恢复记欠...',
    'Terminate agreement...': '终止协议...',
    'Blacklist...': '列入黑名单...',
    '%1: %2. The reason is kept in the audit trail.': '%1：%2。原因将记入审计日志。',
    'Load demo data instead': '载入示范数据',
    'Generating demo data...': '正在生成示范数据...',
    'Receipt': '收款收据',
    'Print receipt...': '打印收据...',
    'Edit customer details': '修改客户资料',
    'Save': '保存',
    'Edit details...': '修改资料...',
    'Lock after idle time...': '锁屏时间...',
    'Lock after idle time': '锁屏时间',
    'Minutes without use before the screen locks (0: never)': '无操作多少分钟后锁屏（0 表示不锁屏）',
    'Role': '角色',
    'Disabled': '已停用',
    'Add user': '新增用户',
    'Disable / enable selected': '停用 / 启用所选用户',
    'Initial password': '初始密码',
    'New user': '新用户',
    'Added %1 (%2).': '已新增 %1（%2）。',
    'Select a user first.': '请先选择一个用户。',
    'Full name': '姓名',
    '&Sign out': '注销(&O)',
    "Documents": "文书",
    "Print preview...": "打印预览...",
    "Open file": "打开文件",
    "Close": "关闭",
    "Promise broken": "承诺未兑现",
    "Manual intervention": "人工干预",
    "Investigate (over 6 months)": "需调查（逾期超6个月）",
    "Over 6 months": "逾期超6个月",
    "Disputed %1": "有异议 %1",
    "Confirmed": "已确认",
    "Declined": "不予执行",
    "Collection notice": "催缴通知书",
    "Statement": "对账单",
    "Record that the customer is to be reminded (SMS, phone or mail).": "记录对客户进行催缴提醒（短信、电话或邮件）。",
    "Record that a written collection notice is to be issued.": "记录须向客户发出书面催缴通知书。",
    "The customer's credit is suspended: no new arrears until the overdue items are cleared (then it is restored automatically).": "暂停客户的记欠资格：逾期欠费结清前不得新增记欠（结清后自动恢复）。",
    "The agreement ends and the customer is blacklisted; a new agreement needs marketing to review this history.": "终止用邮协议并将客户列入黑名单；今后签订新协议须由市场营销部查阅本催收历史后审批。",
    "Record that the debt goes to legal action or a collection agency.": "记录该欠费转入法律诉讼或委托催收。",
    "My customers": "我的客户",
    "Whole branch": "全部门",
    "Only steps to confirm": "仅看待确认的升级",
    "Refresh": "刷新",
    "Tick all at this step": "勾选处于该步骤的客户",
    "Collection records": "催收记录",
    "Escalation decisions": "升级决定",
    "Notices and statements": "通知书与对账单",
    "Record contact...": "登记催收...",
    "Confirm step...": "确认升级...",
    "Decline step...": "不予升级...",
    "Collection notices...": "催缴通知书...",
    "Statement...": "对账单...",
    "Reply slip received...": "回执登记...",
    "Dispute item...": "登记异议...",
    "Settle dispute...": "异议处理...",
    "Investigation note...": "调查说明...",
    "As of": "截至",
    "Loading...": "正在加载...",
    "%1 overdue customer(s), %2 overdue; %3 step(s) to confirm; %4 broken promise(s)": "逾期客户 %1 户，逾期欠费 %2；待确认升级 %3 项；承诺未兑现 %4 户",
    "%1 customer(s) at step %2 ticked.": "已勾选处于第 %2 步的客户 %1 户。",
    "Select a customer in the queue first.": "请先在列表中选择客户。",
    "No ladder step waits for a decision for this customer.": "该客户没有待确认的催缴升级。",
    "Tick the customers (or select one) to issue notices for.": "请勾选（或选中）要发催缴通知书的客户。",
    "Select an item in the open items first.": "请先在未结清欠费中选择一笔。",
    "Customer disputes an item": "客户对欠费有异议",
    "Item %1 (%2 open) stays in the ledger but leaves escalation and notices until the dispute is settled. Record what the customer says.": "欠费 %1（未缴 %2）仍保留在台账中，但在异议处理完毕前不参与催缴升级和通知书。请记录客户的异议内容。",
    "That item is not disputed.": "该笔欠费没有未处理的异议。",
    "Settle a dispute": "异议处理",
    "Record how the dispute on %1 was settled. If the item was wrong, reverse it in the ledger as well.": "记录 %1 的异议处理结果。如该笔欠费确有错误，请另在台账中冲正。",
    "Investigation of long overdue arrears": "长期逾期欠费原因调查",
    "%1 has items overdue for %2 days. Record the cause found (required for items over six months).": "%1 有欠费已逾期 %2 天。请填写调查查明的欠费原因（逾期六个月以上必须填写）。",
    "Collection record: %1": "催收记录：%1",
    "What was said or agreed (required)": "催收结果或约定内容（必填）",
    "Promised to pay by": "承诺付款日期",
    "Amount promised (optional)": "承诺金额（可不填）",
    "Next follow-up": "下次跟进",
    "Channel": "催收方式",
    "Result": "催收结果",
    "Overdue %1 in %2 item(s), oldest %3 days.": "逾期欠费 %1，共 %2 笔，最长逾期 %3 天。",
    "Collection notices": "催缴通知书",
    " and %1 more": " 等另 %1 户",
    "%1 customer(s): %2": "%1 户：%2",
    "One PDF for all": "全部生成一个 PDF",
    "One PDF per customer (in a folder)": "每户一个 PDF（存入文件夹）",
    "Browse...": "浏览...",
    "Notice date": "通知日期",
    "Save to": "保存到",
    "Each notice is numbered and recorded as a written collection record.": "每份通知书自动编号，并登记为一条书面催收记录。",
    "Issue": "生成",
    "Folder for the notices": "通知书保存文件夹",
    "Save notices as": "通知书另存为",
    "Choose where to save the notices.": "请选择通知书的保存位置。",
    "Issuing notices...": "正在生成催缴通知书...",
    "Cancelled: no notice was issued and no file was written.": "已取消：未生成任何通知书，也未写入文件。",
    "%1 notice(s) issued, %2 page(s): %3 to %4.": "已生成催缴通知书 %1 份，共 %2 页：%3 至 %4。",
    "Reply slip received": "回执登记",
    "Notice number": "通知书编号",
    "Received on": "收到日期",
    "Answer": "回执结果",
    "Statement of account: %1": "对账单：%1",
    "To": "至",
    "Statement %1 issued.": "已生成对账单 %1。",
    "Confirm %1": "确认升级 %1",
    "Decline %1": "不予升级 %1",
    "Step %1: %2": "第%1步：%2",
    "%1 (to confirm)": "%1（待确认）",
    "%1: overdue %2, oldest item %3 days past due.": "%1：逾期欠费 %2，最早一笔已逾期 %3 天。",
    "The step is not taken now; it is not proposed again in this overdue spell. Say why.": "本次不执行该步骤，本轮逾期内不再提示。请说明原因。",
    "Decline": "不予执行",
    "Items": "笔数",
    "Ladder step": "催缴步骤",
    "Last contact": "最近催收",
    "Promised": "承诺付款日",
    "Follow-up": "下次跟进",
    "Flags": "提示",
    "Dispute": "异议",
    "By": "经办人",
    "Promised amount": "承诺金额",
    "Decision": "决定",
    "Number": "编号",
    "Document": "文书",
    "Reply slip": "回执",
    "History of %1": "%1 的欠费与催收历史",
    "Open items: %1, open %2; disputed: %3.": "未结清欠费 %1 笔，金额 %2；其中有异议 %3 笔。",
    "I have reviewed this customer's arrears and collection history": "本人已查阅该客户的欠费与催收历史",
    "Tick the box to say you have reviewed the history.": "请勾选确认已查阅该客户的历史记录。",
    'Collection rules and templates': '催缴规则与文书',
    "Letterhead (empty: the site's name)": '抬头单位（空：用网点名称）',
    'Notice title': '通知书标题',
    'Notice opening text': '通知书正文',
    'How to pay': '缴费方式',
    'Consequences of non-payment': '逾期后果',
    'Dispute line': '异议说明',
    'Contact phone': '联系电话',
    'Signature block': '落款盖章',
    'Reply slip text': '回执正文',
    'Statement title': '对账单标题',
    'Statement opening text': '对账单正文',
    'Statement confirmation boxes': '对账确认栏',
    'Days to pay after the notice': '缴费期限（天）',
    'Days to raise a dispute': '异议期限（天）',
    'Days to return a statement': '对账回函期限（天）',
    'Document templates': '文书模板',
    'Collection rules': '催缴规则',
    'Empty: a Chinese TrueType font found on this computer': '空：自动使用本机的中文 TrueType 字体',
    'Font file': '字体文件',
    'Write 整 after 角 in amounts in words (e.g. 伍角整)': '大写金额到角时也写“整”（如 伍角整）',
    'Save templates': '保存模板',
    'Sample notice...': '预览样张...',
    'Choose a font file': '选择字体文件',
    'TrueType fonts (*.ttf *.ttc)': 'TrueType 字体 (*.ttf *.ttc)',
    'Saved.': '已保存。',
    'Default ladder': '默认升级步骤',
    'Customer group: %1': '客户群：%1',
    'Business line: %1': '业务专业：%1',
    'This group or line has its own ladder': '该客户群/专业使用单独的升级步骤',
    ' days past due (0: not used)': ' 天（逾期天数，0 为不使用）',
    'Escalation ladder': '催缴升级步骤',
    'Other business lines': '其他专业',
    'Manual-intervention limits (overdue per business line, yuan)': '人工干预限额（各专业逾期欠费，元）',
    'Late fee per day': '违约金日比例',
    'Grace days': '宽限天数',
    'Late fee (only for agreements that have one)': '违约金（仅对约定违约金的协议）',
    'Save rules': '保存规则',
    "Late fee: on (turn off)": "违约金：已启用（点击停用）",
    "Late fee: off (turn on)": "违约金：未启用（点击启用）",
    'Outstanding %1; collected this month %2': '欠费余额 %1；本月收回 %2',
    'Outstanding at month end (10k yuan)': '月末欠费余额（万元）',
    'Aging structure (10k yuan)': '账龄结构（万元）',
    'Top overdue customers (10k yuan)': '逾期欠费前十名客户（万元）',
    'Collection rate by month (%)': '月度回收率（%）',
    'No revenue entered this year': '本年尚未录入业务收入',
    'Arrears / revenue %1% (target ≤ %2%)': '欠费占收入比 %1%（目标 ≤ %2%）',
    '%1 to %2': '%1 至 %2',
    '%1: %2': '%1：%2',
    '; ': '；',
    'Placeholders, filled in when a document is made:': '占位符（生成文书时自动填入）：',
    'the date the amounts are as of': '截至日期',
    'the day to pay by': '缴款截止日',
    'the last day to dispute': '提出异议截止日',
    'the number of items': '欠费笔数',
    'the agreement number': '协议编号',
    'the document number': '文书编号',
    "the statement's first day": '对账起始日',
    "the statement's last day": '对账截止日',
    'the day to return the reply slip by': '回执寄回截止日',
    'Decision': '审批',
    'Select an application in the list to decide on it.': '请在上方列表中选择一条申请，再作审批。',
    'Arrears items': '欠费明细',
    'Business revenue': '业务收入',
    'Finance totals (reconciliation)': '财务对账数据',
    'Import from Excel or CSV': '从 Excel 或 CSV 导入',
    'Business system': '业务系统',
    'Choose file...': '选择文件...',
    'Download template...': '下载模板...',
    'Check': '检查',
    'Import': '导入',
    'Import only the good rows': '只导入正确的行',
    'Row': '行',
    'Column': '列',
    'Problem': '问题',
    'Choose a file and press Check: nothing is written until you import.': '选择文件后点“检查”：导入前不会写入任何数据。',
    'Choose file': '选择文件',
    'Spreadsheets (*.xlsx *.csv)': '表格文件 (*.xlsx *.csv)',
    'Save template': '保存模板',
    'Template saved: %1': '模板已保存：%1',
    'Checking...': '正在检查...',
    '%1: %2 row(s); %3 good; %4 already imported; %5 row(s) with problems.': '%1：共 %2 行；正确 %3 行；已导入过 %4 行；有问题 %5 行。',
    'Importing...': '正在导入...',
    'Cancelled: nothing was imported.': '已取消：未导入任何数据。',
    'Imported %1 row(s); %2 already there; %3 bad row(s) left out.': '已导入 %1 行；%2 行此前已导入；%3 行有错误未导入。',
    'Dashboard': '看板',
    'With every item': '含欠费明细',
    'Show': '查询',
    'Export to Excel...': '导出 Excel...',
    'Export to PDF...': '导出 PDF...',
    'Import...': '导入...',
    'To / as of': '截至',
    'Month of': '对账月份',
    'Working...': '正在计算...',
    'Double-click a figure to list its items': '双击金额可查看明细',
    'Export': '导出',
    'Exporting...': '正在导出...',
    'Export cancelled; no file was written.': '已取消导出，未写入文件。',
    'Exported: %1': '已导出：%1',
    "%1/%2": "%2年%1月",
    'Enter revenue...': '录入收入...',
    'Agency finance (excluded)': '代理金融（不计入）',
    'Rent (excluded)': '租赁收入（不计入）',
    'Non-operating income (excluded)': '营业外收入（不计入）',
    'Enter business revenue': '录入业务收入',
    'Amount in yuan, e.g. 123456.78': '金额（元），如 123456.78',
    'Month': '月份',
    'Category': '收入类别',
}


def add_context(root: ET.Element, name: str, entries: dict[str, str]) -> None:
    """A context of finished translations (replacing one of that name)."""
    for context in root.findall("context"):
        if context.findtext("name") == name:
            root.remove(context)
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = name
    for source, text in sorted(entries.items()):
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = source
        ET.SubElement(message, "translation").text = text


def add_words(root: ET.Element) -> None:
    """Every domain word as a message of context "Words" (kept there by each run: lupdate drops them)."""
    context = next((c for c in root.iter("context") if c.findtext("name") == WORDS_CONTEXT), None)
    if context is None:  # laid out as lupdate writes it, so that the diff shows only what changed
        if len(root):
            root[-1].tail = "\n"
        context = ET.SubElement(root, "context")
        context.text, context.tail = "\n    ", "\n"
        ET.SubElement(context, "name").text = WORDS_CONTEXT
    present = {message.findtext("source") for message in context.iter("message")}
    for english in sorted(vocabulary()):
        if english not in present:
            if len(context):
                context[-1].tail = "\n    "
            message = ET.SubElement(context, "message")
            message.text, message.tail = "\n        ", "\n"
            ET.SubElement(message, "source").text = english
            message[-1].tail = "\n        "
            ET.SubElement(message, "translation").tail = "\n    "


def fill(ts_path: Path) -> list[str]:
    tree = ET.parse(ts_path)
    add_words(tree.getroot())
    words = {english: w.zh for english, w in vocabulary().items()}
    missing = []
    for context in tree.iter("context"):
        for message in context.iter("message"):
            if not _translate(message, words if context.findtext("name") == WORDS_CONTEXT else {}):
                missing.append(message.findtext("source"))
    add_context(tree.getroot(), SCREEN_CONTEXT, screen_words())
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    return missing


def _translate(message: ET.Element, words: dict[str, str]) -> bool:
    source = message.findtext("source")
    translation = message.find("translation")
    text = words.get(source) or ZH.get(source)
    if text is None:
        return False
    translation.attrib.pop("type", None)
    if message.get("numerus") == "yes":
        for child in list(translation):
            translation.remove(child)
        ET.SubElement(translation, "numerusform").text = text
    else:
        translation.text = text
    return True


if __name__ == "__main__":
    missing = fill(Path(__file__).with_name("arrears_desk_zh_CN.ts"))
    if missing:
        print("untranslated:", *missing, sep="\n  ")
        sys.exit(1)
