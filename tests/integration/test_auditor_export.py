"""审计导出: the auditor's copy of a period, checkable without this program (manifest hashes, row counts,
the hash chains recomputed from the CSVs alone, the integrity roots), harmless with odd text, complete or
absent."""
from __future__ import annotations

import csv
import hashlib
import json
import shutil
import subprocess
import sys
from datetime import date, datetime

import pytest

from app.cli import main
from app.domain.errors import DomainError
from app.services.arrears import ArrearsInput, record_arrears, reverse_arrears
from app.services.auditor_export import CHECK_SCRIPT, export_for_auditor
from app.services.auth import login
from app.services.context import Cancelled, Desk, FixedClock
from app.services.demo import DEMO_PASSWORD, generate_demo
from app.services.verify import integrity_root
from tests.factories import REFUSED, approved_customer, execute, make_desk, rows, trigger_names

TODAY = date(2026, 11, 25)
PERIOD = (date(2026, 7, 1), date(2026, 9, 30))


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    generate_demo(path, customers=30, months=12, seed=11, today=TODAY)
    return path


@pytest.fixture
def desk(tmp_path, demo_file):
    path = tmp_path / "ledger.sqlite3"
    shutil.copyfile(demo_file, path)
    desk = Desk(path, clock=FixedClock(TODAY))
    yield desk
    desk.close()


