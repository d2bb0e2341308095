"""催缴通知书 and 对账单: what the PDFs say (extracted text), that every font is embedded (pdffonts),
that each notice is numbered and recorded, and that a cancelled batch leaves nothing behind."""
from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.cli import main
from app.domain.errors import DomainError
from app.domain.money import format_fen
from app.domain.rmb import rmb_upper
from app.services.arrears import ArrearsInput, record_arrears, reverse_arrears, write_off
from app.services.collection import collection_file, overdue_queue, set_late_fee
from app.services.context import Cancelled
from app.services.documents import issue_notices, issue_receipt, issue_statement, record_reply, statement_lines
from app.services.repayments import RepaymentInput, record_repayment, reverse_repayment
from app.services.settings import document_settings, set_document_settings
from tests.factories import PASSWORD, approved_customer, make_desk, move_clock, rows

START = date(2026, 1, 5)
TODAY = date(2026, 4, 20)

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (make system-deps)")


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdf_fonts(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:]]


@pytest.fixture
def world(tmp_path):
    desk, staff = make_desk(tmp_path / "d.sqlite3", START)
    east = approved_customer(desk, staff, "东方贸易有限公司")
    west = approved_customer(desk, staff, "西城物流有限公司")
    for n in range(10):
        record_arrears(desk, staff.clerk, ArrearsInput(east, "LETTER", START, 10_000 + n, f"VE{n:02d}", True))
    record_arrears(desk, staff.clerk, ArrearsInput(west, "PARCEL", START, 140_950, "VW01", True))
    move_clock(desk, TODAY)
    yield desk, staff, east, west, tmp_path
    desk.close()


def test_one_pdf_holds_every_notice_with_customer_items_and_uppercase_total(world):
    desk, staff, east, west, tmp = world
    out = tmp / "notices.pdf"
    issued = issue_notices(desk, staff.clerk, [east, west], out=out)
    assert issued.numbers == ["CJ-BR01-2026-000001", "CJ-BR01-2026-000002"]
    text = pdf_text(out)
    for expected in ["催缴通知书", "东方贸易有限公司", "西城物流有限公司", "城东支局", "回", "执",
                     *[f"VE{n:02d}" for n in range(10)], "VW01", "100,045.00"[:0] + "1,000.45",
                     rmb_upper(sum(10_000 + n for n in range(10))), rmb_upper(140_950), *issued.numbers]:
        assert expected in text, expected
    fonts = pdf_fonts(out)
    assert fonts and all(row[-5] == "yes" for row in fonts), fonts  # the emb column


def test_each_notice_is_recorded_as_a_written_collection_record_with_its_number(world):
    desk, staff, east, west, tmp = world
    issue_notices(desk, staff.clerk, [east], out=tmp / "n.pdf")
    contacts = collection_file(desk, staff.head, east).contacts
    assert contacts[0].channel == "letter" and contacts[0].notice_number == "CJ-BR01-2026-000001"
    assert contacts[0].next_follow_up == TODAY + timedelta(days=10)  # the pay-by date
    assert rows(desk, "SELECT kind, total, item_count FROM notices") == [("notice", 100_045, 10)]
    queue = {r.customer_id: r for r in overdue_queue(desk, staff.head)}
    assert queue[east].last_contact == TODAY


def test_one_pdf_per_customer_named_by_number_and_code(world):
    desk, staff, east, west, tmp = world
    issued = issue_notices(desk, staff.clerk, [east, west], out=tmp / "batch", per_customer=True)
    assert sorted(p.name for p in (tmp / "batch").iterdir()) == sorted(p.name for p in issued.files)
    assert len(issued.files) == 2 and all(p.stat().st_size > 1000 for p in issued.files)
    assert "西城物流有限公司" in pdf_text(issued.files[1])


def test_a_cancelled_batch_writes_no_file_and_records_nothing(world):
    desk, staff, east, west, tmp = world

    def progress(done: int, total: int) -> None:
        if done == 1:
            raise Cancelled()
    with pytest.raises(Cancelled):
        issue_notices(desk, staff.clerk, [east, west], out=tmp / "n.pdf", progress=progress)
    assert list(tmp.glob("*.pdf")) == [] and list(tmp.glob(".issuing-*")) == []
    assert rows(desk, "SELECT COUNT(*) FROM notices") == [(0,)]
    assert rows(desk, "SELECT COUNT(*) FROM collection_records") == [(0,)]


def test_disputed_items_are_left_off_the_notice(world):
    desk, staff, east, west, tmp = world
    from app.services.collection import raise_dispute
    item = rows(desk, "SELECT id FROM arrears_items WHERE voucher_no = 'VE03'")[0][0]
    raise_dispute(desk, staff.clerk, item, "未收到该批邮件")
    issue_notices(desk, staff.clerk, [east], out=tmp / "n.pdf")
    text = pdf_text(tmp / "n.pdf")
    assert "VE02" in text and "VE03" not in text


