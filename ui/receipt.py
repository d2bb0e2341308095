"""收款收据: the receipt a clerk prints after posting a repayment (A5, figures and 大写)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from app.domain.customers import PAYMENT_METHODS
from app.domain.money import format_fen
from app.domain.rmb import rmb_upper
from app.services.dto import RepaymentResult


# Declared here so lupdate finds them (it does not read inside f-strings).
_LABELS = (
    QT_TRANSLATE_NOOP("Receipt", "Receipt"),
    QT_TRANSLATE_NOOP("Receipt", "Receipt number"),
    QT_TRANSLATE_NOOP("Receipt", "Date"),
    QT_TRANSLATE_NOOP("Receipt", "Received from"),
    QT_TRANSLATE_NOOP("Receipt", "Amount"),
    QT_TRANSLATE_NOOP("Receipt", "In words"),
    QT_TRANSLATE_NOOP("Receipt", "Method"),
    QT_TRANSLATE_NOOP("Receipt", "Voucher"),
    QT_TRANSLATE_NOOP("Receipt", "Business date"),
    QT_TRANSLATE_NOOP("Receipt", "Offset"),
    QT_TRANSLATE_NOOP("Receipt", "Kept as unapplied credit"),
    QT_TRANSLATE_NOOP("Receipt", "Still owed after this payment"),
    QT_TRANSLATE_NOOP("Receipt", "Received by"),
    QT_TRANSLATE_NOOP("Receipt", "Customer signature"),
)


def _t(text: str) -> str:
    return QCoreApplication.translate("Receipt", text)


@dataclass(frozen=True)
class Receipt:
    site_name: str
    customer_name: str
    customer_code: str
    paid_on: date
    method: str
    amount: int
    result: RepaymentResult
    clerk: str


def receipt_html(r: Receipt) -> str:
    lines = "".join(
        f"<tr><td>{escape(line.voucher_no)}</td><td>{line.business_date.isoformat()}</td>"
        f"<td align='right'>{format_fen(line.amount)}</td></tr>" for line in r.result.preview.lines)
    excess = r.result.preview.excess
    return f"""
<h2 align="center">{escape(r.site_name)} {_t("Receipt")}</h2>
<p>{_t("Receipt number")}: <b>{escape(r.result.receipt_no)}</b> &nbsp;&nbsp; {_t("Date")}: {r.paid_on.isoformat()}</p>
<p>{_t("Received from")}: {escape(r.customer_name)}（{escape(r.customer_code)}）</p>
<p>{_t("Amount")}: <b>¥{format_fen(r.amount)}</b> &nbsp;&nbsp; {_t("In words")}: <b>人民币{rmb_upper(r.amount)}</b></p>
<p>{_t("Method")}: {escape(PAYMENT_METHODS.get(r.method, r.method))}</p>
<table border="1" cellspacing="0" cellpadding="4" width="100%">
<tr><th>{_t("Voucher")}</th><th>{_t("Business date")}</th><th>{_t("Offset")}</th></tr>{lines}</table>
<p>{_t("Kept as unapplied credit")}: ¥{format_fen(excess)} &nbsp;&nbsp;
   {_t("Still owed after this payment")}: ¥{format_fen(r.result.customer_open_total)}</p>
<p>{_t("Received by")}: {escape(r.clerk)} &nbsp;&nbsp;&nbsp;&nbsp; {_t("Customer signature")}: ____________</p>
"""


def _document(r: Receipt) -> QTextDocument:
    document = QTextDocument()
    document.setHtml(receipt_html(r))
    return document


def _a5(printer: QPrinter) -> None:
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A5), QPageLayout.Orientation.Landscape,
                                      QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter))


def save_receipt_pdf(r: Receipt, path: Path) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    _a5(printer)
    _document(r).print_(printer)


def preview_and_print(r: Receipt, parent: QWidget | None = None) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    _a5(printer)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.paintRequested.connect(lambda p: _document(r).print_(p))
    dialog.exec()
