"""The ``arrears-desk`` commands: batch work (init, demo, verify, notices, statement, report, import).

The desktop app is started by the entry point that stands above both ``app`` and ``ui``
(``ui/launcher.py``), which hands ``main`` the way to open it; ``app`` itself never imports the GUI.
Errors print a clear message (Chinese by default) and a non-zero exit code, never a traceback:
2 for refused input or a failed check, 3 for an unexpected internal error.
"""
from __future__ import annotations

import argparse
import os
import sys
from datetime import date, datetime
from collections.abc import Callable
from pathlib import Path

from app.domain.aging import AgingScheme
from app.domain.errors import DomainError
from app.domain.periods import end_of_day
from app.reports.request import ReportKind, ReportRequest, TotalsSource

EXIT_OK, EXIT_REFUSED, EXIT_INTERNAL = 0, 2, 3
APP_NAME = "ArrearsDesk"
NEW_PASSWORD_ENV = "ARREARS_DESK_NEW_PASSWORD"  # reset-admin's new password, for scripts (never an argument)


def default_db_path() -> Path | str:
    """The machine's database: %PROGRAMDATA%\\ArrearsDesk on Windows, ~/.local/share/ArrearsDesk on Linux
    (app.services.places). ``ARREARS_DESK_DB`` overrides it (a file, or a PostgreSQL server's URL)."""
    from app.services.places import default_db_path as machine_default
    found = machine_default()
    return found if isinstance(found, str) else Path(found)


# The installed program (issue 16, bundle): --version, and the windowed build's missing console.
class _Version(argparse.Action):
    def __init__(self, option_strings, dest, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print the version and exit")

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from app.version import app_version
        print(f"ArrearsDesk {app_version()}")
        parser.exit()


def _without_console() -> None:
    """A windowed Windows build (console=False) starts with sys.stdout/stderr/stdin None: what the
    commands print goes nowhere instead of failing."""
    for name, mode in (("stdin", "r"), ("stdout", "w"), ("stderr", "w")):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, mode, encoding="utf-8"))


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”无效，请按 YYYY-MM-DD 输入") from None


def _moment(text: str) -> datetime:
    """A day (its end: everything recorded before the next midnight) or a moment."""
    try:
        return end_of_day(date.fromisoformat(text)) if len(text.strip()) == 10 else datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"时间“{text}”无效，请按 YYYY-MM-DD 或 YYYY-MM-DD HH:MM:SS 输入") from None


