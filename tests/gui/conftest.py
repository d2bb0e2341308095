import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402

from ui.i18n import install_translator, remove_translators  # noqa: E402


@pytest.fixture(autouse=True)
def chinese_ui(qapp, tmp_path):
    """Every GUI test runs as a clerk sees it: zh_CN, and QSettings in a throwaway place."""
    QCoreApplication.setOrganizationName("ArrearsDeskTests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    install_translator(qapp, "zh_CN")
    yield
    remove_translators(qapp)
