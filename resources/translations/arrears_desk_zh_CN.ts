<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountManagerDialog</name>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="205" />
        <source>Change the account manager</source>
        <translation>变更客户经理</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="211" />
        <source>Change</source>
        <translation>变更</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="212" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="215" />
        <source>New account manager</source>
        <translation>新客户经理</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="216" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>ApprovalsPage</name>
    <message>
        <location filename="../../ui/pages/approvals.py" line="56" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/approvals.py" line="57" />
        <source>Applied by</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/approvals.py" line="58" />
        <source>Applied at</source>
        <translation>申请时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/approvals.py" line="60" />
        <source>Grade</source>
        <translation>信用等级</translation>
    </message>
    <message>
        <location filename="../../ui/pages/approvals.py" line="60" />
        <source>Limit applied for</source>
        <translation>申请额度</translation>
    </message>
    <message>
        <location filename="../../ui/pages/approvals.py" line="61" />
        <location filename="../../ui/pages/approvals.py" line="99" />
        <source>Credit period (days)</source>
        <translation>信用期限（天）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/approvals.py" line="62" />
        <source>Cycle (months)</source>
        <translation>结算周期（月）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/approvals.py" line="62" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/pages/approvals.py" line="84" />
        <source>Approve</source>
        <translation>审批通过</translation>
    </message>
    <message>
        <location filename="../../ui/pages/approvals.py" line="86" />
        <source>Reject...</source>
        <translation>驳回...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/approvals.py" line="93" />
        <source>Credit applications of this branch are decided by marketing at the city office: they go up with the next exchange, and the decision comes down and is carried out here.</source>
        <translation>本网点的记欠申请由市局市场部审批：申请随下次数据交换上报，市局的决定下发后在本网点执行。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/approvals.py" line="98" />
        <source>Approved limit (yuan)</source>
        <translation>核定额度（元）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/approvals.py" line="100" />
        <source>Settlement cycle (months)</source>
        <translation>结算周期（月）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/approvals.py" line="105" />
        <source>Decision</source>
        <translation>决定</translation>
    </message>
    <message>
        <location filename="../../ui/pages/approvals.py" line="141" />
        <source>Select an application in the list to decide on it.</source>
        <translation>请在上方列表中选择一条申请，再作审批。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/approvals.py" line="154" />
        <location filename="../../ui/pages/approvals.py" line="177" />
        <source>Select an application first.</source>
        <translation>请先选择一条申请。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/approvals.py" line="179" />
        <source>Reject the application</source>
        <translation>驳回记欠申请</translation>
    </message>
</context>
<context>
    <name>ArrearsEntryPage</name>
    <message>
        <location filename="../../ui/pages/arrears_entry.py" line="36" />
        <source>e.g. 1,234.56</source>
        <translation>例如 1,234.56</translation>
    </message>
    <message>
        <location filename="../../ui/pages/arrears_entry.py" line="38" />
        <source>Customer signed to confirm</source>
        <translation>客户已签字确认</translation>
    </message>
    <message>
        <location filename="../../ui/pages/arrears_entry.py" line="41" />
        <source>Save (Enter)</source>
        <translation>保存（回车）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/arrears_entry.py" line="47" />
        <location filename="../../ui/pages/arrears_entry.py" line="112" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/arrears_entry.py" line="48" />
        <source>Business line</source>
        <translation>业务专业</translation>
    </message>
    <message>
        <location filename="../../ui/pages/arrears_entry.py" line="49" />
        <source>Business date</source>
        <translation>业务日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/arrears_entry.py" line="50" />
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/arrears_entry.py" line="51" />
        <source>Voucher number</source>
        <translation>凭证号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/arrears_entry.py" line="53" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/pages/arrears_entry.py" line="150" />
        <source>Unusually large amount</source>
        <translation>金额异常偏大</translation>
    </message>
    <message>
        <location filename="../../ui/pages/arrears_entry.py" line="151" />
        <source>Record this amount</source>
        <translation>确认登记此金额</translation>
    </message>
    <message>
        <location filename="../../ui/pages/arrears_entry.py" line="151" />
        <source>Correct the amount</source>
        <translation>返回修改金额</translation>
    </message>
    <message>
        <location filename="../../ui/pages/arrears_entry.py" line="163" />
        <source>Saved: %1  %2  %3</source>
        <translation>已保存：%1  %2  %3</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <location filename="../../ui/pages/audit.py" line="33" />
        <source>%1 (removed)</source>
        <translation>%1（已删除）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audit.py" line="63" />
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audit.py" line="65" />
        <source>Customer name contains</source>
        <translation>客户名称包含</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audit.py" line="67" />
        <source>All actions</source>
        <translation>全部操作</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audit.py" line="82" />
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audit.py" line="84" />
        <source>Export for the auditor...</source>
        <translation>审计导出...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audit.py" line="87" />
        <source>The period's ledger, audit trail, hash chains and integrity roots, collection records and reference lists as CSV and JSON, with a manifest of SHA-256 hashes and a README on checking them without this program</source>
        <translation>所选期间的台账、审计日志、防篡改链与完整性根、催收记录和参照表，导出为 CSV 和 JSON，附各文件 SHA-256 清单，以及不用本程序即可核对的说明（README）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audit.py" line="92" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audit.py" line="93" />
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audit.py" line="94" />
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audit.py" line="95" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audit.py" line="96" />
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audit.py" line="109" />
        <source>Stored record</source>
        <translation>原始记录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audit.py" line="110" />
        <source>The entry's before and after records exactly as the audit trail keeps them</source>
        <translation>审计日志保存的变更前、变更后原始记录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audit.py" line="121" />
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audit.py" line="122" />
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audit.py" line="182" />
        <source>Before: %1
After: %2</source>
        <translation>变更前：%1
变更后：%2</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audit.py" line="191" />
        <source>Choose where to put the auditor's export</source>
        <translation>选择审计导出存放的位置</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audit.py" line="208" />
        <source>Exporting for the auditor</source>
        <translation>正在审计导出</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audit.py" line="217" />
        <source>Exported %1 files to %2 (README.txt there says how to check them).</source>
        <translation>已导出 %1 个文件到 %2（核对方法见其中的 README.txt）。</translation>
    </message>
</context>
<context>
    <name>Backup</name>
    <message>
        <location filename="../../ui/main.py" line="109" />
        <source>Restored from %1. The database it replaced is kept as %2. Please sign in again.</source>
        <translation>已从 %1 恢复。被替换的数据库保存为 %2。请重新登录。</translation>
    </message>
