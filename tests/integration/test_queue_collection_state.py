"""Issue 14, queue: what the overdue queue shows of each customer's collection history (the latest contact and its
promise and follow-up, the escalation decisions of the overdue spell, the latest investigation) is kept per
customer with every collection record, decision and note (``customer_collection_state``). Whatever happened,
the queue equals the same facts found from the history with plain SQL; ``verify`` finds a kept row changed;
an upgraded database has the rows filled; the city office's copy of a branch has them as the branch does."""
from __future__ import annotations

import random
from datetime import date, timedelta

from alembic import command

from app.domain.collection import SANCTIONS, investigation_due, promise_broken
from app.domain.errors import DomainError
from app.services import exchange
from app.services.arrears import ArrearsInput, record_arrears
from app.services.collection import ContactInput, decide_step, note_investigation, overdue_queue, record_contact
from app.services.context import Desk
from app.services.repayments import RepaymentInput, record_repayment
from app.services.verify import verify_database
from db.migrate import alembic_config
from tests.factories import approved_customer, execute, make_desk, move_clock, rows, stored_date

START = date(2026, 1, 5)
STATE_CHECK = ("每个客户最近一次催收、承诺、升级决定与调查日期 "
               "(催缴工作台, customer_collection_state)")


def _from_history(desk, row) -> tuple:
    """The row's collection facts found again with plain SQL from the records, decisions and notes."""
    today = desk.clock.today()
    latest = rows(desk, "SELECT contacted_on, channel, promised_on, next_follow_up FROM collection_records "
                        "WHERE customer_id = ? ORDER BY contacted_on DESC, id DESC LIMIT 1", row.customer_id)
    contacted, channel, promised, follow_up = (stored_date(latest[0][0]), latest[0][1], stored_date(latest[0][2]),
                                               stored_date(latest[0][3])) if latest else (None, None, None, None)
    kept = bool(promised is not None and rows(
        desk, "SELECT p.id FROM repayments p WHERE p.customer_id = ? AND p.paid_on >= ? AND p.paid_on <= ? AND "
              "NOT EXISTS (SELECT 1 FROM reversals r WHERE r.repayment_id = p.id AND r.reversed_on <= ?)",
        row.customer_id, contacted, promised, today))
    position = {step.action.value: step.number for step in row.ladder}
    decided = confirmed = 0
    for action, decision in rows(desk, "SELECT action, decision FROM escalations WHERE customer_id = ? AND "
                                       "decided_on > ?", row.customer_id, row.oldest_due):
        decided = max(decided, position.get(action, 0))
        if decision == "confirmed":
            confirmed = max(confirmed, position.get(action, 0))
    [(noted,)] = rows(desk, "SELECT MAX(noted_on) FROM investigations WHERE customer_id = ?", row.customer_id)
    return (contacted, channel, promised, follow_up, promise_broken(promised, kept, today), decided, confirmed,
            investigation_due(row.oldest_due, today, stored_date(noted)))


def _shown(row) -> tuple:
    return (row.last_contact, row.last_channel, row.promised_on, row.next_follow_up, row.promise_broken,
            row.decided_step, row.confirmed_step, row.investigation_due)


def _assert_queue_matches_history(desk, staff) -> int:
    queue = overdue_queue(desk, staff.head)
    for row in queue:
        assert _shown(row) == _from_history(desk, row), row.customer_id
    return len(queue)


