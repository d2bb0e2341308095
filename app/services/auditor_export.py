"""审计导出 (the auditor's copy): for a period, the ledger (欠费、收款、核销、冲正、坏账核销), the audit trail,
the hash-chain links with the integrity roots as of the period's start and end, the collection file and
the reference lists, as CSV (UTF-8 with BOM, a header row) and JSON, with ``manifest.json`` (every
file's SHA-256 and row count) and a ``README.txt`` in Chinese that explains how to check all of it
without this program (会计档案管理办法: the books are kept 30 years; this copy outlives the program).

Rows are written as stored, so that each chained row can be hashed again from its CSV line alone (the
construction is db/chain.py's, restated in the README). The export is written into a temporary folder
beside the target and moved into place when complete: a cancelled or failed export leaves nothing
under the target's name. All of it is read in one read transaction: one consistent moment.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from app.domain.errors import DomainError
from app.domain.personal import PERSONAL_FIELDS, mask, masked_fields, sees_personal_data
from app.domain.roles import Permission
from app.services.context import Actor, Desk
from app.services.failures import os_reason
from app.services.setup import site_info
from db.auditor_export import (
    AUDIT_EXPORT, COLLECTION_EXPORT, ENTITIES, ENTITY_TABLES, LEDGER_EXPORT, REFERENCE_EXPORT, ExportColumn,
    columns_of,
)

Progress = Callable[[int, int, str], None]
FORMAT = "arrears-desk-auditor-export"
_EVERY = 2000  # rows between progress reports (each one may stop a cancelled export)

DESCRIPTIONS = {
    "arrears_items": "欠费（每笔应收欠费）",
    "repayments": "收款（收回欠费）",
    "allocations": "核销（收款冲抵欠费）",
    "reversals": "冲正",
    "write_offs": "坏账核销",
    "recoveries": "收回已核销坏账（账销案存后收回的款项）",
    "write_off_applications": "坏账核销申请（原因、证据要点、申请时的催收记录）",
    "write_off_decisions": "坏账核销的审核、审批、驳回、撤回",
    "audit_log": "审计日志（谁、何时、做了什么，修改前后）",
    "notices": "催缴通知书与对账单（编号、日期、金额）",
    "notice_replies": "回执",
    "collection_records": "催收记录",
    "escalations": "催缴升级（停机、拆机、黑名单等）的确认或放弃",
    "disputes": "异议",
    "dispute_settlements": "异议处理结果",
    "investigations": "逾期六个月以上的原因调查",
    "sites": "网点",
    "branches": "业务受理部门",
    "users": "用户（不含密码）",
    "business_lines": "专业",
    "customers": "客户",
}


@dataclass(frozen=True, slots=True)
class AuditorExport:
    folder: Path
    files: int
    rows: int
    root_at_start: str
    root_at_end: str
    personal_data_masked: bool


def cell(value: Any) -> str:
    """A stored value as CSV text: NULL empty, true/false 1/0, dates and times in ISO 8601 (as Python's
    isoformat writes them: the chain hashes that text), bytes in hex."""
    if value is None:
        return ""
    if value is True or value is False:
        return "1" if value else "0"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def _period(start: date, end: date) -> tuple[datetime, datetime]:
    if end < start:
        raise DomainError("audit_export.bad_period", start=start.isoformat(), end=end.isoformat())
    return datetime.combine(start, datetime.min.time()), datetime.combine(end + timedelta(days=1),
                                                                          datetime.min.time())


def _column_json(columns: list[ExportColumn]) -> list[dict]:
    return [{"name": c.name, "type": c.kind, "nullable": c.nullable} for c in columns]


class _Writer:
    """Writes the files into the temporary folder and keeps the manifest's entries."""

    def __init__(self, folder: Path, progress: Progress | None, total: int) -> None:
        self.folder, self.progress, self.total = folder, progress, total
        self.done = 0
        self.entries: list[dict] = []

    def tick(self, label: str, rows: int = 0) -> None:
        self.done += rows
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total, label)

    def csv(self, name: str, header: list[str], rows: Iterable[Iterable[Any]], description: str,
            **extra: Any) -> int:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        count = 0
        self.tick(name)
        with open(path, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL)
            writer.writerow(header)
            for row in rows:
                writer.writerow([cell(v) for v in row])
                count += 1
                if count % _EVERY == 0:
                    self.tick(name, _EVERY)
        self.tick(name, count % _EVERY)
        self.add(name, description, rows=count, **extra)
        return count

    def json(self, name: str, data: Any, description: str) -> None:
        path = self.folder / name
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        self.add(name, description, rows=None)

    def add(self, name: str, description: str, *, rows: int | None, **extra: Any) -> None:
        self.entries.append({"path": name, "description": description, "rows": rows, **extra})

    def hashed(self) -> list[dict]:
        for entry in self.entries:
            entry["sha256"] = sha256_file(self.folder / entry["path"])
            entry["bytes"] = (self.folder / entry["path"]).stat().st_size
        return self.entries


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _masked_audit(rows: Iterator[tuple], columns: list[ExportColumn]) -> Iterator[tuple]:
    """Audit records with personal data in their before/after masked, for roles that may not see it; the
    added last column says which were (their chain link cannot be recomputed from this copy)."""
    at = [i for i, c in enumerate(columns) if c.name in ("before", "after")]
    for row in rows:
        masked = False
        values = list(row)
        for i in at:
            text = values[i]
            if text and any(f'"{key}"' in text for key in PERSONAL_FIELDS):
                try:
                    data = json.loads(text)
                except ValueError:
                    continue
                if isinstance(data, dict):
                    shown = json.dumps(masked_fields(data), ensure_ascii=False, sort_keys=True)
                    if shown != text:
                        values[i], masked = shown, True
        yield (*values, masked)


