"""数据交换 between a branch and the city office, with real files and real databases: the round trip,
and every refusal (which says why and changes nothing)."""
from __future__ import annotations

import json
import shutil
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import URL

from app.cli import main
from app.domain.errors import DomainError
from app.domain.exchange import FORMAT, PackageState
from app.services import exchange
from app.services.arrears import ArrearsInput, record_arrears, reverse_arrears
from app.services.customers import (
    CustomerInput, apply_for_credit, approve_credit, change_status, register_customer, update_customer,
)
from app.services.repayments import RepaymentInput, record_repayment
from app.services.verify import verify_database
from db.exchange import STATE_TABLES
from tests import server
from tests.factories import PASSWORD, approved_customer, execute, make_desk, move_clock, notice_served, rows

TODAY = date(2026, 6, 15)


class Pair:
    """A branch (BR01) and the city office (CITY), each registered at the other."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.branch, self.bstaff = make_desk(folder / "br01.sqlite3", TODAY, code="BR01")
        self.city, self.cstaff = make_desk(folder / "city.sqlite3", TODAY, code="CITY", kind="city")
        exchange.register_site(self.city, self.cstaff.admin, exchange.write_identity(self.branch, folder / "br01.json"))
        exchange.register_site(self.branch, self.bstaff.admin, exchange.write_identity(self.city, folder / "city.json"))
        self.usb = folder / "usb"
        self.customers: list[int] = []

    def post(self, n: int = 3, *, start: int = 0) -> None:
        """Some business at the branch: customers, items, a repayment, a reversal."""
        today = self.branch.clock.today()
        for k in range(start, start + n):
            customer = approved_customer(self.branch, self.bstaff, name=f"客户{k:03d}有限公司")
            self.customers.append(customer)
            items = [record_arrears(self.branch, self.bstaff.clerk, ArrearsInput(
                customer, "LETTER", today, 10_000 + 100 * j, f"V{k:03d}-{j}")) for j in range(3)]
            record_repayment(self.branch, self.bstaff.clerk, RepaymentInput(customer, 15_000, today, "cash", f"R{k:03d}"))
            reverse_arrears(self.branch, self.bstaff.head, items[2].item_id, "录错金额")

    def export(self) -> list[Path]:
        return exchange.export_packages(self.branch, self.bstaff.head, self.usb)

    def city_import(self, *files: Path) -> list[exchange.Outcome]:
        return exchange.import_packages(self.city, self.cstaff.admin, list(files))

    def replica(self) -> Path | URL:
        """The city office's copy of BR01: a file, or on a server the URL of its schema (pgcity)."""
        return exchange.replica_location(self.city, "BR01")


@pytest.fixture
def pair(tmp_path):
    pair = Pair(tmp_path)
    yield pair
    pair.branch.close()
    pair.city.close()


def figures(where) -> list[tuple]:
    """What the city office must see exactly as the branch does: every item's open amount, every
    repayment's unapplied credit, every customer's balance (``where``: a replica's path, or a desk)."""
    queries = ("SELECT item_id, open_amount FROM item_balances ORDER BY item_id",
               "SELECT repayment_id, unapplied FROM repayment_balances ORDER BY repayment_id",
               "SELECT customer_id, open_total, unapplied_credit FROM customer_balances ORDER BY customer_id",
               "SELECT id, status, name FROM customers ORDER BY id")
    if isinstance(where, URL):  # a replica schema on the server
        with server.connect(where) as con:
            return [[tuple(row) for row in con.execute(q).fetchall()] for q in queries]
    if not isinstance(where, Path):
        return [[tuple(row) for row in rows(where, q)] for q in queries]
    import sqlite3
    con = sqlite3.connect(where)
    try:
        return [con.execute(q).fetchall() for q in queries]
    finally:
        con.close()


def drop_trigger(desk, name: str, table: str) -> None:
    execute(desk, f"DROP TRIGGER {name}" + (f" ON {table}" if desk.server is not None else ""))


NOTHING = (0, 0, 0, 0, 0, 0)


def state_of(path: Path | URL) -> tuple:
    """What an import could change in a replica: its ledger, audit trail, chains and customers."""
    tables = ("arrears_items", "repayments", "allocations", "audit_log", "ledger_chain", "customers")
    if isinstance(path, URL):  # a replica schema on the server: none yet is nothing
        with server.connect(path) as con:
            if con.execute("SELECT to_regclass('alembic_version')").fetchone()[0] is None:
                return NOTHING
            return tuple(con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables)
    import sqlite3
    if not path.exists():
        return NOTHING
    con = sqlite3.connect(path)
    try:
        return tuple(con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables)
    finally:
        con.close()


