"""The demo school at the end of its first year (July 2027), and the MIS's pupils file for
the year after, as a school's MIS writes it once it has rolled over."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from amtui import identity
from amtui.db.connection import Target
from amtui.db.models import AcademicYear, Pupil, SchoolClass
from amtui.db.startup import open_database
from amtui.domain.year_group import year_label
from built_schools import copy_of, demo_school

BUILT_ON = dt.date(2027, 7, 16)  # HT6 of 2026-27: the demo's first year nearly over
LOGIN = "head"


def school_file(tmp_path_factory: pytest.TempPathFactory, folder: Path) -> Path:
    """A copy of the school in ``folder`` (the school is built once in the run)."""
    return copy_of(demo_school(tmp_path_factory, BUILT_ON, LOGIN)[0], folder)


def working_copy(built: Path, tmp_path: Path, monkeypatch) -> tuple[Path, object]:
    """A copy of the built school for one test, opened as the head at the keyboard, with no
    configuration file in the way; returns (its path, the opened database)."""
    copy = tmp_path / "demo.db"
    copy.write_bytes(built.read_bytes())
    monkeypatch.setattr(identity, "current_person", lambda: identity.Person(LOGIN, None))
    monkeypatch.delenv("AMTUI_DB", raising=False)
    monkeypatch.setenv("AMTUI_CONFIG", str(tmp_path / "none.toml"))
    return copy, open_database(Target(str(copy)))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The test module's copy of the school (import this fixture with ``demo``)."""
    return school_file(tmp_path_factory, tmp_path_factory.mktemp("year"))


@pytest.fixture
def demo(built, tmp_path, monkeypatch):
    """This test's own copy of the school, open; the value is its path."""
    copy, opened = working_copy(built, tmp_path, monkeypatch)
    yield copy
    opened.db.close()


def next_year_file(path: Path, start_year: int, leaving: int = 6) -> dict[str, str]:
    """The pupils file for ``start_year`` + 1: everyone on roll but the leavers, a year group
    up, in the class that year group had (class names stay with year groups). Returns the
    class each UPN is put in."""
    by_group = {c.year_group: c.name for c in SchoolClass.select().join(AcademicYear)
                .where(AcademicYear.start_year == start_year)}
    placed = {}
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["UPN", "Legal Surname", "Legal Forename", "DOB", "Year", "Reg"])
        for p in Pupil.select().where(Pupil.left_on.is_null()).order_by(Pupil.id):
            if p.year_group >= leaving:
                continue
            name = by_group[p.year_group + 1]
            placed[p.upn] = name
            writer.writerow([p.upn, p.surname, p.forename, f"{p.dob:%d/%m/%Y}",
                             year_label(p.year_group + 1, short=True).lstrip("Y"), name])
    return placed
