"""Imports from Excel (.xlsx) and .csv: customers and arrears items (postal 14, 21).

Columns are found by their header (several usual names each). Every bad cell is reported with its
row and column and the reason; nothing is imported while the file has errors, unless the user asks
on purpose for the good rows only. Rows already imported (same voucher, customer, amount and date;
or the same customer name and ID) are skipped, so importing a file twice adds nothing twice.
The import is one transaction; the file's SHA-256 is kept with the batch.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app.domain.arrears import ItemDraft, ItemFacts, credit_excess, item_problems, same_item
from app.domain.customers import GROUP_WORDS
from app.domain.errors import DomainError, FieldError
from app.domain.money import format_fen, parse_amount
from app.domain.periods import parse_period
from app.domain.roles import Permission
from app.imports.reader import Sheet, as_date, read_sheet
from app.services.arrears import debtor
from app.services.context import Actor, Desk, UnitOfWork
from app.services.customers import CustomerInput, add_customer, clean_customer
from app.services.failures import retried_once
from db.figures import Batch, ExternalFigure, RevenueFigure
from db.ledger import NewItem

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Field:
    key: str
    label: str
    names: tuple[str, ...]
    required: bool = True


ARREARS_FIELDS = (
    Field("customer", "客户代码", ("客户代码", "客户编号", "客户编码", "附码")),
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
    """One problem of a file: the row, the column (as the file names it) and what is wrong."""
    row: int
    column: str
    error: DomainError

    def message(self, lang: str = "zh_CN") -> str:
        reason = self.error.message(lang)
        if lang.startswith("en"):
            return f"Row {self.row}, column '{self.column}': {reason}" if self.column else f"Row {self.row}: {reason}"
        return f"第 {self.row} 行“{self.column}”列：{reason}" if self.column else f"第 {self.row} 行：{reason}"

    def reason(self, lang: str = "zh_CN") -> str:
        return self.error.message(lang)

    def __str__(self) -> str:
        return self.message()


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
    issues = [ImportIssue(1, f.label, DomainError("import.missing_column", column=f.label, names="、".join(f.names)))
              for f in FIELDS[kind] if f.required and f.key not in index]
    return index, issues


def check_file(desk: Desk, actor: Actor, kind: str, path: Path | str, *, engine: str = "calamine") -> ImportCheck:
    """预览: read and validate without writing anything."""
    sheet = read_sheet(path, engine=engine)
    with desk.query(actor, PERMISSIONS[kind]) as uow:
        return _check(uow, kind, sheet, Path(path).name)


def _check(uow: UnitOfWork, kind: str, sheet: Sheet, name: str, *, posting: bool = False) -> ImportCheck:
    if kind not in FIELDS:
        raise DomainError("import.bad_kind", kind=kind)
    check = ImportCheck(kind, name, sheet.sha256, len(sheet.rows))
    columns, header_issues = _map_headers(kind, sheet)
    if header_issues:
        check.issues = header_issues
        return check
    cells = [(number, {key: (row[i] if i < len(row) else None) for key, i in columns.items()})
             for number, row in sheet.rows]
    if kind == "arrears":
        _check_arrears(uow, cells, check, posting=posting)
    else:
        {"customers": _check_customers, "revenues": _check_revenues, "external": _check_external}[kind](uow, cells, check)
    return check


def _labels(kind: str) -> dict[str, str]:
    return {f.key: f.label for f in FIELDS[kind]}


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _at(key: str, error: DomainError) -> FieldError:
    """A refusal of a cell's content, noted against its column."""
    return error if isinstance(error, FieldError) else FieldError(key, error.code, **error.params)


def _parsed(problems: list[FieldError], key: str, parse, raw):
    """``parse(raw)``, or None with the refusal noted against ``key``."""
    try:
        return parse(raw)
    except DomainError as error:
        problems.append(_at(key, error))
    return None


def _required(raw):
    if raw in (None, ""):
        raise DomainError("cell.empty")
    return raw


def _amount_cell(raw) -> int:
    if raw in (None, ""):
        raise DomainError("amount.empty")
    return parse_amount(raw)


def _period_cell(raw) -> int:
    if isinstance(raw, date):
        return raw.year * 100 + raw.month
    return parse_period(str(raw).replace("/", "-").replace(".", "-"))


def _money_cell(raw, *, allow_zero: bool = True) -> int:
    if raw in (None, ""):
        raise DomainError("amount.empty")
    return parse_amount(raw, allow_zero=allow_zero)


