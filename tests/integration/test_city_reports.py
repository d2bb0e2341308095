"""The city office's reports across branches (市局汇总), on real files: two branches post at their counters,
export their packages, the city office imports them; a third branch is registered but has sent nothing.
Every city figure is the branches' own report with a branch column, its totals the sum of theirs."""
from __future__ import annotations

import json
import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.domain.errors import DomainError
from app.reports import words as w
from app.reports.model import SiteKey, Status, say
from app.reports.request import ReportKind, ReportRequest
from app.services import reports
from app.services.arrears import ArrearsInput, record_arrears
from app.services.city import branches
from app.services.context import FixedClock
from app.services.dashboard import dashboard
from app.services.exchange import export_packages, import_packages
from app.services.reports import build
from tests import server
from tests.city import TODAY, make_city
from tests.factories import PASSWORD, approved_customer


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    folder = tmp_path_factory.mktemp("city")
    city, city_staff, sites = make_city(folder)
    kept = server.kept_beyond_the_test() if server.ON_SERVER else []  # the branches on a server: for the module
    yield city, city_staff, sites, folder
    for desk, _staff in sites.values():
        desk.close()
    city.close()
    server.drop_databases(kept)


def own(sites, code: str, request: ReportRequest):
    desk, staff = sites[code]
    return build(desk, staff.head, request)


def assert_branch_rows(city_table, own_tables: dict, *, skip: tuple[int, ...] = ()) -> None:
    """The city table is each branch's own table with the branch in front, one branch after the other,
    and its money and count totals are the sum of the branches' totals."""
    assert say(city_table.columns[0].header) == "网点"
    expected = []
    for code, table in own_tables.items():
        expected += [[code, *row] for row in table.rows]
    keep = [i for i in range(len(city_table.columns)) if i not in skip]
    assert [[r[i] for i in keep] for r in city_table.rows] == [[r[i] for i in keep] for r in expected]
    if city_table.totals is not None:
        for i, column in enumerate(city_table.columns[1:], start=1):
            if column.kind in ("money", "int") and all(type(t.totals[i - 1]) is int for t in own_tables.values()):
                assert city_table.totals[i] == sum(t.totals[i - 1] for t in own_tables.values()), column.header


@pytest.mark.parametrize("scheme", ["overdue", "telecom"])
def test_city_aging_is_each_branchs_own_with_a_branch_column_and_totals_that_are_their_sum(city, scheme):
    desk, staff, sites, _ = city
    request = ReportRequest("aging", TODAY, scheme=scheme, details=True)
    report = build(desk, staff.head, request)
    mine = {code: own(sites, code, request) for code in ("BR01", "BR02")}
    grand = sum(r.table("structure").totals[1] for r in mine.values())
    assert grand > 0
    structure = report.table("structure")  # the city's structure: each band summed over the branches
    for i, row in enumerate(structure.rows):
        assert row[1] == sum(r.table("structure").rows[i][1] for r in mine.values())
    assert structure.totals[1] == grand and structure.totals[2] == Decimal("1.0000")
    for key in ("by_customer", "by_business_line", "by_customer_group", "by_handler", "by_branch", "details"):
        table = report.table(key)
        assert_branch_rows(table, {code: r.table(key) for code, r in mine.items()},
                           skip=(len(table.columns) - 1,) if key != "details" else ())
        if key != "details":  # a row's share is of the city's total
            assert table.totals[-2] == grand and table.totals[-1] == Decimal("1.0000")
            assert sum(r[-1] for r in table.rows) == pytest.approx(Decimal(1), abs=Decimal("0.001") * len(table.rows))
        else:
            assert table.totals[-1] == grand
    assert {k.site for k in report.table("by_customer").keys} == {"BR01", "BR02"}


def test_city_movement_balances_for_each_branch_and_its_total_is_their_sum(city):
    desk, staff, sites, _ = city
    request = ReportRequest("movement", TODAY, start=date(2026, 1, 1))
    report = build(desk, staff.head, request)
    mine = {code: own(sites, code, request) for code in ("BR01", "BR02")}
    assert report.warnings == [w for w in report.warnings if "BR03" in say(w)]  # nothing unbalanced
    for key in ("by_business_line", "by_branch"):
        table = report.table(key)
        assert_branch_rows(table, {code: r.table(key) for code, r in mine.items()})
        assert all(row[-2] == 0 for row in table.rows) and table.totals[-2] == 0  # the difference
        opening, incurred, collected, written_off, reversed_, closing = table.totals[2:8]
        assert opening + incurred - collected - written_off - reversed_ == closing
        assert written_off > 0 and reversed_ > 0 and collected > 0
    assert w.NOTE_BALANCED in report.notes


