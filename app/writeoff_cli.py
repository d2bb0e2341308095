"""``arrears-desk write-off apply|review|approve|reject|withdraw|list|register|recover|decisions``: the 坏账核销
workflow at the command line (app/services/writeoffs.py), for the same roles as the screens. At the city
office, ``--branch BR01`` decides a branch's application (app/services/city_decisions.py): the decision goes
down with the next ``sync export``; ``decisions`` lists what was decided and what became of it."""
from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from app.domain.money import format_fen, parse_amount
from app.services.setup import is_city_office
from app.domain.writeoff import Cause, Fact


def add_parser(sub, db_arg: Callable, user_args: Callable, day: Callable) -> None:
    p = sub.add_parser("write-off", help="坏账核销: apply, review, approve or reject; the 账销案存 register; "
                       "money recovered on a written-off item")
    steps = p.add_subparsers(dest="step", required=True)

    def common(q: argparse.ArgumentParser) -> argparse.ArgumentParser:
        db_arg(q)
        user_args(q)
        return q

    q = common(steps.add_parser("apply", help="apply for an item more than three months overdue"))
    q.add_argument("--item", type=int, required=True, help="the arrears item's id (shown on the ledger page)")
    q.add_argument("--cause", choices=[c.value for c in Cause], required=True,
                   help="; ".join(f"{c.value}: {c.words.en}" for c in Cause))
    q.add_argument("--reason", required=True)
    q.add_argument("--amount", default=None, help="yuan (default: all that is open and not yet applied for)")
    q.add_argument("--fact", action="append", default=[], metavar="KEY=TEXT",
                   help="evidence facts: " + ", ".join(f.value for f in Fact))
    q.add_argument("--file", action="append", default=[], type=Path, metavar="SCAN",
                   help="an evidence scan (repeat for several)")
    for name, text in (("review", "marketing: review (where the site asks)"),
                       ("approve", "finance: approve; the write-off is booked today")):
        q = common(steps.add_parser(name, help=text))
        q.add_argument("application", type=int)
        q.add_argument("--note", default="")
        q.add_argument("--branch", default=None, help="at the city office: the branch whose application it is")
    for name, text in (("reject", "finance (or marketing at review): reject with a reason"),
                       ("withdraw", "the applicant takes the application back")):
        q = common(steps.add_parser(name, help=text))
        q.add_argument("application", type=int)
        q.add_argument("--reason", required=True)
        if name == "reject":
            q.add_argument("--branch", default=None, help="at the city office: the branch whose application it is")
    q = common(steps.add_parser("list", help="applications still open (--all: every one)"))
    q.add_argument("--all", action="store_true")
    q.add_argument("--branch", default=None, help="at the city office: one branch's applications (default: all)")
    q = common(steps.add_parser("approved-at", help="where finance approves this branch's write-offs: branch, or "
                                "city (the city office, through the exchange)"))
    q.add_argument("where", choices=("branch", "city"))
    common(steps.add_parser("decisions", help="the city office's decisions: at the city, what each branch did with "
                            "them; at a branch, those taken here (refusals with the reason)"))
    q = common(steps.add_parser("register", help="账销案存登记簿: written-off debts and what came back"))
    q.add_argument("--as-of", type=day, default=None)
    q.add_argument("--out", type=Path, default=None, help=".xlsx or .pdf (default: printed)")
    q = common(steps.add_parser("recover", help="收回已核销坏账: money received on a written-off item"))
    q.add_argument("--item", type=int, required=True)
    q.add_argument("--amount", required=True, help="yuan")
    q.add_argument("--method", default="cash")
    q.add_argument("--receipt", required=True)
    q.add_argument("--on", type=day, default=None, help="the day received (default: today)")


