"""The suite on two workers (pyproject's addopts, tests/workers.py): the tests in tests/e2e
share the machine and run on one worker, one after another; the rest spread over both.
A small suite is run with the repository's own settings and conftest, and each test says
where it ran."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SAYS_WHERE = """\
import os
import time

import pytest


@pytest.mark.parametrize("n", range(4))
def test_{name}(n):
    time.sleep(0.2)
    with open(os.environ["WHERE_RAN"], "a") as out:
        out.write("{name} " + os.environ.get("PYTEST_XDIST_WORKER", "one process") + "\\n")
"""


def run_suite(folder: Path, *args: str) -> dict[str, set[str]]:
    """Run a suite of two e2e files and one unit file in ``folder``: for each file, the
    workers its tests ran on."""
    for name in ("pyproject.toml", "tests/conftest.py", "tests/workers.py", "tests/engines.py",
                 "tests/built_schools.py"):
        (folder / name).parent.mkdir(exist_ok=True)
        shutil.copy(REPO / name, folder / name)
    for where, name in (("e2e", "server"), ("e2e", "terminal"), ("unit", "rules")):
        (folder / "tests" / where).mkdir(exist_ok=True)
        (folder / "tests" / where / f"test_{name}.py").write_text(SAYS_WHERE.format(name=name))
    record = folder / "where.txt"
    env = {name: value for name, value in os.environ.items() if not name.startswith("PYTEST_")}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args], cwd=folder,
                          env={**env, "WHERE_RAN": str(record)}, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    ran: dict[str, list[str]] = {}
    for line in record.read_text().splitlines():
        name, worker = line.split(" ", 1)
        ran.setdefault(name, []).append(worker)
    assert {name: len(workers) for name, workers in ran.items()} == {"server": 4, "terminal": 4, "rules": 4}
    return {name: set(workers) for name, workers in ran.items()}


def test_the_e2e_tests_run_on_one_worker_and_the_rest_beside_them(tmp_path):
    ran = run_suite(tmp_path)
    machine = ran["server"] | ran["terminal"]
    assert len(machine) == 1 and machine <= {"gw0", "gw1"}
    assert ran["rules"] - machine  # the other worker ran unit tests meanwhile


def test_n_0_runs_everything_in_one_process(tmp_path):
    ran = run_suite(tmp_path, "-n", "0")
    assert set.union(*ran.values()) == {"one process"}
