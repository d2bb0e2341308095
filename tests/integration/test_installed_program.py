"""The installed program (issue 16): where the ledger lives on a PC, what is refused, --version, a windowed
build without a console. The Windows rules run here with a faked platform and environment."""
from __future__ import annotations

import sys
import tomllib
from pathlib import Path, PureWindowsPath

import pytest

from app.cli import default_db_path as cli_default_db_path, main
from app.domain.errors import DomainError
from app.services import places
from app.services.context import Desk
from app.services.demo import DEMO_PASSWORD
from app.version import app_version

ROOT = Path(__file__).resolve().parents[2]
WINDOWS = {"PROGRAMDATA": r"C:\ProgramData", "LOCALAPPDATA": r"C:\Users\张 三\AppData\Local"}


def test_on_windows_the_default_ledger_is_machine_wide_so_every_windows_account_shares_it():
    assert places.default_db_path("win32", WINDOWS, exists=lambda p: False) == \
        PureWindowsPath(r"C:\ProgramData\ArrearsDesk\arrears.sqlite3")
    assert places.data_folder("win32", {"PROGRAMDATA": r"D:\公共 数据"}) == PureWindowsPath(r"D:\公共 数据\ArrearsDesk")
    assert places.data_folder("win32", {}) == PureWindowsPath(r"C:\ProgramData\ArrearsDesk")


def test_a_ledger_kept_per_user_by_an_earlier_version_is_still_found_until_a_machine_wide_one_exists():
    earlier = PureWindowsPath(r"C:\Users\张 三\AppData\Local\ArrearsDesk\arrears.sqlite3")
    shared = PureWindowsPath(r"C:\ProgramData\ArrearsDesk\arrears.sqlite3")
    assert places.default_db_path("win32", WINDOWS, exists=lambda p: p == earlier) == earlier
    assert places.default_db_path("win32", WINDOWS, exists=lambda p: True) == shared


def test_arrears_desk_db_overrides_the_default(monkeypatch, tmp_path):
    monkeypatch.setenv("ARREARS_DESK_DB", str(tmp_path / "台账 2026" / "a.sqlite3"))
    assert cli_default_db_path() == tmp_path / "台账 2026" / "a.sqlite3"
    assert places.default_db_path("win32", {**WINDOWS, "ARREARS_DESK_DB": r"E:\账\a.sqlite3"}) == Path(r"E:\账\a.sqlite3")


