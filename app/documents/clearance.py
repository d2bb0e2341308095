"""清欠证明 as a PDF page (reportlab canvas; the CJK font embedded as a subset, like the notices)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import A4

from app.documents.layout import Column, DocumentCanvas, PageWriter, chinese_date


@dataclass(frozen=True, slots=True)
class CertificateLine:
    """One hand-over the leaving user made: what, to whom, from when, why."""
    effective_on: date
    what: str
    to_name: str
    reason: str


@dataclass(frozen=True, slots=True)
class CertificateDocument:
    number: str
    issuer: str
    display_name: str
    username: str
    role: str
    issued_on: date
    handovers: tuple[CertificateLine, ...]
    deadlines: list[date]
    issued_by: str


def draw_certificate(writer: PageWriter, doc: CertificateDocument) -> None:
    writer.footer = f"{doc.issuer}  清欠证明 {doc.number}"
    writer.line(doc.issuer, 12, align="center", gap=6)
    writer.rule(weight=1.2)
    writer.space(10)
    writer.line("清欠证明", 20, align="center", gap=8)
    writer.line(f"编号：{doc.number}", 9.5, align="right", gap=8)
    writer.line("人力资源部门：", 11, gap=6)
    writer.paragraph(
        f"经核实，{doc.display_name}（用户名 {doc.username}，岗位：{doc.role}）截至{chinese_date(doc.issued_on)}，"
        "在本单位经办、现由其负责的用户欠费已全部清偿或已办理工作交接，其管理的客户均已移交他人，"
        "无未清欠费。特此证明，可据此办理岗位变动或离职手续。")
    writer.space(4)
    writer.paragraph("依据《用户欠费管理办法》第二十五条：欠费直接责任人发生岗位变动、调离等事项，"
                     "不免除其应承担的欠费追缴责任；已交接的欠费由接收人负责追缴，原经办人仍记载于台账。", 9.5)
    writer.space(6)
    if doc.deadlines:
        days = "、".join(chinese_date(d) for d in doc.deadlines)
        writer.line(f"曾设定的清欠期限：{days}", 9.5, gap=6)
    if doc.handovers:
        writer.line("工作交接记录：", 10.5, gap=4)
        columns = [Column("序号", 0.07, "center"), Column("交接日期", 0.16, "center"), Column("客户 / 欠费", 0.33),
                   Column("接收人", 0.14), Column("交接原因", 0.30)]
        rows = [[str(n), h.effective_on.isoformat(), h.what, h.to_name, h.reason]
                for n, h in enumerate(doc.handovers, start=1)]
        writer.table(columns, rows, then=lambda w: _closing(w, doc))
    else:
        writer.line("工作交接记录：无（经办的欠费均已收回）", 10.5, gap=4)
        _closing(writer, doc)


def _closing(writer: PageWriter, doc: CertificateDocument) -> None:
    writer.space(16)
    writer.ensure(110)
    writer.line(f"{doc.issuer}（业务受理部门）", 10.5, align="right", gap=4)
    writer.line(f"负责人：{doc.issued_by}    （盖章）", 10.5, align="right", gap=4)
    writer.line(chinese_date(doc.issued_on), 10.5, align="right", gap=10)


def write_certificate_pdf(path: Path, doc: CertificateDocument, font: str) -> int:
    """Draw the certificate into a PDF at ``path``; returns the number of pages."""
    canvas = DocumentCanvas(str(path), pagesize=A4, pageCompression=1, initialFontName=font)
    canvas.setTitle("清欠证明")
    canvas.setCreator("ArrearsDesk 用户欠费管理系统")
    writer = PageWriter(canvas, font)
    draw_certificate(writer, doc)
    pages = writer.finish_document()
    canvas.save()
    return pages
