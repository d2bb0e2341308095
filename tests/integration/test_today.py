"""今日: today's takings and arrears (by the day they were keyed in), the follow-ups due (the collection
desk's own lists), the customers waiting for approval; a clerk sees their own, a head the branch."""
from __future__ import annotations

from datetime import date, timedelta

from app.services.arrears import ArrearsInput, record_arrears, reverse_arrears
from app.services.collection import (
    ContactInput, due_reminders, low_credit, overdue_queue, record_contact, set_wants_reminders,
)
from app.services.customers import CustomerInput, apply_for_credit, register_customer, reject_credit
from app.services.repayments import RepaymentInput, record_repayment, reverse_repayment
from app.services.today import FollowUpKind, counter_day, follow_ups
from tests.factories import approved_customer, make_desk, move_clock

YESTERDAY, TODAY = date(2026, 3, 9), date(2026, 3, 10)


def _clerk2_customer(desk, staff, name: str) -> int:
    from app.services.customers import approve_credit
    customer = register_customer(desk, staff.clerk2, CustomerInput(name=name, phone="0311-7777"))
    application = apply_for_credit(desk, staff.clerk2, customer.customer_id, credit_grade="A",
                                   requested_limit=10_000_000)
    approve_credit(desk, staff.marketing, application.application_id)
    return customer.customer_id


def test_todays_takings_by_method_and_items_count_what_was_keyed_in_today_and_still_stands(tmp_path):
    desk, staff = make_desk(tmp_path / "t.sqlite3", YESTERDAY)
    mine = approved_customer(desk, staff, "东方贸易有限公司")
    theirs = _clerk2_customer(desk, staff, "南湖书店")
    record_arrears(desk, staff.clerk, ArrearsInput(mine, "LETTER", YESTERDAY, 99_900, "V0", True))
    record_repayment(desk, staff.clerk, RepaymentInput(mine, 1_000, YESTERDAY, "cash", "R0"))
    move_clock(desk, TODAY)
    record_arrears(desk, staff.clerk, ArrearsInput(mine, "LETTER", TODAY, 120_000, "V1", True))
    # keyed in today for a day gone by: it is today's work at the counter
    record_arrears(desk, staff.clerk, ArrearsInput(mine, "LETTER", YESTERDAY, 8_000, "V2", True))
    wrong = record_arrears(desk, staff.clerk, ArrearsInput(mine, "LETTER", TODAY, 55_500, "V3", True))
    reverse_arrears(desk, staff.clerk, wrong.item_id, "录错金额")
    record_arrears(desk, staff.clerk2, ArrearsInput(theirs, "PARCEL", TODAY, 30_000, "V4", True))
    record_repayment(desk, staff.clerk, RepaymentInput(mine, 10_000, TODAY, "cash", "R1"))
    record_repayment(desk, staff.clerk, RepaymentInput(mine, 5_000, YESTERDAY, "transfer", "R2"))
    bounced = record_repayment(desk, staff.clerk, RepaymentInput(mine, 700, TODAY, "cheque", "R3"))
    reverse_repayment(desk, staff.clerk, bounced.repayment_id, "支票退票")
    record_repayment(desk, staff.clerk2, RepaymentInput(theirs, 2_000, TODAY, "wechat", "R4"))

    head = counter_day(desk, staff.head)
    assert head.day == TODAY and not head.own
    assert {m.method: (m.count, m.amount) for m in head.by_method} == {
        "cash": (1, 10_000), "transfer": (1, 5_000), "wechat": (1, 2_000)}
    assert head.by_method[0].method == "cash"  # the biggest first
    assert (head.receipts_count, head.receipts_amount) == (3, 17_000)
    assert [r.receipt_no for r in head.receipts] == ["R4", "R2", "R1"]  # newest first
    assert (head.items_count, head.items_amount) == (3, 158_000)
    assert sorted(i.voucher_no for i in head.items) == ["V1", "V2", "V4"]

    clerk = counter_day(desk, staff.clerk)
    assert clerk.own
    assert {m.method: (m.count, m.amount) for m in clerk.by_method} == {"cash": (1, 10_000), "transfer": (1, 5_000)}
    assert (clerk.items_count, clerk.items_amount) == (2, 128_000)
    assert {r.name for r in clerk.receipts} == {"东方贸易有限公司"}
    clerk2 = counter_day(desk, staff.clerk2)
    assert [(r.receipt_no, r.method, r.amount) for r in clerk2.receipts] == [("R4", "wechat", 2_000)]
    assert [(i.voucher_no, i.amount) for i in clerk2.items] == [("V4", 30_000)]
    desk.close()


