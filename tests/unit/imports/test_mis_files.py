"""import pupils: the pupil lists SIMS, Arbor and Bromcom export, as they come, and --map."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from amtui.db.models import Pupil
from amtui.imports import ImportFailed, run_import
from imports.builders import ADMIN, csv_file, table_counts

MIS = Path(__file__).parents[2] / "data" / "mis"


def mis_import(folder: Path, name: str, header_map: Path | None = None):
    path = folder / name
    shutil.copyfile(MIS / name, path)
    return run_import("pupils", path, ADMIN, header_map=header_map)


def details(upn: str) -> tuple:
    p = Pupil.get(Pupil.upn == upn)
    return (p.forename, p.surname, p.dob, p.year_group, p.school_class.name if p.school_class else None,
            p.gender, p.sen_status, p.pupil_premium, p.eal, p.looked_after)


def test_a_sims_student_list_imports_as_it_comes(school):
    result = mis_import(school, "sims-student-list.csv")
    assert (result.created, result.updated) == (5, 0)
    assert details("Q936402116001") == ("Chiamaka", "Okonkwo", dt.date(2016, 9, 14), 5, "5H",
                                         "F", "K", True, True, False)
    # The preferred forename wins over the legal one.
    assert details("E936402116002")[:2] == ("Tom", "Walsh")
    assert details("E936402117003")[4:] == ("4W", "F", "E", True, True, True)
    assert details("U936402118005")[3:] == (3, "3B", "F", "N", False, False, False)  # blank SEN: none
    # An unread header that looks like a pupil's detail is named; the others are counted.
    assert "Columns not read: 'Middle Name(s)'" in result.summary
    assert "1 other column ignored." in result.summary


def test_an_arbor_export_imports_with_temporary_upns_and_nursery(school):
    result = mis_import(school, "arbor-students.csv")
    assert result.created == 5
    assert details("X936402117006") == ("Oliver", "Bennett", dt.date(2017, 10, 5), 4, "4W",
                                        "M", "N", False, False, False)
    assert details("L936402118008")[:1] + details("L936402118008")[5:] == ("Jake", "M", "E", True, False, True)
    assert details("A936402116007")[6:] == ("K", True, True, False)
    assert details("L936402119009")[3:5] == (-1, "N")  # Nursery 2
    assert details("C93640212401A")[3] == 0  # a temporary UPN, in Reception
    assert "Columns not read" not in result.summary and "2 other columns ignored." in result.summary


def test_a_bromcom_export_imports_with_first_language_and_sixth_form_years(school):
    mis_import(school, "bromcom-students.csv")
    assert details("M886400516011") == ("Jakub", "Kowalski", dt.date(2014, 9, 14), 7, "7KS",
                                        "M", "K", True, True, False)
    assert details("M886400517012")[3:] == (9, "9AB", "F", "N", False, False, False)  # ENG: not EAL
    assert details("E886400515013")[3:] == (12, "12LM", "M", "E", True, False, True)  # ENB: not EAL
    assert details("Z886400520014")[3] == 13 and details("Z886400520014")[8] is True
    assert [p.year_group for p in Pupil.select().order_by(Pupil.year_group)][-5:] == [7, 9, 10, 12, 13]


def test_a_re_import_of_the_same_list_changes_nothing(school):
    mis_import(school, "sims-student-list.csv")
    result = mis_import(school, "sims-student-list.csv")
    assert (result.created, result.updated) == (0, 0) and "5 unchanged" in result.summary


def test_map_names_a_schools_own_headers(school):
    path = csv_file(school, "custom.csv", "Pupil Ref,Family,Given,Birthday,Yr,Group,Needs\n"
                    "Q936402116001,Okonkwo,Chiamaka,14 Sep 2016,5,5H,SEN Support\n")
    header_map = csv_file(school, "map.csv", "their header,our field\nPupil Ref,upn\nFamily,surname\n"
                          "Given,forename\nBirthday,dob\nYr,year\nGroup,class\nNeeds,sen\n")
    run_import("pupils", path, ADMIN, header_map=header_map)
    assert details("Q936402116001")[:7] == ("Chiamaka", "Okonkwo", dt.date(2016, 9, 14), 5, "5H", "", "K")


def test_a_map_naming_no_column_is_refused_with_its_line(school):
    header_map = csv_file(school, "map.csv", "Pupil Ref,upn\nFamily,surname name\n")
    before = table_counts()
    with pytest.raises(ImportFailed) as caught:
        run_import("pupils", MIS / "sims-student-list.csv", ADMIN, header_map=header_map)
    assert f"{header_map}:2: 'surname name' is not a column of pupils" in str(caught.value)
    assert table_counts() == before


def test_two_columns_giving_one_field_are_refused_unless_one_is_ignored(school):
    text = ("UPN,Surname,Legal Surname,Forename,DOB,Year,Reg\n"
            "Q936402116001,Okonkwo,Okonkwo-Bello,Chiamaka,14/09/2016,5,5H\n")
    with pytest.raises(ImportFailed, match="columns 'Surname' and 'Legal Surname' both give the surname"):
        run_import("pupils", csv_file(school, "p.csv", text), ADMIN)
    run_import("pupils", csv_file(school, "p.csv", text), ADMIN,
               header_map=csv_file(school, "map.csv", "Surname,ignore\n"))
    assert details("Q936402116001")[1] == "Okonkwo-Bello"


def test_a_missing_column_says_which_mis_headers_give_it(school):
    with pytest.raises(ImportFailed) as caught:
        run_import("pupils", csv_file(school, "p.csv", "UPN,Surname,Forename,Year,Reg\n"
                                      "Q936402116001,Okonkwo,Chiamaka,5,5H\n"), ADMIN)
    assert "missing column 'dob' (the header needs: upn, forename, surname, dob, year, class; " \
           "also read from: DOB, Date of Birth" in str(caught.value)


def test_a_wrong_check_letter_names_the_right_one_and_nothing_is_written(school):
    before = table_counts()
    text = (MIS / "sims-student-list.csv").read_text().replace("X936402115004", "A936402115004")
    with pytest.raises(ImportFailed) as caught:
        run_import("pupils", csv_file(school, "p.csv", text), ADMIN)
    assert (f"{school / 'p.csv'}:5: upn: 'A936402115004' has the wrong check letter: it should be X "
            "(X936402115004)") in str(caught.value)
    assert table_counts() == before


def test_an_unread_header_is_quoted_safely_in_the_summary(school):
    header = "Middle\x1b[31mName" + "x" * 200
    result = run_import("pupils", csv_file(school, "p.csv", f"UPN,Surname,Forename,DOB,Year,Reg,{header}\n"
                                           "Q936402116001,Okonkwo,Chiamaka,14/09/2016,5,5H,Ada\n"), ADMIN)
    assert "\x1b" not in result.summary and "'Middle^[[31mName" in result.summary
    assert len(result.summary) < 300
