"""审计日志, sign-in and the lock screen as people see them: actions and records in words of their
language (no internal codes), a failed sign-in names the user typed, a wrong password says the attempts
left, and the lock screen's words are never cut off, at 1024x768 and 1366x768, in Chinese and English."""
from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt

from app.domain.errors import DomainError
from app.domain.signin import MAX_FAILED_ATTEMPTS
from app.services.arrears import ArrearsInput, record_arrears
from app.services.auth import login
from tests.factories import PASSWORD, approved_customer, make_desk
from ui.i18n import install_translator
from ui.login_dialog import LoginDialog
from ui.main_window import MainWindow
from ui.pages.audit import AuditPage

pytestmark = pytest.mark.gui
CODE = re.compile(r"\b[a-z_]+\.[a-z_]+\b|#\d")  # collection.notice, user #2


@pytest.fixture
def trail(tmp_path):
    desk, staff = make_desk(tmp_path / "a.sqlite3")
    cid = approved_customer(desk, staff)
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", desk.clock.today(), 10_000, "PZ-0001",
                                                   signature_confirmed=True))
    for name in ("clerk", "S3cret-as-name"):
        with pytest.raises(DomainError):
            login(desk, name, "wrong-password")
    yield desk, staff
    desk.close()


def _cells(page: AuditPage) -> list[list[str]]:
    model = page.model
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def _english(qapp) -> None:
    translator = qapp.property("arrears_translator")
    if translator is not None:
        qapp.removeTranslator(translator)
    install_translator(qapp, "en")


def test_the_audit_trail_speaks_in_words_and_names_records_and_the_user_typed(qtbot, qapp, trail):
    desk, staff = trail
    page = AuditPage(desk, staff.head)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.model.rowCount() > 10)
    cells = _cells(page)
    assert not [row for row in cells if any(CODE.search(text or "") for text in row[1:])]
    actions = {row[2] for row in cells}
    assert {"登录失败", "登记欠费", "登记客户", "审批通过", "新增用户"} <= actions
    failed = [(row[1], row[4]) for row in cells if row[2] == "登录失败"]
    assert failed == [("（未知用户）", "用户 （未知用户）"), ("clerk", "用户 clerk")]
    assert ["登记欠费", "东方贸易有限公司", "欠费凭证 PZ-0001"] == next(row[2:] for row in cells if row[2] == "登记欠费")
    assert page.action.itemText(page.action.findData("collection.notice")) == "出具催缴通知书"
    _english(qapp)
    english = AuditPage(desk, staff.head)
    qtbot.addWidget(english)
    qtbot.waitUntil(lambda: english.model.rowCount() == len(cells))
    rows = _cells(english)
    assert [(row[1], row[2], row[4]) for row in rows if row[2] == "Failed sign-in"] == [
        ("(unknown user)", "Failed sign-in", "User (unknown user)"), ("clerk", "Failed sign-in", "User clerk")]
    assert "Arrears voucher PZ-0001" in {row[4] for row in rows}
    assert english.action.itemText(english.action.findData("collection.notice")) == "Issue a payment notice"


def test_the_action_filter_finds_failed_sign_ins_by_the_name_typed(qtbot, trail):
    desk, staff = trail
    page = AuditPage(desk, staff.head)
    qtbot.addWidget(page)
    page.user.setText("clerk")
    page.action.setCurrentIndex(page.action.findData("auth.login_failed"))
    page.reload()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert _cells(page)[0][1:3] == ["clerk", "登录失败"]
    page.table.selectRow(0)
    assert "clerk  登录失败  用户 clerk\n用户名：clerk\n本系统用户：是" in page.detail.toPlainText()
    assert page.raw.toPlainText().startswith("变更前：-\n变更后：{")


def _select(qtbot, page: AuditPage, action: str) -> str:
    qtbot.waitUntil(lambda: page.model.rowCount() > 10)
    page.table.selectRow(next(r for r in range(page.model.rowCount()) if page.model.index(r, 2).data() == action))
    return page.detail.toPlainText()


