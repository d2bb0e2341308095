"""Domain errors: a code plus parameters; the text is chosen at the edge (CLI, GUI).

Every refusal a clerk can meet says in Chinese what is wrong and where. The English text is the
source language for the Qt translation of the same message.
"""
from __future__ import annotations

from typing import Any

from app.domain.words import Words

# code -> (zh_CN, en). Placeholders are str.format fields filled from the error's params.
MESSAGES: dict[str, tuple[str, str]] = {
    "amount.empty": ("金额不能为空", "The amount is empty"),
    "amount.malformed": ("金额“{text}”不是有效的数字（示例：1,234.56 或 1234.56）", "The amount '{text}' is not a valid number (e.g. 1,234.56 or 1234.56)"),
    "amount.currency_sign": ("金额“{text}”不应带货币符号", "The amount '{text}' must not carry a currency sign"),
    "amount.too_precise": ("金额“{text}”最多两位小数（到分）", "The amount '{text}' has more than two decimals"),
    "amount.not_positive": ("金额必须大于零（输入为 {text}）", "The amount must be greater than zero (got {text})"),
    "amount.too_large": ("金额“{text}”超出允许范围（最多 {max} 元）", "The amount '{text}' is too large (at most {max} yuan)"),
    "date.malformed": ("日期“{text}”无效，请按 YYYY-MM-DD 输入", "The date '{text}' is not valid; use YYYY-MM-DD"),
    "date.in_future": ("{field}（{date}）不能晚于今天（{today}）", "{field} ({date}) cannot be later than today ({today})"),
    "period.malformed": ("账期“{text}”无效，请按 YYYY-MM 输入", "The billing period '{text}' is not valid; use YYYY-MM"),
    "auth.bad_credentials": ("用户名或密码错误。再输错 {left} 次，账号将被锁定 {minutes} 分钟",
                             "Wrong user name or password. {left} more wrong attempt(s) lock the account for {minutes} minutes"),
    "auth.locked": ("用户“{username}”连续输错密码次数过多，已锁定至 {until}，到时可再登录。{unlock}",
                    "Too many wrong passwords for '{username}'; locked until {until}, when you can sign in again. {unlock}"),
    "auth.inactive": ("用户“{username}”已停用", "User '{username}' is disabled"),
    "auth.forbidden": ("用户“{username}”（{role}）无权执行“{action}”", "User '{username}' ({role}) may not {action}"),
    "auth.same_person": ("审批人不能是申请人本人（{username}）", "The approver cannot be the applicant ({username})"),
    "user.exists": ("用户名“{username}”已存在", "User name '{username}' already exists"),
    "user.bad_name": ("用户名只能包含字母、数字、下划线，长度 2-32", "A user name has 2-32 letters, digits or underscores"),
    "user.weak_password": ("密码至少 8 位", "A password needs at least 8 characters"),
    "user.self_disable": ("不能停用自己的账号", "You cannot disable your own account"),
    "user.self_role": ("不能更改自己的角色，请由另一位系统管理员操作", "You cannot change your own role; another administrator must do it"),
    "user.not_found": ("找不到用户（{ref}）", "User not found ({ref})"),
    "user.unknown_role": ("未知角色“{role}”", "Unknown role '{role}'"),
    "site.exists": ("本机已建立网点“{name}”", "This workstation already has a site '{name}'"),
    "site.missing": ("尚未建立网点，请先初始化", "No site yet; initialise first"),
    "site.bad_code": ("网点代码只能是 2-12 位字母或数字", "A site code has 2-12 letters or digits"),
    "field.required": ("“{field}”不能为空", "'{field}' is required"),
    "field.too_long": ("“{field}”不能超过 {max} 个字符", "'{field}' may have at most {max} characters"),
    "field.out_of_range": ("“{field}”必须在 {low} 到 {high} 之间（输入为 {value}）", "'{field}' must be between {low} and {high} (got {value})"),
    "customer.not_found": ("找不到客户（{ref}）", "Customer not found ({ref})"),
    "customer.bad_group": ("未知客户群“{group}”", "Unknown customer group '{group}'"),
    "customer.bad_transition": ("客户“{name}”当前状态为{status}，不能{action}", "Customer '{name}' is {status}; not possible: {action}"),
    "customer.not_active": ("客户“{name}”当前状态为{status}，不能记欠", "Customer '{name}' is {status}; no arrears may be recorded"),
    "customer.no_agreement": ("客户“{name}”没有有效的用邮协议（{date}），不能记欠", "Customer '{name}' has no valid agreement on {date}"),
    "customer.blacklisted": ("客户“{name}”已列入黑名单", "Customer '{name}' is blacklisted"),
    "credit.pending_exists": ("客户“{name}”已有待审批的记欠申请", "Customer '{name}' already has a pending credit application"),
    "credit.not_pending": ("该记欠申请已处理（{status}）", "That credit application was already decided ({status})"),
    "credit.bad_cycle": ("欠费结算周期必须是 1-3 个月（输入为 {months}）", "The settlement cycle must be 1-3 months (got {months})"),
    "credit.bad_period": ("信用期限必须是 0-180 天（输入为 {days}）", "The credit period must be 0-180 days (got {days})"),
    "credit.bad_term": ("协议期限必须是 1-36 个月（输入为 {months}）", "The agreement term must be 1-36 months (got {months})"),
    "credit.bad_grade": ("未知信用等级“{grade}”", "Unknown credit grade '{grade}'"),
    "credit.not_found": ("找不到记欠申请 {ref}", "Credit application {ref} not found"),
    "credit.over_limit": ("超出信用额度：额度 {limit}，已用 {used}，本笔 {amount}，超出 {excess}；需业务受理部门负责人授权",
                          "Over the credit limit: limit {limit}, used {used}, this item {amount}, excess {excess}; a branch head must authorise"),
    "credit.override_not_head": ("超额度授权人“{username}”不是业务受理部门负责人", "'{username}' is not a branch head and cannot authorise over-limit arrears"),
    "credit.override_reason": ("超额度授权必须填写原因", "An over-limit authorisation needs a reason"),
    "business_line.unknown": ("未知业务专业“{code}”", "Unknown business line '{code}'"),
    "voucher.required": ("凭证号不能为空", "The voucher number is required"),
    "voucher.duplicate": ("凭证号“{voucher}”已登记（客户“{name}”，{date}）", "Voucher '{voucher}' is already recorded (customer '{name}', {date})"),
    "receipt.required": ("收据号不能为空", "The receipt number is required"),
    "receipt.duplicate": ("收据号“{receipt}”已使用", "Receipt '{receipt}' is already used"),
    "payment.bad_method": ("未知缴款方式“{method}”", "Unknown payment method '{method}'"),
    "item.not_found": ("找不到欠费记录 {ref}", "Arrears item {ref} not found"),
    "item.other_customer": ("欠费记录 {ref} 不属于客户“{name}”", "Arrears item {ref} does not belong to customer '{name}'"),
    "item.not_open": ("欠费记录 {ref} 已无未核销金额", "Arrears item {ref} has nothing left open"),
    "item.over_open": ("欠费记录 {ref} 未核销金额为 {open}，不能核销 {amount}", "Arrears item {ref} has {open} open; cannot offset {amount}"),
    "item.named_twice": ("欠费记录 {ref} 被重复指定", "Arrears item {ref} is named twice"),
    "item.already_reversed": ("欠费记录 {ref} 已冲正", "Arrears item {ref} is already reversed"),
    "item.written_off": ("欠费记录 {ref} 已核销坏账，不能冲正", "Arrears item {ref} was written off and cannot be reversed"),
    "allocation.over_amount": ("指定核销合计 {named} 超过缴款金额 {amount}", "The named offsets total {named}, more than the payment {amount}"),
    "credit_balance.insufficient": ("预存款余额 {available} 不足 {amount}", "Unapplied credit {available} is less than {amount}"),
    "credit_balance.empty": ("客户“{name}”没有可用的预存款", "Customer '{name}' has no unapplied credit"),
    "repayment.not_found": ("找不到收款记录 {ref}", "Repayment {ref} not found"),
    "repayment.already_reversed": ("收款记录 {ref} 已冲正", "Repayment {ref} is already reversed"),
    "reversal.reason": ("冲正必须填写原因", "A reversal needs a reason"),
    "writeoff.reason": ("坏账核销必须填写原因和证据", "A write-off needs a reason and evidence"),
    "aging.bad_bounds": ("账龄分段必须是递增的正整数天数（输入为 {bounds}）", "Aging bounds must be increasing positive day counts (got {bounds})"),
    "credit.blacklist_history": ("客户“{name}”已列入黑名单：审批新的记欠协议前须先查阅其欠费与催收历史",
                                 "Customer '{name}' is blacklisted: review its arrears and collection history before approving"),
    "ladder.malformed": ("催缴升级步骤设置无效（天数须为递增的正整数）：{text}", "The escalation ladder is malformed (days must increase): {text}"),
    "escalation.not_proposed": ("客户“{name}”当前没有待确认的第 {step} 步催缴升级（建议步骤：{proposed}）",
                                "Customer '{name}' has no pending escalation step {step} (proposed: {proposed})"),
    "escalation.needs_head": ("“{action}”须由业务受理部门负责人确认", "'{action}' must be confirmed by a branch head"),
    # collection ladder order (issue 13, postal 17)
    "escalation.before_notice": ("客户“{name}”暂不能“{action}”：{reason}（须先发出书面催缴通知并过付款期限）",
                                 "'{action}' is not yet allowed for customer '{name}': {reason} (a written notice must "
                                 "be issued and its pay-by date passed first)"),
    "credit_apply.nothing_open": ("客户“{name}”没有未核销的欠费可用预存款核销", "Customer '{name}' has no open item to apply credit to"),
    "credit_apply.future": ("预存款核销日期 {date} 晚于今天 {today}", "Applying credit on {date} is after today ({today})"),
    "escalation.decline_reason": ("不执行催缴升级时必须填写原因", "Declining an escalation step needs a reason"),
    "collection.bad_channel": ("未知催收方式“{channel}”", "Unknown collection channel '{channel}'"),
    "collection.result_required": ("催收记录必须填写催收结果", "A collection record needs its result"),
    "collection.promise_past": ("承诺付款日期（{date}）不能早于催收日期（{contacted}）",
                                "The promised pay date ({date}) cannot be before the contact ({contacted})"),
    "collection.follow_up_past": ("下次跟进日期（{date}）不能早于催收日期（{contacted}）",
                                  "The next follow-up ({date}) cannot be before the contact ({contacted})"),
    "collection.record_not_found": ("找不到催收记录 {ref}", "Collection record {ref} not found"),
    "collection.nothing_overdue": ("客户“{name}”截至 {date} 没有可催缴的逾期欠费", "Customer '{name}' has nothing overdue to collect on {date}"),
    "collection.no_customers": ("没有要生成通知书的客户", "No customers to issue notices for"),
    "collection.bad_step": ("催缴步骤 {step} 不存在（共 {count} 步）", "There is no escalation step {step} (the ladder has {count})"),
    "dispute.reason": ("登记异议必须填写异议内容", "A dispute needs the customer's reason"),
    "dispute.open_exists": ("欠费记录 {ref} 已有未处理的异议", "Arrears item {ref} already has an open dispute"),
    "dispute.not_found": ("找不到未处理的异议 {ref}", "No open dispute {ref}"),
    "dispute.outcome": ("处理异议必须填写处理结果", "Settling a dispute needs its outcome"),
    "investigation.cause": ("调查说明必须填写欠费原因", "An investigation note needs the cause"),
    "notice.not_found": ("找不到通知书“{ref}”", "Notice '{ref}' not found"),
    "notice.reply_answer": ("回执结果必须是“无异议”或“有异议”", "A reply is either 'no dispute' or 'dispute'"),
    "notice.reply_before_issue": ("回执收到日期（{date}）早于通知书发出日期（{issued}）", "The reply ({date}) cannot be received before the notice was issued ({issued})"),
    "statement.bad_period": ("对账期间无效：起始日 {start} 晚于截止日 {end}", "The statement period is invalid: {start} is after {end}"),
    "font.not_found": ("本机找不到可嵌入的中文 TrueType 字体（如微软雅黑 msyh.ttc、宋体 simsun.ttc 或文泉驿 wqy-microhei.ttc），"
                       "请在“系统设置 > 文书模板”中指定字体文件",
                       "No embeddable Chinese TrueType font on this machine (e.g. msyh.ttc, simsun.ttc, wqy-microhei.ttc); choose a font file in the document settings"),
    "font.unusable": ("字体文件无法使用：{path}（{reason}）", "The font file cannot be used: {path} ({reason})"),
    "documents.not_placed": ("文书已编号并登记，但无法保存到 {path}（{reason}）；文件暂存为 {temp}，可改名使用或从催收档案重新打印",
                             "The documents are numbered and recorded but could not be saved as {path} ({reason}); the file is at {temp}"),
    "file.not_writable": ("无法写入文件：{path}（{reason}）", "Cannot write the file {path} ({reason})"),
    "report.bad_format": ("无法识别导出格式：{path}（请用 .xlsx 或 .pdf，或指定 --format）", "Unknown export format for {path} (use .xlsx or .pdf, or --format)"),
    "date.impossible": ("日期“{text}”不存在（请检查年、月、日）", "The date '{text}' does not exist"),
    "import.file_missing": ("找不到导入文件：{path}", "Import file not found: {path}"),
    "import.bad_type": ("只能导入 .xlsx 或 .csv 文件：{path}", "Only .xlsx or .csv files can be imported: {path}"),
    "import.unreadable": ("无法读取文件 {path}（{reason}）", "Cannot read {path} ({reason})"),
    "import.empty": ("文件中没有数据：{path}", "The file has no data: {path}"),
    "import.encoding": ("无法识别文件编码（请另存为 UTF-8 或 GBK 编码的 CSV）：{path}", "Unknown text encoding (save the CSV as UTF-8 or GBK): {path}"),
    "import.bad_kind": ("未知导入类型“{kind}”", "Unknown import kind '{kind}'"),
    "import.missing_column": ("缺少必填列“{column}”（可用列名：{names}）", "The required column '{column}' is missing (accepted names: {names})"),
    "cell.empty": ("不能为空", "is empty"),
    "import.voucher_repeated": ("与第 {row} 行凭证号重复", "The same voucher as row {row}"),
    "import.over_limit": ("超出信用额度：额度 {limit}，已用 {used}，本笔 {amount}（导入不能授权超额度，请在欠费登记中由负责人授权）",
                          "Over the credit limit: limit {limit}, used {used}, this item {amount} (an import cannot authorise that; record it at the counter with a branch head)"),
    "import.unknown_handler": ("找不到经办人“{name}”", "Handler '{name}' not found"),
    "import.unknown_user": ("找不到用户“{name}”", "User '{name}' not found"),
    "import.bad_yes_no": ("应为“是”或“否”（输入为“{text}”）", "Should be 'yes' or 'no' (got '{text}')"),
    "import.same_customer_row": ("与第 {row} 行是同一客户", "The same customer as row {row}"),
    "import.unknown_category": ("未知收入类别“{text}”（可填：{choices}）", "Unknown revenue category '{text}' (one of: {choices})"),
    "import.same_revenue_row": ("与第 {row} 行是同一账期、专业和类别", "The same period, business line and category as row {row}"),
    "import.line_or_customer": ("每行填写“业务专业”或“客户代码”其中之一（按专业或按客户对账）",
                                "Fill in either the business line or the customer code on each row"),
    "import.row_repeated": ("与第 {row} 行重复", "Repeats row {row}"),
    "import.has_errors": ("文件有 {rows} 行存在 {count} 处错误，未导入任何数据（首个错误：{first}）。请改正后重新导入，或选择只导入正确的行",
                          "{rows} row(s) have {count} error(s); nothing was imported (first: {first})"),
    "db.newer": ("数据库版本（{db_rev}）比本程序新，请升级程序后再打开：{path}", "The database ({db_rev}) is newer than this program; upgrade the program to open {path}"),
    "db.not_database": ("“{path}”不是有效的欠费数据库文件", "'{path}' is not an ArrearsDesk database"),
    "db.not_found": ("数据库文件不存在：{path}", "Database file not found: {path}"),
    # reports (app/reports/request.py)
    "report.bad_period": ("报表期间无效：起始日 {start} 晚于截止日 {end}", "The report period is invalid: {start} is after {end}"),
    # what people type (app/domain/text.py)
    "text.control": ("“{field}”含有控制字符或不可见的格式字符（{char}），请重新输入",
                     "'{field}' contains a control or invisible formatting character ({char}); type it again"),
    "text.invisible": ("“{field}”只有空白或不可见的字符", "'{field}' has only blank or invisible characters"),
    # receipts (收款收据)
    "receipt.reversed": ("收款记录 {ref} 已冲正，不能打印收据", "Repayment {ref} was reversed; it has no receipt"),
    # failures of the database file and other files (app/services/failures.py): what happened and what to
    # do; the technical detail goes to the log, never into the message
    "db.locked": ("数据库正被另一个程序占用（{path}），本次操作未执行。请稍候再试，或关闭正在使用它的程序（如另一个 ArrearsDesk 窗口、备份或同步软件）",
                  "The database is in use by another program ({path}); nothing was done. Wait a moment and try again, or close the program that holds it (another ArrearsDesk window, a backup or sync tool)"),
    "db.disk_full": ("磁盘空间已满，本次操作没有保存任何内容（{path}）。请清理磁盘空间后重试",
                     "The disk is full; nothing was saved ({path}). Free some disk space and try again"),
    "db.read_only": ("数据库文件或其所在文件夹是只读的，无法保存（{path}）。请检查文件的只读属性和访问权限，或把数据库放到可写的文件夹",
                     "The database file or its folder is read-only; nothing could be saved ({path}). Check the file's read-only flag and permissions, or move the database to a writable folder"),
    "db.damaged": ("数据库文件已损坏（{path}），请停止使用，并从最近的备份恢复（恢复前先另存一份损坏的文件）",
                   "The database file is damaged ({path}); stop using it and restore the latest backup (keep a copy of the damaged file first)"),
    "db.io_error": ("读写数据库文件时磁盘出错（{path}），本次操作未保存。请检查磁盘或网络驱动器后重试；如反复出现，请从备份恢复",
                    "The disk failed while reading or writing the database ({path}); nothing was saved. Check the disk or network drive and try again; if it recurs, restore the backup"),
    "db.cannot_open": ("无法打开数据库文件（{path}）。请检查路径是否正确、文件夹是否存在以及是否有访问权限",
                       "Cannot open the database file ({path}). Check the path, that the folder exists and that you may use it"),
    "db.is_directory": ("“{path}”是文件夹，不是数据库文件。请指定数据库文件本身的路径",
                        "'{path}' is a folder, not a database file; give the path of the database file itself"),
    "db.empty": ("“{path}”是空文件，不是欠费数据库（未做任何改动）", "'{path}' is an empty file, not an ArrearsDesk database (it was left unchanged)"),
    "db.needs_upgrade": ("数据库是旧版本程序建立的（{path}），只读检查前请先用本程序打开一次（或运行 arrears-desk init --db 该文件）完成升级",
                         "The database was made by an older version ({path}); open it once with this program (or run arrears-desk init --db on it) to upgrade it before a read-only check"),
    "file.disk_full": ("磁盘空间已满，无法写入 {path}。请清理磁盘空间后重试", "The disk is full; cannot write {path}. Free some disk space and try again"),
    "file.read_only": ("没有权限写入 {path}（文件或文件夹是只读的）。请换一个文件夹或检查权限", "No permission to write {path} (the file or folder is read-only); choose another folder or check the permissions"),
    "file.not_found": ("找不到文件或文件夹：{path}", "File or folder not found: {path}"),
    "file.is_directory": ("“{path}”是文件夹，请指定文件", "'{path}' is a folder; give a file"),
    "file.io_error": ("读写 {path} 时磁盘出错，请检查磁盘后重试", "The disk failed while reading or writing {path}; check the disk and try again"),
    # 数据交换: every refusal says what happened to the file and what to do next.
    "exchange.not_package": ("文件“{file}”不是交换包，或已损坏、不完整（可能没有拷贝完）。请让对方重新导出该文件",
                             "'{file}' is not an exchange package, or it is damaged or incomplete (perhaps not copied to the end). Ask the sender to export it again"),
    "exchange.altered": ("文件“{file}”在签名后被改动过（签名或内容校验不符），已拒收，未改动任何数据。请让对方重新导出该文件",
                         "'{file}' was altered after it was signed (signature or content check failed); refused, nothing changed. Ask the sender to export it again"),
    "exchange.unknown_site": ("文件“{file}”来自未登记的网点“{site}”，已拒收。请先登记该网点的交换设置文件",
                              "'{file}' comes from site '{site}', which is not registered here; refused. Register that site's setup file first"),
    "exchange.revoked_site": ("文件“{file}”来自已吊销的网点“{site}”（吊销于 {when}），已拒收",
                              "'{file}' comes from site '{site}', revoked on {when}; refused"),
    "exchange.wrong_key": ("文件“{file}”的签名不是网点“{site}”登记的密钥所签，已拒收。若该网点换了密钥，请重新登记它的交换设置文件",
                           "'{file}' is not signed with the key registered for site '{site}'; refused. If that site has a new key, register its setup file again"),
    "exchange.not_for_us": ("文件“{file}”是发给“{addressee}”的，不是发给本网点“{site}”的，已拒收",
                            "'{file}' is addressed to '{addressee}', not to this site '{site}'; refused"),
    "exchange.wrong_direction": ("文件“{file}”是{kind}，本机（{role}）不接收这类文件",
                                 "'{file}' is a {kind}; this site ({role}) does not take that kind of file"),
    "exchange.newer_format": ("文件“{file}”由较新的程序（{program}，格式 {format}）生成，本程序读不了。已暂存，请升级本程序后再导入",
                              "'{file}' was made by a newer program ({program}, format {format}) that this one cannot read. It is held; upgrade this program and import it again"),
    "exchange.gap": ("缺少 {site} 第 {missing} 号包。文件“{file}”（第 {seq} 号）已暂存，缺的包到达后自动导入",
                     "Package {missing} from {site} is missing. '{file}' (no. {seq}) is held and will be applied when the missing package arrives"),
    "exchange.fork": ("文件“{file}”是 {site} 第 {seq} 号包，但与已导入的同号包内容不同（该网点的数据库可能从旧备份恢复过）。已拒收，未改动任何数据。请按说明书“从市局副本重建网点数据库”处理",
                      "'{file}' is package {seq} from {site}, but differs from the package {seq} already applied (that site's database may have been restored from an old backup). Refused, nothing changed. Follow 'Rebuilding a branch from the city office's copy' in the manual"),
    "exchange.restored_here": ("市局已确认收到本网点第 {acknowledged} 号包，但本数据库只发出到第 {sent} 号：本数据库可能是从旧备份恢复的。已拒收，未改动任何数据。请按说明书“从市局副本重建网点数据库”处理",
                               "The city office has acknowledged package {acknowledged} from this site, but this database has only sent up to {sent}: it may have been restored from an old backup. Refused, nothing changed. Follow 'Rebuilding a branch from the city office's copy' in the manual"),
    "exchange.acknowledged_other": ("市局确认收到的本网点第 {acknowledged} 号包，不是本数据库发出的第 {acknowledged} 号包：本数据库可能是从旧备份恢复的，之后又发出了新的包。已拒收，未改动任何数据。请按说明书“从市局副本重建网点数据库”处理",
                                    "The package {acknowledged} the city office acknowledges is not the package {acknowledged} this database sent: it may have been restored from an old backup and sent new packages since. Refused, nothing changed. Follow 'Rebuilding a branch from the city office's copy' in the manual"),
    "exchange.chain_mismatch": ("文件“{file}”导入后，{site} 的防篡改链与包内记录不符（{detail}），已拒收，未改动任何数据",
                                "After applying '{file}', the hash chains of {site} do not match what the package carries ({detail}); refused, nothing changed"),
    "exchange.balances_wrong": ("文件“{file}”中 {site} 的余额与其台账记录算出的不符（{detail}），已拒收，未改动任何数据。请在该网点运行 verify 检查",
                                "In '{file}', the balances of {site} differ from what its entries give ({detail}); refused, nothing changed. Run verify at that site"),
    "exchange.city_owned": ("“{setting}”由市局统一设置，随市局包下发，本网点不能修改", "'{setting}' is set by the city office and comes with its packages; it cannot be changed at this branch"),
    # 备份与恢复
    "backup.cannot_write": ("无法写入“{folder}”：{reason}。请换一个文件夹或检查 U 盘", "Cannot write to '{folder}': {reason}. Choose another folder or check the drive"),
    "backup.not_found": ("找不到备份文件“{file}”", "The backup '{file}' was not found"),
    "backup.bad_file": ("备份“{file}”没有通过检查（{problems}），不能用来恢复；现有数据库未作任何改动。请换一个更早的备份",
                        "The backup '{file}' fails its checks ({problems}) and cannot be restored; the database was not touched. Choose an earlier backup"),
    "backup.keep_days": ("备份保留天数须在 {low} 到 {high} 天之间", "Backups are kept between {low} and {high} days"),
    # 审计导出
    "audit_export.bad_period": ("期间无效：开始日期 {start} 晚于结束日期 {end}", "Invalid period: the start {start} is after the end {end}"),
    "audit_export.folder_not_empty": ("文件夹“{folder}”不是空的；请选一个新的或空的文件夹，以免覆盖已有文件",
                                      "The folder '{folder}' is not empty; choose a new or empty folder so that nothing is overwritten"),
    "transfer.not_settled": ("客户“{name}”尚有欠费 {open} 元、预存款 {credit} 元：请先结清（或核销、退还）再转至其他网点",
                             "Customer '{name}' still owes {open} yuan and holds {credit} yuan of credit: settle (or write off, refund) first, then move it"),
    "transfer.moved_away": ("客户“{name}”已转至 {site}，本网点不再为其记账", "Customer '{name}' has moved to {site}; nothing more is recorded for it here"),
    "transfer.bad_site": ("“{site}”不是可转入的网点", "'{site}' is not a branch the customer can move to"),
    "exchange.foreign_rows": ("文件“{file}”含有不属于 {site} 的台账记录（{rows}），已拒收，未改动任何数据",
                              "'{file}' carries ledger entries that {site} does not own ({rows}); refused, nothing changed"),
    "exchange.conflict": ("文件“{file}”与已导入的 {site} 数据冲突（{detail}），已拒收，未改动任何数据",
                          "'{file}' conflicts with the data already applied from {site} ({detail}); refused, nothing changed"),
    "exchange.no_key": ("本机没有网点“{site}”的签名密钥（应在 {path}）。请在本机运行“生成新密钥”，再把新的交换设置文件交给市局重新登记",
                        "This computer has no signing key for site '{site}' (expected at {path}). Make a new key here, and have the city office register the new setup file"),
    "exchange.no_city": ("尚未登记市局。请先导入市局的交换设置文件", "No city office is registered yet; register the city office's setup file first"),
    "exchange.key_mismatch": ("本机的签名密钥（{path}）不是网点“{site}”登记的那一把。请生成新密钥，再把新的交换设置文件交给对方重新登记",
                              "The signing key on this computer ({path}) is not the one registered for site '{site}'. Make a new key and have the other side register the new setup file"),
    "exchange.not_city": ("只有市局可以做这件事", "Only the city office can do this"),
    "exchange.not_branch": ("只有网点可以做这件事", "Only a branch can do this"),
    "exchange.bad_identity": ("文件“{file}”不是交换设置文件，或已损坏", "'{file}' is not an exchange setup file, or it is damaged"),
    "exchange.own_identity": ("“{file}”是本网点自己的交换设置文件", "'{file}' is this site's own setup file"),
    "exchange.second_city": ("本机已登记市局“{site}”，不能再登记另一个市局“{other}”",
                             "City office '{site}' is already registered here; cannot register another one ('{other}')"),
    "exchange.same_kind": ("网点之间不直接交换：{kind}只和{other}交换", "Sites of the same kind do not exchange: a {kind} exchanges with the {other}"),
    "exchange.site_unknown": ("没有登记网点“{site}”", "No site '{site}' is registered"),
    "exchange.cannot_write": ("无法写入文件夹“{folder}”：{reason}", "Cannot write to the folder '{folder}': {reason}"),
    "exchange.blacklisted_elsewhere": ("客户“{name}”（证件号 {id_number}）已被 {site} 列入黑名单，不能在本网点开通记欠",
                                       "Customer '{name}' (ID {id_number}) is blacklisted at {site}; no credit can be opened here"),
    "internal.error": ("程序内部错误，操作未完成。详细信息已记入日志 {log}，请将该文件发给系统管理员",
                       "An internal error stopped the operation. The details are in the log {log}; send that file to your administrator"),
    # sessions, the workstation's clock, administrator recovery (issue 10: 7, 11, 12)
    "auth.session_locked": ("用户“{username}”因连续输错密码已被锁定至 {until}，本次登录已失效：请到时重新登录。{unlock}",
                            "'{username}' is locked after too many wrong passwords until {until}; this session has ended: sign in again then. {unlock}"),
    "clock.behind": ("本机时间（{now}）早于最近一笔账目的记录时间（{latest}），电脑时钟可能有误，暂停记账：请校正电脑时钟，或请业务受理部门负责人或系统管理员确认今天的日期",
                     "This computer's time ({now}) is earlier than the latest entry ({latest}); its clock may be wrong, so nothing is posted: correct the clock, or have a branch head or administrator confirm today's date"),
    "clock.ahead": ("本机时间（{now}）比最近一笔账目的记录时间（{latest}）晚一个多月，电脑日期可能有误，暂停记账：请校正电脑时钟，或请业务受理部门负责人或系统管理员确认今天的日期",
                    "This computer's time ({now}) is more than a month after the latest entry ({latest}); its date may be wrong, so nothing is posted: correct the clock, or have a branch head or administrator confirm today's date"),
    "clock.not_in_doubt": ("本机时间（{now}）与账目记录相符，无需确认", "This computer's time ({now}) agrees with the ledger; there is nothing to confirm"),
    "reset.not_admin": ("“{username}”不是系统管理员账号：其他账号由系统管理员在“用户管理”中处理",
                        "'{username}' is not an administrator; other accounts are reset by an administrator"),
    "reset.no_admin": ("数据库中没有系统管理员账号", "The database has no administrator account"),
    "reset.which_admin": ("有多个系统管理员账号（{usernames}），请用 --user 指定要恢复的账号",
                          "There are several administrators ({usernames}); name one with --user"),
    "reset.passwords_differ": ("两次输入的密码不一致，未作任何修改", "The two passwords differ; nothing was changed"),
    # the counter (issue 11: 6): an unusually large item is confirmed before it is recorded
    "arrears.unusually_large": ("本笔金额 {amount} 元超过单笔提示上限 {ceiling} 元，请核对金额后确认登记",
                                "The amount {amount} yuan is above the usual ceiling of {ceiling} yuan for one item; check it and confirm"),
    # the city office's reports across branches (issue 12)
    "report.unknown_branch": ("没有登记网点“{site}”（已登记：{known}）", "No branch '{site}' is registered (registered: {known})"),
    "report.branches_at_city_only": ("按网点筛选报表只在市局可用；本网点（{site}）的报表只含本网点的数据",
                                     "Choosing branches is for the city office; this branch's ({site}) reports hold its own data only"),
    # 清欠 when staff leave or transfer (issue 13; app/domain/clearance.py, postal 25)
    "clearance.open": ("用户“{username}”还有未清的欠费 {items} 笔（{amount} 元）和所管客户 {customers} 户，不能停用。请业务受理部门负责人先办理工作交接，或设定两个月的清欠期限",
                       "'{username}' still answers for {items} open item(s) ({amount} yuan) and manages {customers} customer(s); the account cannot be disabled. The branch head first hands them over to named staff or sets a two-month clearance deadline"),
    "clearance.not_cleared": ("用户“{username}”还有未清的欠费 {items} 笔（{amount} 元）和所管客户 {customers} 户，不能出具清欠证明",
                              "'{username}' still answers for {items} open item(s) ({amount} yuan) and manages {customers} customer(s); no clearance certificate can be issued"),
    "clearance.nothing_open": ("用户“{username}”没有未清的欠费和所管客户，无需设定清欠期限，可直接出具清欠证明",
                               "Nothing is open for '{username}'; no deadline is needed, the clearance certificate can be issued"),
    "clearance.nothing_to_hand_over": ("没有选择要交接给他人的客户或欠费（{username}）",
                                       "No customers or items of '{username}' were chosen to hand over"),
    "clearance.not_their_customer": ("客户（{ref}）不是“{username}”管理的客户", "Customer {ref} is not managed by '{username}'"),
    "clearance.not_their_item": ("欠费（{ref}）不是“{username}”现负责的未清欠费", "Item {ref} is not an open item '{username}' answers for"),
    "clearance.same_person": ("接收人不能是交出人本人（{username}）", "The receiver cannot be the person handing over ({username})"),
    "clearance.receiver_inactive": ("接收人“{username}”已停用", "The receiver '{username}' is disabled"),
    "clearance.receiver_role": ("接收人“{username}”（{role}）不经办欠费，请选择营业员或业务受理部门负责人",
                                "The receiver '{username}' ({role}) does not handle arrears; choose counter staff or a branch head"),
    # -- books that stay closed: the printed daily report, 缴款, 作废收据 (helper daily) --
    "daily.printed": ("{day} 及以前的营业日报单已打印，不再入账（本机时间 {now}）；更正请在今天入账，如本机日期有误请先更正",
                      "The daily report up to {day} has been printed; nothing more is posted into it (this computer's "
                      "time {now}); post a correction today, or correct this computer's date"),
    "daily.print_differs": ("重印的营业日报单（{first}至{last}）与 {printed_at} 打印的不符：{what}",
                            "The reprinted daily report ({first} to {last}) differs from the one printed at {printed_at}: {what}"),
    "receipt.voided": ("收据号“{receipt}”已登记作废，不能再用于收款", "Receipt '{receipt}' was voided; it cannot take money"),
    "receipt.void_in_use": ("收据号“{receipt}”已用于收款或已作废，不能再作废", "Receipt '{receipt}' is used or already voided"),
    "receipt.void_needs_reason": ("作废收据须写明原因（如填错、损坏）", "Say why the receipt is voided (misprinted, spoiled …)"),
    "receipt.void_not_a_series": ("收据号“{receipt}”不以流水号结尾，只能单张作废",
                                  "Receipt '{receipt}' does not end in a running number; void it on its own"),
    "receipt.void_bad_range": ("作废的收据号段 {first}–{last} 不在同一序列或起止颠倒",
                               "Receipts {first}–{last} are not one series in order"),
    "receipt.void_too_many": ("一次最多作废 {most} 张收据（本次 {count} 张）", "At most {most} receipts are voided at once ({count} asked)"),
    "cashup.already_closed": ("{day} 的缴款已办理，不能重复", "The cash-up of {day} was already handed in"),
    "cashup.gaps": ("收据号不连续，有 {count} 个号码既未收款也未登记作废：{gaps}；请先登记作废收据",
                    "Receipt numbers skip {count} number(s) neither used nor voided: {gaps}; record the voided receipts first"),
    "cashup.difference_needs_reason": ("实缴金额与收据不符（{differences}），须写明原因",
                                       "The money differs from the receipts ({differences}); say why"),
    "cashup.receiver_role": ("缴款只能由财务人员或业务受理部门负责人接收", "A hand-in is received by finance or the branch head"),
    "cashup.own_hand_in": ("不能接收本人的缴款", "You cannot receive your own hand-in"),
    "cashup.already_received": ("这笔缴款已接收", "This hand-in was already received"),
    "cashup.unknown": ("缴款记录 {ref} 不存在", "Cash-up {ref} does not exist"),
    # -- bad-debt write-off workflow (坏账核销, writeoff) --
    "writeoff.recovery_item_open": ("欠费 {ref} 尚有未核销 {open} 元：收到的款项请按收款核销办理，核销完毕后再登记收回已核销坏账",
                                    "Item {ref} still has {open} yuan open: take the money as a repayment; a recovery is for what was written off"),
    "writeoff.recovery_before_write_off": ("欠费 {ref} 于 {written_off_on} 核销，收回日期 {on} 不能早于核销日期",
                                           "Item {ref} was written off on {written_off_on}; a recovery cannot be dated {on}, before that"),
    "writeoff.unknown_fact": ("未知的证据事项“{fact}”", "Unknown evidence fact '{fact}'"),
    "cashup.not_handed_in": ("用户“{username}”有 {count} 天的收款尚未缴款（{days}），请先办理缴款",
                             "'{username}' took money on {count} day(s) not yet handed in ({days}); hand it in first"),
    "cashup.day_handed_in": ("{day} 的缴款已办理，本人当日不能再收款；请由其他营业员收款，或次日办理",
                             "The day {day} was handed in: no more money can be taken by you that day; let a colleague take it, or take it tomorrow"),
    "writeoff.not_found": ("找不到坏账核销申请（{ref}）", "Write-off application not found ({ref})"),
    "writeoff.not_long_overdue": ("欠费 {ref} 到期日为 {due}，逾期未满三个月，不能申请坏账核销",
                                  "Item {ref} fell due on {due}: not more than three months overdue, no write-off yet"),
    "writeoff.over_open": ("欠费 {ref} 可申请核销的金额为 {open} 元，申请 {amount} 元超出",
                           "Item {ref} has {open} yuan open and not yet applied for; {amount} yuan is more"),
    "writeoff.fact_missing": ("核销原因“{cause}”须填写“{fact}”", "The cause '{cause}' needs '{fact}'"),
    "writeoff.files_missing": ("核销原因“{cause}”须附至少 {count} 份证据扫描件",
                               "The cause '{cause}' needs at least {count} scanned evidence file(s)"),
    "writeoff.history_missing": ("核销原因“{cause}”须有催收记录，该客户尚无催收记录或催缴通知",
                                 "The cause '{cause}' needs the collection record; this customer has none"),
    "writeoff.not_three_years": ("欠费 {ref} 到期日为 {due}，逾期未满三年", "Item {ref} fell due on {due}: not over three years overdue"),
    "writeoff.small_not_a_year": ("欠费 {ref} 到期日为 {due}，逾期未满一年，不能按小额坏账核销",
                                  "Item {ref} fell due on {due}: not over a year overdue, not a small debt yet"),
    "writeoff.small_too_large": ("小额坏账每笔不超过 {limit} 元，申请 {amount} 元", "A small debt is at most {limit} yuan; {amount} yuan asked"),
    "writeoff.file_unreadable": ("证据文件“{path}”无法读取", "The evidence file '{path}' cannot be read"),
    "writeoff.file_too_large": ("证据文件“{name}”超过 {mb} MB", "The evidence file '{name}' is over {mb} MB"),
    "writeoff.closed": ("该申请{stage}，不能再处理", "This application is {stage}; nothing more can be decided"),
    "writeoff.no_review_due": ("该申请{stage}，无需市场部审核", "This application is {stage}; no marketing review is due"),
    "writeoff.review_first": ("本网点要求市场部先审核坏账核销申请", "This site asks marketing to review a write-off before finance approves"),
    "writeoff.not_applicant": ("只有申请人本人可以撤回申请", "Only the applicant can withdraw the application"),
    "writeoff.not_written_off": ("欠费 {ref} 没有已核销的坏账", "Item {ref} has no written-off amount"),
    "writeoff.evidence_changed": ("证据文件“{name}”与登记时的 SHA-256 不符，已被改动", "The evidence file '{name}' no longer matches the SHA-256 recorded with it"),
    "writeoff.recovery_too_large": ("收回金额 {amount} 元超过尚未收回的已核销金额 {left} 元",
                                    "{amount} yuan is more than the {left} yuan written off and not yet recovered"),

    # 月结 (issue 13; app/domain/closing.py, postal 22): closed months and backdating
    "month.closed": ("{month} 已月结（结账至 {through}），不能登记日期为 {date} 的业务；更正请在未结账的月份登记，日期为今天（{today}）",
                     "{month} is closed (the books are closed to {through}); nothing dated {date} can be entered. Enter a correction in the open month, dated today ({today})"),
    "month.not_ended": ("{month} 尚未结束（今天是 {today}），不能月结", "{month} has not ended yet (today is {today}); it cannot be closed"),
    "month.already_closed": ("{month} 已月结", "{month} is already closed"),
    "month.earlier_open": ("{month} 之前的 {earlier} 尚未月结，请先结 {earlier}", "{earlier}, before {month}, is still open; close {earlier} first"),
    "month.not_closed": ("{month} 未月结，无需反结账", "{month} is not closed; there is nothing to reopen"),
    "month.later_closed": ("{latest} 已月结，须先反结账 {latest}，才能反结账 {month}", "{latest} is closed; reopen {latest} before {month}"),
    "month.reopen_reason": ("反结账必须填写原因", "Reopening a month needs a reason"),
    "month.unreconciled": ("{month} 业财对账未完成：{gaps}。请先导入并核对，或由财务部门填写差异说明后月结",
                           "{month} is not reconciled: {gaps}. Import and reconcile the totals first, or have finance write an explanation of the difference"),
    "month.unbalanced": ("{month} 欠费变动表不平（{count} 项差异），不能月结；请先运行“数据校验”（arrears-desk verify）",
                         "The movement table of {month} does not balance ({count} difference(s)); it cannot be closed. Run verify first"),
    # the installed program (issue 16, bundle)
    "db.network_share": ("数据库不能放在网络共享上：{path}。多台电脑通过共享文件夹（网络路径或映射的网络驱动器）同时写入会损坏 SQLite 数据库。"
                         "请把数据库放在本机磁盘上（默认位置即可）；多台电脑共用一个台账需要服务器模式（PostgreSQL，规划中），网点之间请用数据交换",
                         "The database cannot be on a network share: {path}. Several PCs writing one SQLite file through a shared folder "
                         "(a network path or a mapped network drive) corrupt it. Keep the database on this PC's own disk (the default place); "
                         "several PCs sharing one ledger need server mode (PostgreSQL, planned); between branches use the exchange"),
    "app.already_open": ("本数据库已在另一个窗口中打开：{path}。已把那个窗口调到前面；同一个数据库只能开一个窗口",
                         "This database is already open in another window: {path}. That window was brought to the front; one window per database"),
}


