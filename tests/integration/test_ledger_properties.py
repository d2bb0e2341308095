"""Random sequences of real use cases on a real SQLite file; after every step the ledger must agree
with an independent replay of its raw entries (tests/ledger_replay.py).

Entries are backdated (issue 13): items, payments and 预存款 applied on business dates earlier than today,
within the open month and across month ends; finance closes months (月结) and reopens the latest. Whatever
the order, the replayed history as of every day never takes an item or a repayment below zero, a date in a
closed month is refused, and a closed month's movement table and aging never change."""
from __future__ import annotations

import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from app.domain.allocation import NamedTarget
from app.domain.errors import DomainError
from app.services.aging import aging_report
from app.services.arrears import ArrearsInput, record_arrears, reverse_arrears, write_off
from app.services.collection import overdue_queue, raise_dispute, settle_dispute
from app.services.clock import clock_in_doubt, confirm_clock
from app.services.closing import close_month, reopen_month
from app.domain.periods import format_period, last_day_of_period, month_index, period_from_index, period_of
from app.reports.request import ReportKind, ReportRequest
from app.services import reports
from app.services.context import Desk, FixedClock
from app.services.repayments import RepaymentInput, apply_credit, record_repayment, reverse_repayment
from db.standing import open_amounts_replayed, open_items_replayed, replayed_open_items
from tests import ledger_replay as replay
from tests import server
from tests.factories import approved_customer, make_desk, rows

START = date(2026, 1, 5)
LAST_DAY = START + timedelta(days=360)  # the customers' one-year agreements still run (no item can be refused)
LINES = ("LETTER", "PARCEL", "FIXED_LINE")
_template: dict = {}


def _template_db() -> tuple[Path, object, list[int]]:
    """Site, staff and three approved customers, built once; each example starts from a copy."""
    if not _template:
        folder = Path(tempfile.mkdtemp(prefix="ledger-template-"))
        desk, staff = make_desk(folder / "template.sqlite3", today=START)
        customers = [approved_customer(desk, staff, f"客户{k}", limit=10**9, period_days=k * 15, cycle_months=k)
                     for k in (1, 2, 3)]
        desk.close()
        # on the server: the template is that database, each example a database copied from it
        where = desk.server.database if desk.server is not None else folder / "template.sqlite3"
        _template.update(path=where, staff=staff, customers=customers)
    return _template["path"], _template["staff"], _template["customers"]


amounts = st.integers(min_value=1, max_value=2_000_000)


class LedgerMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        template, self.staff, self.customers = _template_db()
        self.folder = Path(tempfile.mkdtemp(prefix="ledger-"))
        if server.ON_SERVER:
            self.path = server.database_url(server.new_database(template))
        else:
            self.path = self.folder / "ledger.sqlite3"
            shutil.copy(template, self.path)
        self.desk = Desk(self.path, clock=FixedClock(START))
        self.vouchers = 0
        self.receipts = 0
        self.closed: list[int] = []        # the months closed, oldest first (月结)
        self.frozen: dict[int, list] = {}  # what each closed month showed when it was closed

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
        return replay.read_entries(self.path if isinstance(self.path, Path) else str(self.path))

    # ---- rules -------------------------------------------------------------------------------
    @rule(days=st.integers(1, 40))
    def time_passes(self, days):
        self.desk.clock = FixedClock(min(self.today + timedelta(days=days), LAST_DAY))
        if clock_in_doubt(self.desk) is not None:  # a quiet spell longer than the clock check believes
            confirm_clock(self.desk, self.staff.head)

    def in_closed_month(self, day: date) -> bool:
        return bool(self.closed) and period_of(day) <= self.closed[-1]

    def refused_if_closed(self, day: date, post) -> bool:
        """Posts unless ``day`` lies in a closed month, where the entry must be refused and nothing written."""
        if not self.in_closed_month(day):
            return False
        before = self.entries()
        try:
            post()
        except DomainError as error:
            assert error.code == "month.closed", error.code
        else:
            raise AssertionError(f"an entry dated {day} went into a closed month")
        assert self.entries() == before
        return True

    @rule(c=st.integers(0, 2), amount=amounts, back=st.integers(0, 30), line=st.sampled_from(LINES))
    def record_item(self, c, amount, back, line):
        day = max(START, self.today - timedelta(days=back))
        self.vouchers += 1

        def post():
            record_arrears(self.desk, self.staff.clerk, ArrearsInput(self.customers[c], line, day, amount,
                                                                     f"PZ{self.vouchers:06d}"))
        if not self.refused_if_closed(day, post):
            post()

    @rule(c=st.integers(0, 2), amount=amounts, back=st.integers(0, 45))
    def pay_fifo(self, c, amount, back):
        cid = self.customers[c]
        before = replay.open_amounts(self.entries())
        paid_on = max(START, self.today - timedelta(days=back))
        data = RepaymentInput(cid, amount, paid_on, "cash", self.receipt("SJ"))
        if self.refused_if_closed(paid_on, lambda: record_repayment(self.desk, self.staff.clerk, data)):
            return
        result = record_repayment(self.desk, self.staff.clerk, data)
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

    @rule(c=st.integers(0, 2), amount=amounts, back=st.integers(0, 45), data=st.data())
    def pay_named(self, c, amount, back, data):
        cid = self.customers[c]
        e = self.entries()
        candidates = [i for i, amt in replay.open_amounts(e).items() if amt > 0 and e.items[i]["customer_id"] == cid]
        if not candidates:
            return
        named = data.draw(st.lists(st.sampled_from(candidates), min_size=1, max_size=3, unique=True))
        paid_on = max(START, self.today - timedelta(days=back))
        payment = RepaymentInput(cid, amount, paid_on, "transfer", self.receipt("NM"),
                                 tuple(NamedTarget(i) for i in named))
        if self.refused_if_closed(paid_on, lambda: record_repayment(self.desk, self.staff.clerk, payment)):
            return
        result = record_repayment(self.desk, self.staff.clerk, payment)
        touched = {a["item_id"] for a in self.entries().allocations if a["repayment_id"] == result.repayment_id}
        assert touched <= set(named)

    @rule(c=st.integers(0, 2), back=st.integers(0, 45))
    def use_credit(self, c, back):
        on = max(START, self.today - timedelta(days=back))  # "as of" a past day: moved up to when it could be
        try:
            apply_credit(self.desk, self.staff.clerk, self.customers[c], on=on)
        except DomainError as error:
            # no credit, or nothing open; or a day in a closed month that nothing moved out of it
            assert error.code in ("credit_balance.empty", "credit_apply.nothing_open") or (
                error.code == "month.closed" and self.in_closed_month(on)), error.code

    @rule()
    def finance_closes_the_next_month(self):
        """月结 of the month after the last closed one (or of last month), once it has ended; there are no
        finance totals here, so finance explains the gap."""
        period = (period_from_index(month_index(self.closed[-1]) + 1) if self.closed
                  else period_from_index(month_index(period_of(self.today)) - 1))
        if period >= period_of(self.today) or period < period_of(START):
            return
        close_month(self.desk, self.staff.finance, period, "测试账套：未导入财务与业务系统汇总数")
        self.closed.append(period)
        self.frozen[period] = self.month_figures(period)

    @rule()
    def finance_reopens_the_latest_month(self):
        if not self.closed:
            return
        period = self.closed.pop()
        del self.frozen[period]
        reopen_month(self.desk, self.staff.finance, period, "补记漏登业务")

    def month_figures(self, period: int) -> list:
        end = last_day_of_period(period)
        found = []
        for request in (ReportRequest(ReportKind.MOVEMENT, end, start=end.replace(day=1)),
                        ReportRequest(ReportKind.AGING, end), ReportRequest(ReportKind.AGING, end, scheme="telecom")):
            report = reports.build(self.desk, self.staff.finance, request)
            found.append([(t.key, t.rows, t.totals) for t in report.tables] + [report.warnings])
        return found

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

    @rule(c=st.integers(0, 2), amount=amounts, back=st.integers(1, 20))
    def a_backdated_cheque_bounces_today(self, c, amount, back):
        """A cheque paid some days ago is recorded, then bounces today: its offsets counted from its day until
        today, which later backdated payments overlap."""
        paid_on = max(START, self.today - timedelta(days=back))
        data = RepaymentInput(self.customers[c], amount, paid_on, "cheque", self.receipt("CQ"))
        if self.refused_if_closed(paid_on, lambda: record_repayment(self.desk, self.staff.clerk, data)):
            return
        result = record_repayment(self.desk, self.staff.clerk, data)
        reverse_repayment(self.desk, self.staff.head, result.repayment_id, "支票退票")

    @rule(data=st.data())
    def reverse_an_item(self, data):
        e = self.entries()
        live = sorted(set(e.items) - set(e.item_reversed_on) - set(e.written_off))  # 账销案存: not reversed
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

    # -- queue (issue 14): write-offs and disputes, which move or hide what the overdue queue shows
    @rule(data=st.data())
    def write_off_an_open_item(self, data):
        open_now = sorted(i for i, amount in replay.open_amounts(self.entries()).items()
                          if amount > 0 and i not in self.entries().written_off)
        if not open_now:
            return
        item_id = data.draw(st.sampled_from(open_now))
        post = lambda: write_off(self.desk, self.staff.head, self.staff.finance, item_id,  # noqa: E731
                                 reason="债务人注销", evidence="注销证明")
        if not self.refused_if_closed(self.today, post):
            post()

    @rule(data=st.data())
    def dispute_an_item_or_settle_one(self, data):
        open_disputes = self._disputed()
        if open_disputes and data.draw(st.booleans()):
            settle_dispute(self.desk, self.staff.clerk, data.draw(st.sampled_from(sorted(open_disputes.values()))),
                           "核对无误")
            return
        live = sorted(set(self.entries().items) - set(self.entries().item_reversed_on) - set(open_disputes))
        if live:
            raise_dispute(self.desk, self.staff.clerk, data.draw(st.sampled_from(live)), "金额有误")

    def _disputed(self) -> dict[int, int]:
        """item id -> its unsettled dispute's id, read from the raw tables."""
        return dict(rows(self.desk, "SELECT arrears_item_id, id FROM disputes d WHERE NOT EXISTS "
                                    "(SELECT 1 FROM dispute_settlements s WHERE s.dispute_id = d.id)"))

    # ---- invariants --------------------------------------------------------------------------
    def _balances(self):
        items = dict(rows(self.desk, "SELECT item_id, open_amount FROM item_balances"))
        customers = {r[0]: (r[1], r[2]) for r in rows(self.desk, "SELECT * FROM customer_balances")}
        repayments = dict(rows(self.desk, "SELECT repayment_id, unapplied FROM repayment_balances"))
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
            written_off = sum(amount for k, (amount, _on) in e.written_off.items()
                              if e.items[k]["customer_id"] == cid and k not in e.item_reversed_on)
            assert open_total == items - paid + credit - written_off
            assert (open_total, credit) == replay.customer_totals(e).get(cid, (0, 0))

    @invariant()
    def no_replayed_day_takes_an_item_or_a_repayment_below_zero(self):
        """Backdated entries (issue 13): as of every day since the first entry, every item's open amount and
        every repayment's unapplied money, replayed from the raw entries, stay at zero or above."""
        e = self.entries()
        day = START
        while day <= self.today:
            below = {i: amt for i, amt in replay.open_amounts(e, day).items() if amt < 0}
            assert not below, (day, below)
            spent = {r: amt for r, amt in replay.unapplied_as_of(e, day).items() if amt < 0}
            assert not spent, (day, spent)
            day += timedelta(days=1)

    @invariant()
    def a_closed_months_movement_and_aging_never_change(self):
        for period, figures in self.frozen.items():
            assert self.month_figures(period) == figures, format_period(period)

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

    @invariant()
    def the_queues_per_line_figures_follow_every_entry(self):
        """Issue 14: what the overdue queue reads per customer and business line (open total, open items,
        earliest due date) is kept with every entry, equal to adding up the open items again."""
        kept = set(rows(self.desk, "SELECT customer_id, business_line_id, open_total, open_items, oldest_due, "
                                   "overdue_total, overdue_items FROM customer_line_balances"))
        again = set(rows(self.desk, "SELECT customer_id, business_line_id, SUM(open_amount), COUNT(*), MIN(due_date), "
                                    "SUM(CASE WHEN due_date < d.overdue_before THEN open_amount ELSE 0 END), "
                                    "SUM(CASE WHEN due_date < d.overdue_before THEN 1 ELSE 0 END) "
                                    "FROM item_balances, line_balances_day d "
                                    "WHERE open_amount > 0 GROUP BY customer_id, business_line_id"))
        assert kept == again

    @invariant()
    def the_queue_shows_what_adding_up_the_open_items_again_gives(self):
        """Issue 14, queue: today's overdue queue (read from the kept per-line figures, whatever day they were
        kept as of) shows the customers, amounts, item counts and oldest due dates that adding up the open
        items of the replayed entries gives, disputed items apart; and so does tomorrow's."""
        e, disputed = self.entries(), self._disputed()
        opened = replay.open_amounts(e)
        for as_of in (self.today, self.today + timedelta(days=1)):
            expected: dict[int, list] = {}
            for item_id, amount in opened.items():
                item = e.items[item_id]
                if amount > 0 and item["due_date"] < as_of and item_id not in disputed:
                    row = expected.setdefault(item["customer_id"], [0, 0, item["due_date"]])
                    row[0] += amount
                    row[1] += 1
                    row[2] = min(row[2], item["due_date"])
            for cid, row in expected.items():
                totals = [a for i, a in opened.items() if e.items[i]["customer_id"] == cid and a > 0]
                row += [sum(totals), sum(opened[i] for i in disputed if e.items[i]["customer_id"] == cid
                                         and opened.get(i, 0) > 0)]
            got = {r.customer_id: [r.overdue, r.overdue_items, r.oldest_due, r.open_total, r.disputed]
                   for r in overdue_queue(self.desk, self.staff.head, as_of=as_of)}
            assert got == expected, as_of

    @invariant()
    def figures_from_a_month_end_snapshot_equal_a_replay_of_all_history(self):
        """Issue 14: as of days before, at and after each held close, what was open (read from the nearest
        held snapshot plus the entries after it) is what a replay of all history gives, backdated entries
        into the open month and reversals after the close included."""
        with self.desk.reading() as uow:
            held = uow.held_snapshots()
            assert len(held) == len(self.closed)
            conn = uow.session.connection()
            for snapshot in held:
                for day in {snapshot.as_of - timedelta(days=3), snapshot.as_of, snapshot.as_of + timedelta(days=1),
                            snapshot.as_of + timedelta(days=20), self.today - timedelta(days=1)}:
                    if not START <= day < self.today:
                        continue
                    via = {r.item_id: tuple(r) for r in conn.execute(open_items_replayed(day, held)) if r.open_amount}
                    full = {r.item_id: tuple(r) for r in conn.execute(replayed_open_items(day)) if r.open_amount}
                    assert via == full, (snapshot.as_of, day)
                    # the sums, from the closest snapshot before or after the day (aging, movement, dashboard)
                    summed: dict[tuple, int] = {}
                    for r in conn.execute(open_amounts_replayed(day, held)):
                        summed[r.customer_id, r.due_date] = summed.get((r.customer_id, r.due_date), 0) + r.open_amount
                    added: dict[tuple, int] = {}
                    for r in conn.execute(replayed_open_items(day)):
                        added[r.customer_id, r.due_date] = added.get((r.customer_id, r.due_date), 0) + r.open_amount
                    assert {k: v for k, v in summed.items() if v} == {k: v for k, v in added.items() if v}, day


LedgerMachine.TestCase.settings = settings(
    max_examples=10 if server.ON_SERVER else 30,  # on the server each example is a database of its own: slower
    stateful_step_count=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
test_ledger_state_machine = LedgerMachine.TestCase
