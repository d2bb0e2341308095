"""坏账核销 as a workflow (postal 18; telecom 5, 7.7): application with evidence, four eyes, partial
write-offs, the 账销案存 register and recovery on its own line."""
from __future__ import annotations

import hashlib
import re
import sqlite3
import uuid
from datetime import date

import pytest

from app.domain.errors import DomainError
from app.domain.writeoff import Cause, Stage
from app.reports.request import ReportKind, ReportRequest
from app.services.arrears import ArrearsInput, record_arrears
from app.services.collection import ContactInput, record_contact
from app.services.context import FixedClock
from app.services.reports import build
from app.services.settings import set_marketing_review
from app.services.writeoffs import (
    Scan, WriteOffRequest, application, applications, apply_write_off, approve_write_off, evidence_file,
    record_recovery, register, reject_write_off, review_write_off, withdraw_write_off,
)
from app.services.verify import run_checks
from tests.factories import (
    SINCE_0008, WRITE_OFFS_AS_0008_ON_A_SERVER, approved_customer, execute, make_desk, move_clock, on_the_backend, rows,
)

TODAY = date(2026, 7, 15)
COURT = {"document_no": "(2026)冀0102执123号", "document_date": "2026-05-20", "issued_by": "长安区人民法院"}
SCAN = Scan("裁定书.pdf", b"%PDF-1.4 ruling scan")


@pytest.fixture
def world(tmp_path):
    desk, staff = make_desk(tmp_path / "wo.sqlite3", today=date(2026, 1, 2))
    cid = approved_customer(desk, staff, limit=1_000_000)
    desk.clock = FixedClock(date(2026, 1, 5))
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 1, 5), 10_000, "V1",
                                                   signature_confirmed=True))
    move_clock(desk, TODAY)
    yield desk, staff, cid
    desk.close()


def clean(desk) -> bool:
    return [c.name for c in run_checks(desk) if not c.ok] == []


def court(amount=None, scans=(SCAN,), facts=COURT) -> WriteOffRequest:
    return WriteOffRequest(1, Cause.COURT, "法院终结执行，债务人无财产可供执行", dict(facts), tuple(scans), amount)


def test_an_application_without_the_evidence_its_cause_requires_is_refused_with_the_reason(world):
    desk, staff, _cid = world
    with pytest.raises(DomainError) as info:
        apply_write_off(desk, staff.clerk, court(scans=()))
    assert info.value.code == "writeoff.files_missing"
    with pytest.raises(DomainError) as info:
        apply_write_off(desk, staff.clerk, court(facts={k: v for k, v in COURT.items() if k != "document_no"}))
    assert info.value.code == "writeoff.fact_missing" and "文书编号" in info.value.message()
    with pytest.raises(DomainError) as info:  # 证明 needs the collection record too (telecom 7.7)
        apply_write_off(desk, staff.clerk, WriteOffRequest(1, Cause.CERTIFIED, "无法联系", COURT, (SCAN,)))
    assert info.value.code == "writeoff.history_missing"
    assert rows(desk, "SELECT COUNT(*) FROM write_off_applications") == [(0,)]


def test_only_items_more_than_three_months_overdue_qualify(world):
    desk, staff, _cid = world
    desk.clock = FixedClock(date(2026, 3, 1))
    with pytest.raises(DomainError) as info:
        apply_write_off(desk, staff.clerk, court())
    assert info.value.code == "writeoff.not_long_overdue"


def test_the_applicant_cannot_approve_and_finance_books_it_on_the_approval_day(world):
    desk, staff, cid = world
    applied = apply_write_off(desk, staff.head, court())
    assert applied.stage is Stage.AWAITING_APPROVAL and applied.amount == 10_000
    with pytest.raises(DomainError) as info:  # the applicant may not reject either
        reject_write_off(desk, staff.head, applied.application_id, "自己驳回")
    assert info.value.code == "auth.same_person"
    move_clock(desk, date(2026, 7, 20))
    execute(desk, "UPDATE users SET role = 'finance' WHERE username = 'head'")  # the applicant moves to finance
    with pytest.raises(DomainError) as info:
        approve_write_off(desk, staff.head, applied.application_id)
    assert info.value.code == "auth.same_person"
    assert rows(desk, "SELECT COUNT(*) FROM write_offs") == [(0,)]
    done = approve_write_off(desk, staff.finance, applied.application_id, "同意")
    assert done.stage is Stage.APPROVED
    assert [(amount, str(day), bool(other)) for amount, day, other in rows(
        desk, "SELECT amount, written_off_on, applied_by_id <> approved_by_id FROM write_offs")] == \
        [(10_000, "2026-07-20", True)]
    assert rows(desk, "SELECT open_total FROM customer_balances WHERE customer_id = ?", cid) == [(0,)]
    assert [a for a, in rows(desk, "SELECT action FROM audit_log WHERE action LIKE 'write_off.%' ORDER BY id")] == \
        ["write_off.apply", "write_off.approve"]
    assert clean(desk)