def _random_day(rng: random.Random, desk, staff, customers: list[int], n: int) -> None:
    today = desk.clock.today()
    cid = rng.choice(customers)
    choice = rng.random()
    if choice < 0.3:
        record_arrears(desk, staff.clerk, ArrearsInput(cid, rng.choice(("LETTER", "PARCEL")), today,
                                                       rng.randint(1_000, 90_000), f"V{n}"))
    elif choice < 0.4:
        record_repayment(desk, staff.clerk, RepaymentInput(cid, rng.randint(1_000, 60_000), today, "cash", f"R{n}"))
    elif choice < 0.7:
        on = today - timedelta(days=rng.randint(0, 20))  # written up later: sometimes older than the last
        earlier = rows(desk, "SELECT id FROM collection_records WHERE customer_id = ? AND contacted_on <= ?", cid, on)
        record_contact(desk, staff.clerk, ContactInput(
            cid, on, rng.choice(("phone", "sms", "visit")), "客户称月底付款",
            promised_on=on + timedelta(days=rng.randint(0, 10)) if rng.random() < 0.5 else None,
            next_follow_up=on + timedelta(days=rng.randint(1, 14)) if rng.random() < 0.5 else None,
            corrects_id=earlier[-1][0] if earlier and rng.random() < 0.2 else None))
    elif choice < 0.9:
        row = next((r for r in overdue_queue(desk, staff.head) if r.customer_id == cid), None)
        step = None if row is None else row.pending_step
        if step is not None:
            confirm = step.action not in SANCTIONS and rng.random() < 0.7
            decide_step(desk, staff.head, cid, step.number, confirm=confirm, note="" if confirm else "客户已承诺付款")
    else:
        note_investigation(desk, staff.head, cid, "客户经营困难")


def test_after_random_collection_work_the_queue_equals_the_history_found_again(tmp_path):
    desk, staff = make_desk(tmp_path / "q.sqlite3", today=START)
    customers = [approved_customer(desk, staff, f"客户{k}", limit=10**9) for k in range(4)]
    rng = random.Random(14)
    shown = 0
    for n in range(80):
        if n % 2 == 0:
            move_clock(desk, desk.clock.today() + timedelta(days=rng.randint(1, 12)))
        try:
            _random_day(rng, desk, staff, customers, n)
        except DomainError:
            pass  # a repayment with nothing to pay, a step not yet proposed: the queue must still agree
        if n % 5 == 4:
            shown += _assert_queue_matches_history(desk, staff)
    counts = rows(desk, "SELECT (SELECT COUNT(*) FROM collection_records), (SELECT COUNT(*) FROM escalations), "
                        "(SELECT COUNT(*) FROM investigations)")[0]
    assert all(n > 2 for n in counts), counts  # each kind of history was written
    shown += _assert_queue_matches_history(desk, staff)
    assert shown > 30  # the comparison saw overdue customers all along
    assert rows(desk, "SELECT COUNT(*) FROM customer_collection_state")[0][0] == 4
    assert all(check.ok for check in verify_database(desk.location))
    desk.close()


def test_decisions_of_an_earlier_overdue_spell_do_not_count_in_the_next(tmp_path):
    desk, staff = make_desk(tmp_path / "q.sqlite3", today=START)
    cid = approved_customer(desk, staff, "东方贸易有限公司", limit=10**9)
    first = record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", START, 50_000, "V1", True))
    move_clock(desk, first.due_date + timedelta(days=20))
    decide_step(desk, staff.head, cid, 1)
    decide_step(desk, staff.head, cid, 2)
    record_repayment(desk, staff.clerk, RepaymentInput(cid, 50_000, desk.clock.today(), "cash", "R1"))
    second = record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", desk.clock.today(), 30_000, "V2", True))
    move_clock(desk, second.due_date + timedelta(days=2))
    [row] = overdue_queue(desk, staff.head)
    assert (row.decided_step, row.pending_step.number) == (0, 1)  # the new spell starts from the first step
    decide_step(desk, staff.head, cid, 1, confirm=False, note="客户已承诺付款")
    [row] = overdue_queue(desk, staff.head)
    assert (row.decided_step, row.confirmed_step, row.pending_step) == (1, 0, None)
    assert _shown(row) == _from_history(desk, row)
    desk.close()


def _worked(tmp_path):
    desk, staff = make_desk(tmp_path / "q.sqlite3", today=START)
    cid = approved_customer(desk, staff, "东方贸易有限公司", limit=10**9)
    item = record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", START, 50_000, "V1", True))
    move_clock(desk, item.due_date + timedelta(days=3))
    record_contact(desk, staff.clerk, ContactInput(cid, desk.clock.today(), "phone", "客户称月底付款",
                                                   promised_on=desk.clock.today() + timedelta(days=5)))
    decide_step(desk, staff.head, cid, 1)
    note_investigation(desk, staff.head, cid, "客户经营困难")
    return desk, staff, cid


