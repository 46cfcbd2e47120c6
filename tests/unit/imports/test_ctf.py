"""import ctf: the DfE Common Transfer File, parsed safely, all or nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from amtui.db.models import AttitudeRecord, HalfTerm, Pupil
from amtui.imports import ImportFailed
from amtui.imports.runner import run
from imports.builders import ADMIN, csv_file, table_counts

SAMPLE = Path(__file__).parents[2] / "data" / "ctf-joiners.xml"
TODAY = dt.date(2026, 11, 30)  # HT2 of 2026-27, three days after the file was made

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE CTfile [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<CTfile><CTFpupilData><Pupil><UPN>&lol9;</UPN></Pupil></CTFpupilData></CTfile>
"""


def import_ctf(path: Path, today: dt.date = TODAY):
    return run("ctf", path, ADMIN, today=today)


def refusal(path: Path) -> str:
    before = table_counts()
    with pytest.raises(ImportFailed) as caught:
        import_ctf(path)
    assert table_counts() == before
    return str(caught.value)


def attendance_of(upn: str) -> dict[int, float]:
    return {number: percent for number, percent in AttitudeRecord.select(HalfTerm.number, AttitudeRecord.percent)
            .join(HalfTerm).switch(AttitudeRecord).join(Pupil)
            .where(Pupil.upn == upn, AttitudeRecord.aspect == "attendance").tuples()}


def test_a_ctf_brings_joiners_with_their_details_and_this_years_attendance(school):
    result = import_ctf(SAMPLE)
    assert (result.created, result.updated) == (3, 0)
    assert result.summary.startswith("Imported 3 pupils from the Common Transfer File ctf-joiners.xml: 3 new, 0 updated.")
    assert "New pupils have no class yet" in result.summary
    zofia = Pupil.get(Pupil.upn == "E936402117003")
    assert (zofia.forename, zofia.surname, zofia.dob, zofia.year_group, zofia.school_class) == \
           ("Zofia", "Nowak", dt.date(2017, 11, 21), 4, None)
    # An EHC plan, free school meals since 2024 (pupil premium), Polish first (EAL), in care.
    assert (zofia.gender, zofia.sen_status, zofia.pupil_premium, zofia.eal, zofia.looked_after) == \
           ("F", "E", True, True, True)
    # HT1: 70 sessions, 4 missed ill; HT2 to the file's last day: 40, late once (present), 2 unauthorised.
    assert attendance_of("E936402117003") == {1: 94.3, 2: 95.0}
    ollie = Pupil.get(Pupil.upn == "X936402117006")
    # The preferred forename; meals ended in 2019, more than six years ago; English.
    assert (ollie.forename, ollie.pupil_premium, ollie.eal, ollie.sen_status) == ("Ollie", False, False, "N")
    assert attendance_of("X936402117006") == {}  # last year's marks, at another school
    leo = Pupil.get(Pupil.upn == "C93640212401A")  # a temporary UPN
    assert (leo.year_group, leo.sen_status, leo.gender) == (0, "K", "M")


def test_a_known_pupil_is_updated_and_keeps_their_class(school):
    csv = csv_file(school, "p.csv", "upn,forename,surname,dob,year,class\n"
                   "E936402117003,Zofia,Nowak,21/11/2017,4,4W\n")
    run("pupils", csv, ADMIN, today=TODAY)
    result = import_ctf(SAMPLE)
    assert (result.created, result.updated) == (2, 1)
    zofia = Pupil.get(Pupil.upn == "E936402117003")
    assert (zofia.school_class.name, zofia.sen_status) == ("4W", "E")


def test_a_ctf_from_last_year_moves_its_pupils_up_a_year(school):
    older = school / "summer.xml"
    older.write_text(SAMPLE.read_text().replace("<AcademicYear>2026</AcademicYear>", "<AcademicYear>2025</AcademicYear>")
                     .replace("<Year>2026</Year>", "<Year>2025</Year>"))
    import_ctf(older)
    assert Pupil.get(Pupil.upn == "E936402117003").year_group == 5
    assert Pupil.get(Pupil.upn == "C93640212401A").year_group == 1
    assert attendance_of("E936402117003") == {}  # the marks are of another year


def test_an_entity_expansion_bomb_is_refused_unexpanded(school):
    path = school / "bomb.xml"
    path.write_text(BILLION_LAUGHS)
    message = refusal(path)
    assert f"{path}:2: the file declares a DTD or entities, which a CTF never does" in message


def test_an_entity_without_a_dtd_line_is_refused_too(school):
    path = school / "entity.xml"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
                    "<CTfile><CTFpupilData><Pupil><UPN>&e;</UPN></Pupil></CTFpupilData></CTfile>\n")
    assert "declares a DTD or entities" in refusal(path)


def test_one_pupil_with_a_bad_upn_means_nothing_is_written(school):
    path = school / "bad.xml"
    path.write_text(SAMPLE.read_text().replace("<UPN>X936402117006</UPN>", "<UPN>A936402117006</UPN>"))
    message = refusal(path)
    line = next(n for n, text in enumerate(path.read_text().splitlines(), start=1) if "A936402117006" in text)
    assert f"{path}:{line}: UPN: 'A936402117006' has the wrong check letter: it should be X" in message
    assert Pupil.select().where(Pupil.upn == "E936402117003").count() == 0


def test_missing_details_are_named_at_the_pupils_line(school):
    path = school / "thin.xml"
    path.write_text("<CTfile>\n<CTFpupilData>\n<Pupil>\n<UPN>E936402117003</UPN>\n<Surname>Nowak</Surname>\n"
                    "</Pupil>\n</CTFpupilData>\n</CTfile>\n")
    message = refusal(path)
    assert f"{path}:3: the pupil has no Forename" in message
    assert f"{path}:3: the pupil has no DOB" in message
    assert f"{path}:3: the pupil has no BasicDetails/NCyearActual" in message


@pytest.mark.parametrize("text, reason", [
    ("<Pupils/>", "the file is not a Common Transfer File (its first element is not CTfile)"),
    ("<CTfile>\n<Header/>\n</CTfile>", "the file holds no pupils"),
    ("<CTfile>\n<CTFpupilData>\n<Pupil>\n</CTFpupilData>", "the file is not well-formed XML"),
])
def test_a_file_that_is_not_a_ctf_is_refused(school, text, reason):
    path = school / "x.xml"
    path.write_text(text)
    assert reason in refusal(path)


def test_map_is_for_csv_files_only(school):
    with pytest.raises(ImportFailed, match="--map names the columns of a CSV file"):
        run("ctf", SAMPLE, ADMIN, today=TODAY, header_map=SAMPLE)