def test_a_partial_write_off_leaves_the_rest_open_for_a_later_application(world):
    desk, staff, _cid = world
    first = apply_write_off(desk, staff.clerk, court(amount=4_000))
    with pytest.raises(DomainError) as info:  # only what is open and not yet applied for
        apply_write_off(desk, staff.clerk, court(amount=7_000))
    assert info.value.code == "writeoff.over_open"
    approve_write_off(desk, staff.finance, first.application_id)
    assert rows(desk, "SELECT open_amount FROM item_balances WHERE item_id = 1") == [(6_000,)]
    second = apply_write_off(desk, staff.clerk, court())
    assert second.amount == 6_000
    approve_write_off(desk, staff.finance, second.application_id)
    assert rows(desk, "SELECT amount FROM write_offs WHERE arrears_item_id = 1 ORDER BY id") == [(4_000,), (6_000,)]
    assert clean(desk)


def test_marketing_reviews_first_where_the_site_asks_and_a_rejection_needs_a_reason(world):
    desk, staff, _cid = world
    set_marketing_review(desk, staff.admin, True)
    applied = apply_write_off(desk, staff.clerk, court())
    assert applied.stage is Stage.AWAITING_REVIEW
    with pytest.raises(DomainError) as info:
        approve_write_off(desk, staff.finance, applied.application_id)
    assert info.value.code == "writeoff.review_first"
    reviewed = review_write_off(desk, staff.marketing, applied.application_id, "资料齐全")
    assert reviewed.stage is Stage.AWAITING_APPROVAL
    with pytest.raises(DomainError):
        reject_write_off(desk, staff.finance, applied.application_id, "  ")
    rejected = reject_write_off(desk, staff.finance, applied.application_id, "证据不足，补充执行终结裁定")
    assert rejected.stage is Stage.REJECTED
    with pytest.raises(DomainError) as info:
        approve_write_off(desk, staff.finance, applied.application_id)
    assert info.value.code == "writeoff.closed"
    assert [d.kind for d in rejected.decisions] == ["applied", "reviewed", "rejected"]


def test_the_applicant_may_withdraw_and_the_amount_is_free_again(world):
    desk, staff, _cid = world
    applied = apply_write_off(desk, staff.clerk, court())
    with pytest.raises(DomainError) as info:
        withdraw_write_off(desk, staff.clerk2, applied.application_id, "客户来电承诺还款")
    assert info.value.code == "writeoff.not_applicant"
    withdraw_write_off(desk, staff.clerk, applied.application_id, "客户来电承诺还款")
    assert apply_write_off(desk, staff.clerk, court()).amount == 10_000
    assert [a.stage for a in applications(desk, staff.finance)] == [Stage.AWAITING_APPROVAL]


def test_the_collection_history_and_the_evidence_go_with_the_application(world):
    desk, staff, cid = world
    record_contact(desk, staff.clerk, ContactInput(cid, date(2026, 6, 1), "phone", "无人接听"))
    applied = apply_write_off(desk, staff.clerk, WriteOffRequest(
        1, Cause.CERTIFIED, "派出所证明已迁出", COURT, (SCAN,)))
    record_contact(desk, staff.clerk, ContactInput(cid, date(2026, 7, 1), "visit", "人去楼空"))
    seen = application(desk, staff.finance, applied.application_id)
    assert [(what, said) for _kind, _day, what, said in seen.history] == [("phone", "无人接听")]  # as when applied
    [scan] = seen.evidence
    assert scan.sha256 == hashlib.sha256(SCAN.content).hexdigest()
    assert evidence_file(desk, staff.auditor, scan.evidence_id).content == SCAN.content
    with pytest.raises(Exception, match="append-only"):  # kept as attached
        execute(desk, "UPDATE write_off_evidence SET content = ?", b"\x00")


