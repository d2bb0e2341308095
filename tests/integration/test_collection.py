"""The collection desk's rules: ladder proposals confirmed by people, suspension and automatic
restore, disputes left out, promises, investigation flags, intervention thresholds, late fees."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.domain.errors import DomainError
from app.services.arrears import ArrearsInput, record_arrears
from app.services.collection import (
    ContactInput, collection_file, decide_step, note_investigation, overdue_queue, raise_dispute, record_contact,
    set_late_fee, settle_dispute,
)
from app.services.customers import apply_for_credit, approve_credit, get_customer
from app.services.repayments import RepaymentInput, record_repayment
from app.services.settings import set_collection_ladders, set_intervention_limits
from db.models import COLLECTION_TABLES
from tests.factories import REFUSED, approved_customer, execute, folder, make_desk, move_clock, notice_served, rows

START = date(2026, 1, 5)


@pytest.fixture
def world(tmp_path):
    desk, staff = make_desk(tmp_path / "c.sqlite3", START)
    cid = approved_customer(desk, staff, "东方贸易有限公司")
    item = record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", START, 120_000, "V1", True))
    yield desk, staff, cid, item
    desk.close()


def at(desk, day: date) -> None:
    move_clock(desk, day)


def row_for(desk, actor, cid, as_of=None):
    return next(r for r in overdue_queue(desk, actor, as_of=as_of) if r.customer_id == cid)


def test_ladder_proposes_steps_by_days_past_due_and_nothing_before_the_due_date(world):
    desk, staff, cid, item = world
    at(desk, item.due_date)
    assert all(r.customer_id != cid for r in overdue_queue(desk, staff.head))
    expected = {1: (1, "remind"), 14: (1, "remind"), 15: (2, "notice"), 30: (3, "suspend"), 90: (4, "blacklist"),
                180: (5, "legal")}
    for days, (number, action) in expected.items():
        r = row_for(desk, staff.head, cid, item.due_date + timedelta(days=days))
        assert (r.days_overdue, r.proposed.number, r.proposed.action.value) == (days, number, action)
        assert r.pending_step == r.proposed


def test_a_proposal_changes_nothing_until_a_person_confirms_it_with_who_and_when(world):
    desk, staff, cid, item = world
    notice_served(desk, staff, cid, item.due_date + timedelta(days=31))
    assert row_for(desk, staff.head, cid).pending_step.number == 3
    assert get_customer(desk, staff.head, cid).status == "active"  # never silent
    with pytest.raises(DomainError) as refused:
        decide_step(desk, staff.clerk, cid, 3)
    assert refused.value.code == "escalation.needs_head"
    decide_step(desk, staff.head, cid, 3, note="书面通知后仍未缴费")
    assert get_customer(desk, staff.head, cid).status == "suspended"
    r = row_for(desk, staff.head, cid)
    assert r.pending_step is None and r.confirmed_step == 3
    who = rows(desk, "SELECT e.step, e.decision, u.username, e.decided_on FROM escalations e "
                     "JOIN users u ON u.id = e.decided_by_id")
    assert [(*r[:3], str(r[3])) for r in who] == [(3, "confirmed", "head", (item.due_date + timedelta(days=31)).isoformat())]
    assert rows(desk, "SELECT action FROM audit_log WHERE action LIKE 'customer.suspend'") == [("customer.suspend",)]


def test_suspended_customer_cannot_get_new_arrears_and_is_restored_when_overdue_is_cleared(world):
    desk, staff, cid, item = world
    day = item.due_date + timedelta(days=31)
    notice_served(desk, staff, cid, day)
    decide_step(desk, staff.head, cid, 3)
    with pytest.raises(DomainError) as refused:
        record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", day, 1_000, "V2", True))
    assert refused.value.code == "customer.not_active"
    record_repayment(desk, staff.clerk, RepaymentInput(cid, 120_000, day, "cash", "R1"))
    assert get_customer(desk, staff.head, cid).status == "active"
    assert rows(desk, "SELECT action FROM audit_log WHERE action = 'customer.restore_cleared'")


def test_declining_a_step_needs_a_reason_and_stops_it_being_proposed_again(world):
    desk, staff, cid, item = world
    at(desk, item.due_date + timedelta(days=2))
    with pytest.raises(DomainError) as refused:
        decide_step(desk, staff.clerk, cid, 1, confirm=False)
    assert refused.value.code == "escalation.decline_reason"
    decide_step(desk, staff.clerk, cid, 1, confirm=False, note="客户已电话说明，月底付款")
    assert row_for(desk, staff.clerk, cid).pending_step is None
    with pytest.raises(DomainError) as refused:
        decide_step(desk, staff.clerk, cid, 2)
    assert refused.value.code == "escalation.not_proposed"


def test_confirming_blacklist_ends_the_agreement_and_a_new_one_needs_marketing_to_see_the_history(world):
    desk, staff, cid, item = world
    notice_served(desk, staff, cid, item.due_date + timedelta(days=95))
    decide_step(desk, staff.head, cid, 4, note="恶意欠费")
    assert get_customer(desk, staff.head, cid).status == "blacklisted"
    application = apply_for_credit(desk, staff.clerk, cid, credit_grade="C", requested_limit=100_000)
    with pytest.raises(DomainError) as refused:
        approve_credit(desk, staff.marketing, application.application_id)
    assert refused.value.code == "credit.blacklist_history"
    history = collection_file(desk, staff.marketing, cid)
    assert [e.action for e in history.escalations] == ["blacklist"]
    approve_credit(desk, staff.marketing, application.application_id, history_reviewed=True)
    assert get_customer(desk, staff.head, cid).status == "active"
    assert "history_reviewed_by" in rows(desk, "SELECT after FROM audit_log WHERE action = 'credit.approve' "
                                               "ORDER BY id DESC LIMIT 1")[0][0]


def test_disputed_items_stay_in_the_ledger_but_leave_escalation_until_settled(world):
    desk, staff, cid, item = world
    at(desk, item.due_date + timedelta(days=40))
    dispute_id = raise_dispute(desk, staff.clerk, item.item_id, "客户称该笔邮件未寄出")
    assert all(r.customer_id != cid for r in overdue_queue(desk, staff.head))
    assert rows(desk, "SELECT open_amount FROM item_balances WHERE item_id = ?", item.item_id) == [(120_000,)]
    with pytest.raises(DomainError):
        raise_dispute(desk, staff.clerk, item.item_id, "again")
    marked = collection_file(desk, staff.head, cid).items
    assert marked[0].dispute_id == dispute_id
    settle_dispute(desk, staff.head, dispute_id, "核实邮件已妥投，异议不成立")
    assert row_for(desk, staff.head, cid).overdue == 120_000


def test_a_promise_that_passes_unpaid_brings_the_customer_to_the_top(world):
    desk, staff, cid, item = world
    other = approved_customer(desk, staff, "西城物流有限公司")
    record_arrears(desk, staff.clerk, ArrearsInput(other, "LETTER", START, 900_000, "V9", True))
    day = item.due_date + timedelta(days=3)
    at(desk, day)
    assert [r.customer_id for r in overdue_queue(desk, staff.head)][:1] == [other]  # the bigger amount first
    record_contact(desk, staff.clerk, ContactInput(cid, day, "phone", "客户承诺三日内付款",
                                                   promised_on=day + timedelta(days=3)))
    assert row_for(desk, staff.head, cid).promise_broken is False
    at(desk, day + timedelta(days=4))
    queue = overdue_queue(desk, staff.head)
    assert queue[0].customer_id == cid and queue[0].promise_broken


def test_a_kept_promise_is_not_broken(world):
    desk, staff, cid, item = world
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", START, 50_000, "V2", True))
    day = item.due_date + timedelta(days=3)
    at(desk, day)
    record_contact(desk, staff.clerk, ContactInput(cid, day, "phone", "先付一部分", promised_on=day + timedelta(days=1)))
    at(desk, day + timedelta(days=1))
    record_repayment(desk, staff.clerk, RepaymentInput(cid, 100_000, day + timedelta(days=1), "cash", "R1"))
    at(desk, day + timedelta(days=5))
    assert row_for(desk, staff.head, cid).promise_broken is False


def test_counter_clerk_sees_own_customers_and_head_sees_the_branch(world):
    desk, staff, cid, item = world
    from app.services.customers import CustomerInput, register_customer
    theirs = register_customer(desk, staff.clerk2, CustomerInput(name="南湖书店", phone="1")).customer_id
    app = apply_for_credit(desk, staff.clerk2, theirs, credit_grade="A", requested_limit=1_000_000)
    approve_credit(desk, staff.marketing, app.application_id)
    record_arrears(desk, staff.clerk2, ArrearsInput(theirs, "LETTER", START, 10_000, "V3", True))
    at(desk, item.due_date + timedelta(days=5))
    assert {r.customer_id for r in overdue_queue(desk, staff.clerk)} == {cid}
    assert {r.customer_id for r in overdue_queue(desk, staff.clerk2)} == {theirs}
    assert {r.customer_id for r in overdue_queue(desk, staff.head)} == {cid, theirs}


def test_over_six_months_needs_an_investigation_note_with_the_cause(world):
    desk, staff, cid, item = world
    at(desk, item.due_date + timedelta(days=170))
    assert not row_for(desk, staff.head, cid).investigation_due
    at(desk, item.due_date + timedelta(days=190))
    r = row_for(desk, staff.head, cid)
    assert r.over_six_months and r.investigation_due
    with pytest.raises(DomainError) as refused:
        note_investigation(desk, staff.clerk, cid, "  ")
    assert refused.value.code == "investigation.cause"
    note_investigation(desk, staff.clerk, cid, "客户经营困难，法人失联")
    assert not row_for(desk, staff.head, cid).investigation_due


def test_intervention_threshold_is_per_business_line(world):
    desk, staff, cid, item = world
    at(desk, item.due_date + timedelta(days=2))
    assert not row_for(desk, staff.head, cid).intervention  # 1,200.00 under the default 10,000.00
    set_intervention_limits(desk, staff.admin, {"LETTER": 100_000})
    assert row_for(desk, staff.head, cid).intervention


def test_ladder_per_customer_group_overrides_the_default(world):
    desk, staff, cid, item = world
    set_collection_ladders(desk, staff.admin, {
        "default": [{"action": "remind", "days": 1}, {"action": "notice", "days": 15}],
        "group:government": [{"action": "notice", "days": 5}, {"action": "suspend", "days": 10}]})
    at(desk, item.due_date + timedelta(days=12))
    r = row_for(desk, staff.head, cid)
    assert (r.proposed.number, r.proposed.action.value) == (2, "suspend")
    with pytest.raises(DomainError):
        set_collection_ladders(desk, staff.admin, {"default": [{"action": "remind", "days": 5},
                                                               {"action": "notice", "days": 5}]})


def test_collection_records_validate_dates_channel_and_result(world):
    desk, staff, cid, item = world
    day = item.due_date + timedelta(days=2)
    at(desk, day)
    for data, code in [
        (ContactInput(cid, day, "fax", "x"), "collection.bad_channel"),
        (ContactInput(cid, day, "phone", " "), "collection.result_required"),
        (ContactInput(cid, day + timedelta(days=1), "phone", "x"), "date.in_future"),
        (ContactInput(cid, day, "phone", "x", promised_on=day - timedelta(days=1)), "collection.promise_past"),
        (ContactInput(cid, day, "phone", "x", next_follow_up=day - timedelta(days=1)), "collection.follow_up_past"),
    ]:
        with pytest.raises(DomainError) as refused:
            record_contact(desk, staff.clerk, data)
        assert refused.value.code == code
    first = record_contact(desk, staff.clerk, ContactInput(cid, day, "visit", "未见到负责人"))
    record_contact(desk, staff.clerk, ContactInput(cid, day, "visit", "见到财务，答应周五付款", corrects_id=first))
    entries = collection_file(desk, staff.head, cid).contacts
    assert [e.corrects_id for e in entries] == [first, None]
    assert row_for(desk, staff.head, cid).last_channel == "visit"


def test_late_fee_is_off_by_default_and_marketing_turns_it_on_per_agreement(world):
    desk, staff, cid, item = world
    assert rows(desk, "SELECT CASE WHEN late_fee_enabled THEN 1 ELSE 0 END FROM agreements") == [(0,)]
    with pytest.raises(DomainError):
        set_late_fee(desk, staff.clerk, cid, True)
    set_late_fee(desk, staff.marketing, cid, True)
    assert rows(desk, "SELECT CASE WHEN late_fee_enabled THEN 1 ELSE 0 END FROM agreements") == [(1,)]


@pytest.mark.parametrize("table", COLLECTION_TABLES)
def test_the_collection_file_refuses_update_and_delete(world, table):
    desk, staff, cid, item = world
    day = item.due_date + timedelta(days=20)
    at(desk, day)
    from app.services.documents import issue_notices, record_reply
    dispute = raise_dispute(desk, staff.clerk, item.item_id, "金额有误")
    settle_dispute(desk, staff.clerk, dispute, "核对无误")
    decide_step(desk, staff.clerk, cid, 2)
    note_investigation(desk, staff.clerk, cid, "原因")
    numbers = issue_notices(desk, staff.clerk, [cid], out=folder(desk) / "n.pdf").numbers
    record_reply(desk, staff.clerk, numbers[0], received_on=day, answer="no_dispute")
    assert rows(desk, f"SELECT COUNT(*) FROM {table}")[0][0] > 0
    for sql in (f"UPDATE {table} SET id = id", f"DELETE FROM {table}"):
        with pytest.raises(REFUSED, match="append-only"):
            execute(desk, sql)


def test_decisions_are_kept_by_action_so_an_edited_ladder_still_proposes_the_next_step(world):
    desk, staff, cid, item = world
    at(desk, item.due_date + timedelta(days=16))
    decide_step(desk, staff.clerk, cid, 2)  # the written notice, step 2 of the default ladder
    set_collection_ladders(desk, staff.admin, {"default": [{"action": "notice", "days": 15},
                                                           {"action": "suspend", "days": 30}]})
    at(desk, item.due_date + timedelta(days=31))
    r = row_for(desk, staff.head, cid)
    assert r.decided_step == 1 and (r.pending_step.number, r.pending_step.action.value) == (2, "suspend")


def test_the_queue_as_of_a_past_day_shows_what_was_open_and_promised_then(world):
    desk, staff, cid, item = world
    day = item.due_date + timedelta(days=10)
    at(desk, day)
    record_contact(desk, staff.clerk, ContactInput(cid, day, "phone", "客户承诺两日内付一部分",
                                                   promised_on=day + timedelta(days=2)))
    at(desk, day + timedelta(days=2))
    paid = record_repayment(desk, staff.clerk, RepaymentInput(cid, 20_000, day + timedelta(days=2), "cheque", "R1"))
    at(desk, day + timedelta(days=5))
    from app.services.repayments import reverse_repayment
    reverse_repayment(desk, staff.head, paid.repayment_id, "支票退票")  # the promise was kept, then bounced
    at(desk, day + timedelta(days=8))
    record_repayment(desk, staff.clerk, RepaymentInput(cid, 120_000, day + timedelta(days=8), "cash", "R2"))
    assert all(r.customer_id != cid for r in overdue_queue(desk, staff.head))  # all paid today
    before_the_bounce = row_for(desk, staff.head, cid, day + timedelta(days=4))
    assert (before_the_bounce.overdue, before_the_bounce.open_total) == (100_000, 100_000)
    assert before_the_bounce.promise_broken is False and before_the_bounce.last_contact == day
    after_the_bounce = row_for(desk, staff.head, cid, day + timedelta(days=6))
    assert after_the_bounce.overdue == 120_000 and after_the_bounce.promise_broken is True
    assert row_for(desk, staff.head, cid, day).days_overdue == 10


def test_the_investigation_flag_clears_only_with_a_note_made_once_over_six_months(world):
    desk, staff, cid, item = world
    at(desk, item.due_date + timedelta(days=150))
    note_investigation(desk, staff.clerk, cid, "提前了解：客户资金紧张")  # before it was over six months
    at(desk, item.due_date + timedelta(days=200))
    assert row_for(desk, staff.head, cid).investigation_due


# -- the ladder's order: no sanction before a written notice's pay-by date has passed (postal 17) -------

def test_suspension_without_a_written_notice_is_refused_and_the_queue_says_why(world):
    desk, staff, cid, item = world
    at(desk, item.due_date + timedelta(days=31))
    r = row_for(desk, staff.head, cid)
    assert r.pending_step.action.value == "suspend"
    assert r.pending_refusal(desk.clock.today()).zh == "尚未发出书面催缴通知"
    with pytest.raises(DomainError) as refused:
        decide_step(desk, staff.head, cid, 3)
    assert refused.value.code == "escalation.before_notice"
    assert "尚未发出书面催缴通知" in str(refused.value)
    assert get_customer(desk, staff.head, cid).status == "active"
    decide_step(desk, staff.head, cid, 3, confirm=False, note="先发书面通知")  # declining never waits


def test_suspension_before_the_notices_pay_by_date_is_refused_with_that_date(world):
    from app.services.documents import issue_notices
    desk, staff, cid, item = world
    day = item.due_date + timedelta(days=31)
    at(desk, day)
    issue_notices(desk, staff.clerk, [cid], out=folder(desk) / "n.pdf")
    pay_by = day + timedelta(days=10)
    reason = row_for(desk, staff.head, cid).pending_refusal(day)
    assert reason.zh.endswith(f"付款期限 {pay_by} 未到")
    with pytest.raises(DomainError) as refused:
        decide_step(desk, staff.head, cid, 3)
    assert f"付款期限 {pay_by} 未到" in str(refused.value)
    at(desk, pay_by)  # the pay-by day itself still belongs to the customer
    with pytest.raises(DomainError):
        decide_step(desk, staff.head, cid, 3)
    at(desk, pay_by + timedelta(days=1))
    assert row_for(desk, staff.head, cid).pending_refusal(desk.clock.today()) is None
    decide_step(desk, staff.head, cid, 3)
    assert get_customer(desk, staff.head, cid).status == "suspended"


def test_a_notice_covers_only_the_items_overdue_when_it_was_issued(world):
    from app.services.documents import issue_notices
    desk, staff, cid, item = world
    at(desk, item.due_date + timedelta(days=20))
    issue_notices(desk, staff.clerk, [cid], out=folder(desk) / "n.pdf")
    record_repayment(desk, staff.clerk, RepaymentInput(cid, 120_000, desk.clock.today(), "cash", "R1"))
    later = record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", desk.clock.today(), 5_000, "V2", True))
    at(desk, later.due_date + timedelta(days=40))  # the old notice's pay-by is long past, but not for this item
    assert row_for(desk, staff.head, cid).pending_refusal(desk.clock.today()).zh == "尚未发出书面催缴通知"


def test_the_ledger_pages_status_change_keeps_the_same_order_without_an_override(world):
    from app.services.customers import change_status
    desk, staff, cid, item = world
    at(desk, item.due_date + timedelta(days=95))
    for action in ("suspend", "terminate", "blacklist"):
        with pytest.raises(DomainError) as refused:
            change_status(desk, staff.head, cid, action, "恶意欠费，负责人决定")
        assert refused.value.code == "escalation.before_notice"
    assert get_customer(desk, staff.head, cid).status == "active"
    notice_served(desk, staff, cid, item.due_date + timedelta(days=120))
    change_status(desk, staff.head, cid, "blacklist", "恶意欠费")
    assert get_customer(desk, staff.head, cid).status == "blacklisted"


def test_an_agreement_with_nothing_overdue_ends_without_a_notice_but_is_not_suspended(world):
    from app.services.customers import change_status
    desk, staff, cid, item = world
    record_repayment(desk, staff.clerk, RepaymentInput(cid, 120_000, START, "cash", "R1"))
    with pytest.raises(DomainError) as refused:
        change_status(desk, staff.head, cid, "suspend", "无逾期")
    assert "没有逾期未缴的欠费" in str(refused.value)
    change_status(desk, staff.head, cid, "terminate", "协议到期不再续签")
    assert get_customer(desk, staff.head, cid).status == "terminated"


# -- reminders before the due date (telecom 7.2, 8) and 预存款预警 (telecom 7.1) ------------------------

def test_reminders_list_items_falling_due_soon_for_customers_who_asked(world):
    from app.services.collection import due_reminders, set_wants_reminders
    from app.services.settings import set_reminder_rules
    desk, staff, cid, item = world
    at(desk, item.due_date - timedelta(days=5))
    assert due_reminders(desk, staff.head) == []          # not asked for
    set_wants_reminders(desk, staff.clerk, cid, True)
    [r] = due_reminders(desk, staff.clerk)
    assert (r.customer_id, r.items, r.amount, r.first_due) == (cid, 1, 120_000, item.due_date)
    set_reminder_rules(desk, staff.admin, reminder_days=3, low_credit_percent=100)
    assert due_reminders(desk, staff.head) == []          # due in 5 days, the window is 3
    at(desk, item.due_date + timedelta(days=1))
    set_reminder_rules(desk, staff.admin, reminder_days=7, low_credit_percent=100)
    assert due_reminders(desk, staff.head) == []          # overdue: the queue's business, not a reminder
    assert rows(desk, "SELECT action FROM audit_log WHERE action = 'customer.reminders'")


def test_low_credit_lists_customers_whose_prepaid_credit_is_under_their_typical_month(world):
    from app.services.collection import low_credit
    from app.services.settings import set_reminder_rules
    desk, staff, cid, item = world
    # 1,200.00 run up in the last three months: 400.00 a month. Paying 1,500.00 leaves 300.00 credit.
    record_repayment(desk, staff.clerk, RepaymentInput(cid, 150_000, START, "cash", "R1"))
    [r] = low_credit(desk, staff.head)
    assert (r.customer_id, r.credit, r.monthly) == (cid, 30_000, 40_000)
    set_reminder_rules(desk, staff.admin, reminder_days=7, low_credit_percent=50)
    assert low_credit(desk, staff.head) == []             # 300.00 is more than half of 400.00
    other = approved_customer(desk, staff, "西城物流有限公司")
    record_repayment(desk, staff.clerk, RepaymentInput(other, 1_000, START, "cash", "R2"))
    assert low_credit(desk, staff.head) == []             # credit but no arrears: nothing to run low against
