"""Start-up: opening the main window loads only what its first screen needs. The charts, the spreadsheet
and PDF libraries and the migration tool are imported where they are used (a page opened, a file
written, a schema upgraded); together they were a large part of a cold start."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from db.migrate import _revisions, _walked_revisions
from tests.factories import PASSWORD, make_desk

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]
NOT_AT_START = ("reportlab", "openpyxl", "alembic", "PySide6.QtCharts")

_OPEN_WINDOWS = r"""
import json, sys
from PySide6.QtCore import QEventLoop, QTimer
from ui.main import make_application
from app.services.auth import login
from app.services.context import Desk
from app.services.setup import site_info
from ui.main_window import MainWindow
app = make_application([])
desk = Desk(sys.argv[1])
for username in sys.argv[3:]:
    window = MainWindow(desk, login(desk, username, sys.argv[2]), site_info(desk).name)
    window.show()
    loop = QEventLoop()
    QTimer.singleShot(1500, loop.quit)  # the first page reads its data in the background meanwhile
    loop.exec()
    window.close()
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("reportlab", "openpyxl", "alembic")
                        or m.startswith("PySide6.QtCharts"))))
"""


def test_opening_the_main_window_imports_no_chart_spreadsheet_pdf_or_migration_library(tmp_path):
    desk, _staff = make_desk(tmp_path / "branch.sqlite3")
    desk.close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT), XDG_CONFIG_HOME=str(tmp_path))
    run = subprocess.run([sys.executable, "-c", _OPEN_WINDOWS, desk.location, PASSWORD,
                          "clerk", "head", "finance", "marketing", "auditor", "admin"],
                         env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    loaded = json.loads(run.stdout.strip().splitlines()[-1])
    assert not loaded, f"imported by opening the main window: {loaded}"


def test_the_schema_head_is_read_from_the_migration_files_as_alembic_reads_it():
    assert _revisions() == _walked_revisions()


def test_only_the_first_area_is_built_when_the_window_opens_and_the_others_when_first_shown(qtbot, tmp_path):
    from ui.main_window import MainWindow
    desk, staff = make_desk(tmp_path / "branch.sqlite3")
    window = MainWindow(desk, staff.head, "城东支局")
    qtbot.addWidget(window)
    first = next(iter(window.areas))
    assert list(window.areas.built) == [first] and "ledger" in window.areas
    window.nav.setCurrentRow(list(window.areas).index("customers"))
    assert window.pages.currentWidget() is window.areas.built["customers"]
    assert set(window.areas.built) == {first, "customers"}  # the ledger it opens into waits for its first use
    window.close()
    desk.close()


# -- issue 14 (start): the first page shown imports no other page, nor printing (the collection page's dialogs
# print notices: the 今日 page once imported all of that for a tuple of table names)
_FIRST_PAGES = r"""
import json, sys
from PySide6.QtCore import QEventLoop, QTimer
from ui.main import make_application
from app.services.auth import login
from app.services.context import Desk
from app.services.setup import site_info
from ui.main_window import MainWindow
app = make_application([])
desk = Desk(sys.argv[1])
found = {}
for username in sys.argv[3:]:
    before = set(sys.modules)
    window = MainWindow(desk, login(desk, username, sys.argv[2]), site_info(desk).name)
    window.show()
    loop = QEventLoop()
    QTimer.singleShot(1000, loop.quit)
    loop.exec()
    shown = type(window.pages.currentWidget()).__module__
    found[username] = [shown, sorted(m for m in set(sys.modules) - before if m.startswith("ui.pages.") and m != shown)]
    window.close()
found["printing"] = sorted(m for m in sys.modules if m in ("ui.pdf_print", "ui.collection_dialogs", "ui.receipt")
                           or m.startswith("PySide6.QtPrintSupport"))