@pytest.mark.parametrize("kind", ["ratio", "handlers", "long_overdue", "reconciliation", "daily"])
def test_every_other_city_report_is_the_branches_own_rows_and_summed_totals(city, kind):
    desk, staff, sites, _ = city
    request = ReportRequest(kind, TODAY, start=date(2026, 1, 1))
    report = build(desk, staff.head, request)
    mine = {code: own(sites, code, request) for code in ("BR01", "BR02")}
    keys = [t.key for t in mine["BR01"].tables]
    assert [t.key for t in report.tables] == [*keys, "branches"]
    for key in keys:
        assert_branch_rows(report.table(key), {code: r.table(key) for code, r in mine.items()})
    if kind == "ratio":
        table = report.table("by_business_line")
        revenue, arrears = table.totals[2], table.totals[3]
        assert revenue == sum(r.table(key).totals[1] for r in mine.values()) > 0
        assert table.totals[4] == (Decimal(arrears) / Decimal(revenue)).quantize(Decimal("0.0001"))
        assert table.totals[6] in (Status.ON_TARGET, Status.OVER_TARGET)
    if kind == "long_overdue":
        assert report.table("list").rows and {k.site for k in report.table("list").keys} == {"BR01", "BR02"}


def test_a_branch_that_has_sent_nothing_is_listed_as_no_data_received_not_left_out(city):
    desk, staff, sites, _ = city
    report = build(desk, staff.head, ReportRequest("aging", TODAY))
    data = report.table("branches")
    assert [row[0] for row in data.rows] == ["BR01", "BR02", "BR03"]
    assert [row[4] for row in data.rows] == [Status.INCLUDED, Status.INCLUDED, Status.NO_DATA]
    assert any("BR03" in say(warning) and "尚未收到数据" in say(warning) for warning in report.warnings)
    assert "BR03" not in {row[0] for row in report.table("by_customer").rows}
    assert dict(report.parameters)[w.BRANCHES].say() == "全部网点（3 个）"


def test_the_city_report_says_how_current_each_branchs_data_is(city):
    desk, staff, sites, folder = city
    report = build(desk, staff.head, ReportRequest("handlers", TODAY))
    rows = {row[0]: row for row in report.table("branches").rows}
    made = FixedClock(TODAY).now()  # the branches made their packages at their clock's time
    assert rows["BR01"][2] == made.strftime("%Y-%m-%d %H:%M") and rows["BR01"][3] == 1
    assert rows["BR03"][2] == "" and rows["BR03"][3] == 0
    with zipfile.ZipFile(folder / "out" / "BR01" / "BR01-000001.adx") as package:
        signed = json.loads(package.read("manifest.json"))
    assert rows["BR01"][6] == signed["root"]  # the copy's root is the one the branch signed
    assert rows["BR01"][5] == ""  # no month closed there yet


def test_the_branch_filter_narrows_every_table_to_the_branches_chosen(city):
    desk, staff, sites, _ = city
    for kind in ReportKind:
        report = build(desk, staff.head, ReportRequest(kind, TODAY, branches=("br02",)))
        assert [row[0] for row in report.table("branches").rows] == ["BR02"]
        for table in report.tables:
            if table.key not in ("structure", "branches"):
                assert {row[0] for row in table.rows} <= {"BR02"}, (kind, table.key)
        assert dict(report.parameters)[w.BRANCHES] == "BR02"
    aging = build(desk, staff.head, ReportRequest("aging", TODAY, branches=["BR02"]))
    alone = own(sites, "BR02", ReportRequest("aging", TODAY))
    assert aging.table("by_customer").rows == [["BR02", *row] for row in alone.table("by_customer").rows]
    both = build(desk, staff.head, ReportRequest("aging", TODAY, branches=["BR02", "BR03"]))
    assert [row[4] for row in both.table("branches").rows] == [Status.INCLUDED, Status.NO_DATA]


