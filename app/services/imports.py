"""Imports from Excel (.xlsx) and .csv: customers and arrears items (postal 14, 21).

Columns are found by their header (several usual names each). Every bad cell is reported with its
row and column and the reason; nothing is imported while the file has errors, unless the user asks
on purpose for the good rows only. Rows already imported (same voucher, customer, amount and date;
or the same customer name and ID) are skipped, so importing a file twice adds nothing twice.
The import is one transaction; the file's SHA-256 is kept with the batch.
"""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select

from app.domain.customers import CUSTOMER_GROUPS, CustomerStatus
from app.domain.errors import DomainError
from app.domain.money import format_fen, parse_amount
from app.domain.periods import parse_period
from app.domain.roles import Permission
from app.imports.reader import Sheet, as_date, read_sheet
from app.services.arrears import item_terms
from app.services.context import Actor, Desk, UnitOfWork
from app.services.customers import CustomerInput, add_customer, clean_customer
from db.ids import new_uid
from db.models import Agreement, ArrearsItem, BusinessLine, Customer, ImportBatch, Reversal, User

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Field:
    key: str
    label: str
    names: tuple[str, ...]
    required: bool = True


ARREARS_FIELDS = (
    Field("customer_code", "客户代码", ("客户代码", "客户编号", "客户编码", "附码")),
    Field("business_line", "业务专业", ("业务专业", "专业", "业务种类", "业务类型")),
    Field("business_date", "业务日期", ("业务日期", "受理日期", "业务受理日期", "业务受理时间")),
    Field("amount", "金额", ("金额", "欠费金额", "应收金额", "金额（元）", "金额(元)")),
    Field("voucher_no", "凭证号", ("凭证号", "凭证编号", "单据号", "票据号")),
    Field("billing_period", "账期", ("账期", "计费账期"), False),
    Field("handler", "经办人", ("经办人", "经办人工号", "营业员"), False),
    Field("signed", "客户签字确认", ("客户签字确认", "签字确认", "客户签字"), False),
    Field("note", "备注", ("备注", "说明"), False),
)
CUSTOMER_FIELDS = (
    Field("name", "客户名称", ("客户名称", "名称", "客户")),
    Field("customer_group", "客户群", ("客户群", "客户类型", "客户分类"), False),
    Field("contact_person", "联系人", ("联系人",), False),
    Field("phone", "电话", ("电话", "联系电话", "手机"), False),
    Field("address", "地址", ("地址", "联系地址"), False),
    Field("id_number", "证件号码", ("证件号码", "统一社会信用代码", "身份证号", "证件号"), False),
    Field("account_manager", "客户经理", ("客户经理", "客户经理工号"), False),
)
REVENUE_FIELDS = (
    Field("period", "账期", ("账期", "期间", "月份")),
    Field("business_line", "业务专业", ("业务专业", "专业")),
    Field("category", "收入类别", ("收入类别", "类别"), False),
    Field("amount", "金额", ("金额", "收入金额", "业务收入")),
)
EXTERNAL_FIELDS = (
    Field("period", "账期", ("账期", "期间", "月份")),
    Field("business_line", "业务专业", ("业务专业", "专业"), False),
    Field("customer_code", "客户代码", ("客户代码", "客户编号", "附码"), False),
    Field("incurred", "新增欠费", ("新增欠费", "本期新增", "欠费发生额")),
    Field("collected", "收回欠费", ("收回欠费", "本期收回", "欠费收回额")),
)
FIELDS = {"arrears": ARREARS_FIELDS, "customers": CUSTOMER_FIELDS, "revenues": REVENUE_FIELDS,
          "external": EXTERNAL_FIELDS}
REVENUE_CATEGORIES = {"业务收入": "business", "代理金融": "agency_finance", "租赁": "rent", "租赁收入": "rent",
                      "营业外收入": "non_operating", "营业外": "non_operating"}
PERMISSIONS = {"arrears": Permission.RECORD_ARREARS, "customers": Permission.REGISTER_CUSTOMER,
               "revenues": Permission.ENTER_FIGURES, "external": Permission.ENTER_FIGURES}