def test_verify_finds_a_kept_collection_state_changed_or_missing(tmp_path):
    desk, _staff, cid = _worked(tmp_path)
    assert all(check.ok for check in verify_database(desk.location))
    execute(desk, "UPDATE customer_collection_state SET promised_on = NULL WHERE customer_id = ?", cid)
    failed = {check.name: check.failures for check in verify_database(desk.location) if not check.ok}
    assert list(failed) == [STATE_CHECK] and failed[STATE_CHECK][0].startswith(f"{cid}, promised_on")
    execute(desk, "DELETE FROM customer_collection_state WHERE customer_id = ?", cid)
    assert [c.name for c in verify_database(desk.location) if not c.ok] == [STATE_CHECK]
    desk.close()


def test_the_collection_state_is_the_same_for_customers_given_as_a_list_a_set_a_tuple_or_a_query(tmp_path):
    """Its statements are built once for each way of naming the customers (some ids, a query of ids, everyone)."""
    from sqlalchemy import select

    from db.collection_state import keep_collection_state, kept_collection_state, recomputed_collection_state
    from db.models import Customer
    desk, _staff, cid = _worked(tmp_path)
    with desk.engine.begin() as conn:
        everyone = recomputed_collection_state(conn)
        assert cid in everyone
        for customers in ([cid], (cid,), {cid}, range(cid, cid + 1), select(Customer.__table__.c.id)):
            assert recomputed_collection_state(conn, customers) == everyone, customers
            keep_collection_state(conn, customers)
            assert kept_collection_state(conn, customers) == everyone, customers
        assert recomputed_collection_state(conn, []) == {} == kept_collection_state(conn, set())
    assert all(check.ok for check in verify_database(desk.location))
    desk.close()


def test_an_upgraded_database_has_the_collection_state_filled(tmp_path):
    desk, staff, cid = _worked(tmp_path)
    before = rows(desk, "SELECT * FROM customer_collection_state")
    location = desk.location
    with desk.engine.begin() as conn:
        cfg = alembic_config(desk.engine)
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0018")
    desk.close()
    desk = Desk(location, clock=desk.clock)  # migrates to the head again
    assert rows(desk, "SELECT * FROM customer_collection_state") == before and before
    [row] = overdue_queue(desk, staff.head)
    assert _shown(row) == _from_history(desk, row) and row.promised_on is not None and row.decided_step == 1
    desk.close()
    assert all(check.ok for check in verify_database(location))


def test_the_city_office_copy_of_a_branch_has_its_collection_state(tmp_path, monkeypatch):
    monkeypatch.setenv("ARREARS_DESK_KEYS", str(tmp_path / "keys"))
    branch, bstaff = make_desk(tmp_path / "br01.sqlite3", START, code="BR01")
    city, cstaff = make_desk(tmp_path / "city.sqlite3", START, code="CITY", kind="city")
    exchange.register_site(city, cstaff.admin, exchange.write_identity(branch, tmp_path / "br01.json"))
    exchange.register_site(branch, bstaff.admin, exchange.write_identity(city, tmp_path / "city.json"))
    cid = approved_customer(branch, bstaff, "东方贸易有限公司", limit=10**9)
    item = record_arrears(branch, bstaff.clerk, ArrearsInput(cid, "LETTER", START, 50_000, "V1", True))
    move_clock(branch, item.due_date + timedelta(days=3))
    record_contact(branch, bstaff.clerk, ContactInput(cid, branch.clock.today(), "phone", "客户称月底付款"))
    usb = tmp_path / "usb"
    exchange.import_packages(city, cstaff.admin, exchange.export_packages(branch, bstaff.head, usb))
    decide_step(branch, bstaff.head, cid, 1)  # a decision alone: no ledger entry in the next package
    note_investigation(branch, bstaff.head, cid, "客户经营困难")
    exchange.import_packages(city, cstaff.admin, exchange.export_packages(branch, bstaff.head, usb))
    replica = Desk(exchange.replica_location(city, "BR01"), read_only=True)
    try:
        assert rows(replica, "SELECT * FROM customer_collection_state") == rows(
            branch, "SELECT * FROM customer_collection_state")
        assert rows(replica, "SELECT decisions, investigated_on FROM customer_collection_state")[0][0] == "+remind"
    finally:
        replica.close()
    assert all(check.ok for check in verify_database(city.location))
    branch.close()
    city.close()