def test_an_unknown_branch_is_refused_and_a_branch_cannot_ask_for_another(city):
    desk, staff, sites, _ = city
    with pytest.raises(DomainError) as refused:
        build(desk, staff.head, ReportRequest("aging", TODAY, branches=["BR09"]))
    assert refused.value.code == "report.unknown_branch" and "BR01" in refused.value.message()
    branch, branch_staff = sites["BR01"]
    with pytest.raises(DomainError) as refused:
        build(branch, branch_staff.head, ReportRequest("aging", TODAY, branches=["BR02"]))
    assert refused.value.code == "report.branches_at_city_only"
    mine = build(branch, branch_staff.head, ReportRequest("aging", TODAY, branches=["BR01"]))
    assert mine.table("by_customer").columns[0].header is w.NAME  # a branch's own report, unchanged
    assert [b.code for b in branches(desk, staff.head)] == ["BR01", "BR02", "BR03"]
    assert branches(branch, branch_staff.head) is None


def test_drilling_into_a_city_figure_lists_that_branchs_items(city):
    desk, staff, sites, _ = city
    report = build(desk, staff.head, ReportRequest("aging", TODAY, groupings=["business_line"]))
    table = report.table("by_business_line")
    row = next(i for i, k in enumerate(table.keys) if k.site == "BR02")
    key = table.keys[row]
    assert isinstance(key, SiteKey)
    items = reports.details(desk, staff.head, report.request, group=key)
    assert {r[0] for r in items.rows} == {"BR02"} and sum(r[-1] for r in items.rows) == table.rows[row][-2]
    everything = reports.details(desk, staff.head, report.request)
    assert everything.totals[-1] == table.totals[-2]


def test_city_exports_carry_the_branch_column(city, tmp_path):
    desk, staff, sites, _ = city
    report = build(desk, staff.head, ReportRequest("aging", TODAY, details=True))
    path = reports.write_report(desk, report, tmp_path / "city.xlsx")
    book = load_workbook(path)
    sheet = book["按客户"]
    header_row = next(r for r in sheet.iter_rows(values_only=True) if r and r[0] == "网点")
    assert header_row[:3] == ("网点", "名称", "代码")
    codes = {r[0] for r in sheet.iter_rows(values_only=True) if r and r[0] in ("BR01", "BR02", "BR03")}
    assert codes == {"BR01", "BR02"}
    data = [r for r in book["网点数据"].iter_rows(values_only=True) if r and r[0] in ("BR01", "BR02", "BR03")]
    assert [(r[0], r[4]) for r in data] == [("BR01", "已汇总"), ("BR02", "已汇总"), ("BR03", "尚未收到数据")]
    params = [r[0] for r in book["网点数据"].iter_rows(max_row=8, values_only=True) if r and r[0]]
    assert "网点范围：" in params
    assert reports.write_report(desk, report, tmp_path / "city.pdf").stat().st_size > 1000


def test_report_command_line_takes_branches_at_the_city_office(city, tmp_path, capsys):
    desk, staff, sites, _ = city
    out = tmp_path / "movement.xlsx"
    code = main(["report", "movement", "--db", desk.location, "--user", "head", "--password", PASSWORD,
                 "--as-of", TODAY.isoformat(), "--from", "2026-01-01", "--branch", "BR02", "--branch", "br01",
                 "--out", str(out)])
    assert code == 0, capsys.readouterr()
    sheet = load_workbook(out)["按业务专业"]
    assert {r[0] for r in sheet.iter_rows(values_only=True) if r and r[0] in ("BR01", "BR02", "BR03")} == {"BR01", "BR02"}
    code = main(["report", "aging", "--db", desk.location, "--user", "head", "--password", PASSWORD,
                 "--branch", "BR07", "--out", str(tmp_path / "x.xlsx")])
    assert code != 0 and "BR07" in capsys.readouterr().err