def run(args, db_path: Path, sign_in: Callable) -> int:
    from app.services import writeoffs as wo
    from app.services.context import Desk
    zh = args.lang == "zh_CN"

    def say(words) -> str:
        return words.zh if zh else words.en

    with Desk(db_path, create=False) as desk:
        actor = sign_in(desk, args)
        step = args.step
        if step == "apply":
            facts = dict(part.split("=", 1) for part in args.fact if "=" in part)
            request = wo.WriteOffRequest(args.item, args.cause, args.reason, facts,
                                         tuple(wo.read_scan(path) for path in args.file),
                                         None if args.amount is None else parse_amount(args.amount))
            _show(wo.apply_write_off(desk, actor, request), say)
        elif step in ("review", "approve", "reject") and args.branch:  # decisions: at the city office
            from app.services.city_decisions import decide_branch_write_off
            kind = {"review": "write_off_review", "approve": "write_off_approve", "reject": "write_off_reject"}[step]
            row = decide_branch_write_off(desk, actor, args.branch, args.application, kind,
                                          args.reason if step == "reject" else args.note)
            _show_branch(row, say)
        elif step == "list" and is_city_office(desk):
            from app.services.city_decisions import branch_applications
            for row in branch_applications(desk, actor, args.branch and args.branch.strip().upper()):
                _show_branch(row, say)
        elif step == "approved-at":
            from app.services.settings import set_write_off_approved_at
            set_write_off_approved_at(desk, actor, args.where)
            print(("坏账核销审批：" + ("市局财务" if args.where == "city" else "本网点财务")) if zh else
                  f"Write-offs approved by finance at the {'city office' if args.where == 'city' else 'branch'}")
        elif step == "decisions":
            _decisions(desk, actor, say, args.lang)
        elif step in ("review", "approve"):
            act = wo.review_write_off if step == "review" else wo.approve_write_off
            _show(act(desk, actor, args.application, args.note), say)
        elif step in ("reject", "withdraw"):
            act = wo.reject_write_off if step == "reject" else wo.withdraw_write_off
            _show(act(desk, actor, args.application, args.reason), say)
        elif step == "list":
            for info in wo.applications(desk, actor, open_only=not args.all):
                _show(info, say)
        elif step == "register":
            if args.out is not None:
                from app.reports.request import ReportKind, ReportRequest
                from app.services import reports
                report = reports.build(desk, actor, ReportRequest(ReportKind.WRITE_OFFS, args.as_of))
                reports.write_report(desk, report, args.out)
                print(f"已导出账销案存登记簿：{args.out}" if zh else f"Register written: {args.out}")
            else:
                for line in wo.register(desk, actor, args.as_of):
                    cause = line.cause if isinstance(line.cause, str) else say(line.cause)
                    print(f"{line.written_off_on}  {line.customer}  {line.voucher_no}  {format_fen(line.amount)}  "
                          f"{cause}  {line.handler}  {line.applied_by}/{line.reviewed_by or '-'}/{line.approved_by}  "
                          f"{'已收回' if zh else 'recovered'} {format_fen(line.recovered)}")
        elif step == "recover":
            recovery = wo.record_recovery(desk, actor, args.item, parse_amount(args.amount), method=args.method,
                                          receipt_no=args.receipt, received_on=args.on)
            print(f"已登记收回已核销坏账 #{recovery}" if zh else f"Recovered bad debt recorded (#{recovery})")
    return 0


def _show(info, say) -> None:
    print(f"#{info.application_id}  {info.customer}  {info.voucher_no}  {format_fen(info.amount)}  "
          f"{say(info.cause.words)}  {info.applied_by} {info.applied_on}  {say(info.stage.words)}")


# -- decisions made at the city office ---------------------------------------------------------------------

def _show_branch(row, say) -> None:
    info = row.info
    print(f"{row.branch}  #{info.application_id}  {info.customer}  {info.voucher_no}  {format_fen(info.amount)}  "
          f"{say(info.cause.words)}  {row.applicant[0]}/{row.applicant[1]} {info.applied_on}  {say(row.stage_words)}")


def _decisions(desk, actor, say, lang: str) -> None:
    from app.services import city_decisions as cd
    if is_city_office(desk):
        for m in cd.decisions_made(desk, actor):
            amount = f"  {format_fen(m.amount)}" if m.amount else ""
            why = f"  {m.refusal.message(lang)}" if m.refusal else ""
            print(f"{m.decided_on}  {m.branch}  {say(m.kind.words)}  {m.subject}{amount}  {m.decided_by}  "
                  f"{m.reason}  {say(m.outcome.words)}{why}".replace("    ", "  "))
    else:
        for t in cd.decisions_taken(desk, actor):
            why = f"  {t.refusal.message(lang)}" if t.refusal else ""
            print(f"{t.decided_on}  {say(t.words)}  {t.decided_by}  {say(t.outcome.words)}{why}")
