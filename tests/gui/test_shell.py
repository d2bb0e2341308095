"""The desktop shell as a first-time user meets it: first start, sign in, the main window."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from app.domain.errors import DomainError
from app.services.context import Desk, FixedClock
from app.services.customers import CustomerInput, register_customer
from app.services.setup import site_info
from tests.factories import PASSWORD, make_desk
from ui.first_start import FirstStartDialog
from ui.login_dialog import LoginDialog
from ui.main_window import MainWindow
from db.customers import CustomerListRow as CustomerRow
from ui.models import RowTableModel
from ui.pages.customers import CUSTOMER_COLUMNS
from ui.style import alert_color
from ui.tasks import writing

pytestmark = pytest.mark.gui


def test_first_start_creates_the_site_and_the_administrator(qtbot, tmp_path):
    desk = Desk(tmp_path / "new.sqlite3", clock=FixedClock(date(2026, 11, 25)))
    dialog = FirstStartDialog(desk)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "用户欠费管理系统 - 首次使用"
    qtbot.keyClicks(dialog.site_code, "BR07")
    dialog.site_name.insert("北关支局")
    qtbot.keyClicks(dialog.password, "admin-pass-1")
    qtbot.keyClicks(dialog.password_again, "admin-pass-1")
    dialog.create()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted)
    assert desk.has_site() and site_info(desk).name == "北关支局"
    desk.close()


def test_first_start_says_in_chinese_what_is_wrong_and_creates_nothing(qtbot, tmp_path):
    desk = Desk(tmp_path / "new.sqlite3")
    dialog = FirstStartDialog(desk)
    qtbot.addWidget(dialog)
    dialog.site_code.insert("北关")  # not letters/digits; Chinese comes from the IME, not key clicks
    dialog.site_name.insert("北关支局")
    qtbot.keyClicks(dialog.password, "admin-pass-1")
    qtbot.keyClicks(dialog.password_again, "admin-pass-1")
    dialog.create()
    qtbot.waitUntil(lambda: "网点代码" in dialog.error.text())
    assert not desk.has_site()
    desk.close()


def test_wrong_password_is_refused_in_chinese_and_the_dialog_stays(qtbot, tmp_path):
    desk, _staff = make_desk(tmp_path / "a.sqlite3")
    dialog = LoginDialog(desk, "城东支局")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, "clerk")
    qtbot.keyClicks(dialog.password, "wrong-password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.error.text() == "用户名或密码错误。再输错 4 次，账号将被锁定 15 分钟")
    assert dialog.actor is None and dialog.password.text() == ""
    assert dialog.result() != dialog.DialogCode.Accepted  # the dialog stays
    qtbot.keyClicks(dialog.password, PASSWORD)
    dialog.sign_in()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted)
    assert dialog.actor is not None and dialog.actor.username == "clerk"
    desk.close()


def test_main_window_shows_who_is_signed_in_and_lists_customers(qtbot, tmp_path):
    desk, staff = make_desk(tmp_path / "a.sqlite3")
    register_customer(desk, staff.clerk, CustomerInput(name="东方贸易有限公司", phone="0311-8888"))
    window = MainWindow(desk, staff.clerk, "城东支局")
    qtbot.addWidget(window)
    assert "张营业" in window.user_label.text() and "营业员" in window.user_label.text()
    assert window.site_label.text() == "网点：城东支局"
    assert window.area_titles() == ["今日", "客户", "客户台账", "欠费登记", "收款核销", "缴款", "催缴", "报表", "看板", "坏账核销"]
    customers = window.areas["customers"]
    qtbot.waitUntil(lambda: customers.model.rowCount() == 1)
    model = customers.model
    assert model.index(0, 1).data() == "东方贸易有限公司"
    assert model.index(0, 5).data() == "待审批"
    assert model.headerData(1, Qt.Orientation.Horizontal) == "客户名称"
    assert "共 1 个客户" in customers.totals.text()
    with qtbot.waitSignal(customers.model.modelReset):  # the reload runs off the GUI thread
        customers.reload()
    window.close()
    desk.close()


def test_search_as_you_type_narrows_the_list_off_the_gui_thread(qtbot, tmp_path):
    desk, staff = make_desk(tmp_path / "a.sqlite3")
    for name in ("东方贸易有限公司", "西山物流有限公司", "东城印务"):
        register_customer(desk, staff.clerk, CustomerInput(name=name))
    window = MainWindow(desk, staff.clerk, "城东支局")
    qtbot.addWidget(window)
    customers = window.areas["customers"]
    qtbot.waitUntil(lambda: customers.model.rowCount() == 3)
    customers.search.insert("东")
    qtbot.waitUntil(lambda: customers.model.rowCount() == 2, timeout=3000)
    window.close()
    desk.close()


def test_customer_table_model_is_a_well_behaved_qt_model(qtmodeltester):
    rows = [CustomerRow(1, "BR01000001", "东方贸易有限公司", "government", "0311", "active", "张营业", 1_234_500, 100, 0),
            CustomerRow(2, "BR01000002", "西山物流", "public", "", "suspended", "李营业", -5, 0, 700)]
    model = RowTableModel(CUSTOMER_COLUMNS, "CustomersPage")
    model.set_rows(rows)
    qtmodeltester.check(model)
    assert model.index(0, 2).data() == "12,345.00"
    assert model.index(0, 2).data(Qt.ItemDataRole.UserRole) == 1_234_500
    assert model.index(0, 2).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert model.index(0, 3).data(Qt.ItemDataRole.ForegroundRole) == alert_color()  # overdue marked
    assert model.index(1, 2).data(Qt.ItemDataRole.ForegroundRole) is None  # a negative figure is not an error


def test_customer_list_filters_sorts_by_amount_and_remembers_its_filters(qtbot, tmp_path):
    from app.services.arrears import ArrearsInput, record_arrears
    from app.services.context import FixedClock
    from tests.factories import approved_customer
    desk, staff = make_desk(tmp_path / "a.sqlite3", today=date(2026, 1, 2))
    small = approved_customer(desk, staff, "小额客户")
    big = approved_customer(desk, staff, "大额客户")
    register_customer(desk, staff.clerk, CustomerInput(name="新登记客户"))
    desk.clock = FixedClock(date(2026, 1, 10))
    record_arrears(desk, staff.clerk, ArrearsInput(small, "LETTER", date(2026, 1, 5), 900, "V1"))
    record_arrears(desk, staff.clerk, ArrearsInput(big, "LETTER", date(2026, 1, 6), 10_000, "V2"))
    desk.clock = FixedClock(date(2026, 6, 1))
    window = MainWindow(desk, staff.clerk, "城东支局")
    qtbot.addWidget(window)
    page = window.areas["customers"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    page.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # open amount, numerically
    assert [page.model.index(r, 1).data() for r in range(3)] == ["大额客户", "小额客户", "新登记客户"]
    with qtbot.waitSignal(page.model.modelReset):
        page.overdue_only.setChecked(True)
    assert page.model.rowCount() == 2
    assert "逾期 109.00" in page.totals.text()
    with qtbot.waitSignal(page.model.modelReset):
        page.status_filter.setCurrentIndex(page.status_filter.findData("pending"))
    assert page.model.rowCount() == 0
    window.close()  # saves the filters
    again = MainWindow(desk, staff.clerk, "城东支局")
    qtbot.addWidget(again)
    assert again.areas["customers"].overdue_only.isChecked()
    assert again.areas["customers"].status_filter.currentData() == "pending"
    again.close()
    desk.close()


def test_each_role_sees_only_its_areas(qtbot, tmp_path):
    desk, staff = make_desk(tmp_path / "a.sqlite3")
    seen = {}
    for name in ("marketing", "head", "admin", "auditor"):
        window = MainWindow(desk, getattr(staff, name), "城东支局")
        qtbot.addWidget(window)
        seen[name] = window.area_titles()
        window.close()
    assert "记欠审批" in seen["marketing"] and "欠费登记" not in seen["marketing"]
    assert "审计日志" in seen["head"] and "记欠审批" not in seen["head"]
    assert seen["admin"] == ["数据交换", "审计日志", "系统设置", "催缴规则与文书", "备份"]
    assert "备份" in seen["head"] and "备份" not in seen["auditor"]
    assert "欠费登记" not in seen["auditor"] and "审计日志" in seen["auditor"]
    desk.close()


def test_the_session_locks_when_idle_and_opens_only_with_the_password(qtbot, tmp_path):
    desk, staff = make_desk(tmp_path / "a.sqlite3")
    window = MainWindow(desk, staff.clerk, "城东支局")
    qtbot.addWidget(window)
    window.set_idle_timeout(50)
    qtbot.waitUntil(lambda: window.locked, timeout=3000)
    qtbot.keyClicks(window.lock_panel.password, "wrong-password")
    qtbot.keyClick(window.lock_panel.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.lock_panel.error.text() == "用户名或密码错误。再输错 4 次，账号将被锁定 15 分钟")
    assert window.locked
    window.set_idle_timeout(0)
    qtbot.keyClicks(window.lock_panel.password, PASSWORD)
    qtbot.keyClick(window.lock_panel.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.locked)
    window.close()
    desk.close()


def test_activity_keeps_the_session_open(qtbot, tmp_path):
    desk, staff = make_desk(tmp_path / "a.sqlite3")
    window = MainWindow(desk, staff.clerk, "城东支局")
    qtbot.addWidget(window)
    window.show()
    window.set_idle_timeout(4000)  # long enough that a loaded machine's stalls do not skip the half being waited for
    search = window.areas["customers"].search
    for _ in range(3):
        # well into the idle time, a key press starts it again from the full length
        qtbot.waitUntil(lambda: 0 <= window._idle.remainingTime() < 2000, timeout=6000)
        qtbot.keyClick(search, Qt.Key.Key_A)
        assert window._idle.remainingTime() > 3000 and not window.locked
    qtbot.waitUntil(lambda: window.locked, timeout=8000)
    window.close()
    desk.close()


def test_english_is_available_as_the_source_language(qtbot, qapp, tmp_path):
    qapp.removeTranslator(qapp.property("arrears_translator"))
    desk, staff = make_desk(tmp_path / "a.sqlite3")
    window = MainWindow(desk, staff.clerk, "East Branch")
    qtbot.addWidget(window)
    assert window.area_titles()[:3] == ["Today", "Customers", "Customer ledger"]
    assert window.user_label.text() == "User: 张营业 (Counter staff)"
    window.close()
    desk.close()


def test_the_app_exits_cleanly_after_background_work(tmp_path):
    """Closing the app after the customer list loaded in the background ends the process cleanly."""
    import os
    import subprocess
    import sys
    from pathlib import Path
    desk, staff = make_desk(tmp_path / "a.sqlite3")
    register_customer(desk, staff.clerk, CustomerInput(name="东方贸易有限公司"))
    desk.close()
    script = f"""