def _database(text: str) -> Path | str:
    """``--db``: a database file, or (server mode) a PostgreSQL URL, kept as written (a Path would fold its //)."""
    if "://" not in text:  # a file: nothing to load (SQLAlchemy would be imported before the sign-in dialog)
        return Path(text)
    from db.engine import PasswordInUrl, is_server
    try:
        return text if is_server(text) else Path(text)
    except PasswordInUrl:
        raise argparse.ArgumentTypeError(DomainError("db.password_in_url").message("zh")) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="arrears-desk", description="ArrearsDesk 用户欠费管理系统")
    parser.add_argument("--lang", choices=("zh_CN", "en"), default="zh_CN", help="message language")
    parser.add_argument("--version", action=_Version)
    sub = parser.add_subparsers(dest="command")

    def db_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", type=_database, default=None,
                       help=f"database file, or a PostgreSQL server's postgresql://user@host/dbname "
                            f"(password from PGPASSWORD or ~/.pgpass) (default: {default_db_path()})")

    p = sub.add_parser("gui", help="open the desktop app (the default)")
    db_arg(p)
    p = sub.add_parser("init", help="create or upgrade a database file; optionally create the site")
    db_arg(p)
    p.add_argument("--site-code")
    p.add_argument("--site-name")
    p.add_argument("--admin", default="admin")
    p.add_argument("--password", help="the first administrator's password (or ARREARS_DESK_ADMIN_PASSWORD)")
    p.add_argument("--city", action="store_true", help="this site is the city office (市局), not a branch")
    p.add_argument("--app-role", metavar="ROLE", default=None,  # server mode (issue 15)
                   help="server mode, run as the database's owner: let this login role (the workstations') "
                        "read and write rows, and nothing more")
    p = sub.add_parser("demo", help="fill a new database with a realistic demo ledger")
    db_arg(p)
    p.add_argument("--customers", type=int, default=300)
    p.add_argument("--months", type=int, default=18)
    p.add_argument("--items-per-month", type=float, default=4.0, help="average arrears items per customer-month")
    p.add_argument("--seed", type=int, default=20261125)
    p.add_argument("--today", type=_date, default=None, help="the demo's 'today' (YYYY-MM-DD)")
    p = sub.add_parser("verify", help="check every ledger invariant; exit code 2 on any failure")
    db_arg(p)
    p.add_argument("--against", metavar="ROOT", default=None,
                   help="an integrity root printed on a report: prove the history up to then unchanged")
    p.add_argument("--as-of", dest="as_of", type=_moment, default=None,
                   help="with --against: the day (YYYY-MM-DD, meaning its end) or moment (YYYY-MM-DD HH:MM:SS) "
                        "the root was printed for")
    # verifyinc: incremental by default, from the point the last passing verify recorded
    p.add_argument("--full", action="store_true",
                   help="check the whole history (SQLite integrity and every link), not only what came after "
                        "the last verified point; --against always does")

    def user_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("--user", default=os.environ.get("ARREARS_DESK_USER"),
                       help="who issues (recorded with each document; or ARREARS_DESK_USER)")
        p.add_argument("--password", default=None,
                       help="visible to others on this computer: prefer ARREARS_DESK_PASSWORD or the prompt")

    p = sub.add_parser("notices", help="issue collection notices (催缴通知书) as PDF")
    db_arg(p)
    user_args(p)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--customer", action="append", help="customer code (repeatable)")
    which.add_argument("--step", type=int, help="every customer whose ladder has reached this step")
    p.add_argument("--as-of", type=_date, default=None, help="date of the notices (default: today)")
    p.add_argument("--out", type=Path, required=True, help="the PDF file (or a folder with --per-customer)")
    p.add_argument("--per-customer", action="store_true", help="one PDF per customer in the folder --out")
    p = sub.add_parser("statement", help="issue a statement of account (对账单) as PDF")
    db_arg(p)
    user_args(p)
    p.add_argument("--customer", required=True, help="customer code")
    p.add_argument("--from", dest="start", type=_date, required=True)
    p.add_argument("--to", dest="end", type=_date, required=True)
    p.add_argument("--out", type=Path, required=True)

    p = sub.add_parser("apply-credit", help="预存款核销: apply a customer's unapplied credit to open items, dated today")
    db_arg(p)
    user_args(p)
    p.add_argument("--customer", required=True, help="customer code")
    p.add_argument("--item", action="append", default=[], metavar="VOUCHER",
                   help="an item to pay by its voucher number (repeatable; default: oldest first, 先发生、先核销)")
    p.add_argument("--preview", action="store_true", help="only show where the credit would go; write nothing")

    p = sub.add_parser("import", help="import customers, arrears items, revenue or reconciliation totals")
    p.add_argument("kind", choices=("customers", "arrears", "revenues", "external"))
    p.add_argument("--source", choices=("finance", "business"), default="finance",
                   help="for 'external': whose totals these are")
    p.add_argument("file", type=Path)
    db_arg(p)
    user_args(p)
    p.add_argument("--dry-run", action="store_true", help="check the file and report; write nothing")
    p.add_argument("--only-valid", action="store_true", help="import the good rows even if others are bad")
    p.add_argument("--template", action="store_true", help="write an empty template to FILE instead")

    p = sub.add_parser("report", help="a report to .xlsx or .pdf")
    p.add_argument("kind", choices=[kind.value for kind in ReportKind])
    db_arg(p)
    user_args(p)
    p.add_argument("--as-of", type=_date, default=None,
                   help="as of this date, the end of the period, or a day of the reconciliation month (default: today)")
    p.add_argument("--from", dest="start", type=_date, default=None,
                   help="period start for movement/daily/handlers (default: the first of the as-of month)")
    p.add_argument("--scheme", choices=[scheme.value for scheme in AgingScheme], default="overdue",
                   help="aging scheme")
    p.add_argument("--details", action="store_true", help="aging: add every open item (drill-down sheet)")
    p.add_argument("--source", choices=[source.value for source in TotalsSource], default="finance",
                   help="reconciliation: whose totals")
    p.add_argument("--branch", dest="branches", action="append", default=[], metavar="CODE",
                   help="at the city office: only this branch (repeat for several; default: every branch)")
    p.add_argument("--format", choices=("xlsx", "pdf"), default=None, help="default: from the --out suffix")
    p.add_argument("--out", type=Path, required=True)

    p = sub.add_parser("sync", help="数据交换: exchange package files between branches and the city office")
    sync = p.add_subparsers(dest="sync_command", required=True)
    q = sync.add_parser("export", help="write this site's packages into a folder")
    db_arg(q)
    user_args(q)
    q.add_argument("--out", type=Path, required=True, help="the folder (USB stick, shared folder)")
    q = sync.add_parser("import", help="apply package files received")
    q.add_argument("files", type=Path, nargs="+")
    db_arg(q)
    user_args(q)
    q = sync.add_parser("status", help="packages sent and received, and the sites exchanged with")
    db_arg(q)
    user_args(q)
    q = sync.add_parser("identity", help="write this site's setup file (its code, name and public key)")
    db_arg(q)
    user_args(q)
    q.add_argument("--out", type=Path, required=True, help="the file, or a folder")
    q.add_argument("--new-key", action="store_true", help="make a new signing key first (the old one lost)")
    q = sync.add_parser("register", help="register another site from its setup file (or take its new key)")
    q.add_argument("file", type=Path)
    db_arg(q)
    user_args(q)
    q = sync.add_parser("copy", help="at the city office: a branch's copy, signed, for that branch to rebuild from")
    q.add_argument("--branch", required=True, help="the branch's code")
    q.add_argument("--out", type=Path, required=True, help="the file, or a folder")
    db_arg(q)
    user_args(q)
    q = sync.add_parser("rebuild", help="at a branch: a new database from the city office's copy plus this "
                        "branch's own packages the city never got")
    q.add_argument("copy", type=Path, help="the city office's copy (sync copy)")
    q.add_argument("packages", type=Path, nargs="*", help="this branch's own package files not yet acknowledged")
    q.add_argument("--out", type=Path, required=True, help="the new database file (must not exist)")
    db_arg(q)
    user_args(q)
    q = sync.add_parser("revoke", help="refuse every file from a site from now on")
    q.add_argument("site", help="the site's code")
    db_arg(q)
    user_args(q)

    p = sub.add_parser("backup", help="备份: a copy of the database now (SQLite's online backup), kept N days")
    db_arg(p)
    p.add_argument("--out", type=Path, default=None, help="the folder (default: the backup folder set in the app)")
    p = sub.add_parser("restore", help="从备份恢复: check a backup and put it in place of the database "
                       "(the database it replaces is kept beside it)")
    p.add_argument("backup", type=Path)
    db_arg(p)

    p = sub.add_parser("audit-export", help="审计导出: the ledger, audit trail, hash chains and integrity roots of a "
                       "period as CSV/JSON with a manifest of SHA-256 hashes, readable without this program")
    db_arg(p)
    user_args(p)
    p.add_argument("--from", dest="start", type=_date, required=True, help="first day of the period (YYYY-MM-DD)")
    p.add_argument("--to", dest="end", type=_date, required=True, help="last day of the period (YYYY-MM-DD)")
    p.add_argument("--out", type=Path, required=True, help="a new (or empty) folder")

    p = sub.add_parser("confirm-date", help="confirm that this computer's date is right after all when the clock "
                       "is in doubt (a branch head or administrator; audited)")
    db_arg(p)
    user_args(p)

    p = sub.add_parser("clearance", help="清欠: what a leaving or moving user still answers for; the clearance "
                       "certificate (清欠证明) as PDF when nothing is left")
    db_arg(p)
    user_args(p)
    p.add_argument("--of", required=True, metavar="USERNAME", help="the user leaving or moving")
    p.add_argument("--certificate", type=Path, default=None, metavar="FILE.pdf",
                   help="issue the clearance certificate into this file (refused while anything is open)")
    # -- books that stay closed (helper daily): 缴款 and 作废收据 --
    p = sub.add_parser("cash-up", help="缴款: a clerk's day (receipts, money per method, voided receipts, gaps), "
                       "voiding receipts, handing in, and receiving hand-ins (finance, branch head)")
    cash = p.add_subparsers(dest="cash_command", required=True)
    q = cash.add_parser("day", help="the day of the signed-in clerk (or of --clerk, for finance and the head)")
    q.add_argument("--day", type=_date, default=None)
    q.add_argument("--clerk", default=None, metavar="USERNAME")
    q = cash.add_parser("void", help="作废收据: record spoiled or voided receipt numbers, with the reason")
    q.add_argument("--from", dest="first", required=True, metavar="RECEIPT")
    q.add_argument("--to", dest="last", default=None, metavar="RECEIPT")
    q.add_argument("--reason", required=True)
    q = cash.add_parser("hand-in", help="close the day: the money counted per method, e.g. --amount cash=1234.50")
    q.add_argument("--amount", action="append", default=[], metavar="METHOD=YUAN")
    q.add_argument("--reason", default="", help="why the money differs from the receipts")
    q.add_argument("--day", type=_date, default=None)
    q = cash.add_parser("pending", help="hand-ins not yet received")
    q = cash.add_parser("receive", help="receive a hand-in (as handed in, unless --amount says otherwise)")
    q.add_argument("--id", dest="cash_up_id", type=int, required=True)
    q.add_argument("--amount", action="append", default=[], metavar="METHOD=YUAN")
    q.add_argument("--reason", default="")
    for q in cash.choices.values():
        db_arg(q)
        user_args(q)

    # -- 坏账核销 (writeoff) --
    from app.writeoff_cli import add_parser as add_write_off_parser
    add_write_off_parser(sub, db_arg, user_args, _date)
    # 记欠审批 (decisions: at the branch, or at the city office for a branch)
    from app.credit_cli import add_parser as add_credit_parser
    add_credit_parser(sub, db_arg, user_args)
    # 月结 (issue 13, postal 22)
    p = sub.add_parser("month", help="月结: close a reconciled month, reopen the latest one with a reason, list months")
    month = p.add_subparsers(dest="month_command", required=True)
    for name, text in (("list", "every month with its state"), ("check", "the movement table and reconciliation of "
                       "a month, nothing written"), ("close", "close a month (finance)"),
                       ("reopen", "reopen the latest closed month (finance, with --reason)")):
        q = month.add_parser(name, help=text)
        db_arg(q)
        user_args(q)
        if name != "list":
            q.add_argument("period", metavar="YYYY-MM", help="the month")
        if name == "close":
            q.add_argument("--explanation", default="", help="finance's explanation of a reconciliation difference")
        if name == "reopen":
            q.add_argument("--reason", required=True, help="why the month is reopened (audited)")
            q.add_argument("--branch", default=None, help="at the city office: reopen this branch's month (decisions)")
    p = sub.add_parser("reset-admin", help="at this computer: a new password for a locked-out administrator "
                       f"(prompted twice; or {NEW_PASSWORD_ENV}, or one line on standard input)")
    db_arg(p)
    p.add_argument("--user", default=None, help="the administrator's user name (needed if there are several)")
    # -- copy-db: a branch's file moved onto a database server (issue 15: pgconcur) --
    p = sub.add_parser("copy-db", help="copy an SQLite database into a new, empty database (a PostgreSQL address "
                       "such as postgresql+psycopg://user@host/db, password from PGPASSWORD or ~/.pgpass), then "
                       "verify both and compare them; exit code 2 unless equal")
    p.add_argument("--from", dest="source", type=Path, required=True, help="the SQLite database file to copy")
    p.add_argument("--to", dest="target", required=True, help="the new database: an address or a file")
    return parser


