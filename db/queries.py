"""Hand-written SQL that replays the ledger to a date, for the reports' and aging's own hand-written SQL
(``:as_of`` is an ISO date) until they are built on ``db.standing.replayed_open_items``; then this module
goes. (``verify`` recomputes through ``db.standing``.)

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
