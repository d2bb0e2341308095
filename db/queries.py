"""Hand-written SQL that recomputes ledger figures from the entries alone.

Used by historical aging (``:as_of`` is an ISO date) and by ``verify``, which compares the
recomputed figures with the maintained balances.

Rules the SQL encodes:
- an item counts from its business date until the day it is reversed;
- an allocation counts from ``effective_on`` until its repayment or its item is reversed;
- a write-off counts from ``written_off_on``.
"""
from __future__ import annotations

ITEM_OPEN_AS_OF = """
WITH alloc AS (
    SELECT a.arrears_item_id AS item_id, SUM(a.amount) AS allocated
    FROM allocations a
    WHERE a.effective_on <= :as_of
      AND NOT EXISTS (SELECT 1 FROM reversals r WHERE r.repayment_id = a.repayment_id AND r.reversed_on <= :as_of)
    GROUP BY a.arrears_item_id
), wo AS (
    SELECT arrears_item_id AS item_id, amount FROM write_offs WHERE written_off_on <= :as_of
)
SELECT i.id AS item_id, i.customer_id, i.business_date, i.billing_period, i.due_date, i.business_line_id,
       i.handler_id, i.branch_id,
       i.amount - COALESCE(alloc.allocated, 0) - COALESCE(wo.amount, 0) AS open_amount
FROM arrears_items i
LEFT JOIN alloc ON alloc.item_id = i.id
LEFT JOIN wo ON wo.item_id = i.id
WHERE i.business_date <= :as_of
  AND NOT EXISTS (SELECT 1 FROM reversals r WHERE r.arrears_item_id = i.id AND r.reversed_on <= :as_of)
"""

# Every item with its current open amount (0 for reversed or closed items), as item_balances holds it.
ITEM_BALANCES_RECOMPUTED = """
WITH alloc AS (
    SELECT a.arrears_item_id AS item_id, SUM(a.amount) AS allocated
    FROM allocations a
    WHERE NOT EXISTS (SELECT 1 FROM reversals r WHERE r.repayment_id = a.repayment_id)
    GROUP BY a.arrears_item_id
), wo AS (
    SELECT arrears_item_id AS item_id, amount FROM write_offs
)
SELECT i.id AS item_id, i.customer_id, i.business_date, i.billing_period, i.due_date, i.business_line_id,
       i.handler_id, i.branch_id,
       CASE WHEN EXISTS (SELECT 1 FROM reversals r WHERE r.arrears_item_id = i.id) THEN 0
            ELSE i.amount - COALESCE(alloc.allocated, 0) - COALESCE(wo.amount, 0) END AS open_amount
FROM arrears_items i
LEFT JOIN alloc ON alloc.item_id = i.id
LEFT JOIN wo ON wo.item_id = i.id
"""

# Every repayment with what is not yet offset (0 once reversed). Allocations to reversed items are
# cancelled, so that money is unapplied again.
REPAYMENT_BALANCES_RECOMPUTED = """
WITH alloc AS (
    SELECT a.repayment_id, SUM(a.amount) AS allocated
    FROM allocations a
    WHERE NOT EXISTS (SELECT 1 FROM reversals r WHERE r.arrears_item_id = a.arrears_item_id)
    GROUP BY a.repayment_id
)
SELECT p.id AS repayment_id, p.customer_id,
       CASE WHEN EXISTS (SELECT 1 FROM reversals r WHERE r.repayment_id = p.id) THEN 0
            ELSE p.amount - COALESCE(alloc.allocated, 0) END AS unapplied
FROM repayments p
LEFT JOIN alloc ON alloc.repayment_id = p.id
"""

def customer_balances_from(item_balances: str, repayment_balances: str) -> str:
    """Per customer: the sum of its items' open amounts and of its repayments' unapplied money."""
    return f"""
SELECT c.id AS customer_id, COALESCE(ib.open_total, 0) AS open_total, COALESCE(rb.unapplied, 0) AS unapplied_credit
FROM customers c
LEFT JOIN (SELECT customer_id, SUM(open_amount) AS open_total FROM {item_balances} GROUP BY customer_id) ib
       ON ib.customer_id = c.id
LEFT JOIN (SELECT customer_id, SUM(unapplied) AS unapplied FROM {repayment_balances} GROUP BY customer_id) rb
       ON rb.customer_id = c.id
"""