</context>
<context>
    <name>BackupPage</name>
    <message>
        <location filename="../../ui/pages/backup.py" line="40" />
        <source>Empty: a 'backups' folder beside the database</source>
        <translation>留空：数据库所在文件夹下的 backups 文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="41" />
        <source>Browse...</source>
        <translation>浏览...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="49" />
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="50" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="54" />
        <source>Backup folder</source>
        <translation>备份文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="55" />
        <source>Keep copies for</source>
        <translation>备份保留</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="60" />
        <source>A copy is made automatically when the program starts (if the last one is a day old) and when it closes; older copies go after the days kept, the newest always stays.</source>
        <translation>程序启动时（距上次备份满一天）和退出时自动备份；超过保留天数的旧备份会被删除，最新的一份始终保留。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="65" />
        <source>Where copies go</source>
        <translation>备份位置</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="68" />
        <source>Made at</source>
        <translation>备份时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="70" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="71" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="78" />
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="80" />
        <source>Restore from backup...</source>
        <translation>从备份恢复...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="82" />
        <source>The selected copy, or one chosen from a folder</source>
        <translation>恢复所选的备份；未选时从文件夹中选择</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="88" />
        <source>Copies</source>
        <translation>已有备份</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="115" />
        <source>Choose the backup folder</source>
        <translation>选择备份文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="124" />
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="137" />
        <source>Backing up</source>
        <translation>正在备份</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="146" />
        <source>Backed up to %1</source>
        <translation>已备份到 %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="154" />
        <source>Choose a backup to restore</source>
        <translation>选择要恢复的备份</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="155" />
        <source>ArrearsDesk backups (*.sqlite3);;All files (*)</source>
        <translation>ArrearsDesk 备份 (*.sqlite3);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="163" />
        <source>Checking the backup</source>
        <translation>正在检查备份</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="177" />
        <source>The backup %1 passed every check (SQLite's integrity check and every ledger check).

To restore it, the program closes every screen and the database, puts the backup in place of the database and opens it again; everyone signs in again. The database it replaces is kept beside it (…-before-restore-….sqlite3): whatever was recorded after the backup was made stays in that file, not in the restored database.

Restore now?</source>
        <translation>备份 %1 通过了全部检查（SQLite 完整性检查和全部台账检查）。

恢复时，程序将关闭所有界面和数据库，用该备份替换数据库，再重新打开；所有人需重新登录。被替换的数据库保存在同一文件夹中（…-before-restore-….sqlite3）：备份之后记录的内容保留在该文件中，不在恢复后的数据库中。

现在恢复吗？</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="182" />
        <source>Restore from backup</source>
        <translation>从备份恢复</translation>
    </message>
</context>
<context>
    <name>BranchFilter</name>
    <message>
        <location filename="../../ui/pages/reports.py" line="96" />
        <source>Which branches the report shows</source>
        <translation>报表包含哪些网点</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="98" />
        <location filename="../../ui/pages/reports.py" line="141" />
        <source>All branches</source>
        <translation>全部网点</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="143" />
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="145" />
        <source>%1 branches</source>
        <translation>%1 个网点</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="146" />
        <source>Branches: %1</source>
        <translation>网点：%1</translation>
    </message>
</context>
<context>
    <name>CashUpPage</name>
    <message>
        <location filename="../../ui/pages/cashup.py" line="60" />
        <location filename="../../ui/pages/cashup.py" line="70" />
        <source>Receipt number</source>
        <translation>收据号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="61" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="62" />
        <source>Method</source>
        <translation>缴款方式</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="63" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="64" />
        <source>Recorded at</source>
        <translation>录入时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="65" />
        <source>Bounced</source>
        <translation>退票时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="71" />
        <location filename="../../ui/pages/cashup.py" line="196" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="72" />
        <source>Voided by</source>
        <translation>作废人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="189" />
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="190" />
        <source>Clerk</source>
        <translation>营业员</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="191" />
        <source>Receipts</source>
        <translation>收据张数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="192" />
        <source>Per receipts</source>
        <translation>按收据应缴</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="193" />
        <source>Handed in</source>
        <translation>实缴</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="194" />
        <source>Difference</source>
        <translation>差额</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="197" />
        <source>Hand-in received by</source>
        <translation>接收人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="198" />
        <source>Amount received</source>
        <translation>实收</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="260" />
        <source>My day</source>
        <translation>我的一天</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="262" />
        <source>Hand-ins</source>
        <translation>接收缴款</translation>
    </message>
</context>
<context>
    <name>CityApprovalsPage</name>
    <message>
        <location filename="../../ui/pages/approvals.py" line="214" />
        <source>Branch</source>
        <translation>网点</translation>
    </message>
    <message>
        <location filename="../../ui/pages/approvals.py" line="215" />
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/approvals.py" line="216" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/approvals.py" line="217" />
        <source>Applied by</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/approvals.py" line="219" />
        <source>Grade</source>
        <translation>信用等级</translation>
    </message>
    <message>
        <location filename="../../ui/pages/approvals.py" line="220" />
        <source>Limit applied for</source>
        <translation>申请额度</translation>
    </message>
    <message>
        <location filename="../../ui/pages/approvals.py" line="244" />
        <source>Credit period (days)</source>
        <translation>信用期限（天）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/approvals.py" line="223" />
        <source>Cycle (months)</source>
        <translation>结算周期（月）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/approvals.py" line="218" />
        <source>Applied on</source>
        <translation>申请日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/approvals.py" line="222" />
        <source>Period (days)</source>
        <translation>信用期限（天）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/approvals.py" line="224" />
        <source>Stage</source>
        <translation>进度</translation>
    </message>
    <message>
        <location filename="../../ui/pages/approvals.py" line="236" />
        <source>Approve</source>
        <translation>审批通过</translation>
    </message>
    <message>
        <location filename="../../ui/pages/approvals.py" line="238" />
        <source>Reject...</source>
        <translation>驳回...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/approvals.py" line="243" />
        <source>Approved limit (yuan)</source>
        <translation>核定额度（元）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/approvals.py" line="245" />
        <source>Settlement cycle (months)</source>
        <translation>结算周期（月）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/approvals.py" line="250" />
        <source>Decision</source>
        <translation>决定</translation>
    </message>
    <message>
        <location filename="../../ui/pages/approvals.py" line="255" />
        <source>Credit applications of the branches whose marketing sits at the city office. A decision goes down with the next export; the branch carries it out.</source>
        <translation>以下为记欠申请由市局市场部审批的网点的待审申请。决定随下次导出下发，由网点执行。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/approvals.py" line="303" />
        <source>Reject the application</source>
        <translation>驳回记欠申请</translation>
    </message>
</context>
<context>
    <name>CityWriteOffsPage</name>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="328" />
        <location filename="../../ui/pages/write_offs.py" line="365" />
        <location filename="../../ui/pages/write_offs.py" line="386" />
        <source>Branch</source>
        <translation>网点</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="329" />
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="330" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="331" />
        <source>Voucher</source>
        <translation>凭证号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="332" />
        <location filename="../../ui/pages/write_offs.py" line="368" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="333" />
        <source>Cause</source>
        <translation>核销原因</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="334" />
        <source>Applied by</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="335" />
        <source>Applied on</source>
        <translation>申请日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="336" />
        <source>Stage</source>
        <translation>进度</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="342" />
        <source>Reviewed</source>
        <translation>审核通过</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="344" />
        <source>Approve write-off</source>
        <translation>批准核销</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="346" />
        <source>Reject...</source>
        <translation>驳回...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="350" />
        <source>Applications of the branches whose finance sits at the city office. A decision goes down with the next export; the branch books it.</source>
        <translation>由市局财务审批的各网点坏账核销申请。决定随下次数据导出下发，由网点入账。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="353" />
        <source>The selected application</source>
        <translation>所选申请</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="362" />
        <source>Branch applications</source>
        <translation>网点申请</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="364" />
        <source>Decided on</source>
        <translation>决定日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="366" />
        <source>Decision</source>
        <translation>决定</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="367" />
        <source>Application or month</source>
        <translation>申请或月份</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="369" />
        <source>Credit period / cycle</source>
        <translation>信用期 / 结算周期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="416" />
        <source>%1 months</source>
        <translation>%1 个月</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="370" />
        <source>Decided by</source>
        <translation>决定人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="371" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="372" />
        <source>At the branch</source>
        <translation>网点执行情况</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="384" />
        <source>Reopen the branch's month...</source>
        <translation>网点反结账…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="388" />
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="394" />
        <source>Decisions sent down</source>
        <translation>已下发的决定</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="412" />
        <location filename="../../ui/pages/write_offs.py" line="413" />
        <location filename="../../ui/pages/write_offs.py" line="415" />
        <source>as applied for</source>
        <translation>按申请</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="414" />
        <source>%1 days</source>
        <translation>%1 天</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="440" />
        <source>Select an application in the list to see it and decide.</source>
        <translation>请在列表中选择一条申请，查看后作出决定。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="449" />
        <source>(on its way to the branch)</source>
        <translation>（待网点执行）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="466" />
        <source>Reject the application</source>
        <translation>驳回记欠申请</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="482" />
        <source>Reopen the branch's month</source>
        <translation>网点反结账</translation>
    </message>
</context>
<context>
    <name>ClearanceDialog</name>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="29" />
        <source>Voucher</source>
        <translation>凭证号</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="30" />
        <location filename="../../ui/clearance_dialog.py" line="37" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="31" />
        <source>Business date</source>
        <translation>业务日期</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="32" />
        <source>Open</source>
        <translation>未核销</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="33" />
        <source>Recorded handler</source>
        <translation>原经办人</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="36" />
        <source>Customer code</source>
        <translation>客户编号</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="38" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="51" />
        <source>Clearance before disabling</source>
        <translation>停用前清欠</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="64" />
        <source>Branch head signs in</source>
        <translation>业务受理部门负责人登录确认</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="68" />
        <source>Branch head</source>
        <translation>业务受理部门负责人</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="69" />
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="78" />
        <source>e.g. transferred to another branch, leaves the company</source>
        <translation>例如：调往其他支局、离职</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="79" />
        <source>Hand over everything</source>
        <translation>全部移交</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="80" />
        <source>Set a two-month deadline</source>
        <translation>设定两个月清欠期限</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="81" />
        <source>Hand over, or set a clearance deadline (branch head)</source>
        <translation>工作交接或设定清欠期限（业务受理部门负责人）</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="83" />
        <source>Receiver</source>
        <translation>接收人</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="84" />
        <source>Effective from</source>
        <translation>交接日期</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="85" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="93" />
        <source>Disable the account</source>
        <translation>停用账号</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="94" />
        <source>Clearance certificate...</source>
        <translation>清欠证明...</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="95" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="105" />
        <source>Open arrears the user answers for now</source>
        <translation>该用户现负责的未清欠费</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="107" />
        <source>Customers the user manages</source>
        <translation>该用户管理的客户</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="125" />
        <source>%1 (%2) answers for %3 open item(s), %4 yuan, and manages %5 customer(s).</source>
        <translation>%1（%2）现负责未清欠费 %3 笔，共 %4 元，管理客户 %5 户。</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="129" />
        <source>Nothing is open for %1 (%2): the account can be disabled and the clearance certificate issued.</source>
        <translation>%1（%2）已无未清欠费和所管客户：可以停用账号并出具清欠证明。</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="132" />
        <source>Clearance deadline: %1 (set by %2).</source>
        <translation>清欠期限：%1（%2 设定）。</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="135" />
        <source>The account is disabled only after a hand-over or with a clearance deadline.</source>
        <translation>须先办理工作交接或设定清欠期限，才能停用账号。</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="167" />
        <source>Handed over to %1.</source>
        <translation>已移交给 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="174" />
        <source>Clearance deadline set: %1.</source>
        <translation>已设定清欠期限：%1。</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="183" />
        <source>The account is disabled.</source>
        <translation>账号已停用。</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="187" />
        <source>Save the clearance certificate</source>
        <translation>保存清欠证明</translation>
    </message>
    <message>
        <location filename="../../ui/clearance_dialog.py" line="194" />
        <source>Clearance certificate %1 issued.</source>
        <translation>已出具清欠证明 %1。</translation>
    </message>
</context>
<context>
    <name>Collection</name>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="30" />
        <source>Record that the customer is to be reminded (SMS, phone or mail).</source>
        <translation>记录对客户进行催缴提醒（短信、电话或邮件）。</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="31" />
        <source>Record that a written collection notice is to be issued.</source>
        <translation>记录须向客户发出书面催缴通知书。</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="32" />
        <source>The customer's credit is suspended: no new arrears until the overdue items are cleared (then it is restored automatically).</source>
        <translation>暂停客户的记欠资格：逾期欠费结清前不得新增记欠（结清后自动恢复）。</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="34" />
        <source>The agreement ends and the customer is blacklisted; a new agreement needs marketing to review this history.</source>
        <translation>终止用邮协议并将客户列入黑名单；今后签订新协议须由市场营销部查阅本催收历史后审批。</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="36" />
        <source>Record that the debt goes to legal action or a collection agency.</source>
        <translation>记录该欠费转入法律诉讼或委托催收。</translation>
    </message>
    <message>
        <location filename="../../ui/tasks.py" line="144" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="218" />
        <source>Documents</source>
        <translation>文书</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="220" />
        <source>Print preview...</source>
        <translation>打印预览...</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="221" />
        <source>Open file</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="222" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="47" />
        <source>Promise broken</source>
        <translation>承诺未兑现</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="49" />
        <source>Manual intervention</source>
        <translation>人工干预</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="51" />
        <source>Investigate (over 6 months)</source>
        <translation>需调查（逾期超6个月）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="53" />
        <source>Over 6 months</source>
        <translation>逾期超6个月</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="55" />
        <source>Disputed %1</source>
        <translation>有异议 %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="62" />
        <location filename="../../ui/pages/today.py" line="73" />
        <source>%1 (to confirm)</source>
        <translation>%1（待确认）</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="317" />
        <location filename="../../ui/pages/collection.py" line="173" />
        <source>Confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="318" />
        <location filename="../../ui/pages/collection.py" line="174" />
        <source>Declined</source>
        <translation>不予执行</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="182" />
        <source>Collection notice</source>
        <translation>催缴通知书</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="183" />
        <source>Statement</source>
        <translation>对账单</translation>
    </message>
</context>
<context>
    <name>CollectionPage</name>
    <message>
        <location filename="../../ui/pages/collection.py" line="80" />
        <source>My customers</source>
        <translation>我的客户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="80" />
        <source>Whole branch</source>
        <translation>全部门</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="85" />
        <source>Only steps to confirm</source>
        <translation>仅看待确认的升级</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="86" />
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="90" />
        <source>Tick all at this step</source>
        <translation>勾选处于该步骤的客户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="95" />
        <location filename="../../ui/pages/collection.py" line="119" />
        <location filename="../../ui/pages/collection.py" line="128" />
        <source>Code</source>
        <translation>客户代码</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="96" />
        <location filename="../../ui/pages/collection.py" line="120" />
        <location filename="../../ui/pages/collection.py" line="129" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="102" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="97" />
        <location filename="../../ui/pages/collection.py" line="138" />
        <location filename="../../ui/pages/collection.py" line="177" />
        <source>Overdue</source>
        <translation>逾期欠费</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="101" />
        <location filename="../../ui/pages/collection.py" line="123" />
        <source>Items</source>
        <translation>笔数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="98" />
        <location filename="../../ui/pages/collection.py" line="158" />
        <location filename="../../ui/pages/collection.py" line="176" />
        <source>Days overdue</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="99" />
        <location filename="../../ui/pages/collection.py" line="172" />
        <location filename="../../ui/pages/collection.py" line="224" />
        <source>Ladder step</source>
        <translation>催缴步骤</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="100" />
        <source>Not yet because</source>
        <translation>暂不能确认原因</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="103" />
        <source>Last contact</source>
        <translation>最近催收</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="104" />
        <location filename="../../ui/pages/collection.py" line="166" />
        <source>Promised</source>
        <translation>承诺付款日</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="105" />
        <location filename="../../ui/pages/collection.py" line="168" />
        <source>Follow-up</source>
        <translation>下次跟进</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="106" />
        <source>Flags</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="107" />
        <location filename="../../ui/pages/collection.py" line="125" />
        <location filename="../../ui/pages/collection.py" line="134" />
        <source>Account manager</source>
        <translation>客户经理</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="121" />
        <location filename="../../ui/pages/collection.py" line="130" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="122" />
        <source>First due</source>
        <translation>最早到期日</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="124" />
        <source>Falling due</source>
        <translation>即将到期金额</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="131" />
        <source>Unapplied credit</source>
        <translation>预存款</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="133" />
        <source>Typical month</source>
        <translation>月均欠费</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="144" />
        <source>Due soon</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="145" />
        <source>Low prepaid credit</source>
        <translation>预存款预警</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="146" />
        <source>Customers who asked to be reminded, with items falling due soon</source>
        <translation>要求到期提醒的客户及其即将到期的欠费</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="147" />
        <source>Prepaid credit below the set share of the customer's average month of the last three months</source>
        <translation>预存款低于客户近三个月月均欠费的设定比例</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="153" />
        <source>Voucher</source>
        <translation>凭证号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="154" />
        <source>Line</source>
        <translation>专业</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="155" />
        <source>Business date</source>
        <translation>业务日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="156" />
        <source>Due date</source>
        <translation>到期日</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="157" />
        <source>Open</source>
        <translation>未核销</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="159" />
        <source>Dispute</source>
        <translation>异议</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="162" />
        <location filename="../../ui/pages/collection.py" line="171" />
        <location filename="../../ui/pages/collection.py" line="184" />
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="163" />
        <source>Channel</source>
        <translation>催收方式</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="164" />
        <location filename="../../ui/pages/collection.py" line="175" />
        <location filename="../../ui/pages/collection.py" line="186" />
        <source>By</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="165" />
        <source>Result</source>
        <translation>催收结果</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="167" />
        <source>Promised amount</source>
        <translation>承诺金额</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="173" />
        <source>Decision</source>
        <translation>决定</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="178" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="181" />
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="182" />
        <source>Document</source>
        <translation>文书</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="185" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="187" />
        <source>Reply slip</source>
        <translation>回执</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="194" />
        <source>Open items</source>
        <translation>未核销欠费</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="195" />
        <source>Collection records</source>
        <translation>催收记录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="196" />
        <source>Escalation decisions</source>
        <translation>升级决定</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="198" />
        <source>Notices and statements</source>
        <translation>通知书与对账单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="204" />
        <source>Record contact...</source>
        <translation>登记催收...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="205" />
        <source>Confirm step...</source>
        <translation>确认升级...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="206" />
        <source>Decline step...</source>
        <translation>不予升级...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="207" />
        <source>Collection notices...</source>
        <translation>催缴通知书...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="209" />
        <source>Statement...</source>
        <translation>对账单...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="210" />
        <source>Reply slip received...</source>
        <translation>回执登记...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="211" />
        <source>Dispute item...</source>
        <translation>登记异议...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="212" />
        <source>Settle dispute...</source>
        <translation>异议处理...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="213" />
        <source>Investigation note...</source>
        <translation>调查说明...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="214" />
        <source>Open ledger</source>
        <translation>查看台账</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="218" />
        <source>As of</source>
        <translation>截至</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="293" />
        <source>Loading...</source>
        <translation>正在加载...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="308" />
        <source>Due soon (%1)</source>
        <translation>即将到期（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="309" />
        <source>Low prepaid credit (%1)</source>
        <translation>预存款预警（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="327" />
        <source>%1 overdue customer(s), %2 overdue; %3 step(s) to confirm; %4 broken promise(s)</source>
        <translation>逾期客户 %1 户，逾期欠费 %2；待确认升级 %3 项；承诺未兑现 %4 户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="351" />
        <source>%1 customer(s) at step %2 ticked.</source>
        <translation>已勾选处于第 %2 步的客户 %1 户。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="391" />
        <source>Select a customer in the queue first.</source>
        <translation>请先在列表中选择客户。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="409" />
        <source>No ladder step waits for a decision for this customer.</source>
        <translation>该客户没有待确认的催缴升级。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="417" />
        <source>Tick the customers (or select one) to issue notices for.</source>
        <translation>请勾选（或选中）要发催缴通知书的客户。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="439" />
        <source>Select an item in the open items first.</source>
        <translation>请先在未结清欠费中选择一笔。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="448" />
        <source>Customer disputes an item</source>
        <translation>客户对欠费有异议</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="449" />
        <source>Item %1 (%2 open) stays in the ledger but leaves escalation and notices until the dispute is settled. Record what the customer says.</source>
        <translation>欠费 %1（未缴 %2）仍保留在台账中，但在异议处理完毕前不参与催缴升级和通知书。请记录客户的异议内容。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="460" />
        <source>That item is not disputed.</source>
        <translation>该笔欠费没有未处理的异议。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="462" />
        <source>Settle a dispute</source>
        <translation>异议处理</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="463" />
        <source>Record how the dispute on %1 was settled. If the item was wrong, reverse it in the ledger as well.</source>
        <translation>记录 %1 的异议处理结果。如该笔欠费确有错误，请另在台账中冲正。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="472" />
        <source>Investigation of long overdue arrears</source>
        <translation>长期逾期欠费原因调查</translation>
    </message>
    <message>
        <location filename="../../ui/pages/collection.py" line="473" />
        <source>%1 has items overdue for %2 days. Record the cause found (required for items over six months).</source>
        <translation>%1 有欠费已逾期 %2 天。请填写调查查明的欠费原因（逾期六个月以上必须填写）。</translation>
    </message>
</context>
<context>
    <name>ContactDialog</name>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="55" />
        <source>Collection record: %1</source>
        <translation>催收记录：%1</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="62" />
        <source>What was said or agreed (required)</source>
        <translation>催收结果或约定内容（必填）</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="63" />
        <source>Promised to pay by</source>
        <translation>承诺付款日期</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="66" />
        <source>Amount promised (optional)</source>
        <translation>承诺金额（可不填）</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="67" />
        <source>Next follow-up</source>
        <translation>下次跟进</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="71" />
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="72" />
        <source>Channel</source>
        <translation>催收方式</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="73" />
        <source>Result</source>
        <translation>催收结果</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="79" />
        <source>Overdue %1 in %2 item(s), oldest %3 days.</source>
        <translation>逾期欠费 %1，共 %2 笔，最长逾期 %3 天。</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="85" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="85" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <location filename="../../ui/installed.py" line="97" />
        <source>ArrearsDesk met an unexpected error. What happened is written in
%1
Please send this file to whoever supports the program. Save your work and restart ArrearsDesk.</source>
        <translation>用户欠费管理系统遇到意外错误。经过已记录在
%1
请把这个文件发给负责本系统的技术人员。请保存正在处理的工作，然后重新启动本系统。</translation>
    </message>
</context>
<context>
    <name>CreditApplicationDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="87" />
        <source>Credit application: %1</source>
        <translation>记欠申请：%1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="99" />
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="102" />
        <source> month(s)</source>
        <translation> 个月</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="106" />
        <source>Credit grade</source>
        <translation>信用等级</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="107" />
        <source>Credit limit (yuan)</source>
        <translation>信用额度（元）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="108" />
        <source>Credit period</source>
        <translation>信用期限</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="109" />
        <source>Settlement cycle</source>
        <translation>欠费结算周期</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="110" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="115" />
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="115" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>CustomerDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="28" />
        <source>Register a customer</source>
        <translation>登记客户</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="28" />
        <source>Edit customer details</source>
        <translation>修改客户资料</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="36" />
        <source>Customer name</source>
        <translation>客户名称</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="37" />
        <source>Customer group</source>
        <translation>客户群</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="38" />
        <source>Contact person</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="39" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="40" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="41" />
        <source>Credit code / ID number</source>
        <translation>统一社会信用代码/身份证号</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="43" />
        <source>Remind this customer before items fall due</source>
        <translation>到期前提醒该客户（到期提醒）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="49" />
        <source>Register</source>
        <translation>登记</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="49" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="49" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
</context>
<context>
    <name>CustomerPicker</name>
    <message>
        <location filename="../../ui/widgets.py" line="114" />
        <source>Customer code, then Enter</source>
        <translation>输入客户代码后回车</translation>
    </message>
</context>
<context>
    <name>CustomersPage</name>
    <message>
        <location filename="../../ui/pages/customers.py" line="29" />
        <source>Code</source>
        <translation>客户代码</translation>
    </message>
    <message>
        <location filename="../../ui/pages/customers.py" line="30" />
        <source>Name</source>
        <translation>客户名称</translation>
    </message>
    <message>
        <location filename="../../ui/pages/customers.py" line="35" />
        <source>Group</source>
        <translation>客户群</translation>
    </message>
    <message>
        <location filename="../../ui/pages/customers.py" line="37" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../ui/pages/customers.py" line="34" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages/customers.py" line="36" />
        <source>Account manager</source>
        <translation>客户经理</translation>
    </message>
    <message>
        <location filename="../../ui/pages/customers.py" line="31" />
        <source>Open</source>
        <translation>未核销</translation>
    </message>
    <message>
        <location filename="../../ui/pages/customers.py" line="32" />
        <source>Overdue</source>
        <translation>逾期欠费</translation>
    </message>
    <message>
        <location filename="../../ui/pages/customers.py" line="33" />
        <source>Unapplied credit</source>
        <translation>预存款</translation>
    </message>
    <message>
        <location filename="../../ui/pages/customers.py" line="55" />
        <source>Register customer...</source>
        <translation>登记客户...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/customers.py" line="57" />
        <source>Edit details...</source>
        <translation>修改资料...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/customers.py" line="59" />
        <source>Apply for credit...</source>
        <translation>申请记欠...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/customers.py" line="61" />
        <source>Open ledger</source>
        <translation>查看台账</translation>
    </message>
    <message>
        <location filename="../../ui/pages/customers.py" line="63" />
        <source>Change account manager...</source>
        <translation>变更客户经理...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/customers.py" line="70" />
        <source>Search by name, customer code or phone</source>
        <translation>按客户名称、客户代码或电话搜索</translation>
    </message>
    <message>
        <location filename="../../ui/pages/customers.py" line="71" />
        <source>Search by name or customer code</source>
        <translation>按客户名称或客户代码搜索</translation>
    </message>
    <message>
        <location filename="../../ui/pages/customers.py" line="75" />
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages/customers.py" line="79" />
        <source>All groups</source>
        <translation>全部客户群</translation>
    </message>
    <message>
        <location filename="../../ui/pages/customers.py" line="83" />
        <source>All account managers</source>
        <translation>全部客户经理</translation>
    </message>
    <message>
        <location filename="../../ui/pages/customers.py" line="86" />
        <source>Overdue only</source>
        <translation>仅看逾期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/customers.py" line="175" />
        <source>%1 customer(s); open %2; overdue %3; unapplied credit %4</source>
        <translation>共 %1 个客户；未核销 %2；逾期 %3；预存款 %4</translation>
    </message>
    <message>
        <location filename="../../ui/pages/customers.py" line="221" />
        <location filename="../../ui/pages/customers.py" line="228" />
        <location filename="../../ui/pages/customers.py" line="237" />
        <location filename="../../ui/pages/customers.py" line="248" />
        <source>Select a customer first.</source>
        <translation>请先选择一个客户。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/customers.py" line="231" />
        <source>Credit application submitted for marketing to approve.</source>
        <translation>记欠申请已提交，等待市场营销部审批。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/customers.py" line="243" />
        <source>The account manager of %1 is changed.</source>
        <translation>%1 的客户经理已变更。</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="163" />
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="179" />
        <source>All branches</source>
        <translation>全部网点</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="184" />
        <source>As of</source>
        <translation>截至</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="201" />
        <source>Loading...</source>
        <translation>正在加载...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="222" />
        <source>Outstanding %1; collected this month %2</source>
        <translation>欠费余额 %1；本月收回 %2</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="238" />
        <source>Data as of %1</source>
        <translation>数据截至 %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="240" />
        <source>%1 of %2 branches have sent data; the oldest is %3's, as of %4</source>
        <translation>%2 个网点中已有 %1 个报送数据，最早的是 %3，截至 %4</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="244" />
        <source>No data received yet: %1</source>
        <translation>尚未收到数据：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="244" />
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="245" />
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="255" />
        <source>Arrears / revenue %1% (target ≤ %2%)</source>
        <translation>欠费占收入比 %1%（目标 ≤ %2%）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="260" />
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="279" />
        <source>%1 to %2</source>
        <translation>%1 至 %2</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="292" />
        <source>Outstanding at month end (10k yuan)</source>
        <translation>月末欠费余额（万元）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="316" />
        <source>Aging structure (10k yuan)</source>
        <translation>账龄结构（万元）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="320" />
        <source>Open</source>
        <translation>未核销</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="325" />
        <source>Top overdue customers (10k yuan)</source>
        <translation>逾期欠费前十名客户（万元）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="329" />
        <source>Overdue</source>
        <translation>逾期欠费</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="298" />
        <source>Collection rate by month (%)</source>
        <translation>月度回收率（%）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="252" />
        <source>No revenue entered this year</source>
        <translation>本年尚未录入业务收入</translation>
    </message>
</context>
<context>
    <name>ExchangePage</name>
    <message>
        <location filename="../../ui/pages/exchange.py" line="109" />
        <source>Export to folder...</source>
        <translation>导出到文件夹…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="111" />
        <source>Import files...</source>
        <translation>导入文件…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="113" />
        <source>Write this site's packages into a folder (a USB stick, a shared folder)</source>
        <translation>把本网点的交换包写入一个文件夹（U 盘或共享文件夹）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="114" />
        <source>Take in one or more package files (*.adx) received from the other side</source>
        <translation>导入从对方收到的一个或多个交换包文件（*.adx）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="115" />
        <source>Export this site's setup file...</source>
        <translation>导出本网点设置文件…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="116" />
        <source>Register the other side's setup file...</source>
        <translation>登记对方设置文件…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="117" />
        <location filename="../../ui/pages/exchange.py" line="479" />
        <source>Revoke site</source>
        <translation>吊销网点</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="118" />
        <location filename="../../ui/pages/exchange.py" line="491" />
        <location filename="../../ui/pages/exchange.py" line="494" />
        <source>Make a new key</source>
        <translation>生成新密钥</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="119" />
        <source>The file the other side registers to check the files this site signs</source>
        <translation>对方登记此文件后，才能核验本网点签名的交换包</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="120" />
        <source>Refuse every file from the site selected in the table of sites</source>
        <translation>拒收网点表中所选网点的全部文件</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="128" />
        <source>Files of the last import</source>
        <translation>最近一次导入的文件</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="134" />
        <source>Site code</source>
        <translation>网点代码</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="135" />
        <source>Site name</source>
        <translation>网点名称</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="136" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="137" />
        <source>Last received</source>
        <translation>最近收到</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="139" />
        <source>Applied up to No.</source>
        <translation>已导入至第几号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="140" />
        <source>Held</source>
        <translation>暂存</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="141" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="147" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="148" />
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="149" />
        <source>Package</source>
        <translation>包</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="150" />
        <source>Site</source>
        <translation>网点</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="151" />
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="152" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="153" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="154" />
        <source>Made</source>
        <translation>生成时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="155" />
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="185" />
        <source>Sites this one exchanges with</source>
        <translation>交换网点</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="191" />
        <source>Packages sent and received</source>
        <translation>收发的交换包</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="215" />
        <source>Sent</source>
        <translation>发出</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="215" />
        <source>Received</source>
        <translation>收到</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="219" />
        <source>Revoked</source>
        <translation>已吊销</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="222" />
        <source>Nothing received yet</source>
        <translation>尚未收到任何文件</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="224" />
        <source>Nothing received for %1 days</source>
        <translation>已 %1 天未收到文件</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="226" />
        <source>%1 held, waiting for a missing package</source>
        <translation>暂存 %1 个包，等待缺少的包</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="227" />
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="227" />
        <source>Up to date</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="249" />
        <source>This site: %1 (%2)</source>
        <translation>本网点：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="253" />
        <source>The city office</source>
        <translation>市局</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="253" />
        <source>Branches</source>
        <translation>各网点</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="258" />
        <source>Not yet acknowledged by the city office: package No. %1. Every export writes them again, so a lost file is replaced.</source>
        <translation>市局尚未确认：第 %1 号包。每次导出都会重新写出这些包，丢失的文件可以补上。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="262" />
        <source>The city office has acknowledged every package sent.</source>
        <translation>市局已确认收到发出的全部包。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="272" />
        <source>No city office is registered at this branch, so nothing can be exported yet. Register the city office's setup file with "Register the other side's setup file...".</source>
        <translation>本网点尚未登记市局，暂时不能导出。请用“登记对方设置文件…”登记市局的交换设置文件。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="275" />
        <source>No city office is registered at this branch, so nothing can be exported yet. Ask the administrator to register the city office's setup file.</source>
        <translation>本网点尚未登记市局，暂时不能导出。请系统管理员登记市局的交换设置文件。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="278" />
        <source>No branch is registered yet. Register each branch's setup file with "Register the other side's setup file...".</source>
        <translation>尚未登记任何网点。请用“登记对方设置文件…”登记各网点的交换设置文件。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="280" />
        <source>No branch is registered yet. Ask the administrator to register each branch's setup file.</source>
        <translation>尚未登记任何网点。请系统管理员登记各网点的交换设置文件。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="284" />
        <source>%1 (nothing yet)</source>
        <translation>%1（尚未收到）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="285" />
        <source>%1 (%2 days)</source>
        <translation>%1（%2 天）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="287" />
        <source>Nothing received for more than %1 days from: %2.</source>
        <translation>超过 %1 天未收到文件：%2。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="333" />
        <source>Export to folder</source>
        <translation>导出到文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="343" />
        <source>Exporting...</source>
        <translation>正在导出...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="349" />
        <source>Export cancelled. A file already written is complete; the history lists what was sent.</source>
        <translation>已取消导出。已写出的文件是完整的；发出的包见下方记录。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="354" />
        <source>Nothing to export: no site to send to.</source>
        <translation>没有可导出的内容：没有可发送的网点。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="356" />
        <source>Exported %1 file(s) to %2: %3</source>
        <translation>已导出 %1 个文件到 %2：%3</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="364" />
        <source>Import files</source>
        <translation>导入文件</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="365" />
        <source>Exchange packages (*.adx)</source>
        <translation>交换包 (*.adx)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="373" />
        <source>Importing...</source>
        <translation>正在导入...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="391" />
        <source>not imported (cancelled)</source>
        <translation>未导入（已取消）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="395" />
        <source>%1 file(s): %2 applied, %3 held, %4 refused, %5 changed nothing.</source>
        <translation>%1 个文件：导入 %2 个，暂存 %3 个，拒收 %4 个，未改动 %5 个。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="400" />
        <source>Cancelled: %1 file(s) not imported.</source>
        <translation>已取消：%1 个文件未导入。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="427" />
        <source>also applied the held package No. %1</source>
        <translation>同时导入了暂存的第 %1 号包</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="437" />
        <source>Export this site's setup file</source>
        <translation>导出本网点设置文件</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="439" />
        <location filename="../../ui/pages/exchange.py" line="455" />
        <source>Setup files (*.json)</source>
        <translation>交换设置文件 (*.json)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="446" />
        <source>each branch</source>
        <translation>各网点</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="446" />
        <location filename="../../ui/pages/exchange.py" line="490" />
        <source>the city office</source>
        <translation>市局</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="449" />
        <source>Setup file written: %1. Give it to %2 to register.</source>
        <translation>设置文件已写入：%1。请交给%2登记。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="454" />
        <source>Register the other side's setup file</source>
        <translation>登记对方设置文件</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="468" />
        <location filename="../../ui/pages/exchange.py" line="478" />
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="469" />
        <source>Registered: %1.</source>
        <translation>已登记：%1。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="470" />
        <source>New key of %1 registered; its files are checked with it from now on.</source>
        <translation>已登记%1的新密钥，此后用新密钥核验它的文件。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="480" />
        <source>Revoke %1? Every file it signs is refused from now on, until its setup file is registered again.</source>
        <translation>吊销%1？此后它签名的文件一律拒收，直到重新登记它的交换设置文件。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="481" />
        <source>Revoke</source>
        <translation>吊销</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="485" />
        <source>Revoked: %1.</source>
        <translation>已吊销：%1。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="490" />
        <source>every branch</source>
        <translation>各网点</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="492" />
        <source>Make a new signing key for this site? Do this when the key is lost or may have been copied. Then export this site's setup file and have %1 register it: until they do, they refuse the files this site sends.</source>
        <translation>为本网点生成新的签名密钥？密钥丢失或可能被复制时才需要这样做。之后请导出本网点设置文件，交给%1重新登记：登记之前，对方会拒收本网点发出的文件。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="499" />
        <source>New key made. Export this site's setup file now and have %1 register it.</source>
        <translation>新密钥已生成。请现在导出本网点设置文件，交给%1重新登记。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exchange.py" line="504" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <location filename="../../ui/first_start.py" line="29" />
        <source>ArrearsDesk - first start</source>
        <translation>用户欠费管理系统 - 首次使用</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="30" />
        <source>Welcome. Create this workstation's site and its first administrator.</source>
        <translation>欢迎使用。请建立本机的网点信息和第一个系统管理员。</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="33" />
        <source>e.g. BR01</source>
        <translation>例如 BR01</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="35" />
        <source>e.g. East District Branch</source>
        <translation>例如 城东支局</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="43" />
        <source>Site code</source>
        <translation>网点代码</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="44" />
        <source>Site name</source>
        <translation>网点名称</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="45" />
        <location filename="../../ui/first_start.py" line="73" />
        <source>Administrator</source>
        <translation>系统管理员</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="46" />
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="47" />
        <source>Password again</source>
        <translation>确认密码</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="48" />
        <source>Create</source>
        <translation>建立</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="48" />
        <location filename="../../ui/first_start.py" line="107" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="49" />
        <source>Load demo data instead</source>
        <translation>载入示范数据</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="53" />
        <source>Database on a server...</source>
        <translation>数据库在服务器上…</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="69" />
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="94" />
        <source>The database on the server %1 is empty. Create the branch's site and its first administrator there.</source>
        <translation>服务器上的数据库 %1 还是空的。请在其中创建本网点及其第一个管理员。</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="107" />
        <source>Generating demo data...</source>
        <translation>正在生成示范数据...</translation>
    </message>
</context>
<context>
    <name>HandInsPanel</name>
    <message>
        <location filename="../../ui/pages/cashup.py" line="204" />
        <source>needed when what you count differs from what was handed in</source>
        <translation>清点与实缴不符时必填</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="205" />
        <source>Receive selected hand-in</source>
        <translation>接收所选缴款</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="208" />
        <source>Reason for a difference</source>
        <translation>差额原因</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="228" />
        <source>Select a hand-in to see it per payment method.</source>
        <translation>选择一笔缴款，查看各缴款方式的金额。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="231" />
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="232" />
        <source>%1: receipts %2, handed in %3</source>
        <translation>%1：收据 %2，实缴 %3</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="247" />
        <source>Received.</source>
        <translation>已接收。</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="312" />
        <source>History of %1</source>
        <translation>%1 的欠费与催收历史</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="314" />
        <source>Open items: %1, open %2; disputed: %3.</source>
        <translation>未结清欠费 %1 笔，金额 %2；其中有异议 %3 笔。</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="319" />
        <source>Escalation decisions</source>
        <translation>升级决定</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="323" />
        <source>Collection records</source>
        <translation>催收记录</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="327" />
        <source>Notices and statements</source>
        <translation>通知书与对账单</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="333" />
        <source>I have reviewed this customer's arrears and collection history</source>
        <translation>本人已查阅该客户的欠费与催收历史</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="334" />
        <source>Approve</source>
        <translation>审批通过</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="334" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="345" />
        <source>Tick the box to say you have reviewed the history.</source>
        <translation>请勾选确认已查阅该客户的历史记录。</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../ui/import_dialog.py" line="26" />
        <source>Arrears items</source>
        <translation>欠费明细</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="27" />
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="28" />
        <source>Business revenue</source>
        <translation>业务收入</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="29" />
        <source>Finance totals (reconciliation)</source>
        <translation>财务对账数据</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="37" />
        <source>Import from Excel or CSV</source>
        <translation>从 Excel 或 CSV 导入</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="43" />
        <source>Finance</source>
        <translation>财务部门</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="44" />
        <source>Business system</source>
        <translation>业务系统</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="46" />
        <source>Choose file...</source>
        <translation>选择文件...</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="47" />
        <source>Download template...</source>
        <translation>下载模板...</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="48" />
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="49" />
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="50" />
        <source>Import only the good rows</source>
        <translation>只导入正确的行</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="54" />
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="54" />
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="54" />
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="90" />
        <source>Choose a file and press Check: nothing is written until you import.</source>
        <translation>选择文件后点“检查”：导入前不会写入任何数据。</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="95" />
        <source>Choose file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="96" />
        <source>Spreadsheets (*.xlsx *.csv)</source>
        <translation>表格文件 (*.xlsx *.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="102" />
        <source>Save template</source>
        <translation>保存模板</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="103" />
        <source>Import template_%1.xlsx</source>
        <translation>导入模板_%1.xlsx</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="111" />
        <source>Template saved: %1</source>
        <translation>模板已保存：%1</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="115" />
        <source>Checking...</source>
        <translation>正在检查...</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="126" />
        <source>%1: %2 row(s); %3 good; %4 already imported; %5 row(s) with problems.</source>
        <translation>%1：共 %2 行；正确 %3 行；已导入过 %4 行；有问题 %5 行。</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="140" />
        <source>Importing...</source>
        <translation>正在导入...</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="146" />
        <source>Cancelled: nothing was imported.</source>
        <translation>已取消：未导入任何数据。</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="151" />
        <source>Imported %1 row(s); %2 already there; %3 bad row(s) left out.</source>
        <translation>已导入 %1 行；%2 行此前已导入；%3 行有错误未导入。</translation>
    </message>
</context>
<context>
    <name>LedgerPage</name>
    <message>
        <location filename="../../ui/pages/ledger.py" line="49" />
        <source>Voucher</source>
        <translation>凭证号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="54" />
        <source>Business date</source>
        <translation>业务日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="55" />
        <source>Line</source>
        <translation>专业</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="51" />
        <location filename="../../ui/pages/ledger.py" line="61" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="50" />
        <source>Open</source>
        <translation>未核销</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="52" />
        <source>Due date</source>
        <translation>到期日</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="53" />
        <source>Days overdue</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="56" />
        <source>Handler</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="59" />
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="60" />
        <source>Entry</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="62" />
        <source>Reference</source>
        <translation>单据号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="63" />
        <source>Description</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="72" />
        <source>Suspend credit...</source>
        <translation>暂停记欠...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="73" />
        <source>Restore credit...</source>
        <translation>恢复记欠...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="74" />
        <source>Terminate agreement...</source>
        <translation>终止协议...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="75" />
        <source>Blacklist...</source>
        <translation>列入黑名单...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="79" />
        <source>Move to another branch...</source>
        <translation>转至其他网点...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="85" />
        <source>Reverse selected item...</source>
        <translation>冲正所选欠费...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="87" />
        <source>Reverse selected repayment...</source>
        <translation>冲正所选收款...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="89" />
        <source>Apply for write-off...</source>
        <translation>申请坏账核销...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="94" />
        <source>Open items</source>
        <translation>未核销欠费</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="96" />
        <source>History (newest first)</source>
        <translation>明细（最新在前）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="157" />
        <source>No valid agreement.</source>
        <translation>无有效协议。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="159" />
        <source>Agreement %1, valid %2 to %3; credit period %4 days; settlement every %5 month(s).</source>
        <translation>协议 %1，有效期 %2 至 %3；信用期限 %4 天；每 %5 个月结算。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="165" />
        <source>Credit limit</source>
        <translation>信用额度</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="165" />
        <source>Used</source>
        <translation>已用额度</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="166" />
        <source>Free credit</source>
        <translation>可用额度</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="166" />
        <location filename="../../ui/pages/ledger.py" line="171" />
        <source>Overdue</source>
        <translation>逾期欠费</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="167" />
        <source>Unapplied credit</source>
        <translation>预存款</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="195" />
        <source>Late fee: on (turn off)</source>
        <translation>违约金：已启用（点击停用）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="196" />
        <source>Late fee: off (turn on)</source>
        <translation>违约金：未启用（点击启用）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="206" />
        <location filename="../../ui/pages/ledger.py" line="221" />
        <source>Select an open item first.</source>
        <translation>请先选择一笔未核销欠费。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="208" />
        <source>Reverse arrears %1 of %2 (%3 still open). The item stays on record, marked reversed; money already offset against it becomes unapplied credit.</source>
        <translation>冲正欠费 %1（金额 %2，未核销 %3）。原记录保留并标记为已冲正；已核销到该笔的款项转为预存款。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="212" />
        <source>Reverse an arrears item</source>
        <translation>冲正欠费</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="229" />
        <source>Select a repayment in the history first.</source>
        <translation>请先在明细中选择一笔收款。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="231" />
        <source>Reverse repayment %1 of %2. Every item it closed opens again, exactly as before.</source>
        <translation>冲正收款 %1（金额 %2）。该笔收款核销的欠费将全部恢复为原未核销状态。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="233" />
        <source>Reverse a repayment</source>
        <translation>冲正收款</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="239" />
        <source>%1: %2. The reason is kept in the audit trail.</source>
        <translation>%1：%2。原因将记入审计日志。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="249" />
        <location filename="../../ui/pages/ledger.py" line="257" />
        <source>Move to another branch</source>
        <translation>转至其他网点</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="250" />
        <source>Branch that takes the customer on:</source>
        <translation>转入网点：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ledger.py" line="254" />
        <source>%1 moves to %2. Its agreement here ends today and nothing more is recorded for it here; the city office's next package brings it to the new branch.</source>
        <translation>%1 将转至 %2。本网点的协议今天终止，此后本网点不再为其记账；市局下一次下发的市局包会把该客户带到新网点。</translation>
    </message>
</context>
<context>
    <name>LockPanel</name>
    <message>
        <location filename="../../ui/main_window.py" line="59" />
        <source>Locked after a period without use. %1, enter your password to continue.</source>
        <translation>长时间未操作，已锁屏。%1，请输入密码继续。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="64" />
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/login_dialog.py" line="23" />
        <source>ArrearsDesk - sign in</source>
        <translation>用户欠费管理系统 - 登录</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="24" />
        <source>Sign in to %1</source>
        <translation>登录 %1</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="31" />
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="32" />
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="33" />
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="33" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="60" />
        <location filename="../../ui/login_dialog.py" line="85" />
        <source>Check this computer's clock</source>
        <translation>请检查本机时钟</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="64" />
        <source>If today really is %1, confirm the date: entries are then taken for the rest of the day (the confirmation is recorded in the audit trail).</source>
        <translation>如果今天确实是 %1，请确认日期：确认后当天可以继续记账（确认操作记入审计日志）。</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="67" />
        <source>Confirm the date</source>
        <translation>确认日期</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="68" />
        <source>Not now</source>
        <translation>暂不确认</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="70" />
        <source>You can look things up, but nothing can be posted until the clock is corrected or a branch head or administrator confirms the date.</source>
        <translation>现在仍可查询，但在校正电脑时钟、或由业务受理部门负责人或系统管理员确认日期之前，不能记账。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="122" />
        <source>ArrearsDesk - Customer Arrears Management</source>
        <translation>用户欠费管理系统</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="137" />
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="139" />
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="141" />
        <source>Customer ledger</source>
        <translation>客户台账</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="143" />
        <location filename="../../ui/main_window.py" line="174" />
        <source>Credit approval</source>
        <translation>记欠审批</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="145" />
        <source>Record arrears</source>
        <translation>欠费登记</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="147" />
        <source>Repayments</source>
        <translation>收款核销</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="149" />
        <source>Cash-up</source>
        <translation>缴款</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="151" />
        <source>Collection</source>
        <translation>催缴</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="153" />
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="154" />
        <source>Dashboard</source>
        <translation>看板</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="155" />
        <source>Data exchange</source>
        <translation>数据交换</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="157" />
        <source>Audit trail</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="158" />
        <source>Settings</source>
        <translation>系统设置</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="159" />
        <source>Collection rules and templates</source>
        <translation>催缴规则与文书</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="161" />
        <source>Backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="163" />
        <location filename="../../ui/main_window.py" line="170" />
        <source>Bad-debt write-off</source>
        <translation>坏账核销</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="167" />
        <source>Month close</source>
        <translation>月结</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="206" />
        <source>User: %1 (%2)</source>
        <translation>用户：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="208" />
        <source>Site: %1</source>
        <translation>网点：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="210" />
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="271" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="272" />
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="276" />
        <source>&amp;Lock screen</source>
        <translation>锁屏(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="280" />
        <source>&amp;Sign out</source>
        <translation>注销(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="284" />
        <source>Lock after idle time...</source>
        <translation>锁屏时间...</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="287" />
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="295" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="296" />
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="302" />
        <source>About ArrearsDesk</source>
        <translation>关于用户欠费管理系统</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="303" />
        <source>ArrearsDesk - customer arrears management for branch offices.</source>
        <translation>用户欠费管理系统：营业网点协议客户欠费管理。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="304" />
        <source>Version %1</source>
        <translation>版本 %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="325" />
        <source>Lock after idle time</source>
        <translation>锁屏时间</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="326" />
        <source>Minutes without use before the screen locks (0: never)</source>
        <translation>无操作多少分钟后锁屏（0 表示不锁屏）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="339" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="339" />
        <source>The language changes the next time you start.</source>
        <translation>界面语言将在下次启动时生效。</translation>
    </message>
</context>
<context>
    <name>MonthClosePage</name>
    <message>
        <location filename="../../ui/pages/month_close.py" line="41" />
        <source>A month is closed once it is reconciled with finance and the business systems. Nothing can be dated in a closed month afterwards: a correction goes into the open month, dated the day it is made. Only the latest closed month can be reopened, with a reason.</source>
        <translation>月份与财务、业务系统对账一致后即可月结。月结后不能再登记日期在该月的业务：更正在未结账的月份登记，日期为更正当天。只有最近一个已结账的月份可以反结账，并须填写原因。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/month_close.py" line="47" />
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../../ui/pages/month_close.py" line="48" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages/month_close.py" line="49" />
        <source>Closing balance</source>
        <translation>期末余额</translation>
    </message>
    <message>
        <location filename="../../ui/pages/month_close.py" line="51" />
        <source>By</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/month_close.py" line="52" />
        <source>At</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/month_close.py" line="54" />
        <source>Reconciliation at the close</source>
        <translation>月结时的业财对账</translation>
    </message>
    <message>
        <location filename="../../ui/pages/month_close.py" line="55" />
        <source>Explanation or reason</source>
        <translation>差异说明或反结账原因</translation>
    </message>
    <message>
        <location filename="../../ui/pages/month_close.py" line="69" />
        <source>Needed when the month is not reconciled: why it differs</source>
        <translation>业财对账未一致时必填：差异原因</translation>
    </message>
    <message>
        <location filename="../../ui/pages/month_close.py" line="70" />
        <source>Close the month</source>
        <translation>月结</translation>
    </message>
    <message>
        <location filename="../../ui/pages/month_close.py" line="72" />
        <source>Why the month is reopened</source>
        <translation>反结账原因</translation>
    </message>
    <message>
        <location filename="../../ui/pages/month_close.py" line="73" />
        <source>Reopen the month</source>
        <translation>反结账</translation>
    </message>
    <message>
        <location filename="../../ui/pages/month_close.py" line="76" />
        <source>Movement</source>
        <translation>欠费变动</translation>
    </message>
    <message>
        <location filename="../../ui/pages/month_close.py" line="77" />
        <source>Reconciliation</source>
        <translation>业财对账</translation>
    </message>
    <message>
        <location filename="../../ui/pages/month_close.py" line="81" />
        <source>Explanation</source>
        <translation>差异说明</translation>
    </message>
    <message>
        <location filename="../../ui/pages/month_close.py" line="85" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/pages/month_close.py" line="87" />
        <source>The chosen month</source>
        <translation>所选月份</translation>
    </message>
    <message>
        <location filename="../../ui/pages/month_close.py" line="119" />
        <source>Working it out...</source>
        <translation>正在计算……</translation>
    </message>
    <message>
        <location filename="../../ui/pages/month_close.py" line="133" />
        <source>opening %1 + incurred %2 - collected %3 - written off %4 - reversed %5 = closing %6</source>
        <translation>期初 %1 + 新增 %2 - 收回 %3 - 坏账核销 %4 - 冲正 %5 = 期末 %6</translation>
    </message>
    <message>
        <location filename="../../ui/pages/month_close.py" line="139" />
        <source>Reconciled with finance and the business systems</source>
        <translation>与财务、业务系统对账一致</translation>
    </message>
    <message>
        <location filename="../../ui/pages/month_close.py" line="148" />
        <source>Closed.</source>
        <translation>已结账。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/month_close.py" line="157" />
        <source>Reopened.</source>
        <translation>已反结账。</translation>
    </message>
</context>
<context>
    <name>MyDayPanel</name>
    <message>
        <location filename="../../ui/pages/cashup.py" line="56" />
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="76" />
        <source>optional: the last of a run</source>
        <translation>可选：连号作废时的末号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="77" />
        <source>e.g. misprinted, spoiled</source>
        <translation>如：填错、损坏</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="78" />
        <source>Void receipt</source>
        <translation>作废收据</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="81" />
        <source>Receipt number</source>
        <translation>收据号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="82" />
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="83" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="85" />
        <source>Voided receipts</source>
        <translation>作废收据</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="93" />
        <source>needed when the money differs from the receipts</source>
        <translation>实缴与收据不符时必填</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="94" />
        <location filename="../../ui/pages/cashup.py" line="96" />
        <source>Hand in</source>
        <translation>缴款</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="100" />
        <source>Reason for a difference</source>
        <translation>差额原因</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="124" />
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="125" />
        <source>%1 receipt(s); to hand in %2 (%3). Next receipt number: %4</source>
        <translation>收据 %1 张；应缴 %2（%3）。下一张收据号：%4</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="129" />
        <source>Receipt numbers skipped, not yet explained: %1 (record them as voided)</source>
        <translation>收据号不连续，尚未说明：%1（请登记作废收据）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="133" />
        <source>Handed in %1; received by %2</source>
        <translation>已缴款 %1；%2 已接收</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="134" />
        <source>Handed in %1; not yet received</source>
        <translation>已缴款 %1；尚未接收</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="163" />
        <source>Voided: %1</source>
        <translation>已作废：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cashup.py" line="179" />
        <source>Handed in; finance or the branch head receives it.</source>
        <translation>已缴款，待财务或负责人接收。</translation>
    </message>
</context>
<context>
    <name>NoticeDialog</name>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="145" />
        <source>Collection notices</source>
        <translation>催缴通知书</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="146" />
        <source> and %1 more</source>
        <translation> 等另 %1 户</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="148" />
        <source>%1 customer(s): %2</source>
        <translation>%1 户：%2</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="151" />
        <source>One PDF for all</source>
        <translation>全部生成一个 PDF</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="152" />
        <source>One PDF per customer (in a folder)</source>
        <translation>每户一个 PDF（存入文件夹）</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="158" />
        <source>Collection notices_%1.pdf</source>
        <translation>催缴通知书_%1.pdf</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="159" />
        <source>Browse...</source>
        <translation>浏览...</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="166" />
        <source>Notice date</source>
        <translation>通知日期</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="169" />
        <source>Save to</source>
        <translation>保存到</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="173" />
        <source>Each notice is numbered and recorded as a written collection record.</source>
        <translation>每份通知书自动编号，并登记为一条书面催收记录。</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="175" />
        <source>Issue</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="175" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="185" />
        <source>Folder for the notices</source>
        <translation>通知书保存文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="187" />
        <source>Save notices as</source>
        <translation>通知书另存为</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="194" />
        <source>Choose where to save the notices.</source>
        <translation>请选择通知书的保存位置。</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="198" />
        <source>Issuing notices...</source>
        <translation>正在生成催缴通知书...</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="204" />
        <source>Cancelled: no notice was issued and no file was written.</source>
        <translation>已取消：未生成任何通知书，也未写入文件。</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="210" />
        <source>%1 notice(s) issued, %2 page(s): %3 to %4.</source>
        <translation>已生成催缴通知书 %1 份，共 %2 页：%3 至 %4。</translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <location filename="../../ui/pages/arrears_entry.py" line="178" />
        <source>Branch head authorisation</source>
        <translation>负责人超额度授权</translation>
    </message>
    <message>
        <location filename="../../ui/pages/arrears_entry.py" line="186" />
        <source>Branch head</source>
        <translation>业务受理部门负责人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/arrears_entry.py" line="187" />
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/pages/arrears_entry.py" line="188" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/pages/arrears_entry.py" line="190" />
        <source>Authorise</source>
        <translation>授权</translation>
    </message>
    <message>
        <location filename="../../ui/pages/arrears_entry.py" line="190" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>Punctuation</name>
    <message>
        <location filename="../../ui/words.py" line="100" />
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="105" />
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="110" />
        <source>%1, %2</source>
        <translation>%1、%2</translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="116" />
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <location filename="../../ui/installed.py" line="127" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="144" />
        <source>Reason (required)</source>
        <translation>原因（必填）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="150" />
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="150" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="155" />
        <source>Please give the reason.</source>
        <translation>请填写原因。</translation>
    </message>
</context>
<context>
    <name>Receipt</name>
    <message>
        <location filename="../../ui/receipt.py" line="30" />
        <source>Receipt</source>
        <translation>收款收据</translation>
    </message>
</context>
<context>
    <name>RepaymentPage</name>
    <message>
        <location filename="../../ui/pages/repayment.py" line="33" />
        <location filename="../../ui/pages/repayment.py" line="45" />
        <source>Offset</source>
        <translation>核销</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="34" />
        <location filename="../../ui/pages/repayment.py" line="42" />
        <source>Voucher</source>
        <translation>凭证号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="35" />
        <location filename="../../ui/pages/repayment.py" line="43" />
        <source>Business date</source>
        <translation>业务日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="36" />
        <source>Line</source>
        <translation>专业</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="37" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="38" />
        <source>Open</source>
        <translation>未核销</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="39" />
        <source>Due date</source>
        <translation>到期日</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="44" />
        <source>Open before</source>
        <translation>核销前未核销</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="46" />
        <source>Left open</source>
        <translation>核销后未核销</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="57" />
        <source>e.g. 1,234.56</source>
        <translation>例如 1,234.56</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="84" />
        <source>Post repayment</source>
        <translation>确认收款</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="87" />
        <source>Apply unapplied credit</source>
        <translation>预存款核销</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="91" />
        <source>Print receipt...</source>
        <translation>打印收据...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="97" />
        <location filename="../../ui/pages/repayment.py" line="247" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="99" />
        <source>Owed</source>
        <translation>欠费合计</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="99" />
        <source>Overdue</source>
        <translation>逾期欠费</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="100" />
        <source>Unapplied credit</source>
        <translation>预存款</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="107" />
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="107" />
        <source>Method</source>
        <translation>缴款方式</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="108" />
        <source>Paid on</source>
        <translation>缴款日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="108" />
        <source>Receipt number</source>
        <translation>收据号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="112" />
        <source>Open items (tick to name the items the customer pays)</source>
        <translation>未核销欠费（勾选即按客户指定的欠费核销）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="114" />
        <location filename="../../ui/pages/repayment.py" line="189" />
        <source>What this repayment will close</source>
        <translation>本次收款将核销</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="187" />
        <location filename="../../ui/pages/repayment.py" line="215" />
        <source>Named items (ticked)</source>
        <translation>按指定欠费核销（已勾选）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="187" />
        <location filename="../../ui/pages/repayment.py" line="215" />
        <source>First in, first offset (oldest first)</source>
        <translation>先发生、先核销（最早的先核销）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="204" />
        <source>%1 is left over and kept as the customer's unapplied credit.</source>
        <translation>余额 %1 转为客户预存款。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="216" />
        <source>Unapplied credit %1, applied on %2: %3</source>
        <translation>预存款 %1，核销日期 %2：%3</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="219" />
        <source>What the unapplied credit will close</source>
        <translation>预存款将核销</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="221" />
        <source>%1 of credit is left after this.</source>
        <translation>核销后剩余预存款 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="235" />
        <source>Applied %1 of unapplied credit to %2 item(s).</source>
        <translation>已用预存款核销 %1，共 %2 笔。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="264" />
        <source>Of the %1 received, %2 closes no item and becomes the customer's unapplied credit.

Post this repayment?</source>
        <translation>本次收款 %1 元中，%2 元不核销任何欠费，将转为客户预存款。

确认入账吗？</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="267" />
        <source>More than is owed</source>
        <translation>收款超过欠费</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="267" />
        <source>Post, keep %1 as credit</source>
        <translation>确认入账，%1 元转为预存款</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="268" />
        <source>Back to the amount</source>
        <translation>返回修改金额</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="273" />
        <source>Next in your series: %1</source>
        <translation>本人下一张收据号：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/repayment.py" line="281" />
        <source>Posted receipt %1: %2 item(s) offset; customer still owes %3, unapplied credit %4.</source>
        <translation>已入账，收据 %1：核销 %2 笔；客户尚欠 %3，预存款 %4。</translation>
    </message>
</context>
<context>
    <name>ReplyDialog</name>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="274" />
        <source>Reply slip received</source>
        <translation>回执登记</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="288" />
        <source>Notice number</source>
        <translation>通知书编号</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="289" />
        <source>Received on</source>
        <translation>收到日期</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="290" />
        <source>Answer</source>
        <translation>回执结果</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="291" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="295" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="295" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../ui/pages/reports.py" line="165" />
        <source>With every item</source>
        <translation>含欠费明细</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="171" />
        <source>Show</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="173" />
        <source>Export to Excel...</source>
        <translation>导出 Excel...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="175" />
        <source>Export to PDF...</source>
        <translation>导出 PDF...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="177" />
        <source>Import...</source>
        <translation>导入...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="179" />
        <source>Enter revenue...</source>
        <translation>录入收入...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="184" />
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="184" />
        <source>To / as of</source>
        <translation>截至</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="223" />
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="224" />
        <source>Month of</source>
        <translation>对账月份</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="224" />
        <source>As of</source>
        <translation>截至</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="244" />
        <source>Working...</source>
        <translation>正在计算...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="263" />
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="263" />
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="280" />
        <source>Double-click a figure to list its items</source>
        <translation>双击金额可查看明细</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="316" />
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="324" />
        <source>Exporting...</source>
        <translation>正在导出...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="330" />
        <source>Export cancelled; no file was written.</source>
        <translation>已取消导出，未写入文件。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="334" />
        <source>Exported: %1</source>
        <translation>已导出：%1</translation>
    </message>
</context>
<context>
    <name>RevenueDialog</name>
    <message>
        <location filename="../../ui/import_dialog.py" line="162" />
        <source>Business revenue</source>
        <translation>业务收入</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="163" />
        <source>Agency finance (excluded)</source>
        <translation>代理金融（不计入）</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="164" />
        <source>Rent (excluded)</source>
        <translation>租赁收入（不计入）</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="165" />
        <source>Non-operating income (excluded)</source>
        <translation>营业外收入（不计入）</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="170" />
        <source>Enter business revenue</source>
        <translation>录入业务收入</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="180" />
        <source>Amount in yuan, e.g. 123456.78</source>
        <translation>金额（元），如 123456.78</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="184" />
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="185" />
        <source>Business line</source>
        <translation>业务专业</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="186" />
        <source>Category</source>
        <translation>收入类别</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="187" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="191" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="191" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>RulesPage</name>
    <message>
        <location filename="../../ui/pages/rules.py" line="36" />
        <source>Letterhead (empty: the site's name)</source>
        <translation>抬头单位（空：用网点名称）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="37" />
        <source>Notice title</source>
        <translation>通知书标题</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="38" />
        <source>Notice opening text</source>
        <translation>通知书正文</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="39" />
        <source>How to pay</source>
        <translation>缴费方式</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="40" />
        <source>Consequences of non-payment</source>
        <translation>逾期后果</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="41" />
        <source>Dispute line</source>
        <translation>异议说明</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="42" />
        <source>Contact person</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="43" />
        <source>Contact phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="44" />
        <source>Signature block</source>
        <translation>落款盖章</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="45" />
        <source>Reply slip text</source>
        <translation>回执正文</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="46" />
        <source>Statement title</source>
        <translation>对账单标题</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="47" />
        <source>Statement opening text</source>
        <translation>对账单正文</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="48" />
        <source>Statement confirmation boxes</source>
        <translation>对账确认栏</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="49" />
        <source>Days to pay after the notice</source>
        <translation>缴费期限（天）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="50" />
        <source>Days to raise a dispute</source>
        <translation>异议期限（天）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="51" />
        <source>Days to return a statement</source>
        <translation>对账回函期限（天）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="55" />
        <source>the date the amounts are as of</source>
        <translation>截至日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="56" />
        <source>the day to pay by</source>
        <translation>缴款截止日</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="57" />
        <source>the last day to dispute</source>
        <translation>提出异议截止日</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="58" />
        <source>the number of items</source>
        <translation>欠费笔数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="59" />
        <source>the agreement number</source>
        <translation>协议编号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="60" />
        <source>the document number</source>
        <translation>文书编号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="61" />
        <source>the statement's first day</source>
        <translation>对账起始日</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="62" />
        <source>the statement's last day</source>
        <translation>对账截止日</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="63" />
        <source>the day to return the reply slip by</source>
        <translation>回执寄回截止日</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="74" />
        <source>Document templates</source>
        <translation>文书模板</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="75" />
        <source>Collection rules</source>
        <translation>催缴规则</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="96" />
        <source>Empty: a Chinese TrueType font found on this computer</source>
        <translation>空：自动使用本机的中文 TrueType 字体</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="97" />
        <source>Browse...</source>
        <translation>浏览...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="102" />
        <source>Font file</source>
        <translation>字体文件</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="103" />
        <source>Write 整 after 角 in amounts in words (e.g. 伍角整)</source>
        <translation>大写金额到角时也写“整”（如 伍角整）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="105" />
        <source>Save templates</source>
        <translation>保存模板</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="107" />
        <source>Sample notice...</source>
        <translation>预览样张...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="116" />
        <source>Placeholders, filled in when a document is made:</source>
        <translation>占位符（生成文书时自动填入）：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="130" />
        <source>Choose a font file</source>
        <translation>选择字体文件</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="131" />
        <source>TrueType fonts (*.ttf *.ttc)</source>
        <translation>TrueType 字体 (*.ttf *.ttc)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="151" />
        <location filename="../../ui/pages/rules.py" line="324" />
        <location filename="../../ui/pages/rules.py" line="330" />
        <location filename="../../ui/pages/rules.py" line="336" />
        <location filename="../../ui/pages/rules.py" line="352" />
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="169" />
        <source>Default ladder</source>
        <translation>默认升级步骤</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="171" />
        <source>Customer group: %1</source>
        <translation>客户群：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="174" />
        <source>Business line: %1</source>
        <translation>业务专业：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="175" />
        <source>This group or line has its own ladder</source>
        <translation>该客户群/专业使用单独的升级步骤</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="183" />
        <source> days past due (0: not used)</source>
        <translation> 天（逾期天数，0 为不使用）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="186" />
        <source>Escalation ladder</source>
        <translation>催缴升级步骤</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="191" />
        <source>Other business lines</source>
        <translation>其他专业</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="195" />
        <source>Manual-intervention limits (overdue per business line, yuan)</source>
        <translation>人工干预限额（各专业逾期欠费，元）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="204" />
        <source>Late fee per day</source>
        <translation>违约金日比例</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="205" />
        <source>Grace days</source>
        <translation>宽限天数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="206" />
        <source>Late fee (only for agreements that have one)</source>
        <translation>违约金（仅对约定违约金的协议）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="210" />
        <source>Ask to confirm an item above (yuan; 0: never)</source>
        <translation>单笔提示上限（元，0 为不提示）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="212" />
        <source>Marketing reviews bad-debt write-offs before finance (telecom 5)</source>
        <translation>坏账核销先经市场部审核，再由财务审批（电信第五条）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="216" />
        <source>Finance at the city office approves bad-debt write-offs (the decision comes with the data exchange)</source>
        <translation>坏账核销由市局财务审批（审批结果随数据交换下发）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="221" />
        <source>Marketing at the city office approves credit applications (the decision comes with the data exchange)</source>
        <translation>记欠申请由市局市场部审批（审批结果随数据交换下发）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="225" />
        <source>Arrears entry</source>
        <translation>欠费登记</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="230" />
        <source> days before the due date</source>
        <translation> 天（到期日前）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="235" />
        <source>Remind customers who asked</source>
        <translation>提醒要求提醒的客户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="236" />
        <source>Prepaid credit is low below (of a typical month)</source>
        <translation>预存款低于月均欠费的比例时预警</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="237" />
        <source>Reminders and low prepaid credit</source>
        <translation>到期提醒与预存款预警</translation>
    </message>
    <message>
        <location filename="../../ui/pages/rules.py" line="240" />
        <source>Save rules</source>
        <translation>保存规则</translation>
    </message>
</context>
<context>
    <name>ServerAddressDialog</name>
    <message>
        <location filename="../../ui/server_address.py" line="34" />
        <source>ArrearsDesk - database on a server</source>
        <translation>用户欠费管理系统 - 服务器上的数据库</translation>
    </message>
    <message>
        <location filename="../../ui/server_address.py" line="35" />
        <source>The branch keeps its ledger on a database server that every counter uses. Type what the server's administrator gave you. The password is asked when connecting if this PC does not have it, and is never stored.</source>
        <translation>本网点的台账保存在各柜台共用的数据库服务器上。请填写服务器管理员提供的信息。连接时如本机没有密码会询问，密码不会被保存。</translation>
    </message>
    <message>
        <location filename="../../ui/server_address.py" line="40" />
        <source>e.g. db-server or 192.168.1.10</source>
        <translation>例如 db-server 或 192.168.1.10</translation>
    </message>
    <message>
        <location filename="../../ui/server_address.py" line="48" />
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../../ui/server_address.py" line="49" />
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location filename="../../ui/server_address.py" line="50" />
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location filename="../../ui/server_address.py" line="51" />
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/server_address.py" line="52" />
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../../ui/server_address.py" line="52" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/server_address.py" line="68" />
        <source>Connecting to %1...</source>
        <translation>正在连接 %1…</translation>
    </message>
</context>
<context>
    <name>ServerPasswordDialog</name>
    <message>
        <location filename="../../ui/server_password.py" line="13" />
        <source>ArrearsDesk - database server</source>
        <translation>用户欠费管理系统 - 数据库服务器</translation>
    </message>
    <message>
        <location filename="../../ui/server_password.py" line="14" />
        <source>The database is on the server
%1
Type the password of its user to connect.</source>
        <translation>数据库在服务器上：
%1
请输入该用户的密码以连接。</translation>
    </message>
    <message>
        <location filename="../../ui/server_password.py" line="22" />
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/server_password.py" line="23" />
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../../ui/server_password.py" line="23" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>StatementDialog</name>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="237" />
        <source>Statement of account: %1</source>
        <translation>对账单：%1</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="242" />
        <source>Statement_%1_%2.pdf</source>
        <translation>对账单_%1_%2.pdf</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="245" />
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="246" />
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="247" />
        <source>Save to</source>
        <translation>保存到</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="251" />
        <source>Issue</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="251" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="265" />
        <source>Statement %1 issued.</source>
        <translation>已生成对账单 %1。</translation>
    </message>
</context>
<context>
    <name>StepDialog</name>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="113" />
        <source>Confirm %1</source>
        <translation>确认升级 %1</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="113" />
        <source>Decline %1</source>
        <translation>不予升级 %1</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="115" />
        <source>%1: overdue %2, oldest item %3 days past due.</source>
        <translation>%1：逾期欠费 %2，最早一笔已逾期 %3 天。</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="118" />
        <source>The step is not taken now; it is not proposed again in this overdue spell. Say why.</source>
        <translation>本次不执行该步骤，本轮逾期内不再提示。请说明原因。</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="122" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="122" />
        <source>Reason (required)</source>
        <translation>原因（必填）</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="128" />
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="128" />
        <source>Decline</source>
        <translation>不予执行</translation>
    </message>
    <message>
        <location filename="../../ui/collection_dialogs.py" line="128" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <location filename="../../ui/pages/today.py" line="49" />
        <source>Promise broken</source>
        <translation>承诺未兑现</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="50" />
        <source>Promised for today</source>
        <translation>承诺今日付款</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="51" />
        <source>Ladder step to confirm</source>
        <translation>催缴步骤待确认</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="52" />
        <source>Follow-up due</source>
        <translation>跟进日已到</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="53" />
        <source>Reminder to send</source>
        <translation>到期提醒待发</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="54" />
        <source>Low prepaid credit</source>
        <translation>预存款预警</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="56" />
        <source>Reminder: items fall due %1</source>
        <translation>到期提醒：%1 起到期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="57" />
        <source>promised %1</source>
        <translation>承诺 %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="59" />
        <source>Waiting for marketing's decision</source>
        <translation>已申请，待市场营销部审批</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="60" />
        <source>Application rejected</source>
        <translation>申请被退回</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="61" />
        <source>No credit application yet</source>
        <translation>尚未提交记欠申请</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="63" />
        <source>Show the list</source>
        <translation>查看清单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="168" />
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="169" />
        <location filename="../../ui/pages/today.py" line="353" />
        <source>Receipts today</source>
        <translation>今日收款</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="170" />
        <location filename="../../ui/pages/today.py" line="354" />
        <source>Arrears recorded today</source>
        <translation>今日登记欠费</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="171" />
        <location filename="../../ui/pages/today.py" line="353" />
        <source>Follow-ups due</source>
        <translation>待跟进</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="172" />
        <location filename="../../ui/pages/today.py" line="354" />
        <source>Waiting for approval</source>
        <translation>待审批客户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="175" />
        <source>Record arrears</source>
        <translation>欠费登记</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="176" />
        <source>Take a payment</source>
        <translation>收款核销</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="177" />
        <source>Find a customer</source>
        <translation>查找客户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="178" />
        <source>Print a notice</source>
        <translation>打印催缴通知书</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="179" />
        <source>Open ledger</source>
        <translation>查看台账</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="184" />
        <source>Record an arrears item for the selected customer</source>
        <translation>为所选客户登记欠费</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="185" />
        <source>Take a payment from the selected customer</source>
        <translation>为所选客户收款核销</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="186" />
        <source>Search the customer list</source>
        <translation>在客户列表中查找</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="187" />
        <source>The collection desk, with the selected customer chosen</source>
        <translation>打开催缴工作台并选中所选客户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="188" />
        <source>The selected customer's ledger (or double-click the row)</source>
        <translation>所选客户的台账（也可双击该行）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="192" />
        <source>To do</source>
        <translation>待办事项</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="193" />
        <location filename="../../ui/pages/today.py" line="205" />
        <location filename="../../ui/pages/today.py" line="216" />
        <source>Code</source>
        <translation>客户代码</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="194" />
        <location filename="../../ui/pages/today.py" line="206" />
        <location filename="../../ui/pages/today.py" line="217" />
        <location filename="../../ui/pages/today.py" line="226" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="195" />
        <location filename="../../ui/pages/today.py" line="207" />
        <location filename="../../ui/pages/today.py" line="218" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="198" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="199" />
        <source>Not yet because</source>
        <translation>暂不能确认原因</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="196" />
        <location filename="../../ui/pages/today.py" line="230" />
        <source>Account manager</source>
        <translation>客户经理</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="203" />
        <location filename="../../ui/pages/today.py" line="214" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="204" />
        <source>Receipt number</source>
        <translation>收据号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="208" />
        <source>Method</source>
        <translation>缴款方式</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="209" />
        <source>Paid on</source>
        <translation>缴款日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="210" />
        <source>Received by</source>
        <translation>收款人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="215" />
        <source>Voucher</source>
        <translation>凭证号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="219" />
        <source>Line</source>
        <translation>专业</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="220" />
        <source>Business date</source>
        <translation>业务日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="221" />
        <source>Due date</source>
        <translation>到期日</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="222" />
        <source>Recorded by</source>
        <translation>登记人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="227" />
        <source>Stage</source>
        <translation>进度</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="228" />
        <source>Since</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="229" />
        <source>Applied by</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="232" />
        <source>Reason given</source>
        <translation>退回理由</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="315" />
        <source>your entries and customers</source>
        <translation>我经办的账目和我的客户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="315" />
        <source>the whole branch</source>
        <translation>全网点</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="316" />
        <source>Today, %1: %2</source>
        <translation>今日 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="321" />
        <source>%1 item(s)</source>
        <translation>%1 笔</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="325" />
        <source>No payment taken yet</source>
        <translation>今日尚未收款</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="327" />
        <source>Nothing recorded yet</source>
        <translation>今日尚未登记欠费</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="331" />
        <source>%1 customer(s)</source>
        <translation>%1 户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="333" />
        <source>Nobody waits</source>
        <translation>没有待审批的客户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="343" />
        <source>%1 to do</source>
        <translation>%1 项</translation>
    </message>
    <message>
        <location filename="../../ui/pages/today.py" line="345" />
        <source>Nothing due today</source>
        <translation>今日没有待跟进事项</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <location filename="../../ui/pages/users.py" line="44" />
        <location filename="../../ui/pages/users.py" line="83" />
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="45" />
        <location filename="../../ui/pages/users.py" line="84" />
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="46" />
        <location filename="../../ui/pages/users.py" line="85" />
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="47" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="61" />
        <source>What the user still answers for; hand-over, deadline and clearance certificate</source>
        <translation>该用户仍负责的欠费和客户；工作交接、清欠期限和清欠证明</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="107" />
        <source>Clearance deadlines (two months)</source>
        <translation>清欠期限（两个月）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="128" />
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="125" />
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="29" />
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="30" />
        <source>Due by</source>
        <translation>期限</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="31" />
        <source>Open items</source>
        <translation>未核销欠费</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="32" />
        <source>Open</source>
        <translation>未核销</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="33" />
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="34" />
        <source>Clearance</source>
        <translation>清欠状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="60" />
        <source>Clearance of selected...</source>
        <translation>所选用户清欠...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="69" />
        <source>Add user</source>
        <translation>新增用户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="71" />
        <source>Disable / enable selected</source>
        <translation>停用 / 启用所选用户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="72" />
        <source>Lift the sign-in lock of selected</source>
        <translation>解除所选用户的登录锁定</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="73" />
        <source>After too many wrong passwords an account is locked for a while; this lets the user sign in again at once.</source>
        <translation>连续输错密码过多的账号会被锁定一段时间；解除锁定后该用户可立即重新登录。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="79" />
        <source>Give the selected user this role</source>
        <translation>将所选用户改为此角色</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="86" />
        <source>Initial password</source>
        <translation>初始密码</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="88" />
        <source>New user</source>
        <translation>新用户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="96" />
        <source>Change of post</source>
        <translation>调岗</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="127" />
        <source>Locked until %1</source>
        <translation>锁定至 %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="146" />
        <source>Added %1 (%2).</source>
        <translation>已新增 %1（%2）。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="154" />
        <location filename="../../ui/pages/users.py" line="169" />
        <location filename="../../ui/pages/users.py" line="188" />
        <location filename="../../ui/pages/users.py" line="202" />
        <source>Select a user first.</source>
        <translation>请先选择一个用户。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="183" />
        <source>%1 is now %2.</source>
        <translation>%1 已改为%2。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="210" />
        <source>%1 can sign in again.</source>
        <translation>%1 已可重新登录。</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <location filename="../../ui/words.py" line="63" />
        <source>Step %1: %2</source>
        <translation>第%1步：%2</translation>
    </message>
    <message>
        <source>(unknown user)</source>
        <translation>（未知用户）</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Add a branch</source>
        <translation>新增部门</translation>
    </message>
    <message>
        <source>Add a user</source>
        <translation>新增用户</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>系统管理员</translation>
    </message>
    <message>
        <source>Aging buckets</source>
        <translation>账龄分段</translation>
    </message>
    <message>
        <source>Agreement term (months)</source>
        <translation>协议期限（月）</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>已申请</translation>
    </message>
    <message>
        <source>Apply for a write-off</source>
        <translation>申请坏账核销</translation>
    </message>
    <message>
        <source>Apply for credit</source>
        <translation>提交记欠申请</translation>
    </message>
    <message>
        <source>Apply prepaid credit</source>
        <translation>预存款核销</translation>
    </message>
    <message>
        <source>Approve a write-off</source>
        <translation>批准坏账核销</translation>
    </message>
    <message>
        <source>Approve credit</source>
        <translation>审批通过</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>已批准核销</translation>
    </message>
    <message>
        <source>Arrears</source>
        <translation>欠费</translation>
    </message>
    <message>
        <source>Arrears reversed</source>
        <translation>欠费冲正</translation>
    </message>
    <message>
        <source>Arrears voucher</source>
        <translation>欠费凭证</translation>
    </message>
    <message>
        <source>Ask before arrears above (fen)</source>
        <translation>大额欠费确认线（分）</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>审计</translation>
    </message>
    <message>
        <source>Awaiting approval</source>
        <translation>待审批</translation>
    </message>
    <message>
        <source>Awaiting finance approval</source>
        <translation>待财务审批</translation>
    </message>
    <message>
        <source>Awaiting marketing review</source>
        <translation>待市场部审核</translation>
    </message>
    <message>
        <source>Awaiting the city office</source>
        <translation>待市局财务审批</translation>
    </message>
    <message>
        <source>Back up the database</source>
        <translation>备份数据库</translation>
    </message>
    <message>
        <source>Backup folder</source>
        <translation>备份文件夹</translation>
    </message>
    <message>
        <source>Bank transfer</source>
        <translation>银行转账</translation>
    </message>
    <message>
        <source>Blacklist</source>
        <translation>列入黑名单</translation>
    </message>
    <message>
        <source>Blacklisted</source>
        <translation>黑名单</translation>
    </message>
    <message>
        <source>Branch head</source>
        <translation>业务受理部门负责人</translation>
    </message>
    <message>
        <source>Build the tamper-evidence chains</source>
        <translation>建立防篡改链</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>刷卡</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>Cash-up</source>
        <translation>缴款</translation>
    </message>
    <message>
        <source>Change a password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>Change a setting</source>
        <translation>修改设置</translation>
    </message>
    <message>
        <source>Change a user's role</source>
        <translation>调岗（更改角色）</translation>
    </message>
    <message>
        <source>Change customer details</source>
        <translation>修改客户资料</translation>
    </message>
    <message>
        <source>Change the account manager</source>
        <translation>变更客户经理</translation>
    </message>
    <message>
        <source>Cheque</source>
        <translation>支票</translation>
    </message>
    <message>
        <source>City office decision</source>
        <translation>市局决定</translation>
    </message>
    <message>
        <source>Clearance certificate</source>
        <translation>清欠证明</translation>
    </message>
    <message>
        <source>Cleared</source>
        <translation>已清</translation>
    </message>
    <message>
        <source>Close a month</source>
        <translation>月结（结账）</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已结账</translation>
    </message>
    <message>
        <source>Collection agency</source>
        <translation>委托催收</translation>
    </message>
    <message>
        <source>Collection contact</source>
        <translation>催收记录</translation>
    </message>
    <message>
        <source>Collection document</source>
        <translation>催缴文书</translation>
    </message>
    <message>
        <source>Computer date</source>
        <translation>本机日期</translation>
    </message>
    <message>
        <source>Confirm an escalation step</source>
        <translation>确认催缴升级</translation>
    </message>
    <message>
        <source>Confirm this computer's date</source>
        <translation>确认本机日期</translation>
    </message>
    <message>
        <source>Counter staff</source>
        <translation>营业员</translation>
    </message>
    <message>
        <source>Court ruling: bankruptcy or enforcement ended</source>
        <translation>法院裁定破产或终结执行</translation>
    </message>
    <message>
        <source>Credit agreement</source>
        <translation>记欠协议</translation>
    </message>
    <message>
        <source>Credit application</source>
        <translation>记欠申请</translation>
    </message>
    <message>
        <source>Credit applied</source>
        <translation>预存款核销</translation>
    </message>
    <message>
        <source>Credit approved at the city office</source>
        <translation>市局市场部批准记欠申请</translation>
    </message>
    <message>
        <source>Credit approved by (branch/city office)</source>
        <translation>记欠审批（网点/市局）</translation>
    </message>
    <message>
        <source>Credit limits by grade</source>
        <translation>信用等级额度</translation>
    </message>
    <message>
        <source>Credit rejected at the city office</source>
        <translation>市局市场部驳回记欠申请</translation>
    </message>
    <message>
        <source>Credit restored on settling</source>
        <translation>结清后自动恢复记欠</translation>
    </message>
    <message>
        <source>Credit suspended</source>
        <translation>暂停记欠</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Daily report</source>
        <translation>营业日报单</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>Days backups are kept</source>
        <translation>备份保留天数</translation>
    </message>
    <message>
        <source>Days before a silent site is pointed out</source>
        <translation>网点未交换提醒天数</translation>
    </message>
    <message>
        <source>Days of reminder before the due date</source>
        <translation>到期提醒天数</translation>
    </message>
    <message>
        <source>Debtor deceased or declared missing</source>
        <translation>债务人死亡或被宣告失踪</translation>
    </message>
    <message>
        <source>Debtor deregistered or licence revoked</source>
        <translation>债务人注销或被吊销营业执照</translation>
    </message>
    <message>
        <source>Decide a branch's credit application at the city office</source>
        <translation>市局审批网点记欠申请</translation>
    </message>
    <message>
        <source>Decide a branch's write-off at the city office</source>
        <translation>市局审批网点坏账核销</translation>
    </message>
    <message>
        <source>Decline an escalation step</source>
        <translation>暂不催缴升级</translation>
    </message>
    <message>
        <source>Direct debit</source>
        <translation>托收</translation>
    </message>
    <message>
        <source>Disable a user</source>
        <translation>停用用户</translation>
    </message>
    <message>
        <source>Dispute over</source>
        <translation>异议</translation>
    </message>
    <message>
        <source>Disputed</source>
        <translation>有异议</translation>
    </message>
    <message>
        <source>Document date</source>
        <translation>文书日期</translation>
    </message>
    <message>
        <source>Document font</source>
        <translation>文书字体</translation>
    </message>
    <message>
        <source>Document number</source>
        <translation>文书编号</translation>
    </message>
    <message>
        <source>Document templates</source>
        <translation>文书模板</translation>
    </message>
    <message>
        <source>E-commerce</source>
        <translation>电商客户</translation>
    </message>
    <message>
        <source>Enable a user</source>
        <translation>启用用户</translation>
    </message>
    <message>
        <source>Escalation</source>
        <translation>催缴升级</translation>
    </message>
    <message>
        <source>Escalation ladders</source>
        <translation>催缴升级步骤</translation>
    </message>
    <message>
        <source>Exchange package</source>
        <translation>交换包</translation>
    </message>
    <message>
        <source>Export an exchange package</source>
        <translation>导出交换包</translation>
    </message>
    <message>
        <source>Export for the auditor</source>
        <translation>审计导出</translation>
    </message>
    <message>
        <source>Failed sign-in</source>
        <translation>登录失败</translation>
    </message>
    <message>
        <source>Finance</source>
        <translation>财务部门</translation>
    </message>
    <message>
        <source>Generate demo data</source>
        <translation>生成示范数据</translation>
    </message>
    <message>
        <source>Government and enterprise</source>
        <translation>政企客户</translation>
    </message>
    <message>
        <source>Hand in the day's money</source>
        <translation>缴款</translation>
    </message>
    <message>
        <source>Hand over to a colleague</source>
        <translation>工作交接</translation>
    </message>
    <message>
        <source>Import an exchange package</source>
        <translation>导入交换包</translation>
    </message>
    <message>
        <source>Import arrears</source>
        <translation>导入欠费</translation>
    </message>
    <message>
        <source>Import customers</source>
        <translation>导入客户资料</translation>
    </message>
    <message>
        <source>Import external totals</source>
        <translation>导入外部汇总数</translation>
    </message>
    <message>
        <source>Import revenue</source>
        <translation>导入业务收入</translation>
    </message>
    <message>
        <source>Imported file</source>
        <translation>导入文件</translation>
    </message>
    <message>
        <source>Intervention limits</source>
        <translation>人工干预限额</translation>
    </message>
    <message>
        <source>Issue a clearance certificate</source>
        <translation>出具清欠证明</translation>
    </message>
    <message>
        <source>Issue a payment notice</source>
        <translation>出具催缴通知书</translation>
    </message>
    <message>
        <source>Issue a statement</source>
        <translation>出具对账单</translation>
    </message>
    <message>
        <source>Issued by</source>
        <translation>出具机关</translation>
    </message>
    <message>
        <source>Key account</source>
        <translation>大客户</translation>
    </message>
    <message>
        <source>Late fee grace days</source>
        <translation>违约金宽限天数</translation>
    </message>
    <message>
        <source>Late fee per day (‰)</source>
        <translation>违约金日费率（‰）</translation>
    </message>
    <message>
        <source>Legal action</source>
        <translation>法律追缴</translation>
    </message>
    <message>
        <source>Lift a sign-in lock-out</source>
        <translation>解除登录锁定</translation>
    </message>
    <message>
        <source>Low prepaid credit threshold (%)</source>
        <translation>预存款预警比例（%）</translation>
    </message>
    <message>
        <source>Make the exchange signing key</source>
        <translation>生成交换签名密钥</translation>
    </message>
    <message>
        <source>Marketing</source>
        <translation>市场营销部</translation>
    </message>
    <message>
        <source>Marketing reviews write-offs</source>
        <translation>坏账核销须市场部审核</translation>
    </message>
    <message>
        <source>Month close</source>
        <translation>月结记录</translation>
    </message>
    <message>
        <source>Month reopened by the city office</source>
        <translation>市局财务反结账</translation>
    </message>
    <message>
        <source>Move a customer to another branch</source>
        <translation>客户转出至其他网点</translation>
    </message>
    <message>
        <source>No dispute</source>
        <translation>无异议</translation>
    </message>
    <message>
        <source>Note why a debt is long overdue</source>
        <translation>记录逾期原因调查</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未结账</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Over three years overdue, collection failed</source>
        <translation>逾期三年以上且催收无果</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>Overdue investigation</source>
        <translation>逾期原因调查</translation>
    </message>
    <message>
        <source>Pending approval</source>
        <translation>待审批</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Police or commerce office certificate</source>
        <translation>派出所或工商所证明无法收回</translation>
    </message>
    <message>
        <source>Print a receipt</source>
        <translation>打印收款收据</translation>
    </message>
    <message>
        <source>Print personal data</source>
        <translation>打印含个人信息的文书</translation>
    </message>
    <message>
        <source>Print the daily report</source>
        <translation>打印营业日报单</translation>
    </message>
    <message>
        <source>Public</source>
        <translation>公众客户</translation>
    </message>
    <message>
        <source>Rebuild the database from the city office's copy</source>
        <translation>从市局副本重建数据库</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>收款收据</translation>
    </message>
    <message>
        <source>Receive a hand-in</source>
        <translation>接收缴款</translation>
    </message>
    <message>
        <source>Record a collection contact</source>
        <translation>登记催收记录</translation>
    </message>
    <message>
        <source>Record a dispute</source>
        <translation>登记异议</translation>
    </message>
    <message>
        <source>Record a repayment</source>
        <translation>登记收款</translation>
    </message>
    <message>
        <source>Record a reply slip</source>
        <translation>登记回执</translation>
    </message>
    <message>
        <source>Record arrears</source>
        <translation>登记欠费</translation>
    </message>
    <message>
        <source>Record revenue</source>
        <translation>登记业务收入</translation>
    </message>
    <message>
        <source>Recover written-off debt</source>
        <translation>收回已核销坏账</translation>
    </message>
    <message>
        <source>Recovered bad debt</source>
        <translation>收回已核销坏账</translation>
    </message>
    <message>
        <source>Recovery of</source>
        <translation>收回已核销坏账</translation>
    </message>
    <message>
        <source>Register a customer</source>
        <translation>登记客户</translation>
    </message>
    <message>
        <source>Register an exchange site</source>
        <translation>登记交换网点</translation>
    </message>
    <message>
        <source>Reject a write-off</source>
        <translation>驳回坏账核销</translation>
    </message>
    <message>
        <source>Reject credit</source>
        <translation>审批驳回</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <source>Reminder</source>
        <translation>催缴提醒</translation>
    </message>
    <message>
        <source>Reopen a branch's month at the city office</source>
        <translation>市局决定网点反结账</translation>
    </message>
    <message>
        <source>Reopen a month</source>
        <translation>反结账</translation>
    </message>
    <message>
        <source>Reopened</source>
        <translation>已反结账</translation>
    </message>
    <message>
        <source>Repayment</source>
        <translation>收款</translation>
    </message>
    <message>
        <source>Repayment reversed</source>
        <translation>收款冲正</translation>
    </message>
    <message>
        <source>Replace the exchange signing key</source>
        <translation>更换交换签名密钥</translation>
    </message>
    <message>
        <source>Reply slip to</source>
        <translation>回执</translation>
    </message>
    <message>
        <source>Reset the administrator (command at this computer)</source>
        <translation>恢复管理员账号（本机命令）</translation>
    </message>
    <message>
        <source>Restore credit</source>
        <translation>恢复记欠</translation>
    </message>
    <message>
        <source>Restore the database from a backup</source>
        <translation>从备份恢复数据库</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>业务收入</translation>
    </message>
    <message>
        <source>Reversal of</source>
        <translation>冲正</translation>
    </message>
    <message>
        <source>Reverse a repayment</source>
        <translation>冲正收款</translation>
    </message>
    <message>
        <source>Reverse arrears</source>
        <translation>冲正欠费</translation>
    </message>
    <message>
        <source>Review a write-off</source>
        <translation>市场部审核坏账核销</translation>
    </message>
    <message>
        <source>Reviewed by marketing</source>
        <translation>市场部已审核</translation>
    </message>
    <message>
        <source>Revoke an exchange site</source>
        <translation>吊销交换网点</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <source>Set a clearance deadline</source>
        <translation>设定清欠期限</translation>
    </message>
    <message>
        <source>Set reminders before the due date</source>
        <translation>设置到期提醒</translation>
    </message>
    <message>
        <source>Set up the site</source>
        <translation>建立网点</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Settle a dispute</source>
        <translation>异议处理完毕</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>网点</translation>
    </message>
    <message>
        <source>Small debt (over a year overdue, at most ¥50,000)</source>
        <translation>小额欠费（逾期一年以上、不超过五万元）</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>情况说明</translation>
    </message>
    <message>
        <source>Suspend credit</source>
        <translation>暂停记欠资格</translation>
    </message>
    <message>
        <source>Take a decision of the city office</source>
        <translation>执行市局下发的决定</translation>
    </message>
    <message>
        <source>Take an exchange site's new key</source>
        <translation>更新交换网点密钥</translation>
    </message>
    <message>
        <source>Take on a customer from another branch</source>
        <translation>接收转入客户</translation>
    </message>
    <message>
        <source>Take the city office's settings</source>
        <translation>采用市局下发的设置</translation>
    </message>
    <message>
        <source>Tamper-evidence chains</source>
        <translation>防篡改链</translation>
    </message>
    <message>
        <source>Terminate and blacklist</source>
        <translation>终止协议并列入黑名单</translation>
    </message>
    <message>
        <source>Terminate the agreement</source>
        <translation>终止协议</translation>
    </message>
    <message>
        <source>Terminated</source>
        <translation>已终止</translation>
    </message>
    <message>
        <source>The city's branches</source>
        <translation>全市网点名录</translation>
    </message>
    <message>
        <source>Turn the late fee on or off</source>
        <translation>设置违约金</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>上门</translation>
    </message>
    <message>
        <source>Void a receipt</source>
        <translation>登记作废收据</translation>
    </message>
    <message>
        <source>Voided receipt</source>
        <translation>作废收据</translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation>微信</translation>
    </message>
    <message>
        <source>Withdraw a write-off application</source>
        <translation>撤回坏账核销申请</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <source>Within the deadline</source>
        <translation>限期内</translation>
    </message>
    <message>
        <source>Write a branch's copy (to rebuild from)</source>
        <translation>导出网点副本（供重建）</translation>
    </message>
    <message>
        <source>Write off bad debt</source>
        <translation>坏账核销</translation>
    </message>
    <message>
        <source>Write-off application</source>
        <translation>坏账核销申请</translation>
    </message>
    <message>
        <source>Write-off approved at the city office</source>
        <translation>市局财务批准坏账核销</translation>
    </message>
    <message>
        <source>Write-off of</source>
        <translation>坏账核销</translation>
    </message>
    <message>
        <source>Write-off rejected at the city office</source>
        <translation>市局财务驳回坏账核销</translation>
    </message>
    <message>
        <source>Write-off reviewed at the city office</source>
        <translation>市局市场部审核坏账核销</translation>
    </message>
    <message>
        <source>Write-offs approved by (branch/city office)</source>
        <translation>坏账核销审批（网点/市局）</translation>
    </message>
    <message>
        <source>Written</source>
        <translation>书面</translation>
    </message>
    <message>
        <source>Written notice</source>
        <translation>书面催缴通知</translation>
    </message>
    <message>
        <source>Written off</source>
        <translation>已核销</translation>
    </message>
    <message>
        <source>Zheng after jiao in amounts in words</source>
        <translation>金额大写“角”后加“整”</translation>
    </message>
    <message>
        <source>acknowledged</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>applied</source>
        <translation>已导入</translation>
    </message>
    <message>
        <source>apply for a bad-debt write-off</source>
        <translation>申请坏账核销</translation>
    </message>
    <message>
        <source>apply for credit</source>
        <translation>提交记欠申请</translation>
    </message>
    <message>
        <source>approve a bad-debt write-off</source>
        <translation>审批坏账核销</translation>
    </message>
    <message>
        <source>approve credit</source>
        <translation>审批信用额度</translation>
    </message>
    <message>
        <source>authorise arrears over the credit limit</source>
        <translation>授权超额度记欠</translation>
    </message>
    <message>
        <source>branch</source>
        <translation>网点</translation>
    </message>
    <message>
        <source>carried out at the branch</source>
        <translation>网点已执行</translation>
    </message>
    <message>
        <source>change a customer's status</source>
        <translation>变更客户状态</translation>
    </message>
    <message>
        <source>change the settings</source>
        <translation>修改系统设置</translation>
    </message>
    <message>
        <source>city office</source>
        <translation>市局</translation>
    </message>
    <message>
        <source>city package</source>
        <translation>市局包</translation>
    </message>
    <message>
        <source>close and reopen months</source>
        <translation>月结与反结账</translation>
    </message>
    <message>
        <source>confirm this computer's date</source>
        <translation>确认本机日期</translation>
    </message>
    <message>
        <source>duplicate, nothing changed</source>
        <translation>重复文件，未改动</translation>
    </message>
    <message>
        <source>enter revenue and reconciliation figures</source>
        <translation>录入收入与对账数据</translation>
    </message>
    <message>
        <source>finance at the city office</source>
        <translation>市局财务</translation>
    </message>
    <message>
        <source>finance at this branch</source>
        <translation>本网点财务</translation>
    </message>
    <message>
        <source>hand in the day's money and void receipts</source>
        <translation>缴款与作废收据</translation>
    </message>
    <message>
        <source>hand over a leaving handler's arrears</source>
        <translation>办理清欠交接</translation>
    </message>
    <message>
        <source>held</source>
        <translation>暂存待处理</translation>
    </message>
    <message>
        <source>ledger package</source>
        <translation>台账包</translation>
    </message>
    <message>
        <source>manage backups and restore</source>
        <translation>管理备份与恢复</translation>
    </message>
    <message>
        <source>manage users</source>
        <translation>管理用户</translation>
    </message>
    <message>
        <source>receive hand-ins</source>
        <translation>接收缴款</translation>
    </message>
    <message>
        <source>record arrears</source>
        <translation>登记欠费</translation>
    </message>
    <message>
        <source>record collection</source>
        <translation>登记催收</translation>
    </message>
    <message>
        <source>record repayments</source>
        <translation>登记收款</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>已拒收</translation>
    </message>
    <message>
        <source>refused at the branch</source>
        <translation>网点拒收</translation>
    </message>
    <message>
        <source>register customers</source>
        <translation>登记客户</translation>
    </message>
    <message>
        <source>register or revoke exchange sites</source>
        <translation>登记或吊销交换网点</translation>
    </message>
    <message>
        <source>reverse entries</source>
        <translation>冲正</translation>
    </message>
    <message>
        <source>review a bad-debt write-off</source>
        <translation>审核坏账核销申请</translation>
    </message>
    <message>
        <source>see customers' full ID and phone numbers</source>
        <translation>查看客户完整的证件号码和电话</translation>
    </message>
    <message>
        <source>send and receive exchange files</source>
        <translation>收发数据交换文件</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>已发出</translation>
    </message>
    <message>
        <source>sent down, awaiting the branch</source>
        <translation>已下发，待网点执行</translation>
    </message>
    <message>
        <source>superseded, nothing changed</source>
        <translation>已有更新的包，未改动</translation>
    </message>
    <message>
        <source>view reports</source>
        <translation>查看报表</translation>
    </message>
    <message>
        <source>view the audit trail</source>
        <translation>查看审计日志</translation>
    </message>
    <message>
        <source>view the ledger</source>
        <translation>查看台账</translation>
    </message>
</context>
<context>
    <name>WriteOffDialog</name>
    <message>
        <location filename="../../ui/write_off_dialog.py" line="31" />
        <source>Apply for a bad-debt write-off</source>
        <translation>申请坏账核销</translation>
    </message>
    <message>
        <location filename="../../ui/write_off_dialog.py" line="32" />
        <source>Item %1: %2 yuan may be applied for. The customer's collection record is attached as it is today.</source>
        <translation>欠费 %1：可申请核销 %2 元。客户当前的催收记录将随申请一并附上。</translation>
    </message>
    <message>
        <location filename="../../ui/write_off_dialog.py" line="42" />
        <source>Why it cannot be collected (required)</source>
        <translation>无法收回的原因（必填）</translation>
    </message>
    <message>
        <location filename="../../ui/write_off_dialog.py" line="47" />
        <source>Attach scans...</source>
        <translation>添加扫描件...</translation>
    </message>
    <message>
        <location filename="../../ui/write_off_dialog.py" line="48" />
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../ui/write_off_dialog.py" line="51" />
        <source>Cause</source>
        <translation>核销原因</translation>
    </message>
    <message>
        <location filename="../../ui/write_off_dialog.py" line="53" />
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <location filename="../../ui/write_off_dialog.py" line="54" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/write_off_dialog.py" line="64" />
        <source>Evidence scans (kept with their SHA-256)</source>
        <translation>证据扫描件（连同其 SHA-256 保存）</translation>
    </message>
    <message>
        <location filename="../../ui/write_off_dialog.py" line="68" />
        <source>Apply</source>
        <translation>申请</translation>
    </message>
    <message>
        <location filename="../../ui/write_off_dialog.py" line="68" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/write_off_dialog.py" line="82" />
        <source>at least %1 scan(s)</source>
        <translation>至少 %1 份扫描件</translation>
    </message>
    <message>
        <location filename="../../ui/write_off_dialog.py" line="84" />
        <source>the collection record</source>
        <translation>催收记录</translation>
    </message>
    <message>
        <location filename="../../ui/write_off_dialog.py" line="85" />
        <source>This cause needs: %1</source>
        <translation>此原因须有：%1</translation>
    </message>
    <message>
        <location filename="../../ui/write_off_dialog.py" line="88" />
        <source>Attach evidence scans</source>
        <translation>附证据扫描件</translation>
    </message>
    <message>
        <location filename="../../ui/write_off_dialog.py" line="89" />
        <source>Scans (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;All files (*)</source>
        <translation>扫描件 (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>WriteOffsPage</name>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="67" />
        <location filename="../../ui/pages/write_offs.py" line="90" />
        <location filename="../../ui/pages/write_offs.py" line="128" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="69" />
        <location filename="../../ui/pages/write_offs.py" line="91" />
        <location filename="../../ui/pages/write_offs.py" line="129" />
        <source>Voucher</source>
        <translation>凭证号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="70" />
        <source>Due date</source>
        <translation>到期日</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="71" />
        <source>Open</source>
        <translation>未核销</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="72" />
        <source>Already applied for</source>
        <translation>已申请核销</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="75" />
        <source>Apply for write-off...</source>
        <translation>申请坏账核销...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="79" />
        <source>Open items more than three months overdue (telecom 7.7).</source>
        <translation>逾期三个月以上的未结欠费（电信第七条第7款）。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="86" />
        <source>Apply</source>
        <translation>申请</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="89" />
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="92" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="93" />
        <location filename="../../ui/pages/write_offs.py" line="131" />
        <source>Cause</source>
        <translation>核销原因</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="94" />
        <location filename="../../ui/pages/write_offs.py" line="133" />
        <source>Applied by</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="95" />
        <source>Applied on</source>
        <translation>申请日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="96" />
        <source>Stage</source>
        <translation>进度</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="102" />
        <source>Reviewed</source>
        <translation>审核通过</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="104" />
        <source>Approve write-off</source>
        <translation>批准核销</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="106" />
        <source>Reject...</source>
        <translation>驳回...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="108" />
        <source>Withdraw...</source>
        <translation>撤回...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="110" />
        <source>Save evidence file...</source>
        <translation>保存证据文件...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="114" />
        <source>The selected application</source>
        <translation>所选申请</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="124" />
        <source>Applications</source>
        <translation>核销申请</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="127" />
        <source>Written off on</source>
        <translation>核销日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="130" />
        <source>Handler</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="134" />
        <source>Reviewed by</source>
        <translation>审核人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="135" />
        <source>Approved by</source>
        <translation>审批人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="136" />
        <source>Written off</source>
        <translation>核销金额</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="137" />
        <source>Recovered</source>
        <translation>已收回</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="138" />
        <source>Still out</source>
        <translation>尚未收回</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="141" />
        <source>Record money recovered...</source>
        <translation>登记收回...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="143" />
        <source>Export...</source>
        <translation>导出...</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="146" />
        <source>Written-off debts stay on record and may still be recovered (postal 18(3)).</source>
        <translation>已核销的坏账账销案存，继续保留追索权（邮政第十八条（三））。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="154" />
        <source>Written-off register</source>
        <translation>账销案存登记簿</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="163" />
        <source>Reject the application</source>
        <translation>驳回记欠申请</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="165" />
        <source>Withdraw the application</source>
        <translation>撤回申请</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="204" />
        <source>Select an application in the list to see its evidence and decide.</source>
        <translation>请在上方列表中选择一条申请，查看证据后再作决定。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="208" />
        <source>Scan</source>
        <translation>扫描件</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="210" />
        <source>Collection record when applied: %1 entries</source>
        <translation>申请时的催收记录：%1 条</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="217" />
        <source>Sent up with the data exchange: finance at the city office approves or rejects it; the write-off is booked here when the decision arrives.</source>
        <translation>已随数据交换上报：由市局财务批准或驳回；批准的决定下发到本网点时核销入账。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="225" />
        <source>Select an item first.</source>
        <translation>请先选择一笔欠费。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="261" />
        <source>Evidence file</source>
        <translation>证据文件</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="261" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="265" />
        <source>Save evidence file</source>
        <translation>保存证据文件</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="276" />
        <source>Select a written-off debt first.</source>
        <translation>请先选择一笔已核销的坏账。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="278" />
        <location filename="../../ui/pages/write_offs.py" line="283" />
        <source>Money recovered</source>
        <translation>收回已核销坏账</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="279" />
        <source>Amount recovered on %1 (yuan), received today:</source>
        <translation>欠费 %1 收回金额（元），今日收到：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="283" />
        <source>Receipt number:</source>
        <translation>收据号：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/write_offs.py" line="299" />
        <source>Export the register</source>
        <translation>导出登记簿</translation>
    </message>
</context>
<context><name>ReportWords</name><message><source>(no investigation note)</source><translation>（未填写调查说明）</translation></message><message><source>Aging analysis</source><translation>欠费账龄分析表</translation></message><message><source>Aging analysis ({scheme})</source><translation>欠费账龄分析表（{scheme}）</translation></message><message><source>Aging band</source><translation>账龄段</translation></message><message><source>Aging details</source><translation>欠费账龄明细</translation></message><message><source>Aging structure</source><translation>账龄结构</translation></message><message><source>Alipay</source><translation>支付宝</translation></message><message><source>All branches ({count})</source><translation>全部网点（{count} 个）</translation></message><message><source>Amount</source><translation>金额</translation></message><message><source>Amounts in yuan; a share is the band's part of all open arrears.</source><translation>金额单位：元；占比为该段金额占欠费总额的比例。</translation></message><message><source>Applied by</source><translation>申请人</translation></message><message><source>Approved by</source><translation>审批人</translation></message><message><source>Arrears / revenue</source><translation>欠费占收入比</translation></message><message><source>Arrears collected</source><translation>收回欠费</translation></message><message><source>Arrears incurred</source><translation>新增欠费</translation></message><message><source>Arrears over six months overdue need an investigation of the cause and stronger collection, and earn no commission (postal art. 18, 26).</source><translation>逾期六个月以上的欠费须查明原因并加大清收力度，且不计提成（邮政第十八条、第二十六条）。</translation></message><message><source>Arrears reversed</source><translation>欠费冲正</translation></message><message><source>Arrears to business revenue</source><translation>欠费占业务收入比例</translation></message><message><source>Arrears to revenue ratio</source><translation>欠费占收入比例</translation></message><message><source>As of</source><translation>截至日期</translation></message><message><source>Balance check: every difference is zero.</source><translation>平衡检查：各行差额均为零。</translation></message><message><source>Balances as of</source><translation>余额截至</translation></message><message><source>Bank transfer</source><translation>银行转账</translation></message><message><source>Billing period</source><translation>账期</translation></message><message><source>Billing period (telecom)</source><translation>账期账龄（电信口径）</translation></message><message><source>Bounced (payment reversed)</source><translation>退票（收款冲正）</translation></message><message><source>Branch</source><translation>网点</translation></message><message><source>Branch data</source><translation>网点数据</translation></message><message><source>Branches</source><translation>网点范围</translation></message><message><source>Business date</source><translation>业务日期</translation></message><message><source>Business line</source><translation>业务专业</translation></message><message><source>Business revenue excludes agency finance, rent and non-operating income; for a period and business line the latest entry counts.</source><translation>业务收入不含代理金融、租赁及营业外收入；同一期间、专业的收入以最后录入的为准。</translation></message><message><source>Business revenue this year</source><translation>本年业务收入</translation></message><message><source>Business system</source><translation>业务系统</translation></message><message><source>By branch</source><translation>按网点</translation></message><message><source>By business line</source><translation>按业务专业</translation></message><message><source>By customer</source><translation>按客户</translation></message><message><source>By customer group</source><translation>按客户群</translation></message><message><source>By handler</source><translation>按经办人</translation></message><message><source>By line</source><translation>按项目</translation></message><message><source>By payment method</source><translation>按缴款方式</translation></message><message><source>By posting day (the day an entry was made): a reversal or a bounce is a line of its own, negative, on the day it was made, and never changes the day of the entry it undoes; a report printed after its day ended is final: it never changes, and a reprint is the same as the original.</source><translation>按入账日（录入系统的日期）统计：冲正、退票记在办理当日，以负数单列，不改动原来那一天；日终后打印的日报即为定稿，已打印的日报不再变动，重印与原件相同。</translation></message><message><source>By supervisor (branch head)</source><translation>按负责人（部门负责人）</translation></message><message><source>Cannot be read</source><translation>无法读取</translation></message><message><source>Card</source><translation>刷卡</translation></message><message><source>Cash</source><translation>现金</translation></message><message><source>Cause</source><translation>核销原因</translation></message><message><source>Cause: arrears item {voucher} (#{item}) was offset beyond its amount; open {open} yuan.</source><translation>原因：欠费 {voucher}（#{item}）核销超过其金额，未核销额为 {open} 元。</translation></message><message><source>Cause: the maintained balance of {line}, {kept}, differs from the replay of the entries, {replayed}; run the data check (arrears-desk verify).</source><translation>原因：{line} 的维护余额 {kept} 与按分录重放的 {replayed} 不一致，请运行数据校验（arrears-desk verify）。</translation></message><message><source>Cheque</source><translation>支票</translation></message><message><source>City office: each branch as of its last package applied here (see 'Branch data'); totals are the sum of the branches'.</source><translation>市局汇总：各网点的数据截至其最后一个已导入的台账包（见“网点数据”表）；合计为各网点之和。</translation></message><message><source>Closed through</source><translation>已月结至</translation></message><message><source>Closing</source><translation>期末余额</translation></message><message><source>Code</source><translation>代码</translation></message><message><source>Collected</source><translation>本期收回</translation></message><message><source>Collected difference</source><translation>收回差额</translation></message><message><source>Commission base</source><translation>可计提成收回额</translation></message><message><source>Commission base: arrears collected in the period, except what was over six months overdue when collected (postal art. 26). After a hand-over an item counts for the one responsible now (the taken-over column); the ledger keeps its recorded handler (postal art. 25).</source><translation>可计提成收回额：本期实际收回的欠费，不含收回时已逾期超过6个月的欠费（邮政第二十六条）。办理工作交接后，欠费计入现责任人（其中接手一栏），原经办人仍记载于台账（邮政第二十五条）。</translation></message><message><source>Count</source><translation>笔数</translation></message><message><source>Customer</source><translation>客户</translation></message><message><source>Customer code</source><translation>客户代码</translation></message><message><source>Customer group</source><translation>客户群</translation></message><message><source>Customers owing</source><translation>欠费客户数</translation></message><message><source>Daily business report</source><translation>营业日报单</translation></message><message><source>Daily business report (arrears)</source><translation>营业日报单（欠费）</translation></message><message><source>Data as of</source><translation>数据截至</translation></message><message><source>Date</source><translation>日期</translation></message><message><source>Days overdue</source><translation>逾期天数账龄</translation></message><message><source>Days past due</source><translation>逾期天数</translation></message><message><source>Difference</source><translation>差额</translation></message><message><source>Differences</source><translation>差异清单</translation></message><message><source>Differs</source><translation>不符</translation></message><message><source>Direct debit</source><translation>托收</translation></message><message><source>Due date</source><translation>到期日</translation></message><message><source>E-commerce</source><translation>电商客户</translation></message><message><source>Evidence</source><translation>证据</translation></message><message><source>Finance</source><translation>财务</translation></message><message><source>First printed at {at} ({by}); this copy matches it.</source><translation>本日报于 {at} 首次打印（{by}），本次与原件相符。</translation></message><message><source>Government and enterprise</source><translation>政企客户</translation></message><message><source>Handler</source><translation>经办人</translation></message><message><source>Handler / receiver</source><translation>经办人/收款人</translation></message><message><source>Handler arrears assessment</source><translation>经办人欠费考核表</translation></message><message><source>Handler assessment</source><translation>经办人考核表</translation></message><message><source>Included</source><translation>已汇总</translation></message><message><source>Incurred</source><translation>本期新增</translation></message><message><source>Incurred difference</source><translation>新增差额</translation></message><message><source>Integrity root</source><translation>完整性根</translation></message><message><source>Investigation</source><translation>原因调查</translation></message><message><source>Item</source><translation>项目</translation></message><message><source>Items</source><translation>欠费明细</translation></message><message><source>Items incurred</source><translation>新增笔数</translation></message><message><source>Items overdue over six months</source><translation>逾期六个月以上欠费清单</translation></message><message><source>Key account</source><translation>大客户</translation></message><message><source>Last month</source><translation>隔月欠费</translation></message><message><source>Ledger collected</source><translation>台账收回</translation></message><message><source>Ledger incurred</source><translation>台账新增</translation></message><message><source>Ledger incurred by business date, collected by the offset's effective date (reversed entries left out); for the other side the month's latest import counts.</source><translation>台账新增按业务受理日期、收回按核销生效日期计（均不含已冲正）；对方数据以该账期最后一次导入为准。</translation></message><message><source>Line</source><translation>项目</translation></message><message><source>List</source><translation>清单</translation></message><message><source>Matches</source><translation>相符</translation></message><message><source>Money paid in</source><translation>收款</translation></message><message><source>Movement table</source><translation>欠费变动表</translation></message><message><source>Name</source><translation>名称</translation></message><message><source>Net money paid in</source><translation>实收款净额</translation></message><message><source>Net new arrears</source><translation>新增欠费净额</translation></message><message><source>No data received</source><translation>尚未收到数据</translation></message><message><source>No figures from the other side</source><translation>对方无数据</translation></message><message><source>No reconciliation figures from {source} imported for {period} yet.</source><translation>尚未导入 {period} 的{source}对账数据。</translation></message><message><source>No revenue</source><translation>无收入数据</translation></message><message><source>Not yet due</source><translation>未到期</translation></message><message><source>Note: {text}</source><translation>提示：{text}</translation></message><message><source>Of which overdue</source><translation>其中逾期</translation></message><message><source>Of which taken over</source><translation>其中接手</translation></message><message><source>Older than three months</source><translation>三个月以上</translation></message><message><source>On target</source><translation>达标</translation></message><message><source>Open</source><translation>未核销金额</translation></message><message><source>Opening</source><translation>期初余额</translation></message><message><source>Opening + incurred - collected - written off - reversed = closing; every difference should be zero.</source><translation>期初余额 + 本期新增 - 本期收回 - 本期核销坏账 - 本期冲正 = 期末余额；差额应为零。</translation></message><message><source>Opening and closing replay the ledger as of their day; collected includes bounced repayments (negative); reversed is what a reversed item had open at the start (all of it if incurred in the period).</source><translation>期初、期末按截至日重放台账计算；收回含退票冲回（负数）；冲正为被冲正欠费在期初的未核销额（本期新增的按全额）。</translation></message><message><source>Other</source><translation>其他</translation></message><message><source>Other side</source><translation>对方</translation></message><message><source>Outstanding</source><translation>欠费余额</translation></message><message><source>Over 6 months overdue</source><translation>逾期超6个月</translation></message><message><source>Over target</source><translation>超标</translation></message><message><source>Over {days} days</source><translation>{days}天以上</translation></message><message><source>Overdue over six months</source><translation>逾期六个月以上清单</translation></message><message><source>Packages applied</source><translation>已导入台账包</translation></message><message><source>Payment method</source><translation>缴款方式</translation></message><message><source>Per branch, in the 'Branch data' table</source><translation>各网点分别列于“网点数据”表</translation></message><message><source>Period</source><translation>期间</translation></message><message><source>Public</source><translation>公众客户</translation></message><message><source>Reconciliation (ledger and {source})</source><translation>业财对账表（台账与{source}）</translation></message><message><source>Reconciliation with finance</source><translation>业财对账表</translation></message><message><source>Recovered bad debt</source><translation>收回已核销坏账</translation></message><message><source>Recovered bad debt: money later received on written-off items, shown on its own line; it is neither part of the opening and closing balances nor unapplied credit (postal 18(3)).</source><translation>收回已核销坏账：已核销（账销案存）的欠费后来收回的款项，单列，不计入期初、期末余额，也不作为预存款（邮政第十八条（三））。</translation></message><message><source>Recovered in period</source><translation>本期收回坏账额</translation></message><message><source>Recovered so far</source><translation>已收回</translation></message><message><source>Repayments</source><translation>收回笔数</translation></message><message><source>Responsible now</source><translation>现责任人</translation></message><message><source>Result</source><translation>结果</translation></message><message><source>Revenue period</source><translation>收入期间</translation></message><message><source>Reversed</source><translation>本期冲正</translation></message><message><source>Reviewed by</source><translation>审核人</translation></message><message><source>Scheme</source><translation>口径</translation></message><message><source>Share</source><translation>占比</translation></message><message><source>Status</source><translation>状态</translation></message><message><source>Still out</source><translation>尚未收回</translation></message><message><source>Supervisor</source><translation>负责人</translation></message><message><source>Target (max)</source><translation>目标上限</translation></message><message><source>Third month</source><translation>三个月欠费</translation></message><message><source>This month</source><translation>当月欠费</translation></message><message><source>This report differs from the copy printed at {at} ({what}); run arrears-desk verify to find out why.</source><translation>本日报与 {at} 打印的原件不符（{what}），请运行 arrears-desk verify 查明原因。</translation></message><message><source>Total</source><translation>合计</translation></message><message><source>Voucher</source><translation>凭证号</translation></message><message><source>WeChat Pay</source><translation>微信</translation></message><message><source>Written off</source><translation>本期核销坏账</translation></message><message><source>Written off in period</source><translation>本期核销坏账额</translation></message><message><source>Written off on</source><translation>核销日期</translation></message><message><source>Written-off debts register</source><translation>账销案存登记簿</translation></message><message><source>Written-off debts register (kept for recovery)</source><translation>坏账核销登记簿（账销案存）</translation></message><message><source>Written-off debts stay on record and may still be recovered; recoveries are booked on their own (postal 18(3)). The handler and the approvers are named for accountability (postal 18(4), 25).</source><translation>已核销的坏账账销案存，继续保留追索权；收回时单独入账（邮政第十八条（三））。形成坏账的经办人与审批人均列明，以便追究责任（邮政第十八条（四）、第二十五条）。</translation></message><message><source>figures</source><translation>数字</translation></message><message><source>integrity root</source><translation>完整性根</translation></message><message><source>{branch} {name}: its data cannot be read ({reason}); not included.</source><translation>{branch} {name}：数据无法读取（{reason}），未计入。</translation></message><message><source>{branch} {name}: no data received yet; not included.</source><translation>{branch} {name}：尚未收到数据，未计入。</translation></message><message><source>{branch}: {text}</source><translation>{branch}：{text}</translation></message><message><source>{cause} ({day})</source><translation>{cause}（{day}）</translation></message><message><source>{count} customer(s) have no investigation note yet.</source><translation>{count} 户客户尚未填写原因调查说明。</translation></message><message><source>{count} item(s) differ; see 'Differences'.</source><translation>有 {count} 项不符，见“差异清单”。</translation></message><message><source>{day} is not over yet: these figures may still change; the copy printed after the day ended is final.</source><translation>{day} 尚未结束，本表数字仍会变动；日终后打印的才是定稿。</translation></message><message><source>{line}: arrears {arrears} yuan and no business revenue this year yet</source><translation>{line}：欠费 {arrears} 元，本年尚无业务收入数据</translation></message><message><source>{line}: arrears {arrears} yuan, {ratio} of business revenue, over the {target} target</source><translation>{line}：欠费 {arrears} 元，占业务收入 {ratio}，超过 {target} 的目标</translation></message><message><source>{low}-{high} days</source><translation>{low}-{high}天</translation></message><message><source>{name} · {band}</source><translation>{name} · {band}</translation></message><message><source>{root} (every ledger and audit record made before {before})</source><translation>{root}（{before} 之前记录的全部台账与审计记录）</translation></message><message><source>{source} collected</source><translation>{source}收回</translation></message><message><source>{source} incurred</source><translation>{source}新增</translation></message><message><source>{start} to {end}</source><translation>{start} 至 {end}</translation></message><message><source>{table} '{name}' does not balance: difference {difference} yuan.</source><translation>{table}“{name}”不平衡：差额 {difference} 元。</translation></message><message><source>{table}: {name}</source><translation>{table}：{name}</translation></message><message><source>{title} (city office)</source><translation>{title}（市局汇总）</translation></message></context></TS>