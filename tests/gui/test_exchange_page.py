"""数据交换 on screen: a branch exports its package to a folder, the city office imports it (and a damaged
copy), and both pages say what became of each file; held files wait in amber; a counter clerk has no such
page; the administrator registers, revokes and re-keys sites there."""
from __future__ import annotations

import threading
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QPushButton

from app.services.context import FixedClock
from app.services.exchange import export_packages, import_packages, register_site, write_identity
from tests.factories import approved_customer, make_desk, rows
from ui.main_window import MainWindow
from ui.pages import exchange as exchange_page
from ui.style import ALERT, GOOD, WARN

pytestmark = pytest.mark.gui
TODAY = date(2026, 6, 15)


@pytest.fixture
def sites(tmp_path):
    """A branch (BR01) and the city office, each registered at the other, the branch with one customer."""
    branch, branch_staff = make_desk(tmp_path / "branch.sqlite3", TODAY)
    city, city_staff = make_desk(tmp_path / "city.sqlite3", TODAY, code="CITY", kind="city")
    register_site(city, city_staff.admin, write_identity(branch, tmp_path))
    register_site(branch, branch_staff.admin, write_identity(city, tmp_path))
    approved_customer(branch, branch_staff)
    yield branch, branch_staff, city, city_staff
    branch.close()
    city.close()


def open_page(qtbot, desk, actor, name="城东支局"):
    window = MainWindow(desk, actor, name)
    qtbot.addWidget(window)
    page = window.show_area("exchange")
    qtbot.waitUntil(lambda: page.status is not None)  # loaded off the GUI thread when first shown
    return window, page


def history(page) -> list[tuple]:
    return [(p.direction, p.site, p.seq, p.state.value) for p in page.packages_model.rows]


def result_lines(page) -> list[tuple[str, str]]:
    items = [page.results.item(i) for i in range(page.results.count())]
    return [(item.text(), item.foreground().color().name()) for item in items]


def test_a_branch_exports_and_the_city_office_imports_and_both_pages_show_the_history(qtbot, sites, tmp_path):
    branch, branch_staff, city, city_staff = sites
    _w, page = open_page(qtbot, branch, branch_staff.head)
    assert page.heading.text() == "本网点：BR01（网点）"
    assert [(p.code, p.kind) for p in page.peers_model.rows] == [("CITY", "city")]
    out = tmp_path / "usb"
    page.export_to(out)
    qtbot.waitUntil(lambda: "已导出 1 个文件" in page.message.text(), timeout=20_000)
    assert "BR01-000001.adx" in page.message.text() and page.message.styleSheet() == f"color: {GOOD}"
    assert (out / "BR01-000001.adx").exists()
    qtbot.waitUntil(lambda: history(page) == [("out", "CITY", 1, "sent")])
    assert page.packages_model.index(0, 5).data() == "已发出"
    assert "市局尚未确认：第 1 号包" in page.unacknowledged.text()

    truncated = tmp_path / "BR01-000001-copy.adx"
    truncated.write_bytes((out / "BR01-000001.adx").read_bytes()[:300])  # a copy that did not finish
    _w2, city_page = open_page(qtbot, city, city_staff.head, "市局")
    city_page.import_from([out / "BR01-000001.adx", truncated])
    qtbot.waitUntil(lambda: city_page.last_run is not None, timeout=20_000)
    lines = result_lines(city_page)
    assert lines[0] == ("BR01-000001.adx：已导入", GOOD)
    assert lines[1][0].startswith("BR01-000001-copy.adx：已拒收：文件“BR01-000001-copy.adx”不是交换包")
    assert lines[1][1] == ALERT
    assert "2 个文件：导入 1 个，暂存 0 个，拒收 1 个" in city_page.message.text()
    assert city_page.message.styleSheet() == f"color: {ALERT}"  # a refusal is the news
    qtbot.waitUntil(lambda: ("in", "BR01", 1, "applied") in history(city_page))
    assert ("in", "?", 0, "refused") in history(city_page)
    peer = city_page.peers_model.rows[0]
    assert (peer.code, peer.applied_up_to, peer.held) == ("BR01", 1, 0)
    refused = next(i for i, p in enumerate(city_page.packages_model.rows) if p.state.value == "refused")
    assert "不完整" in city_page.packages_model.index(refused, 8).data()
    city_page.packages.selectRow(refused)
    assert "请让对方重新导出该文件" in city_page.detail.text()  # the whole reason under the table

    # The city office answers; the branch takes the acknowledgement and has nothing left unacknowledged.
    back = tmp_path / "back"
    city_page.export_to(back)
    qtbot.waitUntil(lambda: "CITY-BR01-000001.adx" in city_page.message.text(), timeout=20_000)
    page.import_from([back / "CITY-BR01-000001.adx"])
    qtbot.waitUntil(lambda: page.last_run is not None, timeout=20_000)
    assert result_lines(page) == [("CITY-BR01-000001.adx：已导入", GOOD)]
    qtbot.waitUntil(lambda: ("out", "CITY", 1, "acknowledged") in history(page))
    assert page.unacknowledged.text() == "市局已确认收到发出的全部包。"


