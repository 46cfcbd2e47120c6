"""A small secondary school for the progress returns' tests, built through the real imports:
Year 11 (Maths 11A/Ma1 taught by maths1, 11A/Ma2 by maths2; History 11A/Hi1 by hist1) and
Year 10 (10A/Ma1, maths1). hodm heads Maths, hodh History; admin is on SLT; amt1 is on the AMT."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from amtui.db.models import Subject
from amtui.db.repo import groups
from amtui.db.repo.returns import windows
from amtui.db.repo.staff import identify
from amtui.domain.calendar import academic_year_of
from amtui.imports import run_import

TODAY = dt.date.today()
YEAR = academic_year_of(TODAY)
Y11 = ["Z111000000001", "N111000000002", "C111000000003", "R111000000004"]  # Ash, Birch, Cedar, Dale
Y10 = ["W101000000001", "K101000000002"]  # Elm, Fir


def _import(folder: Path, kind: str, text: str) -> None:
    path = folder / f"{kind}.csv"
    path.write_text(text, encoding="utf-8")
    run_import(kind, path, "admin")


def seed_returns_school(folder: Path) -> None:
    _import(folder, "staff", "username,name,roles\nadmin,Ada Admin,admin;slt\nmaths1,Mo Maths,teacher\n"
            "maths2,Mia Sums,teacher\nhist1,Hal History,teacher\nhodm,Hope Head,teacher;hod\n"
            "amt1,Ava Team,teacher;amt\nhodh,Hugh Past,teacher;hod\n")
    names = ["Amy,Ash", "Ben,Birch", "Cal,Cedar", "Dee,Dale"]
    _import(folder, "pupils", "upn,forename,surname,dob,year,class\n"
            + "".join(f"{upn},{name},2010-0{n + 1}-01,11,11A\n" for n, (upn, name) in enumerate(zip(Y11, names)))
            + f"{Y10[0]},Eve,Elm,2011-01-01,10,10A\n{Y10[1]},Fay,Fir,2011-02-01,10,10A\n")
    _import(folder, "groups", "group,subject,year,teacher,upn\n"
            f"11A/Ma1,Maths,11,maths1,{Y11[0]}\n11A/Ma1,Maths,11,maths1,{Y11[1]}\n"
            f"11A/Ma2,Maths,11,maths2,{Y11[2]}\n11A/Ma2,Maths,11,maths2,{Y11[3]}\n"
            f"11A/Hi1,History,11,hist1,{Y11[0]}\n"
            f"10A/Ma1,Maths,10,maths1,{Y10[0]}\n10A/Ma1,Maths,10,maths1,{Y10[1]}\n")
    _import(folder, "targets", "upn,subject,kind,target\n"
            f"{Y11[0]},Maths,ks4,7\n{Y11[1]},Maths,ks4,5\n{Y11[2]},Maths,ks4,6\n")
    maths = Subject.get(Subject.name == "Maths").id
    groups.set_remit("admin", identify("hodm").staff_id, subject_id=maths)
    history = Subject.get(Subject.name == "History").id
    groups.set_remit("admin", identify("hodh").staff_id, subject_id=history)


Y12 = ["C121000000001"]  # Gil Gorse, in the sixth form


def add_sixth_form(folder: Path) -> None:
    """A Year 12 pupil in 12A/Ma1 (Maths, maths1), with an end-of-year target of 6."""
    _import(folder, "pupils", f"upn,forename,surname,dob,year,class\n{Y12[0]},Gil,Gorse,2009-05-01,12,12A\n")
    _import(folder, "groups", f"group,subject,year,teacher,upn\n12A/Ma1,Maths,12,maths1,{Y12[0]}\n")
    _import(folder, "targets", f"upn,subject,kind,target\n{Y12[0]},Maths,year,6\n")


def window(name: str):
    """The year's window called ``name`` (the calendar is made on first need)."""
    return next(w for w in windows(YEAR) if w.name == name)


def open_now(name: str, year_group: int, kind: str | None = None, due_in: int = 7):
    """A window the AMT opened a week ago, due in ``due_in`` days: open today, whatever the date."""
    from amtui.db.repo.returns import open_window

    return open_window(identify("amt1"), YEAR, name, year_group, TODAY + dt.timedelta(days=due_in),
                       opens=TODAY - dt.timedelta(days=7), kind=kind)


def subject_id(name: str) -> int:
    return Subject.get(Subject.name == name).id


def seed_with_open_returns(folder: Path) -> None:
    """The school with "Y11 Now" and "Y10 Now" open today (see :func:`open_now`)."""
    seed_returns_school(folder)
    open_now("Y11 Now", 11)
    open_now("Y10 Now", 10)


def seed_with_a_return_made(folder: Path) -> None:
    """The school with "Y11 Now" open today and one return made in it: Amy Ash's Maths, 6 (5)."""
    seed_returns_school(folder)
    open_now("Y11 Now", 11)
    _import(folder, "returns", "return,date,upn,subject,projected,coursework\n"
            f"Y11 Now,{TODAY:%Y-%m-%d},{Y11[0]},Maths,6,5\n")