def test_the_audit_detail_tells_the_entry_in_words_with_the_stored_record_one_click_away(qtbot, qapp, trail):
    desk, staff = trail
    page = AuditPage(desk, staff.head)
    qtbot.addWidget(page)
    page.show()
    text = _select(qtbot, page, "登记欠费")
    clerk = staff.clerk.display_name
    for said in ("凭证号：PZ-0001", "金额：100.00", f"经办人：{clerk}", "客户已签字确认：是",
                 f"账期：{desk.clock.today():%Y-%m}", "到期日：", "业务专业：函件"):
        assert said in text, text
    assert not re.search(r"[{}\[\]\"]|_id\b|#\d", text)  # no JSON, no keys, no bare ids
    assert "超额" not in text  # a key with nothing in it takes no line
    assert page.raw.isHidden()
    page.raw_toggle.click()
    assert page.raw.isVisible() and '"voucher_no": "PZ-0001"' in page.raw.toPlainText()
    _english(qapp)
    english = AuditPage(desk, staff.head)
    qtbot.addWidget(english)
    text = _select(qtbot, english, "Record arrears")
    for said in ("Voucher number: PZ-0001", "Amount: 100.00", f"Handler: {clerk}", "Signed by the customer: yes"):
        assert said in text, text
    data = {"东方贸易有限公司", clerk, "函件"}  # the customer, the handler, the business line: names, as they are
    rest = text
    for name in data:
        rest = rest.replace(name, "")
    assert not re.search(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", rest), text


def test_sign_in_says_the_attempts_left_then_when_the_lock_ends_and_who_lifts_it(qtbot, tmp_path):
    desk, _staff = make_desk(tmp_path / "a.sqlite3")
    dialog = LoginDialog(desk, "城东支局")
    qtbot.addWidget(dialog)
    dialog.username.setText("clerk")
    for left in range(MAX_FAILED_ATTEMPTS - 1, 0, -1):
        dialog.password.setText("wrong-password")
        dialog.sign_in()
        qtbot.waitUntil(lambda left=left: f"再输错 {left} 次" in dialog.error.text())
    dialog.password.setText("wrong-password")
    dialog.sign_in()
    qtbot.waitUntil(lambda: "已锁定至" in dialog.error.text())
    assert "“系统设置”的用户管理中解除锁定" in dialog.error.text()
    dialog.show()
    qtbot.waitExposed(dialog)
    label = dialog.error
    assert label.heightForWidth(label.width()) <= label.height(), "the lock-out message is not cut off"
    desk.close()


def test_an_administrator_lifts_the_lock_in_the_users_page(qtbot, tmp_path):
    desk, staff = make_desk(tmp_path / "a.sqlite3")
    for _ in range(MAX_FAILED_ATTEMPTS):
        with pytest.raises(DomainError):
            login(desk, "clerk", "wrong-password")
    window = MainWindow(desk, staff.admin, "城东支局")
    qtbot.addWidget(window)
    users = window.show_area("settings")
    qtbot.waitUntil(lambda: users.model.rowCount() > 1)
    row = next(r for r in range(users.model.rowCount()) if users.model.index(r, 0).data() == "clerk")
    assert users.model.index(row, 3).data() == "锁定至 09:15"
    users.table.selectRow(row)
    users.unlock_button.click()
    qtbot.waitUntil(lambda: users.done.text() == "clerk 已可重新登录。")
    qtbot.waitUntil(lambda: users.model.index(row, 3).data() == "正常")
    assert login(desk, "clerk", PASSWORD).username == "clerk"
    window.close()
    desk.close()


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)])
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_lock_screen_message_fits_its_label_at_every_size(qtbot, qapp, tmp_path, size, language):
    if language == "en":
        _english(qapp)
    desk, staff = make_desk(tmp_path / "a.sqlite3")
    for _ in range(MAX_FAILED_ATTEMPTS - 1):  # the longest message the lock screen shows: the lock-out
        with pytest.raises(DomainError):
            login(desk, "admin", "wrong-password")
    window = MainWindow(desk, staff.admin, "城东支局")
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.lock()
    panel = window.lock_panel
    panel.password.setText("wrong-password")
    qtbot.keyClick(panel.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "reset-admin" in panel.error.text())
    for label in (panel.title, panel.error):
        qtbot.waitUntil(lambda label=label: label.heightForWidth(label.width()) <= label.height(), timeout=2000)
        assert label.isVisible() and label.width() > 200
        assert label.sizeHint().height() <= label.height(), (label.text(), label.geometry())
        assert panel.rect().contains(label.geometry().translated(label.parentWidget().pos()))
    window.close()
    desk.close()