def test_a_recovery_lands_on_its_own_line_never_as_credit(world):
    desk, staff, cid = world
    approve_write_off(desk, staff.finance, apply_write_off(desk, staff.clerk, court()).application_id)
    with pytest.raises(DomainError) as info:
        record_recovery(desk, staff.clerk, 1, 12_000, method="cash", receipt_no="R9")
    assert info.value.code == "writeoff.recovery_too_large"
    record_recovery(desk, staff.clerk, 1, 3_000, method="cash", receipt_no="R9")
    assert rows(desk, "SELECT open_total, unapplied_credit FROM customer_balances WHERE customer_id = ?", cid) == \
        [(0, 0)]
    assert rows(desk, "SELECT COUNT(*) FROM repayments") == [(0,)]
    report = build(desk, staff.finance, ReportRequest(ReportKind.MOVEMENT, start=date(2026, 7, 1), as_of=TODAY))
    table = next(t for t in report.tables if t.key == "by_business_line")
    headers = [c.header.en for c in table.columns]
    assert table.totals[headers.index("Recovered bad debt")] == 3_000
    assert table.totals[headers.index("Difference")] == 0  # a recovery does not move what is open
    [line] = register(desk, staff.auditor)
    assert (line.amount, line.recovered, line.still_out, line.handler) == (10_000, 3_000, 7_000, "张营业")
    daily = build(desk, staff.head, ReportRequest(ReportKind.DAILY, start=TODAY, as_of=TODAY))
    by_kind = next(t for t in daily.tables if t.key == "by_line_kind")
    assert [(r[1].zh, r[2], r[3]) for r in by_kind.rows] == [
        ("收回已核销坏账", 1, 3_000), ("实收款净额", 1, 3_000)]  # its own line on the day, money taken in
    from app.services.cashup import clerk_day
    day = clerk_day(desk, staff.clerk, TODAY)
    assert [(r.receipt_no, r.kind, r.amount) for r in day.receipts] == [("R9", "recovery", 3_000)]
    with pytest.raises(DomainError) as again:  # the receipt took money once
        record_recovery(desk, staff.clerk, 1, 1_000, method="cash", receipt_no="R9")
    assert again.value.code == "receipt.duplicate"
    assert clean(desk)


def test_upgrading_a_database_with_one_write_off_per_item_keeps_its_chains_and_allows_parts(world):
    """0010 rebuilds write_offs without the one-per-item constraint: every row as it was, chains intact."""
    desk, staff, cid = world
    from app.services.arrears import write_off
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", TODAY, 5_000, "V2", signature_confirmed=True))
    write_off(desk, staff.head, staff.finance, 2, reason="债务人注销", evidence="注销证明")
    desk.close()
    if desk.server is not None:
        upgraded = _upgraded_from_0008_on_the_server(desk)
    else:
        upgraded = _upgraded_from_0008_file(desk)
    part = apply_write_off(upgraded, staff.clerk, court(amount=1_000))
    approve_write_off(upgraded, staff.finance, part.application_id)
    approve_write_off(upgraded, staff.finance, apply_write_off(upgraded, staff.clerk, court(amount=2_000)).application_id)
    assert rows(upgraded, "SELECT COUNT(*) FROM write_offs WHERE arrears_item_id = 1") == [(2,)]
    assert clean(upgraded)
    upgraded.close()


def _upgraded_from_0008_on_the_server(desk):
    """The server's database as revision 0008 left it (the one-per-item constraint back, the later tables and
    columns gone), opened again: upgraded in place (pglocks)."""
    from app.services.context import Desk
    for sql in on_the_backend(SINCE_0008, server=True):
        execute(desk, sql)
    for sql in WRITE_OFFS_AS_0008_ON_A_SERVER:
        execute(desk, sql)
    execute(desk, "UPDATE alembic_version SET version_num = '0008'")
    upgraded = Desk(desk.location, clock=FixedClock(TODAY))
    assert clean(upgraded)
    assert rows(upgraded, "SELECT COUNT(*) FROM pg_constraint WHERE conname = 'uq_write_offs_arrears_item_id'") == [(0,)]
    assert len(rows(upgraded, "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgrelid = 'write_offs'::regclass")) == 2
    return upgraded


