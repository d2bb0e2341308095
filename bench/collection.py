"""The collection issue's figures: the overdue queue on the big ledger, and a batch of 1,000 notices
of 10 items each into one PDF, each next to a baseline measured in the same run."""
from __future__ import annotations

import sqlite3
import tempfile
from datetime import date, timedelta
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from app.documents.fonts import document_font
from app.services.arrears import ArrearsInput, record_arrears
from app.services.collection import overdue_queue
from app.services.context import Desk, FixedClock
from app.services.documents import issue_notices, notice_document, _context  # noqa: PLC2701 - bench reads inside
from app.services.settings import document_settings
from db.models import Customer


def bench_queue(desk: Desk, raw: sqlite3.Connection, actor, report, today: date, median_time) -> None:
    rows = overdue_queue(desk, actor, as_of=today)
    t_ours = median_time(lambda: overdue_queue(desk, actor, as_of=today), 3)
    # The core of the same work, bare: overdue per customer from the maintained balances.
    t_base = median_time(lambda: raw.execute(
        "SELECT customer_id, SUM(open_amount), COUNT(*), MIN(due_date) FROM item_balances "
        "WHERE open_amount > 0 AND due_date < ? GROUP BY customer_id", (today.isoformat(),)).fetchall(), 3)
    customers = raw.execute("SELECT COUNT(*) FROM customers").fetchone()[0]
    report.add(f"overdue work queue, {customers:,} customers ({len(rows):,} overdue)", t_ours, t_base,
               "< 500 ms", t_ours < 0.5, baseline_name="raw GROUP BY", key="overdue queue")


def _notice_desk(folder: Path, customers: int, items: int) -> tuple[Desk, object, date, list[int]]:
    """A branch with ``customers`` customers of ``items`` overdue items each: one built through the
    services, the rest cloned from it in SQL (the services would take minutes for 10,000 items)."""
    from tests.factories import approved_customer, make_desk
    start = date(2026, 1, 5)
    desk, staff = make_desk(folder / "notices.sqlite3", start)
    cid = approved_customer(desk, staff, "东方贸易有限公司", limit=100_000_000)
    for n in range(items):
        record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", start, 12_345 + n * 101, f"V{n:03d}", True))
    if desk.server is not None:  # issue 15: the same clones on a PostgreSQL server
        ids, due = _clone_on_server(desk, cid, customers)
    else:
        con = sqlite3.connect(desk.path, isolation_level=None)
        con.executescript(_clones(cid, customers, numbers=f"""CREATE TEMP TABLE n AS WITH RECURSIVE k(i) AS (
            SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < {customers - 1}) SELECT i FROM k;""",
            uid="randomblob(16)", code="printf('B%06d', i)"))
        ids = [r[0] for r in con.execute("SELECT id FROM customers ORDER BY id")]
        due = date.fromisoformat(con.execute("SELECT MAX(due_date) FROM arrears_items").fetchone()[0])
        con.close()
    today = due + timedelta(days=20)
    desk.clock = FixedClock(today)
    return desk, staff.clerk, today, ids


