"""数据交换 under a simulation (issue 12; the scenarios are in tests/exchange_simulation.py): one city office
and five branches, files lost, duplicated, reordered, truncated, tampered with and misdelivered, one branch
restored from an old backup; the city office's decisions (write-offs, credit where marketing sits there,
months reopened) travel down and are carried out or refused at the branch as predicted; after a final
complete exchange the city office's copy of each branch equals the branch, and verify passes everywhere.

    ARREARS_DESK_SIM_SCENARIOS=2000   more scenarios (default 200; CI runs 120: tools/run_tests.sh)
    ARREARS_DESK_SIM_SEEDS=17,90      replay these seeds only, in this process
    ARREARS_DESK_SIM_WORKERS=1        processes to run them in (default: 2, or 1 on a one-core machine)
"""
from __future__ import annotations

import os

import pytest

from tests.exchange_simulation import run_scenarios

# How many, and why: the issue asks 200 seeded scenarios of 50 operations in 3 minutes in CI. Earlier sessions ran 120
# in CI's SQLite lane beside the server passes (statements built once took a scenario from 4.5 to 3.1 s of CPU, the
# city office keeping its copies connected and skipping a package's empty tables from about 3.0 to 2.85 s, seeds
# 120-127 side by side on the loaded machine; idle, `python -m bench.simulation` ran 200 in 228 s, 2.18 s of CPU a
# scenario). Now CI runs this test first and alone, 200 scenarios on both cores (tools/run_tests.sh, `-m simulation`;
# the SQLite pass beside the server passes leaves it out), and a scenario costs about a sixth less CPU: verify asking
# each question once for every table, exports and imports reading their site, key and each copy of a branch once,
# units of work making their repositories when used, the counter's and the per-line figures' statements built once.
# The same seeds, one process each, side by side (after three warm-up seeds): 2.54 -> 2.28 s (seeds 120-127, load
# 2-3, halfway), 2.36 -> 1.93 s (seeds 130-139, load 2.3-2.7, all of it), -18%. 200 scenarios with 2 workers took
# 307 s beside two other sessions' work (load 2.2-3.9: the workers had about 1.4 cores), 441 s of CPU in all with
# pytest and both workers' setup (2.2 s a scenario). Idle, alone in `.ci/run` on a clean clone (c485ddf): 257 s for
# 200 (306 s in a second run), so the 3 minutes are still missed (by 43%; that machine ran the same baselines 15-20%
# slower), and that stage put the whole CI run at about its 25 minutes: tools/run_tests.sh runs 120 there (first and
# alone: beside the other passes all three slowed each other more), a direct pytest the default 200. The seeds
# go one at a time to whichever worker is free (tests/exchange_simulation.py). `make bench SIM_SCENARIOS=2000` runs
# a longer one.
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
    run = run_scenarios(seeds, tmp_path, workers=1 if replay else WORKERS)
    assert not run.failures, (f"{len(run.failures)} of {run.scenarios} scenarios failed; replay one with "
                              f"ARREARS_DESK_SIM_SEEDS=<seed>\n\n" + "\n\n".join(run.failures[:3]))
    if not replay and run.scenarios >= 200:
        missing = [h for h in HAPPENINGS if not run.counts[h]]
        assert not missing, f"no scenario came to: {missing}"
    assert run.counts["operations"] >= 50 * run.scenarios
