"""A new school: its name, its first academic year with six half-terms, its first admin."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from amtui.db.audit import audit
from amtui.db.connection import read, write
from amtui.db.models import AcademicYear, CriteriaBank, Pupil, Staff
from amtui.db.repo.school import SCHOOL_NAME, ensure_year, half_terms, store_setting
from amtui.domain.roles import Role, parse_login, roles_text
from amtui.domain.text import checked


@dataclass(frozen=True)
class FirstDayStep:
    """One thing a new school does on its first day: ``amtui COMMAND FILE``, or a screen."""

    key: str
    what: str
    command: str
    file: str
    screen: str = ""  # the screen that does it too, by its title

    @property
    def short(self) -> str:
        """For a narrow panel: "import staff, or Staff"."""
        return f"{self.command}, or {self.screen}" if self.screen else self.command


FIRST_DAY: tuple[FirstDayStep, ...] = (
    FirstDayStep("staff", "Staff", "import staff", "staff.csv", screen="Staff"),
    FirstDayStep("pupils", "Pupils", "import pupils", "pupils.csv"),
    FirstDayStep("criteria", "Criteria", "import criteria", "criteria.csv"),
    FirstDayStep("baselines", "Baselines", "import baselines", "baselines.csv"),
    FirstDayStep("fft", "FFT", "import baselines", "baselines.csv (its fft column)"),
)
"""In order: what ``amtui init`` says to do next and the home screen ticks off."""


@dataclass(frozen=True)
class Founded:
    """What ``found_school`` made."""

    year_label: str
    first_day: dt.date
    last_day: dt.date


def found_school(name: str, start_year: int, login: str, person: str) -> Founded:
    """Name the school, open its academic year (English half-term dates, editable) and make
    ``login`` its first admin, in one audited transaction. ValueError when the database
    already holds a school (nothing is changed then)."""
    name = checked("setting", name.strip(), label="school's name")
    login = parse_login(login)
    person = checked("name", person.strip()) or login

    def change() -> str:
        if (Staff.select().exists() or Pupil.select().exists() or CriteriaBank.select().exists()):
            raise ValueError("This database already holds a school.")
        year = ensure_year(start_year)
        store_setting(SCHOOL_NAME, name)  # the school's row (named already by trust.school_for)
        admin = Staff.create(username=login, name=person, roles=roles_text(frozenset({Role.ADMIN})))
        audit(login, "school.init", "school", "", name=name, year=start_year, admin=admin.id)
        return AcademicYear.get_by_id(year.id).label

    label = write(change)
    terms = half_terms(start_year)
    return Founded(label, terms[0].start, terms[-1].end)


def setup_done() -> dict[str, bool]:
    """Which of the ``FIRST_DAY`` steps the school has done (by their keys)."""
    from amtui.db.models import Baseline, FftEstimate

    def query() -> dict[str, bool]:
        return {
            "staff": Staff.select().where(Staff.username.not_in(_founders())).exists(),
            "pupils": Pupil.select().exists(),
            "criteria": CriteriaBank.select().exists(),
            "baselines": Baseline.select().exists(),
            "fft": FftEstimate.select().exists(),
        }

    return read(query)


def _founders():
    """The login that created the school (the first admin), from the audit trail."""
    from amtui.db.models import AuditEntry

    return AuditEntry.select(AuditEntry.login).where(AuditEntry.action == "school.init")
