"""收款收据 as a PDF page: A5 landscape (the top half of an A4 sheet at full size), the CJK font embedded.

Everything on it comes from the repayment as recorded, so every print of one repayment says the same;
only the balance line is dated (what the customer owes on the day it is printed) and a second or later
print carries a 补打 mark, so that a copy is never taken for a second payment.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import A5, landscape
from app.documents.layout import Column, DocumentCanvas, PageWriter, chinese_date
from app.domain.money import format_fen
from app.domain.rmb import rmb_upper

TITLE = "收款收据"
PAGE_SIZE = landscape(A5)
MARGIN = 36.0


@dataclass(frozen=True, slots=True)
class ReceiptLine:
    """One item the payment closed (核销)."""
    voucher_no: str
    business_date: date
    business_line: str
    amount: int


@dataclass(frozen=True, slots=True)
class ReceiptDocument:
    receipt_no: str
    issuer: str                 # letterhead: the branch/site
    customer_name: str
    customer_code: str
    paid_on: date
    method: str                 # 缴款方式, as printed
    amount: int
    lines: tuple[ReceiptLine, ...]
    kept_as_credit: int         # 转为预存款: what the payment left unapplied when it was posted
    owed: int                   # what the customer owes on ``printed_on``
    held: int                   # money held for the customer (预存款) on ``printed_on``
    printed_on: date
    received_by: str            # the clerk who took the money
    zheng_after_jiao: bool = False
    copy: int = 1               # 1: the original; 2 and later: 补打
    printed_by: str = ""        # who printed a copy

    @property
    def is_reprint(self) -> bool:
        return self.copy > 1


def _upper(fen: int, zheng_after_jiao: bool) -> str:
    return "人民币" + rmb_upper(fen, zheng_after_jiao=zheng_after_jiao)


def draw_receipt(writer: PageWriter, doc: ReceiptDocument) -> None:
    writer.footer = f"{doc.issuer}  {TITLE} {doc.receipt_no}"
    if doc.is_reprint:
        writer.on_page = lambda w, n, pages: _reprint_mark(w, doc, first_page=n == 1)
    writer.line(doc.issuer, 11, align="center", gap=5)
    writer.rule(weight=1.2)
    writer.space(8)
    writer.line(TITLE, 18, align="center", gap=6)
    writer.pair(f"交款日期：{chinese_date(doc.paid_on)}", f"收据号：{doc.receipt_no}", 10, gap=8)
    writer.line(f"交款单位（人）：{doc.customer_name}（客户编号：{doc.customer_code or '—'}）", 10.5, gap=5)
    writer.line(f"缴款方式：{doc.method}", 10.5, gap=5)
    writer.line(f"金额（小写）：¥{format_fen(doc.amount)}", 11, gap=5)
    writer.line(f"金额（大写）：{_upper(doc.amount, doc.zheng_after_jiao)}", 11, gap=8)
    if doc.lines:
        columns = [Column("序号", 0.08, "center"), Column("凭证号", 0.32), Column("业务日期", 0.18, "center"),
                   Column("业务专业", 0.2), Column("核销金额", 0.22, "right")]
        rows = [[str(n), line.voucher_no, line.business_date.isoformat(), line.business_line, format_fen(line.amount)]
                for n, line in enumerate(doc.lines, start=1)]
        total = ["", "合计", "", "", format_fen(sum(line.amount for line in doc.lines))]
        # The signature block stays on the page of the last rows.
        writer.table(columns, rows, size=9, row_h=15, total=total if len(rows) > 1 else None,
                     then=lambda w: _closing(w, doc, after_table=True))
    else:
        writer.line("本次收款未核销欠费。", 10, gap=5)
        _closing(writer, doc, after_table=False)


def _closing(writer: PageWriter, doc: ReceiptDocument, *, after_table: bool) -> None:
    """What is held, what is still owed, and the signatures."""
    if after_table:
        writer.space(6)
    writer.ensure(70)
    if doc.kept_as_credit:
        writer.line(f"转为预存款：¥{format_fen(doc.kept_as_credit)}（{_upper(doc.kept_as_credit, doc.zheng_after_jiao)}）",
                    10, gap=5)
    balance = f"截至{chinese_date(doc.printed_on)}尚欠：¥{format_fen(doc.owed)}"
    if doc.held:
        balance += f"  预存款余额：¥{format_fen(doc.held)}"
    writer.line(balance, 10, gap=14)
    writer.pair(f"收款人：{doc.received_by}", "客户签字：________________", 10.5, gap=4)


def _reprint_mark(writer: PageWriter, doc: ReceiptDocument, *, first_page: bool) -> None:
    """补打, boxed at the top right of the first page and noted at the foot of every page, drawn when the
    receipt is complete, so that the rest of each page is exactly what the original showed."""
    c, size = writer.c, 14
    right, top = writer.page_w - writer.margin, writer.page_h - writer.margin - 30
    c.saveState()
    c.setStrokeColorRGB(0.75, 0, 0)
    c.setFillColorRGB(0.75, 0, 0)
    if first_page:
        c.setLineWidth(1.2)
        c.rect(right - 52, top - 6, 52, size + 10, stroke=1, fill=0)
        c.setFont(writer.font, size)
        c.drawCentredString(right - 26, top, "补打")
    c.setFont(writer.font, 8)
    c.drawRightString(right, writer.margin - 8,
                      f"补打：{chinese_date(doc.printed_on)} {doc.printed_by}（第 {doc.copy} 次打印）")
    c.restoreState()


def write_receipt_pdf(path: Path, doc: ReceiptDocument, font: str) -> int:
    """Draw the receipt into ``path``; returns the number of pages."""
    # initialFontName: otherwise the page starts in Helvetica, a font the PDF would not embed.
    canvas = DocumentCanvas(str(path), pagesize=PAGE_SIZE, pageCompression=1, initialFontName=font)
    canvas.setTitle(f"{TITLE} {doc.receipt_no}")
    canvas.setCreator("ArrearsDesk 用户欠费管理系统")
    writer = PageWriter(canvas, font, page_size=PAGE_SIZE, margin=MARGIN)
    draw_receipt(writer, doc)
    pages = writer.finish_document()
    canvas.save()
    return pages