def _report(check: ImportCheck, kind: str, number: int, problems: list[FieldError]) -> None:
    labels = _labels(kind)
    check.issues.extend(ImportIssue(number, labels[p.field], p) for p in problems)


def _check_arrears(uow: UnitOfWork, cells: list[tuple[int, dict]], check: ImportCheck, *,
                   posting: bool = False) -> None:
    """Each row through the same rules as the counter (``app.domain.arrears.item_problems``); a file may
    not authorise going over a credit limit, so the limit is checked row by row as the rows add up.
    ``posting``: inside the import's write transaction, every customer of the file is held first (several
    counters), so what they owe and the vouchers in use stay as read until the import commits."""
    today = uow.desk.clock.today()
    books = uow.closed_books()  # 月结: a row dated in a closed month is refused in its business-date column
    customers = uow.items.customers_by_code(_text(c["customer"]) for _, c in cells if _text(c["customer"]))
    debtors = {code: debtor(customer, agreement) for code, (customer, agreement) in customers.items()}
    if posting:
        uow.ledger.hold(*(d.customer_id for d in debtors.values()))
    lines = uow.items.business_lines()
    handlers = uow.items.handlers_by_name()
    recorded = uow.items.vouchers_in_use(_text(c["voucher_no"]) for _, c in cells if _text(c["voucher_no"]))
    used = uow.ledger.balances(d.customer_id for d in debtors.values())  # grows row by row below
    first_row_of: dict[str, int] = {}
    for number, c in cells:
        # Tens of thousands of rows: the cells are read inline, not through a helper per cell.
        problems: list[FieldError] = []
        code, line_text, voucher = (str(c["customer"] or "").strip(), str(c["business_line"] or "").strip(),
                                    str(c["voucher_no"] or "").strip())
        if not code:
            problems.append(FieldError("customer", "cell.empty"))
        if not line_text:
            problems.append(FieldError("business_line", "cell.empty"))
        business_date = amount = period = handler_id = None
        raw = c["business_date"]
        try:
            business_date = as_date(_required(raw))
        except DomainError as error:
            problems.append(_at("business_date", error))
        try:
            amount = _amount_cell(c["amount"])
        except DomainError as error:
            problems.append(_at("amount", error))
        raw = c.get("billing_period")
        if raw not in (None, ""):
            try:
                period = parse_period(raw.isoformat()[:7] if isinstance(raw, date) else str(raw))
            except DomainError as error:
                problems.append(_at("billing_period", error))
        handler = str(c.get("handler") or "").strip()
        if handler:
            handler_id = handlers.get(handler)
            if handler_id is None:
                problems.append(FieldError("handler", "import.unknown_handler", name=handler))
        signed_text = str(c.get("signed") or "").strip().lower()
        if signed_text not in _YES and signed_text not in _NO:
            problems.append(FieldError("signed", "import.bad_yes_no", text=_text(c.get("signed"))))
        line_id = lines.get(line_text.upper()) or lines.get(line_text)
        customer = debtors.get(code)
        rules, terms = item_problems(
            ItemDraft(business_date, amount, voucher, period),
            ItemFacts(today, customer, code, line_id is not None, line_text, closed=books))
        if rules:  # a cell that could not be read says so once
            faulty = {p.field for p in problems}
            problems += [p for p in rules if p.field not in faulty]
        if voucher and not problems:
            found = recorded.get(voucher)
            if found is not None:
                if same_item(found, customer.customer_id, amount, business_date):
                    check.already_imported += 1
                    continue
                problems.append(FieldError("voucher_no", "voucher.duplicate", voucher=voucher,
                                           name=uow.items.customer_name(found[0]), date=found[2]))
            elif voucher in first_row_of:
                problems.append(FieldError("voucher_no", "import.voucher_repeated", row=first_row_of[voucher]))
        if voucher and voucher not in first_row_of:
            first_row_of[voucher] = number
        if not problems:
            limit, open_total = terms.agreement.credit_limit, used.get(customer.customer_id, 0)
            if credit_excess(limit, open_total, amount):
                problems.append(FieldError("amount", "import.over_limit", limit=format_fen(limit),
                                           used=format_fen(open_total), amount=format_fen(amount)))
            else:
                used[customer.customer_id] = open_total + amount
        if problems:
            _report(check, "arrears", number, problems)
            continue
        check.records.append({"row": number, "item": NewItem(
            customer.customer_id, terms.agreement.agreement_id, line_id, customer.branch_id, business_date,
            terms.billing_period, terms.due_date, amount, voucher, handler_id or uow.actor.user_id,
            signed_text in _YES, note=_text(c.get("note")))})
        check.amount += amount