def _clones(cid: int, customers: int, *, numbers: str, uid: str, code: str) -> str:
    """The SQL that clones customer ``cid`` (agreement, items, balances) ``customers - 1`` times, numbered by the
    temporary table ``n(i)`` that ``numbers`` makes; ``uid`` and ``code`` are the engine's expressions for a new
    global id and the clone's customer code."""
    return f"""
        BEGIN;
        {numbers}
        INSERT INTO customers (uid, site_id, code, name, customer_group, contact_person, phone, address, id_number,
                               branch_id, account_manager_id, status, created_at)
            SELECT {uid}, site_id, {code}, name || '分公司' || i, customer_group, '王经理',
                   phone, '某某市某某路 ' || i || ' 号', id_number, branch_id, account_manager_id, status, created_at
            FROM customers, n WHERE customers.id = {cid};
        INSERT INTO agreements (uid, site_id, customer_id, application_id, number, credit_limit, credit_period_days,
                                settlement_cycle_months, valid_from, valid_to, approved_by_id, approved_at,
                                late_fee_enabled, late_fee_permille_per_day, late_fee_grace_days)
            SELECT {uid}, a.site_id, c.id, NULL, a.number || '-' || c.id, a.credit_limit, a.credit_period_days,
                   a.settlement_cycle_months, a.valid_from, a.valid_to, a.approved_by_id, a.approved_at, false, 3, 0
            FROM agreements a, customers c WHERE a.customer_id = {cid} AND c.id <> {cid};
        INSERT INTO arrears_items (uid, site_id, customer_id, agreement_id, business_line_id, branch_id, business_date,
                                   billing_period, due_date, amount, voucher_no, handler_id, signature_confirmed,
                                   note, recorded_by_id, recorded_at)
            SELECT {uid}, i.site_id, a.customer_id, a.id, i.business_line_id, i.branch_id, i.business_date,
                   i.billing_period, i.due_date, i.amount, i.voucher_no || '-' || a.customer_id, i.handler_id, true, '',
                   i.recorded_by_id, i.recorded_at
            FROM arrears_items i, agreements a WHERE i.customer_id = {cid} AND a.customer_id <> {cid};
        INSERT INTO item_balances SELECT id, customer_id, business_date, billing_period, due_date, business_line_id,
                                         handler_id, branch_id, amount
            FROM arrears_items WHERE customer_id <> {cid};
        INSERT INTO customer_balances SELECT customer_id, SUM(amount), 0 FROM arrears_items
            WHERE customer_id <> {cid} GROUP BY customer_id;
        COMMIT;
    """


def _clone_on_server(desk: Desk, cid: int, customers: int) -> tuple[list[int], date]:
    from tests import server
    with server.connect(desk.server, autocommit=True) as con:
        for statement in _clones(cid, customers, numbers=f"CREATE TEMP TABLE n AS SELECT generate_series(1, "
                                 f"{customers - 1}) AS i;", uid="decode(md5(random()::text || clock_timestamp()::text), "
                                 "'hex')", code="'B' || lpad(i::text, 6, '0')").split(";"):
            if statement.strip():
                con.execute(statement)
        ids = [r[0] for r in con.execute("SELECT id FROM customers ORDER BY id")]
        due = con.execute("SELECT MAX(due_date) FROM arrears_items").fetchone()[0]
    return ids, due


def bare_reportlab(path: Path, documents: list, font: str) -> None:
    """The same pages drawn with no layout logic: every string at a fixed place, the same ruled table."""
    c = Canvas(str(path), pagesize=A4, pageCompression=1, initialFontName=font)
    for doc in documents:
        y = 790
        c.setFont(font, 12)
        c.drawCentredString(297, y, doc.issuer)
        c.line(50, y - 6, 545, y - 6)
        c.setFont(font, 20)
        c.drawCentredString(297, y - 40, doc.template["notice_title"])
        c.setFont(font, 10)
        for n, text in enumerate([f"编号：{doc.number}", f"{doc.customer.name}（客户编号：{doc.customer.code}）：",
                                  f"地址：{doc.customer.address}", doc.agreement_number, doc.payment_terms,
                                  doc.template["notice_intro"][:40], doc.template["notice_intro"][40:]]):
            c.drawString(50, y - 70 - n * 14, text)
        y -= 190
        for line in doc.lines:
            c.line(50, y, 545, y)
            for x, text in zip((55, 90, 160, 240, 420, 500), (line.business_date.isoformat(), line.business_line,
                                                              line.voucher_no, str(line.amount), str(line.open_amount),
                                                              str(line.days_overdue))):
                c.drawString(x, y - 12, text)
            y -= 16
        c.line(50, y, 545, y)
        for n, key in enumerate(("how_to_pay", "consequences", "dispute", "reply_text")):
            c.drawString(50, y - 20 - n * 28, doc.template[key][:45])
            c.drawString(50, y - 34 - n * 28, doc.template[key][45:90])
        c.setDash(4, 3)
        c.line(50, 240, 545, 240)
        c.setDash()
        c.drawString(50, 200, f"{doc.issuer}：  通知书编号：{doc.number}  ¥{doc.total}")
        c.showPage()
    c.save()


