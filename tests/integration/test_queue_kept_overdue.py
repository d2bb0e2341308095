"""Issue 14, queue: the overdue part of each customer's per-line figures is kept by the ledger as of one day
(``line_balances_day``), moved on by the entries; the queue of any day adds or takes off only the items falling
due in between. Whatever day the figures were kept as of, the queue equals adding up the open items again;
an upgraded file has them filled; ``verify`` finds them changed."""
from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from alembic import command

from app.services.arrears import ArrearsInput, record_arrears
from app.services.collection import overdue_queue
from app.services.context import Desk, FixedClock
from app.services.repayments import RepaymentInput, record_repayment
from app.services.verify import verify_database
from db.migrate import alembic_config
from tests.factories import approved_customer, execute, kept_overdue_day, make_desk, rows, stored_date

START = date(2026, 1, 5)


def _posted(tmp_path):
    """Two customers with items falling due over four months (cycles of one and two months), part paid."""
    desk, staff = make_desk(tmp_path / "q.sqlite3", today=START)
    customers = [approved_customer(desk, staff, f"客户{k}", limit=10**10, period_days=15 * k, cycle_months=k)
                 for k in (1, 2)]
    day = START
    for n in range(8):
        desk.clock = FixedClock(day)
        for k, cid in enumerate(customers):
            record_arrears(desk, staff.clerk, ArrearsInput(cid, ("LETTER", "PARCEL")[n % 2], day, 10_000 + n * 7 + k,
                                                           f"PZ{n}{k}"))
        day += timedelta(days=13)
    record_repayment(desk, staff.clerk, RepaymentInput(customers[0], 25_000, desk.clock.today(), "cash", "SJ1"))
    return desk, staff


def _added_up(desk, as_of: date) -> dict[int, tuple]:
    """customer -> (overdue, items, oldest due) from the open items, with plain SQL."""
    return {cid: (total, n, stored_date(oldest)) for cid, total, n, oldest in rows(
        desk, "SELECT customer_id, SUM(open_amount), COUNT(*), MIN(due_date) FROM item_balances "
              "WHERE open_amount > 0 AND due_date < ? GROUP BY customer_id", as_of)}


def _queue(desk, staff) -> dict[int, tuple]:
    return {r.customer_id: (r.overdue, r.overdue_items, r.oldest_due) for r in overdue_queue(desk, staff.head)}


def test_the_ledger_keeps_the_overdue_part_as_of_the_day_of_its_last_entry(tmp_path):
    desk, staff = _posted(tmp_path)
    assert kept_overdue_day(desk) == desk.clock.today()
    assert _queue(desk, staff) == _added_up(desk, desk.clock.today())
    desk.close()


def test_a_queue_after_or_before_the_kept_day_adds_or_takes_off_what_fell_due_in_between(tmp_path):
    desk, staff = _posted(tmp_path)
    kept = kept_overdue_day(desk)
    for days in (1, 17, 45, 120, -1, -20, -60):  # later days with no entry yet, and a clock set back
        desk.clock = FixedClock(kept + timedelta(days=days))
        got = _queue(desk, staff)
        assert got == _added_up(desk, desk.clock.today()), days
        assert got or days == -60  # something is overdue on each of these days but the earliest
    assert kept_overdue_day(desk) == kept  # reading moves nothing
    desk.clock = FixedClock(kept + timedelta(days=25))  # within the clock check's month
    cid = next(iter(_queue(desk, staff)))
    record_repayment(desk, staff.clerk, RepaymentInput(cid, 3_000, desk.clock.today(), "cash", "SJ2"))
    assert kept_overdue_day(desk) == kept + timedelta(days=25)  # an entry moves the day on for every customer
    assert _queue(desk, staff) == _added_up(desk, desk.clock.today())
    assert all(check.ok for check in verify_database(desk.location))
    desk.close()


def test_an_upgraded_file_has_the_overdue_part_filled(tmp_path):
    desk, _staff = _posted(tmp_path)
    path = desk.path
    with desk.engine.begin() as conn:
        cfg = alembic_config(desk.engine)
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0015")
    desk.close()
    desk = Desk(path, clock=FixedClock(START + timedelta(days=200)))  # migrates to the head again
    desk.close()
    assert kept_overdue_day(desk) == date.today()  # filled as of the day of the upgrade
    con = sqlite3.connect(path)
    kept = set(con.execute("SELECT customer_id, business_line_id, overdue_total, overdue_items "
                           "FROM customer_line_balances"))
    again = set(con.execute("SELECT customer_id, business_line_id, "
                            "SUM(CASE WHEN due_date < date('now', 'localtime') THEN open_amount ELSE 0 END), "
                            "SUM(due_date < date('now', 'localtime')) FROM item_balances WHERE open_amount > 0 "
                            "GROUP BY customer_id, business_line_id"))
    con.close()
    assert kept == again and kept
    assert all(check.ok for check in verify_database(path))


def test_verify_finds_the_kept_overdue_part_changed(tmp_path):
    desk, _staff = _posted(tmp_path)
    [(cid, line)] = rows(desk, "SELECT customer_id, business_line_id FROM customer_line_balances "
                               "WHERE overdue_items > 0 ORDER BY customer_id LIMIT 1")
    execute(desk, "UPDATE customer_line_balances SET overdue_total = overdue_total - 100 "
                  "WHERE customer_id = ? AND business_line_id = ?", cid, line)
    desk.close()
    failed = {check.name: check.failures for check in verify_database(desk.location) if not check.ok}
    assert list(failed) == ["每个客户各业务专业在记账日前到期的未核销合计与笔数 (催缴工作台, customer_line_balances)"]
    assert str(cid) in failed[next(iter(failed))][0]