def test_money_recovered_on_written_off_debt_today_counts_in_the_takings_and_says_what_it_is(tmp_path):
    from app.services.arrears import write_off
    from app.services.writeoffs import record_recovery
    desk, staff = make_desk(tmp_path / "t.sqlite3", YESTERDAY)
    mine = approved_customer(desk, staff, "东方贸易有限公司")
    item = record_arrears(desk, staff.clerk, ArrearsInput(mine, "LETTER", YESTERDAY, 30_000, "V1", True))
    write_off(desk, staff.head, staff.finance, item.item_id, reason="债务人注销", evidence="注销证明")
    move_clock(desk, TODAY)
    record_repayment(desk, staff.clerk, RepaymentInput(mine, 1_000, TODAY, "cash", "R1"))
    record_recovery(desk, staff.clerk, item.item_id, 2_500, method="cash", receipt_no="R2")

    for actor in (staff.clerk, staff.head):
        day = counter_day(desk, actor)
        assert {m.method: (m.count, m.amount) for m in day.by_method} == {"cash": (2, 3_500)}
        assert {(r.receipt_no, r.kind, r.amount) for r in day.receipts} == {
            ("R2", "recovery", 2_500), ("R1", "repayment", 1_000)}
    assert counter_day(desk, staff.clerk2).receipts == []
    desk.close()


def test_customers_waiting_for_approval_are_listed_by_stage_and_scoped_to_their_account_manager(tmp_path):
    desk, staff = make_desk(tmp_path / "t.sqlite3", TODAY)
    approved_customer(desk, staff, "已审批客户")  # has its code: not waiting

    def registered(actor, name):
        return register_customer(desk, actor, CustomerInput(name=name, phone="1")).customer_id

    never = registered(staff.clerk, "未申请客户")
    applied = registered(staff.clerk, "已申请客户")
    apply_for_credit(desk, staff.clerk, applied, credit_grade="B", requested_limit=500_000)
    rejected = registered(staff.clerk, "被退回客户")
    refused = apply_for_credit(desk, staff.clerk, rejected, credit_grade="C", requested_limit=900_000)
    reject_credit(desk, staff.marketing, refused.application_id, "资料不全，补充营业执照")
    theirs = registered(staff.clerk2, "他人客户")
    apply_for_credit(desk, staff.clerk2, theirs, credit_grade="A", requested_limit=100_000)

    waiting = counter_day(desk, staff.head).waiting
    assert [(w.name, w.application_status) for w in waiting] == [
        ("已申请客户", "pending"), ("他人客户", "pending"), ("未申请客户", None), ("被退回客户", "rejected")]
    assert waiting[0].applied_by == "张营业" and waiting[0].code == ""
    assert waiting[3].decision_note == "资料不全，补充营业执照"
    assert [w.customer_id for w in counter_day(desk, staff.clerk).waiting] == [applied, never, rejected]
    assert [w.customer_id for w in counter_day(desk, staff.clerk2).waiting] == [theirs]
    # a rejected customer applying again waits once, as an application
    apply_for_credit(desk, staff.clerk, rejected, credit_grade="C", requested_limit=300_000)
    assert [(w.customer_id, w.application_status) for w in counter_day(desk, staff.clerk).waiting] == [
        (applied, "pending"), (rejected, "pending"), (never, None)]
    desk.close()


