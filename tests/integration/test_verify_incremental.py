"""``verify`` from the last verified point: after a passing verify the file remembers the point (newest link,
root through it, rows per chained table); the next verify checks the point still holds and everything after
it. A change after the point is named; one before it is caught by the point's root (history re-chained), by
the row counts (a row removed) or by the slice of older links each verify re-hashes; ``--full`` always."""
from __future__ import annotations

import json
import math
from datetime import date

import pytest
from sqlalchemy import event

from app.cli import main
from app.services import verify as verify_service
from app.services.auth import login
from app.services.context import Desk, FixedClock
from app.services.demo import DEMO_PASSWORD
from app.services.arrears import ArrearsInput, record_arrears
from app.services.repayments import RepaymentInput, record_repayment
from app.services.verify import verify_database
from db.chain import build_all
from tests import server
from tests.integration.test_tamper_evidence import (
    customer_overdue,
    STORAGE, an_item_with_later_entries, copy_of, demo_ledger, one, tamper,
)

TODAY = date(2026, 11, 25)
CHAIN = "防篡改链完整"
POINT = "上次核验点"
OLDER = "核验点之前的链记录逐条重算哈希"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """A file, or on the server a database each test's copy is made from (test_tamper_evidence.demo_ledger)."""
    yield from demo_ledger(tmp_path_factory, customers=12, months=6, seed=3)


@pytest.fixture
def db(tmp_path, demo_file):
    return copy_of(demo_file, tmp_path / "ledger.sqlite3")


def verified(path, **kwargs) -> list:
    return verify_database(path, full=False, record=True, **kwargs)


def failed(checks) -> dict[str, list[str]]:
    return {check.name.split("（")[0]: check.failures for check in checks if not check.ok}


def names(checks) -> list[str]:
    return [check.name for check in checks]


def a_new_repayment(path) -> tuple[int, int]:
    desk = Desk(path, clock=FixedClock(TODAY))
    actor = login(desk, "clerk11", DEMO_PASSWORD)
    customer_id = one(path, "SELECT customer_id FROM customer_balances WHERE open_total > 0 ORDER BY customer_id")[0]
    record_repayment(desk, actor, RepaymentInput(customer_id, 1000, TODAY, "cash", "R-AFTER-1"))
    desk.close()
    return customer_id, one(path, "SELECT MAX(id) FROM repayments")[0]


def test_the_first_verify_is_full_and_the_next_starts_from_the_point_it_recorded(db):
    first = verified(db)
    assert failed(first) == {}
    assert any(name.startswith(STORAGE) for name in names(first))
    assert not any(name.startswith(POINT) for name in names(first))
    second = verified(db)
    assert failed(second) == {}
    assert any(name.startswith(POINT) for name in names(second))
    assert not any(name.startswith(STORAGE) for name in names(second))  # reads every page: --full only


def test_a_failed_verify_records_no_point(db):
    item_id, _customer, _amount = an_item_with_later_entries(db)
    tamper(db, ("UPDATE arrears_items SET note = 'x' WHERE id = ?", item_id))
    assert CHAIN in failed(verified(db))
    assert one(db, "SELECT COUNT(*) FROM settings WHERE key = 'verify.point'")[0] == 0


def test_an_entry_changed_after_the_point_is_named_by_the_incremental_verify(db):
    assert failed(verified(db)) == {}
    customer_id, repayment_id = a_new_repayment(db)
    tamper(db, ("UPDATE repayments SET amount = amount + 1 WHERE id = ?", repayment_id))
    checks = verified(db)
    assert any(name.startswith(POINT) for name in names(checks))
    assert failed(checks)[CHAIN] == [f"客户 #{customer_id} 的链断于收款 #{repayment_id}：内容、归属或顺序与链不符"]


def test_entries_after_the_point_are_checked_against_the_ledger_rules(db):
    assert failed(verified(db)) == {}
    customer_id, repayment_id = a_new_repayment(db)
    tamper(db, ("UPDATE repayment_balances SET unapplied = unapplied + 7 WHERE repayment_id = ?", repayment_id))
    found = failed(verified(db))
    assert found == {"每笔收款的预存款余额 = 金额 - 有效核销 (repayment_balances)": [f"{repayment_id}, 0, 7"]}  # all of it went to open items


