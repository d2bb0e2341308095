"""How errors reach the person at the counter: the domain's own sentence, in their language."""
from __future__ import annotations

from PySide6.QtCore import QLocale

from app.domain.errors import DomainError


def error_text(error: BaseException) -> str:
    language = QLocale().name()
    if isinstance(error, DomainError):
        return error.message(language)
    return f"{type(error).__name__}: {error}"