def test_city_dashboard_sums_the_branches_or_shows_one(city):
    desk, staff, sites, _ = city
    mine = {code: dashboard(d, s.head, TODAY) for code, (d, s) in sites.items() if code != "BR03"}
    everything = dashboard(desk, staff.head, TODAY)
    for n, month in enumerate(everything.months):
        assert month.outstanding == sum(b.months[n].outstanding for b in mine.values())
        assert month.collected == sum(b.months[n].collected for b in mine.values())
        assert month.incurred == sum(b.months[n].incurred for b in mine.values())
    assert everything.aging_amounts == [sum(x) for x in zip(*(b.aging_amounts for b in mine.values()))]
    assert sorted(a for _n, a in everything.top_overdue) == sorted(
        sorted((a for b in mine.values() for _n, a in b.top_overdue), reverse=True)[:10])
    assert [b[0] for b in everything.branches] == ["BR01", "BR02", "BR03"]
    one = dashboard(desk, staff.head, TODAY, branches=["BR02"])
    assert [m.outstanding for m in one.months] == [m.outstanding for m in mine["BR02"].months]
    assert one.aging_amounts == mine["BR02"].aging_amounts and one.revenue_ratio == mine["BR02"].revenue_ratio


def test_newer_packages_move_the_city_figures_and_their_date(city):
    desk, staff, sites, folder = city
    branch, branch_staff = sites["BR02"]
    before = build(desk, staff.head, ReportRequest("aging", TODAY, branches=["BR02"]))
    later = datetime(2026, 11, 26, 9, 0)
    branch.clock = FixedClock(later.date())
    customer = approved_customer(branch, branch_staff, "新客户")
    record_arrears(branch, branch_staff.clerk, ArrearsInput(customer, "LETTER", later.date(), 88_800, "PZ-NEW"))
    from app.services.closing import close_month
    close_month(branch, branch_staff.finance, 202610, explanation="财务总账尚未导入，待补对")  # 月结 at the branch
    files = export_packages(branch, branch_staff.admin, folder / "out2")  # the first again, and the second
    assert sorted(o.state for o in import_packages(desk, staff.admin, files)) == ["applied", "duplicate"]
    after = build(desk, staff.head, ReportRequest("aging", later.date(), branches=["BR02"]))
    assert after.table("structure").totals[1] == before.table("structure").totals[1] + 88_800
    assert after.table("branches").rows[0][2:4] == ["2026-11-26 09:00", 2]
    assert after.table("branches").rows[0][5] == "2026-10"  # the city sees up to which month BR02 has closed


@pytest.mark.parametrize("kind", list(ReportKind))
def test_a_city_office_without_branch_data_gets_a_report_that_says_so(tmp_path, kind):
    from tests.factories import make_desk
    city, staff = make_desk(tmp_path / "city.sqlite3", TODAY, code="CITY", kind="city")
    with city:
        report = build(city, staff.head, ReportRequest(kind, TODAY))
        assert [t.key for t in report.tables] == ["branches"] and report.table("branches").rows == []
        assert dict(report.parameters)[w.BRANCHES].say() == "全部网点（0 个）"
        board = dashboard(city, staff.head, TODAY)
        assert board.branches == () and board.months[-1].outstanding == 0 and board.revenue_ratio is None


def test_a_branch_copy_that_cannot_be_read_is_named_with_the_reason_and_the_others_still_show(city, tmp_path):
    from app.services.exchange import register_site, replica_location
    desk, staff, _sites, _folder = city
    (tmp_path / "BR09.json").write_text(json.dumps({
        "arrears_desk_site": 1, "uid": "09" * 16, "code": "BR09", "name": "损坏支局", "kind": "branch",
        "public_key": "ab" * 32}))
    register_site(desk, staff.admin, tmp_path / "BR09.json")
    if desk.server is None:
        replica_location(desk, "BR09").write_bytes(b"not a database at all" * 100)
    else:  # a replica schema the program cannot read: made by a newer program (pgcity)
        with server.connect(desk.server, autocommit=True) as con:
            con.execute("CREATE SCHEMA replica_br09")
            con.execute("CREATE TABLE replica_br09.alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
            con.execute("INSERT INTO replica_br09.alembic_version VALUES ('9999')")
    report = build(desk, staff.head, ReportRequest("long_overdue", TODAY))
    status = {row[0]: row[4] for row in report.table("branches").rows}
    assert status["BR09"] is Status.UNREADABLE and status["BR01"] is Status.INCLUDED
    assert any("BR09" in say(warning) and "无法读取" in say(warning) for warning in report.warnings)
    assert {k.site for k in report.table("list").keys} == {"BR01", "BR02"}
