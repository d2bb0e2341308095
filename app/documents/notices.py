"""催缴通知书 and 对账单 as PDF pages (reportlab canvas; the CJK font embedded as a subset)."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4

from app.documents.layout import Column, DocumentCanvas, PageWriter, chinese_date
from app.documents.templates import fill
from app.domain.money import format_fen
from app.domain.rmb import rmb_upper


@dataclass(frozen=True, slots=True)
class NoticeLine:
    business_date: date
    business_line: str
    voucher_no: str
    amount: int
    open_amount: int
    days_overdue: int
    late_fee: int = 0


@dataclass(frozen=True, slots=True)
class Addressee:
    name: str
    code: str
    address: str
    contact_person: str
    phone: str


@dataclass(frozen=True, slots=True)
class NoticeDocument:
    """Everything printed on one collection notice."""
    number: str
    issuer: str              # letterhead: the branch/site
    customer: Addressee
    agreement_number: str
    payment_terms: str       # e.g. 结算周期 1 个月，信用期 30 天
    as_of: date
    pay_by: date
    dispute_by: date
    lines: tuple[NoticeLine, ...]
    show_late_fee: bool
    template: dict[str, Any]
    zheng_after_jiao: bool = False

    @property
    def total(self) -> int:
        return sum(line.open_amount for line in self.lines)

    @property
    def total_late_fee(self) -> int:
        return sum(line.late_fee for line in self.lines)


@dataclass(frozen=True, slots=True)
class StatementLine:
    day: date
    kind: str          # 欠费 / 收款 / 冲正 / 坏账核销 …
    reference: str     # voucher or receipt number
    description: str
    charge: int        # increases what is owed
    credit: int        # decreases it
    balance: int


@dataclass(frozen=True, slots=True)
class StatementDocument:
    number: str
    issuer: str
    customer: Addressee
    agreement_number: str
    period_from: date
    period_to: date
    issued_on: date
    reply_by: date
    opening: int
    lines: tuple[StatementLine, ...]
    closing: int
    template: dict[str, Any]
    zheng_after_jiao: bool = False
    open_items: int = 0          # open item total at period end (what is unpaid)
    unapplied_credit: int = 0    # 预存款 at period end


SLIP_HEIGHT = 170  # the 回执 at the foot of the page: about 140 points of text, a margin to tear off


def _yuan(fen: int) -> str:
    return format_fen(fen)


def _upper(fen: int, zheng_after_jiao: bool) -> str:
    return "人民币" + rmb_upper(fen, zheng_after_jiao=zheng_after_jiao)


def _letterhead(writer: PageWriter, issuer: str, title: str, number: str, customer: Addressee, *,
                title_size: float) -> Addressee:
    """The top of every document: issuing office, rule, title, number, and whom it is addressed to."""
    writer.footer = f"{issuer}  {title} {number}"
    writer.line(issuer, 12, align="center", gap=6)
    writer.rule(weight=1.2)
    writer.space(10)
    writer.line(title, title_size, align="center", gap=8)
    writer.line(f"编号：{number}", 9.5, align="right", gap=8)
    writer.line(f"{customer.name}（客户编号：{customer.code}）：", 11, gap=6)
    return customer


def draw_notice(writer: PageWriter, doc: NoticeDocument) -> None:
    t = doc.template
    values = dict(as_of=chinese_date(doc.as_of), pay_by=chinese_date(doc.pay_by),
                  dispute_by=chinese_date(doc.dispute_by), count=len(doc.lines), agreement=doc.agreement_number,
                  number=doc.number)
    c = _letterhead(writer, doc.issuer, t["notice_title"], doc.number, doc.customer, title_size=20)
    details = [f"地址：{c.address or '—'}", f"联系人：{c.contact_person or '—'}  电话：{c.phone or '—'}",
               f"协议编号：{doc.agreement_number}  约定付款期限：{doc.payment_terms}"]
    for text in details:
        writer.line(text, 9.5, gap=4, indent=21)
    writer.space(4)
    writer.paragraph(fill(t["notice_intro"], **values))
    writer.space(4)

    columns = [Column("序号", 0.06, "center"), Column("业务日期", 0.13, "center"), Column("业务专业", 0.14),
               Column("凭证号", 0.21), Column("欠费金额", 0.16, "right"), Column("未缴金额", 0.16, "right"),
               Column("逾期天数", 0.14, "right")]
    if doc.show_late_fee:
        columns = [Column(col.header, col.width * 0.88, col.align) for col in columns]
        columns.append(Column("违约金", 0.12, "right"))
    rows = []
    for n, line in enumerate(doc.lines, start=1):
        row = [str(n), line.business_date.isoformat(), line.business_line, line.voucher_no, _yuan(line.amount),
               _yuan(line.open_amount), str(line.days_overdue)]
        if doc.show_late_fee:
            row.append(_yuan(line.late_fee))
        rows.append(row)
    total = ["", "合计", "", "", _yuan(sum(x.amount for x in doc.lines)), _yuan(doc.total), ""]
    if doc.show_late_fee:
        total.append(_yuan(doc.total_late_fee))
    # Everything after the table (the totals, the terms, the seal, the 回执) stays with its last rows.
    writer.table(columns, rows, total=total, then=lambda w: _notice_closing(w, doc, values))


def _notice_closing(writer: PageWriter, doc: NoticeDocument, values: dict) -> None:
    t = doc.template
    writer.space(8)
    writer.ensure(60)
    writer.line(f"逾期欠费合计（小写）：¥{_yuan(doc.total)}", 11, gap=5)
    writer.line(f"（大写）：{_upper(doc.total, doc.zheng_after_jiao)}", 11, gap=5)
    if doc.show_late_fee and doc.total_late_fee:
        writer.line(f"另按协议计收违约金（截至{chinese_date(doc.as_of)}）：¥{_yuan(doc.total_late_fee)}"
                    f"（{_upper(doc.total_late_fee, doc.zheng_after_jiao)}）", 9.5, gap=5)
    writer.space(2)
    for key in ("how_to_pay", "consequences", "dispute"):
        writer.paragraph(fill(t[key], **values), 10)
    contact = "  ".join(x for x in (f"联系人：{t['contact_person']}" if t["contact_person"] else "",
                                    f"联系电话：{t['contact_phone']}" if t["contact_phone"] else "") if x)
    if contact:
        writer.line(contact, 10, gap=4, indent=21)

    # Signature block and the tear-off reply slip stay together at the foot of the last page.
    writer.ensure(56 + SLIP_HEIGHT)  # the three lines below, then the slip
    writer.space(6)
    writer.line(doc.issuer, 10.5, align="right", gap=4)
    writer.line(t["signature"], 10.5, align="right", gap=4)
    writer.line(chinese_date(doc.as_of), 10.5, align="right", gap=10)
    _reply_slip(writer, doc, values)


def _reply_slip(writer: PageWriter, doc: NoticeDocument, values: dict) -> None:
    t = doc.template
    writer.at_foot(SLIP_HEIGHT)  # at the foot of the page, where it is torn off
    writer.rule(dashed=True)
    writer.c.setFont(writer.font, 7.5)
    writer.c.drawCentredString(writer.page_w / 2, writer.y + 3, "请沿此线剪下，签章后寄回或交回")
    writer.space(8)
    writer.line("回    执", 14, align="center", gap=6)
    writer.pair(f"{doc.issuer}：", f"通知书编号：{doc.number}", 10)
    text = (fill(t["reply_text"], **values) + f"¥{_yuan(doc.total)}（{_upper(doc.total, doc.zheng_after_jiao)}）。")
    writer.paragraph(text, 10, leading=1.5)
    writer.line("□ 无异议，将于______年____月____日前缴清。", 10, gap=6, indent=21)
    writer.line("□ 有异议，异议内容：________________________________________________", 10, gap=6, indent=21)
    writer.line("________________________________________________________________", 10, gap=10, indent=21)
    writer.pair(f"客户：{doc.customer.name}（{doc.customer.code}）", "签章：______________  日期：______年____月____日", 10)


def draw_statement(writer: PageWriter, doc: StatementDocument) -> None:
    t = doc.template
    values = dict(period_from=chinese_date(doc.period_from), period_to=chinese_date(doc.period_to),
                  reply_by=chinese_date(doc.reply_by), number=doc.number, agreement=doc.agreement_number,
                  as_of=chinese_date(doc.issued_on))
    _letterhead(writer, doc.issuer, t["statement_title"], doc.number, doc.customer, title_size=18)
    writer.line(f"协议编号：{doc.agreement_number}  对账期间：{doc.period_from.isoformat()} 至 {doc.period_to.isoformat()}",
                9.5, gap=4, indent=21)
    writer.space(2)
    writer.paragraph(fill(t["statement_intro"], **values))
    writer.space(4)
    columns = [Column("日期", 0.13, "center"), Column("摘要", 0.12, "center"), Column("凭证/收据号", 0.23),
               Column("说明", 0.13), Column("应收（欠费）", 0.13, "right"), Column("已收", 0.13, "right"),
               Column("余额", 0.13, "right")]
    rows = [[doc.period_from.isoformat(), "期初余额", "", "", "", "", _yuan(doc.opening)]]
    for line in doc.lines:
        rows.append([line.day.isoformat(), line.kind, line.reference, line.description,
                     _yuan(line.charge) if line.charge else "", _yuan(line.credit) if line.credit else "",
                     _yuan(line.balance)])
    total = [doc.period_to.isoformat(), "期末余额", "", "", _yuan(sum(x.charge for x in doc.lines)),
             _yuan(sum(x.credit for x in doc.lines)), _yuan(doc.closing)]
    writer.table(columns, rows, total=total, then=lambda w: _statement_closing(w, doc))


def _statement_closing(writer: PageWriter, doc: StatementDocument) -> None:
    """The closing balance, the seal and the customer's confirmation, on the page of the last rows."""
    t, c = doc.template, doc.customer
    writer.space(8)
    writer.ensure(40)
    label = "期末欠费余额" if doc.closing >= 0 else "期末预存款余额"
    amount = abs(doc.closing)
    writer.line(f"{label}（小写）：¥{_yuan(amount)}", 11, gap=5)
    writer.line(f"（大写）：{_upper(amount, doc.zheng_after_jiao)}", 11, gap=5)
    if doc.unapplied_credit and doc.open_items:
        writer.line(f"其中：未缴欠费 ¥{_yuan(doc.open_items)}，预存款 ¥{_yuan(doc.unapplied_credit)}", 9.5, gap=5,
                    indent=21)
    writer.space(4)
    writer.ensure(190)
    writer.line(doc.issuer, 10.5, align="right", gap=4)
    writer.line(t["signature"], 10.5, align="right", gap=4)
    writer.line(chinese_date(doc.issued_on), 10.5, align="right", gap=10)
    writer.rule(dashed=True)
    writer.space(8)
    writer.line("客户确认", 13, align="center", gap=6)
    for row in t["statement_confirm"].split("\n"):
        writer.line(row, 10.5, gap=6, indent=21)
    writer.line("________________________________________________________________", 10, gap=8, indent=21)
    writer.line("________________________________________________________________", 10, gap=12, indent=21)
    writer.pair(f"客户：{c.name}（{c.code}）", "签章：______________  日期：______年____月____日", 10)


def write_pdf(path: Path, documents: Iterable[Any], font: str, *, title: str,
              step: Callable[[int], bool] | None = None) -> int:
    """Draw ``documents`` (notices or statements) into one PDF at ``path``; each starts on a new page.

    ``step(n)`` is called after each document and may return False to stop (nothing is saved then).
    Returns the number of pages."""
    # initialFontName: otherwise every page starts in Helvetica, a font the PDF would not embed.
    canvas = DocumentCanvas(str(path), pagesize=A4, pageCompression=1, initialFontName=font)
    canvas.setTitle(title)
    canvas.setCreator("ArrearsDesk 用户欠费管理系统")
    pages = 0
    for n, doc in enumerate(documents, start=1):
        writer = PageWriter(canvas, font)
        if isinstance(doc, NoticeDocument):
            draw_notice(writer, doc)
        else:
            draw_statement(writer, doc)
        pages += writer.finish_document()
        if step is not None and step(n) is False:
            return -1
    canvas.save()
    return pages