def test_follow_ups_due_are_the_collection_queues_promises_steps_and_follow_ups_of_today(tmp_path):
    desk, staff = make_desk(tmp_path / "t.sqlite3", date(2026, 1, 5))
    mine = approved_customer(desk, staff, "东方贸易有限公司")
    theirs = _clerk2_customer(desk, staff, "南湖书店")
    item = record_arrears(desk, staff.clerk, ArrearsInput(mine, "LETTER", date(2026, 1, 5), 120_000, "V1", True))
    record_arrears(desk, staff.clerk2, ArrearsInput(theirs, "LETTER", date(2026, 1, 5), 900_000, "V2", True))
    day = item.due_date + timedelta(days=3)
    move_clock(desk, day - timedelta(days=2))
    record_contact(desk, staff.clerk2, ContactInput(theirs, day - timedelta(days=2), "phone", "答应明天付",
                                                    promised_on=day - timedelta(days=1), next_follow_up=day))
    move_clock(desk, day)
    record_contact(desk, staff.clerk, ContactInput(mine, day, "phone", "今天下午来付", promised_on=day))

    found = follow_ups(desk, staff.head)
    assert [(r.kind, r.customer_id) for r in found.rows] == [
        (FollowUpKind.PROMISE_BROKEN, theirs), (FollowUpKind.PROMISE_DUE, mine),
        (FollowUpKind.STEP, theirs), (FollowUpKind.STEP, mine),  # the queue's order: the bigger amount first
        (FollowUpKind.FOLLOW_UP, theirs)]
    assert found.customers == 2 and found.count(FollowUpKind.STEP) == 2 and not found.own
    queue = {q.customer_id: q for q in overdue_queue(desk, staff.head)}
    broken, due, step = found.rows[0], found.rows[1], found.rows[2]
    assert (broken.on, broken.amount) == (day - timedelta(days=1), 900_000)
    assert (due.on, due.amount) == (day, 120_000)
    assert step.step == queue[theirs].pending_step and step.queue_row == queue[theirs]

    assert {r.customer_id for r in follow_ups(desk, staff.clerk).rows} == {mine}
    assert [r.kind for r in follow_ups(desk, staff.clerk2).rows] == [
        FollowUpKind.PROMISE_BROKEN, FollowUpKind.STEP, FollowUpKind.FOLLOW_UP]
    # paid today as promised: no longer a promise to chase (the step stays until the overdue is cleared)
    record_repayment(desk, staff.clerk, RepaymentInput(mine, 20_000, day, "cash", "R1"))
    assert [r.kind for r in follow_ups(desk, staff.clerk).rows] == [FollowUpKind.STEP]
    desk.close()


def test_reminders_and_low_prepaid_credit_come_from_the_collection_desks_lists(tmp_path):
    start = date(2026, 1, 5)
    desk, staff = make_desk(tmp_path / "t.sqlite3", start)
    reminded = approved_customer(desk, staff, "东方贸易有限公司")
    item = record_arrears(desk, staff.clerk, ArrearsInput(reminded, "LETTER", start, 120_000, "V1", True))
    set_wants_reminders(desk, staff.clerk, reminded, True)
    holder = _clerk2_customer(desk, staff, "南湖书店")
    record_arrears(desk, staff.clerk2, ArrearsInput(holder, "LETTER", start, 120_000, "V2", True))
    record_repayment(desk, staff.clerk2, RepaymentInput(holder, 150_000, start, "cash", "R1"))  # 300.00 held
    move_clock(desk, item.due_date - timedelta(days=5))

    found = follow_ups(desk, staff.head)
    assert [(r.kind, r.customer_id, r.amount, r.on) for r in found.rows] == [
        (FollowUpKind.REMINDER, reminded, 120_000, item.due_date), (FollowUpKind.LOW_CREDIT, holder, 30_000, None)]
    assert [r.customer_id for r in due_reminders(desk, staff.head)] == [reminded]
    assert [r.customer_id for r in low_credit(desk, staff.head)] == [holder]
    assert [r.kind for r in follow_ups(desk, staff.clerk).rows] == [FollowUpKind.REMINDER]
    assert [r.kind for r in follow_ups(desk, staff.clerk2).rows] == [FollowUpKind.LOW_CREDIT]
    desk.close()
