"""Role names as the GUI shows them (English source; zh_CN from the translation)."""
from PySide6.QtCore import QT_TRANSLATE_NOOP

from app.domain.roles import Role

ROLE_TEXT = {Role.COUNTER: QT_TRANSLATE_NOOP("MainWindow", "Counter staff"),
             Role.BRANCH_HEAD: QT_TRANSLATE_NOOP("MainWindow", "Branch head"),
             Role.MARKETING: QT_TRANSLATE_NOOP("MainWindow", "Marketing"),
             Role.FINANCE: QT_TRANSLATE_NOOP("MainWindow", "Finance"),
             Role.AUDIT: QT_TRANSLATE_NOOP("MainWindow", "Audit"),
             Role.ADMIN: QT_TRANSLATE_NOOP("MainWindow", "Administrator")}
