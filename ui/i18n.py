"""Chinese first: zh_CN is installed by default; English is the source language of every tr() string.

Two translators per language: ours (arrears_desk_<lang>.qm) and Qt's own (qtbase_<lang>.qm), which
translates what Qt draws itself: the file dialogs, print preview, the standard buttons of message
boxes and button boxes (确定/取消 …).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ui.resources import resource_path

DEFAULT_LANGUAGE = "zh_CN"
_installed: list[QTranslator] = []  # what install_translator put in (one application per process)


def qt_translation_dirs() -> list[Path]:
    """Where Qt's own .qm files may be, best first: Qt's translations folder (PySide6/Qt/translations,
    where PyInstaller's Qt hook puts them in a bundle too), then our resources (build.spec ships a
    copy there, found even if the bundled Qt does not report its own folder)."""
    return [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)), resource_path("translations")]


def install_translator(app: QCoreApplication, language: str = DEFAULT_LANGUAGE) -> QTranslator | None:
    """Switch the application to ``language``: remove the translators installed before, then load Qt's
    and ours (English needs neither). Returns ours, or None."""
    remove_translators(app)
    QLocale.setDefault(QLocale(language))
    if language.startswith("en"):
        return None
    qt = QTranslator(app)
    if any(qt.load(f"qtbase_{language}", str(folder)) for folder in qt_translation_dirs()):
        app.installTranslator(qt)
        _installed.append(qt)
    else:
        qt.deleteLater()
    ours = QTranslator(app)  # installed last: searched first, so our wording wins where both translate
    found = ours.load(str(resource_path("translations", f"arrears_desk_{language}.qm")))
    if found:
        app.installTranslator(ours)
        _installed.append(ours)
        app.setProperty("arrears_translator", ours)
        return ours
    ours.deleteLater()
    return None


def remove_translators(app: QCoreApplication) -> None:
    """Take out what ``install_translator`` put in (the app falls back to English, the source)."""
    while _installed:
        translator = _installed.pop()
        app.removeTranslator(translator)
        translator.deleteLater()
    app.setProperty("arrears_translator", None)