_YES = {"是", "y", "yes", "1", "√", "已签字", "true"}
_NO = {"否", "n", "no", "0", "", "未签字", "false"}


@dataclass(frozen=True, slots=True)
class ImportIssue:
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"第 {self.row} 行“{self.column}”列：{self.reason}" if self.column else f"第 {self.row} 行：{self.reason}"


@dataclass(slots=True)
class ImportCheck:
    """What an import would do: the good rows, every problem, and what is already there."""
    kind: str
    file_name: str
    sha256: str
    total_rows: int
    records: list[dict] = field(default_factory=list)
    issues: list[ImportIssue] = field(default_factory=list)
    already_imported: int = 0
    amount: int = 0

    @property
    def bad_rows(self) -> int:
        return len({i.row for i in self.issues})

    @property
    def clean(self) -> bool:
        return not self.issues


@dataclass(frozen=True, slots=True)
class ImportResult:
    batch_id: int | None
    imported: int
    skipped_existing: int
    skipped_bad: int
    amount: int


def _map_headers(kind: str, sheet: Sheet) -> tuple[dict[str, int], list[ImportIssue]]:
    """Which column holds which field; a missing required column is an issue on the header row."""
    index: dict[str, int] = {}
    normalised = [h.replace(" ", "").replace("*", "") for h in sheet.headers]
    for f in FIELDS[kind]:
        for name in f.names:
            if name in normalised:
                index[f.key] = normalised.index(name)
                break
    issues = [ImportIssue(1, f.label, f"缺少必填列“{f.label}”（可用列名：{'、'.join(f.names)}）")
              for f in FIELDS[kind] if f.required and f.key not in index]
    return index, issues


def check_file(desk: Desk, actor: Actor, kind: str, path: Path | str, *, engine: str = "calamine") -> ImportCheck:
    """预览: read and validate without writing anything."""
    sheet = read_sheet(path, engine=engine)
    with desk.query(actor, PERMISSIONS[kind]) as uow:
        return _check(uow, kind, sheet, Path(path).name)


def _check(uow: UnitOfWork, kind: str, sheet: Sheet, name: str) -> ImportCheck:
    if kind not in FIELDS:
        raise DomainError("import.bad_kind", kind=kind)
    check = ImportCheck(kind, name, sheet.sha256, len(sheet.rows))
    columns, header_issues = _map_headers(kind, sheet)
    if header_issues:
        check.issues = header_issues
        return check
    cells = [(number, {key: (row[i] if i < len(row) else None) for key, i in columns.items()})
             for number, row in sheet.rows]
    {"arrears": _check_arrears, "customers": _check_customers, "revenues": _check_revenues,
     "external": _check_external}[kind](uow, cells, check)
    return check


def _label(kind: str, key: str) -> str:
    return next(f.label for f in FIELDS[kind] if f.key == key)


def _chunks(values: list, size: int = 900):
    for i in range(0, len(values), size):
        yield values[i:i + size]


