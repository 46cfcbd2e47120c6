"""Grade targets set on screen, by the rule the targets import follows: the AMT or SLT set
end-of-key-stage targets, teachers their groups' end-of-year targets, up not down, only SLT
lowers (saying why), never below FFT; every change audited."""

from __future__ import annotations

import pytest

from amtui.db.models import AuditEntry, LongTermTarget, Pupil, SchoolClass
from amtui.db.repo.grade_targets import ReasonNeeded, group_targets, groups_for, set_target, target_history
from amtui.db.repo.staff import identify
from amtui.domain.permissions import NotAllowed
from amtui.imports import ImportFailed
from amtui.domain.targets import TargetChangeRefused
from tests.returns_school import TODAY, Y10, Y11, Y12, YEAR, _import, add_sixth_form, seed_returns_school, subject_id


@pytest.fixture
def school(opened, tmp_path):
    seed_returns_school(tmp_path)
    _import(tmp_path, "targets", f"upn,subject,kind,target,fft\n{Y11[3]},Maths,ks4,6,6\n")


def pupil(upn: str) -> int:
    return Pupil.get(Pupil.upn == upn).id


def targets(upn: str, kind: str) -> list[str]:
    rows = LongTermTarget.select().where((LongTermTarget.pupil == pupil(upn)) & (LongTermTarget.kind == kind))
    return [t.substage for t in rows.order_by(LongTermTarget.id)]


def group_id(name: str) -> int:
    return SchoolClass.get(SchoolClass.name == name).id


def put(login: str, upn: str, kind: str, text: str, reason: str = "") -> str:
    return set_target(identify(login), pupil(upn), subject_id("Maths"), kind, text, reason, TODAY)


def test_a_teacher_sets_their_groups_end_of_year_target_and_it_is_audited(school):
    assert put("maths1", Y11[0], "year", "7") == "Amy Ash's end of year target is now 7."
    assert targets(Y11[0], "year") == ["7"]
    entry = AuditEntry.select().where(AuditEntry.action == "target.set").order_by(AuditEntry.id.desc()).get()
    assert (entry.login, entry.pupil_id) == ("maths1", pupil(Y11[0]))
    with pytest.raises(NotAllowed):
        put("maths2", Y11[0], "year", "8")  # not their group
    with pytest.raises(TargetChangeRefused, match="key-stage|Assertive Mentoring|may not"):
        put("maths1", Y11[0], "ks4", "8")
    assert targets(Y11[0], "ks4") == ["7"] and targets(Y11[0], "year") == ["7"]


def test_key_stage_targets_go_up_not_down_and_only_slt_lowers_with_a_reason(school):
    assert put("amt1", Y11[0], "ks4", "8") == "Amy Ash's end of KS4 target is now 8."
    with pytest.raises(TargetChangeRefused):
        put("amt1", Y11[0], "ks4", "6")  # the AMT raises; only SLT lowers
    with pytest.raises(ReasonNeeded, match="from 8 to 6"):
        put("admin", Y11[0], "ks4", "6")
    assert targets(Y11[0], "ks4") == ["7", "8"]
    assert "now 6" in put("admin", Y11[0], "ks4", "6", "moved to the foundation paper")
    assert targets(Y11[0], "ks4") == ["7", "8", "6"]
    row = LongTermTarget.select().where(LongTermTarget.pupil == pupil(Y11[0])).order_by(LongTermTarget.id.desc()).get()
    assert row.reason == "moved to the foundation paper"


def test_never_below_fft_and_read_in_the_pupils_terms(school):
    with pytest.raises(TargetChangeRefused, match="FFT Aspire estimate \\(6\\)"):
        put("maths2", Y11[3], "year", "5")
    assert "now 6" in put("maths2", Y11[3], "year", "6")
    with pytest.raises(TargetChangeRefused, match="not a GCSE grade|is not"):
        put("maths2", Y11[3], "year", "St 6 Emerging")
    with pytest.raises(TargetChangeRefused, match="end of KS4 target, not the end of KS3"):
        put("amt1", Y11[3], "ks3", "St 7 Ready")
    assert targets(Y11[3], "year") == ["6"] and targets(Y11[3], "ks3") == []


