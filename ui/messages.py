"""How errors reach the person at the counter: the domain's own sentence, in their language; a failure
of the database file says what happened and what to do, anything else points to the log."""
from __future__ import annotations

from PySide6.QtCore import QLocale

from app.services.failures import explain


def error_text(error: BaseException) -> str:
    language = QLocale().name()
    return explain(error).message(language)
