"""``make bundle-test``: the BUILT bundle (dist/ArrearsDesk), tried as a branch would use it, not the source.

Runs the bundle's two programs in a new folder whose name has Chinese characters and spaces, with
nothing of the source tree on the path, and checks: the version; init and demo; verify; a notice batch
whose PDF embeds the bundled font while no system CJK font is visible (Linux as root: a private mount
namespace with an empty tmpfs over /usr/share/fonts); an .xlsx report; the desktop program opening to the
sign-in and closing itself (ARREARS_DESK_SMOKE_TEST) with no Qt warning; the windowed program running a
command with no console streams; an exchange package from the branch applied at the city office; an
ordinary user (as root: `nobody`, via setpriv) running it from the install folder they cannot write; the
install folder left unchanged; the bundle's size. Standard library only.

    python tools/bundle_test.py [dist/ArrearsDesk]
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WINDOWS = sys.platform == "win32"
EXE = ".exe" if WINDOWS else ""
PASSWORD = "demo12345"  # the demo's (app/services/demo.py)
MAX_MB = 200
SYSTEM_FONTS = Path("/usr/share/fonts")


class Check:
    def __init__(self) -> None:
        self.passed: list[str] = []
        self.failed: list[str] = []
        self.notes: list[str] = []

    def __call__(self, name: str, ok: bool, detail: str = "") -> bool:
        (self.passed if ok else self.failed).append(name)
        print(f"{'ok  ' if ok else 'FAIL'} {name}" + (f"\n     {detail.strip()}" if detail and not ok else ""), flush=True)
        return ok


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1024 / 1024


def can_hide_system_fonts() -> bool:
    if WINDOWS or shutil.which("unshare") is None or not SYSTEM_FONTS.is_dir():
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", f"mount -t tmpfs none {SYSTEM_FONTS}"],
                           capture_output=True)
    return probe.returncode == 0


def without_system_fonts(command: list[str]) -> list[str]:
    """The command in a private mount namespace where /usr/share/fonts is an empty tmpfs."""
    script = (f'mount -t tmpfs none {SYSTEM_FONTS} && test -z "$(ls -A {SYSTEM_FONTS})" && exec "$@"')
    return ["unshare", "-m", "sh", "-c", script, "sh", *command]


def embedded_fonts(pdf: Path) -> str:
    if shutil.which("pdffonts"):
        return subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    data = pdf.read_bytes()  # no poppler: the font's name and an embedded TrueType stream in the file itself
    return "WenQuanYi TrueType yes" if b"WenQuanYi" in data and b"/FontFile2" in data else ""


def main(argv: list[str]) -> int:
    # absolute: every program runs with the work folder as its current directory
    bundle = (Path(argv[0]) if argv else ROOT / "dist" / "ArrearsDesk").resolve()
    console, desktop = bundle / f"arrears-desk{EXE}", bundle / f"ArrearsDesk{EXE}"
    if not console.is_file() or not desktop.is_file():
        print(f"no bundle at {bundle}: run `make bundle` first", file=sys.stderr)
        return 2
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    check = Check()
    before = snapshot(bundle)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="arrears-bundle-") as temp:
        work = Path(temp) / "网点 数据"
        work.mkdir()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "ARREARS_DESK_", "QT_"))}
        env.update(ARREARS_DESK_KEYS=str(work / "keys"), ARREARS_DESK_LOG=str(work / "log" / "arrears-desk.log"),
                   ARREARS_DESK_PASSWORD=PASSWORD, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(work / "config"),
                   HOME=str(work), APPDATA=str(work / "config"))

        def run(program: Path, *args: str, wrap=None, timeout: int = 300, **kw) -> subprocess.CompletedProcess:
            command = [str(program), *args]
            return subprocess.run(wrap(command) if wrap else command, cwd=kw.pop("cwd", work),
                                  env={**env, **kw.pop("env", {})}, capture_output=True, text=True, timeout=timeout, **kw)

        branch, city = work / "支局" / "branch.sqlite3", work / "市局" / "city.sqlite3"
        done = run(console, "--version")
        check("--version names pyproject's version", done.stdout.strip() == f"ArrearsDesk {version}", done.stdout + done.stderr)
        done = run(console, "init", "--db", str(city), "--site-code", "CITY", "--site-name", "某某市邮政分公司",
                   "--password", PASSWORD, "--city")
        check("init (a city office) into a folder with Chinese and spaces", done.returncode == 0 and city.is_file(),
              done.stdout + done.stderr)
        done = run(console, "demo", "--db", str(branch), "--customers", "40", "--months", "8")
        check("demo", done.returncode == 0 and branch.is_file(), done.stdout + done.stderr)
        done = run(console, "verify", "--db", str(branch))
        check("verify", done.returncode == 0, done.stdout + done.stderr)

        hidden = can_hide_system_fonts()
        if not hidden:
            check.notes.append("system fonts NOT hidden (needs Linux, root and `unshare -m`): the notice "
                               "check below only shows that a CJK font is embedded, not that it is the bundled one")
        pdf, log = None, ""
        for step in ("1", "2", "3"):  # which ladder steps the demo's customers have reached depends on today
            out = work / f"催缴 通知书 {step}.pdf"
            done = run(console, "notices", "--db", str(branch), "--user", "head", "--step", step, "--out", str(out),
                       wrap=without_system_fonts if hidden else None)
            log += done.stdout + done.stderr
            if done.returncode == 0 and out.is_file():
                pdf = out
                break
        fonts = embedded_fonts(pdf) if pdf else ""
        check("notices embed the bundled WenQuanYi font" + (" with no system CJK font visible" if hidden else ""),
              pdf is not None and "WenQuanYi" in fonts and " yes " in f" {fonts} ", log + fonts)

        xlsx = work / "账龄 分析.xlsx"
        done = run(console, "report", "aging", "--db", str(branch), "--user", "head", "--out", str(xlsx))
        ok = done.returncode == 0 and xlsx.is_file() and zipfile.is_zipfile(xlsx)
        check("an .xlsx report", ok and "xl/workbook.xml" in zipfile.ZipFile(xlsx).namelist(), done.stdout + done.stderr)

        done = run(desktop, "gui", "--db", str(city), env={"ARREARS_DESK_SMOKE_TEST": "1"}, timeout=120)
        check("the desktop program opens to the sign-in, Qt's Chinese loaded, and closes with no Qt warning",
              done.returncode == 0 and "smoke test: LoginDialog" in done.stdout and "Cancel = 取消" in done.stdout
              and "Qt warned" not in done.stdout, done.stdout + done.stderr)

        if not WINDOWS and shutil.which("xvfb-run"):  # offscreen loads no display plugin: try the X11 one too
            done = run(desktop, "gui", "--db", str(city), wrap=lambda c: ["xvfb-run", "-a", *c], timeout=120,
                       env={"ARREARS_DESK_SMOKE_TEST": "1", "QT_QPA_PLATFORM": "xcb"})
            check("the same on an X11 display (Xvfb, the xcb plugin and its libraries from the bundle)",
                  done.returncode == 0 and "smoke test: LoginDialog" in done.stdout and "Qt warned" not in done.stdout,
                  done.stdout + done.stderr)
        elif not WINDOWS:
            check.notes.append("no xvfb-run: the desktop program was tried offscreen only")

        quiet = work / "窗口程序" / "demo.sqlite3"
        closed = (lambda c: ["sh", "-c", 'exec "$@" <&- >&- 2>&-', "sh", *c]) if not WINDOWS else None
        done = run(desktop, "demo", "--db", str(quiet), "--customers", "5", "--months", "2", wrap=closed)
        check("the windowed program runs a command with no console streams", done.returncode == 0 and quiet.is_file(),
              f"exit {done.returncode}")

        usb = work / "U 盘"
        steps = [
            (console, "sync", "identity", "--db", str(city), "--user", "admin", "--out", str(work / "city.json")),
            (console, "sync", "identity", "--db", str(branch), "--user", "admin", "--out", str(work / "branch.json")),
            (console, "sync", "register", str(work / "branch.json"), "--db", str(city), "--user", "admin"),
            (console, "sync", "register", str(work / "city.json"), "--db", str(branch), "--user", "admin"),
            (console, "sync", "export", "--db", str(branch), "--user", "head", "--out", str(usb)),
        ]
        log, ok = "", True
        for program, *args in steps:
            done = run(program, *args)
            log += done.stdout + done.stderr
            ok = ok and done.returncode == 0
        packages = sorted(usb.glob("DEMO-*.adx")) if usb.is_dir() else []
        if ok and packages:
            done = run(console, "sync", "import", *map(str, packages), "--db", str(city), "--user", "admin")
            log += done.stdout + done.stderr
            replica = city.parent / "city-branches" / "DEMO.sqlite3"
            ok = done.returncode == 0 and replica.is_file()
            if ok:
                done = run(console, "verify", "--db", str(replica))
                log += done.stdout + done.stderr
                ok = done.returncode == 0
        check("exchange: the branch's package applied at the city office, its replica verified", ok and bool(packages), log)

        # An install folder the user cannot write (C:\Program Files): as root, run as `nobody` from the same folder.
        if not WINDOWS and os.geteuid() == 0 and shutil.which("setpriv"):
            guest = Path(tempfile.mkdtemp(prefix="arrears-guest-"))
            guest.chmod(0o777)
            as_nobody = (lambda c: ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *c])
            db = guest / "台账 三" / "a.sqlite3"
            plain = {"HOME": str(guest), "ARREARS_DESK_KEYS": str(guest / "keys"), "XDG_CONFIG_HOME": str(guest / "c"),
                     "ARREARS_DESK_LOG": str(guest / "log.txt")}
            first = run(console, "init", "--db", str(db), "--site-code", "BR09", "--site-name", "某支局", "--password",
                        PASSWORD, wrap=as_nobody, env=plain, cwd=guest)
            done = run(desktop, "gui", "--db", str(db), wrap=as_nobody, env={**plain, "ARREARS_DESK_SMOKE_TEST": "1"},
                       cwd=guest, timeout=120)
            check("an ordinary user runs it from an install folder they cannot write", first.returncode == 0
                  and done.returncode == 0 and "smoke test: LoginDialog" in done.stdout and db.is_file(),
                  first.stdout + first.stderr + done.stdout + done.stderr)
            shutil.rmtree(guest, ignore_errors=True)
        else:
            check.notes.append("not run as root with setpriv: the read-only install folder is checked only as unchanged")

    after = snapshot(bundle)
    check("the install folder is left unchanged (it may be read-only)", after == before,
          f"added or changed: {sorted(k for k in after if after.get(k) != before.get(k))[:10]}")
    size = folder_mb(bundle)
    check(f"bundle size {size:.0f} MB (under {MAX_MB} MB)", size < MAX_MB)
    for note in check.notes:
        print(f"note: {note}")
    print(f"bundle-test took {time.perf_counter() - started:.0f} s")
    print(f"bundle-test: {len(check.passed)} passed, {len(check.failed)} failed")
    return 1 if check.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
