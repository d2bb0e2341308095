"""``verify`` and the month close on a server (issue 15): the verified point and a close's integrity root are taken
at a mark in commit order (db/commit_order), so a posting still open when they are taken is never left below
them unchecked; and verify on a server starts from its last point like on a file.

On a server several counters post at once: a posting may hold chain link 41 uncommitted while 42 commits. A
point read as "the newest link is 42" would have the next verify start after 42 and never check 41; a close's
root "through 42" computed later would take in 41 and no longer match. Server only: a file has one writer."""
from __future__ import annotations

import threading
from datetime import date

import pytest

from app.services import verify as verify_service
from app.services.arrears import ArrearsInput, record_arrears
from app.services.closing import close_month
from app.services.context import Desk, FixedClock
from app.services.repayments import RepaymentInput, record_repayment
from app.services.verify import verify_database
from db.ledger import Ledger
from tests import server
from tests.factories import approved_customer, make_desk, rows
from tests.integration.test_month_close import CLOSE_DAY, OCTOBER, october  # noqa: F401 - the fixture

pytestmark = pytest.mark.skipif(not server.ON_SERVER, reason="several writers at once: a server's "
                                "(ARREARS_DESK_TEST_BACKEND=postgresql runs it)")

TODAY = date(2026, 6, 15)
CHAIN = "防篡改链完整"
POINT = "上次核验点"
ROOT_AT_CLOSE = "月结时的完整性根"
WAIT = 3.0  # seconds the open posting stays open while the point or the root is taken


def url_of(desk: Desk) -> str:
    return desk.server.render_as_string(hide_password=False)


def verified(url: str) -> list:
    return verify_database(url, full=False, record=True)


def failed(checks) -> dict[str, list[str]]:
    return {check.name.split("（")[0]: check.failures for check in checks if not check.ok}


def changed_behind_the_programs_back(desk: Desk, sql: str, *args) -> None:
    """Someone with the server's superuser changes a row past the append-only triggers."""
    with server.connect(desk.server) as con:
        con.execute("SET session_replication_role = replica")
        con.execute(sql.replace("?", "%s"), args or None)


def open_while(desk: Desk, monkeypatch, taking, *, corrupt: bool = False):
    """A repayment (customer ``desk.first``) written but not yet committed while ``taking(desk)`` runs in a thread
    of its own; it commits when ``taking`` is done or after ``WAIT`` seconds (a taking that waits for it). A posting
    for another customer commits meanwhile, numbered above it. ``corrupt``: the open posting's row no longer
    matches its link (as if changed before it committed). Returns what ``taking`` returned."""
    url, today = url_of(desk), desk.clock.today()
    written, taken = threading.Event(), threading.Event()
    real = Ledger.record_repayment
    outcome: dict[str, object] = {}

    def held_open(self, *args, **kwargs):
        repayment_id = real(self, *args, **kwargs)
        if threading.current_thread().name == "open":
            if corrupt:
                self._conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
                self._conn.exec_driver_sql(f"UPDATE repayments SET note = 'changed' WHERE id = {int(repayment_id)}")
            written.set()
            taken.wait(WAIT)
        return repayment_id

    def run(name, work):
        own = Desk(url, clock=FixedClock(today))
        try:
            outcome[name] = work(own)
        finally:
            own.close()
            if name == "taking":
                taken.set()

    monkeypatch.setattr(Ledger, "record_repayment", held_open)
    posting = threading.Thread(name="open", target=run, args=("open", lambda d: record_repayment(
        d, desk.clerk, RepaymentInput(desk.first, 1_000, today, "cash", "R-OPEN")).repayment_id))
    posting.start()
    assert written.wait(60)
    record_arrears(desk, desk.clerk, ArrearsInput(desk.second, "LETTER", today, 2_000, "PZ-LATER"))
    taker = threading.Thread(name="taking", target=run, args=("taking", taking))
    taker.start()
    for thread in (posting, taker):
        thread.join(120)
    monkeypatch.setattr(Ledger, "record_repayment", real)
    assert "open" in outcome and "taking" in outcome
    return outcome["taking"]