def test_late_fee_column_appears_only_where_the_agreement_has_one(world):
    desk, staff, east, west, tmp = world
    set_late_fee(desk, staff.marketing, east, True)
    issue_notices(desk, staff.clerk, [east, west], out=tmp / "n.pdf")
    pages = pdf_text(tmp / "n.pdf").split("\f")
    assert "违约金" in pages[0] and "违约金" not in pages[1]


def test_zheng_after_jiao_and_template_texts_are_settings(world):
    desk, staff, east, west, tmp = world
    settings = document_settings(desk)
    template = settings["template"] | {"letterhead": "某某邮政分公司城东支局", "contact_person": "刘会计",
                                       "contact_phone": "0311-12345678"}
    set_document_settings(desk, staff.admin, template=template, font_path="", zheng_after_jiao=True)
    issue_notices(desk, staff.clerk, [west], out=tmp / "n.pdf")
    text = pdf_text(tmp / "n.pdf")
    assert "壹仟肆佰零玖元伍角整" in text
    assert "某某邮政分公司城东支局" in text and "刘会计" in text and "0311-12345678" in text
    with pytest.raises(DomainError):
        set_document_settings(desk, staff.clerk, template=template, font_path="", zheng_after_jiao=False)


def test_no_usable_font_is_a_clear_message(world, monkeypatch):
    desk, staff, east, west, tmp = world
    import app.documents.fonts as fonts
    monkeypatch.setattr(fonts, "candidate_fonts", lambda: [tmp / "missing.ttc"])
    with pytest.raises(DomainError) as refused:
        issue_notices(desk, staff.clerk, [east], out=tmp / "n.pdf")
    assert refused.value.code == "font.not_found" and "msyh.ttc" in refused.value.message()
    (tmp / "bad.ttf").write_bytes(b"not a font")
    with pytest.raises(DomainError) as refused:
        set_document_settings(desk, staff.admin, template={}, font_path=str(tmp / "bad.ttf"), zheng_after_jiao=False)
    assert refused.value.code == "font.unusable"


def test_statement_balances_from_opening_through_every_entry_to_closing(world):
    desk, staff, east, west, tmp = world
    record_repayment(desk, staff.clerk, RepaymentInput(east, 30_000, date(2026, 3, 1), "cash", "R1"))
    bounced = record_repayment(desk, staff.clerk, RepaymentInput(east, 20_000, date(2026, 3, 10), "cheque", "R2"))
    reverse_repayment(desk, staff.head, bounced.repayment_id, "支票退票")
    first = rows(desk, "SELECT id FROM arrears_items WHERE voucher_no = 'VE09'")[0][0]
    reverse_arrears(desk, staff.head, first, "重复录入")
    second = rows(desk, "SELECT id FROM arrears_items WHERE voucher_no = 'VE08'")[0][0]
    write_off(desk, staff.head, staff.finance, second, reason="无法收回", evidence="法院裁定")
    record_repayment(desk, staff.clerk, RepaymentInput(east, 200_000, date(2026, 4, 2), "transfer", "R3"))
    with desk.unit_of_work() as uow:
        opening, lines, closing = statement_lines(uow, east, date(2026, 2, 1), TODAY)
        assert opening == 100_045  # the ten items
        running = opening
        for line in lines:
            running += line.charge - line.credit
            assert line.balance == running
        assert closing == running
        whole = statement_lines(uow, east, START, TODAY)
        assert whole[0] == 0 and whole[2] == closing
    open_total, credit = rows(desk, "SELECT open_total, unapplied_credit FROM customer_balances "
                                    "WHERE customer_id = ?", east)[0]
    assert closing == open_total - credit  # what is owed less what is held, by an independent route
    number = issue_statement(desk, staff.clerk, east, start=date(2026, 2, 1), end=TODAY, out=tmp / "s.pdf")
    text = pdf_text(tmp / "s.pdf")
    for expected in ["对账单", number, "东方贸易有限公司", "期初余额", "R1", "R2", "收款冲正", "欠费冲正", "坏账核销",
                     "客户确认", rmb_upper(abs(closing))] + ([f"预存款 ¥{format_fen(credit)}"] if credit and open_total else []):
        assert expected in text, expected
    assert all(row[-5] == "yes" for row in pdf_fonts(tmp / "s.pdf"))


def test_statement_refuses_a_reversed_period(world):
    desk, staff, east, west, tmp = world
    with pytest.raises(DomainError) as refused:
        issue_statement(desk, staff.clerk, east, start=TODAY, end=START, out=tmp / "s.pdf")
    assert refused.value.code == "statement.bad_period"


