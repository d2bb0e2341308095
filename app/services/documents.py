"""Issuing 催缴通知书 and 对账单: numbered, recorded in the collection file, written as PDF.

A batch is one transaction: the notices are numbered and recorded, the PDF is drawn into a temporary
file beside the target, and only when the drawing finished is the file moved into place and the
transaction committed. A cancelled or failed batch leaves neither a file nor a record.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from app.documents.files import temp_beside
# The PDF modules (reportlab) are imported in the functions that draw: not at start-up (bench).
from app.domain.collection import Channel, ReplyAnswer, days_overdue, late_fee
from app.domain.errors import DomainError
from app.domain.notes import notice_sent, reply_received
from app.domain.customers import PAYMENT_METHODS
from app.domain.personal import PERSONAL_DATA_PRINTED, mask, sees_personal_data
from app.domain.roles import Permission, Role
from app.domain.words import Words
from app.services.collection import ContactInput, add_contact
from app.services.failures import os_reason
from app.services.context import Actor, Desk, UnitOfWork
from app.services.settings import document_settings, get_setting
from db.documents import AgreementTerms
from db.models import Customer, Notice, NoticeReply

if TYPE_CHECKING:
    from app.documents.notices import Addressee, NoticeDocument, StatementLine

Progress = Callable[[int, int], None]  # (done, total); may raise Cancelled to stop


@dataclass(frozen=True, slots=True)
class IssuedDocuments:
    numbers: list[str]
    files: list[Path]
    pages: int


@dataclass(frozen=True, slots=True)
class _Context:
    issuer: str
    site_code: str
    template: dict
    zheng_after_jiao: bool
    font: str
    permille: int
    grace_days: int


def _context(desk: Desk, uow: UnitOfWork, font: str, settings: dict) -> _Context:
    site = uow.documents.local_site()
    if site is None:
        raise DomainError("site.missing")
    template = settings["template"]
    return _Context(template["letterhead"].strip() or site.name, site.code, template,
                    settings["zheng_after_jiao"], font, int(get_setting(uow, "late_fee.permille_per_day")),
                    int(get_setting(uow, "late_fee.grace_days")))


def _addressee(customer: Customer, role: Role) -> Addressee:
    from app.documents.notices import Addressee
    phone = customer.phone if sees_personal_data(role) else mask(customer.phone)
    return Addressee(customer.name, customer.code or "", customer.address, customer.contact_person, phone)


def _record_personal_data(uow: UnitOfWork, what: str, documents: list, out: Path,
                          customer_id: int | None = None) -> None:
    """个人信息 (PIPL): who printed which documents carrying a customer's phone number in full, and where
    to; the audit record names the documents, never the data."""
    numbers = [d.number for d in documents if d.customer.phone]
    if not numbers or not sees_personal_data(uow.actor.role):
        return
    uow.audit(PERSONAL_DATA_PRINTED, "notice", None, customer_id=customer_id,
              after={"document": what, "count": len(numbers), "first": numbers[0], "last": numbers[-1],
                     "fields": ["phone"], "file": str(out)})


def _payment_terms(agreement: AgreementTerms | None) -> str:
    return "—" if agreement is None else \
        f"结算周期 {agreement.settlement_cycle_months} 个月，信用期 {agreement.credit_period_days} 天"


def notice_document(uow: UnitOfWork, ctx: _Context, customer: Customer, as_of: date, number: str,
                    overdue: list | None = None) -> NoticeDocument:
    """The notice's content: the customer's undisputed overdue items with what was open on them on ``as_of``
    (``overdue``: those lines, if a batch read them already)."""
    from app.documents.notices import NoticeDocument, NoticeLine
    agreement = uow.documents.latest_agreement(customer.id)
    fee_on = bool(agreement is not None and agreement.late_fee_enabled)
    lines = []
    for r in uow.documents.overdue_lines(customer.id, as_of) if overdue is None else overdue:
        fee = late_fee(r.open_amount, r.due_date, as_of, permille_per_day=ctx.permille, grace_days=ctx.grace_days) \
            if fee_on else 0
        lines.append(NoticeLine(r.business_date, r.business_line, r.voucher_no, r.amount, r.open_amount,
                                days_overdue(r.due_date, as_of), fee))
    if not lines:
        raise DomainError("collection.nothing_overdue", name=customer.name, date=as_of)
    t = ctx.template
    return NoticeDocument(
        number, ctx.issuer, _addressee(customer, uow.actor.role), "—" if agreement is None else agreement.number,
        _payment_terms(agreement), as_of,
        as_of + timedelta(days=t["pay_within_days"]), as_of + timedelta(days=t["dispute_within_days"]),
        tuple(lines), fee_on, t, ctx.zheng_after_jiao)


def _font_name(desk: Desk) -> tuple[str, dict]:
    from app.documents.fonts import document_font
    settings = document_settings(desk)
    return document_font(settings["font_path"]).name, settings


def issue_notices(desk: Desk, actor: Actor, customer_ids: list[int], *, as_of: date | None = None,
                  out: Path, per_customer: bool = False, progress: Progress | None = None) -> IssuedDocuments:
    """催缴通知书 for each customer, into one PDF (``out``) or one PDF per customer (in the folder
    ``out``, named by notice number and customer code); each notice is numbered and recorded as a
    written collection record (书面催收) with its number. A past ``as_of`` lists what was open then."""
    if not customer_ids:
        raise DomainError("collection.no_customers")
    as_of = as_of or desk.clock.today()
    if as_of > desk.clock.today():
        raise DomainError("date.in_future", field=Words("通知日期", "The notice date"), date=as_of,
                          today=desk.clock.today())
    font, settings = _font_name(desk)
    total = len(customer_ids)
    with desk.use_case(actor, Permission.RECORD_COLLECTION) as uow:
        ctx = _context(desk, uow, font, settings)
        prefix = f"CJ-{ctx.site_code}-{as_of.year}-"
        documents: list[NoticeDocument] = []
        overdue = uow.documents.overdue_lines_of(list(customer_ids), as_of)
        # the audit records of the whole batch go in as one insert (same rows, same order)
        with uow.ledger.audits_together():
            for customer_id in customer_ids:
                documents.append(_issue_notice(uow, ctx, customer_id, as_of, prefix, overdue.get(customer_id, [])))
        uow.collection.keep_state(*customer_ids)  # the written records' state, for the whole batch at once
        _record_personal_data(uow, settings["template"]["notice_title"], documents, out,
                              customer_ids[0] if len(customer_ids) == 1 else None)
        temps, pages = _write(documents, out, per_customer, font, progress, total,
                              title=settings["template"]["notice_title"])
        try:
            uow.commit()
        except BaseException:
            _discard(temps)
            raise
    # Recorded first, then put in place: a file never carries a number that was not recorded.
    return IssuedDocuments([d.number for d in documents], _place(temps), pages)


def _issue_notice(uow: UnitOfWork, ctx: _Context, customer_id: int, as_of: date, prefix: str,
                  overdue: list) -> NoticeDocument:
    """One notice of a batch: numbered, recorded with its written collection record (书面催收), audited."""
    desk, actor = uow.desk, uow.actor
    customer = uow.session.get(Customer, customer_id)
    if customer is None:
        raise DomainError("customer.not_found", ref=customer_id)
    number = uow.documents.next_number(prefix)
    doc = notice_document(uow, ctx, customer, as_of, number, overdue)
    notice = Notice(site_id=uow.site_id, number=number, kind="notice", customer_id=customer_id, as_of=as_of,
                    pay_by=doc.pay_by, total=doc.total, item_count=len(doc.lines),
                    issued_by_id=actor.user_id, issued_at=desk.clock.now())
    uow.session.add(notice)
    uow.session.flush()
    add_contact(uow, ContactInput(customer_id, min(as_of, desk.clock.today()), Channel.LETTER.value, "",
                                  next_follow_up=doc.pay_by),
                notice_id=notice.id, note=notice_sent(number, doc.total, doc.pay_by), keep_state=False)
    uow.audit("collection.notice", "notice", notice.id, customer_id=customer_id,
              after={"number": number, "as_of": as_of, "total": doc.total, "items": len(doc.lines)})
    return doc


def _write(documents: list, out: Path, per_customer: bool, font: str, progress: Progress | None, total: int,
           *, title: str) -> tuple[list[tuple[Path, Path]], int]:
    """Draw into temporary files beside their targets; returns the (temporary, target) pairs and the
    page count. Nothing is in place yet: the caller commits its records first, then calls ``_place``."""
    from app.documents.notices import write_pdf

    def step(done: int) -> None:
        if progress is not None:
            progress(done, total)

    targets: list[tuple[Path, list]] = []
    if per_customer:
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DomainError("file.not_writable", path=str(out), reason=os_reason(error)) from None
        for doc in documents:
            safe = "".join(ch for ch in doc.customer.code if ch.isalnum()) or "customer"
            targets.append((out / f"{doc.number}_{safe}.pdf", [doc]))
    else:
        targets.append((out, documents))
    temps: list[tuple[Path, Path]] = []
    pages, done = 0, 0
    try:
        for target, docs in targets:
            temp = _temp_beside(target)
            temps.append((temp, target))
            base = done

            def on_doc(n: int, base: int = base) -> bool:
                step(base + n)
                return True
            pages += write_pdf(temp, docs, font, title=title, step=on_doc)
            done += len(docs)
    except BaseException:
        _discard(temps)
        raise
    return temps, pages


def _discard(temps: list[tuple[Path, Path]]) -> None:
    for temp, _target in temps:
        temp.unlink(missing_ok=True)


def _place(temps: list[tuple[Path, Path]]) -> list[Path]:
    """After the commit: move each drawn file into place. The records stand either way; a file that
    cannot be moved stays under its temporary name and the message says where (it can be reissued
    from the collection file)."""
    placed = []
    for n, (temp, target) in enumerate(temps):
        try:
            os.replace(temp, target)
        except OSError as error:
            raise DomainError("documents.not_placed", path=str(target), temp=str(temp),
                              reason=os_reason(error), placed=n) from None
        placed.append(target)
    return placed


def _temp_beside(target: Path) -> Path:
    try:
        return temp_beside(target, ".issuing-")
    except OSError as error:
        raise DomainError("file.not_writable", path=str(target), reason=os_reason(error)) from None


# -- statements (对账单) ------------------------------------------------------------------------------

EVENT_LABELS = {"charge": "欠费", "charge_reversal": "欠费冲正", "payment": "收款", "payment_reversal": "收款冲正",
                "write_off": "坏账核销"}


def statement_lines(uow: UnitOfWork, customer_id: int, start: date, end: date) -> tuple[int, list[StatementLine], int]:
    """Opening balance, the period's entries with running balance, closing balance (fen; a negative
    balance is money held for the customer)."""
    from app.documents.notices import StatementLine
    opening, lines, balance = 0, [], None
    for on, kind, ref, desc, delta in uow.documents.statement_events(customer_id):
        if on < start:
            opening += delta
            continue
        if on > end:
            break
        balance = (opening if balance is None else balance) + delta
        if kind == "payment":
            desc = PAYMENT_METHODS.get(desc, desc)
        charge = delta if kind in ("charge", "charge_reversal") else 0
        lines.append(StatementLine(on, EVENT_LABELS[kind], ref, desc, charge, charge - delta, balance))
    return opening, lines, opening if balance is None else balance


def issue_statement(desk: Desk, actor: Actor, customer_id: int, *, start: date, end: date, out: Path) -> str:
    """对账单 (postal 8(四)): numbered and recorded; the customer confirms the balance by signature."""
    from app.documents.notices import StatementDocument
    if start > end:
        raise DomainError("statement.bad_period", start=start, end=end)
    if end > desk.clock.today():
        raise DomainError("date.in_future", field=Words("对账截止日", "The statement's end date"), date=end,
                          today=desk.clock.today())
    font, settings = _font_name(desk)
    with desk.use_case(actor, Permission.RECORD_COLLECTION) as uow:
        ctx = _context(desk, uow, font, settings)
        customer = uow.session.get(Customer, customer_id)
        if customer is None:
            raise DomainError("customer.not_found", ref=customer_id)
        opening, lines, closing = statement_lines(uow, customer_id, start, end)
        number = uow.documents.next_number(f"DZ-{ctx.site_code}-{end.year}-")
        agreement = uow.documents.latest_agreement(customer_id)
        today = desk.clock.today()
        # The closing balance is open items less money held (预存款); both are printed when both exist.
        open_items = uow.documents.open_total(customer_id, end, today)
        doc = StatementDocument(number, ctx.issuer, _addressee(customer, actor.role), "—" if agreement is None else agreement.number,
                                start, end, today, today + timedelta(days=ctx.template["reply_within_days"]),
                                opening, tuple(lines), closing, ctx.template, ctx.zheng_after_jiao,
                                open_items=open_items, unapplied_credit=open_items - closing)
        notice = Notice(site_id=uow.site_id, number=number, kind="statement", customer_id=customer_id, as_of=end,
                        period_from=start, pay_by=None, total=closing, item_count=len(lines),
                        issued_by_id=actor.user_id, issued_at=desk.clock.now())
        uow.session.add(notice)
        uow.session.flush()
        uow.audit("collection.statement", "notice", notice.id, customer_id=customer_id,
                  after={"number": number, "from": start, "to": end, "opening": opening, "closing": closing})
        _record_personal_data(uow, ctx.template["statement_title"], [doc], out, customer_id)
        temps, _pages = _write([doc], out, False, font, None, 1, title=ctx.template["statement_title"])
        try:
            uow.commit()
        except BaseException:
            _discard(temps)
            raise
    _place(temps)
    return number


def record_reply(desk: Desk, actor: Actor, number: str, *, received_on: date, answer: str, note: str = "") -> None:
    """回执 / 对账确认 came back signed: its date is evidence (it interrupts the limitation period)."""
    if answer not in ReplyAnswer.__members__.values():
        raise DomainError("notice.reply_answer")
    if received_on > desk.clock.today():
        raise DomainError("date.in_future", field=Words("回执收到日期", "The reply's date"), date=received_on,
                          today=desk.clock.today())
    with desk.use_case(actor, Permission.RECORD_COLLECTION) as uow:
        notice = uow.documents.notice(number.strip())
        if notice is None:
            raise DomainError("notice.not_found", ref=number)
        if received_on < notice.issued_at.date():
            raise DomainError("notice.reply_before_issue", date=received_on, issued=notice.issued_at.date())
        reply = NoticeReply(site_id=uow.site_id, notice_id=notice.notice_id, received_on=received_on, answer=answer,
                            note=note.strip(), recorded_by_id=actor.user_id, recorded_at=desk.clock.now())
        uow.session.add(reply)
        uow.session.flush()
        add_contact(uow, ContactInput(notice.customer_id, received_on, Channel.LETTER.value, ""),
                    notice_id=notice.notice_id, note=reply_received(number, answer, note))
        uow.audit("collection.reply", "notice_reply", reply.id, customer_id=notice.customer_id,
                  after={"number": number, "received_on": received_on, "answer": answer, "note": note.strip()})
        uow.commit()


# -- receipts (收款收据) ----------------------------------------------------------------------------

RECEIPT_PRINTED = "repayment.receipt"  # the audit action of every print of a receipt


def issue_receipt(desk: Desk, actor: Actor, repayment_id: int, out: Path) -> Path:
    """收款收据 of a repayment, as a PDF at ``out``; printable any time after the posting. Every print is
    audited (who, when, which copy); a second or later print is marked 补打. A reversed repayment gets no
    receipt: the money was never received."""
    from app.documents.receipt import ReceiptDocument, ReceiptLine, write_receipt_pdf
    font, settings = _font_name(desk)
    with desk.use_case(actor, Permission.RECORD_REPAYMENT) as uow:
        facts = uow.documents.receipt(repayment_id)
        if facts is None:
            raise DomainError("repayment.not_found", ref=repayment_id)
        if facts.reversed:
            raise DomainError("receipt.reversed", ref=facts.receipt_no)
        ctx = _context(desk, uow, font, settings)
        lines = tuple(ReceiptLine(o.voucher_no, o.business_date, o.business_line, o.amount)
                      for o in uow.documents.receipt_offsets(repayment_id))
        owed, held = uow.ledger.balance(facts.customer_id)
        copy = uow.documents.times_printed(repayment_id, RECEIPT_PRINTED) + 1
        doc = ReceiptDocument(
            facts.receipt_no, ctx.issuer, facts.customer_name, facts.customer_code, facts.paid_on,
            PAYMENT_METHODS.get(facts.method, facts.method), facts.amount, lines,
            facts.amount - sum(line.amount for line in lines), owed, held, desk.clock.today(), facts.received_by,
            ctx.zheng_after_jiao, copy, actor.display_name)
        uow.audit(RECEIPT_PRINTED, "repayment", repayment_id, customer_id=facts.customer_id,
                  after={"receipt_no": facts.receipt_no, "copy": copy, "owed": owed, "held": held})
        temp = _temp_beside(out)
        try:
            write_receipt_pdf(temp, doc, font)
            uow.commit()
        except BaseException:
            _discard([(temp, out)])
            raise
    # Recorded first, then put in place, like the notices.
    return _place([(temp, out)])[0]


def sample_notice(desk: Desk, out: Path, *, template: dict | None = None, font_path: str | None = None,
                  zheng_after_jiao: bool | None = None) -> Path:
    """A notice with made-up figures, to see a template before saving it (nothing is recorded)."""
    from app.documents.fonts import document_font
    from app.documents.notices import Addressee, NoticeDocument, NoticeLine
    settings = document_settings(desk)
    if template is not None:
        from app.documents.templates import merged
        settings["template"] = merged(template)
    if zheng_after_jiao is not None:
        settings["zheng_after_jiao"] = zheng_after_jiao
    font = document_font(settings["font_path"] if font_path is None else font_path).name
    with desk.unit_of_work() as uow:
        ctx = _context(desk, uow, font, settings)
    today = desk.clock.today()
    lines = tuple(NoticeLine(today - timedelta(days=90 - n), "函件", f"PZ{today:%Y%m}{n:04d}", 140_950 + n * 1_001,
                             100_000 + n * 1_001, 45 - n) for n in range(5))
    t = ctx.template
    doc = NoticeDocument("CJ-样张-000000", ctx.issuer, Addressee("示例客户有限公司", "C000000", "某某市某某路 1 号",
                                                              "王经理", "0311-00000000"),
                         "XY-样张", "结算周期 1 个月，信用期 30 天", today, today + timedelta(days=t["pay_within_days"]),
                         today + timedelta(days=t["dispute_within_days"]), lines, False, t, ctx.zheng_after_jiao)
    _place(_write([doc], out, False, font, None, 1, title=t["notice_title"])[0])
    return out