def main(argv: list[str] | None = None, *, open_gui: Callable[[Path], int] | None = None) -> int:
    """Run a command; with none (or ``gui``), ``open_gui(db_path)`` opens the desktop app when given."""
    argv = sys.argv[1:] if argv is None else argv
    _without_console()
    parser = build_parser()
    args = parser.parse_args(argv)
    lang = args.lang
    command = args.command or "gui"
    db_path = getattr(args, "db", None) or default_db_path()
    try:
        if command != "gui":
            _server_password(db_path)  # issue 15 (pgui)
        if command == "gui":
            if open_gui is None:
                parser.print_help()
                return EXIT_REFUSED
            return open_gui(db_path)
        if command == "init":
            return _init(args, db_path)
        if command == "demo":
            return _demo(args, db_path)
        if command == "verify":
            return _verify(db_path, args)
        if command == "notices":
            return _notices(args, db_path)
        if command == "statement":
            return _statement(args, db_path)
        if command == "apply-credit":
            return _apply_credit(args, db_path)
        if command == "report":
            return _report(args, db_path)
        if command == "import":
            return _import(args, db_path)
        if command == "reset-admin":
            return _reset_admin(args, db_path)
        if command == "confirm-date":
            return _confirm_date(args, db_path)
        if command == "sync":
            return _sync(args, db_path)
        if command == "backup":
            return _backup(args, db_path)
        if command == "restore":
            return _restore(args, db_path)
        if command == "clearance":
            return _clearance(args, db_path)
        if command == "write-off":  # 坏账核销 (writeoff)
            from app.writeoff_cli import run as run_write_off
            return run_write_off(args, db_path, _sign_in)
        if command == "credit":  # 记欠审批 (decisions)
            from app.credit_cli import run as run_credit
            return run_credit(args, db_path, _sign_in)
        if command == "audit-export":
            return _audit_export(args, db_path)
        if command == "cash-up":  # books that stay closed (helper daily)
            return _cash_up(args, db_path)
        if command == "month":
            return _month(args, db_path)
        if command == "copy-db":  # issue 15: pgconcur
            return _copy_db(args)
    except DomainError as error:
        print(f"错误：{error.message(lang)}" if lang == "zh_CN" else f"Error: {error.message(lang)}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print("已取消" if lang == "zh_CN" else "Cancelled", file=sys.stderr)
        return EXIT_REFUSED
    except Exception as error:  # noqa: BLE001 - the last line of defence: a message, not a traceback
        from app.services.failures import explain  # the detail goes to the log, not to the screen
        explained = explain(error, db_path)
        message = explained.message(lang)
        print(f"错误：{message}" if lang == "zh_CN" else f"Error: {message}", file=sys.stderr)
        return EXIT_INTERNAL if explained.code == "internal.error" else EXIT_REFUSED
    parser.error(f"unknown command {command}")
    return EXIT_REFUSED


def _server_password(db_path: Path | str) -> None:
    """Server mode (issue 15: pgui): a password the server asks for and libpq found nowhere (PGPASSWORD,
    ~/.pgpass) is typed at the terminal, unechoed, and kept for this run's connections only; never an
    argument (shell history, process list). Without a terminal the command says what the server wants."""
    if isinstance(db_path, Path) or not sys.stdin.isatty():
        return
    from getpass import getpass

    from db.engine import password_needed, server_url, shown_url, use_password
    if password_needed(db_path):
        use_password(db_path, getpass(f"数据库服务器 {shown_url(server_url(db_path))} 的密码："))


def _init(args, db_path: Path) -> int:
    from app.services.context import Desk
    from app.services.setup import create_site
    with Desk(db_path) as desk:
        if args.site_code:
            password = args.password or os.environ.get("ARREARS_DESK_ADMIN_PASSWORD")
            if not password:
                raise DomainError("field.required", field="管理员密码 (--password)")
            create_site(desk, code=args.site_code, name=args.site_name or args.site_code,
                        admin_username=args.admin, admin_password=password, kind="city" if args.city else "branch")
        if desk.server is not None:  # issue 15 (pgcity): the city office's replica schemas, upgraded by the owner
            from app.services.exchange import upgrade_replicas
            for code in upgrade_replicas(desk):
                print(f"分局 {code} 的副本已就绪")
        if args.app_role:
            from app.services.setup import grant_application_role
            grant_application_role(desk, args.app_role)
            print(f"已授权角色 {args.app_role} 读写数据（不能修改表结构或触发器）")
        where = desk.location
    print(f"数据库已就绪：{where}")
    return EXIT_OK


def _demo(args, db_path: Path) -> int:
    from app.services.demo import DEMO_PASSWORD, generate_demo

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\r生成中 {done}/{total} 客户", end="", file=sys.stderr, flush=True)

    summary = generate_demo(db_path, customers=args.customers, months=args.months,
                            items_per_month=args.items_per_month, seed=args.seed, today=args.today,
                            progress=progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"示范数据已生成：{db_path}\n"
          f"  客户 {summary.customers:,}，欠费 {summary.items:,} 笔，收款 {summary.repayments:,} 笔，"
          f"核销 {summary.allocations:,} 笔，冲正 {summary.reversals:,} 笔，坏账核销 {summary.write_offs:,} 笔，"
          f"用时 {summary.seconds:.1f} 秒\n"
          f"  登录：admin / head / clerk11 / marketing / finance / audit，密码均为 {DEMO_PASSWORD}")
    return EXIT_OK


def _verify(db_path: Path, args) -> int:
    from app.services.verify import integrity_root, verify_database
    checks = verify_database(db_path, against=args.against, before=args.as_of, full=args.full,
                             record=args.against is None)
    failed = 0
    for check in checks:
        mark = "通过" if check.ok else "失败"
        print(f"[{mark}] {check.name}" + ("" if check.ok else f"：{check.failure_count} 处"))
        for line in check.failures:
            print(f"        {line}")
        failed += not check.ok
    print(f"共 {len(checks)} 项检查，{failed} 项失败：{db_path}")
    print(f"完整性根（现在）：{integrity_root(db_path)}")
    return EXIT_OK if failed == 0 else EXIT_REFUSED


def _sign_in(desk, args):
    """Batch documents are issued in someone's name: the user signs in like at the desk."""
    from getpass import getpass

    from app.services.auth import login
    if not args.user:
        raise DomainError("field.required", field="用户名 (--user)")
    password = args.password or os.environ.get("ARREARS_DESK_PASSWORD")
    if not password and sys.stdin.isatty():
        password = getpass(f"{args.user} 的密码：")
    if not password:
        raise DomainError("field.required", field="密码 (--password 或 ARREARS_DESK_PASSWORD)")
    actor = login(desk, args.user, password)
    from app.services.clock import clock_in_doubt
    doubt = clock_in_doubt(desk)
    if doubt is not None:  # reading still works; postings are refused until the date is confirmed
        print(("警告：" if args.lang == "zh_CN" else "Warning: ") + doubt.refusal().message(args.lang), file=sys.stderr)
    return actor


def _clearance(args, db_path: Path) -> int:
    """清欠核实 (postal 25): the user's open items (as the one responsible now) and customers, and any
    clearance deadline; with --certificate, the 清欠证明 once nothing is left."""
    from app.domain.clearance import CLEARANCE_STATE_WORDS
    from app.domain.money import format_fen
    from app.services.clearance import clearance_status, issue_clearance_certificate
    from app.services.context import Desk
    zh = args.lang == "zh_CN"
    with Desk(db_path, create=False) as desk:
        actor = _sign_in(desk, args)
        status = clearance_status(desk, actor, args.of)
        o = status.outstanding
        print(f"{status.display_name}（{status.username}）：未清欠费 {o.open_items} 笔 {format_fen(o.open_amount)} 元，"
              f"所管客户 {o.customers} 户" if zh else
              f"{status.display_name} ({status.username}): {o.open_items} open item(s), {format_fen(o.open_amount)} "
              f"yuan; manages {o.customers} customer(s)")
        for i in status.items:
            print(f"  {i.voucher_no}  {i.customer_code} {i.customer_name}  {i.business_date}  "
                  f"{format_fen(i.open_amount)}  {i.handler}")
        for c in status.customers:
            print(f"  {c.code} {c.name}")
        if status.deadline is not None:
            state = "overdue" if desk.clock.today() > status.deadline.due_on else "due"
            words = CLEARANCE_STATE_WORDS[state]
            print(f"清欠期限：{status.deadline.due_on}（{words.zh}）" if zh
                  else f"Clearance deadline: {status.deadline.due_on} ({words.en})")
        if args.certificate is not None:
            number = issue_clearance_certificate(desk, actor, args.of, args.certificate)
            print(f"已出具清欠证明 {number}：{args.certificate}" if zh
                  else f"Clearance certificate {number} issued: {args.certificate}")
    return EXIT_OK


# -- books that stay closed (helper daily): 缴款 ----------------------------------------------------------

def _amounts(pairs: list[str]) -> dict[str, int]:
    """``cash=1234.50`` … as fen per payment method."""
    from app.domain.money import parse_amount
    out: dict[str, int] = {}
    for pair in pairs:
        method, _, yuan = pair.partition("=")
        out[method.strip()] = parse_amount(yuan.strip(), allow_zero=True)
    return out


def _cash_up(args, db_path: Path) -> int:
    """缴款 at the command line: the day, voided receipts, hand-in, the hand-ins pending, receiving one."""
    from app.domain.customers import PAYMENT_METHOD_WORDS
    from app.domain.money import format_fen
    from app.services import cashup
    from app.services.context import Desk
    zh = args.lang == "zh_CN"

    def method(m: str) -> str:
        words = PAYMENT_METHOD_WORDS.get(m)
        return m if words is None else (words.zh if zh else words.en)

    with Desk(db_path, create=False) as desk:
        actor = _sign_in(desk, args)
        command = args.cash_command
        if command == "void":
            numbers = cashup.void_receipts(desk, actor, args.first, args.last, args.reason)
            print(f"已登记作废收据 {len(numbers)} 张：{'、'.join(numbers)}" if zh
                  else f"Voided {len(numbers)} receipt(s): {', '.join(numbers)}")
        elif command == "hand-in":
            cash_up_id = cashup.hand_in(desk, actor, _amounts(args.amount), args.reason, args.day)
            print(f"已缴款（编号 {cash_up_id}），待财务或负责人接收" if zh
                  else f"Handed in (no. {cash_up_id}); waiting to be received")
        elif command == "receive":
            cashup.receive_hand_in(desk, actor, args.cash_up_id, _amounts(args.amount) if args.amount else None,
                                   args.reason)
            print(f"已接收缴款 {args.cash_up_id}" if zh else f"Hand-in {args.cash_up_id} received")
        elif command == "pending":
            for row in cashup.hand_ins(desk, actor, pending=True):
                print(f"{row.cash_up_id}  {row.day}  {row.clerk}  {format_fen(row.handed_in)}"
                      + (f"  ({format_fen(row.handed_in - row.expected)}: {row.reason})" if row.reason else ""))
        else:
            day = cashup.clerk_day(desk, actor, args.day, args.clerk)
            print(f"{day.clerk} {day.day}：收据 {len(day.receipts)} 张，应缴 {format_fen(day.total)} 元" if zh
                  else f"{day.clerk} {day.day}: {len(day.receipts)} receipt(s), {format_fen(day.total)} yuan to hand in")
            for r in day.receipts:
                bounced = ("（已退票）" if zh else " (bounced)") if r.bounced_at else ""
                print(f"  {r.receipt_no}  {r.customer}  {method(r.method)}  {format_fen(r.amount)}{bounced}")
            for m, amount in sorted(day.expected.items()):
                print(f"  {method(m)}：{format_fen(amount)}" if zh else f"  {method(m)}: {format_fen(amount)}")
            for v in day.voided:
                print(f"  作废 {v.receipt_no}：{v.reason}（{v.voided_by}）" if zh
                      else f"  voided {v.receipt_no}: {v.reason} ({v.voided_by})")
            if day.gaps:
                gaps = "、".join(map(str, day.gaps))
                print(f"收据号不连续，未说明：{gaps}" if zh else f"Receipt numbers skipped, unexplained: {gaps}")
            if day.cash_up is not None:
                c = day.cash_up
                print(f"已缴款 {format_fen(c.handed_in)}" + (f"，{c.received_by} 已接收" if c.received_by else "，待接收")
                      if zh else f"Handed in {format_fen(c.handed_in)}"
                      + (f", received by {c.received_by}" if c.received_by else ", not yet received"))
            return EXIT_REFUSED if day.gaps else EXIT_OK
    return EXIT_OK


def _confirm_date(args, db_path: Path) -> int:
    """确认日期 at the command line, as the sign-in dialog offers it: for today's date only."""
    from app.services.clock import confirm_clock
    from app.services.context import Desk
    with Desk(db_path, create=False) as desk:
        check = confirm_clock(desk, _sign_in(desk, args))
    print(f"已确认本机日期 {check.day.isoformat()}，今天可以记账" if args.lang == "zh_CN"
          else f"This computer's date {check.day.isoformat()} is confirmed; entries can be made today")
    return EXIT_OK


def _backup(args, db_path: Path) -> int:
    from app.services.backup import backup_database
    from app.services.context import Desk
    with Desk(db_path, create=False) as desk:
        path = backup_database(desk, args.out)
    print(f"已备份到 {path}" if args.lang == "zh_CN" else f"Backed up to {path}")
    return EXIT_OK


def _restore(args, db_path: Path) -> int:
    """从备份恢复 at this computer: like reset-admin, it needs the file, not a sign-in (the database may be
    the damaged thing); the audit trail of the restored database names the operating-system user."""
    import getpass
    import socket

    from app.services.backup import restore_database
    from db.engine import server_url, shown_url
    if server_url(db_path) is not None:  # server mode (issue 15): the administrator restores a server database
        raise DomainError("backup.server_database", path=shown_url(server_url(db_path)))
    try:
        os_user = getpass.getuser()
    except (KeyError, OSError):
        os_user = "?"
    kept = restore_database(args.backup, db_path, os_user=os_user, host=socket.gethostname())
    print(f"已从 {args.backup} 恢复 {db_path}；原数据库保存为 {kept}" if args.lang == "zh_CN"
          else f"Restored {db_path} from {args.backup}; the database it replaced is kept as {kept}")
    return EXIT_OK


def _audit_export(args, db_path: Path) -> int:
    from app.services.auditor_export import export_for_auditor
    from app.services.context import Desk
    with Desk(db_path, create=False) as desk:
        done = export_for_auditor(desk, _sign_in(desk, args), args.start, args.end, args.out)
    if args.lang == "zh_CN":
        print(f"已导出到 {done.folder}：{done.files} 个文件，{done.rows} 行；期初完整性根 {done.root_at_start}，"
              f"期末 {done.root_at_end}。核对方法见其中的 README.txt")
    else:
        print(f"Exported to {done.folder}: {done.files} files, {done.rows} rows; integrity root at the start "
              f"{done.root_at_start}, at the end {done.root_at_end}. README.txt there says how to check it")
    return EXIT_OK


def _sync(args, db_path: Path) -> int:
    from app.services import exchange
    from app.services.context import Desk
    zh = args.lang == "zh_CN"
    with Desk(db_path, create=False) as desk:
        if args.sync_command == "status":
            return _sync_status(exchange.exchange_status(desk, _sign_in(desk, args)), zh)
        actor = _sign_in(desk, args)
        if args.sync_command == "identity":
            identity = exchange.renew_key(desk, actor) if args.new_key else None
            path = exchange.write_identity(desk, args.out)
            print(f"交换设置文件已写入：{path}" if zh else f"Setup file written: {path}")
            if identity is not None:
                print("已生成新密钥：请把该文件交给对方重新登记" if zh
                      else "New key made: have the other side register this file again")
            return EXIT_OK
        if args.sync_command == "register":
            outcome = exchange.register_site(desk, actor, args.file)
            print(("已登记" if outcome == "registered" else "已更新密钥") if zh else outcome)
            return EXIT_OK
        if args.sync_command == "revoke":
            exchange.revoke_site(desk, actor, args.site)
            print(f"已吊销网点 {args.site}" if zh else f"Site {args.site} revoked")
            return EXIT_OK
        if args.sync_command == "copy":
            path = exchange.write_branch_copy(desk, actor, args.branch, args.out)
            print(f"已写入副本 {path}" if zh else f"Copy written: {path}")
            return EXIT_OK
        if args.sync_command == "rebuild":
            rebuilt = exchange.rebuild_branch(desk, args.copy, args.out, args.packages)
            print((f"已重建 {rebuilt.path}：市局副本至第 {rebuilt.up_to} 号包，完整性根 {rebuilt.root} 相符"
                   if zh else f"Rebuilt {rebuilt.path}: the city office's copy up to package {rebuilt.up_to}, "
                   f"integrity root {rebuilt.root} matches"))
            if rebuilt.reapplied:
                print(("随后补入本网点第 " if zh else "Then applied own packages ")
                      + ", ".join(map(str, rebuilt.reapplied)) + (" 号包（下次导出时重发）" if zh else " (sent again at the next export)"))
            for name in rebuilt.skipped:
                print(f"未用：{name}" if zh else f"Not used: {name}")
            print("请运行 verify 检查新数据库，确认无误后改用它" if zh else "Run verify on the new database, then use it")
            return EXIT_OK
        if args.sync_command == "export":
            for path in exchange.export_packages(desk, actor, args.out):
                print(f"已写入 {path}" if zh else f"Written {path}")
            return EXIT_OK
        outcomes = exchange.import_packages(desk, actor, args.files)
    refused = 0
    for outcome in outcomes:
        line = f"{outcome.file}: {outcome.message(args.lang)}"
        if outcome.also_applied:
            line += ("；随后导入了暂存的第 " if zh else "; then applied held no. ") + \
                "、".join(map(str, outcome.also_applied)) + (" 号包" if zh else "")
        print(line)
        refused += outcome.state == "refused"
    return EXIT_REFUSED if refused else EXIT_OK


def _sync_status(status, zh: bool) -> int:
    print((f"本机：{status.site}（{'市局' if status.kind == 'city' else '网点'}）") if zh
          else f"This site: {status.site} ({status.kind})")
    if status.unacknowledged:
        print(("待市局确认的包：" if zh else "Not yet acknowledged: ") + ", ".join(map(str, status.unacknowledged)))
    for peer in status.peers:
        last = peer.last_received.strftime("%Y-%m-%d %H:%M") if peer.last_received else ("从未" if zh else "never")
        warn = (" ⚠ 超过期限未收到" if zh else " ⚠ silent too long") if peer.silent_too_long else ""
        revoked = (" （已吊销）" if zh else " (revoked)") if peer.revoked else ""
        print(f"  {peer.code} {peer.name}{revoked}: " + (f"已导入至第 {peer.applied_up_to} 号，暂存 {peer.held} 个，最近 {last}"
              if zh else f"applied up to {peer.applied_up_to}, held {peer.held}, last {last}") + warn)
    for row in status.packages[:50]:
        reason = f" — {row.reason.message('zh_CN' if zh else 'en')}" if row.reason else ""
        state = row.state.words.zh if zh else row.state.words.en
        print(f"  {row.handled_at:%Y-%m-%d %H:%M} {row.direction} {row.site} #{row.seq} {state}{reason}")
    return EXIT_OK


def _notices(args, db_path: Path) -> int:
    from app.services.collection import customers_at_step
    from app.services.context import Desk
    from app.services.customers import find_customer_by_code
    from app.services.documents import issue_notices
    with Desk(db_path, create=False) as desk:
        actor = _sign_in(desk, args)
        as_of = args.as_of or desk.clock.today()
        if args.step is not None:
            ids = customers_at_step(desk, actor, args.step, as_of=as_of)
            if not ids:
                print(f"截至 {as_of} 没有处于第 {args.step} 步的逾期客户，未生成通知书")
                return EXIT_OK
        else:
            ids = [find_customer_by_code(desk, actor, code).customer_id for code in args.customer]

        def progress(done: int, total: int) -> None:
            if sys.stderr.isatty():
                print(f"\r生成中 {done}/{total}", end="", file=sys.stderr, flush=True)

        issued = issue_notices(desk, actor, ids, as_of=as_of, out=args.out, per_customer=args.per_customer,
                               progress=progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    first, last = issued.numbers[0], issued.numbers[-1]
    print(f"已生成催缴通知书 {len(issued.numbers)} 份（{first}" + (f" 至 {last}" if last != first else "")
          + f"），共 {issued.pages} 页：" + ("、".join(str(f) for f in issued.files[:3])
                                          + (" 等" if len(issued.files) > 3 else "")))
    return EXIT_OK


def _statement(args, db_path: Path) -> int:
    from app.services.context import Desk
    from app.services.customers import find_customer_by_code
    from app.services.documents import issue_statement
    with Desk(db_path, create=False) as desk:
        actor = _sign_in(desk, args)
        customer = find_customer_by_code(desk, actor, args.customer)
        number = issue_statement(desk, actor, customer.customer_id, start=args.start, end=args.end, out=args.out)
    print(f"已生成对账单 {number}：{args.out}")
    return EXIT_OK


def _apply_credit(args, db_path: Path) -> int:
    from app.domain.money import format_fen
    from app.services.context import Desk
    from app.services.customers import find_customer_by_code
    from app.services.repayments import apply_credit, preview_credit, targets_by_voucher
    zh = args.lang == "zh_CN"
    with Desk(db_path, create=False) as desk:
        actor = _sign_in(desk, args)
        customer = find_customer_by_code(desk, actor, args.customer)
        targets = targets_by_voucher(desk, actor, customer.customer_id, args.item) if args.item else ()
        plan = preview_credit(desk, actor, customer.customer_id, targets)
        print((f"客户 {customer.code} {customer.name}：预存款 {format_fen(plan.available)} 元，核销日期 {plan.on}"
               if zh else f"Customer {customer.code} {customer.name}: credit {format_fen(plan.available)}, "
               f"applied on {plan.on}"))
        for line in plan.preview.lines:
            print(f"  {line.voucher_no}  {line.business_date}  {format_fen(line.open_before)} -> "
                  f"{format_fen(line.open_before - line.amount)}  ({'核销' if zh else 'applied'} {format_fen(line.amount)})")
        print((f"剩余预存款 {format_fen(plan.preview.excess)} 元" if zh
               else f"Credit left {format_fen(plan.preview.excess)}"))
        if args.preview:
            return EXIT_OK
        applied = apply_credit(desk, actor, customer.customer_id, targets)
    total = sum(line.amount for line in applied.lines)
    print(f"已核销预存款 {format_fen(total)} 元，{len(applied.lines)} 笔" if zh
          else f"Applied {format_fen(total)} of credit to {len(applied.lines)} item(s)")
    return EXIT_OK


def _report(args, db_path: Path) -> int:
    from app.reports.model import Phrase, chinese, english, say
    from app.reports.words import HINT
    from app.services import reports
    from app.services.context import Desk
    request = ReportRequest(args.kind, args.as_of, start=args.start, scheme=args.scheme, details=args.details,
                            source=args.source, branches=tuple(args.branches))
    fmt = reports.export_format(args.out, args.format)
    with Desk(db_path, create=False) as desk:
        actor = _sign_in(desk, args)
        report = reports.export_report(desk, actor, request, args.out, fmt)  # verifyinc: details stream
    words = chinese if args.lang == "zh_CN" else english
    rows = sum(len(t.rows) for t in report.tables)
    print(f"已导出“{say(report.title, words)}”（{rows:,} 行）：{args.out}")
    for warning in report.warnings:
        print(f"  {say(Phrase.of(HINT, text=warning), words)}")
    return EXIT_OK


def _import(args, db_path: Path) -> int:
    """Exit 0: imported (or, with --dry-run, the file is clean); 2: the file has errors (each printed
    with its row and column) and nothing was written, or the import was refused."""
    from app.services.context import Desk
    from app.services.imports import check_file, run_import, write_template
    if args.template:
        write_template(args.kind, args.file)
        print(f"已生成导入模板：{args.file}")
        return EXIT_OK
    with Desk(db_path, create=False) as desk:
        actor = _sign_in(desk, args)
        check = check_file(desk, actor, args.kind, args.file)
        print(f"{check.file_name}：共 {check.total_rows:,} 行，正确 {len(check.records):,} 行，"
              f"已导入过 {check.already_imported:,} 行，有错误 {check.bad_rows:,} 行")
        for issue in check.issues[:500]:
            print(f"  {issue.message(args.lang)}", file=sys.stderr)
        if len(check.issues) > 500:
            print(f"  …… 另有 {len(check.issues) - 500} 处错误", file=sys.stderr)
        if args.dry_run:
            return EXIT_OK if check.clean else EXIT_REFUSED
        if check.issues and not args.only_valid:
            print("未导入任何数据：请改正上述错误后重新导入，或使用 --only-valid 只导入正确的行", file=sys.stderr)
            return EXIT_REFUSED
        result = run_import(desk, actor, args.kind, args.file, only_valid=args.only_valid, source=args.source)
    from app.domain.money import format_fen
    amount = f"，金额 {format_fen(result.amount)} 元" if args.kind == "arrears" and result.amount else ""
    print(f"已导入 {result.imported:,} 行{amount}；跳过已导入 {result.skipped_existing:,} 行，"
          f"跳过错误 {result.skipped_bad:,} 行")
    return EXIT_OK


def _month(args, db_path: Path) -> int:
    """月结: ``list`` the months, ``check`` one, ``close`` it, ``reopen`` the latest closed one."""
    from app.domain.closing import CLOSING_WORDS, MONTH_OPEN, ClosingKind, gap_words
    from app.domain.money import format_fen
    from app.domain.periods import format_period, parse_period
    from app.services.closing import close_month, list_months, month_check, reopen_month
    from app.services.context import Desk
    zh = args.lang == "zh_CN"

    def say(words) -> str:
        return words.zh if zh else words.en

    def figures(check) -> str:
        f = check.figures
        parts = [format_fen(v) for v in (f.opening, f.incurred, f.collected, f.written_off, f.reversed, f.closing)]
        gaps = ("；" if zh else "; ").join(say(gap_words(g)) for g in check.gaps if not g.reconciled) or (
            "已对平" if zh else "reconciled")
        return ((f"期初 {parts[0]} + 新增 {parts[1]} - 收回 {parts[2]} - 坏账核销 {parts[3]} - 冲正 {parts[4]} = "
                 f"期末 {parts[5]}；业财对账：{gaps}") if zh else
                (f"opening {parts[0]} + incurred {parts[1]} - collected {parts[2]} - written off {parts[3]} - "
                 f"reversed {parts[4]} = closing {parts[5]}; reconciliation: {gaps}"))

    with Desk(db_path, create=False) as desk:
        actor = _sign_in(desk, args)
        command = args.month_command
        if command == "list":
            for m in list_months(desk, actor):
                state = say(CLOSING_WORDS[ClosingKind.CLOSE] if m.closed else MONTH_OPEN)
                record = m.record
                by = "" if record is None else f"  {say(CLOSING_WORDS[ClosingKind(record.kind)])} {record.recorded_by} {record.recorded_at}"
                why = "" if record is None or not record.reason else f"  {record.reason}"
                print(f"{format_period(m.period)}  {state}{by}{why}")
            return EXIT_OK
        period = parse_period(args.period)
        if command == "check":
            print(f"{format_period(period)}：{figures(month_check(desk, actor, period))}")
        elif command == "close":
            check = close_month(desk, actor, period, args.explanation)
            print((f"已月结 {format_period(period)}：" if zh else f"Closed {format_period(period)}: ") + figures(check))
        elif args.branch:  # decisions: ordered by the city office, carried out when the branch imports it
            from app.services.city_decisions import reopen_branch_month
            reopen_branch_month(desk, actor, args.branch, period, args.reason)
            print(f"已决定 {args.branch.upper()} 反结账 {format_period(period)}，随下次数据交换下发" if zh else
                  f"{args.branch.upper()} {format_period(period)} to be reopened; it goes down with the next export")
        else:
            reopen_month(desk, actor, period, args.reason)
            print(f"已反结账 {format_period(period)}" if zh else f"Reopened {format_period(period)}")
    return EXIT_OK


def _reset_admin(args, db_path: Path) -> int:
    """管理员账号恢复, for whoever sits at this computer with the database file: a new password (never
    on the command line, where other users could see it), the account enabled, the lock-out lifted."""
    import getpass
    import socket

    from app.services.auth import reset_admin
    from app.services.context import Desk
    with Desk(db_path, create=False) as desk:
        password = os.environ.get(NEW_PASSWORD_ENV)
        if not password and sys.stdin.isatty():
            password = getpass.getpass("新密码：")
            if getpass.getpass("再次输入新密码：") != password:
                raise DomainError("reset.passwords_differ")
        elif not password:
            password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise DomainError("field.required", field=f"新密码（提示输入，或 {NEW_PASSWORD_ENV}）")
        try:
            os_user = getpass.getuser()
        except (KeyError, OSError):  # no name for this account (e.g. a container's bare uid)
            os_user = f"uid {os.getuid()}" if hasattr(os, "getuid") else "?"
        user = reset_admin(desk, new_password=password, os_user=os_user, host=socket.gethostname(),
                           username=args.user)
    print(f"已为系统管理员“{user.username}”设置新密码并启用账号，锁定已解除；本次操作已记入审计日志（操作系统用户 {os_user}）")
    return EXIT_OK


# -- copy-db (issue 15: pgconcur) ----------------------------------------------------------------------------
def _copy_db(args) -> int:
    from app.services.copy_db import copy_database
    result = copy_database(args.source, args.target,
                           progress=lambda table, rows: print(f"\r复制 {table}：{rows} 行", end="", flush=True))
    print()
    for side, name in ((result.source, "源"), (result.target, "目标")):
        print(f"{name}：{side.where}")
        for check in side.failed:
            print(f"  [失败] {check.name}：{check.failure_count} 处")
        print(f"  检查 {len(side.checks)} 项，{len(side.failed)} 项失败；{sum(c.rows for c in side.counts)} 行；"
              f"完整性根 {side.root}")
    if not result.equal:
        for what, source, target in result.differences():
            print(f"不一致：{what}（源 {source}，目标 {target}）")
        print("复制结果与源数据库不一致，请不要使用目标数据库", file=sys.stderr)
        return EXIT_REFUSED
    print(f"两边一致：{len(result.source.counts)} 张表的行数相同，完整性根相同，verify 全部通过")
    return EXIT_OK
