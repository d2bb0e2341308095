"""The bundle's start against the source's (issue 16): the same desktop program, started as a new process,
from start to the sign-in dialog shown and closed again (ARREARS_DESK_SMOKE_TEST), offscreen; and the console
program's ``--version``. Medians of alternating runs (the page cache is warm after the first: these are warm
starts, the honest figure a machine shared with other work can give). Target: the bundle within 1.5x.

    python -m bench.bundle [dist/ArrearsDesk]     # after `make bundle`
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "dist" / "ArrearsDesk"
EXE = ".exe" if sys.platform == "win32" else ""
TARGET = 1.5


def _timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=300)
    return time.perf_counter() - started


def _cpu(command: list[str], env: dict[str, str]) -> float:
    """The child's CPU seconds (user + system): steadier than wall time on a machine shared with other work."""
    import resource
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=300)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def start_times(bundle: Path = BUNDLE, runs: int = 5, measure=_timed) -> dict[str, tuple[float, float]]:
    """{what: (bundle seconds, source seconds)}, medians of ``runs`` alternating starts (wall time, or
    ``measure=_cpu``)."""
    with tempfile.TemporaryDirectory(prefix="bench-start-") as temp:
        db = Path(temp) / "a.sqlite3"
        env = {k: v for k, v in os.environ.items() if not k.startswith("ARREARS_DESK_")}
        env.update(QT_QPA_PLATFORM="offscreen", ARREARS_DESK_KEYS=str(Path(temp) / "keys"),
                   ARREARS_DESK_LOG=str(Path(temp) / "log.txt"), XDG_CONFIG_HOME=str(Path(temp) / "config"))
        source_env = {**env, "PYTHONPATH": str(ROOT)}
        bundled_env = {k: v for k, v in env.items() if not k.startswith("PYTHON")}
        subprocess.run([str(bundle / f"arrears-desk{EXE}"), "init", "--db", str(db), "--site-code", "BR01",
                        "--site-name", "城东支局", "--password", "bench-start-1"], env=bundled_env, check=True,
                       capture_output=True)
        source = [sys.executable, "-m", "ui"]
        cases = {
            "desktop program to the sign-in": ([str(bundle / f"ArrearsDesk{EXE}"), "gui", "--db", str(db)],
                                               [*source, "gui", "--db", str(db)],
                                               {"ARREARS_DESK_SMOKE_TEST": "1"}),
            "console program --version": ([str(bundle / f"arrears-desk{EXE}"), "--version"], [*source, "--version"], {}),
        }
        figures = {}
        for name, (bundled, from_source, extra) in cases.items():
            _timed(bundled, {**bundled_env, **extra}), _timed(from_source, {**source_env, **extra})  # warm the caches
            ours, theirs = [], []
            for _ in range(runs):
                ours.append(measure(bundled, {**bundled_env, **extra}))
                theirs.append(measure(from_source, {**source_env, **extra}))
            figures[name] = (statistics.median(ours), statistics.median(theirs))
        return figures


def bench_bundle_start(report, bundle: Path = BUNDLE) -> None:
    """Rows for ``make bench`` (bench/__main__.py), when a bundle has been built."""
    if not (bundle / f"ArrearsDesk{EXE}").is_file():
        print(f"bundle start: no bundle at {bundle} (make bundle): not measured")
        return
    for name, (ours, source) in start_times(bundle).items():
        report.add(f"bundle start: {name}", ours, source, f"<= {TARGET}x the source", ours <= TARGET * source,
                   baseline_name="the source run")


def main(argv: list[str]) -> int:
    bundle = Path(argv[0]) if argv else BUNDLE
    kinds = [("wall", _timed)] + ([("CPU", _cpu)] if sys.platform != "win32" else [])
    for kind, measure in kinds:
        for name, (ours, source) in start_times(bundle, measure=measure).items():
            ratio = ours / source
            print(f"{name} ({kind}): bundle {ours:.2f} s, source {source:.2f} s, {ratio:.2f}x "
                  f"({'ok' if ratio <= TARGET else 'over'} the {TARGET}x target)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