from ui.main import make_application, shutdown
from app.services.context import Desk
from app.services.auth import login
from ui.main_window import MainWindow
app = make_application([])
desk = Desk({str(desk.location)!r})
window = MainWindow(desk, login(desk, "clerk", {PASSWORD!r}), "x")
page = window.areas["customers"]
from PySide6.QtCore import QEventLoop
loop = QEventLoop()
page.model.modelReset.connect(loop.quit)
window.show()
loop.exec()
shutdown(app, window, desk)
print("closed")
"""
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(root))
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "closed" in result.stdout


def test_first_start_can_load_demo_data_off_the_gui_thread(qtbot, tmp_path):
    desk = Desk(tmp_path / "new.sqlite3", clock=FixedClock(date(2026, 11, 25)))
    dialog = FirstStartDialog(desk)
    qtbot.addWidget(dialog)
    seen = []
    with qtbot.waitSignal(dialog.load_demo().done, timeout=60_000) as done:
        dialog.loader.progressed.connect(lambda d, t: seen.append(d))
    assert done.args == [True]
    assert dialog.result() == dialog.DialogCode.Accepted
    assert desk.has_site() and site_info(desk).code == "DEMO"
    assert not list(tmp_path.glob(".demo-*"))
    desk.close()


def test_cancelling_the_demo_leaves_the_empty_database_untouched(qtbot, tmp_path):
    desk = Desk(tmp_path / "new.sqlite3", clock=FixedClock(date(2026, 11, 25)))
    dialog = FirstStartDialog(desk)
    qtbot.addWidget(dialog)
    from ui.demo_loader import DemoLoader
    job = DemoLoader(desk, customers=400)
    job.cancel()
    with qtbot.waitSignal(job.done, timeout=60_000) as done:
        job.start()
    assert done.args == [False]
    assert not desk.has_site()
    assert not list(tmp_path.glob(".demo-*"))
    desk.close()


def test_idle_time_is_a_remembered_workstation_setting(qtbot, tmp_path):
    from PySide6.QtCore import QSettings
    desk, staff = make_desk(tmp_path / "a.sqlite3")
    window = MainWindow(desk, staff.clerk, "城东支局")
    qtbot.addWidget(window)
    window.set_idle_minutes(3)
    assert window._idle.interval() == 180_000 and int(QSettings().value("security/idle_minutes")) == 3
    again = MainWindow(desk, staff.clerk, "城东支局")
    qtbot.addWidget(again)
    assert again._idle.interval() == 180_000
    window.set_idle_minutes(0)
    assert not window._idle.isActive()
    window.close()
    again.close()
    desk.close()


def test_the_administrator_adds_staff_who_can_then_sign_in(qtbot, tmp_path):
    from app.services.auth import login
    from tests.factories import rows
    desk = Desk(tmp_path / "new.sqlite3", clock=FixedClock(date(2026, 11, 25)))
    from app.services.setup import create_site
    admin = create_site(desk, code="BR07", name="北关支局", admin_username="admin", admin_password="admin-pass-1")
    window = MainWindow(desk, admin, "北关支局")
    qtbot.addWidget(window)
    users = window.show_area("settings")
    qtbot.keyClicks(users.username, "zhang")
    users.display_name.insert("张营业")
    users.role.setCurrentIndex(users.role.findData("counter"))
    qtbot.keyClicks(users.password, "clerk-pass-1")
    qtbot.keyClick(users.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "zhang" in users.done.text())
    assert users.done.text() == "已新增 zhang（营业员）。"
    qtbot.waitUntil(lambda: users.model.rowCount() == 2)  # the list refreshes from the change
    assert login(desk, "zhang", "clerk-pass-1").role.value == "counter"
    users.table.selectRow([u.username for u in users.model.rows].index("zhang"))
    users.toggle()
    qtbot.waitUntil(lambda: rows(desk, "SELECT COUNT(*) FROM audit_log WHERE action = 'user.disable'") == [(1,)])
    with pytest.raises(DomainError):
        login(desk, "zhang", "clerk-pass-1")
    qtbot.waitUntil(lambda: users.model.selected(users.table).is_active is False)  # still selected, now disabled
    assert users.model.index(users.table.currentIndex().row(), 3).data() == "已停用"
    qtbot.waitUntil(lambda: not writing(users))  # the disabling has settled: a second click while it runs is ignored
    users.table.selectRow([u.username for u in users.model.rows].index("admin"))
    users.toggle()
    qtbot.waitUntil(lambda: users.error.text() == "不能停用自己的账号")
    window.close()
    desk.close()


def test_signing_out_closes_the_window_and_asks_for_the_next_user(qtbot, tmp_path, monkeypatch):
    from ui import main as ui_main
    desk, staff = make_desk(tmp_path / "a.sqlite3")
    desk.close()
    asked = []
    actors = iter([staff.clerk, None])  # the clerk signs in, signs out; the next person cancels

    def fake_login(cls, d, site_name, notice="", opening=None):
        asked.append(site_name)
        return next(actors)

    import ui.main_window
    monkeypatch.setattr(ui_main.LoginDialog, "ask", classmethod(fake_login))
    windows = []
    real_window = ui.main_window.MainWindow

    def make_window(*args):
        window = real_window(*args)
        windows.append(window)
        from PySide6.QtCore import QTimer
        QTimer.singleShot(0, window.sign_out)  # once the window's event loop runs
        return window

    monkeypatch.setattr(ui.main_window, "MainWindow", make_window)  # run_gui imports it once signed in
    assert ui_main.run_gui(desk.location if desk.path is None else desk.path) == 0
    assert asked == ["城东支局", "城东支局"] and windows[0].signed_out


def test_checkable_open_items_model_is_a_well_behaved_qt_model(qtmodeltester):
    from app.services.dto import ItemInfo
    from ui.pages.repayment import OPEN_COLUMNS
    items = [ItemInfo(k, 1, f"PZ{k}", "函件", date(2026, 1, k), 202601, date(2026, 3, 2), 10_000 * k, 5_000 * k, "张营业",
                      True) for k in (1, 2, 3)]
    model = RowTableModel(OPEN_COLUMNS, "RepaymentPage")
    model.set_rows(items)
    qtmodeltester.check(model)
    assert model.setData(model.index(1, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert [i.voucher_no for i in model.checked_rows()] == ["PZ2"]
    model.sort(5, Qt.SortOrder.DescendingOrder)  # sorting is refused while items are ticked (rows are positions)
    assert [i.voucher_no for i in model.checked_rows()] == ["PZ2"]


def test_only_the_administrator_sees_where_the_database_file_lives(qtbot, tmp_path):
    desk, staff = make_desk(tmp_path / "a.sqlite3")
    clerk = MainWindow(desk, staff.clerk, "城东支局")
    admin = MainWindow(desk, staff.admin, "城东支局")
    for window in (clerk, admin):
        qtbot.addWidget(window)
        window.show()
    assert not clerk.db_label.isVisible() and admin.db_label.isVisible()
    desk.close()
