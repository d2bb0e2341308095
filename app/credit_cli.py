"""``arrears-desk credit list|approve|reject|approved-at``: 记欠审批 at the command line (marketing deciding
agreement customers' credit applications, app/services/customers.py). At the city office, ``--branch BR01``
decides a branch's application (app/services/city_decisions.py) where the branch's setting
``credit.approved_at`` is ``city``: the decision goes down with the next ``sync export``."""
from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from app.domain.money import format_fen, parse_amount
from app.services.setup import is_city_office


def add_parser(sub, db_arg: Callable, user_args: Callable) -> None:
    p = sub.add_parser("credit", help="记欠审批: marketing approves or rejects credit applications")
    steps = p.add_subparsers(dest="step", required=True)

    def common(q: argparse.ArgumentParser) -> argparse.ArgumentParser:
        db_arg(q)
        user_args(q)
        return q

    q = common(steps.add_parser("list", help="pending credit applications (at the city office: the branches')"))
    q.add_argument("--branch", default=None, help="at the city office: one branch's applications (default: all)")
    q = common(steps.add_parser("approve", help="approve; the agreement starts the day it is recorded at the branch"))
    q.add_argument("application", type=int)
    q.add_argument("--limit", default=None, help="the credit limit in yuan (default: as applied for)")
    q.add_argument("--period-days", type=int, default=None, help="信用期: the credit period in days, 0-180 "
                   "(default: as applied for)")
    q.add_argument("--cycle-months", type=int, default=None, help="结算周期: the settlement cycle in months, 1-3 "
                   "(default: as applied for)")
    q.add_argument("--note", default="")
    q.add_argument("--branch", default=None, help="at the city office: the branch whose application it is")
    q = common(steps.add_parser("reject", help="reject with a reason"))
    q.add_argument("application", type=int)
    q.add_argument("--reason", required=True)
    q.add_argument("--branch", default=None, help="at the city office: the branch whose application it is")
    q = common(steps.add_parser("approved-at", help="where marketing approves this branch's credit applications: "
                                "branch, or city (the city office, through the exchange)"))
    q.add_argument("where", choices=("branch", "city"))


def run(args, db_path: Path, sign_in: Callable) -> int:
    from app.services import customers
    from app.services.context import Desk
    zh = args.lang == "zh_CN"

    def say(words) -> str:
        return words.zh if zh else words.en

    with Desk(db_path, create=False) as desk:
        actor = sign_in(desk, args)
        step = args.step
        limit = None if getattr(args, "limit", None) is None else parse_amount(args.limit, allow_zero=True)
        if step in ("approve", "reject") and args.branch:  # decisions: at the city office
            from app.services.city_decisions import decide_branch_credit
            row = decide_branch_credit(desk, actor, args.branch, args.application,
                                       "credit_approve" if step == "approve" else "credit_reject",
                                       credit_limit=limit, credit_period_days=getattr(args, "period_days", None),
                                       settlement_cycle_months=getattr(args, "cycle_months", None),
                                       reason=args.reason if step == "reject" else args.note)
            _show_branch(row, say)
        elif step == "list" and is_city_office(desk):
            from app.services.city_decisions import branch_credit_applications
            for row in branch_credit_applications(desk, actor, args.branch):
                _show_branch(row, say)
        elif step == "list":
            for info in customers.pending_applications(desk, actor):
                _show(info)
        elif step == "approve":
            agreement = customers.approve_credit(desk, actor, args.application, credit_limit=limit,
                                                 credit_period_days=args.period_days,
                                                 settlement_cycle_months=args.cycle_months, note=args.note)
            print(f"已批准：协议 {agreement.number}，额度 {format_fen(agreement.credit_limit)}，"
                  f"信用期 {agreement.credit_period_days} 天，结算周期 {agreement.settlement_cycle_months} 个月" if zh else
                  f"Approved: agreement {agreement.number}, limit {format_fen(agreement.credit_limit)}, "
                  f"credit period {agreement.credit_period_days} days, "
                  f"settlement cycle {agreement.settlement_cycle_months} months")
        elif step == "reject":
            customers.reject_credit(desk, actor, args.application, args.reason)
            print(f"已驳回记欠申请 #{args.application}" if zh else f"Credit application #{args.application} rejected")
        elif step == "approved-at":
            from app.services.settings import set_credit_approved_at
            set_credit_approved_at(desk, actor, args.where)
            print(("记欠审批：" + ("市局市场部" if args.where == "city" else "本网点市场部")) if zh else
                  f"Credit approved by marketing at the {'city office' if args.where == 'city' else 'branch'}")
    return 0


def _show(info) -> None:
    print(f"#{info.application_id}  {info.customer_name}  {info.credit_grade}  {format_fen(info.requested_limit)}  "
          f"{info.requested_period_days}d  {info.applied_by} {info.applied_at:%Y-%m-%d}")


def _show_branch(row, say) -> None:
    info = row.info
    print(f"{row.branch}  #{info.application_id}  {info.customer_name}  {info.credit_grade}  "
          f"{format_fen(info.requested_limit)}  {row.applicant[0]}/{row.applicant[1]} {info.applied_at:%Y-%m-%d}  "
          f"{say(row.stage_words)}")