def _masked_customers(rows: Iterator[tuple], names: tuple[str, ...]) -> Iterator[tuple]:
    at = [names.index(key) for key in PERSONAL_FIELDS if key in names]
    for row in rows:
        values = list(row)
        for i in at:
            values[i] = mask(values[i])
        yield tuple(values)


def _target(folder: Path) -> Path:
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise DomainError("audit_export.folder_not_empty", folder=str(folder))
    return folder


def export_for_auditor(desk: Desk, actor: Actor, start: date, end: date, out: Path, *,
                       progress: Progress | None = None) -> AuditorExport:
    """审计导出 into the folder ``out`` (new, or empty). ``progress(done, total, file)`` may raise
    ``Cancelled``: nothing is left behind then."""
    since, before = _period(start, end)
    out = _target(out)
    masked = not sees_personal_data(actor.role)
    temp = out.parent / f".{out.name}.partial-{secrets.token_hex(4)}"
    try:
        temp.mkdir(parents=True)
    except OSError as error:
        raise DomainError("backup.cannot_write", folder=str(out.parent), reason=os_reason(error)) from None
    try:
        with desk.query(actor, Permission.VIEW_AUDIT) as uow:
            summary = _write(uow, desk, actor, start, end, since, before, temp, masked, progress)
        if out.exists():
            out.rmdir()  # empty (checked above): the complete export takes its place
        os.replace(temp, out)
    except BaseException as error:
        shutil.rmtree(temp, ignore_errors=True)  # our own unfinished files, never a record
        if isinstance(error, OSError):
            raise DomainError("backup.cannot_write", folder=str(out), reason=os_reason(error)) from None
        raise
    with desk.use_case(actor, Permission.VIEW_AUDIT) as uow:
        uow.audit("audit.exported", "database", None,
                  after={"from": start.isoformat(), "to": end.isoformat(), "folder": str(out),
                         "files": summary.files, "rows": summary.rows,
                         "manifest_sha256": sha256_file(out / "manifest.json"),
                         "personal_data": "masked" if masked else "full"})
        uow.commit()
    return AuditorExport(out, summary.files, summary.rows, summary.root_at_start, summary.root_at_end, masked)