def _check_arrears(uow: UnitOfWork, cells: list[tuple[int, dict]], check: ImportCheck) -> None:
    s, today = uow.session, uow.desk.clock.today()
    label = lambda key: _label("arrears", key)  # noqa: E731
    codes = sorted({str(c["customer_code"]).strip() for _, c in cells if c["customer_code"] not in (None, "")})
    customers: dict[str, Customer] = {}
    for chunk in _chunks(codes):
        customers.update({c.code: c for c in s.scalars(select(Customer).where(Customer.code.in_(chunk)))})
    agreements: dict[int, Agreement] = {}
    ids = [c.id for c in customers.values()]
    for chunk in _chunks(ids):
        for a in s.scalars(select(Agreement).where(Agreement.customer_id.in_(chunk), Agreement.terminated_on.is_(None))
                           .order_by(Agreement.id)):
            agreements[a.customer_id] = a
    lines = _lookup_lines(uow)
    users: dict[str, int] = {}
    for user in s.scalars(select(User).where(User.is_active.is_(True))):
        users[user.username] = user.id
        users.setdefault(user.display_name, user.id)  # a name shared by two people: the first; use the username
    vouchers = sorted({str(c["voucher_no"]).strip() for _, c in cells if c["voucher_no"] not in (None, "")})
    existing: dict[str, tuple] = {}
    for chunk in _chunks(vouchers):
        # A reversed item's voucher may be recorded again (the corrected entry), as at the counter.
        for v, cid, amount, bd in s.execute(select(ArrearsItem.voucher_no, ArrearsItem.customer_id,
                                                   ArrearsItem.amount, ArrearsItem.business_date)
                                            .where(ArrearsItem.voucher_no.in_(chunk),
                                                   ~select(Reversal.id).where(
                                                       Reversal.arrears_item_id == ArrearsItem.id).exists())):
            existing[v] = (cid, amount, bd)
    used: dict[int, int] = {}  # open total per customer, from the maintained balances, growing row by row
    con = s.connection().connection.driver_connection
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        used.update(dict(con.execute(f"SELECT customer_id, open_total FROM customer_balances "
                                     f"WHERE customer_id IN ({marks})", chunk)))
    first_row_of: dict[str, int] = {}
    for number, c in cells:
        problems: list[ImportIssue] = []

        def bad(key: str, reason: str) -> None:
            problems.append(ImportIssue(number, label(key), reason))

        code = str(c["customer_code"] or "").strip()
        customer = customers.get(code)
        if not code:
            bad("customer_code", "不能为空")
        elif customer is None:
            bad("customer_code", f"找不到客户代码“{code}”")
        line_text = str(c["business_line"] or "").strip()
        line_id = lines.get(line_text.upper()) or lines.get(line_text)
        if not line_text:
            bad("business_line", "不能为空")
        elif line_id is None:
            bad("business_line", f"未知业务专业“{line_text}”")
        business_date = None
        if c["business_date"] in (None, ""):
            bad("business_date", "不能为空")
        else:
            try:
                business_date = as_date(c["business_date"])
                if business_date > today:
                    bad("business_date", f"业务日期 {business_date} 晚于今天（{today}）")
                    business_date = None
            except DomainError as error:
                bad("business_date", error.message())
        amount = None
        raw_amount = c["amount"]
        try:
            if raw_amount in (None, ""):
                raise DomainError("amount.empty")
            amount = parse_amount(raw_amount)
        except DomainError as error:
            bad("amount", error.message())
        voucher = str(c["voucher_no"] or "").strip()
        if not voucher:
            bad("voucher_no", "不能为空")
        period = None
        if c.get("billing_period") not in (None, ""):
            try:
                raw = c["billing_period"]
                period = parse_period(raw.isoformat()[:7] if isinstance(raw, date) else str(raw))
            except DomainError as error:
                bad("billing_period", error.message())
        handler_id = None
        if c.get("handler") not in (None, ""):
            handler_id = users.get(str(c["handler"]).strip())
            if handler_id is None:
                bad("handler", f"找不到经办人“{c['handler']}”")
        signed_text = str(c.get("signed") or "").strip().lower()
        if signed_text not in _YES and signed_text not in _NO:
            bad("signed", f"应为“是”或“否”（输入为“{c.get('signed')}”）")
        agreement, due = None, None
        if customer is not None:
            if customer.status == CustomerStatus.PENDING:
                bad("customer_code", f"客户“{customer.name}”没有有效的用邮协议")
            elif customer.status != CustomerStatus.ACTIVE:
                bad("customer_code", f"客户“{customer.name}”当前状态为{CustomerStatus(customer.status).label_zh}，不能记欠")
            else:
                agreement = agreements.get(customer.id)
                if agreement is None or (business_date is not None
                                         and not agreement.valid_from <= business_date <= agreement.valid_to):
                    bad("business_date", f"客户“{customer.name}”在 {business_date} 没有有效的用邮协议")
                    agreement = None
        if agreement is not None and business_date is not None:
            try:
                period, due = item_terms(agreement, business_date, period)
            except DomainError as error:
                bad("billing_period", error.message())
        if voucher and not problems:
            found = existing.get(voucher)
            if found is not None:
                if found == (customer.id, amount, business_date):
                    check.already_imported += 1
                    continue
                bad("voucher_no", f"凭证号“{voucher}”已登记（另一笔欠费），不能重复")
            elif voucher in first_row_of:
                bad("voucher_no", f"与第 {first_row_of[voucher]} 行凭证号重复")
        if voucher and voucher not in first_row_of:
            first_row_of[voucher] = number
        if not problems:
            open_total = used.get(customer.id, 0)
            if open_total + amount > agreement.credit_limit:
                bad("amount", f"超出信用额度：额度 {format_fen(agreement.credit_limit)}，已用 {format_fen(open_total)}，"
                              f"本笔 {format_fen(amount)}（导入不能授权超额度，请在欠费登记中由负责人授权）")
            else:
                used[customer.id] = open_total + amount
        if problems:
            check.issues.extend(problems)
            continue
        check.records.append({
            "row": number, "customer_id": customer.id, "agreement_id": agreement.id, "business_line_id": line_id,
            "branch_id": customer.branch_id, "business_date": business_date, "billing_period": period, "due_date": due,
            "amount": amount, "voucher_no": voucher, "handler_id": handler_id, "signed": signed_text in _YES,
            "note": str(c.get("note") or "").strip()})
        check.amount += amount


