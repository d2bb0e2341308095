"""The city office checks what a package adds, and only that: every new hash-chain link against its row and
the link before it. A package's rows that do not match their links are refused; the history checked with
earlier packages is not walked again (a busy day's package is applied in seconds, not minutes)."""
from __future__ import annotations

import shutil
import sqlite3
import zipfile
from datetime import date
from pathlib import Path

import pytest

import db.chain
from app.domain.errors import DomainError
from app.services.arrears import ArrearsInput, record_arrears
from app.services.auth import login
from app.services.context import Desk, FixedClock
from app.services.demo import DEMO_PASSWORD, generate_demo
from app.services.exchange import export_packages, import_packages, register_site, replica_location, write_identity
from app.services.verify import verify_database
from tests import server
from tests.factories import make_desk, migrated_database

TODAY = date(2026, 11, 25)


@pytest.fixture
def sites(tmp_path, monkeypatch):
    """A demo branch BR01 and a city office that know each other, the branch's history applied once."""
    monkeypatch.setenv("ARREARS_DESK_KEYS", str(tmp_path / "keys"))
    generate_demo(tmp_path / "branch.sqlite3", customers=12, months=6, seed=3, today=TODAY, site_code="BR01")
    branch = Desk(tmp_path / "branch.sqlite3", clock=FixedClock(TODAY))
    admin = login(branch, "admin", DEMO_PASSWORD)
    city, staff = make_desk(tmp_path / "city.sqlite3", TODAY, code="CITY", kind="city")
    register_site(city, staff.admin, write_identity(branch, tmp_path))
    register_site(branch, admin, write_identity(city, tmp_path))
    [first] = import_packages(city, staff.admin, export_packages(branch, admin, tmp_path / "out1"))
    assert first.state == "applied"
    yield branch, admin, city, staff.admin, tmp_path
    branch.close()
    city.close()


def post_items(branch: Desk, n: int) -> list[int]:
    """``n`` new items at the branch, on whichever customers may take them; their ids."""
    clerk = login(branch, "clerk11", DEMO_PASSWORD)
    customers = [c for (c,) in sqlite3.connect(branch.path).execute("SELECT id FROM customers ORDER BY id")]
    made = []
    for k, cid in enumerate(customers * 3):
        if len(made) == n:
            break
        try:
            made.append(record_arrears(branch, clerk, ArrearsInput(cid, "LETTER", TODAY, 1_000 + k, f"CHK{k}")).item_id)
        except DomainError:
            continue
    assert len(made) == n
    return made


def count(path, sql: str) -> int:
    if not isinstance(path, Path):  # the city office's replica schema on the server (pgcity)
        with server.connect(path) as con:
            return con.execute(sql).fetchone()[0]
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def test_a_second_package_checks_its_new_links_and_not_the_history_again(sites, monkeypatch):
    branch, admin, city, city_admin, folder = sites
    post_items(branch, 3)
    files = export_packages(branch, admin, folder / "out2")
    links = "SELECT COUNT(*) FROM ledger_chain"
    before = count(replica_location(city, "BR01"), links)
    computed = []
    real = db.chain._sha256  # each link checked is hashed once (on a file from the driver's rows, on a server in link_digest)
    monkeypatch.setattr(db.chain, "_sha256", lambda data: computed.append(data) or real(data))
    assert [o.state for o in import_packages(city, city_admin, files[:1])] == ["applied"]
    new = count(replica_location(city, "BR01"), links) - before
    assert count(replica_location(city, "BR01"), links) == count(branch.path, links) - 1  # less the export's audit
    # Each new link checked once (plus the city office's own audit record of the import), none of the
    # hundreds checked with the first package.
    assert 6 <= new <= len(computed) <= new + 1 < before // 10


def test_a_package_whose_new_row_does_not_match_its_link_is_refused_and_changes_nothing(sites):
    branch, admin, city, city_admin, folder = sites
    [item] = post_items(branch, 1)
    con = sqlite3.connect(branch.path)  # someone at the branch rewrites the new item behind the program
    triggers = con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'arrears_items'"
                           ).fetchall()
    for name, _sql in triggers:
        con.execute(f"DROP TRIGGER {name}")
    con.execute("UPDATE arrears_items SET amount = amount + 100 WHERE id = ?", (item,))
    for _name, sql in triggers:
        con.execute(sql)
    con.commit()
    con.close()
    replica = replica_location(city, "BR01")
    items_before = count(replica, "SELECT COUNT(*) FROM arrears_items")
    files = export_packages(branch, admin, folder / "out2")
    [outcome] = import_packages(city, city_admin, files[:1])
    assert outcome.state == "refused" and outcome.reason.code == "exchange.chain_mismatch"
    assert f"arrears_items #{item}" in outcome.message("en")
    assert count(replica, "SELECT COUNT(*) FROM arrears_items") == items_before


