"""A 1,500-pupil school with five years of history, written as the CSV files a school
would import (staff, criteria, pupils, baselines, five years of marks, weekly tests)."""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from amtui.domain.upn import with_check_letter
from amtui.paths import data_file

YEAR = 2026  # the current academic year; history goes back four more
CLASSES_PER_YEAR = 10
PUPILS_PER_CLASS = 30
YEAR_GROUPS = range(7, 12)  # a secondary school: Years 7 to 11
SUBJECTS = ("Maths", "Reading", "Writing")


def _write(path: Path, header: list[str], rows) -> int:
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def generate(folder: Path, seed: int = 1500) -> list[tuple[str, Path, int]]:
    """Write the files; returns (kind, file, rows) in the order to import them."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    classes = [f"{y}{chr(65 + c)}" for y in YEAR_GROUPS for c in range(CLASSES_PER_YEAR)]
    files: dict[str, tuple[Path, int]] = {}

    staff = [("admin1", "Ann Admin", "admin;slt", "")] + [
        (f"t{n:03d}", f"Teacher {n}", "teacher;mentor", classes[n]) for n in range(len(classes))
    ]
    # Staff first (mentors must exist), then pupils (which create the classes), then the
    # staff again to link each teacher to their class.
    files["staff"] = (folder / "staff.csv", _write(folder / "staff.csv", ["username", "name", "roles"],
                                                   (s[:3] for s in staff)))
    criteria = data_file("criteria_banks.csv")
    files["criteria"] = (criteria, sum(1 for _ in criteria.open(encoding="utf-8")) - 1)

    pupils = []
    for index, klass in enumerate(classes):
        year_group = int(klass[:-1])
        for n in range(PUPILS_PER_CLASS):
            upn = with_check_letter(f"{index:04d}{n:08d}")  # a real UPN: its check letter first
            dob = dt.date(YEAR - year_group - 5, 1 + n % 12, 1 + n % 28)
            pupils.append((upn, f"Pupil{n}", f"Class{klass}", dob.isoformat(), year_group, klass,
                           staff[1 + index][0]))
    files["pupils"] = (folder / "pupils.csv", _write(
        folder / "pupils.csv", ["upn", "forename", "surname", "dob", "year", "class", "mentor"], pupils))
    files["staff-classes"] = (folder / "staff-classes.csv", _write(
        folder / "staff-classes.csv", ["username", "name", "roles", "classes"], staff))

    stage_of = {upn: min(7, max(0, year_group - 3 + rng.choice((-1, 0, 0, 1))))
                for upn, _, _, _, year_group, _, _ in pupils}
    files["baselines"] = (folder / "baselines.csv", _write(
        folder / "baselines.csv", ["upn", "subject", "baseline"],
        ((upn, subject, f"St {stage_of[upn]} {rng.choice(('Ready', 'Emerging', 'Developing'))}")
         for upn, *_ in pupils for subject in SUBJECTS)))

    letters = {"Maths": ("M", 30), "Reading": ("R", 20), "Writing": ("W", 24)}

    def marks():
        for upn, *_ in pupils:
            for subject in SUBJECTS:
                letter, size = letters[subject]
                for back in range(5):
                    stage = max(0, stage_of[upn] - back)
                    for half_term in (1, 3, 5):
                        if back == 0 and half_term > 2:
                            continue  # this year: only what has happened so far
                        for number in rng.sample(range(1, size + 1), 8):
                            yield (upn, subject, f"{letter}{stage}/{number}", half_term,
                                   rng.choice((".", "/", "X", "X")), YEAR - back)

    files["marks"] = (folder / "marks.csv", _write(
        folder / "marks.csv", ["upn", "subject", "ref", "half_term", "code", "year"], marks()))

    fridays = [dt.date(2026, 9, 11) + dt.timedelta(weeks=w) for w in range(10)]
    files["weekly"] = (folder / "weekly.csv", _write(
        folder / "weekly.csv", ["upn", "date", "level", "test", "score"],
        ((upn, day.isoformat(), f"Level {min(7, max(1, stage_of[upn]))}", week + 1, rng.randint(8, 25))
         for upn, *_ in pupils for week, day in enumerate(fridays))))
    return [(name.removesuffix("-classes"), path, rows) for name, (path, rows) in files.items()]


def cached_database(folder: Path | None = None) -> Path:
    """The big school imported into a database file, built once and kept in ``folder``
    (default: ``$AMTUI_BENCH_CACHE``, else ``~/.cache/amtui-benchmarks``).

    The file's name carries a fingerprint of this module and of the schema version, so a
    change to either builds it again. Copy it before changing it. Building takes a
    minute or so on the 2-core machine (the import alone is about 15 s); it is said on
    standard error with the time it took.
    """
    import hashlib
    import os
    import shutil
    import sys
    import tempfile
    import time

    from amtui.db import migrations

    folder = folder or Path(os.environ.get("AMTUI_BENCH_CACHE") or Path.home() / ".cache" / "amtui-benchmarks")
    stamp = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
    path = folder / f"big-school-v{migrations.latest()}-{stamp}.db"
    if path.exists():
        return path
    from amtui.db.connection import Target
    from amtui.db.startup import open_database
    from amtui.imports import run_import

    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="amtui-big-", dir=folder) as work:
        building = Path(work) / "big.db"
        opened = open_database(Target(str(building)), create=True)
        for kind, csv_file, _ in generate(Path(work) / "csv"):
            run_import(kind, csv_file, "admin1")
        opened.db.close()
        shutil.move(building, path)  # whole or not at all: a build cut short leaves nothing
    print(f"built the big school in {time.perf_counter() - started:.0f} s: {path} "
          f"({path.stat().st_size / 1e6:.0f} MB)", file=sys.stderr)
    return path
