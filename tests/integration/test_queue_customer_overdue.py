"""Issue 15, queue: beside each customer's per-line figures the ledger keeps their overdue sums per customer
(``customer_overdue``: the amount, the items, the earliest due date and the largest business line's amount, of the
open items due before ``line_balances_day``), in the transaction of each entry; today's overdue queue reads them.
Whatever was posted, they equal adding up the open items with plain SQL; the queue of any day, with a dispute open,
equals adding up (its intervention flag too, which the largest line decides); ``verify`` finds a kept row changed,
missing or extra; an upgraded database has them filled."""
from __future__ import annotations

from datetime import date, timedelta

from alembic import command

from app.services.arrears import ArrearsInput, record_arrears
from app.services.collection import overdue_queue, raise_dispute
from app.services.context import Desk, FixedClock
from app.services.repayments import RepaymentInput, record_repayment
from app.services.settings import set_intervention_limits
from app.services.verify import verify_database
from db.migrate import alembic_config
from tests.factories import execute, kept_overdue_day, rows, stored_date
from tests.integration.test_queue_kept_overdue import _posted

SUMS_CHECK = "每个客户在记账日前到期的未核销合计、笔数、最早到期日与最大业务专业金额 (催缴工作台, customer_overdue)"
LIMIT = 25_000  # 人工干预限额 for every line: some customers' largest line is over it, some not


def _kept(desk) -> set[tuple]:
    return {(cid, total, n, stored_date(oldest), largest) for cid, total, n, oldest, largest in rows(
        desk, "SELECT customer_id, overdue_total, overdue_items, oldest_due, largest_line FROM customer_overdue")}


def _lines_added_up(desk, as_of: date) -> dict[int, list[tuple]]:
    """customer -> [(line total, items, oldest due)] of the open undisputed items due before ``as_of``, plain SQL."""
    found: dict[int, list[tuple]] = {}
    for cid, total, n, oldest in rows(
            desk, "SELECT customer_id, SUM(open_amount), COUNT(*), MIN(due_date) FROM item_balances "
                  "WHERE open_amount > 0 AND due_date < ? AND item_id NOT IN (SELECT arrears_item_id FROM disputes) "
                  "GROUP BY customer_id, business_line_id", as_of):
        found.setdefault(cid, []).append((total, n, stored_date(oldest)))
    return found


def _sums(lines: dict[int, list[tuple]]) -> set[tuple]:
    return {(cid, sum(t for t, _, _ in ls), sum(n for _, n, _ in ls), min(o for _, _, o in ls), max(t for t, _, _ in ls))
            for cid, ls in lines.items()}


def test_the_ledger_keeps_each_customers_overdue_sums_with_its_entries(tmp_path):
    desk, staff = _posted(tmp_path)
    assert _kept(desk) == _sums(_lines_added_up(desk, kept_overdue_day(desk))) and _kept(desk)
    later = kept_overdue_day(desk) + timedelta(days=25)  # items fell due meanwhile: the entry moves every customer on
    desk.clock = FixedClock(later)
    moved = {s[0] for s in _sums(_lines_added_up(desk, later)) - _kept(desk)}
    [cid] = {s[0] for s in _kept(desk)} - moved  # an entry of the other customer moves these sums too
    assert moved
    record_repayment(desk, staff.clerk, RepaymentInput(cid, 12_345, later, "cash", "SJ9"))
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "PARCEL", later, 9_000, "PZ99"))
    assert kept_overdue_day(desk) == later
    assert _kept(desk) == _sums(_lines_added_up(desk, later))
    assert all(check.ok for check in verify_database(desk.location))
    desk.close()


def test_the_queue_of_any_day_with_a_dispute_open_equals_adding_up(tmp_path):
    desk, staff = _posted(tmp_path)
    set_intervention_limits(desk, staff.admin, {"default": LIMIT})
    kept = kept_overdue_day(desk)
    [(item, cid)] = rows(desk, "SELECT item_id, customer_id FROM item_balances WHERE open_amount > 0 AND due_date < ? "
                               "ORDER BY due_date, item_id LIMIT 1", kept)
    raise_dispute(desk, staff.clerk, item, "金额有误")
    flagged = set()
    for days in (0, 1, 17, 45, 120):  # the kept day, and later days with no entry yet
        desk.clock = FixedClock(kept + timedelta(days=days))
        queue = overdue_queue(desk, staff.head)
        lines = _lines_added_up(desk, desk.clock.today())
        assert {(r.customer_id, r.overdue, r.overdue_items, r.oldest_due) for r in queue} == {
            s[:4] for s in _sums(lines)}, days
        assert {r.customer_id: r.intervention for r in queue} == {
            c: max(t for t, _, _ in ls) > LIMIT for c, ls in lines.items()}, days
        flagged |= {r.intervention for r in queue}
        assert next(r.disputed for r in queue if r.customer_id == cid) > 0
    assert flagged == {True, False}
    assert kept_overdue_day(desk) == kept  # reading moves nothing
    desk.close()


def test_verify_finds_the_kept_customer_sums_changed_missing_or_extra(tmp_path):
    desk, _staff = _posted(tmp_path)
    assert all(check.ok for check in verify_database(desk.location))
    cid, total, n, oldest, largest = sorted(_kept(desk))[0]
    for tampered in (("UPDATE customer_overdue SET largest_line = largest_line - 1 WHERE customer_id = ?", cid),
                     ("UPDATE customer_overdue SET oldest_due = ? WHERE customer_id = ?", oldest + timedelta(days=1),
                      cid),
                     ("DELETE FROM customer_overdue WHERE customer_id = ?", cid)):
        execute(desk, *tampered)
        failed = {check.name: check.failures for check in verify_database(desk.location) if not check.ok}
        assert list(failed) == [SUMS_CHECK], tampered
        assert failed[SUMS_CHECK][0].startswith(f"{cid}, "), failed
        execute(desk, "DELETE FROM customer_overdue WHERE customer_id = ?", cid)
        execute(desk, "INSERT INTO customer_overdue VALUES (?, ?, ?, ?, ?)", cid, total, n, oldest, largest)
        assert all(check.ok for check in verify_database(desk.location))
    [(nobody,)] = rows(desk, "SELECT MAX(id) FROM customers")  # nothing overdue: no row may say otherwise
    execute(desk, "DELETE FROM customer_overdue WHERE customer_id = ?", nobody)
    execute(desk, "INSERT INTO customer_overdue VALUES (?, 1, 1, ?, 1)", nobody, oldest)
    assert [c.name for c in verify_database(desk.location) if not c.ok] == [SUMS_CHECK]
    desk.close()


def test_an_upgraded_database_has_the_customer_sums_filled(tmp_path):
    desk, staff = _posted(tmp_path)
    before = _kept(desk)
    location = desk.location
    with desk.engine.begin() as conn:
        cfg = alembic_config(desk.engine)
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0020")
    desk.close()
    desk = Desk(location, clock=desk.clock)  # migrates to the head again
    assert _kept(desk) == before and before
    assert {(r.customer_id, r.overdue) for r in overdue_queue(desk, staff.head)} == {s[:2] for s in before}
    desk.close()
    assert all(check.ok for check in verify_database(location))