def test_reply_slip_return_is_recorded_with_its_date(world):
    desk, staff, east, west, tmp = world
    number = issue_notices(desk, staff.clerk, [east], out=tmp / "n.pdf").numbers[0]
    with pytest.raises(DomainError):
        record_reply(desk, staff.clerk, number, received_on=TODAY, answer="maybe")
    record_reply(desk, staff.clerk, number, received_on=TODAY, answer="dispute", note="对 VE03 有异议")
    notices = collection_file(desk, staff.head, east).notices
    assert notices[0].reply.zh == f"有异议 {TODAY.isoformat()}"
    assert "回执" in collection_file(desk, staff.head, east).contacts[0].result


def test_command_line_issues_notices_by_customer_and_by_step(world, capsys):
    desk, staff, east, west, tmp = world
    desk.close()
    codes = [c for (c,) in rows(desk, "SELECT code FROM customers ORDER BY id")]
    env = ["--db", desk.location, "--user", "clerk", "--password", PASSWORD, "--as-of", TODAY.isoformat()]
    # The CLI runs on the real clock; TODAY lies in the past of any real run, so the as-of date is explicit.
    assert main(["notices", *env, "--customer", codes[0], "--out", str(tmp / "one.pdf")]) == 0
    assert "CJ-BR01-2026-000001" in capsys.readouterr().out
    assert "东方贸易有限公司" in pdf_text(tmp / "one.pdf")
    assert main(["notices", *env, "--step", "3", "--out", str(tmp / "step.pdf")]) == 0  # suspension step reached
    assert "西城物流有限公司" in pdf_text(tmp / "step.pdf")
    assert main(["notices", *env, "--step", "4", "--out", str(tmp / "none.pdf")]) == 0
    assert "没有处于第 4 步" in capsys.readouterr().out and not (tmp / "none.pdf").exists()
    assert main(["notices", *env[:4], "--password", "wrong", "--customer", codes[0], "--out", str(tmp / "x.pdf")]) == 2
    assert "密码" in capsys.readouterr().err
    assert main(["notices", *env, "--customer", "NOPE", "--out", str(tmp / "x.pdf")]) == 2
    assert not (tmp / "x.pdf").exists()
    assert main(["statement", "--db", desk.location, "--user", "clerk", "--password", PASSWORD, "--customer",
                 codes[1], "--from", "2026-01-01", "--to", "2026-03-31", "--out", str(tmp / "s.pdf")]) == 0
    assert "西城物流有限公司" in pdf_text(tmp / "s.pdf")


def test_a_notice_dated_in_the_past_lists_what_was_open_then_and_the_future_is_refused(world):
    desk, staff, east, west, tmp = world
    record_repayment(desk, staff.clerk, RepaymentInput(west, 140_950, date(2026, 4, 1), "cash", "RW"))
    with pytest.raises(DomainError) as refused:
        issue_notices(desk, staff.clerk, [west], out=tmp / "n.pdf")  # paid: nothing overdue now
    assert refused.value.code == "collection.nothing_overdue"
    issue_notices(desk, staff.clerk, [west], as_of=date(2026, 3, 31), out=tmp / "n.pdf")
    assert rmb_upper(140_950) in pdf_text(tmp / "n.pdf")
    with pytest.raises(DomainError) as refused:
        issue_notices(desk, staff.clerk, [west], as_of=TODAY + timedelta(days=1), out=tmp / "f.pdf")
    assert refused.value.code == "date.in_future"


def test_a_reply_cannot_come_back_before_its_notice_went_out(world):
    desk, staff, east, west, tmp = world
    number = issue_notices(desk, staff.clerk, [east], out=tmp / "n.pdf").numbers[0]
    with pytest.raises(DomainError) as refused:
        record_reply(desk, staff.clerk, number, received_on=TODAY - timedelta(days=1), answer="no_dispute")
    assert refused.value.code == "notice.reply_before_issue"


# -- 收款收据 -------------------------------------------------------------------------------------------

def pdf_lines(path: Path) -> list[str]:
    """The text in drawing order (``-raw``), line by line."""
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout.splitlines()


def test_a_receipt_shows_the_repayment_its_offsets_what_is_held_and_owed_in_figures_and_words(world):
    desk, staff, east, west, tmp = world
    paid = record_repayment(desk, staff.clerk, RepaymentInput(west, 150_000, TODAY, "transfer", "SJ-0001"))
    out = issue_receipt(desk, staff.clerk, paid.repayment_id, tmp / "r.pdf")
    text = pdf_text(out).replace(" ", "")
    for expected in ["收款收据", "城东支局", "SJ-0001", "西城物流有限公司", "银行转账", "1,500.00",
                     "人民币" + rmb_upper(150_000), "VW01", "2026-01-05", "1,409.50",
                     "转为预存款：¥90.50", "尚欠：¥0.00", "预存款余额：¥90.50", "收款人：张营业", "客户签字"]:
        assert expected in text, expected
    assert "补打" not in text
    fonts = pdf_fonts(out)
    assert fonts and all(row[-5] == "yes" for row in fonts), fonts  # the CJK subset is embedded