def _upgraded_from_0008_file(desk):
    con = sqlite3.connect(desk.path)  # as revision 0008 left it: the constraint back, the new tables gone
    [create] = con.execute("SELECT sql FROM sqlite_master WHERE name = 'write_offs'").fetchone()
    triggers = [t for t, in con.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'write_offs'")]
    for sql in SINCE_0008:
        con.execute(sql)
    con.execute(re.sub(r'^CREATE TABLE\s+"?write_offs"?', "CREATE TABLE old_write_offs", create).replace(
        "CONSTRAINT uq_write_offs_uid UNIQUE (uid)",
        "CONSTRAINT uq_write_offs_arrears_item_id UNIQUE (arrears_item_id), CONSTRAINT uq_write_offs_uid UNIQUE (uid)"))
    con.execute("INSERT INTO old_write_offs SELECT * FROM write_offs")
    con.execute("DROP TABLE write_offs")
    con.execute("ALTER TABLE old_write_offs RENAME TO write_offs")
    for sql in triggers:
        con.execute(sql)
    con.execute("UPDATE alembic_version SET version_num = '0008'")
    con.commit()
    con.close()
    from app.services.context import Desk
    upgraded = Desk(desk.location, clock=FixedClock(TODAY))
    assert clean(upgraded)
    assert "uq_write_offs_arrears_item_id" not in rows(upgraded, "SELECT sql FROM sqlite_master WHERE name = 'write_offs'")[0][0]
    assert len(rows(upgraded, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'write_offs'")) == 2
    return upgraded


def test_the_auditor_export_carries_each_scan_with_the_hash_recorded_when_it_was_attached(world, tmp_path):
    import json

    from app.services.auditor_export import export_for_auditor
    desk, staff, _cid = world
    applied = apply_write_off(desk, staff.clerk, court())
    out = tmp_path / "audit"
    export_for_auditor(desk, staff.auditor, date(2026, 7, 1), TODAY, out)
    [scan] = (out / "evidence").iterdir()
    assert scan.name == f"{applied.application_id:06d}-000001-裁定书.pdf" and scan.read_bytes() == SCAN.content
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    [entry] = [e for e in manifest["files"] if e["path"].startswith("evidence/")]
    assert entry["sha256"] == hashlib.sha256(SCAN.content).hexdigest() in entry["description"]
    assert any(e["path"].endswith("write_off_applications.csv") for e in manifest["files"])


def test_the_register_is_a_report_in_excel_and_pdf_naming_handler_and_approvers(world, tmp_path):
    from app.services.reports import write_report
    desk, staff, _cid = world
    set_marketing_review(desk, staff.admin, True)
    applied = apply_write_off(desk, staff.clerk, court(amount=4_000))
    review_write_off(desk, staff.marketing, applied.application_id)
    approve_write_off(desk, staff.finance, applied.application_id)
    report = build(desk, staff.head, ReportRequest(ReportKind.WRITE_OFFS))
    [row] = report.tables[0].rows
    assert row[3] == "张营业" and row[8:11] == ["张营业", "赵市场", "钱财务"] and row[11:] == [4_000, 0, 4_000]
    assert row[6] == Cause.COURT.words
    assert write_report(desk, report, tmp_path / "register.xlsx").stat().st_size > 0
    assert write_report(desk, report, tmp_path / "register.pdf").stat().st_size > 0
    handlers = build(desk, staff.head, ReportRequest(ReportKind.HANDLERS, start=date(2026, 7, 1)))
    [clerk] = [r for r in handlers.table("by_handler").rows if r[0] == "张营业"]
    assert clerk[-2:] == [4_000, 0]
    [head] = [r for r in handlers.table("by_supervisor").rows if r[0] == "王主任"]
    assert head[-2:] == [4_000, 0]


def test_the_command_line_applies_approves_lists_and_recovers(world, tmp_path, capsys):
    from app.cli import main
    desk, _staff, _cid = world
    desk.close()
    scan = tmp_path / "ruling.pdf"
    scan.write_bytes(SCAN.content)
    base = ["--db", desk.location, "--password", "correct-horse-9"]
    facts = [f"--fact={k}={v}" for k, v in COURT.items()]
    assert main(["confirm-date", *base, "--user", "head"]) == 0  # the command line runs on the real clock
    assert main(["write-off", "apply", *base, "--user", "clerk", "--item", "1", "--cause", "court",
                 "--reason", "终结执行", *facts, "--file", str(scan)]) == 0
    assert main(["write-off", "approve", "1", *base, "--user", "clerk"]) == 2  # not finance, and the applicant
    assert main(["write-off", "approve", "1", *base, "--user", "finance"]) == 0
    assert main(["write-off", "recover", *base, "--user", "clerk", "--item", "1", "--amount", "10",
                 "--receipt", "R7"]) == 0
    assert main(["write-off", "register", *base, "--user", "auditor"]) == 0
    out = capsys.readouterr().out
    assert "100.00" in out and "已收回 10.00" in out
    assert main(["write-off", "register", *base, "--user", "auditor", "--out", str(tmp_path / "r.xlsx")]) == 0


def test_verify_names_a_recovery_beyond_what_was_written_off(world):
    desk, staff, _cid = world
    approve_write_off(desk, staff.finance, apply_write_off(desk, staff.clerk, court()).application_id)
    record_recovery(desk, staff.clerk, 1, 9_800, method="cash", receipt_no="R1")  # of 10,000 written off
    assert clean(desk)
    # written past the program, as a forger would
    execute(desk, "INSERT INTO recoveries (uid, site_id, customer_id, arrears_item_id, amount, received_on, method,"
                  " receipt_no, note, received_by_id, recorded_at) SELECT ?, site_id, customer_id,"
                  " arrears_item_id, 500, received_on, method, 'R2', '', received_by_id, recorded_at FROM recoveries",
            uuid.uuid4().bytes)
    failed = [c.name for c in run_checks(desk) if not c.ok]
    assert any("收回已核销坏账不超过核销金额" in name for name in failed)


def test_a_recovery_is_refused_while_part_of_the_item_is_open_or_dated_before_the_write_off(world):
    """Money on an item still partly open is a repayment (offset first); a recovery is not dated before the
    debt was written off."""
    desk, staff, _cid = world
    approve_write_off(desk, staff.finance, apply_write_off(desk, staff.clerk, court(amount=6_000)).application_id)
    with pytest.raises(DomainError) as still_open:
        record_recovery(desk, staff.clerk, 1, 3_000, method="cash", receipt_no="R1")
    assert still_open.value.code == "writeoff.recovery_item_open" and "40.00" in still_open.value.message()
    approve_write_off(desk, staff.finance, apply_write_off(desk, staff.clerk, court()).application_id)
    with pytest.raises(DomainError) as early:
        record_recovery(desk, staff.clerk, 1, 3_000, method="cash", receipt_no="R1", received_on=date(2026, 2, 1))
    assert early.value.code == "writeoff.recovery_before_write_off"
    assert rows(desk, "SELECT COUNT(*) FROM recoveries") == [(0,)]


def test_the_reviewer_does_not_also_approve_and_an_unknown_fact_is_refused(world):
    from app.services.settings import set_marketing_review
    desk, staff, _cid = world
    set_marketing_review(desk, staff.admin, True)
    with pytest.raises(DomainError) as unknown:
        apply_write_off(desk, staff.clerk, court(facts={**COURT, "foo": "bar"}))
    assert unknown.value.code == "writeoff.unknown_fact" and "foo" in unknown.value.message()
    application = apply_write_off(desk, staff.clerk, court())
    review_write_off(desk, staff.marketing, application.application_id)
    execute(desk, "UPDATE users SET role = 'finance' WHERE id = ?", staff.marketing.user_id)  # the reviewer moves
    with pytest.raises(DomainError) as same:
        approve_write_off(desk, staff.marketing, application.application_id)
    assert same.value.code == "auth.same_person"


def test_hidden_characters_in_a_reason_or_a_fact_are_refused_naming_the_input(world):
    desk, staff, _cid = world
    for request in (WriteOffRequest(1, Cause.COURT, "终结\u200b执行", dict(COURT), (SCAN,)),
                    court(facts={**COURT, "issued_by": "长安区\x07人民法院"})):
        with pytest.raises(DomainError) as refused:
            apply_write_off(desk, staff.clerk, request)
        assert refused.value.code == "text.control"
    assert rows(desk, "SELECT COUNT(*) FROM write_off_applications") == [(0,)]
