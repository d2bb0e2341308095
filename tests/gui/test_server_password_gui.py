"""The desktop app on a database server that wants a password (issue 15: pgui): a masked dialog asks for it
(again, saying why, when the server refuses it); cancelling closes the app; a server that cannot be reached
is a message saying what to do."""
from __future__ import annotations

import socket

import pytest
from PySide6.QtWidgets import QLineEdit

from tests.password_server import PasswordServer


@pytest.fixture
def server(monkeypatch, tmp_path):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    monkeypatch.setenv("ARREARS_DESK_LOG", str(tmp_path / "arrears-desk.log"))
    stand_in = PasswordServer()
    yield stand_in
    stand_in.close()


def test_the_app_asks_for_the_servers_password_until_given_or_cancelled(server, monkeypatch, tmp_path):
    from ui import main as ui_main
    from ui.server_password import ServerPasswordDialog
    asked = []
    answers = iter(["s3cret-gui", None])  # a wrong password, then the user gives up

    def ask(cls, shown, notice=""):
        asked.append((shown, notice))
        return next(answers)

    monkeypatch.setattr(ServerPasswordDialog, "ask", classmethod(ask))
    assert ui_main.run_gui(server.url(database="gui")) == 0
    assert server.passwords == ["s3cret-gui"]
    (first_server, first), (_, second) = asked
    assert "127.0.0.1" in first_server and "要求输入密码" in first and "用户名或密码不对" in second
    assert "s3cret" not in (tmp_path / "arrears-desk.log").read_text(encoding="utf-8")


def test_the_password_dialog_masks_what_is_typed(qtbot):
    from ui.server_password import ServerPasswordDialog
    dialog = ServerPasswordDialog("postgresql+psycopg://clerk@db.example/branch", "拒绝登录")
    qtbot.addWidget(dialog)
    assert dialog.password.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.notice.text() == "拒绝登录"


def test_a_server_that_cannot_be_reached_is_a_message_saying_what_to_do(monkeypatch):
    from ui import main as ui_main
    shown = []
    monkeypatch.setattr(ui_main.QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    assert ui_main.run_gui(f"postgresql+psycopg://clerk@127.0.0.1:{port}/branch") == 2
    assert "拒绝连接" in shown[0] and "请核对地址和端口" in shown[0]
