"""What a clerk and a branch head read: a customer's ledger, and aging by every grouping."""
from __future__ import annotations

from datetime import date

import pytest

from app.services.aging import aging_report
from app.services.arrears import ArrearsInput, record_arrears, reverse_arrears
from app.services.context import FixedClock
from app.services.ledger import customer_ledger
from app.services.repayments import RepaymentInput, record_repayment, reverse_repayment
from app.services.settings import set_overdue_bounds
from tests.factories import approved_customer, make_desk

TODAY = date(2026, 6, 15)


@pytest.fixture
def world(tmp_path):
    desk, staff = make_desk(tmp_path / "l.sqlite3", today=date(2026, 1, 2))
    a = approved_customer(desk, staff, "甲公司", limit=10**9)
    b = approved_customer(desk, staff, "乙公司", limit=10**9)
    desk.clock = FixedClock(TODAY)
    record_arrears(desk, staff.clerk, ArrearsInput(a, "LETTER", date(2026, 1, 10), 10_000, "A1"))
    record_arrears(desk, staff.clerk, ArrearsInput(a, "PARCEL", date(2026, 5, 20), 20_000, "A2"))
    record_arrears(desk, staff.clerk2, ArrearsInput(b, "LETTER", date(2026, 6, 1), 5_000, "B1"))
    yield desk, staff, a, b
    desk.close()


def test_customer_ledger_shows_terms_open_items_overdue_and_history(world):
    desk, staff, a, _ = world
    paid = record_repayment(desk, staff.clerk, RepaymentInput(a, 4_000, TODAY, "cash", "R1"))
    reverse_repayment(desk, staff.head, paid.repayment_id, "银行退票")
    ledger = customer_ledger(desk, staff.clerk, a)
    assert ledger.customer.name == "甲公司" and ledger.agreement is not None
    assert [(i.voucher_no, i.open_amount) for i in ledger.open_items] == [("A1", 10_000), ("A2", 20_000)]
    assert ledger.open_total == 30_000 and ledger.unapplied_credit == 0
    assert ledger.overdue_total == 10_000  # A1 fell due 2026-03-02; A2 falls due 2026-06-30
    assert ledger.free_credit == 10**9 - 30_000
    kinds = [(e.kind, e.reference) for e in ledger.history]
    assert kinds[:2] == [("repayment_reversal", "R1"), ("repayment", "R1")]
    reversal = ledger.history[0]
    assert reversal.reverses == paid.repayment_id and reversal.signed_amount == 4_000


def test_aging_totals_equal_open_balances_for_every_grouping(world):
    desk, staff, a, b = world
    reverse_arrears(desk, staff.head, 3, "重复登记")
    expected_total = 30_000
    for grouping in ("customer", "business_line", "handler", "branch"):
        for scheme in ("overdue", "telecom"):
            report = aging_report(desk, staff.head, TODAY, scheme=scheme, grouping=grouping)
            assert report.grand_total == expected_total, (grouping, scheme)
    by_line = aging_report(desk, staff.head, TODAY, grouping="business_line")
    assert {r.label: r.total for r in by_line.rows} == {"函件": 10_000, "包件": 20_000}
    by_handler = aging_report(desk, staff.head, TODAY, grouping="handler")
    assert {r.label: r.total for r in by_handler.rows} == {"张营业": 30_000}


def test_overdue_bounds_come_from_settings(world):
    desk, staff, *_ = world
    set_overdue_bounds(desk, staff.admin, [30, 60])
    report = aging_report(desk, staff.head, TODAY)
    assert report.bucket_labels == ("未到期", "1-30天", "31-60天", "60天以上")
    assert report.totals == [25_000, 0, 0, 10_000]


def test_aging_as_of_a_past_date_ignores_what_happened_later(world):
    desk, staff, a, _ = world
    record_repayment(desk, staff.clerk, RepaymentInput(a, 10_000, TODAY, "cash", "R1"))
    before = aging_report(desk, staff.head, date(2026, 5, 31))
    assert {r.label: r.total for r in before.rows} == {"甲公司": 30_000}
    now = aging_report(desk, staff.head, TODAY)
    assert {r.label: r.total for r in now.rows} == {"甲公司": 20_000, "乙公司": 5_000}


def test_history_puts_each_reversal_directly_above_what_it_reverses(world):
    desk, staff, a, _ = world
    paid = record_repayment(desk, staff.clerk, RepaymentInput(a, 4_000, date(2026, 2, 1), "cash", "R1"))
    record_arrears(desk, staff.clerk, ArrearsInput(a, "LETTER", date(2026, 6, 10), 1_000, "A3"))
    reverse_repayment(desk, staff.head, paid.repayment_id, "银行退票")  # reversed today, months later
    history = customer_ledger(desk, staff.clerk, a).history
    kinds = [(e.kind, e.reference) for e in history]
    at = kinds.index(("repayment", "R1"))
    assert kinds[at - 1] == ("repayment_reversal", "R1")
    assert kinds[0] == ("item", "A3")  # otherwise newest first


@pytest.mark.parametrize("scheme", ["overdue", "telecom"])
def test_aging_as_of_today_by_customer_reads_the_open_items_index_alone(world, scheme):
    """Issue 14 (0023): today's aging by customer adds up the open items from their index by customer, which
    carries each item's due date, billing period and open amount, instead of looking 733,000 items up at 40,000
    customers. What SQLite plans for the program's own statement."""
    from app.domain.aging import AgingScheme, bucket_edges
    from app.services.aging import AGED_COLUMN
    from db.reports import aging_statement
    from db.standing import item_balances
    desk = world[0]
    if desk.server is not None:
        pytest.skip("SQLite's plan (a server plans with its statistics)")
    scheme = AgingScheme(scheme)
    statement = aging_statement(item_balances, "customer", AGED_COLUMN[scheme],
                                bucket_edges(scheme, TODAY, (90, 180, 365)))
    with desk.reading() as uow:
        conn = uow.session.connection()
        compiled = statement.compile(conn)
        params = compiled.construct_params()
        plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled),
                                    tuple(params[name] for name in compiled.positiontup)).all()
    steps = [row[-1] for row in plan]
    assert "SCAN item_balances USING COVERING INDEX ix_item_balances_open" in steps, steps