def test_a_groups_list_shows_each_pupils_targets_and_a_teacher_sees_their_groups(school, tmp_path):
    put("maths1", Y11[0], "year", "7")
    maths1 = identify("maths1")
    assert [g.name for g in groups_for(maths1, YEAR)][:2] == ["10A/Ma1", "11A/Ma1"]
    assert {g.name for g in groups_for(maths1, YEAR)} == {"10A/Ma1", "11A/Ma1"}
    assert {g.name for g in groups_for(identify("hodm"), YEAR)} == {"10A/Ma1", "11A/Ma1", "11A/Ma2"}
    assert len(groups_for(identify("amt1"), YEAR)) == 4
    _import(tmp_path, "staff", "username,name,roles,heads\nhoy10,Yves Year,hoy,Year 10\n")
    assert [g.name for g in groups_for(identify("hoy10"), YEAR)] == ["10A/Ma1"]
    assert "now 6" in put("hoy10", Y10[0], "year", "6")  # a head of year raises their year's targets
    group = next(g for g in groups_for(maths1, YEAR) if g.name == "11A/Ma1")
    rows = {(r.name, r.key_kind, r.key_stage, r.year, r.fft) for r in group_targets(group.id, TODAY)}
    assert rows == {("Amy Ash", "ks4", "7", "7", ""), ("Ben Birch", "ks4", "5", "", "")}


def test_a_sixth_former_has_an_end_of_year_target_in_grades_and_no_key_stage_one(school, tmp_path):
    add_sixth_form(tmp_path)
    gil = pupil(Y12[0])
    assert [(r.name, r.key_kind, r.key_stage, r.year) for r in group_targets(group_id("12A/Ma1"), TODAY)] == [
        ("Gil Gorse", None, "", "6")]
    with pytest.raises(TargetChangeRefused, match="no end-of-key-stage target: in the sixth form"):
        put("amt1", Y12[0], "ks4", "7")
    with pytest.raises(TargetChangeRefused, match="is not a GCSE grade"):
        put("maths1", Y12[0], "year", "St 7 Ready")  # graded as KS4
    assert put("maths1", Y12[0], "year", "7") == "Gil Gorse's end of year target is now 7."
    assert targets(Y12[0], "year") == ["6", "7"] and targets(Y12[0], "ks4") == []
    assert LongTermTarget.select().where((LongTermTarget.pupil == gil) & (LongTermTarget.kind != "year")).count() == 0
    with pytest.raises(ImportFailed, match="2: kind: A Year 12 pupil has no end-of-key-stage target"):
        _import(tmp_path, "targets", f"upn,subject,kind,target\n{Y12[0]},Maths,ks4,7\n")
    assert targets(Y12[0], "ks4") == []


def test_the_target_history_is_every_change_newest_first_with_what_it_replaced(school):
    put("amt1", Y11[0], "ks4", "8")
    put("maths1", Y11[0], "year", "7")
    put("admin", Y11[0], "ks4", "6", "moved to the foundation paper")
    steps = [s for s in target_history(pupil(Y11[0])) if s.subject_id == subject_id("Maths")]
    assert [(s.kind, s.old, s.new, s.word, s.set_by, s.reason) for s in steps] == [
        ("ks4", "8", "6", "lowered", "Ada Admin", "moved to the foundation paper"),
        ("year", "", "7", "set", "Mo Maths", ""),
        ("ks4", "7", "8", "raised", "Ava Team", ""),
        ("ks4", "", "7", "set", "Ada Admin", "targets import"),  # the school's import, by its admin
    ]
    assert [s.set_at for s in steps] == sorted((s.set_at for s in steps), reverse=True)
    assert {s.start_year for s in steps} == {YEAR}
