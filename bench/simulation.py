"""The exchange simulation (issue 12, tests/exchange_simulation.py) run long: scenarios per minute, against the
test suite's budget of 200 scenarios in 3 minutes.

    python -m bench.simulation                  # 200 scenarios (ARREARS_DESK_SIM_SCENARIOS=2000 for more)
    python -m bench.simulation --scenarios 20   # a smoke run

Every scenario is checked as in the test suite; a failing one is printed with its seed (replay it with
``ARREARS_DESK_SIM_SEEDS=<seed> pytest tests/integration/test_exchange_simulation.py``) and misses the target.
The scenarios run in two worker processes, as in the suite; passwords are hashed with Argon2's cheapest
profile there too (the simulation measures the exchange, not the sign-in).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_SCENARIOS = 200
BUDGET = 200 / 3  # scenarios per minute: the suite's 200 in 3 minutes


def bench_simulation(report, scenarios: int | None = None, workers: int = 2) -> None:
    from tests.exchange_simulation import run_scenarios, sites_folder
    scenarios = scenarios or int(os.environ.get("ARREARS_DESK_SIM_SCENARIOS", DEFAULT_SCENARIOS))
    with tempfile.TemporaryDirectory(prefix="arrears-desk-simulation-") as folder:
        # the workers' signing keys and failure log stay in this run's folder (tests/conftest.py does the same)
        os.environ["ARREARS_DESK_KEYS"] = str(Path(folder) / "keys")
        os.environ.setdefault("ARREARS_DESK_LOG", str(Path(folder) / "arrears-desk.log"))
        started, cpu, workers_cpu = time.perf_counter(), time.process_time(), _children_cpu()
        with sites_folder(Path(folder) / "sites") as sites:  # in memory where there is room, as in the suite
            run = run_scenarios(range(scenarios), sites, workers=workers)
        seconds = time.perf_counter() - started
        workers_cpu = _children_cpu() - workers_cpu
    for failure in run.failures[:3]:
        print(failure, file=sys.stderr)
    per_minute = run.scenarios / seconds * 60
    ok = not run.failures and per_minute >= BUDGET
    report.add_value(f"exchange simulation, {run.scenarios} scenarios x 50 operations"
                     f"{f' ({len(run.failures)} FAILED)' if run.failures else ''}", per_minute, BUDGET,
                     "scenarios/min", ">= 67/min (200 in 3 min)", ok, "suite budget")
    print(f"    {seconds:.0f} s with {workers} workers ({seconds / run.scenarios:.2f} s a scenario; this process "
          f"{time.process_time() - cpu:.0f} s CPU)", flush=True)
    if workers_cpu:  # the figure that compares on a shared machine (the workers' setup of their sites included)
        print(f"    workers' CPU {workers_cpu:.0f} s: {workers_cpu / run.scenarios:.2f} s a scenario "
              f"(load average {os.getloadavg()[0]:.1f})", flush=True)


def _children_cpu() -> float:
    """CPU seconds (user + system) of this process's finished children: the worker processes."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    from bench.__main__ import Report
    parser = argparse.ArgumentParser(prog="python -m bench.simulation")
    parser.add_argument("--scenarios", type=int, default=None)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    report = Report()
    bench_simulation(report, args.scenarios, args.workers)
    return 0 if all(row[5] for row in report.rows) else 1


if __name__ == "__main__":
    sys.exit(main())