def test_an_unacknowledged_package_is_written_again_byte_for_byte_and_a_damaged_copy_replaced(sites):
    branch, admin, _city, _city_admin, folder = sites
    [first] = export_packages(branch, admin, folder / "again")[1:]  # package 1 again: not yet acknowledged
    original = (folder / "out1" / first.name).read_bytes()
    assert first.read_bytes() == original
    first.write_bytes(original[:1000])  # cut short on the stick
    post_items(branch, 1)
    written = export_packages(branch, admin, folder / "again")
    assert [p.name for p in written] == ["BR01-000003.adx", "BR01-000001.adx", "BR01-000002.adx"]
    assert first.read_bytes() == original


# -- a busy day's balances (issue 12, link): only those its entries can move are recomputed -------------------
def change_at_branch(branch: Desk, sql: str, *args) -> None:
    """Someone rewrites the branch's maintained balances behind the program (they have no triggers)."""
    con = sqlite3.connect(branch.path)
    con.execute(sql, args)
    con.commit()
    con.close()


def import_next(branch, admin, city, city_admin, folder, name):
    files = export_packages(branch, admin, folder / name)
    [outcome] = import_packages(city, city_admin, files[:1])
    return outcome


def test_a_busy_package_recomputes_only_the_balances_its_entries_move(sites, monkeypatch):
    branch, admin, city, city_admin, folder = sites
    post_items(branch, 3)
    import app.services.exchange as service
    narrowed = []
    real = service.touched_balances_wrong
    monkeypatch.setattr(service, "touched_balances_wrong",
                        lambda conn, **kw: narrowed.append(kw.get("only_moved")) or real(conn, **kw))
    assert import_next(branch, admin, city, city_admin, folder, "out2").state == "applied"
    assert narrowed == [True]


def exports_built_again(request) -> None:
    """The export's statements built anew now (a test changes what they are made of) and after the test."""
    def built_again():
        db.exchange._payload_rows.cache_clear()
        db.exchange._payload_fill.cache_clear()
    built_again()
    request.addfinalizer(built_again)


def carrying_also(request, monkeypatch, item: int) -> None:
    """A branch program that puts one more item balance in its packages than their entries move (a bug, or a
    program changed behind the office's back): the export's statements are built again with it, and after."""
    from sqlalchemy import literal, select
    real = db.exchange._balances_moved_by_package

    def widened():
        items, repayments = real()
        return items.union(select(literal(item))), repayments

    exports_built_again(request)
    monkeypatch.setattr(db.exchange, "_balances_moved_by_package", widened)


def _another_item_of_the_customer(branch: Desk, item: int) -> int:
    [(customer,)] = sqlite3.connect(branch.path).execute("SELECT customer_id FROM arrears_items WHERE id = ?",
                                                         (item,)).fetchall()
    [(other,)] = sqlite3.connect(branch.path).execute(
        "SELECT item_id FROM item_balances WHERE customer_id = ? AND item_id <> ? ORDER BY item_id LIMIT 1",
        (customer, item)).fetchall()
    return other


def test_a_package_that_changes_a_balance_none_of_its_entries_moves_is_refused(sites, request, monkeypatch):
    """A balance its entries cannot explain is recomputed with all the touched customers' others, and refused."""
    branch, admin, city, city_admin, folder = sites
    [item] = post_items(branch, 1)
    other = _another_item_of_the_customer(branch, item)
    change_at_branch(branch, "UPDATE item_balances SET open_amount = open_amount + 1 WHERE item_id = ?", other)
    carrying_also(request, monkeypatch, other)
    outcome = import_next(branch, admin, city, city_admin, folder, "out2")
    assert outcome.state == "refused" and outcome.reason.code == "exchange.balances_wrong"
    assert f"item_balances #{other}" in outcome.message("en")


def as_format_1(request, monkeypatch) -> None:
    """A branch on the program before format 2: its packages carry every balance of the customers whose new
    items they carry (the test's packages add items only)."""
    from sqlalchemy import select
    import app.services.exchange as service
    items, repayments = db.exchange._tables["arrears_items"], db.exchange._tables["repayments"]
    touched = select(db.exchange._new_rows("arrears_items").c.customer_id)

    def every_balance_of_the_touched():
        return (select(items.c.id).where(items.c.customer_id.in_(touched)),
                select(repayments.c.id).where(repayments.c.customer_id.in_(touched)))

    exports_built_again(request)
    monkeypatch.setattr(db.exchange, "_balances_moved_by_package", every_balance_of_the_touched)
    monkeypatch.setattr(service, "FORMAT", 1)


def test_a_package_of_format_1_is_still_applied_and_still_checked(sites, request, monkeypatch):
    """A city office on this program takes a branch's packages of the format before (a branch upgrades later):
    every balance of the touched customers is written, and a touched customer's balance such a package no
    longer carries is one it removes, which its entries cannot explain: refused."""
    branch, admin, city, city_admin, folder = sites
    as_format_1(request, monkeypatch)
    [item] = post_items(branch, 1)
    files = export_packages(branch, admin, folder / "out2")
    with zipfile.ZipFile(files[0]) as zf:
        assert b'"format":1' in zf.read("manifest.json")
        (folder / "payload.sqlite3").write_bytes(zf.read("payload.sqlite3"))
    assert count(folder / "payload.sqlite3", "SELECT COUNT(*) FROM item_balances") > 1
    assert import_packages(city, city_admin, files[:1])[0].state == "applied"
    [item] = post_items(branch, 1)
    other = _another_item_of_the_customer(branch, item)
    change_at_branch(branch, "DELETE FROM item_balances WHERE item_id = ?", other)
    outcome = import_next(branch, admin, city, city_admin, folder, "out3")
    assert outcome.state == "refused" and outcome.reason.code == "exchange.balances_wrong"
    assert f"item_balances #{other}" in outcome.message("en")


