<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>CustomerTableModel</name>
    <message>
        <location filename="../../ui/models.py" line="16" />
        <source>Pending approval</source>
        <translation>待审批</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="17" />
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="18" />
        <source>Credit suspended</source>
        <translation>暂停记欠</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="19" />
        <source>Terminated</source>
        <translation>已终止</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="20" />
        <source>Blacklisted</source>
        <translation>黑名单</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="23" />
        <source>Public</source>
        <translation>公众客户</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="24" />
        <source>Government and enterprise</source>
        <translation>政企客户</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="25" />
        <source>Key account</source>
        <translation>大客户</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="26" />
        <source>E-commerce</source>
        <translation>电商客户</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="27" />
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="36" />
        <source>Code</source>
        <translation>客户代码</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="36" />
        <source>Name</source>
        <translation>客户名称</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="37" />
        <source>Group</source>
        <translation>客户群</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="37" />
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="38" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="38" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>CustomersPage</name>
    <message>
        <location filename="../../ui/main_window.py" line="33" />
        <source>Search by name, customer code or phone</source>
        <translation>按客户名称、客户代码或电话搜索</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/main_window.py" line="66" />
        <source>Showing the first %n customers; type to narrow the search</source>
        <translation>
            <numerusform>显示前 %n 个客户，请输入条件缩小范围</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/main_window.py" line="68" />
        <source>%n customer(s)</source>
        <translation>
            <numerusform>共 %n 个客户</numerusform></translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <location filename="../../ui/first_start.py" line="18" />
        <source>ArrearsDesk - first start</source>
        <translation>用户欠费管理系统 - 首次使用</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="19" />
        <source>Welcome. Create this workstation's site and its first administrator.</source>
        <translation>欢迎使用。请建立本机的网点信息和第一个系统管理员。</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="22" />
        <source>e.g. BR01</source>
        <translation>例如 BR01</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="24" />
        <source>e.g. East District Branch</source>
        <translation>例如 城东支局</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="32" />
        <source>Site code</source>
        <translation>网点代码</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="33" />
        <source>Site name</source>
        <translation>网点名称</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="34" />
        <location filename="../../ui/first_start.py" line="52" />
        <source>Administrator</source>
        <translation>系统管理员</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="35" />
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="36" />
        <source>Password again</source>
        <translation>确认密码</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="37" />
        <source>Create</source>
        <translation>建立</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="37" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="47" />
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/login_dialog.py" line="18" />
        <source>ArrearsDesk - sign in</source>
        <translation>用户欠费管理系统 - 登录</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="19" />
        <source>Sign in to %1</source>
        <translation>登录 %1</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="26" />
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="27" />
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="28" />
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="28" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="18" />
        <source>Counter staff</source>
        <translation>营业员</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="19" />
        <source>Branch head</source>
        <translation>业务受理部门负责人</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="20" />
        <source>Marketing</source>
        <translation>市场营销部</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="21" />
        <source>Finance</source>
        <translation>财务部门</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="22" />
        <source>Audit</source>
        <translation>审计</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="23" />
        <source>Administrator</source>
        <translation>系统管理员</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="83" />
        <source>ArrearsDesk - Customer Arrears Management</source>
        <translation>用户欠费管理系统</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="88" />
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="89" />
        <source>Record arrears</source>
        <translation>欠费登记</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="89" />
        <source>Repayments</source>
        <translation>收款核销</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="89" />
        <source>Collection</source>
        <translation>催缴</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="89" />
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="90" />
        <source>Data exchange</source>
        <translation>数据交换</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="90" />
        <source>Settings</source>
        <translation>系统设置</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="106" />
        <source>User: %1 (%2)</source>
        <translation>用户：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="108" />
        <source>Site: %1</source>
        <translation>网点：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="109" />
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="121" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="122" />
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="126" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="127" />
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="129" />
        <source>About ArrearsDesk</source>
        <translation>关于用户欠费管理系统</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="130" />
        <source>ArrearsDesk - customer arrears management for branch offices.</source>
        <translation>用户欠费管理系统：营业网点协议客户欠费管理。</translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <location filename="../../ui/main_window.py" line="74" />
        <source>%1: this area is being built.</source>
        <translation>%1：此功能正在建设中。</translation>
    </message>
</context>
</TS>