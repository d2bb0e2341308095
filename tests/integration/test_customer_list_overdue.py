"""Issue 14, search: the customer list's 逾期 column comes from the overdue figures the ledger keeps per customer
(``customer_overdue``, as of ``line_balances_day``), with the items falling due since (or, for an earlier day, until)
that day added or taken off, instead of adding up every open item of every listed customer on each keystroke.
Whatever the day, it equals adding up the open items due before it, disputed ones included (the list shows what is
owed; only the collection queue leaves disputed items aside)."""
from __future__ import annotations

from datetime import date, timedelta

from app.services.arrears import ArrearsInput, record_arrears
from app.services.collection import raise_dispute
from app.services.context import FixedClock, Permission
from app.services.customers import list_customers
from tests.factories import approved_customer, execute, kept_overdue_day, make_desk, move_clock, rows, stored_date
from tests.integration.test_queue_kept_overdue import _posted as posted_over_four_months
from tests.sqlite_steps import sqlite_steps

START = date(2026, 1, 5)


def _posted(tmp_path):
    """The queue's two customers with items falling due over four months, part paid; their earliest open item
    disputed."""
    desk, staff = posted_over_four_months(tmp_path)
    [(item,)] = rows(desk, "SELECT item_id FROM item_balances WHERE open_amount > 0 ORDER BY due_date, item_id LIMIT 1")
    raise_dispute(desk, staff.clerk, item, "金额有误")
    return desk, staff


def _added_up(desk, as_of: date) -> dict[int, int]:
    """customer -> open amount due before ``as_of``, with plain SQL (0 for a customer with none)."""
    found = dict(rows(desk, "SELECT customer_id, SUM(open_amount) FROM item_balances "
                            "WHERE open_amount > 0 AND due_date < ? GROUP BY customer_id", as_of))
    return {cid: found.get(cid, 0) for (cid,) in rows(desk, "SELECT id FROM customers")}


def _listed(desk, staff) -> dict[int, int]:
    return {r.customer_id: r.overdue_total for r in list_customers(desk, staff.head)}


def test_the_list_shows_what_is_overdue_on_any_day_from_the_kept_figures(tmp_path):
    desk, staff = _posted(tmp_path)
    dues = sorted({stored_date(d) for (d,) in rows(desk, "SELECT DISTINCT due_date FROM item_balances WHERE open_amount > 0")})
    # an entry on a day items fall due: the figures are kept as of it, and those items are due exactly on the kept day
    falling = next(d for d in dues if d > desk.clock.today())
    move_clock(desk, falling)
    record_arrears(desk, staff.clerk, ArrearsInput(min(_listed(desk, staff)), "LETTER", falling, 700, "LB-DUE"))
    kept = kept_overdue_day(desk)
    assert kept == falling
    # the kept day, later days with no entry yet and a clock set back; each day items fall due, and the day after
    days = {kept + timedelta(days=n) for n in (0, 1, 17, 45, 120, -1, -20, -60)}
    days |= {d + timedelta(days=n) for d in dues for n in (0, 1)}
    for day in sorted(days):
        desk.clock = FixedClock(day)
        listed = _listed(desk, staff)
        assert listed == _added_up(desk, day), day
        assert {type(v) for v in listed.values()} == {int}  # fen, also where a server's sum is NUMERIC
    assert any(_listed(desk, staff).values())
    assert kept_overdue_day(desk) == kept  # reading moves nothing
    desk.close()


def test_a_disputed_item_still_counts_as_overdue_in_the_list(tmp_path):
    desk, staff = _posted(tmp_path)
    desk.clock = FixedClock(kept_overdue_day(desk) + timedelta(days=60))
    [(customer, disputed)] = rows(desk, "SELECT b.customer_id, b.open_amount FROM disputes d "
                                        "JOIN item_balances b ON b.item_id = d.arrears_item_id")
    listed = _listed(desk, staff)
    assert listed[customer] == _added_up(desk, desk.clock.today())[customer]
    assert listed[customer] >= disputed > 0
    desk.close()


def test_without_kept_figures_the_list_adds_up_the_open_items(tmp_path):
    desk, staff = _posted(tmp_path)
    desk.clock = FixedClock(kept_overdue_day(desk) + timedelta(days=30))
    execute(desk, "DELETE FROM customer_overdue")  # as a file from before the kept figures, never posted to since
    execute(desk, "DELETE FROM line_balances_day")
    assert _listed(desk, staff) == _added_up(desk, desk.clock.today())
    desk.close()


def _steps_to_list(desk, staff, name: str) -> int:
    with desk.query(staff.head, Permission.VIEW_LEDGER) as uow:
        driver = uow.session.connection().connection.driver_connection
        return sqlite_steps(driver, lambda: uow.customers.list_rows(desk.clock.today(), text=name))


def test_listing_a_customer_with_many_overdue_items_costs_what_listing_one_with_few_does(tmp_path):
    desk, staff = make_desk(tmp_path / "steps.sqlite3", today=START)
    few = approved_customer(desk, staff, "少量欠费户", limit=10**10)
    many = approved_customer(desk, staff, "大量欠费户", limit=10**10)
    record_arrears(desk, staff.clerk, ArrearsInput(few, "LETTER", START, 1_000, "FEW1"))
    for n in range(120):
        record_arrears(desk, staff.clerk, ArrearsInput(many, "LETTER", START, 1_000 + n, f"MANY{n}"))
    move_clock(desk, START + timedelta(days=70))  # every item overdue, the kept figures a day of their own
    record_arrears(desk, staff.clerk, ArrearsInput(few, "PARCEL", desk.clock.today(), 500, "FEW2"))
    assert _listed(desk, staff) == _added_up(desk, desk.clock.today())
    # adding up the items of each listed customer took about ten steps an item: 1,200 more for the second customer
    assert _steps_to_list(desk, staff, "大量欠费户") < _steps_to_list(desk, staff, "少量欠费户") + 60
    desk.clock = FixedClock(desk.clock.today() + timedelta(days=1))  # the next morning, before its first entry
    assert _listed(desk, staff) == _added_up(desk, desk.clock.today())
    assert _steps_to_list(desk, staff, "大量欠费户") < _steps_to_list(desk, staff, "少量欠费户") + 60
    desk.close()


def test_a_read_sees_one_state_of_the_books_however_many_statements_it_runs(tmp_path):
    """The list reads the kept day and then the figures kept as of it (a report reads several tables): a customer
    registered at another workstation in between shows in neither or both, on a file as on a server."""
    desk, staff = make_desk(tmp_path / "snapshot.sqlite3", today=START)
    approved_customer(desk, staff, "第一户")
    with desk.query(staff.head, Permission.VIEW_LEDGER) as uow:
        before = len(uow.customers.list_rows(START))
        approved_customer(desk, staff, "第二户")  # committed by another transaction meanwhile
        assert len(uow.customers.list_rows(START)) == before == 1
    assert len(list_customers(desk, staff.head)) == 2
    desk.close()
