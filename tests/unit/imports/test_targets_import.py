"""import targets: end-of-key-stage and end-of-year targets with FFT, by the one target rule."""

from __future__ import annotations

import pytest

from amtui.db.models import FftEstimate, LongTermTarget, Pupil, SchoolSetting, Subject
from amtui.imports import ImportFailed
from imports.builders import import_text, table_counts
from imports.secondary import AMY, BEN, CAL, seed_groups, seed_secondary

HEADER = "upn,subject,kind,target,fft\n"


@pytest.fixture
def school(opened, tmp_path):
    seed_secondary(tmp_path)
    seed_groups(tmp_path)
    return tmp_path


def targets(upn: str, kind: str, subject: str = "Maths") -> list[str]:
    return [label for (label,) in LongTermTarget.select(LongTermTarget.substage).join_from(LongTermTarget, Pupil)
            .join_from(LongTermTarget, Subject)
            .where(Pupil.upn == upn, Subject.name == subject, LongTermTarget.kind == kind)
            .order_by(LongTermTarget.id).tuples()]


def test_key_stage_and_year_targets_are_recorded_with_fft(school):
    result = import_text(school, "targets", HEADER + f"{AMY},Maths,ks4,Grade 7,6\n{AMY},Maths,year,6,\n"
                         f"{BEN},History,KS3,St 6 Emerging,\n")
    assert (result.created, result.updated) == (3, 0)
    assert targets(AMY, "ks4") == ["7"] and targets(AMY, "year") == ["6"]
    assert targets(BEN, "ks3", "History") == ["St 6 Emerging"]
    assert [f.substage for f in FftEstimate.select()] == ["6"]


def test_a_raise_adds_to_the_history_and_the_same_target_again_changes_nothing(school):
    import_text(school, "targets", HEADER + f"{AMY},Maths,ks4,6,\n")
    again = import_text(school, "targets", HEADER + f"{AMY},Maths,ks4,6,\n")
    assert (again.created, again.updated) == (0, 0)
    raised = import_text(school, "targets", HEADER + f"{AMY},Maths,ks4,8,\n")
    assert raised.updated == 1 and targets(AMY, "ks4") == ["6", "8"]


def test_fine_grades_are_read_when_the_school_records_them(school):
    with pytest.raises(ImportFailed, match="fine_grades is off"):
        import_text(school, "targets", HEADER + f"{AMY},Maths,ks4,6+,\n")
    SchoolSetting.create(key="fine_grades", value="yes")
    import_text(school, "targets", HEADER + f"{AMY},Maths,ks4,6+,6-\n")
    assert targets(AMY, "ks4") == ["6+"]


@pytest.mark.parametrize("first, rows, reason", [
    ("", f"{AMY},Maths,ks4,5,6\n", "2: target: A target cannot go below the FFT Aspire estimate (6)"),
    (f"{AMY},Maths,ks4,7,\n", f"{AMY},Maths,ks4,6,\n", "2: target: 6 is below the ks4 target 7; an import never lowers a target"),
    ("", f"{AMY},Maths,ks5,6,\n", "2: kind: 'ks5' is not a kind of target; use ks3, ks4 or year"),
    ("", f"{AMY},Maths,ks4,10,\n", "2: target: '10' is not a GCSE grade"),
    ("", f"{AMY},Maths,ks3,6,\n", "2: target: a ks3 target for a Year 10 pupil is a sub-stage"),
    ("", f"{AMY},Maths,ks4,6,\n{AMY},maths,ks4,7,\n", "3: W101000000001 maths ks4 is also on line 2"),
    ("", f"{CAL},Drama,ks4,6,\n", "2: there is no subject 'Drama'"),
])
def test_a_file_with_a_mistake_imports_nothing_and_names_the_line(school, first, rows, reason):
    if first:
        import_text(school, "targets", HEADER + first)
    before = table_counts()
    with pytest.raises(ImportFailed) as failed:
        import_text(school, "targets", HEADER + rows)
    assert reason in str(failed.value) and "Nothing was imported." in str(failed.value)
    assert table_counts() == before


def test_only_the_amt_or_slt_sets_end_of_key_stage_targets(school, monkeypatch):
    from amtui.db.models import Staff

    Staff.update(roles="admin").where(Staff.username == "admin").execute()  # an admin, not SLT
    with pytest.raises(ImportFailed, match="2: target: Only Senior leadership or Assertive Mentoring team"):
        import_text(school, "targets", HEADER + f"{AMY},Maths,ks4,6,\n")
    assert import_text(school, "targets", HEADER + f"{AMY},Maths,year,6,\n").created == 1
