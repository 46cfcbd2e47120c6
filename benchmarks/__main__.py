"""Run every benchmark (or those named) and print one table.

    python -m benchmarks            # all
    python -m benchmarks grid weekly
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

from tabulate import tabulate

from benchmarks.harness import Result


def modules(names: list[str]) -> list[str]:
    """The benchmarks named, or every one but those run only by name (``BY_NAME_ONLY``: a
    part of another, which measures it too)."""
    found = sorted(
        m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith("bench_")
    )
    if names:
        return [m for m in found if m.removeprefix("bench_") in names]
    return [m for m in found if not getattr(importlib.import_module(f"benchmarks.{m}"), "BY_NAME_ONLY", False)]


def main(names: list[str]) -> int:
    rows: list[Result] = []
    for name in modules(names):
        print(f"running {name} ...", file=sys.stderr, flush=True)
        rows += importlib.import_module(f"benchmarks.{name}").run()
    table = [
        (r.name, f"{r.value:.3g}", r.unit, r.target, {True: "ok", False: "MISSED", None: ""}[r.ok])
        for r in rows
    ]
    print(tabulate(table, headers=["benchmark", "measured", "unit", "target", ""], tablefmt="github"))
    return 1 if any(r.ok is False for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