def test_the_receipt_writes_the_amount_in_words_by_the_zheng_setting(world):
    desk, staff, east, west, tmp = world
    paid = record_repayment(desk, staff.clerk, RepaymentInput(west, 140_950, TODAY, "cash", "SJ-0002"))
    plain = pdf_text(issue_receipt(desk, staff.clerk, paid.repayment_id, tmp / "plain.pdf")).replace(" ", "")
    assert "壹仟肆佰零玖元伍角" in plain and "伍角整" not in plain
    set_document_settings(desk, staff.admin, template=document_settings(desk)["template"], font_path="",
                          zheng_after_jiao=True)
    zheng = pdf_text(issue_receipt(desk, staff.clerk, paid.repayment_id, tmp / "zheng.pdf")).replace(" ", "")
    assert "壹仟肆佰零玖元伍角整" in zheng


def test_a_reprint_is_the_same_receipt_marked_and_every_print_is_audited(world):
    desk, staff, east, west, tmp = world
    paid = record_repayment(desk, staff.clerk, RepaymentInput(east, 30_000, TODAY, "cash", "SJ-0003"))
    original = pdf_lines(issue_receipt(desk, staff.clerk, paid.repayment_id, tmp / "first.pdf"))
    reprint = pdf_lines(issue_receipt(desk, staff.head, paid.repayment_id, tmp / "again.pdf"))
    mark = [line for line in reprint if line.startswith("补打")]
    assert not any("补打" in line for line in original)
    assert [line for line in reprint if line not in mark] == original  # the same receipt, line for line
    assert mark == ["补打", "补打：2026年4月20日 王主任（第 2 次打印）"]  # marked, with who and which copy
    printed = rows(desk, "SELECT u.username, a.after FROM audit_log a JOIN users u ON u.id = a.user_id "
                         "WHERE a.action = 'repayment.receipt' AND a.entity_id = ? ORDER BY a.id", paid.repayment_id)
    assert [(who, '"copy": %d' % n in after) for n, (who, after) in enumerate(printed, start=1)] == \
        [("clerk", True), ("head", True)]


def test_a_receipt_file_appears_only_once_complete_and_a_reversed_payment_has_none(world):
    desk, staff, east, west, tmp = world
    paid = record_repayment(desk, staff.clerk, RepaymentInput(east, 30_000, TODAY, "cheque", "SJ-0004"))
    reverse_repayment(desk, staff.head, paid.repayment_id, "支票退票")
    with pytest.raises(DomainError) as refused:
        issue_receipt(desk, staff.clerk, paid.repayment_id, tmp / "r.pdf")
    assert refused.value.code == "receipt.reversed"
    assert list(tmp.glob("*.pdf")) == [] and list(tmp.glob(".issuing-*")) == []
    assert rows(desk, "SELECT COUNT(*) FROM audit_log WHERE action = 'repayment.receipt'") == [(0,)]
    with pytest.raises(DomainError) as refused:
        issue_receipt(desk, staff.auditor, paid.repayment_id, tmp / "r.pdf")  # receipts are the counter's
    assert refused.value.code == "auth.forbidden"


def test_a_statement_ending_in_the_past_shows_what_was_open_and_held_on_its_last_day(world):
    desk, staff, east, west, tmp = world
    record_repayment(desk, staff.clerk, RepaymentInput(west, 150_000, date(2026, 3, 1), "cash", "R1"))  # 90.50 held
    record_arrears(desk, staff.clerk, ArrearsInput(west, "PARCEL", date(2026, 3, 20), 20_000, "VW02", True))
    record_repayment(desk, staff.clerk, RepaymentInput(west, 50_000, TODAY, "cash", "R2"))  # after the period
    with desk.unit_of_work() as uow:
        opening, lines, closing = statement_lines(uow, west, date(2026, 1, 1), date(2026, 3, 31))
    assert (opening, closing) == (0, 140_950 - 150_000 + 20_000)
    issue_statement(desk, staff.clerk, west, start=date(2026, 1, 1), end=date(2026, 3, 31), out=tmp / "s.pdf")
    text = pdf_text(tmp / "s.pdf")
    assert "R1" in text and "R2" not in text
    # VW02 was open on 03-31 while 90.50 was held (the credit was only applied later, by hand): both printed.
    assert f"未缴欠费 ¥{format_fen(20_000)}，预存款 ¥{format_fen(9_050)}" in text