def failed_checks(path: Path | URL) -> list[str]:
    return [c.name for c in verify_database(path) if not c.ok]


def state_differences(branch, replica) -> list[str]:
    """The state tables in which the city office's copy is not the branch's database row for row (``branch``:
    a desk or a file; ``replica``: a file, or a replica schema's URL on the server)."""
    def table_rows(where, table: str) -> list[tuple]:
        sql = f"SELECT * FROM {table}"
        if isinstance(where, URL):
            with server.connect(where) as con:
                found = [tuple(row) for row in con.execute(sql).fetchall()]
        elif isinstance(where, Path):
            import sqlite3
            con = sqlite3.connect(where)
            try:
                found = con.execute(sql).fetchall()
            finally:
                con.close()
        else:
            found = [tuple(row) for row in rows(where, sql)]
        return sorted(found, key=repr)
    return [t for t in STATE_TABLES if table_rows(branch, t) != table_rows(replica, t)]


def payload_counts(package: Path, *tables: str) -> dict[str, int]:
    """Rows of ``tables`` in the package's payload (read from the payload itself, not the manifest)."""
    import sqlite3
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        payload = Path(tmp) / "payload.sqlite3"
        payload.write_bytes(zipfile.ZipFile(package).read("payload.sqlite3"))
        con = sqlite3.connect(payload)
        try:
            return {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}
        finally:
            con.close()


def renamed(desk, actor, customer_id: int) -> None:
    """A customer's particulars changed at the counter (a state row changed in place)."""
    update_customer(desk, actor, customer_id, CustomerInput(name=f"更名后的客户{customer_id}有限公司", phone="0311-9"))


def test_the_city_office_gets_the_branch_ledger_to_the_fen_and_its_chains_byte_for_byte(pair):
    pair.post(3)
    files = pair.export()
    assert [f.name for f in files] == ["BR01-000001.adx"]
    [outcome] = pair.city_import(*files)
    assert outcome.state == PackageState.APPLIED, outcome.message()
    assert figures(pair.replica()) == figures(pair.branch)
    assert failed_checks(pair.replica()) == []
    manifest = json.loads(zipfile.ZipFile(files[0]).read("manifest.json"))
    from app.services.verify import integrity_root
    assert integrity_root(pair.replica()) == manifest["root"]

    pair.post(2, start=10)  # the next day's work travels as the next package
    second, *again = pair.export()
    assert second.name == "BR01-000002.adx" and [f.name for f in again] == ["BR01-000001.adx"]
    counts = json.loads(zipfile.ZipFile(second).read("manifest.json"))["counts"]
    assert counts["arrears_items"] == 6
    assert pair.city_import(second)[0].state == PackageState.APPLIED
    assert figures(pair.replica()) == figures(pair.branch)


def test_a_package_carries_only_the_state_rows_changed_since_the_previous_one(pair):
    """Customers, agreements and balances change in place: the first package carries them whole, the next
    only the rows inserted or changed since (at 20,000 customers a day's package carried 155,000 rows)."""
    pair.post(3)
    [first] = pair.export()
    assert payload_counts(first, "customers")["customers"] == 3
    pair.city_import(first)
    answer = exchange.export_packages(pair.city, pair.cstaff.admin, pair.folder / "down")
    exchange.import_packages(pair.branch, pair.bstaff.head, answer)  # acknowledged: its notes are forgotten
    today = pair.branch.clock.today()
    record_arrears(pair.branch, pair.bstaff.clerk, ArrearsInput(pair.customers[0], "LETTER", today, 2_000, "V-DAY2"))
    renamed(pair.branch, pair.bstaff.clerk, pair.customers[1])
    [second] = pair.export()
    assert payload_counts(second, "customers", "agreements", "customer_balances", "users") == {
        "customers": 1, "agreements": 0, "customer_balances": 1, "users": 0}
    assert pair.city_import(second)[0].state == PackageState.APPLIED
    assert state_differences(pair.branch, pair.replica()) == []
    assert figures(pair.replica()) == figures(pair.branch)
    [third, *_] = pair.export()  # nothing changed since: no state rows at all
    assert set(payload_counts(third, *STATE_TABLES).values()) == {0}


def test_a_package_carries_the_state_tables_whole_when_a_table_has_lost_its_triggers(pair):
    """A migration that rebuilds a table drops its triggers: the state log can no longer be trusted."""
    pair.post(2)
    pair.city_import(*pair.export())
    drop_trigger(pair.branch, "customers_noted_update", "customers")
    renamed(pair.branch, pair.bstaff.clerk, pair.customers[0])
    [second, *_] = pair.export()
    assert payload_counts(second, "customers")["customers"] == 2
    pair.city_import(second)
    assert state_differences(pair.branch, pair.replica()) == []


