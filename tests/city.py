"""A city office with three registered branches, on real files: BR01 and BR02 post a year's business at
their counters (items on several lines, repayments, a reversal, a write-off, revenue), export their packages,
and the city office imports them; BR03 is registered but has sent nothing."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from app.services.arrears import ArrearsInput, record_arrears, reverse_arrears, write_off
from app.services.exchange import export_packages, import_packages, register_site, write_identity
from app.services.repayments import RepaymentInput, record_repayment
from app.services.reports import record_revenue
from tests.factories import approved_customer, make_desk, move_clock

TODAY = date(2026, 11, 25)
LINES = ("LETTER", "PARCEL", "EXPRESS", "PRESS")


def _post(desk, staff, seed: int) -> None:
    """A few months of business at one branch: items over several lines and months, repayments, a
    reversal and a write-off, and this year's revenue."""
    customers = [approved_customer(desk, staff, f"客户{seed}-{n}") for n in range(4)]  # agreements from 1 January
    move_clock(desk, TODAY)
    items = []
    for n in range(24):
        month = 1 + (n * 5 + seed) % 11
        item = record_arrears(desk, staff.clerk, ArrearsInput(
            customers[n % 4], LINES[(n + seed) % 4], date(2026, month, 2 + (n * 7) % 26),
            10_000 + 3_517 * n + 1_000 * seed, f"PZ{seed}-{n:03d}"))
        items.append(item.item_id)
    for n, customer in enumerate(customers[:3]):
        record_repayment(desk, staff.clerk, RepaymentInput(customer, 25_000 + 7_000 * n + seed, date(2026, 10, 3 + n),
                                                           "cash", f"SJ{seed}-{n}"))
    reverse_arrears(desk, staff.head, items[-1], "录入错误")
    write_off(desk, staff.head, staff.finance, items[-2], reason="客户注销", evidence="工商注销证明")
    for n, line in enumerate(LINES[:3]):
        record_revenue(desk, staff.finance, 202601 + n, line, 2_000_000 + 100_000 * seed * (n + 1))


def make_city(folder: Path):
    """(city desk, city staff, {code: (branch desk, branch staff)}); packages under ``folder``/out/CODE."""
    city, city_staff = make_desk(folder / "city.sqlite3", TODAY, code="CITY", kind="city")
    write_identity(city, folder / "CITY.json")
    sites = {}
    for seed, code in enumerate(("BR01", "BR02", "BR03"), start=1):
        desk, staff = make_desk(folder / f"{code}.sqlite3", date(2026, 1, 2), code=code)
        write_identity(desk, folder / f"{code}.json")
        register_site(desk, staff.admin, folder / "CITY.json")
        register_site(city, city_staff.admin, folder / f"{code}.json")
        if code != "BR03":  # BR03 has sent nothing yet
            _post(desk, staff, seed)
            files = export_packages(desk, staff.admin, folder / "out" / code)
            assert [o.state for o in import_packages(city, city_staff.admin, files)] == ["applied"]
        else:
            move_clock(desk, TODAY)
        sites[code] = (desk, staff)
    return city, city_staff, sites
