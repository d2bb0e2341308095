"""A batch of 催缴通知书 as one piece of work: the overdue lines of every customer read in one query per 500,
the batch's audit records written in one insert (the same records, in the same order, each with its own
time: the chains verify), and the PDF's page streams compressed without the ASCII85 layer (a quarter
smaller), with fonts still embedded as subsets."""
from __future__ import annotations

import subprocess

from sqlalchemy import event

from app.services.documents import issue_notices
from app.services.verify import verify_database
from db.collection_state import collection_state_differences, kept_collection_state
from bench.collection import _notice_desk  # noqa: PLC2701 - the benchmark's own batch, small
from tests.factories import rows


def test_a_batch_writes_its_audit_records_in_one_insert_and_its_chains_verify(tmp_path):
    desk, clerk, today, ids = _notice_desk(tmp_path, 12, 3)
    statements: list[str] = []
    event.listen(desk.engine, "before_cursor_execute",
                 lambda conn, cursor, statement, *args: statements.append(statement))
    issued = issue_notices(desk, clerk, ids, as_of=today, out=tmp_path / "notices.pdf")
    desk.close()
    assert issued.pages == 12
    # the batch's 24 records in one, then the one record that personal data was printed (个人信息)
    assert sum(s.startswith("INSERT INTO audit_log") for s in statements) == 2
    overdue_reads = [s for s in statements if "item_balances" in s and "arrears_items" in s]
    assert len(overdue_reads) == 1
    actions = [a for (a,) in rows(desk, "SELECT action FROM audit_log WHERE action LIKE 'collection.%' ORDER BY id")]
    assert actions == ["collection.contact", "collection.notice"] * 12  # as each notice was recorded
    # (the benchmark clones its customers in SQL, unlinked: of verify, the chains of what was written count)
    chain = [check for check in verify_database(desk.location) if check.name.startswith("防篡改链完整")]
    assert len(chain) == 1 and chain[0].ok


def test_a_batch_keeps_its_customers_collection_state_in_one_pass_that_agrees_with_their_records(tmp_path):
    """Each notice is a written collection record (书面催收), so each customer's kept state (the queue's) moves: made
    again for the whole batch at once, not once per customer (1,000 recomputations were a third of a batch)."""
    desk, clerk, today, ids = _notice_desk(tmp_path, 12, 3)
    statements: list[str] = []
    event.listen(desk.engine, "before_cursor_execute",
                 lambda conn, cursor, statement, *args: statements.append(statement))
    issue_notices(desk, clerk, ids, as_of=today, out=tmp_path / "notices.pdf")
    assert sum(s.startswith("DELETE FROM customer_collection_state") for s in statements) == 1
    with desk.engine.connect() as conn:
        assert collection_state_differences(conn) == []
        kept = kept_collection_state(conn, ids)
    desk.close()
    assert sorted(kept) == sorted(ids) and all(row[3] == "letter" for row in kept.values())


def test_notice_pages_are_compressed_without_ascii85_and_fonts_stay_embedded_subsets(tmp_path):
    desk, clerk, today, ids = _notice_desk(tmp_path, 3, 2)
    out = tmp_path / "notices.pdf"
    issue_notices(desk, clerk, ids, as_of=today, out=out)
    desk.close()
    data = out.read_bytes()
    assert b"/FlateDecode" in data and b"/ASCII85Decode" not in data
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5:-3] == ["yes", "yes"] for line in fonts)  # emb, sub
