"""数据交换 under a simulation (issue 12; the scenarios are in tests/exchange_simulation.py): one city office
and five branches, files lost, duplicated, reordered, truncated, tampered with and misdelivered, one branch
restored from an old backup; the city office's decisions (write-offs, credit where marketing sits there,
months reopened) travel down and are carried out or refused at the branch as predicted; after a final
complete exchange the city office's copy of each branch equals the branch, and verify passes everywhere.

    ARREARS_DESK_SIM_SCENARIOS=2000   more scenarios (default 200, in CI too: tools/run_tests.sh)
    ARREARS_DESK_SIM_SEEDS=17,90      replay these seeds only, in this process
    ARREARS_DESK_SIM_WORKERS=1        processes to run them in (default: 2, or 1 on a one-core machine)
"""
from __future__ import annotations

import os

import pytest

from tests.exchange_simulation import run_scenarios, sites_folder

# How many, and why: the issue asks 200 seeded scenarios of 50 operations in 3 minutes in CI. CI runs this test first
# and alone, all 200 on both cores (tools/run_tests.sh, `-m simulation`; the passes after it leave it out). Earlier
# sessions cut a scenario's CPU from 4.5 to about 2.3-2.5 s (statements built once, the city office keeping its copies
# connected, a package's empty tables skipped, verify asking each question once for every table, units of work
# making their repositories when used; later the sites' files in memory, a package's empty tables made once, the
# workers' sites built in 1.4 s instead of 4). The 3 minutes are not reliably met: 1.5-2.2 s of CPU a scenario by
# how fast the machine is that hour, 176-249 s for the 200 on two workers (README). CI used to run 120 here for want of
# room in its 25 minutes; all 200 put a clean clone's .ci/run at 1,330 s (22.2 min), 1,189 s once the test server's
# cluster was kept in memory (tools/run_tests.sh).
# The seeds go one at a time to whichever worker is free (tests/exchange_simulation.py). `make bench
# SIM_SCENARIOS=2000` runs a longer one.
SCENARIOS = int(os.environ.get("ARREARS_DESK_SIM_SCENARIOS", "200"))
WORKERS = int(os.environ.get("ARREARS_DESK_SIM_WORKERS", str(min(2, os.cpu_count() or 1))))
# What at least one of the default scenarios must have come to, or the simulation does not simulate it.
HAPPENINGS = ["city office applied", "city office held exchange.gap", "city office duplicate",
              "city office unblocked held packages", "city office refused exchange.fork",
              "city office refused exchange.altered", "city office refused exchange.not_package",
              "branch applied", "branch superseded", "branch refused exchange.restored_here",
              "branch refused exchange.acknowledged_other", "branch refused exchange.altered",
              "branch refused exchange.not_package", "branch refused exchange.not_for_us",
              "customers moved", "moved customers approved", "operation refused transfer.moved_away"]
HAPPENINGS += ["write-offs approved at the city office", "city decisions done",  # decisions
               "city decisions refused writeoff.over_open"]
HAPPENINGS += ["city credit_approve done", "city credit_reject done", "city credit_approve refused credit.not_pending",
               "city month_reopen done", "city month_reopen refused month.not_closed"]  # credit, reopenings


@pytest.mark.simulation
@pytest.mark.timeout(1800)  # 200 scenarios, about 3 minutes on two idle cores (a loaded machine: five)
def test_simulated_offices_end_with_the_same_ledger_whatever_happens_to_the_files(tmp_path):
    replay = os.environ.get("ARREARS_DESK_SIM_SEEDS")
    seeds = [int(s) for s in replay.split(",")] if replay else range(SCENARIOS)
    with sites_folder(tmp_path) as folder:  # in memory where there is room
        run = run_scenarios(seeds, folder, workers=1 if replay else WORKERS)
    assert not run.failures, (f"{len(run.failures)} of {run.scenarios} scenarios failed; replay one with "
                              f"ARREARS_DESK_SIM_SEEDS=<seed>\n\n" + "\n\n".join(run.failures[:3]))
    if not replay and run.scenarios >= 200:
        missing = [h for h in HAPPENINGS if not run.counts[h]]
        assert not missing, f"no scenario came to: {missing}"
    assert run.counts["operations"] >= 50 * run.scenarios