def test_an_old_entry_changed_under_its_link_is_caught_when_its_slice_is_rehashed(db, monkeypatch):
    assert failed(verified(db)) == {}
    links = one(db, "SELECT MAX(id) FROM ledger_chain")[0]
    # an item linked late in the history: several slices pass before its own
    item_id, customer_id, link = one(db, "SELECT entity_id, chain, id FROM ledger_chain WHERE entity = 1 ORDER BY id "
                                         "LIMIT 1 OFFSET (SELECT COUNT(*) * 2 / 3 FROM ledger_chain WHERE entity = 1)")
    assert link > 200
    tamper(db, ("UPDATE arrears_items SET note = 'x' WHERE id = ?", item_id))
    monkeypatch.setattr(verify_service, "REHASH_PER_VERIFY", 100)
    expected = f"客户 #{customer_id} 的链断于欠费 #{item_id}：内容、归属或顺序与链不符"
    runs = 0
    while True:  # each passing verify moves the slice on; the edited row's slice comes round
        runs += 1
        found = failed(verified(db))
        if found:
            assert found == {OLDER: [expected]}
            break
        assert runs <= math.ceil(links / 100) + 1
    assert runs > 1
    assert failed(verify_database(db, full=True))[CHAIN] == [expected]


def test_without_its_slice_an_old_change_under_its_link_is_left_to_full(db, monkeypatch):
    """What the incremental verify does not promise: a row changed under an unchanged link, outside this
    run's slice, is not read; --full (and the slice, in a later run) finds it."""
    assert failed(verified(db)) == {}
    item_id, customer_id, _amount = an_item_with_later_entries(db)
    tamper(db, ("UPDATE arrears_items SET note = 'x' WHERE id = ?", item_id))
    monkeypatch.setattr(verify_service, "REHASH_PER_VERIFY", 0)
    assert failed(verified(db)) == {}
    assert CHAIN in failed(verify_database(db, full=True))


def test_history_rechained_before_the_point_breaks_the_points_root(db, monkeypatch):
    assert failed(verified(db)) == {}
    monkeypatch.setattr(verify_service, "REHASH_PER_VERIFY", 0)  # the root alone catches it
    item_id, customer_id, _amount = an_item_with_later_entries(db)
    tamper(db, ("UPDATE arrears_items SET amount = amount + 10000 WHERE id = ?", item_id),
           ("UPDATE item_balances SET open_amount = open_amount + 10000 WHERE item_id = ?", item_id),
           ("UPDATE customer_balances SET open_total = open_total + 10000 WHERE customer_id = ?", customer_id),
           ("UPDATE customer_line_balances SET open_total = open_total + 10000 WHERE customer_id = ? AND "
            "business_line_id = (SELECT business_line_id FROM arrears_items WHERE id = ?)", customer_id, item_id),
           ("UPDATE customer_line_balances SET overdue_total = overdue_total + 10000 WHERE customer_id = ? AND "
            "business_line_id = (SELECT business_line_id FROM arrears_items WHERE id = ? AND due_date < "
            "(SELECT overdue_before FROM line_balances_day))", customer_id, item_id),
           *customer_overdue(customer_id),
           ("DELETE FROM ledger_chain",))
    desk = Desk(db, create=False)
    with desk.engine.begin() as conn:
        build_all(conn)  # every digest recomputed: every link agrees with its row again
    desk.close()
    found = failed(verified(db))
    assert list(found) == [POINT]
    assert found[POINT][0].startswith("现在算得 ") and "核验时记录的是" in found[POINT][0]
    assert failed(verify_database(db, full=True)) == {}  # consistent in itself: only a root kept elsewhere tells


def test_an_old_entry_removed_with_its_balances_is_caught_by_its_slice(db, monkeypatch):
    assert failed(verified(db)) == {}
    item_id, customer_id, amount = an_item_with_later_entries(db)
    tamper(db, ("DELETE FROM item_balances WHERE item_id = ?", item_id),
           ("UPDATE customer_balances SET open_total = open_total - ? WHERE customer_id = ?", amount, customer_id),
           ("DELETE FROM arrears_items WHERE id = ?", item_id))
    assert failed(verified(db))[OLDER] == [f"客户 #{customer_id} 的链断于欠费 #{item_id}：记录已不存在"]


