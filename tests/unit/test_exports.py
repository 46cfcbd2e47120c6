"""The CSV exports: exact columns, hand-checked values, filters, and no formula injection."""

from __future__ import annotations

import csv
import io

import pytest

from amtui.db.repo import school as school_repo
from amtui.domain.calendar import academic_year_label
from amtui.reports.csv_safe import safe_cell
from amtui.reports.exports import run_export
from imports.builders import ANN, BOB, CAT, import_text, seed_tracking

TRACKING = ("upn,surname,forename,class,subject,working_stage,crosses,substage,position,aps,"
            "nc,baseline,target,expected,status,academic_year,year_group,gender,sen,pp,eal")
WEEKLY = "upn,surname,forename,class,level,next_test,last3,greens_in_row,promotion_due"


@pytest.fixture
def school(opened, tmp_path):
    seed_tracking(tmp_path)
    return tmp_path


def export(kind: str, **options) -> tuple[list[str], list[dict]]:
    """The export's lines, and its rows read back as a spreadsheet would."""
    out = io.StringIO()
    count = run_export(kind, out, **options)
    text = out.getvalue()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert count == len(rows)
    return text.splitlines(), rows


def test_tracking_header_and_a_hand_computed_row(school):
    lines, rows = export("tracking", half_term=3)
    assert lines[0] == TRACKING  # the first line: no title or comment above it
    year = academic_year_label(school_repo.current_half_term().year)
    assert lines[1] == (f"{ANN},Archer,Ann,2B,Maths,2,14,St 2 Developing,mid,16,2B-2A,"
                        f"St 2 Emerging,St 3 Emerging,St 2 Securing,Nearly there,{year},Year 2,,N,no,no")
    reading = next(r for r in rows if r["upn"] == CAT and r["subject"] == "Reading")
    assert (reading["substage"], reading["position"], reading["aps"], reading["status"]) == (
        "", "", "", "")  # no stage 0 Reading bank to count in


def test_tracking_gives_each_pupils_year_group_and_characteristics_for_grouping(school):
    import_text(school, "pupils", "UPN,Legal Forename,Legal Surname,DOB,Year Group,Reg,Gender,SEN Status,"
                "Pupil Premium,EAL\n"
                f"{ANN},Ann,Archer,2018-10-01,Year 2,2B,F,SEN Support,Yes,Yes\n"
                f"{CAT},Cat,Cole,2017-05-05,Year 3,3C,M,EHC Plan,No,No\n")
    _, rows = export("tracking", half_term=3)
    shown = {(r["upn"], r["subject"]): (r["year_group"], r["gender"], r["sen"], r["pp"], r["eal"]) for r in rows}
    assert shown[(ANN, "Maths")] == ("Year 2", "F", "K", "yes", "yes")
    assert shown[(CAT, "Reading")] == ("Year 3", "M", "E", "no", "no")
    assert shown[(BOB, "Maths")] == ("Year 2", "", "N", "no", "no")  # not given yet


def test_tracking_is_sorted_by_class_surname_forename_subject(school):
    _, rows = export("tracking", half_term=3)
    assert [(r["class"], r["upn"], r["subject"]) for r in rows] == [
        ("2B", ANN, "Maths"), ("2B", BOB, "Maths"), ("3C", CAT, "Maths"), ("3C", CAT, "Reading")]


def test_tracking_for_one_subject(school):
    _, by_name = export("tracking", subject="reading", half_term=3)
    _, by_code = export("tracking", subject="R", half_term=3)
    assert [(r["upn"], r["subject"]) for r in by_name] == [(CAT, "Reading")] == [
        (r["upn"], r["subject"]) for r in by_code]
    with pytest.raises(ValueError, match="no subject 'Art' .subjects: Maths, Reading"):
        export("tracking", subject="Art")


def test_tracking_at_another_half_term_and_by_default_now(school):
    _, ht1 = export("tracking", half_term=1)
    ann = ht1[0]
    assert (ann["crosses"], ann["position"], ann["expected"], ann["status"]) == (
        "15", "high", "St 2 Emerging", "Above")
    now = school_repo.current_half_term().number
    assert export("tracking")[0] == export("tracking", half_term=now)[0]
    with pytest.raises(ValueError, match="half-term 7"):
        export("tracking", half_term=7)