class DomainError(Exception):
    """A refusal by the rules of the business, with a code and the facts needed to explain it."""

    def __init__(self, code: str, /, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(self.message("zh_CN"))

    def message(self, lang: str = "zh_CN") -> str:
        zh, en = MESSAGES.get(self.code, (self.code, self.code))
        english = lang.startswith("en")
        template = en if english else zh
        params = {key: (value.en if english else value.zh) if isinstance(value, Words) else value
                  for key, value in self.params.items()}
        try:
            return template.format(**params)
        except (KeyError, IndexError):
            return template

    def __reduce__(self):  # keep errors picklable across worker threads/processes
        return (_rebuild, (self.code, self.params))


def _rebuild(code: str, params: dict[str, Any]) -> DomainError:
    return DomainError(code, **params)


class FieldError(DomainError):
    """A refusal that names the input at fault (a field of a form, a column of an import); ``field`` is
    the input's key, e.g. ``business_date``."""

    def __init__(self, field: str, code: str, /, **params: Any) -> None:
        super().__init__(code, **params)
        self.field = field

    def __reduce__(self):
        return (_rebuild_field, (self.field, self.code, self.params))


def _rebuild_field(field: str, code: str, params: dict[str, Any]) -> FieldError:
    return FieldError(field, code, **params)