def read_csv(path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def manifest_of(folder) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def test_every_file_is_in_the_manifest_with_its_sha256_and_row_count(desk, tmp_path):
    out = tmp_path / "export"
    export_for_auditor(desk, login(desk, "audit", DEMO_PASSWORD), *PERIOD, out)
    manifest = manifest_of(out)
    listed = {entry["path"] for entry in manifest["files"]}
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {"manifest.json"}
    assert listed == on_disk
    for entry in manifest["files"]:
        data = (out / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"] and len(data) == entry["bytes"]
        if entry["path"].endswith(".csv"):
            assert data.startswith("\ufeff".encode())  # Excel opens UTF-8 with a BOM as UTF-8
            assert len(read_csv(out / entry["path"])) == entry["rows"]
    assert "README.txt" in listed and (out / "README.txt").read_text(encoding="utf-8-sig").count("SHA-256") >= 2
    entry = rows(desk, "SELECT after FROM audit_log WHERE action = 'audit.exported'")
    assert json.loads(entry[-1][0])["manifest_sha256"] == hashlib.sha256((out / "manifest.json").read_bytes()).hexdigest()


def test_row_counts_are_the_databases_rows_recorded_in_the_period(desk, tmp_path):
    out = tmp_path / "export"
    export_for_auditor(desk, login(desk, "audit", DEMO_PASSWORD), *PERIOD, out)
    files = {entry["path"]: entry["rows"] for entry in manifest_of(out)["files"]}
    since, before = "2026-07-01 00:00:00", "2026-10-01 00:00:00"
    expected = {
        "ledger/arrears_items.csv": "SELECT COUNT(*) FROM arrears_items WHERE recorded_at >= ? AND recorded_at < ?",
        "ledger/repayments.csv": "SELECT COUNT(*) FROM repayments WHERE recorded_at >= ? AND recorded_at < ?",
        "ledger/allocations.csv": "SELECT COUNT(*) FROM allocations WHERE created_at >= ? AND created_at < ?",
        "ledger/reversals.csv": "SELECT COUNT(*) FROM reversals WHERE created_at >= ? AND created_at < ?",
        "ledger/write_offs.csv": "SELECT COUNT(*) FROM write_offs WHERE created_at >= ? AND created_at < ?",
        "audit/audit_log.csv": "SELECT COUNT(*) FROM audit_log WHERE at >= ? AND at < ?",
        "chain/chain_links.csv": "SELECT COUNT(*) FROM ledger_chain WHERE at >= ? AND at < ?",
        "collection/notices.csv": "SELECT COUNT(*) FROM notices WHERE issued_at >= ? AND issued_at < ?",
        "collection/collection_records.csv":
            "SELECT COUNT(*) FROM collection_records WHERE recorded_at >= ? AND recorded_at < ?",
    }
    for path, sql in expected.items():
        assert files[path] == rows(desk, sql, since, before)[0][0], path
    assert files["ledger/arrears_items.csv"] > 0 and files["ledger/repayments.csv"] > 0
    assert files["reference/customers.csv"] == rows(desk, "SELECT COUNT(*) FROM customers")[0][0]
    assert rows(desk, "SELECT COUNT(*) FROM arrears_items")[0][0] > files["ledger/arrears_items.csv"]  # a period


def encode(value: str, column: dict) -> str:
    """db/chain.py's encoding, from the README (plain Python, no program code)."""
    if value == "" and column["nullable"]:
        return "N"
    kind = column["type"]
    if kind in ("integer", "boolean"):
        return "i" + value
    return {"datetime": "t", "date": "d", "bytes": "b"}.get(kind, f"s{len(value)}:") + value


def test_one_customers_chain_is_recomputed_from_the_csvs_alone(desk, tmp_path):
    out = tmp_path / "export"
    head = login(desk, "head", DEMO_PASSWORD)  # sees personal data: nothing masked, every link recomputable
    export_for_auditor(desk, head, date(2025, 1, 1), TODAY, out)
    manifest = manifest_of(out)
    chain = rows(desk, "SELECT chain FROM ledger_chain WHERE chain > 0 GROUP BY chain ORDER BY COUNT(*) DESC")[0][0]
    content = {}
    for entry in manifest["files"]:
        if "chain_entity" in entry:
            columns = entry["columns"][:entry["chained_columns"]]
            for row in read_csv(out / entry["path"]):
                content[(entry["chain_entity"], row["id"])] = "\x1e".join(encode(row[c["name"]], c) for c in columns)
    links = [link for link in read_csv(out / "chain/chain_links.csv") if link["chain"] == str(chain)]
    previous = bytes(32)
    recomputed = []
    for link in links:
        assert bytes.fromhex(link["previous_digest"]) == previous
        place = f"{link['chain']}|{link['entity']}|{link['entity_id']}|{link['at']}|"
        digest = hashlib.sha256(previous + place.encode() + content[(int(link["entity"]), link["entity_id"])]
                                .encode()).digest()
        recomputed.append(digest)
        previous = digest
    stored = [d for (d,) in rows(desk, "SELECT digest FROM ledger_chain WHERE chain = ? ORDER BY id", chain)]
    assert len(stored) > 5 and recomputed == stored
    heads = {int(r["chain"]): r["digest"] for r in read_csv(out / "chain/heads_end.csv")}
    assert heads[chain] == stored[-1].hex()


def merkle(heads: list[tuple[int, bytes]]) -> str:
    """The root as the README states it."""
    level = [hashlib.sha256(b"\x00" + c.to_bytes(8, "big", signed=True) + d).digest() for c, d in sorted(heads)]
    if not level:
        return hashlib.sha256(b"").hexdigest()
    while len(level) > 1:
        up = [hashlib.sha256(b"\x01" + level[i] + level[i + 1]).digest() for i in range(0, len(level) - 1, 2)]
        level = up + ([level[-1]] if len(level) % 2 else [])
    return level[0].hex()


def test_the_roots_at_the_periods_start_and_end_are_recomputed_from_the_heads(desk, tmp_path):
    out = tmp_path / "export"
    export_for_auditor(desk, login(desk, "audit", DEMO_PASSWORD), *PERIOD, out)
    integrity = json.loads((out / "integrity.json").read_text(encoding="utf-8"))
    for key, before in (("start", datetime(2026, 7, 1)), ("end", datetime(2026, 10, 1))):
        heads = [(int(r["chain"]), bytes.fromhex(r["digest"])) for r in read_csv(out / f"chain/heads_{key}.csv")]
        assert merkle(heads) == integrity[key]["root"] == integrity_root(desk.path, before)
    assert integrity["start"]["root"] != integrity["end"]["root"]


def test_the_readmes_own_check_finds_every_link_consistent(desk, tmp_path):
    out = tmp_path / "export"
    export_for_auditor(desk, login(desk, "head", DEMO_PASSWORD), *PERIOD, out)
    assert CHECK_SCRIPT.splitlines()[0] in (out / "README.txt").read_text(encoding="utf-8-sig")
    done = subprocess.run([sys.executable, "-c", CHECK_SCRIPT], cwd=out, capture_output=True, text=True,
                          encoding="utf-8", check=True)
    assert done.stdout.strip().endswith("不一致 0 处")


def test_personal_data_is_masked_for_the_auditor_and_the_masked_records_are_flagged(tmp_path):
    desk, staff = make_desk(tmp_path / "pd.sqlite3", date(2026, 6, 15))
    approved_customer(desk, staff)  # registered with a phone number, which its audit record carries
    out = tmp_path / "export"
    export_for_auditor(desk, staff.auditor, date(2026, 6, 1), date(2026, 6, 30), out)
    assert [c["phone"] for c in read_csv(out / "reference/customers.csv")] == ["*****8888"]
    flagged = [r for r in read_csv(out / "audit/audit_log.csv") if r["masked"] == "1"]
    assert flagged and all("0311-8888" not in r["before"] + r["after"] for r in flagged)
    assert manifest_of(out)["personal_data"] == "masked"
    full = tmp_path / "full"
    export_for_auditor(desk, staff.head, date(2026, 6, 1), date(2026, 6, 30), full)
    assert [c["phone"] for c in read_csv(full / "reference/customers.csv")] == ["0311-8888"]
    assert {r["masked"] for r in read_csv(full / "audit/audit_log.csv")} == {"0"}
    desk.close()


def test_formula_looking_and_awkward_text_comes_back_exactly_and_still_hashes(tmp_path):
    desk, staff = make_desk(tmp_path / "odd.sqlite3", date(2026, 6, 15))
    customer = approved_customer(desk, staff)
    odd = '=HYPERLINK("http://x.example/?a=1,2","点我")\n+SUM(A1:A9) -1 @x, "quoted" ;\ttab'
    item = record_arrears(desk, staff.clerk, ArrearsInput(customer, "LETTER", date(2026, 6, 15), 12_345, "PZ1",
                                                          note=odd))
    reverse_arrears(desk, staff.head, item.item_id, odd)
    out = tmp_path / "export"
    export_for_auditor(desk, staff.head, date(2026, 6, 1), date(2026, 6, 30), out)
    assert [r["note"] for r in read_csv(out / "ledger/arrears_items.csv")] == [odd]
    assert [r["reason"] for r in read_csv(out / "ledger/reversals.csv")] == [odd]
    done = subprocess.run([sys.executable, "-c", CHECK_SCRIPT], cwd=out, capture_output=True, text=True,
                          encoding="utf-8", check=True)
    assert done.stdout.strip().endswith("不一致 0 处")
    desk.close()


def test_a_cancelled_export_leaves_nothing_and_a_full_folder_is_refused(desk, tmp_path):
    out = tmp_path / "export"
    auditor = login(desk, "audit", DEMO_PASSWORD)

    def stop(done, total, label):
        if label.startswith("audit/"):
            raise Cancelled()
    with pytest.raises(Cancelled):
        export_for_auditor(desk, auditor, *PERIOD, out, progress=stop)
    assert list(tmp_path.iterdir()) == [desk.path] or not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".export")]
    out.mkdir()
    (out / "old.txt").write_text("x")
    with pytest.raises(DomainError) as refused:
        export_for_auditor(desk, auditor, *PERIOD, out)
    assert refused.value.code == "audit_export.folder_not_empty" and (out / "old.txt").exists()