def _check_customers(uow: UnitOfWork, cells: list[tuple[int, dict]], check: ImportCheck) -> None:
    s = uow.session
    label = lambda key: _label("customers", key)  # noqa: E731
    known = {(name, id_number) for name, id_number in s.execute(select(Customer.name, Customer.id_number))}
    groups = {v: k for k, v in CUSTOMER_GROUPS.items()} | {k: k for k in CUSTOMER_GROUPS}
    users = {u.username: u.id for u in s.scalars(select(User).where(User.is_active.is_(True)))}
    seen: dict[tuple, int] = {}
    for number, c in cells:
        problems: list[ImportIssue] = []
        group_text = str(c.get("customer_group") or "政企客户").strip()
        group = groups.get(group_text)
        if group is None:
            problems.append(ImportIssue(number, label("customer_group"), f"未知客户群“{group_text}”"))
        manager = None
        if c.get("account_manager") not in (None, ""):
            manager = users.get(str(c["account_manager"]).strip())
            if manager is None:
                problems.append(ImportIssue(number, label("account_manager"), f"找不到用户“{c['account_manager']}”"))
        data = CustomerInput(name=str(c.get("name") or ""), customer_group=group or "government",
                             contact_person=str(c.get("contact_person") or ""), phone=str(c.get("phone") or ""),
                             address=str(c.get("address") or ""), id_number=str(c.get("id_number") or ""),
                             account_manager_id=manager)
        try:
            values = clean_customer(data)
        except DomainError as error:
            field_key = "name" if "客户名称" in error.message() else next(
                (f.key for f in CUSTOMER_FIELDS if f.label in error.message()), "name")
            problems.append(ImportIssue(number, label(field_key), error.message()))
            values = None
        if values is not None:
            key = (values["name"], values["id_number"])
            if key in known:
                check.already_imported += 1
                continue
            if key in seen:
                problems.append(ImportIssue(number, label("name"), f"与第 {seen[key]} 行是同一客户"))
            seen.setdefault(key, number)
        if problems:
            check.issues.extend(problems)
            continue
        check.records.append({"row": number, **values})


