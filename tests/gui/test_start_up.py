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