def test_weekly_last3_oldest_first_and_promotion_at_exactly_the_fourth_green(school):
    header = "upn,date,level,test,score\n"
    import_text(school, "weekly", header + f"{ANN},2026-09-28,Level 2,3,24\n"
                f"{ANN},2026-09-21,Level 2,2,20\n{ANN},2026-09-14,Level 2,1,25\n"
                f"{ANN},2026-10-05,Level 2,4,a\n{ANN},2026-10-12,Level 2,5,21\n"
                f"{ANN},2026-10-19,Level 2,6,22\n")
    lines, rows = export("weekly")
    assert lines[0] == WEEKLY
    assert lines[1] == f"{ANN},Archer,Ann,2B,Level 2,7,a 21 22,3,no"  # the 20 ended a run
    import_text(school, "weekly", header + f"{ANN},2026-11-02,Level 2,7,23\n")
    ann = export("weekly")[1][0]
    assert (ann["last3"], ann["greens_in_row"], ann["promotion_due"]) == ("21 22 23", "4", "yes")


def test_weekly_no_promotion_after_a_20(school):
    import_text(school, "weekly", "upn,date,level,test,score\n" + "".join(
        f"{BOB},2026-10-{day:02d},Bridging 2-3,{test},{score}\n"
        for day, test, score in [(1, 14, 21), (8, 15, 22), (15, 1, 23), (22, 2, 24), (29, 3, 20)]))
    bob = export("weekly")[1][0]
    assert (bob["level"], bob["next_test"], bob["last3"]) == ("Bridging 2-3", "4", "23 24 20")
    assert (bob["greens_in_row"], bob["promotion_due"]) == ("0", "no")


def test_formula_text_is_neutralised(school):
    import_text(school, "pupils", "upn,forename,surname,dob,year,class\n"
                f"{ANN},=cmd|' /C calc'!A0,@SUM(A1),,2,+2B\n")
    import_text(school, "weekly", f"upn,date,level,test,score\n{ANN},2026-10-01,Level 2,1,5\n")
    for kind in ("tracking", "weekly"):
        _, rows = export(kind)
        ann = next(r for r in rows if r["upn"] == ANN)
        assert (ann["forename"], ann["surname"], ann["class"]) == (
            "'=cmd|' /C calc'!A0", "'@SUM(A1)", "'+2B")


def test_safe_cell_only_touches_text_that_a_spreadsheet_would_run():
    assert [safe_cell(v) for v in ("-1", "=1", "Smith", "", "O'Neil")] == [
        "'-1", "'=1", "Smith", "", "O'Neil"]
    assert safe_cell(-1) == -1 and safe_cell(None) is None


def test_control_characters_are_drawn_not_sent():
    """A tab or carriage return could hide a formula; an escape would drive the terminal."""
    assert [safe_cell(v) for v in ("\tx", "\rx", "Ann\x1b]0;owned\x07\x1b[2J")] == [
        "^Ix", "^Mx", "Ann^[]0;owned^G^[[2J"]


def test_unknown_kinds_and_options_are_refused(school):
    with pytest.raises(ValueError, match="no export of 'pupils'.*tracking.*weekly"):
        export("pupils")
    with pytest.raises(ValueError, match="tracking export only"):
        export("weekly", subject="Maths")


def test_an_export_to_stdout_sends_no_escape_from_a_name(school):
    """Names stored before amtui refused control characters still reach the terminal clean."""
    from amtui.db.connection import write
    from amtui.db.models import Pupil

    write(lambda: Pupil.update(forename="Ann\x1b]0;owned\x07\x1b[2J").where(Pupil.upn == ANN).execute())
    for kind in ("tracking", "weekly"):
        out = io.StringIO()
        run_export(kind, out)
        assert "\x1b" not in out.getvalue() and "\x07" not in out.getvalue()
    assert "Ann^[]0;owned^G^[[2J" in export("tracking")[0][1]
