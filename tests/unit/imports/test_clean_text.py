"""Every import kind refuses a file with a control character, a NUL byte or an over-long
cell: with the file, the line and the reason, never the raw bytes, and nothing written."""

from __future__ import annotations

import pytest

from amtui.imports import ImportFailed
from imports.builders import ANN, csv_file, import_text, run_import, ADMIN, table_counts

# Each kind: its header, a good row, and a row whose {} cell is the value on trial.
KINDS = {
    "criteria": ("subject,stage,ref,text", "Maths,2,M2/31,Count to 100", "Maths,2,M2/32,{}"),
    "pupils": ("upn,forename,surname,dob,year,class", "Z041000000004,Dan,Doe,2018-01-01,2,2B",
               "R051000000005,{},Eve,2018-01-01,2,2B"),
    "staff": ("username,name,roles", "lee,Lee Lu,teacher", "max,{},teacher"),
    "baselines": ("upn,subject,baseline", f"{ANN},Maths,St 2 Ready", f"{ANN},{{}},St 2 Ready"),
    "marks": ("upn,subject,ref,half_term,code", f"{ANN},Maths,M2/1,1,X", f"{ANN},Maths,{{}},1,X"),
    "weekly": ("upn,date,level,test,score", f"{ANN},2026-10-02,Level 2,1,12",
               "{},2026-10-09,Level 2,2,12"),
    "attendance": ("upn,half_term,percent", f"{ANN},1,96", "{},2,95"),
    "halfterm-tests": ("subject,stage,half_term,question,marks,section,ref",
                       "Maths,2,1,1,1,Number,M2/1", "Maths,2,1,2,1,{},M2/2"),
}
HOSTILE = {
    "escape": ("Ab\x1b]0;owned\x07\x1b[2J", "control character (ESC) at position 3"),
    "nul": ("Ab\x00c", "NUL byte"),
    "long": ("a" * 100_000, "is 100,000 characters; the most is"),
}


def _file(kind: str, value: str) -> str:
    header, good, bad = KINDS[kind]
    return f"{header}\n{good}\n{bad.format(value)}\n"


@pytest.mark.parametrize("kind", KINDS)
def test_the_good_rows_import(school, kind):
    """The rows on trial are good with a plain value, so a refusal is the value's doing."""
    plain = {"baselines": "Reading", "marks": "M2/2", "weekly": ANN, "attendance": ANN}.get(kind, "Plain")
    import_text(school, kind, _file(kind, plain))


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("kind", KINDS)
def test_a_hostile_cell_refuses_the_whole_file(school, kind, hostile):
    value, reason = HOSTILE[hostile]
    before = table_counts()
    path = csv_file(school, f"{kind}.csv", _file(kind, value))
    with pytest.raises(ImportFailed) as failed:
        run_import(kind, path, ADMIN)
    message = str(failed.value)
    assert f"{path}:3: " in message and reason in message
    assert "Nothing was imported." in message
    assert "\x1b" not in message and "\x00" not in message and "\x07" not in message
    assert len(message) < 2000
    assert table_counts() == before


def test_a_nul_byte_names_every_line_that_holds_one(school):
    path = csv_file(school, "staff.csv", "username,name,roles\nlee,L\x00ee,teacher\nmax,M\x00ax,teacher\n")
    with pytest.raises(ImportFailed) as failed:
        run_import("staff", path, ADMIN)
    assert f"{path}:2: the line holds a NUL byte" in str(failed.value)
    assert f"{path}:3: the line holds a NUL byte" in str(failed.value)


def test_a_bidi_override_in_a_name_is_refused(school):
    with pytest.raises(ImportFailed, match=r"direction control \(U\+202E\)"):
        import_text(school, "staff", "username,name,roles\nlee,Lee \u202eLu,teacher\n")


def test_a_file_name_with_an_escape_is_shown_escaped(school):
    with pytest.raises(ImportFailed) as failed:
        import_text(school, "staff", "username,name,roles\nlee,,teacher\n", name="st\x1b[2Jaff.csv")
    assert "st^[[2Jaff.csv:2: name is empty" in str(failed.value)
    assert "\x1b" not in str(failed.value)


def test_a_line_break_inside_a_quoted_cell_is_refused(school):
    """The file is otherwise clean, so this is the one cell looked at closely."""
    with pytest.raises(ImportFailed, match=r"staff.csv:2: the name cell holds a control character \(LF\)"):
        import_text(school, "staff", 'username,name,roles\nlee,"Lee\nLu",teacher\n')