def _two_packages(branch, staff, out):
    export_packages(branch, staff.head, out)
    approved_customer(branch, staff, "西城商行")
    export_packages(branch, staff.head, out)


def test_a_package_ahead_of_a_missing_one_is_held_in_amber(qtbot, sites, tmp_path):
    branch, branch_staff, city, city_staff = sites
    out = tmp_path / "usb"
    _two_packages(branch, branch_staff, out)
    _w, page = open_page(qtbot, city, city_staff.admin, "市局")
    page.import_from([out / "BR01-000002.adx"])
    qtbot.waitUntil(lambda: page.last_run is not None, timeout=20_000)
    [(text, colour)] = result_lines(page)
    assert text == "BR01-000002.adx：暂存待处理：缺少 BR01 第 1 号包。文件“BR01-000002.adx”（第 2 号）已暂存，缺的包到达后自动导入"
    assert colour == WARN and page.message.styleSheet() == f"color: {WARN}"
    qtbot.waitUntil(lambda: page.peers_model.rows and page.peers_model.rows[0].held == 1)
    assert page.peers_model.index(0, 6).data() == "暂存 1 个包，等待缺少的包"
    held = next(i for i, p in enumerate(page.packages_model.rows) if p.state.value == "held")
    assert page.packages_model.index(held, 0).data(Qt.ItemDataRole.ForegroundRole).name() == WARN


def test_the_held_package_is_named_as_applied_with_the_one_that_fills_the_gap(qtbot, sites, tmp_path):
    branch, branch_staff, city, city_staff = sites
    out = tmp_path / "usb"
    _two_packages(branch, branch_staff, out)
    import_packages(city, city_staff.admin, [out / "BR01-000002.adx"])
    _w, page = open_page(qtbot, city, city_staff.admin, "市局")
    page.import_from([out / "BR01-000001.adx"])
    qtbot.waitUntil(lambda: page.last_run is not None or bool(page.message.text()), timeout=20_000)
    assert result_lines(page) == [("BR01-000001.adx：已导入（同时导入了暂存的第 2 号包）", GOOD)]
    qtbot.waitUntil(lambda: page.peers_model.rows[0].applied_up_to == 2)


def test_a_branch_silent_for_too_long_is_pointed_out_in_red(qtbot, sites, tmp_path):
    branch, branch_staff, city, city_staff = sites
    export_packages(branch, branch_staff.head, tmp_path / "usb")
    import_packages(city, city_staff.head, [tmp_path / "usb" / "BR01-000001.adx"])
    city.clock = FixedClock(date(2026, 6, 30))  # fifteen days later, nothing more has come
    _w, page = open_page(qtbot, city, city_staff.head, "市局")
    assert page.peers_model.index(0, 6).data() == "已 15 天未收到文件"
    assert page.peers_model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole).name() == ALERT
    assert page.notice.isVisibleTo(page) and "超过 7 天未收到文件：BR01（15 天）" in page.notice.text()
    assert page.notice.styleSheet() == f"color: {ALERT}"


def test_a_counter_clerk_has_no_exchange_page_and_a_branch_head_no_site_buttons(qtbot, sites):
    branch, branch_staff, _city, _city_staff = sites
    clerk = MainWindow(branch, branch_staff.clerk, "城东支局")
    qtbot.addWidget(clerk)
    assert "exchange" not in clerk.areas and "数据交换" not in clerk.area_titles()
    _w, head_page = open_page(qtbot, branch, branch_staff.head)
    assert head_page.export_button.isVisibleTo(head_page) and head_page.import_button.isVisibleTo(head_page)
    assert not any(b.isVisibleTo(head_page) for b in head_page._site_buttons())
    _w2, admin_page = open_page(qtbot, branch, branch_staff.admin)
    assert all(b.isVisibleTo(admin_page) for b in admin_page._site_buttons())