def _check_customers(uow: UnitOfWork, cells: list[tuple[int, dict]], check: ImportCheck) -> None:
    known = uow.items.customer_names_and_ids()
    groups = {words.zh: key for key, words in GROUP_WORDS.items()} | {key: key for key in GROUP_WORDS}
    users = uow.items.handlers_by_name(usernames_only=True)
    seen: dict[tuple, int] = {}
    for number, c in cells:
        problems: list[FieldError] = []
        group_text = _text(c.get("customer_group")) or GROUP_WORDS["government"].zh
        group = groups.get(group_text)
        if group is None:
            problems.append(FieldError("customer_group", "customer.bad_group", group=group_text))
        manager = None
        if _text(c.get("account_manager")):
            manager = users.get(_text(c["account_manager"]))
            if manager is None:
                problems.append(FieldError("account_manager", "import.unknown_user", name=_text(c["account_manager"])))
        data = CustomerInput(name=_text(c.get("name")), customer_group=group or "government",
                             contact_person=_text(c.get("contact_person")), phone=_text(c.get("phone")),
                             address=_text(c.get("address")), id_number=_text(c.get("id_number")),
                             account_manager_id=manager)
        values = _parsed(problems, "name", clean_customer, data)
        if values is not None:
            key = (values["name"], values["id_number"])
            if key in known:
                check.already_imported += 1
                continue
            if key in seen:
                problems.append(FieldError("name", "import.same_customer_row", row=seen[key]))
            seen.setdefault(key, number)
        if problems:
            _report(check, "customers", number, problems)
            continue
        check.records.append({"row": number, **values})


def run_import(desk: Desk, actor: Actor, kind: str, path: Path | str, *, only_valid: bool = False,
               progress: Progress | None = None, engine: str = "calamine", source: str = "finance") -> ImportResult:
    """导入: checked again inside the write transaction (the data may have moved since the preview);
    refused while the file has errors unless ``only_valid``."""
    if source not in ("finance", "business"):
        raise DomainError("import.bad_kind", kind=source)
    sheet = read_sheet(path, engine=engine)
    return _import_sheet(desk, actor, kind, sheet, Path(path).name[:260], only_valid=only_valid, progress=progress,
                         source=source)


@retried_once
def _import_sheet(desk: Desk, actor: Actor, kind: str, sheet: Sheet, name: str, *, only_valid: bool,
                  progress: Progress | None, source: str) -> ImportResult:
    """The import's one transaction (run again once on a server's conflict: the file is read once)."""
    with desk.use_case(actor, PERMISSIONS[kind], posts=kind == "arrears") as uow:
        check = _check(uow, kind, sheet, name, posting=True)
        if check.issues and not only_valid:
            raise DomainError("import.has_errors", rows=check.bad_rows, count=len(check.issues),
                              first=str(check.issues[0]))
        if not check.records:
            return ImportResult(None, 0, check.already_imported, check.bad_rows, 0)
        batch_id = uow.figures.add_batch(Batch(kind, name, check.sha256, check.total_rows, len(check.records)))
        if kind == "arrears":
            uow.ledger.record_items([r["item"] for r in check.records],
                                    context=[{"import_batch_id": batch_id, "row": r["row"]} for r in check.records],
                                    progress=progress)
        elif kind == "revenues":
            uow.figures.add_revenues([r["figure"] for r in check.records], batch_id)
        elif kind == "external":
            uow.figures.add_external_totals([r["figure"] for r in check.records], batch_id, source)
        else:
            for n, values in enumerate(check.records, start=1):
                add_customer(uow, {k: v for k, v in values.items() if k != "row"})
                if progress is not None and n % 200 == 0:
                    progress(n, len(check.records))
        uow.audit(f"import.{kind}", "import_batch", batch_id, after={
            "file": name, "sha256": check.sha256, "rows": check.total_rows,
            "imported": len(check.records), "already_imported": check.already_imported,
            "skipped_bad_rows": check.bad_rows, "amount": check.amount})
        if progress is not None:
            progress(len(check.records), len(check.records))
        uow.commit()
        return ImportResult(batch_id, len(check.records), check.already_imported, check.bad_rows, check.amount)