def test_every_state_table_notes_its_changes_for_the_next_package(pair):
    """The triggers of migrations 0018 (a file) and 0020 (a server) are on every state table (a table added
    later needs its own)."""
    from db.exchange import STATE_TRIGGERS
    found = {name for (name,) in rows(pair.branch, "SELECT tgname FROM pg_trigger" if pair.branch.server is not None
                                      else "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert set(STATE_TRIGGERS) <= found and len(STATE_TRIGGERS) == 2 * len(STATE_TABLES)


def test_the_same_file_twice_changes_nothing(pair):
    pair.post(2)
    [package] = pair.export()
    pair.city_import(package)
    before = state_of(pair.replica())
    [again] = pair.city_import(package)
    assert again.state == PackageState.DUPLICATE
    assert state_of(pair.replica()) == before


def test_a_package_ahead_of_a_missing_one_is_held_and_applied_when_the_gap_is_filled(pair):
    pair.post(1)
    [first] = pair.export()
    kept = pair.folder / "kept-1.adx"
    shutil.copyfile(first, kept)
    first.unlink()  # lost on the way
    pair.post(1, start=5)
    files = pair.export()  # package 2, and package 1 again: it is not acknowledged yet
    assert sorted(f.name for f in files) == ["BR01-000001.adx", "BR01-000002.adx"]
    [held] = pair.city_import(pair.usb / "BR01-000002.adx")
    assert held.state == PackageState.HELD
    assert "缺少 BR01 第 1 号包" in held.message()
    assert state_of(pair.replica())[0] == 0  # nothing of package 2 applied
    [applied] = pair.city_import(kept)
    assert applied.state == PackageState.APPLIED and applied.also_applied == (2,)
    assert figures(pair.replica()) == figures(pair.branch)


def test_the_city_acknowledges_and_the_branch_stops_resending(pair):
    pair.post(1)
    pair.city_import(*pair.export())
    city_files = exchange.export_packages(pair.city, pair.cstaff.admin, pair.usb)
    assert [f.name for f in city_files] == ["CITY-BR01-000001.adx"]
    [outcome] = exchange.import_packages(pair.branch, pair.bstaff.head, city_files)
    assert outcome.state == PackageState.APPLIED
    assert exchange.exchange_status(pair.branch).unacknowledged == []
    pair.post(1, start=3)
    assert [f.name for f in pair.export()] == ["BR01-000002.adx"]  # package 1 is not written again
    # An older city package after a newer one does nothing.
    exchange.export_packages(pair.city, pair.cstaff.admin, pair.folder / "later")
    exchange.import_packages(pair.branch, pair.bstaff.head, list((pair.folder / "later").iterdir()))
    [old] = exchange.import_packages(pair.branch, pair.bstaff.head, city_files)
    assert old.state in (PackageState.SUPERSEDED, PackageState.DUPLICATE)


def test_a_truncated_file_is_refused_and_changes_nothing(pair):
    pair.post(2)
    [package] = pair.export()
    data = package.read_bytes()
    package.write_bytes(data[: len(data) // 2])
    [outcome] = pair.city_import(package)
    assert outcome.state == PackageState.REFUSED
    assert "不完整" in outcome.message() and package.name in outcome.message()
    assert state_of(pair.replica()) == NOTHING


def _rewrite(package: Path, *, manifest=None, payload=None) -> None:
    members = {}
    with zipfile.ZipFile(package) as zf:
        for name in zf.namelist():
            members[name] = zf.read(name)
    if manifest is not None:
        members["manifest.json"] = manifest(members["manifest.json"])
    if payload is not None:
        members["payload.sqlite3"] = payload(members["payload.sqlite3"])
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def test_a_file_altered_after_signing_is_refused(pair):
    pair.post(2)
    [package] = pair.export()
    original = package.read_bytes()

    def richer(data: bytes) -> bytes:  # someone edits the rows in the payload
        path = pair.folder / "p.sqlite3"
        path.write_bytes(data)
        import sqlite3
        con = sqlite3.connect(path)
        con.execute("UPDATE arrears_items SET amount = amount - 100")
        con.commit()
        con.close()
        return path.read_bytes()

    _rewrite(package, payload=richer)
    [outcome] = pair.city_import(package)
    assert outcome.state == PackageState.REFUSED and "改动" in outcome.message()
    package.write_bytes(original)
    _rewrite(package, manifest=lambda m: m.replace(b'"seq":1', b'"seq":7'))
    [outcome] = pair.city_import(package)
    assert outcome.state == PackageState.REFUSED and "改动" in outcome.message()
    assert state_of(pair.replica()) == NOTHING


def test_files_from_unknown_revoked_or_rekeyed_sites(pair, tmp_path):
    pair.post(1)
    [package] = pair.export()
    stranger, sstaff = make_desk(tmp_path / "br09.sqlite3", TODAY, code="BR09")
    exchange.register_site(stranger, sstaff.admin, exchange.write_identity(pair.city, tmp_path / "c.json"))
    approved_customer(stranger, sstaff)
    [foreign] = exchange.export_packages(stranger, sstaff.head, tmp_path / "x")
    stranger.close()
    [unknown] = pair.city_import(foreign)
    assert unknown.state == PackageState.REFUSED and "未登记的网点“BR09”" in unknown.message()

    exchange.revoke_site(pair.city, pair.cstaff.admin, "BR01")
    [revoked] = pair.city_import(package)
    assert revoked.state == PackageState.REFUSED and "已吊销" in revoked.message()
    assert state_of(pair.replica()) == NOTHING

    # The branch lost its key: a new one, its new setup file registered again at the city, and it is back.
    signed_with_the_lost_key = pair.folder / "old-1.adx"
    shutil.copyfile(package, signed_with_the_lost_key)
    exchange.renew_key(pair.branch, pair.bstaff.admin)
    pair.post(1, start=4)
    files = pair.export()  # package 2, and package 1 again, signed again with the new key
    exchange.register_site(pair.city, pair.cstaff.admin,
                           exchange.write_identity(pair.branch, pair.folder / "br01-new.json"))
    assert rows(pair.city, "SELECT revoked_at FROM sites WHERE code = 'BR01'") == [(None,)]
    assert pair.city_import(signed_with_the_lost_key)[0].state == PackageState.REFUSED
    outcomes = pair.city_import(*sorted(files))
    assert [o.state for o in outcomes] == [PackageState.APPLIED, PackageState.APPLIED]
    assert figures(pair.replica()) == figures(pair.branch)


def test_a_file_for_another_site_or_the_wrong_direction_is_refused(pair, tmp_path):
    pair.post(1)
    [package] = pair.export()
    other, ostaff = make_desk(tmp_path / "city2.sqlite3", TODAY, code="CITY2", kind="city")
    exchange.register_site(other, ostaff.admin, exchange.write_identity(pair.branch, tmp_path / "b.json"))
    [outcome] = exchange.import_packages(other, ostaff.admin, [package])
    other.close()
    assert outcome.state == PackageState.REFUSED and "是发给“CITY”的" in outcome.message()
    [wrong] = exchange.import_packages(pair.branch, pair.bstaff.head, [package])  # a branch takes no ledger package
    assert wrong.state == PackageState.REFUSED


def test_a_package_from_a_newer_program_is_held_with_a_message_to_upgrade(pair):
    pair.post(1)
    [package] = pair.export()
    _rewrite(package, manifest=lambda m: m.replace(f'"format":{FORMAT}'.encode(), f'"format":{FORMAT + 1}'.encode()))
    [outcome] = pair.city_import(package)
    assert outcome.state == PackageState.HELD and "升级" in outcome.message()
    assert state_of(pair.replica()) == NOTHING


def test_a_branch_restored_from_an_old_backup_is_refused_on_both_sides_and_rebuilt_from_the_city_copy(pair):
    pair.post(1)
    pair.city_import(*pair.export())
    backup = pair.folder / "backup.sqlite3"
    pair.branch.close()
    shutil.copyfile(pair.branch.path, backup)
    pair.branch = type(pair.branch)(pair.branch.path, clock=pair.branch.clock)
    pair.post(1, start=2)
    [second] = [f for f in pair.export() if f.name.endswith("2.adx")]
    pair.city_import(second)
    pair.post(1, start=3)
    [third] = [f for f in pair.export() if f.name.endswith("3.adx")]
    kept_third = pair.folder / "kept-3.adx"
    shutil.copyfile(third, kept_third)  # never reached the city: still on the stick
    branch_figures = figures(pair.branch)

    # Disaster: the branch's disk fails; the backup (after package 1) is restored and work goes on.
    pair.branch.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{pair.branch.path}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(backup, pair.branch.path)
    pair.branch = type(pair.branch)(pair.branch.path, clock=pair.branch.clock)
    pair.post(1, start=7)
    forked = [f for f in exchange.export_packages(pair.branch, pair.bstaff.head, pair.folder / "fork")
              if f.name.endswith("2.adx")]
    before = state_of(pair.replica())
    [fork] = pair.city_import(*forked)
    assert fork.state == PackageState.REFUSED and "内容不同" in fork.message()
    assert state_of(pair.replica()) == before

    city_files = exchange.export_packages(pair.city, pair.cstaff.admin, pair.folder / "down")
    [ahead] = exchange.import_packages(pair.branch, pair.bstaff.head, city_files)
    assert ahead.state == PackageState.REFUSED and "旧备份" in ahead.message()

    # The way back: the city's copy (up to package 2) plus the branch's own package 3 from the stick.
    copy = exchange.write_branch_copy(pair.city, pair.cstaff.admin, "BR01", pair.folder / "copy.adx")
    rebuilt = exchange.rebuild_branch(pair.branch, copy, pair.folder / "rebuilt.sqlite3", [kept_third])
    assert rebuilt.up_to == 2 and rebuilt.reapplied == (3,)
    assert figures(rebuilt.path) == branch_figures
    assert failed_checks(rebuilt.path) == []
    manifest = json.loads(zipfile.ZipFile(second).read("manifest.json"))
    assert rebuilt.root == manifest["root"]  # the copy is what the city applied up to package 2, unchanged
    # The rebuilt branch sends package 3 again, and the city takes it. Its state log is the city's copy's
    # (numbered afresh), not the one package 3's marks were taken from: its next package carries the state
    # whole, so a change made before it reaches the city office all the same.
    from app.services.context import Desk
    with Desk(rebuilt.path, clock=pair.branch.clock) as desk:
        renamed(desk, pair.bstaff.clerk, pair.customers[0])
        files = exchange.export_packages(desk, pair.bstaff.head, pair.folder / "again")
    applied = pair.city_import(*[f for f in files if f.name.endswith("3.adx")])
    assert [o.state for o in applied] == [PackageState.APPLIED]
    assert [(o.seq, o.state) for o in pair.city_import(*files)] == [(4, PackageState.APPLIED),
                                                                    (3, PackageState.DUPLICATE)]
    assert state_differences(rebuilt.path, pair.replica()) == []


def test_the_city_wide_blacklist_stops_credit_at_another_branch(pair, tmp_path):
    customer = register_customer(pair.branch, pair.bstaff.clerk,
                                 CustomerInput(name="赖账贸易有限公司", phone="0311-1", id_number="91130100MA0000001X"))
    move_clock(pair.branch, TODAY - timedelta(days=120))
    application = apply_for_credit(pair.branch, pair.bstaff.clerk, customer.customer_id, credit_grade="B",
                                   requested_limit=100_000)
    approve_credit(pair.branch, pair.bstaff.marketing, application.application_id)
    record_arrears(pair.branch, pair.bstaff.clerk, ArrearsInput(customer.customer_id, "LETTER",
                                                                pair.branch.clock.today(), 5_000, "V-BAD", True))
    notice_served(pair.branch, pair.bstaff, customer.customer_id, TODAY)  # postal 17: the notice comes first
    change_status(pair.branch, pair.bstaff.head, customer.customer_id, "blacklist", "恶意欠费")
    pair.city_import(*pair.export())
    other, ostaff = make_desk(tmp_path / "br02.sqlite3", TODAY, code="BR02")
    exchange.register_site(pair.city, pair.cstaff.admin, exchange.write_identity(other, tmp_path / "b2.json"))
    exchange.register_site(other, ostaff.admin, exchange.write_identity(pair.city, tmp_path / "c.json"))
    down = exchange.export_packages(pair.city, pair.cstaff.admin, tmp_path / "down")
    exchange.import_packages(other, ostaff.head, [f for f in down if "BR02" in f.name])
    same = register_customer(other, ostaff.clerk,
                             CustomerInput(name="赖账贸易公司", phone="0311-2", id_number="91130100MA0000001X"))
    with pytest.raises(DomainError) as refused:
        apply_for_credit(other, ostaff.clerk, same.customer_id, credit_grade="B", requested_limit=100_000)
    other.close()
    assert refused.value.code == "exchange.blacklisted_elsewhere" and "BR01" in refused.value.message()


def test_sync_from_the_command_line_for_scheduled_tasks(pair, monkeypatch, capsys):
    pair.post(1)
    monkeypatch.setenv("ARREARS_DESK_USER", "admin")
    monkeypatch.setenv("ARREARS_DESK_PASSWORD", PASSWORD)
    branch, city = str(pair.branch.location), str(pair.city.location)
    assert main(["sync", "export", "--db", branch, "--out", str(pair.usb)]) == 0
    assert main(["sync", "import", str(pair.usb / "BR01-000001.adx"), "--db", city]) == 0
    broken = pair.folder / "broken.adx"
    broken.write_bytes(b"PK\x03\x04 not really")
    assert main(["sync", "import", str(broken), "--db", city]) == 2
    assert main(["sync", "status", "--db", city]) == 0
    out = capsys.readouterr().out
    assert "BR01" in out and "已导入至第 1 号" in out


def test_moving_the_clock_does_not_break_the_exchange(pair):
    pair.post(1)
    pair.city_import(*pair.export())
    move_clock(pair.branch, date(2026, 7, 20))
    pair.post(1, start=2)
    assert pair.city_import(*pair.export())[0].state == PackageState.APPLIED
    assert figures(pair.replica()) == figures(pair.branch)
    status = exchange.exchange_status(pair.city)
    [peer] = status.peers
    assert peer.applied_up_to == 2


def test_a_branch_whose_balances_disagree_with_its_entries_is_refused(pair):
    pair.post(1)
    execute(pair.branch, "UPDATE item_balances SET open_amount = open_amount + 1 WHERE item_id = "
            "(SELECT MIN(item_id) FROM item_balances WHERE open_amount > 0)")
    [outcome] = pair.city_import(*pair.export())
    assert outcome.state == PackageState.REFUSED and "余额" in outcome.message()
    assert state_of(pair.replica()) == NOTHING


def test_a_package_carrying_entries_of_another_site_is_refused(pair):
    pair.post(1)
    drop_trigger(pair.branch, "arrears_items_no_update", "arrears_items")  # a row that came from elsewhere
    execute(pair.branch, "UPDATE arrears_items SET site_id = (SELECT id FROM sites WHERE code = 'CITY') "
            "WHERE id = (SELECT MIN(id) FROM arrears_items)")
    [outcome] = pair.city_import(*pair.export())
    assert outcome.state == PackageState.REFUSED and "不属于 BR01" in outcome.message()
    assert state_of(pair.replica()) == NOTHING


def test_the_city_office_decides_the_templates_and_ladders_and_a_branch_takes_them(pair):
    from app.services.settings import document_settings, set_document_settings
    template = dict(document_settings(pair.city)["template"], letterhead="某某市邮政分公司")
    set_document_settings(pair.city, pair.cstaff.admin, template=template, font_path="", zheng_after_jiao=False)
    down = exchange.export_packages(pair.city, pair.cstaff.admin, pair.usb)
    [outcome] = exchange.import_packages(pair.branch, pair.bstaff.head, down)
    assert outcome.state == PackageState.APPLIED
    assert document_settings(pair.branch)["template"]["letterhead"] == "某某市邮政分公司"
    mine = dict(template, letterhead="城东支局自拟抬头")
    with pytest.raises(DomainError) as refused:
        set_document_settings(pair.branch, pair.bstaff.admin, template=mine, font_path="", zheng_after_jiao=False)
    assert refused.value.code == "exchange.city_owned"
    # what the branch owns itself stays its own
    set_document_settings(pair.branch, pair.bstaff.admin, template=template, font_path="", zheng_after_jiao=True)


def test_two_fresh_databases_set_up_from_the_readme_exchange_both_ways(tmp_path, monkeypatch, capsys):
    """The README's commands, as written there, on two new files."""
    city, branch, usb = str(tmp_path / "city.sqlite3"), str(tmp_path / "br01.sqlite3"), tmp_path / "usb"
    monkeypatch.setenv("ARREARS_DESK_USER", "admin")
    monkeypatch.setenv("ARREARS_DESK_PASSWORD", PASSWORD)
    assert main(["init", "--db", city, "--site-code", "CITY", "--site-name", "市局", "--password", PASSWORD,
                 "--city"]) == 0
    assert main(["init", "--db", branch, "--site-code", "BR01", "--site-name", "城东支局", "--password",
                 PASSWORD]) == 0
    assert main(["sync", "identity", "--db", city, "--out", str(tmp_path / "city.json")]) == 0
    assert main(["sync", "identity", "--db", branch, "--out", str(tmp_path / "br01.json")]) == 0
    assert main(["sync", "register", str(tmp_path / "br01.json"), "--db", city]) == 0
    assert main(["sync", "register", str(tmp_path / "city.json"), "--db", branch]) == 0
    assert main(["sync", "export", "--db", branch, "--out", str(usb)]) == 0
    assert main(["sync", "import", *map(str, usb.glob("BR01-*.adx")), "--db", city]) == 0
    assert main(["sync", "export", "--db", city, "--out", str(usb)]) == 0
    assert main(["sync", "import", *map(str, usb.glob("CITY-BR01-*.adx")), "--db", branch]) == 0
    capsys.readouterr()
    assert main(["sync", "status", "--db", branch]) == 0
    assert "已确认" in capsys.readouterr().out
    assert failed_checks(Path(city).with_name("city-branches") / "BR01.sqlite3") == []


def test_verify_at_the_city_office_checks_its_copy_of_every_branch_too(pair):
    pair.post(1)
    pair.city_import(*pair.export())
    checks = verify_database(pair.city.location)
    copies = [c for c in checks if c.name.startswith("网点副本 BR01：")]
    assert len(copies) >= 20 and all(c.ok for c in checks)
    tampering = ("DROP TRIGGER arrears_items_no_update" + (" ON arrears_items" if pair.city.server else ""),
                 "UPDATE arrears_items SET amount = amount + 1 WHERE id = (SELECT MIN(id) FROM arrears_items)")
    if pair.city.server is not None:  # the replica's schema on the server (pgcity)
        with server.connect(pair.replica()) as con:
            for sql in tampering:
                con.execute(sql)
    else:
        import sqlite3
        con = sqlite3.connect(pair.replica())
        for sql in tampering:
            con.execute(sql)
        con.commit()
        con.close()
    assert [c.name for c in verify_database(pair.city.location)
            if not c.ok and c.name.startswith("网点副本 BR01：")]


def test_a_branch_silent_for_longer_than_the_setting_is_pointed_out(pair):
    from app.services.context import FixedClock
    pair.post(1)
    pair.city_import(*pair.export())
    pair.city.clock = FixedClock(date(2026, 6, 20))
    assert not exchange.exchange_status(pair.city).peers[0].silent_too_long
    pair.city.clock = FixedClock(date(2026, 6, 23))
    [peer] = exchange.exchange_status(pair.city).peers
    assert peer.silent_too_long and peer.silent_days == 8
    assert not exchange.exchange_status(pair.city, silent_days=10).peers[0].silent_too_long


def test_a_customer_moves_to_another_branch_with_a_settled_account_and_both_sides_record_it(pair, tmp_path):
    from app.services.customers import transfer_customer
    from tests.factories import rows as read
    other, ostaff = make_desk(tmp_path / "br02.sqlite3", TODAY, code="BR02")
    exchange.register_site(pair.city, pair.cstaff.admin, exchange.write_identity(other, tmp_path / "b2.json"))
    exchange.register_site(other, ostaff.admin, exchange.write_identity(pair.city, tmp_path / "c.json"))
    pair.post(2)
    owing, settled = pair.customers
    with pytest.raises(DomainError) as unsettled:
        transfer_customer(pair.branch, pair.bstaff.head, owing, "BR02", "客户迁址")
    assert unsettled.value.code == "transfer.not_settled" and "尚有欠费" in unsettled.value.message()
    open_total = read(pair.branch, "SELECT open_total FROM customer_balances WHERE customer_id = ?", settled)[0][0]
    record_repayment(pair.branch, pair.bstaff.clerk, RepaymentInput(settled, open_total, TODAY, "cash", "R-SETTLE"))
    moved = transfer_customer(pair.branch, pair.bstaff.head, settled, "BR02", "客户迁址至城西")
    assert moved.status == "terminated"
    with pytest.raises(DomainError) as away:  # the old branch writes nothing more for it
        record_repayment(pair.branch, pair.bstaff.clerk, RepaymentInput(settled, 100, TODAY, "cash", "R-LATE"))
    assert away.value.code == "transfer.moved_away" and "BR02" in away.value.message()

    pair.city_import(*pair.export())
    down = exchange.export_packages(pair.city, pair.cstaff.admin, tmp_path / "down")
    for _ in range(2):  # the same city package twice: the customer is taken on once
        [outcome] = exchange.import_packages(other, ostaff.head, [f for f in down if "BR02" in f.name])
    taken = read(other, "SELECT c.name, c.status, t.direction, t.other_site FROM customers c "
                        "JOIN customer_transfers t ON t.customer_id = c.id")
    name = read(pair.branch, "SELECT name FROM customers WHERE id = ?", settled)[0][0]
    assert taken == [(name, "pending", "in", "BR01")]
    new_id = read(other, "SELECT id FROM customers WHERE name = ?", name)[0][0]
    apply_for_credit(other, ostaff.clerk, new_id, credit_grade="B", requested_limit=100_000)  # starts afresh
    assert read(other, "SELECT uid FROM customers WHERE id = ?", new_id) == \
        read(pair.branch, "SELECT uid FROM customers WHERE id = ?", settled)  # the city links the two
    from app.services.verify import run_checks
    assert [c.name for c in run_checks(other) if not c.ok] == []  # the account it starts with is a whole one
    other.close()


def _sent_ids(files: list[Path], table: str, folder: Path) -> set[int]:
    import sqlite3
    found: set[int] = set()
    for n, file in enumerate(files):
        payload = folder / f"payload-{n}.sqlite3"
        payload.write_bytes(zipfile.ZipFile(file).read("payload.sqlite3"))
        con = sqlite3.connect(payload)
        found |= {row_id for (row_id,) in con.execute(f"SELECT id FROM {table}")}
        con.close()
    return found


def test_a_posting_still_open_while_the_export_runs_goes_in_a_package_not_skipped(pair):
    """Packages carry log rows by id range: a row whose transaction commits after a higher id did (several
    counters on a server) must still be sent; the export waits for the postings in flight (issue 12)."""
    import threading
    from datetime import datetime

    from sqlalchemy import insert

    from db.models import Base
    pair.post(1)
    pair.city_import(*pair.export())
    audit = Base.metadata.tables["audit_log"]
    [(site,)] = rows(pair.branch, "SELECT id FROM sites WHERE is_local = TRUE")
    row = {"site_id": site, "at": datetime(2026, 6, 15, 10), "action": "test.posting", "entity": "test"}
    posting = pair.branch.engine.connect()  # a counter's posting, still open
    posting.begin()
    early = posting.execute(insert(audit).values(**row).returning(audit.c.id)).scalar_one()
    later = None
    if pair.branch.server is not None:  # on a server another counter commits a higher id meanwhile
        with pair.branch.engine.begin() as other:
            later = other.execute(insert(audit).values(**row).returning(audit.c.id)).scalar_one()
        assert later > early
    written: list[Path] = []
    export = threading.Thread(target=lambda: written.extend(pair.export()))
    export.start()
    export.join(2)
    assert export.is_alive()  # waiting for the posting in flight
    posting.commit()
    posting.close()
    export.join(60)
    assert not export.is_alive() and written
    second = [f for f in written if f.name.endswith("000002.adx")]
    third = [f for f in pair.export() if f.name.endswith("000003.adx")]
    sent = _sent_ids(second + third, "audit_log", pair.folder)
    assert early in sent and (later is None or later in sent)
    assert [o.state for o in pair.city_import(*second, *third)] == [PackageState.APPLIED] * 2


def test_the_city_office_stays_connected_to_its_copy_between_imports_and_lets_go_when_asked(pair):
    """Reconnecting to a copy at every import and export (its settings, its schema read again, its log folded
    in at every close) cost more than a small package's rows: the copy stays connected until let go of."""
    from sqlalchemy import event
    pair.post(1)
    assert [o.state for o in pair.city_import(*pair.export())] == [PackageState.APPLIED]
    replica = exchange.open_replica(pair.city, "BR01")
    connects = []
    event.listen(replica.engine, "connect", lambda *_: connects.append(1))
    pair.post(1, start=1)
    assert sorted(o.state for o in pair.city_import(*pair.export())) == [PackageState.APPLIED, PackageState.DUPLICATE]
    exchange.export_packages(pair.city, pair.cstaff.admin, pair.folder / "down")
    assert connects == [] and replica.engine.pool.checkedin() == 1
    exchange.release_replicas()  # before the copy's file is replaced: nothing of it stays open
    assert replica.engine.pool.checkedin() == 0
    assert figures(pair.replica()) == figures(pair.branch)


def test_every_export_reads_the_last_package_sent_without_the_file_kept_to_send_it_again(pair):
    """A branch keeps each unacknowledged package's file (a full history's is hundreds of MB): the export asks
    for the last one's number, digest and manifest only."""
    from app.domain.exchange import PackageKind
    pair.post(1)
    pair.export()
    with pair.branch.reading() as uow:
        last = uow.exchange.last_out(PackageKind.LEDGER)
        assert last.seq == 1 and last.sha256 and "content" not in vars(last)
        assert next(uow.exchange.content_blocks(last.id))  # the file is still kept


def test_the_city_office_writes_nothing_for_the_tables_a_package_has_no_rows_of(pair):
    """A day's package has rows of a few of its forty-odd tables: the others cost no statement at the city office."""
    from sqlalchemy import event
    pair.post(1)
    [package] = pair.export()
    replica = exchange.open_replica(pair.city, "BR01", create=True)
    seen: list[str] = []
    listener = lambda _conn, _cursor, sql, *_: seen.append(" ".join(sql.split()[:3]))  # noqa: E731
    event.listen(replica.engine, "before_cursor_execute", listener)
    try:
        assert [o.state for o in pair.city_import(package)] == [PackageState.APPLIED]
    finally:
        event.remove(replica.engine, "before_cursor_execute", listener)
    assert "INSERT INTO arrears_items" in seen and "INSERT INTO customers" in seen
    assert not {"INSERT INTO write_offs", "INSERT INTO recoveries", "INSERT INTO cash_ups"} & set(seen)
    assert figures(pair.replica()) == figures(pair.branch)