def test_the_administrator_registers_the_city_office_from_the_page_after_being_told_to(qtbot, tmp_path, monkeypatch):
    branch, staff = make_desk(tmp_path / "branch.sqlite3", TODAY)
    city, _city_staff = make_desk(tmp_path / "city.sqlite3", TODAY, code="CITY", kind="city")
    _w, page = open_page(qtbot, branch, staff.head)
    assert "本网点尚未登记市局" in page.notice.text() and "请系统管理员" in page.notice.text()
    assert not page.export_button.isEnabled()
    _w2, page = open_page(qtbot, branch, staff.admin)
    assert "“登记对方设置文件…”" in page.notice.text()
    page.register_from(write_identity(city, tmp_path))
    qtbot.waitUntil(lambda: "已登记：市局（CITY）" in page.message.text(), timeout=20_000)
    qtbot.waitUntil(lambda: [p.code for p in page.peers_model.rows] == ["CITY"])
    assert page.notice.isHidden() or "尚未登记市局" not in page.notice.text()
    assert page.export_button.isEnabled()

    # The setup file for the city office, written where the administrator chose.
    page.write_identity_to(tmp_path / "mine.json")
    qtbot.waitUntil(lambda: "设置文件已写入" in page.message.text(), timeout=20_000)
    assert (tmp_path / "mine.json").exists()

    # Revoking asks first; no means nothing happens.
    page.peers.selectRow(0)
    asked = []
    monkeypatch.setattr(page, "confirm", lambda title, text, yes: asked.append(text) or False)
    assert page.revoke_selected() is None
    assert "吊销市局（CITY）" in asked[0]
    monkeypatch.setattr(page, "confirm", lambda title, text, yes: asked.append(text) or True)
    page.revoke_selected()
    qtbot.waitUntil(lambda: "已吊销：市局（CITY）" in page.message.text(), timeout=20_000)
    qtbot.waitUntil(lambda: page.peers_model.rows[0].revoked)
    assert page.peers_model.index(0, 6).data() == "已吊销"
    assert rows(branch, "SELECT COUNT(*) FROM sites WHERE code = 'CITY' AND revoked_at IS NOT NULL") == [(1,)]

    # A new key: the confirmation says the other side must register the new setup file.
    page.renew()
    assert "交给市局重新登记" in asked[-1] and "对方会拒收本网点发出的文件" in asked[-1]
    qtbot.waitUntil(lambda: "新密钥已生成" in page.message.text(), timeout=20_000)
    assert rows(branch, "SELECT COUNT(*) FROM audit_log WHERE action = 'exchange.key_renewed'") == [(1,)]
    branch.close()
    city.close()


def test_cancelling_an_import_stops_between_files_and_shows_what_was_done(qtbot, sites, tmp_path, monkeypatch):
    branch, branch_staff, city, city_staff = sites
    out = tmp_path / "usb"
    _two_packages(branch, branch_staff, out)
    entered, release = threading.Event(), threading.Event()
    real = exchange_page.import_packages

    def slow(*args, **kwargs):
        entered.set()
        release.wait(10)  # the first file is being imported when the Cancel comes
        return real(*args, **kwargs)
    monkeypatch.setattr(exchange_page, "import_packages", slow)
    _w, page = open_page(qtbot, city, city_staff.head, "市局")
    page.import_from([out / "BR01-000001.adx", out / "BR01-000002.adx"])
    qtbot.waitUntil(entered.is_set, timeout=20_000)
    job, _task = page._progress_job
    page.findChild(QProgressDialog).findChild(QPushButton).click()  # the progress dialog's Cancel
    assert job.cancelled
    release.set()
    qtbot.waitUntil(lambda: page.last_run is not None, timeout=20_000)
    assert [text for text, _c in result_lines(page)] == ["BR01-000001.adx：已导入", "BR01-000002.adx：未导入（已取消）"]
    assert "已取消：1 个文件未导入" in page.message.text()
    qtbot.waitUntil(lambda: page.peers_model.rows and page.peers_model.rows[0].applied_up_to == 1)
