"""首次使用 on a counter PC of a branch whose ledger is on a database server (issue 15): instead of creating a
database file, the clerk types the server's address; a server database already set up becomes this PC's
database (remembered for the next start, no password kept), an empty one gets its site created there, and a
server that cannot be reached is told in Chinese with nothing remembered. Needs the test server
(ARREARS_DESK_TEST_PG, set by `make test`; CI sets ARREARS_DESK_REQUIRE_PG so a missing server fails)."""
from __future__ import annotations

import os

import pytest
from sqlalchemy.engine import make_url

from app.services import places
from app.services.context import Desk
from app.services.setup import create_site, site_info
from tests import server
from ui.first_start import FirstStartDialog
from ui.server_address import ServerAddressDialog

pytestmark = pytest.mark.gui

if not os.environ.get("ARREARS_DESK_TEST_PG") and not os.environ.get("ARREARS_DESK_REQUIRE_PG"):
    pytest.skip("no PostgreSQL test server (make test starts one)", allow_module_level=True)


@pytest.fixture
def counter_pc(tmp_path, monkeypatch):
    """A new counter PC: its machine folder empty, no ARREARS_DESK_DB, the new database file just created."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "machine"))
    monkeypatch.delenv("ARREARS_DESK_DB", raising=False)
    desk = Desk(tmp_path / "arrears.sqlite3")
    yield desk
    desk.close()


def typed_in(qtbot, monkeypatch, host: str, port: str, database: str, user: str) -> None:
    """The server dialog, as the clerk fills it in and presses Connect."""
    def ask(cls, parent=None):
        dialog = cls(parent)
        qtbot.addWidget(dialog)
        for field, text in ((dialog.host, host), (dialog.port, port), (dialog.database, database), (dialog.user, user)):
            field.setText(text)
        dialog.connect_to_server()
        qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted or dialog.error.text() != "",
                        timeout=30_000)
        return dialog if dialog.result() == dialog.DialogCode.Accepted else None
    monkeypatch.setattr(ServerAddressDialog, "ask", classmethod(ask))


def the_server(name: str) -> tuple[str, str, str, str]:
    url = make_url(server.database_url(name))
    return url.host, str(url.port), name, url.username


def test_a_counter_pc_joins_the_branchs_database_on_the_server_and_keeps_that_choice(qtbot, monkeypatch, counter_pc):
    name = server.new_database()
    first_counter = Desk(server.database_url(name))
    create_site(first_counter, code="BR01", name="城东支局", admin_username="admin", admin_password="admin-pass-1")
    first_counter.close()
    dialog = FirstStartDialog(counter_pc)
    qtbot.addWidget(dialog)
    assert not dialog.server_button.isHidden() and dialog.server_button.text() == "数据库在服务器上…"
    typed_in(qtbot, monkeypatch, *the_server(name))
    dialog.server_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.desk is not counter_pc and dialog.desk.server is not None
    assert site_info(dialog.desk).name == "城东支局"
    url = places.remembered_server()
    assert url == server.database_url(name) and places.default_db_path() == url  # the next start opens it
    dialog.desk.close()


def test_an_empty_server_database_gets_the_branchs_site_created_there(qtbot, monkeypatch, counter_pc):
    name = server.new_database()
    dialog = FirstStartDialog(counter_pc)
    qtbot.addWidget(dialog)
    typed_in(qtbot, monkeypatch, *the_server(name))
    dialog.server_button.click()
    assert dialog.result() != dialog.DialogCode.Accepted  # the site is still to be created, on the server
    assert "还是空的" in dialog.intro.text() and dialog.server_button.isHidden() and dialog.demo_button.isHidden()
    assert places.remembered_server() is None  # nothing remembered until the server database is set up
    qtbot.keyClicks(dialog.site_code, "BR02")
    dialog.site_name.insert("北关支局")
    qtbot.keyClicks(dialog.password, "admin-pass-1")
    qtbot.keyClicks(dialog.password_again, "admin-pass-1")
    dialog.create()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted)
    assert server.rows(dialog.desk, "SELECT code, name FROM sites WHERE is_local") == [("BR02", "北关支局")]
    assert not counter_pc.has_site()  # the new file stays empty
    assert places.remembered_server() == server.database_url(name)
    dialog.desk.close()


def test_a_server_that_cannot_be_reached_is_told_in_chinese_and_nothing_is_remembered(qtbot, monkeypatch, counter_pc):
    dialog = FirstStartDialog(counter_pc)
    qtbot.addWidget(dialog)
    typed_in(qtbot, monkeypatch, "127.0.0.1", "1", "arrears", "arrears_counter")  # nothing listens on port 1
    dialog.server_button.click()
    assert dialog.desk is counter_pc and not dialog.server_button.isHidden()
    assert places.remembered_server() is None


def test_the_server_dialog_names_the_field_at_fault(qtbot):
    dialog = ServerAddressDialog()
    qtbot.addWidget(dialog)
    dialog.host.setText("db-server")
    dialog.port.setText("54x")
    dialog.connect_to_server()
    assert "端口" in dialog.error.text() and "54x" in dialog.error.text()
    dialog.host.clear()
    dialog.connect_to_server()
    assert "服务器" in dialog.error.text()


def test_the_server_dialog_says_in_chinese_why_the_server_refused(qtbot):
    dialog = ServerAddressDialog()
    qtbot.addWidget(dialog)
    dialog.host.setText("127.0.0.1")
    dialog.port.setText("1")
    dialog.connect_to_server()
    qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=30_000)
    assert "拒绝连接" in dialog.error.text() and dialog.result() != dialog.DialogCode.Accepted
    assert dialog.buttons.isEnabled()  # the clerk may correct the address and try again