@pytest.fixture
def two_customers(tmp_path):
    desk, staff = make_desk(tmp_path / "v.sqlite3", TODAY)
    desk.first, desk.second = (approved_customer(desk, staff, name) for name in ("东方贸易有限公司", "南山物流"))
    desk.clerk = staff.clerk
    record_arrears(desk, staff.clerk, ArrearsInput(desk.first, "LETTER", TODAY, 5_000, "PZ-1"))
    record_arrears(desk, staff.clerk, ArrearsInput(desk.second, "LETTER", TODAY, 5_000, "PZ-2"))
    yield desk
    desk.close()


def test_verify_on_a_server_starts_from_its_point_and_names_an_entry_changed_after_it(two_customers):
    desk = two_customers
    url = url_of(desk)
    first = verified(url)
    assert failed(first) == {} and not any(c.name.startswith(POINT) for c in first)  # the first one is full
    assert rows(desk, "SELECT COUNT(*) FROM settings WHERE key = 'verify.point'") == [(1,)]
    second = verified(url)
    assert failed(second) == {} and any(c.name.startswith(POINT) for c in second)  # from the point on
    repayment = record_repayment(desk, desk.clerk, RepaymentInput(desk.first, 1_000, TODAY, "cash", "R-AFTER"))
    changed_behind_the_programs_back(desk, "UPDATE repayments SET amount = 900 WHERE id = ?", repayment.repayment_id)
    third = verified(url)
    assert any(c.name.startswith(POINT) for c in third)
    assert CHAIN in failed(third)


def test_a_posting_open_while_the_point_is_taken_is_checked_by_that_verify_or_the_next(two_customers, monkeypatch):
    desk = two_customers
    url = url_of(desk)
    assert failed(verified(url)) == {}
    # only what came after the point: no slice of older links or customers to catch it by other means
    monkeypatch.setattr(verify_service, "REHASH_PER_VERIFY", 0)
    monkeypatch.setattr(verify_service, "RECHECK_PER_VERIFY", 0)
    during = open_while(desk, monkeypatch, lambda _own: verified(url), corrupt=True)
    after = verified(url)
    # the verify waits for the open posting and reads it; had it not, its point would lie past the open
    # posting's link (a later posting's), and the next verify would start after it
    assert CHAIN in failed(during) or CHAIN in failed(after)


def test_a_posting_open_while_the_point_is_taken_keeps_its_verify_waiting_not_its_point_short(two_customers,
                                                                                             monkeypatch):
    desk = two_customers
    url = url_of(desk)
    during = open_while(desk, monkeypatch, lambda _own: verified(url))
    assert failed(during) == {}
    [(point,)] = rows(desk, "SELECT value FROM settings WHERE key = 'verify.point'")
    newest = rows(desk, "SELECT MAX(id) FROM ledger_chain")[0][0]
    assert f'"link": {newest}' in point  # the open posting committed first: the point covers every link
    # and the next verify, from that point, finds it as it was: taken before the open posting committed, the
    # point's root and row counts would no longer hold once it had
    assert failed(verified(url)) == {}


def test_a_month_closed_while_a_posting_is_open_keeps_a_root_that_verify_finds_again(october, monkeypatch):  # noqa: F811
    desk, staff, _cid, _ = october
    # customers of November only: the close's own reads and writes of October's customers wait for nothing
    desk.first, desk.second = (approved_customer(desk, staff, name) for name in ("南山物流", "北城印务"))
    desk.clerk = staff.clerk
    open_while(desk, monkeypatch, lambda d: close_month(d, staff.finance, OCTOBER))
    assert rows(desk, "SELECT COUNT(*) FROM month_closings") == [(1,)]
    found = failed(verify_database(url_of(desk)))
    assert ROOT_AT_CLOSE not in str(found) and found == {}
    assert desk.clock.today() == CLOSE_DAY
