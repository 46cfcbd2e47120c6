"""Building the demo school (``amtui demo``): how long a new user waits for a school to try."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from benchmarks.harness import Result, at_most, timed


def run() -> list[Result]:
    from amtui.db.connection import Target
    from amtui.db.startup import open_database
    from amtui.demo import build_demo

    path = Path(tempfile.mkdtemp(prefix="amtui-bench-demo-")) / "demo.db"
    opened = open_database(Target(str(path)), create=True)
    seconds = timed(lambda: build_demo(today=date(2026, 11, 22)))
    opened.db.close()
    return [at_most("demo school built (amtui demo)", seconds, "s", 15)]
