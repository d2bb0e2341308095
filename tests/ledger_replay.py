"""An independent replay of the ledger from its raw tables (plain sqlite3, plain Python): what every
figure must be, computed without the services' maintained balances or the read models in db/"""
from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path


@dataclass
class Entries:
    items: dict[int, dict]
    repayments: dict[int, dict]
    allocations: list[dict]
    item_reversed_on: dict[int, date]
    repayment_reversed_on: dict[int, date]
    written_off: dict[int, tuple[int, date]]


def read_entries(path: Path | str) -> Entries:
    """The raw entries of the database file at ``path``, or of the database at a server URL (plain psycopg)."""
    if isinstance(path, str) and "://" in path:
        import psycopg
        from psycopg.rows import dict_row
        from sqlalchemy.engine import make_url
        url = make_url(path)
        con = psycopg.connect(host=url.host, port=url.port, user=url.username, password=url.password,
                              dbname=url.database, row_factory=dict_row)
    else:
        con = sqlite3.connect(path)
        con.row_factory = sqlite3.Row

    def d(day):  # ISO text from SQLite, a date from the server
        return day if isinstance(day, date) else date.fromisoformat(day)
    items = {r["id"]: dict(customer_id=r["customer_id"], amount=r["amount"], business_date=d(r["business_date"]),
                           billing_period=r["billing_period"], due_date=d(r["due_date"]))
             for r in con.execute("SELECT * FROM arrears_items")}
    repayments = {r["id"]: dict(customer_id=r["customer_id"], amount=r["amount"], paid_on=d(r["paid_on"]),
                                mode=r["mode"])
                  for r in con.execute("SELECT * FROM repayments")}
    allocations = [dict(id=r["id"], repayment_id=r["repayment_id"], item_id=r["arrears_item_id"], amount=r["amount"],
                        effective_on=d(r["effective_on"]), customer_id=r["customer_id"])
                   for r in con.execute("SELECT * FROM allocations ORDER BY id")]
    item_rev, rep_rev = {}, {}
    for r in con.execute("SELECT * FROM reversals"):
        if r["arrears_item_id"] is not None:
            item_rev[r["arrears_item_id"]] = d(r["reversed_on"])
        else:
            rep_rev[r["repayment_id"]] = d(r["reversed_on"])
    written = {r["arrears_item_id"]: (r["amount"], d(r["written_off_on"]))
               for r in con.execute("SELECT * FROM write_offs")}
    con.close()
    return Entries(items, repayments, allocations, item_rev, rep_rev, written)


FOREVER = date(9999, 12, 31)


def open_amounts(e: Entries, as_of: date = FOREVER) -> dict[int, int]:
    """Open amount of every item that exists and is not reversed as of ``as_of``."""
    opened = {}
    for item_id, item in e.items.items():
        if item["business_date"] > as_of:
            continue
        if _reversed_by(e.item_reversed_on.get(item_id), as_of):
            continue
        opened[item_id] = item["amount"]
    for a in e.allocations:
        if a["item_id"] not in opened or a["effective_on"] > as_of:
            continue
        if _reversed_by(e.repayment_reversed_on.get(a["repayment_id"]), as_of):
            continue
        opened[a["item_id"]] -= a["amount"]
    for item_id, (amount, on) in e.written_off.items():
        if item_id in opened and on <= as_of:
            opened[item_id] -= amount
    return opened


def _reversed_by(reversed_on: date | None, as_of: date) -> bool:
    return reversed_on is not None and reversed_on <= as_of


def unapplied_as_of(e: Entries, as_of: date) -> dict[int, int]:
    """Money of every repayment paid by ``as_of`` and not reversed by then that no offset counting that day
    has used (预存款 as of the day)."""
    left = {rid: r["amount"] for rid, r in e.repayments.items()
            if r["paid_on"] <= as_of and not _reversed_by(e.repayment_reversed_on.get(rid), as_of)}
    for a in e.allocations:
        if a["repayment_id"] not in left or a["effective_on"] > as_of:
            continue
        if _reversed_by(e.item_reversed_on.get(a["item_id"]), as_of):
            continue
        left[a["repayment_id"]] -= a["amount"]
    return left


def unapplied(e: Entries) -> dict[int, int]:
    left = {rid: (0 if rid in e.repayment_reversed_on else r["amount"]) for rid, r in e.repayments.items()}
    for a in e.allocations:
        if a["repayment_id"] in e.repayment_reversed_on or a["item_id"] in e.item_reversed_on:
            continue
        left[a["repayment_id"]] -= a["amount"]
    return left


def customer_totals(e: Entries) -> dict[int, tuple[int, int]]:
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for item_id, amount in open_amounts(e).items():
        totals[e.items[item_id]["customer_id"]][0] += amount
    for rid, amount in unapplied(e).items():
        totals[e.repayments[rid]["customer_id"]][1] += amount
    return {cid: (o, c) for cid, (o, c) in totals.items()}


def aging_by_customer(e: Entries, as_of: date, scheme: str, bounds=(90, 180, 365)) -> dict[int, list[int]]:
    """Replay: bucket every item open as of the date, by the rules of each scheme, counted day by day."""
    result: dict[int, list[int]] = {}
    n = 4 if scheme == "telecom" else len(bounds) + 2
    for item_id, amount in open_amounts(e, as_of).items():
        if amount <= 0:
            continue
        item = e.items[item_id]
        if scheme == "telecom":
            months = (as_of.year * 12 + as_of.month) - (item["billing_period"] // 100 * 12 + item["billing_period"] % 100)
            bucket = min(max(months, 0), 3)
        else:
            days = (as_of - item["due_date"]).days
            bucket = 0 if days <= 0 else next((k + 1 for k, b in enumerate(bounds) if days <= b), len(bounds) + 1)
        row = result.setdefault(item["customer_id"], [0] * n)
        row[bucket] += amount
    return result


def days(n: int) -> timedelta:
    return timedelta(days=n)
