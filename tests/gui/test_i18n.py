"""Qt's own dialogs speak the UI's language: Qt's translations are installed beside ours."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLibraryInfo
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from tests.factories import make_desk
from ui import i18n
from ui.main_window import MainWindow

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


def standard_buttons() -> list[str]:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    texts = [box.button(b).text().replace("&", "") for b in (QDialogButtonBox.StandardButton.Ok,
                                                            QDialogButtonBox.StandardButton.Cancel)]
    box.deleteLater()
    return texts


def test_standard_buttons_and_message_boxes_are_chinese_in_the_chinese_ui(qtbot):
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert standard_buttons() == ["确定", "取消"]
    box = QMessageBox(QMessageBox.Icon.Question, "t", "?", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(box)
    assert sorted(b.text().replace("&", "") for b in box.buttons()) == ["否(N)", "是(Y)"]


def test_the_language_menu_swaps_our_translator_and_qts(qtbot, tmp_path, monkeypatch):
    desk, staff = make_desk(tmp_path / "a.sqlite3")
    window = MainWindow(desk, staff.clerk, "城东支局")
    qtbot.addWidget(window)
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: told.append(args[2]))
    window.choose_language("en")
    assert told == ["The language changes the next time you start."]
    assert standard_buttons() == ["OK", "Cancel"]
    assert QCoreApplication.translate("MainWindow", "&Language") == "&Language"
    window.choose_language("zh_CN")
    assert standard_buttons() == ["确定", "取消"]
    assert QCoreApplication.translate("MainWindow", "&Language") != "&Language"
    window.close()
    desk.close()


def test_a_bundle_finds_qts_chinese_beside_ours_when_qt_does_not_say_where_its_own_is(qapp, tmp_path, monkeypatch):
    """build.spec ships qtbase_zh_CN.qm into resources/translations; a frozen app looks there too."""
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert '"qtbase_zh_CN.qm"), "resources/translations")' in spec
    bundle = tmp_path / "bundle" / "resources" / "translations"
    bundle.mkdir(parents=True)
    shutil.copy(ROOT / "resources" / "translations" / "arrears_desk_zh_CN.qm", bundle)
    qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    shutil.copy(qt_dir / "qtbase_zh_CN.qm", bundle)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "bundle"), raising=False)
    monkeypatch.setattr(i18n.QLibraryInfo, "path", staticmethod(lambda _which: str(tmp_path / "nowhere")))
    i18n.install_translator(qapp, "zh_CN")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert QCoreApplication.translate("MainWindow", "&Language") != "&Language"