def test_a_counter_clerk_may_not_export(desk, tmp_path):
    clerk = rows(desk, "SELECT username FROM users WHERE role = 'counter' LIMIT 1")[0][0]
    with pytest.raises(DomainError) as refused:
        export_for_auditor(desk, login(desk, clerk, DEMO_PASSWORD), *PERIOD, tmp_path / "export")
    assert refused.value.code == "auth.forbidden" and not (tmp_path / "export").exists()


def test_the_command_line_exports_a_period(desk, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ARREARS_DESK_PASSWORD", DEMO_PASSWORD)
    desk.close()
    code = main(["audit-export", "--db", desk.location, "--user", "audit", "--from", "2026-07-01",
                 "--to", "2026-09-30", "--out", str(tmp_path / "export")])
    assert code == 0, capsys.readouterr().err
    assert "README.txt" in capsys.readouterr().out
    assert manifest_of(tmp_path / "export")["period"] == {
        "from": "2026-07-01", "to": "2026-09-30", "recorded_from": "2026-07-01T00:00:00",
        "recorded_before": "2026-10-01T00:00:00"}
    assert main(["audit-export", "--db", desk.location, "--user", "audit", "--from", "2026-09-30",
                 "--to", "2026-07-01", "--out", str(tmp_path / "other")]) == 2


def test_nothing_in_the_program_deletes_a_ledger_audit_or_collection_row(desk):
    """会计档案 are kept 30 years: every append-only table refuses DELETE (and UPDATE) in the database itself."""
    from db.models import APPEND_ONLY_TABLES
    assert {f"{t}_no_delete" for t in APPEND_ONLY_TABLES} <= trigger_names(desk)
    with pytest.raises(REFUSED, match="append-only"):
        execute(desk, "DELETE FROM arrears_items")