def test_a_server_database_chosen_at_first_start_is_this_machines_database_until_arrears_desk_db_says_otherwise(
        tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # where platformdirs puts the machine's folder
    env = {}
    url = places.server_address("db-server", "5432", "arrears", "arrears_counter")
    assert url == "postgresql+psycopg://arrears_counter@db-server:5432/arrears"
    assert places.remembered_server("linux", env) is None
    places.remember_server(url, "linux", env)
    assert (tmp_path / "data" / "ArrearsDesk" / "server.txt").read_text(encoding="utf-8").strip() == url
    assert places.default_db_path("linux", env) == url
    assert places.default_db_path("linux", {**env, "ARREARS_DESK_DB": str(tmp_path / "a.sqlite3")}) == \
        tmp_path / "a.sqlite3"
    on_windows = places.default_db_path("win32", WINDOWS, exists=lambda p: False,
                                        read=lambda p: url if p == PureWindowsPath(
                                            r"C:\ProgramData\ArrearsDesk\server.txt") else None)
    assert on_windows == url  # machine-wide, beside the database file every Windows account shares


@pytest.mark.parametrize("host, port, database, user, field, code", [
    ("", "5432", "arrears", "arrears_counter", "host", "field.required"),
    ("db-server", "54x", "arrears", "arrears_counter", "port", "server.bad_port"),
    ("db-server", "70000", "arrears", "arrears_counter", "port", "server.bad_port"),
    ("db-server", "5432", " ", "arrears_counter", "database", "field.required"),
    ("db-server", "5432", "arrears", "arrears\u202ecounter", "user", "text.control"),
])
def test_the_server_address_is_refused_field_by_field_in_words(host, port, database, user, field, code):
    with pytest.raises(DomainError) as info:
        places.server_address(host, port, database, user)
    assert (info.value.field, info.value.code) == (field, code)


@pytest.mark.parametrize("path, drive_type, network", [
    (r"\\server\share\arrears.sqlite3", 3, True),
    (r"//server/share/arrears.sqlite3", 3, True),
    (r"\\?\UNC\server\share\arrears.sqlite3", 3, True),
    (r"Z:\账务\arrears.sqlite3", places.DRIVE_REMOTE, True),  # a mapped network drive
    (r"C:\ProgramData\ArrearsDesk\arrears.sqlite3", 3, False),  # a fixed disk
    (r"\\?\C:\ArrearsDesk\arrears.sqlite3", 3, False),
])
def test_a_network_share_is_told_apart_from_a_local_disk_on_windows(path, drive_type, network):
    assert places.is_network_path(path, "win32", drive_type=lambda root: drive_type) is network


def test_a_folder_mounted_over_nfs_or_smb_is_a_network_share_elsewhere():
    mounts = "/dev/sda1 / ext4 rw 0 0\nfiler:/ledger /mnt/ledger nfs4 rw 0 0\n//pc/share /mnt/smb\\040share cifs rw 0 0\n"
    assert places.is_network_path("/mnt/ledger/a.sqlite3", "linux", mounts=lambda: mounts)
    assert places.is_network_path("/mnt/smb share/a.sqlite3", "linux", mounts=lambda: mounts)
    assert not places.is_network_path("/mnt/ledgers/a.sqlite3", "linux", mounts=lambda: mounts)
    assert not places.is_network_path("/home/a.sqlite3", "linux", mounts=lambda: mounts)


def test_a_database_on_a_network_share_is_refused_with_the_reason_and_server_mode_named(tmp_path, monkeypatch):
    share = tmp_path / "share"
    monkeypatch.setattr(places, "_mount_table", lambda: f"filer:/x {share} nfs4 rw 0 0\n")
    with pytest.raises(DomainError) as refused:
        Desk(share / "arrears.sqlite3")
    assert refused.value.code == "db.network_share"
    assert "服务器模式" in refused.value.message("zh_CN") and "corrupt" in refused.value.message("en")
    assert not share.exists()  # nothing was created there
    Desk(tmp_path / "local 本地" / "a.sqlite3").close()


def test_the_version_comes_from_pyproject_and_the_bundle_carries_it_in_a_file(tmp_path, monkeypatch, capsys):
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert app_version() == declared
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out.strip() == f"ArrearsDesk {declared}"
    (tmp_path / "resources").mkdir()
    (tmp_path / "resources" / "VERSION").write_text("9.8.7\n")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert app_version() == "9.8.7"


def test_a_windowed_build_without_console_streams_still_writes_the_demo_and_the_notices(tmp_path, monkeypatch):
    monkeypatch.setenv("ARREARS_DESK_KEYS", str(tmp_path / "keys"))
    for name in ("stdin", "stdout", "stderr"):
        monkeypatch.setattr(sys, name, None)
    db = tmp_path / "带 空格 的文件夹" / "demo.sqlite3"
    assert main(["demo", "--db", str(db), "--customers", "10", "--months", "4"]) == 0
    monkeypatch.setenv("ARREARS_DESK_PASSWORD", DEMO_PASSWORD)
    issued = []
    for step in (1, 2, 3):  # the steps the demo's customers have reached depend on today's date
        out = tmp_path / f"通知 书 {step}.pdf"
        # nobody at a step is no failure (0, said on the missing console) and writes no file
        assert main(["notices", "--db", str(db), "--user", "head", "--step", str(step), "--out", str(out)]) == 0
        issued += [out.read_bytes()[:4]] if out.exists() else []
    assert issued and set(issued) == {b"%PDF"}