def run_import(desk: Desk, actor: Actor, kind: str, path: Path | str, *, only_valid: bool = False,
               progress: Progress | None = None, engine: str = "calamine", source: str = "finance") -> ImportResult:
    """导入: checked again inside the write transaction (the data may have moved since the preview);
    refused while the file has errors unless ``only_valid``."""
    sheet = read_sheet(path, engine=engine)
    with desk.use_case(actor, PERMISSIONS[kind]) as uow:
        check = _check(uow, kind, sheet, Path(path).name)
        if check.issues and not only_valid:
            raise DomainError("import.has_errors", rows=check.bad_rows, count=len(check.issues),
                              first=str(check.issues[0]))
        if not check.records:
            return ImportResult(None, 0, check.already_imported, check.bad_rows, 0)
        batch = ImportBatch(site_id=uow.site_id, kind=kind, file_name=Path(path).name[:260], file_sha256=check.sha256,
                            rows_total=check.total_rows, rows_imported=len(check.records),
                            imported_by_id=actor.user_id, imported_at=desk.clock.now())
        uow.session.add(batch)
        uow.session.flush()
        if kind == "arrears":
            _insert_arrears(uow, check.records, batch.id, progress)
        elif kind in ("revenues", "external"):
            _insert_figures(uow, kind, check.records, batch.id, source)
        else:
            for n, values in enumerate(check.records, start=1):
                add_customer(uow, {k: v for k, v in values.items() if k != "row"})
                if progress is not None and n % 200 == 0:
                    progress(n, len(check.records))
        uow.audit(f"import.{kind}", "import_batch", batch.id, after={
            "file": batch.file_name, "sha256": check.sha256, "rows": check.total_rows,
            "imported": len(check.records), "already_imported": check.already_imported,
            "skipped_bad_rows": check.bad_rows, "amount": check.amount})
        if progress is not None:
            progress(len(check.records), len(check.records))
        uow.commit()
        return ImportResult(batch.id, len(check.records), check.already_imported, check.bad_rows, check.amount)


def _insert_arrears(uow: UnitOfWork, records: list[dict], batch_id: int, progress: Progress | None) -> None:
    """Bulk insert (executemany) of checked items, their balances, the customers' totals and one audit
    record per item: tens of thousands of rows in seconds, in the same transaction."""
    con = uow.session.connection().connection.driver_connection
    site_id, actor_id, now = uow.site_id, uow.actor.user_id, uow.desk.clock.now()
    next_id = (con.execute("SELECT COALESCE(MAX(id), 0) FROM arrears_items").fetchone()[0]) + 1
    items, balances, audits = [], [], []
    totals: dict[int, int] = defaultdict(int)
    for n, r in enumerate(records):
        item_id = next_id + n
        handler = r["handler_id"] or actor_id
        items.append((item_id, new_uid(), site_id, r["customer_id"], r["agreement_id"], r["business_line_id"],
                      r["branch_id"], r["business_date"].isoformat(), r["billing_period"], r["due_date"].isoformat(),
                      r["amount"], r["voucher_no"], handler, int(r["signed"]), r["note"], actor_id, now.isoformat(" ")))
        balances.append((item_id, r["customer_id"], r["business_date"].isoformat(), r["billing_period"],
                         r["due_date"].isoformat(), r["business_line_id"], handler, r["branch_id"], r["amount"]))
        totals[r["customer_id"]] += r["amount"]
        audits.append((new_uid(), site_id, now.isoformat(" "), actor_id, "arrears.record", "arrears_item", item_id,
                       r["customer_id"], json.dumps({
                           "voucher_no": r["voucher_no"], "amount": r["amount"],
                           "business_date": r["business_date"].isoformat(), "billing_period": r["billing_period"],
                           "due_date": r["due_date"].isoformat(), "handler_id": handler,
                           "signature_confirmed": r["signed"], "import_batch_id": batch_id, "row": r["row"]},
                           ensure_ascii=False)))
        if progress is not None and n % 2000 == 0:
            progress(n, len(records))
    con.executemany(
        "INSERT INTO arrears_items (id, uid, site_id, customer_id, agreement_id, business_line_id, branch_id,"
        " business_date, billing_period, due_date, amount, voucher_no, handler_id, signature_confirmed,"
        " override_by_id, override_reason, note, recorded_by_id, recorded_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,NULL,NULL,?,?,?)", items)
    con.executemany("INSERT INTO item_balances (item_id, customer_id, business_date, billing_period, due_date,"
                    " business_line_id, handler_id, branch_id, open_amount) VALUES (?,?,?,?,?,?,?,?,?)", balances)
    con.executemany("UPDATE customer_balances SET open_total = open_total + ? WHERE customer_id = ?",
                    [(amount, cid) for cid, amount in totals.items()])
    con.executemany("INSERT INTO audit_log (uid, site_id, at, user_id, action, entity, entity_id, customer_id,"
                    " before, after) VALUES (?,?,?,?,?,?,?,?,NULL,?)", audits)


