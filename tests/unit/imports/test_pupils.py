"""import pupils: created or updated by UPN, classes made for this year, mentor history kept."""

from __future__ import annotations

import datetime as dt

import pytest

from amtui.db.models import AcademicYear, MentorAssignment, Pupil, SchoolClass
from amtui.domain.calendar import academic_year_of
from amtui.imports import ImportFailed
from amtui.domain.year_group import parse_year_group
from imports.builders import ANN, BOB, CAT, import_text, table_counts

HEADER = "upn,forename,surname,dob,year,class,mentor,sen,pp,eal\n"


def pupil(upn: str) -> Pupil:
    return Pupil.get(Pupil.upn == upn)


def mentors_of(upn: str) -> list[tuple[str, dt.date | None]]:
    return [(row.mentor.username, row.end) for row in MentorAssignment.select()
            .where(MentorAssignment.pupil == pupil(upn)).order_by(MentorAssignment.id)]


def test_a_file_creates_pupils_and_this_years_classes(school):
    ann, cat = pupil(ANN), pupil(CAT)
    assert (ann.forename, ann.surname, ann.dob, ann.year_group) == ("Ann", "Archer",
                                                                    dt.date(2018, 10, 1), 2)
    assert pupil(BOB).dob == dt.date(2019, 3, 12)  # day first
    assert ann.school_class.name == "2B" and cat.school_class.name == "3C"
    assert ann.school_class.academic_year.start_year == academic_year_of(dt.date.today())
    assert SchoolClass.select().count() == 2 and AcademicYear.select().count() == 1
    assert mentors_of(ANN) == [("jsmith", None)]


def test_a_re_import_updates_details_and_a_new_mentor_keeps_the_history(school):
    result = import_text(school, "pupils", HEADER +
                         f"{ANN.lower()},Anne,Archer,2018-10-01,3,3C,kjones,yes,1,n\n"
                         f"{BOB},Bob,Baker,12/03/2019,2,2B,jsmith,,,\n"
                         "Z041000000004,Dan,Dunn,,Reception,RA,,,,\n")
    assert (result.created, result.updated) == (1, 1)
    assert Pupil.select().count() == 4
    ann = pupil(ANN)
    assert (ann.forename, ann.year_group, ann.school_class.name) == ("Anne", 3, "3C")
    assert (ann.sen_status, ann.pupil_premium, ann.eal) == ("K", True, False)
    assert mentors_of(ANN) == [("jsmith", dt.date.today()), ("kjones", None)]
    assert mentors_of(BOB) == [("jsmith", None)]  # same mentor: no new assignment
    assert pupil("Z041000000004").school_class.year_group == 0
    assert SchoolClass.select().count() == 3


def test_flags_are_left_alone_when_their_columns_are_absent(school):
    import_text(school, "pupils", HEADER + f"{ANN},Ann,Archer,2018-10-01,2,2B,,y,y,y\n")
    import_text(school, "pupils", "upn,forename,surname,dob,year,class\n"
                f"{ANN},Ann,Archer,2018-10-01,2,2B\n")
    ann = pupil(ANN)
    assert (ann.sen_status, ann.pupil_premium, ann.eal) == ("K", True, True)
    assert mentors_of(ANN) == [("jsmith", None)]  # an absent mentor column changes nothing


@pytest.mark.parametrize("row, reason", [
    (f"{ANN},Ann,Archer,2018-10-01,2,2B,nobody,,,", "mentor 'nobody' is not a staff username"),
    ("A1000000000XX,Ann,Archer,,2,2B,,,,", "upn: 'A1000000000XX' is not a UPN"),
    (f"{ANN},Ann,Archer,31/02/2018,2,2B,,,,", "dob: '31/02/2018' is not a date"),
    (f"{ANN},Ann,Archer,,Year 14,2B,,,,", "year: 'Year 14' is not a year group"),
    (f"{ANN},Ann,Archer,,2,2B,,maybe,,", "sen: 'maybe' is not a SEN provision"),
    ("Y011000000001,Ann,Archer,,2,2B,,,,", "upn: 'Y011000000001' has the wrong check letter: it should be X"),
    (f"{ANN},,Archer,,2,2B,,,,", "forename is empty"),
])
def test_bad_rows_name_the_line_and_nothing_changes(school, row, reason):
    before = table_counts()
    with pytest.raises(ImportFailed) as caught:
        import_text(school, "pupils", HEADER + f"{CAT},Cat,Cole,,3,3C,,,,\n" + row + "\n",
                    name="p.csv")
    assert f"{school / 'p.csv'}:3: {reason}" in str(caught.value)
    assert table_counts() == before
    assert pupil(ANN).forename == "Ann"


def test_a_upn_twice_in_one_file_is_a_problem(school):
    with pytest.raises(ImportFailed, match=r"p.csv:3: UPN X011000000001 is also on line 2"):
        import_text(school, "pupils", HEADER + f"{ANN},Ann,A,,2,2B,,,,\n{ANN},Ann,B,,2,2B,,,,\n",
                    name="p.csv")


@pytest.mark.parametrize("text, year", [("N1", -2), ("Nursery 1", -2), ("n2", -1), ("R", 0),
                                        ("reception", 0), ("YR", 0), ("0", 0), ("11", 11),
                                        ("12", 12), ("Year 13", 13), ("NC Year 12", 12),
                                        ("Year 4", 4), ("Y6", 6), ("year  1", 1), ("04", 4)])
def test_year_groups_read_as_schools_write_them(text, year):
    assert parse_year_group(text) == year


@pytest.mark.parametrize("text", ["14", "N3", "Year 4b", "", "Nursery"])
def test_a_year_group_outside_nursery_to_year_13_is_refused(text):
    with pytest.raises(ValueError, match="is not a year group"):
        parse_year_group(text)