def test_a_package_carries_only_the_balances_its_entries_move(sites):
    """(Format 2.) A balance changed behind the branch's program that no new entry moves stays home: the city
    office's copy keeps the balance its entries give, and the branch's own verify finds the change."""
    branch, admin, city, city_admin, folder = sites
    [item] = post_items(branch, 1)
    other = _another_item_of_the_customer(branch, item)
    change_at_branch(branch, "UPDATE item_balances SET open_amount = open_amount + 1 WHERE item_id = ?", other)
    files = export_packages(branch, admin, folder / "out2")
    with zipfile.ZipFile(files[0]) as zf:
        payload = folder / "payload.sqlite3"
        payload.write_bytes(zf.read("payload.sqlite3"))
    assert count(payload, "SELECT COUNT(*) FROM item_balances") == 1
    assert count(payload, f"SELECT COUNT(*) FROM item_balances WHERE item_id = {item}") == 1
    [outcome] = import_packages(city, city_admin, files[:1])
    assert outcome.state == "applied"
    city_copy = replica_location(city, "BR01")
    assert count(city_copy, f"SELECT open_amount FROM item_balances WHERE item_id = {other}") == \
        count(branch.path, f"SELECT open_amount FROM item_balances WHERE item_id = {other}") - 1
    assert any(not check.ok for check in verify_database(branch.path))


def test_a_package_whose_new_item_has_a_wrong_balance_is_refused(sites):
    branch, admin, city, city_admin, folder = sites
    [item] = post_items(branch, 1)
    change_at_branch(branch, "UPDATE item_balances SET open_amount = open_amount + 1 WHERE item_id = ?", item)
    outcome = import_next(branch, admin, city, city_admin, folder, "out2")
    assert outcome.state == "refused" and outcome.reason.code == "exchange.balances_wrong"
    assert f"item_balances #{item}" in outcome.message("en")


def test_a_reversed_repayment_moves_the_balances_of_the_old_items_it_had_closed(sites):
    """冲正 of an old repayment reopens items of earlier packages: their balances are recomputed, so a
    branch that left one of them closed is refused (and one that did not is applied)."""
    branch, admin, city, city_admin, folder = sites
    from app.services.repayments import reverse_repayment
    con = sqlite3.connect(branch.path)
    repayment, closed = con.execute(
        "SELECT a.repayment_id, a.arrears_item_id FROM allocations a JOIN item_balances b ON b.item_id = "
        "a.arrears_item_id WHERE b.open_amount = 0 AND a.repayment_id NOT IN (SELECT repayment_id FROM reversals "
        "WHERE repayment_id IS NOT NULL) AND a.arrears_item_id NOT IN (SELECT arrears_item_id FROM reversals WHERE "
        "arrears_item_id IS NOT NULL) ORDER BY a.id LIMIT 1").fetchone()
    con.close()
    head = login(branch, "head", DEMO_PASSWORD)
    assert closed in reverse_repayment(branch, head, repayment, "退票")
    change_at_branch(branch, "UPDATE item_balances SET open_amount = 0 WHERE item_id = ?", closed)  # left closed
    outcome = import_next(branch, admin, city, city_admin, folder, "out2")
    assert outcome.state == "refused" and outcome.reason.code == "exchange.balances_wrong"
    assert f"item_balances #{closed}" in outcome.message("en")


def test_a_payload_has_the_columns_of_the_database_it_is_made_from_whatever_was_exported_before(tmp_path):
    """A package's payload starts as empty tables made once for each shape of the database's tables: a database
    whose customers have one more column (another program version, in the same process) gets tables of its own
    shape, and the first database still gets its own afterwards."""
    from db.engine import make_engine
    older, newer = tmp_path / "older.sqlite3", tmp_path / "newer.sqlite3"
    shutil.copyfile(migrated_database(), older)
    shutil.copyfile(migrated_database(), newer)
    con = sqlite3.connect(newer)
    con.execute("ALTER TABLE customers ADD COLUMN wechat TEXT")
    con.commit()
    con.close()
    made = []
    for path in (older, newer, older):
        engine = make_engine(path)
        payload = tmp_path / f"payload-{len(made)}.sqlite3"
        try:
            db.exchange.export_payload(engine, payload, {})
        finally:
            engine.dispose()
        con = sqlite3.connect(payload)
        made.append(([row[1] for row in con.execute("PRAGMA table_info(customers)")],
                     {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}))
        con.close()
    assert "wechat" not in made[0][0] and made[1][0] == made[0][0] + ["wechat"] and made[2] == made[0]
    assert made[0][1] == set(db.exchange.PAYLOAD_TABLES) | {db.exchange.HEADS}
