"""Long-term targets (raise, lower, FFT floor, history) and the other targets, in the database."""

from __future__ import annotations

import pytest

from amtui.db.connection import write
from amtui.db.models import AuditEntry, LongTermTarget, Staff, Target
from amtui.db.repo import staff, targets
from amtui.domain.errors import UserFacingError
from amtui.domain.permissions import NotAllowed
from amtui.domain.targets import TargetChangeRefused
from pupil_school import build


@pytest.fixture
def made(tmp_path):
    school_, extras = build(tmp_path / "school.db")
    write(lambda: Staff.create(username="slt2", name="Sam Senior", roles="slt"))
    yield school_, extras
    school_.opened.db.close()


def reading(made_school) -> int:
    return next(t.subject_id for t in targets.long_term_targets(made_school.pupils["Zoë O'Neill"],
                                                                made_school.start_year) if t.subject == "Reading")


def rows(pupil: int) -> list[tuple[str, str]]:
    return [(r.substage, r.reason) for r in LongTermTarget.select().where(LongTermTarget.pupil == pupil)
            .order_by(LongTermTarget.id)]


def test_long_term_targets_with_floors_and_history(made):
    made_school, _ = made
    found = {t.subject: t for t in targets.long_term_targets(made_school.pupils["Zoë O'Neill"], made_school.start_year)}
    assert list(found) == ["Reading", "Writing", "Maths"]
    assert found["Reading"].current.label == "St 1 Securing" and found["Reading"].fft.label == "St 1 Developing"
    assert found["Writing"].current is None and found["Writing"].baseline.label == "St 2 Ready"
    assert [c.label for c in found["Reading"].history] == ["St 1 Securing"]
    assert found["Reading"].history[0].set_by == "import"  # set with no member of staff


def test_a_teacher_raises_a_target_for_their_class_and_it_is_kept_and_audited(made):
    made_school, _ = made
    zoe, year = made_school.pupils["Zoë O'Neill"], made_school.start_year
    changed = targets.change_long_term(staff.identify("tester"), zoe, reading(made_school), year, "2R",
                                       "Well ahead of her line")
    assert changed.current.label == "St 2 Ready"
    assert [(c.label, c.set_by, c.reason) for c in changed.history] == [
        ("St 2 Ready", "Tess Tester", "Well ahead of her line"), ("St 1 Securing", "import", "")]
    assert rows(zoe)[-1] == ("St 2 Ready", "Well ahead of her line")
    entry = AuditEntry.select().where(AuditEntry.action == "target.raise").get()
    assert entry.login == "tester" and '"old": "St 1 Securing"' in entry.detail


def test_a_teacher_may_not_raise_outside_their_classes_nor_lower(made):
    made_school, _ = made
    ella, zoe, year = made_school.pupils["Ella Evans"], made_school.pupils["Zoë O'Neill"], made_school.start_year
    before = rows(ella), rows(zoe)
    with pytest.raises(NotAllowed, match="only for your own classes"):
        targets.change_long_term(staff.identify("tester"), ella, reading(made_school), year, "St 6 Ready", "")
    with pytest.raises(TargetChangeRefused, match="Only Senior leadership may lower a long-term target"):
        targets.change_long_term(staff.identify("tester"), zoe, reading(made_school), year, "1D", "Struggling")
    assert (rows(ella), rows(zoe)) == before


def test_slt_lowers_with_a_reason_but_never_below_fft(made):
    made_school, _ = made
    zoe, year, slt = made_school.pupils["Zoë O'Neill"], made_school.start_year, staff.identify("slt2")
    with pytest.raises(TargetChangeRefused, match=r"below the FFT Aspire estimate \(St 1 Developing\)"):
        targets.change_long_term(slt, zoe, reading(made_school), year, "St 1 Emerging", "Long absence")
    with pytest.raises(TargetChangeRefused, match="Give a reason"):
        targets.change_long_term(slt, zoe, reading(made_school), year, "St 1 Developing", "  ")
    assert len(rows(zoe)) == 2  # Reading and Maths from the small school: nothing added
    lowered = targets.change_long_term(slt, zoe, reading(made_school), year, "St 1 Developing", "Long absence")
    assert lowered.current.label == "St 1 Developing" and lowered.history[0].set_by == "Sam Senior"
    assert AuditEntry.select().where(AuditEntry.action == "target.lower").count() == 1


def test_bad_or_unchanged_targets_are_refused(made):
    made_school, _ = made
    zoe, year, teacher = made_school.pupils["Zoë O'Neill"], made_school.start_year, staff.identify("tester")
    with pytest.raises(TargetChangeRefused, match="is not a sub-stage"):
        targets.change_long_term(teacher, zoe, reading(made_school), year, "level 9", "")
    with pytest.raises(TargetChangeRefused, match="already St 1 Securing"):
        targets.change_long_term(teacher, zoe, reading(made_school), year, "1S", "")


def test_a_first_target_is_set_like_a_raise(made):
    made_school, _ = made
    zoe, year = made_school.pupils["Zoë O'Neill"], made_school.start_year
    writing = next(t.subject_id for t in targets.long_term_targets(zoe, year) if t.subject == "Writing")
    changed = targets.change_long_term(staff.identify("tester"), zoe, writing, year, "St 2 Securing", "")
    assert changed.current.label == "St 2 Securing"
    assert AuditEntry.select().where(AuditEntry.action == "target.set").count() == 1


def test_targets_listed_medium_first_with_achieved_worked_out(made):
    made_school, extras = made
    zoe = made_school.pupils["Zoë O'Neill"]
    from amtui.db.repo.school import half_term

    found = targets.pupil_targets(zoe, half_term(made_school.start_year, 4))
    assert [t.kind for t in found] == ["medium"] * 4 + ["personal"]
    by_ref = {t.ref: t for t in found if t.ref}
    assert by_ref["R2/1"].achieved_now and by_ref["R2/1"].effective_status == "achieved"
    assert not by_ref["R2/15"].achieved_now and by_ref["R2/15"].is_open
    assert found[-1].what == "Homework: Hand homework in on Fridays"


def test_add_and_close_targets_with_permissions(made):
    made_school, extras = made
    zoe, teacher = made_school.pupils["Zoë O'Neill"], staff.identify("tester")
    new = targets.add_target(teacher, zoe, "short", "Use a capital letter for names")
    assert Target.get_by_id(new).set_by_id == teacher.staff_id
    with pytest.raises(UserFacingError, match="agreed in the mentoring meeting"):
        targets.add_target(teacher, zoe, "medium", "x")
    with pytest.raises(UserFacingError, match="not an aspect"):
        targets.add_target(teacher, zoe, "personal", "x", aspect="singing")
    targets.set_status(teacher, extras.targets["W2/3"], "dropped")
    assert Target.get_by_id(extras.targets["W2/3"]).status == "dropped"
    other = staff.identify("jsmith")  # a teacher of 6R only
    with pytest.raises(NotAllowed, match="only for your own classes"):
        targets.set_status(other, extras.targets["W2/5"], "achieved")
    assert Target.get_by_id(extras.targets["W2/5"]).status == "open"
