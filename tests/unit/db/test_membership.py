"""A pupil's class over time: a move during the year keeps their marks, and a past
half-term's class lists who was in the class then."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path


from amtui import cli, identity
from amtui.db.connection import Target
from amtui.db.models import AuditEntry, ClassMembership, CriterionMark, Pupil, Staff
from amtui.db.repo import class_grid, membership, school, tracking
from amtui.db.startup import open_database

sys.path.insert(0, str(Path(__file__).parents[1]))
from year_school import built, demo  # noqa: E402, F401  (fixtures)

MOVED_ON = dt.date(2027, 1, 4)  # the first day of HT3


def members(class_name: str, number: int) -> set[int]:
    """Who is in the class at half-term ``number`` of 2026-27 (as the grid reads it)."""
    found = next(c for c in school.classes(2026) if c.name == class_name)
    half_term = school.half_term(2026, number)
    return set(tracking.pupils_on_roll(found.id, None, on=membership.half_term_day(half_term, dt.date(2027, 7, 16))))


def test_a_pupil_moved_in_the_year_keeps_their_marks_and_the_old_class_keeps_its_past(demo, capsys):
    pupil = Pupil.select().join(Pupil.school_class.rel_model).where(Pupil.school_class.rel_model.name == "Cedar").first()
    marks = CriterionMark.select().where(CriterionMark.pupil == pupil.id).count()
    assert pupil.id in members("Cedar", 2) and pupil.id not in members("Elm", 2)

    assert cli.main(["--db", str(demo), "pupil", "move", pupil.upn, "Elm", "--from", "04/01/2027"]) == 0
    assert "moved from Cedar to Elm from 04/01/2027" in capsys.readouterr().out
    open_database(Target(str(demo)))

    # Autumn's grids list them in Cedar; from the spring, in Elm.
    assert pupil.id in members("Cedar", 2) and pupil.id not in members("Elm", 2)
    assert pupil.id not in members("Cedar", 3) and pupil.id in members("Elm", 3)
    assert pupil.id in members("Elm", 6)
    cedar = next(c for c in school.classes(2026) if c.name == "Cedar")
    autumn = class_grid.load_grid(cedar, school.subject_by_name("Maths"), school.half_term(2026, 2))
    assert sum(autumn.stages_in_class.values()) == len(members("Cedar", 2))  # every Year 3 pupil does maths
    # Their marks are theirs, wherever they are.
    assert CriterionMark.select().where(CriterionMark.pupil == pupil.id).count() == marks
    assert Pupil.get_by_id(pupil.id).school_class.name == "Elm"
    rows = [(m.school_class.name, m.start, m.end) for m in
            ClassMembership.select().where(ClassMembership.pupil == pupil.id).order_by(ClassMembership.id)]
    assert rows == [("Cedar", None, MOVED_ON), ("Elm", MOVED_ON, None)]
    entry = AuditEntry.select().where(AuditEntry.action == "pupil.move").get()
    assert entry.pupil_id == pupil.id and "Cedar" in entry.detail and "Elm" in entry.detail
    assert [y.text for y in membership.pupil_years(pupil.id)] == [
        "2026-27  Year 3  Elm (from 04/01/2027)", "2026-27  Year 3  Cedar (to 03/01/2027)"]

    # Moving them again to where they are changes nothing.
    assert cli.main(["--db", str(demo), "pupil", "move", pupil.upn, "Elm", "--from", "04/01/2027"]) == 0
    assert "already in Elm" in capsys.readouterr().out


def test_a_move_to_a_class_that_does_not_exist_names_the_real_ones(demo, capsys):
    pupil = Pupil.select().first()
    assert cli.main(["--db", str(demo), "pupil", "move", pupil.upn, "Larch", "--from", "04/01/2027"]) == 1
    said = capsys.readouterr().err
    assert "no class 'Larch' in 2026-27" in said and "Oak" in said


def test_only_an_admin_moves_a_pupil(demo, monkeypatch, capsys):
    teacher = next(s.username for s in Staff.select() if "admin" not in s.roles)
    monkeypatch.setattr(identity, "current_person", lambda: identity.Person(teacher, None))
    pupil = Pupil.select().first()
    assert cli.main(["--db", str(demo), "pupil", "move", pupil.upn, "Elm", "--from", "04/01/2027"]) == 1
    assert "Nothing was changed" in capsys.readouterr().err
    open_database(Target(str(demo)))
    assert ClassMembership.select().where(ClassMembership.pupil == pupil.id).count() == 1


def test_a_leaver_during_the_year_is_in_their_class_until_they_leave(demo, capsys):
    pupil = Pupil.select().join(Pupil.school_class.rel_model).where(Pupil.school_class.rel_model.name == "Hazel").first()
    assert cli.main(["--db", str(demo), "archive", pupil.upn, "--left", "04/01/2027"]) == 0
    open_database(Target(str(demo)))
    assert pupil.id in members("Hazel", 2) and pupil.id not in members("Hazel", 3)


def test_a_change_up_to_the_first_day_of_term_corrects_the_place_later_ones_split_it(demo):
    from amtui.db.connection import write
    from amtui.db.models import AcademicYear

    pupil = Pupil.select().join(Pupil.school_class.rel_model).where(Pupil.school_class.rel_model.name == "Cedar").first()
    year = AcademicYear.get(AcademicYear.start_year == 2026).id
    elm = next(c.id for c in school.classes(2026) if c.name == "Elm")
    first_day = school.half_term(2026, 1).start

    def rows():
        return [(m.school_class.name, m.year_group, m.start, m.end) for m in
                ClassMembership.select().where(ClassMembership.pupil == pupil.id).order_by(ClassMembership.id)]

    assert write(lambda: membership.place(pupil.id, year, elm, 3, first_day))
    assert rows() == [("Elm", 3, None, None)]
    assert not write(lambda: membership.place(pupil.id, year, elm, 3, dt.date(2026, 11, 2)))
    assert write(lambda: membership.place(pupil.id, year, elm, 4, dt.date(2026, 11, 2)))
    assert rows() == [("Elm", 3, None, dt.date(2026, 11, 2)), ("Elm", 4, dt.date(2026, 11, 2), None)]
    assert Pupil.get_by_id(pupil.id).year_group == 4