def test_a_copy_older_than_its_point_is_verified_in_full(db, tmp_path):
    older = copy_of(db, tmp_path / "older.sqlite3")
    assert failed(verified(db)) == {}
    a_new_repayment(db)
    assert failed(verified(db)) == {}
    # the older file with the newer file's point (as if the point had been copied over): not trusted
    point = one(db, "SELECT value FROM settings WHERE key = 'verify.point'")[0]
    tamper(older, ("INSERT INTO settings (key, value, updated_at) VALUES ('verify.point', ?, '2026-11-25 00:00:00')",
                   point))
    checks = verified(older)
    assert failed(checks) == {}
    assert any(name.startswith(STORAGE) for name in names(checks))


def test_the_command_is_incremental_unless_full_or_against(db, capsys):
    assert main(["verify", "--db", str(db)]) == 0
    assert STORAGE in capsys.readouterr().out
    assert main(["verify", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert POINT in out and STORAGE not in out
    assert main(["verify", "--db", str(db), "--full"]) == 0
    assert STORAGE in capsys.readouterr().out
    root = one(db, "SELECT value FROM settings WHERE key = 'verify.point'")[0].split('"root": "')[1][:64]
    assert main(["verify", "--db", str(db), "--against", root]) == 0
    assert STORAGE in capsys.readouterr().out


def test_a_maintained_balance_changed_by_hand_is_caught_when_its_customers_slice_comes_round(db, monkeypatch):
    """Balances are derived, not chained: besides the customers with entries since the point, each verify
    recomputes a slice of customers in turn."""
    assert failed(verified(db)) == {}
    monkeypatch.setattr(verify_service, "RECHECK_PER_VERIFY", 3)
    customers = one(db, "SELECT COUNT(*) FROM customers")[0]
    item_id, customer_id = one(db, "SELECT item_id, customer_id FROM item_balances WHERE open_amount > 0 "
                                   "ORDER BY customer_id DESC LIMIT 1")
    tamper(db, ("UPDATE item_balances SET open_amount = open_amount + 1 WHERE item_id = ?", item_id))
    for runs in range(1, customers // 3 + 3):
        found = failed(verified(db))
        if found:
            break
    assert runs > 1 and "每笔欠费的未核销金额 = 金额 - 有效核销 - 坏账核销 (item_balances)" in found


VOUCHERS = "有效凭证号不重复"


def a_new_item(path, voucher_no: str) -> tuple[int, int]:
    """An item posted at the counter today for a customer whose agreement runs today: (its id, its customer)."""
    customer_id, line = one(path, "SELECT g.customer_id, l.code FROM agreements g JOIN arrears_items i ON "
                                  "i.agreement_id = g.id JOIN business_lines l ON l.id = i.business_line_id WHERE "
                                  "g.valid_from <= ? AND g.valid_to >= ? AND g.terminated_on IS NULL "
                                  "ORDER BY g.customer_id DESC LIMIT 1", TODAY, TODAY)
    desk = Desk(path, clock=FixedClock(TODAY))
    record_arrears(desk, login(desk, "clerk11", DEMO_PASSWORD), ArrearsInput(customer_id, line, TODAY, 1_000, voucher_no))
    desk.close()
    return one(path, "SELECT MAX(id) FROM arrears_items")[0], customer_id


def test_a_voucher_recorded_since_the_point_that_stands_on_another_customers_item_is_named(db, monkeypatch):
    """Only an item recorded since the point can repeat a standing voucher number (entries are never changed, and
    a reversal only takes an item out of the standing ones), so the incremental check looks at those, against
    every standing item whoever's it is, and says so in its name."""
    assert failed(verified(db)) == {}
    monkeypatch.setattr(verify_service, "RECHECK_PER_VERIFY", 1)
    item_id, customer_id = a_new_item(db, "PZ-SINCE-1")
    voucher = one(db, "SELECT voucher_no FROM arrears_items i WHERE customer_id <> ? AND NOT EXISTS (SELECT 1 FROM "
                      "reversals r WHERE r.arrears_item_id = i.id) ORDER BY id LIMIT 1", customer_id)[0]
    tamper(db, ("UPDATE arrears_items SET voucher_no = ? WHERE id = ?", voucher, item_id))
    checks = verified(db)
    assert failed(checks)[VOUCHERS] == [f"{voucher}, 2"]
    link = json.loads(one(db, "SELECT value FROM settings WHERE key = 'verify.point'")[0])["link"]  # (still the last)
    assert [c.name for c in checks if c.name.startswith(VOUCHERS)] == [f"{VOUCHERS}（核验点 #{link} 之后新记的）"]
    assert failed(verify_database(db, full=True))[VOUCHERS] == [f"{voucher}, 2"]


def test_an_older_item_changed_to_repeat_a_voucher_is_caught_by_its_link_not_by_the_voucher_check(db):
    """The other half of the above: an item from before the point is proven by its link (the point's root and the
    re-hashed slices), so the incremental voucher check does not read the older items, even of customers in scope;
    --full reads them all."""
    assert failed(verified(db)) == {}
    standing = ("SELECT id, voucher_no FROM arrears_items i WHERE NOT EXISTS (SELECT 1 FROM reversals r WHERE "
                "r.arrears_item_id = i.id) ORDER BY id LIMIT 1 OFFSET ?")
    first, second = one(db, standing, 0), one(db, standing, 1)
    a_new_repayment(db)  # something since the point: every customer of the small demo is in this verify's scope
    tamper(db, ("UPDATE arrears_items SET voucher_no = ? WHERE id = ?", first[1], second[0]))
    found = failed(verified(db))
    assert VOUCHERS not in found and found[OLDER]
    assert failed(verify_database(db, full=True))[VOUCHERS] == [f"{first[1]}, 2"]


@pytest.mark.parametrize("balances, entry, row", [
    ("item_balances", "item_id", "SELECT (SELECT MAX(item_id) + 1000 FROM item_balances), 999999, business_date,"
                                 " billing_period, due_date, business_line_id, handler_id, branch_id, 500"
                                 " FROM item_balances LIMIT 1"),
    ("repayment_balances", "repayment_id", "SELECT MAX(repayment_id) + 1000, 999999, 500 FROM repayment_balances")])
def test_a_balance_row_with_no_entry_is_named_at_once_whichever_customer_it_is_under(db, monkeypatch, balances, entry,
                                                                                       row):
    """A balance row added by hand for an entry that does not exist, under an id no customer has (so in no
    verify's scope of customers): the balance rows no longer count one per entry, and the next incremental verify
    names it."""
    assert failed(verified(db)) == {}
    monkeypatch.setattr(verify_service, "RECHECK_PER_VERIFY", 1)
    tamper(db, (f"INSERT INTO {balances} {row}",))
    orphan = one(db, f"SELECT MAX({entry}) FROM {balances}")[0]
    name = next(n for key, n in verify_service.INVARIANTS if key == balances)
    assert failed(verified(db))[name.split("（")[0]] == [f"{orphan}, None, 500"]


@pytest.mark.skipif(server.ON_SERVER, reason="SQLite's query planner (a server plans from its statistics)")
def test_the_earliest_day_recorded_since_the_point_is_read_by_id_not_by_walking_each_date_index(db):
    """SQLite answers ``min(day)`` from an index on the day, walking it from the oldest entry until one is newer
    than the point: most of the index on a long ledger. The entries since the point are read by id instead."""
    assert failed(verified(db)) == {}
    a_new_repayment(db)
    desk = Desk(db, read_only=True)
    statements = []
    event.listen(desk.engine, "before_cursor_execute",
                 lambda conn, cursor, sql, params, *_: statements.append((sql, params)))
    try:
        with desk.reading() as uow:
            assert uow.checks.earliest_day_since(uow.checks.point()) == TODAY
            sql, params = next((s, p) for s, p in statements if "min(" in s)
            plan = [row[3] for row in uow.session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params)]
    finally:
        desk.close()
    searches = [step for step in plan if step.startswith(("SEARCH", "SCAN")) and "CONSTANT ROW" not in step]
    assert searches and all("INTEGER PRIMARY KEY (rowid>?)" in step for step in searches), plan
