"""Random sequences of real use cases on a real SQLite file; after every step the ledger must agree
with an independent replay of its raw entries (tests/ledger_replay.py)."""
from __future__ import annotations

import shutil
import sqlite3
import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from app.domain.allocation import NamedTarget
from app.domain.errors import DomainError
from app.services.aging import aging_report
from app.services.arrears import ArrearsInput, record_arrears, reverse_arrears
from app.services.clock import clock_in_doubt, confirm_clock
from app.services.context import Desk, FixedClock
from app.services.repayments import RepaymentInput, apply_credit, record_repayment, reverse_repayment
from tests import ledger_replay as replay
from tests.factories import approved_customer, make_desk

START = date(2026, 1, 5)
LAST_DAY = START + timedelta(days=360)  # the customers' one-year agreements still run (no item can be refused)
LINES = ("LETTER", "PARCEL", "FIXED_LINE")
_template: dict = {}


def _template_db() -> tuple[Path, object, list[int]]:
    """Site, staff and three approved customers, built once; each example starts from a copy."""
    if not _template:
        folder = Path(tempfile.mkdtemp(prefix="ledger-template-"))
        desk, staff = make_desk(folder / "template.sqlite3", today=START)
        customers = [approved_customer(desk, staff, f"客户{k}", limit=10**12, period_days=k * 15, cycle_months=k)
                     for k in (1, 2, 3)]
        desk.close()
        _template.update(path=folder / "template.sqlite3", staff=staff, customers=customers)
    return _template["path"], _template["staff"], _template["customers"]


amounts = st.integers(min_value=1, max_value=2_000_000)


class LedgerMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        template, self.staff, self.customers = _template_db()
        self.folder = Path(tempfile.mkdtemp(prefix="ledger-"))
        self.path = self.folder / "ledger.sqlite3"
        shutil.copy(template, self.path)
        self.desk = Desk(self.path, clock=FixedClock(START))
        self.vouchers = 0
        self.receipts = 0

    def receipt(self, prefix: str) -> str:
        self.receipts += 1
        return f"{prefix}{self.receipts:06d}"

    def teardown(self) -> None:
        self.desk.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def today(self) -> date:
        return self.desk.clock.today()

    def entries(self) -> replay.Entries:
        return replay.read_entries(self.path)

    # ---- rules -------------------------------------------------------------------------------
    @rule(days=st.integers(1, 40))
    def time_passes(self, days):
        self.desk.clock = FixedClock(min(self.today + timedelta(days=days), LAST_DAY))
        if clock_in_doubt(self.desk) is not None:  # a quiet spell longer than the clock check believes
            confirm_clock(self.desk, self.staff.head)

    @rule(c=st.integers(0, 2), amount=amounts, back=st.integers(0, 30), line=st.sampled_from(LINES))
    def record_item(self, c, amount, back, line):
        day = max(START, self.today - timedelta(days=back))
        self.vouchers += 1
        record_arrears(self.desk, self.staff.clerk, ArrearsInput(self.customers[c], line, day, amount,
                                                                 f"PZ{self.vouchers:06d}"))

    @rule(c=st.integers(0, 2), amount=amounts, back=st.integers(0, 20))
    def pay_fifo(self, c, amount, back):
        cid = self.customers[c]
        before = replay.open_amounts(self.entries())
        paid_on = max(START, self.today - timedelta(days=back))
        result = record_repayment(self.desk, self.staff.clerk, RepaymentInput(
            cid, amount, paid_on, "cash", self.receipt("SJ")))
        # 先发生、先核销, recomputed here by hand from the open items just before the payment.
        e = self.entries()
        open_before = sorted(((e.items[i]["business_date"], i, amt) for i, amt in before.items()
                              if amt > 0 and e.items[i]["customer_id"] == cid))
        expected, left = [], amount
        for _, item_id, amt in open_before:
            if left == 0:
                break
            take = min(left, amt)
            expected.append((item_id, take))
            left -= take
        made = [(a["item_id"], a["amount"]) for a in e.allocations if a["repayment_id"] == result.repayment_id]
        assert made == expected
        assert result.preview.excess == left

    @rule(c=st.integers(0, 2), amount=amounts, data=st.data())
    def pay_named(self, c, amount, data):
        cid = self.customers[c]
        e = self.entries()
        candidates = [i for i, amt in replay.open_amounts(e).items() if amt > 0 and e.items[i]["customer_id"] == cid]
        if not candidates:
            return
        named = data.draw(st.lists(st.sampled_from(candidates), min_size=1, max_size=3, unique=True))
        result = record_repayment(self.desk, self.staff.clerk, RepaymentInput(
            cid, amount, self.today, "transfer", self.receipt("NM"), tuple(NamedTarget(i) for i in named)))
        touched = {a["item_id"] for a in self.entries().allocations if a["repayment_id"] == result.repayment_id}
        assert touched <= set(named)

    @rule(c=st.integers(0, 2))
    def use_credit(self, c):
        try:
            apply_credit(self.desk, self.staff.clerk, self.customers[c])
        except DomainError as error:
            assert error.code in ("credit_balance.empty", "credit_apply.nothing_open")  # no credit, or nothing open

    @rule(c=st.integers(0, 2), amount=amounts)
    def pay_then_bounce_restores_the_exact_prior_state(self, c, amount):
        snapshot = self._balances()
        result = record_repayment(self.desk, self.staff.clerk, RepaymentInput(
            self.customers[c], amount, self.today, "cheque", self.receipt("BOUNCE")))
        reverse_repayment(self.desk, self.staff.head, result.repayment_id, "支票退票")
        after = self._balances()
        assert after[0] == snapshot[0]
        assert after[1] == snapshot[1]
        assert {k: v for k, v in after[2].items() if k != result.repayment_id} == snapshot[2]
        assert after[2][result.repayment_id] == 0

    @rule(data=st.data())
    def reverse_an_item(self, data):
        e = self.entries()
        live = sorted(set(e.items) - set(e.item_reversed_on))
        if not live:
            return
        item_id = data.draw(st.sampled_from(live))
        credit_before = replay.customer_totals(e).get(e.items[item_id]["customer_id"], (0, 0))[1]
        returned = sum(a["amount"] for a in e.allocations
                       if a["item_id"] == item_id and a["repayment_id"] not in e.repayment_reversed_on)
        reverse_arrears(self.desk, self.staff.head, item_id, "录入错误")
        credit_after = replay.customer_totals(self.entries()).get(e.items[item_id]["customer_id"], (0, 0))[1]
        assert credit_after == credit_before + returned

    @rule(data=st.data())
    def reverse_a_repayment(self, data):
        e = self.entries()
        live = sorted(set(e.repayments) - set(e.repayment_reversed_on))
        if not live:
            return
        rid = data.draw(st.sampled_from(live))
        reopened = reverse_repayment(self.desk, self.staff.head, rid, "银行退票")
        active = {a["item_id"] for a in e.allocations
                  if a["repayment_id"] == rid and a["item_id"] not in e.item_reversed_on}
        assert set(reopened) == active

    # ---- invariants --------------------------------------------------------------------------
    def _balances(self):
        con = sqlite3.connect(self.path)
        items = dict(con.execute("SELECT item_id, open_amount FROM item_balances"))
        customers = {r[0]: (r[1], r[2]) for r in con.execute("SELECT * FROM customer_balances")}
        repayments = dict(con.execute("SELECT repayment_id, unapplied FROM repayment_balances"))
        con.close()
        return items, customers, repayments

    @invariant()
    def allocations_never_exceed_items_or_repayments(self):
        e = self.entries()
        per_item, per_rep = {}, {}
        for a in e.allocations:
            assert a["amount"] > 0
            if a["repayment_id"] in e.repayment_reversed_on or a["item_id"] in e.item_reversed_on:
                continue
            per_item[a["item_id"]] = per_item.get(a["item_id"], 0) + a["amount"]
            per_rep[a["repayment_id"]] = per_rep.get(a["repayment_id"], 0) + a["amount"]
            assert a["effective_on"] >= e.items[a["item_id"]]["business_date"]
        assert all(total <= e.items[i]["amount"] for i, total in per_item.items())
        assert all(total <= e.repayments[r]["amount"] for r, total in per_rep.items())

    @invariant()
    def open_is_amount_minus_allocations_for_every_item(self):
        e = self.entries()
        items, _, reps = self._balances()
        expected = replay.open_amounts(e)
        for item_id in e.items:
            assert items[item_id] == expected.get(item_id, 0)
        assert reps == replay.unapplied(e)

    @invariant()
    def customer_balance_is_items_minus_repayments_plus_credit(self):
        e = self.entries()
        _, customers, _ = self._balances()
        for cid in self.customers:
            open_total, credit = customers[cid]
            items = sum(i["amount"] for k, i in e.items.items() if i["customer_id"] == cid and k not in e.item_reversed_on)
            paid = sum(r["amount"] for k, r in e.repayments.items()
                       if r["customer_id"] == cid and k not in e.repayment_reversed_on)
            assert open_total == items - paid + credit
            assert (open_total, credit) == replay.customer_totals(e).get(cid, (0, 0))

    @invariant()
    def historical_aging_equals_a_replay_of_the_entries(self):
        e = self.entries()
        for back in (0, 17, 45, 100):
            as_of = self.today - timedelta(days=back)
            if as_of < START:
                continue
            for scheme in ("overdue", "telecom"):
                report = aging_report(self.desk, self.staff.head, as_of, scheme=scheme)
                got = {row.key: row.buckets for row in report.rows}
                assert got == replay.aging_by_customer(e, as_of, scheme), (as_of, scheme)


LedgerMachine.TestCase.settings = settings(
    max_examples=30, stateful_step_count=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
test_ledger_state_machine = LedgerMachine.TestCase
