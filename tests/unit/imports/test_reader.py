"""What every import shares: encodings, headers, blank lines, the message, all or nothing."""

from __future__ import annotations

import pytest

from amtui.db.models import AuditEntry, Pupil, Staff
from amtui.imports import IMPORT_KINDS, ImportFailed, run_import
from imports.builders import ADMIN, csv_file, import_text, table_counts

PUPIL_HEADER = "upn,forename,surname,dob,year,class\n"


def failure(folder, kind, text, **kw) -> str:
    """The ImportFailed message for a file, after checking nothing was written."""
    before = table_counts()
    with pytest.raises(ImportFailed) as caught:
        import_text(folder, kind, text, **kw)
    assert table_counts() == before
    return str(caught.value)


def test_a_utf8_file_with_a_bom_imports_with_its_first_column_recognised(opened, tmp_path):
    import_text(tmp_path, "staff", "username,name,roles\r\nadmin,Ada Admin,admin\r\njsmith,Zoë Smith,teacher\r\n",
                encoding="utf-8-sig")
    assert (tmp_path / "staff.csv").read_bytes().startswith(b"\xef\xbb\xbfusername")
    assert Staff.get(Staff.username == "jsmith").name == "Zoë Smith"


def test_a_windows_1252_file_keeps_its_accents(opened, tmp_path):
    path = csv_file(tmp_path, "mis.csv", PUPIL_HEADER + "X011000000001,Renée,Dupré,2018-01-01,2,2B\n",
                    encoding="cp1252")
    assert b"Ren\xe9e" in path.read_bytes()  # really cp1252, not UTF-8
    run_import("pupils", path, ADMIN)
    pupil = Pupil.get(Pupil.upn == "X011000000001")
    assert (pupil.forename, pupil.surname) == ("Renée", "Dupré")


def test_headers_match_in_any_case_spacing_and_order_and_extra_columns_are_ignored(opened, tmp_path):
    import_text(tmp_path, "pupils", " Class ,SURNAME,Fore Name,Notes,UPN,Year,D_O_B\n\n"
                "2B,Archer,Ann,likes maths,x011000000001,R,01/10/2021\n,,,,,,\n\n")
    pupil = Pupil.get()
    assert (pupil.upn, pupil.forename, pupil.year_group) == ("X011000000001", "Ann", 0)
    assert pupil.school_class.name == "2B"


def test_a_missing_column_is_named_on_line_1(opened, tmp_path):
    message = failure(tmp_path, "pupils", "upn,forename,surname,year,class\n"
                      "X011000000001,Ann,Archer,2,2B\n", name="p.csv")
    path = tmp_path / "p.csv"
    assert message.splitlines()[0] == f"Cannot import pupils from {path}:"
    assert f"{path}:1: missing column 'dob'" in message
    assert message.endswith("Nothing was imported.")


def test_line_numbers_count_blank_lines_and_the_header(opened, tmp_path):
    message = failure(tmp_path, "pupils", PUPIL_HEADER + "\nA100000000001,Ann,Archer,,2,2B\n\n"
                      "A10000000000,Bob,Baker,,2,2B\n", name="p.csv")
    assert f"{tmp_path / 'p.csv'}:5: upn: 'A10000000000' is not a UPN" in message


def test_every_problem_is_reported_up_to_20_then_a_count(opened, tmp_path):
    rows = "".join(f"X{n},Ann,Archer,,2,2B\n" for n in range(25))
    message = failure(tmp_path, "pupils", PUPIL_HEADER + rows, name="p.csv")
    problem_lines = [line for line in message.splitlines() if line.startswith(str(tmp_path))]
    assert len(problem_lines) == 20
    assert problem_lines[0].startswith(f"{tmp_path / 'p.csv'}:2: ")
    assert "... and 5 more" in message


def test_an_empty_file_and_a_missing_file_are_clear(opened, tmp_path):
    assert "the file is empty; it needs a header row" in failure(tmp_path, "staff", "\n\n")
    assert "has a header but no rows" in failure(tmp_path, "staff", "username,name,roles\n")
    with pytest.raises(ImportFailed, match="cannot read the file"):
        run_import("staff", tmp_path / "nowhere.csv", ADMIN)


def test_an_unknown_kind_lists_the_kinds(opened, tmp_path):
    with pytest.raises(ImportFailed) as caught:
        run_import("parents", csv_file(tmp_path, "x.csv", "a\n1\n"), ADMIN)
    message = str(caught.value)
    assert "no import of 'parents'" in message
    for kind in ("criteria", "pupils", "staff", "baselines", "marks", "weekly"):
        assert f"  {kind}: " in message


def test_import_kinds_describe_their_columns():
    assert {"criteria", "pupils", "staff", "baselines", "marks", "weekly"} <= set(IMPORT_KINDS)
    assert "upn, subject, ref, half_term, code (optional: year)" in IMPORT_KINDS["marks"]
    assert "(optional: mentor, sen, pp, eal, gender, first_language, looked_after" in IMPORT_KINDS["pupils"]
    assert IMPORT_KINDS["ctf"].startswith("pupils from the DfE Common Transfer File: the CTF's XML")


def test_one_audit_entry_per_import_not_per_row(opened, tmp_path):
    import_text(tmp_path, "pupils", PUPIL_HEADER + "X011000000001,Ann,Archer,,2,2B\n"
                "P021000000002,Bob,Baker,,2,2B\n")
    entries = list(AuditEntry.select().where(AuditEntry.action == "import.pupils"))
    assert len(entries) == 1
    assert entries[0].login == ADMIN and entries[0].entity_id == "pupils.csv"
    assert '"rows": 2' in entries[0].detail