def _check_revenues(uow: UnitOfWork, cells: list[tuple[int, dict]], check: ImportCheck) -> None:
    """业务收入 per period and business line: the latest figure for a period, line and category counts."""
    lines = uow.items.business_lines()
    latest = uow.figures.latest_revenue()
    seen: dict[tuple, int] = {}
    for number, c in cells:
        problems: list[FieldError] = []
        period = _parsed(problems, "period", _period_cell, c["period"])
        line_text = _text(c["business_line"])
        line_id = lines.get(line_text.upper()) or lines.get(line_text)
        if line_id is None:
            problems.append(FieldError("business_line", "business_line.unknown", code=line_text))
        category_text = _text(c.get("category")) or "业务收入"
        category = REVENUE_CATEGORIES.get(category_text)
        if category is None:
            problems.append(FieldError("category", "import.unknown_category", text=category_text,
                                       choices="、".join(k for k in REVENUE_CATEGORIES if len(k) > 2)))
        amount = _parsed(problems, "amount", _money_cell, c["amount"])
        key = (period, line_id, category)
        if not problems and key in seen:
            problems.append(FieldError("period", "import.same_revenue_row", row=seen[key]))
        if problems:
            _report(check, "revenues", number, problems)
            continue
        seen[key] = number
        if latest.get(key) == amount:
            check.already_imported += 1
            continue
        check.records.append({"row": number, "figure": RevenueFigure(period, line_id, category, amount)})
        check.amount += amount


def _check_external(uow: UnitOfWork, cells: list[tuple[int, dict]], check: ImportCheck) -> None:
    """业财对账: totals per period, and business line and/or customer, from finance or a business system."""
    lines = uow.items.business_lines()
    seen: dict[tuple, int] = {}
    codes = {code: customer.id for code, (customer, _agreement) in uow.items.customers_by_code(
        _text(c.get("customer_code")) for _, c in cells if _text(c.get("customer_code"))).items()}
    for number, c in cells:
        problems: list[FieldError] = []
        line_id = customer_id = None
        period = _parsed(problems, "period", _period_cell, c["period"])
        line_text = _text(c.get("business_line"))
        if line_text:
            line_id = lines.get(line_text.upper()) or lines.get(line_text)
            if line_id is None:
                problems.append(FieldError("business_line", "business_line.unknown", code=line_text))
        code = _text(c.get("customer_code"))
        if code:
            customer_id = codes.get(code)
            if customer_id is None:
                problems.append(FieldError("customer_code", "customer.not_found", ref=code))
        if bool(line_text) == bool(code) and not problems:
            problems.append(FieldError("business_line", "import.line_or_customer"))
        figures = {key: _parsed(problems, key, _money_cell, c[key]) for key in ("incurred", "collected")}
        ident = (period, line_id, customer_id)
        if not problems and ident in seen:
            problems.append(FieldError("period", "import.row_repeated", row=seen[ident]))
        if problems:
            _report(check, "external", number, problems)
            continue
        seen[ident] = number
        check.records.append({"row": number, "figure": ExternalFigure(period, line_id, customer_id,
                                                                      figures["incurred"], figures["collected"])})
        check.amount += figures["incurred"]


def write_template(kind: str, path: Path) -> Path:
    """导入模板: the headers, one example row and a notes sheet, as a workbook to fill in."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from app.reports.export import _save_atomically, text_cell
    examples = {"arrears": ["C000001", "函件", "2026-11-20", "1234.50", "PZ20261120001", "2026-11", "", "是", ""],
                "revenues": ["2026-11", "函件", "业务收入", "500000.00"],
                "external": ["2026-11", "函件", "", "123456.78", "100000.00"],
                "customers": ["某某贸易有限公司", "政企客户", "王经理", "0311-88886666", "某某市某某路 1 号",
                              "91130100XXXXXXXXXX", ""]}
    wb = Workbook()
    ws = wb.active
    ws.title = "导入数据"
    fields = FIELDS[kind]

    def append(sheet, values: list[str]) -> None:
        sheet.append([text_cell(sheet, value) for value in values])

    append(ws, [f.label + ("*" if f.required else "") for f in fields])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
    append(ws, examples[kind])
    for i, f in enumerate(fields, start=1):
        ws.column_dimensions[chr(64 + i)].width = max(12, len(f.label) * 3)
        ws.cell(row=2, column=i).number_format = "@"  # keep codes and vouchers as text
    ws.freeze_panes = "A2"
    notes = wb.create_sheet("填写说明")
    append(notes, ["列名", "必填", "也可用的列名"])
    for f in fields:
        append(notes, [f.label, "是" if f.required else "否", "、".join(f.names)])
    notes.append([])
    append(notes, ["金额以元为单位，最多两位小数，不带货币符号；日期写作 2026-11-20。"])
    append(notes, ["示例行请在导入前删除。"])
    _save_atomically(path, wb.save)
    return path