def _lookup_lines(uow: UnitOfWork) -> dict[str, int]:
    lines: dict[str, int] = {}
    for line in uow.session.scalars(select(BusinessLine)):
        lines[line.code.upper()] = lines[line.name] = line.id
    return lines


def _period_cell(raw) -> int:
    if isinstance(raw, date):
        return raw.year * 100 + raw.month
    return parse_period(str(raw).replace("/", "-").replace(".", "-"))


def _money_cell(raw, *, allow_zero: bool = True) -> int:
    if raw in (None, ""):
        raise DomainError("amount.empty")
    return parse_amount(raw, allow_zero=allow_zero)


def _parsed(problems: list[ImportIssue], number: int, column: str, parse, raw):
    """``parse(raw)``, or None with the refusal noted against this row and column."""
    try:
        return parse(raw)
    except DomainError as error:
        problems.append(ImportIssue(number, column, error.message()))
        return None


def _check_revenues(uow: UnitOfWork, cells: list[tuple[int, dict]], check: ImportCheck) -> None:
    """业务收入 per period and business line: the latest figure for a period, line and category counts."""
    lines = _lookup_lines(uow)
    latest = {(p, l, c): a for p, l, c, a in uow.session.connection().connection.driver_connection.execute(
        "SELECT period, business_line_id, category, amount FROM revenues r WHERE r.id = (SELECT MAX(x.id) FROM "
        "revenues x WHERE x.period = r.period AND x.business_line_id = r.business_line_id AND x.category = r.category)")}
    seen: dict[tuple, int] = {}
    for number, c in cells:
        problems: list[ImportIssue] = []
        label = lambda key: _label("revenues", key)  # noqa: E731
        period = _parsed(problems, number, label("period"), _period_cell, c["period"])
        line_text = str(c["business_line"] or "").strip()
        line_id = lines.get(line_text.upper()) or lines.get(line_text)
        if line_id is None:
            problems.append(ImportIssue(number, label("business_line"), f"未知业务专业“{line_text}”"))
        category_text = str(c.get("category") or "业务收入").strip()
        category = REVENUE_CATEGORIES.get(category_text)
        if category is None:
            problems.append(ImportIssue(number, label("category"), f"未知收入类别“{category_text}”（可填："
                                        f"{'、'.join(k for k in REVENUE_CATEGORIES if len(k) > 2)}）"))
        amount = _parsed(problems, number, label("amount"), _money_cell, c["amount"])
        key = (period, line_id, category)
        if not problems and key in seen:
            problems.append(ImportIssue(number, label("period"), f"与第 {seen[key]} 行是同一账期、专业和类别"))
        if problems:
            check.issues.extend(problems)
            continue
        seen[key] = number
        if latest.get(key) == amount:
            check.already_imported += 1
            continue
        check.records.append({"row": number, "period": period, "business_line_id": line_id, "category": category,
                              "amount": amount})
        check.amount += amount