print(json.dumps(found))
"""


def test_opening_the_main_window_imports_its_first_page_only_and_nothing_that_prints(tmp_path):
    desk, _staff = make_desk(tmp_path / "branch.sqlite3")
    desk.close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT), XDG_CONFIG_HOME=str(tmp_path))
    users = ["clerk", "head", "finance", "marketing", "auditor", "admin"]
    run = subprocess.run([sys.executable, "-c", _FIRST_PAGES, desk.location, PASSWORD, *users],
                         env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert found.pop("printing") == []
    for user, (shown, others) in found.items():
        assert shown.startswith("ui.pages."), (user, shown)
        assert others == [], f"opening {user}'s main window on {shown} imported {others}"


def test_a_bundled_file_is_found_without_resolving_its_path_again(monkeypatch):
    """The main window asks for a score of icons as it opens: the program's folder is resolved once."""
    from pathlib import Path

    import resources

    def resolving(*_args, **_kwargs):
        raise AssertionError("resolved again")

    expected = resources.bundled("icons", "lock.svg")
    monkeypatch.setattr(Path, "resolve", resolving)
    assert resources.bundled("icons", "lock.svg") == expected and expected.exists()


# -- issue 14 (start): the sign-in dialog is painted before SQLAlchemy, the models and the services are imported;
# the database is opened on a thread meanwhile, and signing in waits for it
_DIALOG_FIRST = r"""
import json, sys
from pathlib import Path
from PySide6.QtCore import QEventLoop, QTimer
from ui.main import desk_opening, make_application
from app.services.start import site_name_at_a_glance
app = make_application([])
name = site_name_at_a_glance(Path(sys.argv[1]))
from ui.login_dialog import LoginDialog
opening = desk_opening(Path(sys.argv[1]), backup=False)
dialog = LoginDialog(None, name, opening=opening)
dialog.show()
dialog.repaint()
at_paint = sorted(m for m in sys.modules if m.split(".")[0] in ("sqlalchemy", "alembic")
                  or m in ("db.models", "db.engine", "db.migrate", "app.services.context", "app.services.auth"))
dialog.username.setText("clerk")
dialog.password.setText(sys.argv[2])
dialog.sign_in()  # at once: before the database is open
waited = dialog.desk is None and not dialog.password.isEnabled()
loop = QEventLoop()
dialog.finished.connect(loop.quit)
QTimer.singleShot(60000, loop.quit)
loop.exec()
print(json.dumps({"at_paint": at_paint, "waited": waited, "signed_in": dialog.actor.username if dialog.actor else None,
                  "opened_on": opening._thread.name, "opened": "sqlalchemy" in sys.modules}))
opening.result().close()
"""


def test_the_sign_in_dialog_is_painted_before_the_database_layers_load_and_signing_in_waits_for_them(tmp_path):
    desk, _staff = make_desk(tmp_path / "branch.sqlite3")
    desk.close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT), XDG_CONFIG_HOME=str(tmp_path))
    run = subprocess.run([sys.executable, "-c", _DIALOG_FIRST, str(desk.path), PASSWORD], env=env,
                         capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-2000:]
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert found["at_paint"] == [], f"imported before the sign-in dialog was painted: {found['at_paint']}"
    assert found["waited"] and found["signed_in"] == "clerk" and found["opened"]
    assert found["opened_on"] == "opening-the-database"


def test_the_site_name_is_read_at_a_glance_only_from_a_file_ready_to_sign_in_to(tmp_path):
    from app.services.start import site_name_at_a_glance
    desk, _staff = make_desk(tmp_path / "branch.sqlite3")
    desk.close()
    assert site_name_at_a_glance(desk.path) == "城东支局" == site_name_at_a_glance(str(desk.path))
    foreign = tmp_path / "notes.sqlite3"
    foreign.write_bytes(b"not a database at all, just some text" * 10)
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    import sqlite3
    sqlite3.connect(tmp_path / "other.sqlite3").execute("CREATE TABLE t (x)").connection.close()
    for target in (tmp_path / "missing.sqlite3", foreign, empty, tmp_path / "other.sqlite3", tmp_path,
                   "postgresql+psycopg://clerk@127.0.0.1:5432/branch"):
        assert site_name_at_a_glance(target) is None, target