def _write(uow, desk: Desk, actor: Actor, start: date, end: date, since: datetime, before: datetime,
           folder: Path, masked: bool, progress: Progress | None) -> AuditorExport:
    book = uow.auditor_export
    counts = {name: book.period_count(name, since, before)
              for name in (*LEDGER_EXPORT, *AUDIT_EXPORT, *COLLECTION_EXPORT)}
    references = {name: book.reference_count(name) for name in REFERENCE_EXPORT}
    links = book.chain_link_count(since, before)
    total = sum(counts.values()) + sum(references.values()) + links
    writer = _Writer(folder, progress, total)
    rows = 0
    for name in LEDGER_EXPORT:
        columns = columns_of(name)
        rows += writer.csv(f"ledger/{name}.csv", [c.name for c in columns], book.period_rows(name, since, before),
                           DESCRIPTIONS[name], columns=_column_json(columns), chained_columns=len(columns),
                           chain_entity=ENTITIES[name])
    columns = columns_of("audit_log")
    audit_rows = book.period_rows("audit_log", since, before)
    rows += writer.csv("audit/audit_log.csv", [c.name for c in columns] + ["masked"],
                       _masked_audit(audit_rows, columns) if masked else ((*r, False) for r in audit_rows),
                       DESCRIPTIONS["audit_log"],
                       columns=_column_json(columns) + [{"name": "masked", "type": "boolean", "nullable": False}],
                       chained_columns=len(columns), chain_entity=ENTITIES["audit_log"])
    header = ["id", "chain", "entity", "entity_table", "entity_id", "at", "digest", "previous_digest"]
    rows += writer.csv("chain/chain_links.csv", header,
                       ((i, chain, entity, ENTITY_TABLES[entity], entity_id, at, digest, previous or bytes(32))
                        for i, chain, entity, entity_id, at, digest, previous in book.chain_links(since, before)),
                       "防篡改链：本期记录的每个链节点及其前一节点的摘要")
    roots = {}
    for key, moment in (("start", since), ("end", before)):
        heads, roots[key] = book.integrity(moment)
        writer.csv(f"chain/heads_{key}.csv", ["chain", "digest"], heads,
                   f"{'期初' if key == 'start' else '期末'}各链的最后一个节点（计算完整性根用）")
    for name in COLLECTION_EXPORT:
        columns = columns_of(name)
        rows += writer.csv(f"collection/{name}.csv", [c.name for c in columns],
                           book.period_rows(name, since, before), DESCRIPTIONS[name], columns=_column_json(columns))
    for name, names in REFERENCE_EXPORT.items():
        columns = columns_of(name, names)
        found = book.reference_rows(name)
        writer.csv(f"reference/{name}.csv", list(names), _masked_customers(found, names)
                   if masked and name == "customers" else found, DESCRIPTIONS[name], columns=_column_json(columns))
    for file_name, sha256, content in book.evidence_files(since, before):
        path = folder / "evidence" / file_name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        writer.add(f"evidence/{file_name}", f"证据文件（数据库记录的 SHA-256：{sha256}）", rows=None)
    site = site_info(desk)
    integrity = {
        "construction": "db/chain.py；见 README.txt 第 4、5 节",
        "start": {"records_before": since.isoformat(), "root": roots["start"], "heads": "chain/heads_start.csv"},
        "end": {"records_before": before.isoformat(), "root": roots["end"], "heads": "chain/heads_end.csv"},
    }
    writer.json("integrity.json", integrity, "完整性根：期初（本期第一天零时之前的全部记录）与期末（最后一天结束之前）")
    (folder / "README.txt").write_text(readme(site.code, site.name, start, end, masked), encoding="utf-8-sig")
    writer.add("README.txt", "说明（本文件）", rows=None)
    manifest = {
        "format": FORMAT, "version": 1,
        "site": {"code": site.code, "name": site.name},
        "period": {"from": start.isoformat(), "to": end.isoformat(), "recorded_from": since.isoformat(),
                   "recorded_before": before.isoformat()},
        "made_at": desk.clock.now().isoformat(), "made_by": actor.username,
        "personal_data": "masked" if masked else "full",
        "encoding": "CSV: UTF-8 with BOM, comma-separated, RFC 4180 quoting, header row; NULL is an empty field",
        "integrity": {"root_at_start": roots["start"], "root_at_end": roots["end"]},
        "files": writer.hashed(),
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return AuditorExport(folder, len(manifest["files"]) + 1, rows, roots["start"], roots["end"], masked)


# The README's check, run as it stands by tests/integration/test_auditor_export.py.
CHECK_SCRIPT = r"""import csv, hashlib, json
manifest = json.load(open("manifest.json", encoding="utf-8"))
def read(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))
def encode(value, column):
    if value == "" and column["nullable"]:
        return "N"
    prefix = {"integer": "i", "boolean": "i", "datetime": "t", "date": "d", "bytes": "b"}
    return prefix.get(column["type"], "s%d:" % len(value)) + value
rows = {}
for f in manifest["files"]:
    if "chain_entity" in f:
        columns = f["columns"][:f["chained_columns"]]
        for r in read(f["path"]):
            content = "\x1e".join(encode(r[c["name"]], c) for c in columns)
            rows[(f["chain_entity"], r["id"])] = content.encode("utf-8")
bad = 0
for link in read("chain/chain_links.csv"):
    place = "%s|%s|%s|%s|" % (link["chain"], link["entity"], link["entity_id"], link["at"])
    content = rows[(int(link["entity"]), link["entity_id"])]
    digest = hashlib.sha256(bytes.fromhex(link["previous_digest"]) + place.encode("utf-8") + content)
    if digest.hexdigest() != link["digest"]:
        bad += 1
        print("不一致：", link["entity_table"], link["entity_id"])
print("核对完毕，不一致", bad, "处")
"""


def readme(code: str, name: str, start: date, end: date, masked: bool) -> str:
    script = "\n".join("    " + line for line in CHECK_SCRIPT.splitlines())
    personal = ("本导出由无权查看完整个人信息的岗位生成：客户的证件号码和电话只显示后四位（reference/customers.csv），"
                "审计日志中含个人信息的修改前后记录也已遮盖，这些行在 audit/audit_log.csv 的 masked 列为 1，"
                "它们的链节点无法用本导出重算（其后的节点仍可逐个核对，见第 5 节）。如需全部重算，请由业务受理部门"
                "负责人导出。" if masked else
                "本导出含客户完整的证件号码和电话（个人信息），请按个人信息保护的规定保管。")
    return f"""ArrearsDesk 用户欠费管理系统 —— 审计导出
网点：{code} {name}
期间：{start.isoformat()} 至 {end.isoformat()}（按记录时间：{start.isoformat()} 零时起，至 {end.isoformat()} 结束）

本文件夹中的数据不需要本程序即可阅读和核对。表格文件为 CSV（UTF-8 带 BOM，Excel 可直接打开；逗号分隔，
含逗号、引号或换行的内容按 RFC 4180 用双引号括起；第一行为列名）；其余为 JSON。金额一律以“分”为单位的整数
（100 = 1 元）。日期为 YYYY-MM-DD，时间为 YYYY-MM-DDTHH:MM:SS（ISO 8601）；空白单元格表示数据库中的空值
（NULL）；是/否以 1/0 表示；uid、摘要等二进制内容以十六进制表示。

注意：CSV 中的文字按数据库原样导出（核对哈希需要原文）。若某格以 = + - @ 开头，Excel 可能把它当作公式；
请用“数据 > 从文本/CSV”导入并把列设为“文本”，或用文本编辑器查看。

1. 文件
  manifest.json            清单：每个文件的路径、SHA-256、字节数、行数（不含列名行）、各列的名称和类型
  integrity.json           完整性根：期初和期末
  ledger/arrears_items.csv 欠费；ledger/repayments.csv 收款；ledger/allocations.csv 核销（收款冲抵欠费）；
  ledger/reversals.csv     冲正；ledger/write_offs.csv 坏账核销（账销案存：欠费本身仍在 arrears_items 中）
  audit/audit_log.csv      审计日志：at 时间、user_id 操作人、action 操作、entity/entity_id 对象、
                           before/after 修改前后（JSON）；最后一列 masked 不是数据库的列（见第 6 节）
  chain/chain_links.csv    本期每条台账或审计记录在防篡改链上的节点：chain 链号（客户 id；负数为用户 -id；
                           0 为网点）、entity 表号、entity_table 表名、entity_id 记录 id、at 记录时间、
                           digest 本节点摘要、previous_digest 同一链上前一节点的摘要（链首为 64 个 0）
  chain/heads_start.csv    期初各链的最后一个节点摘要；chain/heads_end.csv 期末的
  collection/*.csv         催收档案：通知书与对账单、回执、催收记录、催缴升级、异议及处理结果、原因调查
  reference/*.csv          参照：网点、部门、用户（不含密码）、专业、客户（全部，不限期间）
  evidence/                数据库引用的证据文件（如有；清单中注明其在数据库中记录的 SHA-256）
  各台账和催收表的行为本期内记录的行（按各表自己的记录时间：欠费、收款为 recorded_at，审计日志为 at，
  其余为 created_at、issued_at、decided_at 等，manifest.json 中不另列）。

2. 核对文件未被改动
  对每个文件计算 SHA-256，与 manifest.json 中 files[].sha256 比较。例如：
    Windows：certutil -hashfile ledger\\arrears_items.csv SHA256
    Linux/macOS：sha256sum ledger/arrears_items.csv
  manifest.json 本身的 SHA-256 记在本程序的审计日志（操作“审计导出”）中。

3. 核对行数
  每个 CSV 的记录数（不含第一行列名；引号内换行的单元格仍属同一条记录，请用 CSV 读取工具计数，
  不要数文本行）应等于 manifest.json 中的 rows。

4. 重算一个链节点（防篡改链，构造见程序源代码 db/chain.py）
  台账和审计记录的每一行在 chain_links.csv 中有一个节点。节点摘要
    digest = SHA-256( previous_digest ‖ "{{chain}}|{{entity}}|{{entity_id}}|{{at}}|" ‖ 行内容编码 )
  其中 previous_digest 为 32 字节（十六进制解码），中间一段为 UTF-8 文字（at 即 CSV 中的时间原文），
  “行内容编码”为该记录在其 CSV 中的各列（按 manifest.json 中 columns 的顺序，只取前 chained_columns 列）
  逐个编码后以字节 0x1E 连接，再以 UTF-8 编码：
    空值（NULL）            → N
    integer、boolean 列     → i 加十进制整数（boolean 为 i1 或 i0）
    text 列                 → s 加字符数（Unicode 字符个数，不是字节数）加冒号加原文，如 s3:ABC
    datetime 列             → t 加 CSV 中的原文
    date 列                 → d 加 CSV 中的原文
    bytes 列（如 uid）      → b 加 CSV 中的十六进制原文
  算得的摘要应等于 chain_links.csv 中的 digest；同一链上相邻节点的 previous_digest 应等于前一节点的 digest。
  Python 示例（只用标准库，在本文件夹中运行；masked 为 1 的审计记录见第 6 节）：
{script}
5. 重算完整性根（打印在营业日报单、报表和交换包上）
  叶子 = SHA-256( 0x00 ‖ 链号（8 字节有符号大端整数）‖ 该链最后一个节点的摘要 )，按链号从小到大排列；
  每层两两相邻合并：SHA-256( 0x01 ‖ 左 ‖ 右 )，单出的一个原样进入上一层，直到只剩一个；没有任何链时为
  SHA-256(空)。用 chain/heads_start.csv 算出的应等于 integrity.json 的期初根，用 heads_end.csv 算出的等于期末根。
  本期每条链的最后一个节点（chain_links.csv）应等于 heads_end.csv 中该链的摘要；期初的应等于本期该链第一个
  节点的 previous_digest。与打印在报表上的根一致，即证明那一刻之前的全部记录未被改动。

6. 个人信息
  {personal}

7. 保管
  会计档案保管 30 年（会计档案管理办法）。本程序不删除任何台账、审计或催收记录（数据库触发器拒绝修改和删除）。
"""