def _check_external(uow: UnitOfWork, cells: list[tuple[int, dict]], check: ImportCheck) -> None:
    """业财对账: totals per period, and business line and/or customer, from finance or a business system."""
    lines = _lookup_lines(uow)
    customers = {code: cid for code, cid in uow.session.execute(
        select(Customer.code, Customer.id).where(Customer.code.is_not(None)))}
    seen: dict[tuple, int] = {}
    for number, c in cells:
        problems: list[ImportIssue] = []
        label = lambda key: _label("external", key)  # noqa: E731
        line_id = customer_id = None
        period = _parsed(problems, number, label("period"), _period_cell, c["period"])
        line_text = str(c.get("business_line") or "").strip()
        if line_text:
            line_id = lines.get(line_text.upper()) or lines.get(line_text)
            if line_id is None:
                problems.append(ImportIssue(number, label("business_line"), f"未知业务专业“{line_text}”"))
        code = str(c.get("customer_code") or "").strip()
        if code:
            customer_id = customers.get(code)
            if customer_id is None:
                problems.append(ImportIssue(number, label("customer_code"), f"找不到客户代码“{code}”"))
        if bool(line_text) == bool(code) and not problems:
            problems.append(ImportIssue(number, label("business_line"),
                                        "每行填写“业务专业”或“客户代码”其中之一（按专业或按客户对账）"))
        figures = {key: _parsed(problems, number, label(key), _money_cell, c[key]) for key in ("incurred", "collected")}
        ident = (period, line_id, customer_id)
        if not problems and ident in seen:
            problems.append(ImportIssue(number, label("period"), f"与第 {seen[ident]} 行重复"))
        if problems:
            check.issues.extend(problems)
            continue
        seen[ident] = number
        check.records.append({"row": number, "period": period, "business_line_id": line_id,
                              "customer_id": customer_id, **figures})
        check.amount += figures["incurred"]


def _insert_figures(uow: UnitOfWork, kind: str, records: list[dict], batch_id: int, source: str) -> None:
    con = uow.session.connection().connection.driver_connection
    if kind == "revenues":
        con.executemany("INSERT INTO revenues (uid, site_id, period, business_line_id, category, amount, batch_id,"
                        " recorded_by_id, recorded_at) VALUES (?,?,?,?,?,?,?,?,?)",
                        [(new_uid(), uow.site_id, r["period"], r["business_line_id"], r["category"], r["amount"],
                          batch_id, uow.actor.user_id, uow.desk.clock.now().isoformat(" ")) for r in records])
        return
    if source not in ("finance", "business"):
        raise DomainError("import.bad_kind", kind=source)
    con.executemany("INSERT INTO external_totals (uid, site_id, batch_id, source, period, business_line_id,"
                    " customer_id, incurred, collected) VALUES (?,?,?,?,?,?,?,?,?)",
                    [(new_uid(), uow.site_id, batch_id, source, r["period"], r["business_line_id"], r["customer_id"],
                      r["incurred"], r["collected"]) for r in records])


def write_template(kind: str, path: Path) -> Path:
    """导入模板: the headers, one example row and a notes sheet, as a workbook to fill in."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from app.reports.export import _save_atomically
    examples = {"arrears": ["C000001", "函件", "2026-11-20", "1234.50", "PZ20261120001", "2026-11", "", "是", ""],
                "revenues": ["2026-11", "函件", "业务收入", "500000.00"],
                "external": ["2026-11", "函件", "", "123456.78", "100000.00"],
                "customers": ["某某贸易有限公司", "政企客户", "王经理", "0311-88886666", "某某市某某路 1 号",
                              "91130100XXXXXXXXXX", ""]}
    wb = Workbook()
    ws = wb.active
    ws.title = "导入数据"
    fields = FIELDS[kind]
    ws.append([f.label + ("*" if f.required else "") for f in fields])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
    ws.append(examples[kind])
    for i, f in enumerate(fields, start=1):
        ws.column_dimensions[chr(64 + i)].width = max(12, len(f.label) * 3)
        ws.cell(row=2, column=i).number_format = "@"  # keep codes and vouchers as text
    ws.freeze_panes = "A2"
    notes = wb.create_sheet("填写说明")
    notes.append(["列名", "必填", "也可用的列名"])
    for f in fields:
        notes.append([f.label, "是" if f.required else "否", "、".join(f.names)])
    notes.append([])
    notes.append(["金额以元为单位，最多两位小数，不带货币符号，用半角数字；日期写作 2026-11-20。"])
    notes.append(["示例行请在导入前删除。"])
    _save_atomically(path, wb.save)
    return path
