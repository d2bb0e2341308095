"""收款收据 on screen: the receipt document (``app.services.documents.issue_receipt``, a PDF) in the print
preview, for any repayment, right after posting it or later (a later print is marked 补打 on the paper)."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.errors import DomainError
from app.services.context import Actor, Desk
from app.services.documents import issue_receipt
from ui.messages import error_text
from ui.pdf_print import preview_and_print


def show_receipt(parent: QWidget | None, desk: Desk, actor: Actor, repayment_id: int | None) -> bool:
    """Make the receipt of ``repayment_id`` and show it in the print preview; False (with a message)
    when it cannot be made."""
    if repayment_id is None:
        return False
    folder = Path(tempfile.mkdtemp(prefix="arrears-desk-receipt-"))
    try:
        path = issue_receipt(desk, actor, repayment_id, folder / f"receipt-{repayment_id}.pdf")
        preview_and_print(path, parent)
        return True
    except DomainError as error:
        QMessageBox.warning(parent, QCoreApplication.translate("Receipt", "Receipt"), error_text(error))
        return False
    finally:
        shutil.rmtree(folder, ignore_errors=True)
