"""The Chinese texts for resources/translations/arrears_desk_zh_CN.ts (English source -> zh_CN).

`python resources/translations/zh_CN.py` fills the .ts after `pyside6-lupdate`; then `pyside6-lrelease`
compiles the .qm the app loads. Both files are committed.
"""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ZH = {
    "Search by name, customer code or phone": "按客户名称、客户代码或电话搜索",
    "%n customer(s)": "共 %n 个客户",
    "Showing the first %n customers; type to narrow the search": "显示前 %n 个客户，请输入条件缩小范围",
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
    "Counter staff": "营业员",
    "Branch head": "业务受理部门负责人",
    "Marketing": "市场营销部",
    "Finance": "财务部门",
    "Audit": "审计",
    "Pending approval": "待审批",
    "Active": "正常",
    "Credit suspended": "暂停记欠",
    "Terminated": "已终止",
    "Blacklisted": "黑名单",
    "Public": "公众客户",
    "Government and enterprise": "政企客户",
    "Key account": "大客户",
    "E-commerce": "电商客户",
    "Other": "其他",
    "Code": "客户代码",
    "Name": "客户名称",
    "Group": "客户群",
    "Contact": "联系人",
    "Phone": "电话",
    "Status": "状态",
}


def fill(ts_path: Path) -> list[str]:
    tree = ET.parse(ts_path)
    missing = []
    for message in tree.iter("message"):
        source = message.findtext("source")
        translation = message.find("translation")
        text = ZH.get(source)
        if text is None:
            missing.append(source)
            continue
        translation.attrib.pop("type", None)
        if message.get("numerus") == "yes":
            for child in list(translation):
                translation.remove(child)
            ET.SubElement(translation, "numerusform").text = text
        else:
            translation.text = text
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    return missing


if __name__ == "__main__":
    missing = fill(Path(__file__).with_name("arrears_desk_zh_CN.ts"))
    if missing:
        print("untranslated:", *missing, sep="\n  ")
        sys.exit(1)
