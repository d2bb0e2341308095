"""The README's screenshots, retaken from the demo data: `make screenshots` (needs xvfb-run; pngquant and optipng
make the files small when installed). Not part of the program or its bundle.

    python tools/screenshots.py [--out docs/screenshots]              every size and language
    python tools/screenshots.py --shoot LANG WxH SCALE OUT DEMO AREAS one window, on the screen it runs on

Each window runs in a fresh Xvfb screen of its own size (3840x2160 runs with QT_SCALE_FACTOR=2, so the
window is laid out at 1920x1080 and drawn on twice the pixels, as on a 4K monitor at 200%)."""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 25)  # the demo's day: the same pictures on every run
# The main screens, in the navigation's order; "approvals" is the marketing user's, "month_close" finance's, the
# rest the branch head's.
MAIN = ["today", "customers", "ledger", "arrears", "repayments", "cashup", "collection", "reports", "dashboard",
        "write_offs", "approvals", "month_close", "audit"]
HIGH_DPI = ["today", "customers", "repayments", "collection", "dashboard"]
USERS = {"approvals": "marketing", "month_close": "finance"}
# (language, screen, scale, areas)
RUNS = [(lang, size, 1, MAIN) for size in ("1366x768", "1024x768") for lang in ("zh_CN", "en")] + [
    ("zh_CN", "3840x2160", 2, HIGH_DPI), ("en", "3840x2160", 2, HIGH_DPI[:1])]


def file_name(lang: str, size: str, area: str) -> str:
    return f"{size}-{lang}-{area}.png"


# -- one window ----------------------------------------------------------------------------------------------
def shoot(lang: str, size: str, scale: int, out: Path, demo: Path, areas: list[str]) -> None:
    from PySide6.QtCore import QCoreApplication, QDate, QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv)
    QCoreApplication.setOrganizationName("ArrearsDeskScreenshots")  # leaves the user's own settings alone
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    from ui.i18n import install_translator
    install_translator(app, lang)
    from app.services.auth import login
    from app.services.context import Desk, FixedClock
    from app.services.customers import list_customers
    from app.services.demo import DEMO_PASSWORD
    from ui.main_window import MainWindow

    width, height = (int(n) // scale for n in size.split("x"))
    copy = Path(tempfile.mkdtemp()) / "demo.sqlite3"
    shutil.copyfile(demo, copy)  # pages may write (settings, views): never into the shared demo file
    desk = Desk(copy, clock=FixedClock(TODAY))

    def pump(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)

    windows = {}

    def window_for(area: str):
        user = USERS.get(area, "head")
        if user not in windows:
            win = MainWindow(desk, login(desk, user, DEMO_PASSWORD), "示范市邮政局城东支局")
            win.resize(width, height)
            win.show()
            pump(1.0)
            windows[user] = win
        return windows[user]

    head = login(desk, "head", DEMO_PASSWORD)
    customers = list_customers(desk, head)
    # a customer in good standing with something overdue: a ledger and a payment with something to show
    owing = max((c for c in customers if c.status == "active" and c.overdue_total > 0),
                key=lambda c: (c.open_total, c.customer_id))
    for area in areas:
        win = window_for(area)
        for other in windows.values():
            other.setVisible(other is win)
        page = win.show_area(area)
        pump(1.5)
        if area == "ledger":
            win.show_ledger(owing.customer_id)
        elif area == "arrears":
            page.customer.code.setText(owing.code)
            page.customer.lookup()
            page.amount.setText("1,280.00")
        elif area == "repayments":
            page.customer.code.setText(owing.code)
            page.customer.lookup()
            pump(1.0)
            page.amount.setText("500.00")
            page.receipt.setText("SJ-20261125-001")
        elif area == "reports":
            page.kind.setCurrentIndex(page.kind.findData("movement"))
            page.start.setDate(QDate(2026, 11, 1))
            page.as_of.setDate(QDate(2026, 11, 25))
            page.run()
        elif area == "collection" and page.model.rowCount():
            page.table.selectRow(0)
        pump(3.0)
        win.grab().save(str(out / file_name(lang, size, area)))
    desk.close()


# -- every window --------------------------------------------------------------------------------------------
def make_demo(folder: Path) -> Path:
    from app.services.demo import generate_demo

    path = folder / "demo.sqlite3"
    generate_demo(path, today=TODAY)
    return path


def optimise(png: Path) -> None:
    """Screens are flat colour: 256 well-chosen colours look the same at a fraction of the size."""
    if shutil.which("pngquant"):
        subprocess.run(["pngquant", "--force", "--skip-if-larger", "--quality", "70-95", "--speed", "1",
                        "--ext", ".png", str(png)], check=False)
    if shutil.which("optipng"):
        subprocess.run(["optipng", "-quiet", "-o2", "-strip", "all", str(png)], check=False)


def take_all(out: Path) -> list[Path]:
    if not shutil.which("xvfb-run"):
        sys.exit("xvfb-run is needed (Debian: apt-get install xvfb)")
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="arrears-shots-"))
    demo = make_demo(work)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    env.pop("QT_QPA_PLATFORM", None)  # a real X screen, not offscreen: fonts and scaling as a user sees them
    taken = []
    for lang, size, scale, areas in RUNS:
        run_env = dict(env, QT_SCALE_FACTOR=str(scale)) if scale != 1 else env
        subprocess.run(["xvfb-run", "-a", "-s", f"-screen 0 {size}x24", sys.executable, __file__, "--shoot",
                        lang, size, str(scale), str(out), str(demo), ",".join(areas)], env=run_env, check=True)
        for area in areas:
            png = out / file_name(lang, size, area)
            optimise(png)
            taken.append(png)
            print(f"{png}  {png.stat().st_size // 1024} KiB")
    shutil.rmtree(work, ignore_errors=True)
    return taken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--shoot", nargs=6, metavar=("LANG", "SIZE", "SCALE", "OUT", "DEMO", "AREAS"))
    args = parser.parse_args()
    if args.shoot:
        lang, size, scale, out, demo, areas = args.shoot
        shoot(lang, size, int(scale), Path(out), Path(demo), areas.split(","))
    else:
        take_all(args.out)


if __name__ == "__main__":
    main()
