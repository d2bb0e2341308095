"""A database server that asks for a password (issue 15: pgui): the password comes from the environment,
~/.pgpass or a prompt, never from the command line or a log; a server that cannot be reached is told in
words. Runs on either backend: the server here is tests.password_server's stand-in."""
from __future__ import annotations

import socket

import pytest

from app.cli import EXIT_REFUSED, main
from app.domain.errors import DomainError
from app.services.context import Desk
from db.engine import make_engine
from tests.password_server import PasswordServer


@pytest.fixture
def no_stored_password(monkeypatch, tmp_path):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    monkeypatch.setenv("ARREARS_DESK_LOG", str(tmp_path / "log" / "arrears-desk.log"))
    return tmp_path / "log" / "arrears-desk.log"


@pytest.fixture
def server():
    stand_in = PasswordServer()
    yield stand_in
    stand_in.close()


class Terminal:
    @staticmethod
    def isatty() -> bool:
        return True


def test_a_server_that_wants_a_password_libpq_found_nowhere_says_so_and_a_typed_one_reaches_it(server, no_stored_password):
    with pytest.raises(DomainError) as asked:
        Desk(server.url())
    assert asked.value.code == "db.server_password_needed" and "PGPASSWORD" in asked.value.message("zh")
    with pytest.raises(DomainError) as refused:
        Desk(server.url(user="clerk", database="other"), password="s3cret-1")
    assert refused.value.code == "db.server_bad_password" and "用户名或密码不对" in refused.value.message("zh")
    assert server.passwords == ["s3cret-1"]
    assert "s3cret" not in no_stored_password.read_text(encoding="utf-8")


def test_a_typed_password_stays_out_of_the_url_the_program_shows_and_logs(server, no_stored_password):
    desk_url = server.url(database="shown")
    with pytest.raises(DomainError) as refused:
        Desk(desk_url, password="s3cret-2")
    assert "s3cret" not in refused.value.message("zh")
    engine = make_engine(desk_url)
    assert "s3cret" not in str(engine.url) and engine.url.password is None
    engine.dispose()


def test_the_command_line_prompts_for_the_password_at_a_terminal(server, no_stored_password, monkeypatch, capsys):
    prompts = []
    monkeypatch.setattr("sys.stdin", Terminal())
    monkeypatch.setattr("getpass.getpass", lambda prompt: prompts.append(prompt) or "s3cret-3")
    assert main(["verify", "--db", server.url(database="cli")]) == EXIT_REFUSED
    assert server.passwords == ["s3cret-3"]
    assert prompts and "127.0.0.1" in prompts[0] and "s3cret" not in prompts[0]
    err = capsys.readouterr().err
    assert "用户名或密码不对" in err and "s3cret" not in err


def test_without_a_terminal_the_command_line_says_what_the_server_wants(server, no_stored_password, capsys):
    assert main(["verify", "--db", server.url(database="batch")]) == EXIT_REFUSED
    assert server.passwords == []
    assert "要求输入密码" in capsys.readouterr().err


def test_a_server_that_cannot_be_reached_is_told_with_what_to_do(no_stored_password):
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]  # closed again: nothing listens there
    with pytest.raises(DomainError) as refused:
        Desk(f"postgresql+psycopg://clerk@127.0.0.1:{port}/branch")
    assert refused.value.code == "db.server_refused" and "请核对地址和端口" in refused.value.message("zh")
    with pytest.raises(DomainError) as unknown:
        Desk("postgresql+psycopg://clerk@no-such-host.invalid/branch")
    assert unknown.value.code == "db.server_unknown_host" and "主机名" in unknown.value.message("zh")