def test_a_database_that_fails_to_open_behind_the_sign_in_dialog_closes_it_and_says_why(qtbot, tmp_path,
                                                                                      monkeypatch):
    """The glance found a site, but the full opening refuses the file (here: written by a newer program)."""
    import sqlite3

    from ui import main as ui_main
    desk, _staff = make_desk(tmp_path / "branch.sqlite3")
    desk.close()
    con = sqlite3.connect(desk.path)
    con.execute("UPDATE alembic_version SET version_num = 'from_the_future'")
    con.commit()
    con.close()
    shown = []
    monkeypatch.setattr(ui_main.QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    from PySide6.QtCore import QTimer
    QTimer.singleShot(30000, lambda: [w.reject() for w in ui_main.QApplication.topLevelWidgets()
                                     if isinstance(w, ui_main.LoginDialog)])  # a safety net: never hang
    assert ui_main.run_gui(desk.path) == 2
    assert len(shown) == 1 and "from_the_future" in shown[0], shown


# -- issue 14 (start): PySide6's import hook reads the source of every module imported after it, for a feature
# (``from __feature__ import snake_case``) the program does not use: the database layers, imported after the
# sign-in dialog, were 0.1-0.2 s of CPU dearer for it
_SCANNED = r"""
import json, sys
import ui.main
import db.models
feature = sys.modules.get("__feature__")
print(json.dumps(None if feature is None else "db.ids" in feature.pyside_feature_dict))  # (db.models: from db.ids import …)
"""


def test_modules_imported_after_qt_are_not_searched_for_pyside_features(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT), XDG_CONFIG_HOME=str(tmp_path))
    run = subprocess.run([sys.executable, "-c", _SCANNED], env=env, capture_output=True, text=True, timeout=120,
                         cwd=ROOT)
    assert run.returncode == 0, run.stderr[-2000:]
    assert json.loads(run.stdout.strip().splitlines()[-1]) is False


def test_the_database_opens_behind_a_sign_in_dialog_that_is_never_painted(qtbot, tmp_path):
    """(A window system that never paints it, minimised or hidden, must not leave the opening unstarted.)"""
    from ui.login_dialog import LoginDialog
    from ui.opening import DeskOpening
    desk, _staff = make_desk(tmp_path / "branch.sqlite3")
    desk.close()
    opening = DeskOpening(desk.path)
    dialog = LoginDialog(None, "城东支局", opening=opening)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(opening.opened, timeout=30000):
        pass
    qtbot.waitUntil(lambda: dialog.desk is not None)
    opening.result().close()


def test_a_password_entered_before_the_database_is_open_is_checked_meanwhile_and_not_again(qtbot, tmp_path,
                                                                                          monkeypatch):
    """Enter pressed at once: the Argon2 check runs on a thread of its own beside the opening (the file's hash
    read at a glance), and signing in, once the database is open, takes it instead of checking again."""
    from app.services import auth, passwords
    from tests.integration.test_access import CountingHasher
    from ui.login_dialog import LoginDialog
    from ui.opening import DeskOpening
    desk, _staff = make_desk(tmp_path / "branch.sqlite3")
    desk.close()
    every = CountingHasher(passwords.HASHER)
    monkeypatch.setattr(passwords, "HASHER", every)
    in_login = []
    checking = auth._password_matches
    monkeypatch.setattr(auth, "_password_matches", lambda *args: in_login.append(args[0]) or checking(*args))
    opening = DeskOpening(desk.path)
    dialog = LoginDialog(None, "城东支局", opening=opening)
    qtbot.addWidget(dialog)
    dialog.username.setText("clerk")
    dialog.password.setText(PASSWORD)
    dialog.sign_in()  # before the opening has even started
    assert dialog.desk is None and not dialog.password.isEnabled()
    qtbot.waitUntil(lambda: dialog.actor is not None, timeout=30000)
    assert dialog.actor.username == "clerk"
    assert len(every.checked) == 1 and in_login == []  # the one check: ahead
    qtbot.waitUntil(lambda: dialog.result() == 1, timeout=10000)  # accepted (no clock in doubt)
    opening.result().close()


def test_signing_in_does_not_wait_without_end_for_a_check_ahead_that_never_ends(tmp_path, monkeypatch):
    """(A glance stalled on a file share: the sign-in checks the password itself after a while.)"""
    from concurrent.futures import Future

    from ui import login_dialog
    desk, _staff = make_desk(tmp_path / "branch.sqlite3")
    monkeypatch.setattr(login_dialog, "CHECK_AHEAD_WAIT_SECONDS", 0.05)
    actor = login_dialog._signing_in(desk, "clerk", PASSWORD, Future())  # a check that never answers
    assert actor.username == "clerk"
    desk.close()
