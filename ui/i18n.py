"""Chinese first: zh_CN is installed by default; English is the source language of every tr() string."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from ui.resources import resource_path

DEFAULT_LANGUAGE = "zh_CN"


def install_translator(app: QCoreApplication, language: str = DEFAULT_LANGUAGE) -> QTranslator | None:
    """Load our .qm for ``language`` (English needs none). Keeps a reference on the app."""
    QLocale.setDefault(QLocale(language))
    if language.startswith("en"):
        return None
    translator = QTranslator(app)
    if translator.load(str(resource_path("translations", f"arrears_desk_{language}.qm"))):
        app.installTranslator(translator)
        app.setProperty("arrears_translator", translator)
        return translator
    return None