def raw_notice_documents(path: Path, ids: list[int], today: date, issuer: str, template: dict) -> list:
    """The documents' data by hand (plain sqlite3, the program's PRAGMAs): per customer its address, its
    latest agreement and its overdue open items with their business line, made into the same records the
    drawing takes. Part of the baseline's time, as building them is part of ours."""
    from app.documents.notices import Addressee, NoticeDocument, NoticeLine
    from bench.__main__ import raw_connection
    raw = raw_connection(path)
    docs = []
    for cid in ids:
        name, code, address, contact, phone = raw.execute(
            "SELECT name, code, address, contact_person, phone FROM customers WHERE id = ?", (cid,)).fetchone()
        agreement = raw.execute("SELECT number, settlement_cycle_months, credit_period_days FROM agreements "
                                "WHERE customer_id = ? ORDER BY id DESC LIMIT 1", (cid,)).fetchone()
        lines = tuple(NoticeLine(date.fromisoformat(d), line, voucher, amount, open_amount,
                                 (today - date.fromisoformat(due)).days)
                      for d, line, voucher, amount, open_amount, due in raw.execute(
                          "SELECT i.business_date, l.name, i.voucher_no, i.amount, b.open_amount, i.due_date "
                          "FROM item_balances b JOIN arrears_items i ON i.id = b.item_id "
                          "JOIN business_lines l ON l.id = i.business_line_id "
                          "WHERE b.customer_id = ? AND b.open_amount > 0 AND b.due_date < ? "
                          "ORDER BY i.business_date, i.id", (cid, today.isoformat())))
        docs.append(NoticeDocument(f"CJ-RAW-{cid:06d}", issuer, Addressee(name, code or "", address, contact, phone),
                                   agreement[0], f"结算周期 {agreement[1]} 个月，信用期 {agreement[2]} 天", today,
                                   today + timedelta(days=template["pay_within_days"]),
                                   today + timedelta(days=template["dispute_within_days"]), lines, False, template))
    raw.close()
    return docs


def bench_notices(report, median_time, *, customers: int = 1_000, items: int = 10) -> None:
    """Ours issues (numbers, records and draws) the batch five times over; the baseline reads the same
    data by hand and draws the same pages with bare reportlab, as often, the two alternating."""
    from bench.__main__ import paired_times
    folder = Path(tempfile.mkdtemp(prefix="arrears-bench-notices-"))
    desk, clerk, today, ids = _notice_desk(folder, customers, items)
    font = document_font(document_settings(desk)["font_path"]).name
    with desk.unit_of_work(clerk) as uow:
        ctx = _context(desk, uow, font, document_settings(desk))
        sample = notice_document(uow, ctx, uow.session.get(Customer, ids[0]), today, "CJ-BENCH-000000")
    pages = []

    def ours() -> None:
        pages.append(issue_notices(desk, clerk, ids, as_of=today, out=folder / "notices.pdf").pages)

    def baseline() -> None:
        bare_reportlab(folder / "bare.pdf", raw_notice_documents(desk.path, ids, today, ctx.issuer, ctx.template), font)

    assert len(sample.lines) == items
    t_ours, t_base = paired_times(ours, baseline)
    desk.close()
    report.add(f"{customers:,} notices x {items} items into one PDF ({pages[-1]:,} pages, recorded)", t_ours,
               t_base, "< 10 s", t_ours < 10, baseline_name="data by hand + bare reportlab")
