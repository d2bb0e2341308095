"""数据交换 under a simulation (issue 12; the scenarios are in tests/exchange_simulation.py): one city office
and five branches, files lost, duplicated, reordered, truncated, tampered with and misdelivered, one branch
restored from an old backup; the city office's decisions (write-offs, credit where marketing sits there,
months reopened) travel down and are carried out or refused at the branch as predicted; after a final
complete exchange the city office's copy of each branch equals the branch, and verify passes everywhere.

    ARREARS_DESK_SIM_SCENARIOS=2000   more scenarios (default 200, as CI runs them: tools/run_tests.sh)
    ARREARS_DESK_SIM_SEEDS=17,90      replay these seeds only, in this process
    ARREARS_DESK_SIM_WORKERS=1        processes to run them in (default: 2, or 1 on a one-core machine)
"""
from __future__ import annotations

import os

import pytest

from tests.exchange_simulation import run_scenarios

# 120 in the suite: statements built once (verify, the "was it reversed?" subqueries, the payload, the ledger's
# appends, the exchange record) brought a scenario from 4.5 to 3.1 s of CPU (seeds 102-107, both versions run
# at the same time on the loaded machine), so 120 cost the suite about what 80-85 did before (60 took 226 s in
# CI's SQLite lane beside the server pass). The issue asks 200 in 3 minutes, which this still does not reach
# (about 1.8 s a scenario on two idle cores would): `make bench` runs 200 (bench/simulation.py).
# Credit decisions and reopenings (added later) cost no more: seeds 0-7 in one process, alternated with the code
# before them, 3.35/3.76 s against 3.57/3.53 s of CPU a scenario; the harness's own small reads now keep their
# connection (a fresh one read the schema each time, about 0.3 s a scenario), which pays for the new operations.
# Still 120: the city office keeping its copies connected (74 connections a scenario -> 18) and writing nothing for a
# package's empty tables (6,010 statements a scenario -> 5,440) took a scenario from about 3.0 to 2.85 s of CPU
# (seeds 120-127, both versions side by side at load 9), far from the 1.7 s that 200 in 3 minutes needs.
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
@pytest.mark.timeout(1800)  # 120 scenarios share the cores with the server pass running beside this one (make test)
def test_simulated_offices_end_with_the_same_ledger_whatever_happens_to_the_files(tmp_path):
    replay = os.environ.get("ARREARS_DESK_SIM_SEEDS")
    seeds = [int(s) for s in replay.split(",")] if replay else range(SCENARIOS)
    run = run_scenarios(seeds, tmp_path, workers=1 if replay else WORKERS)
    assert not run.failures, (f"{len(run.failures)} of {run.scenarios} scenarios failed; replay one with "
                              f"ARREARS_DESK_SIM_SEEDS=<seed>\n\n" + "\n\n".join(run.failures[:3]))
    if not replay and run.scenarios >= 200:
        missing = [h for h in HAPPENINGS if not run.counts[h]]
        assert not missing, f"no scenario came to: {missing}"
    assert run.counts["operations"] >= 50 * run.scenarios
