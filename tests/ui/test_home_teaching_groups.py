"""A secondary teacher's home screen: a teaching group counts its group members, and its
share on or above target is of the group's own subject only."""

from __future__ import annotations

from peewee import fn

from amtui.db.connection import read
from amtui.db.models import GroupMembership, Staff
from amtui.db.repo import home, school
from amtui.db.repo.staff import identify
from tests.ui.conftest import SECONDARY_TODAY


def test_a_teaching_group_on_the_home_screen_has_its_pupils_and_its_subjects_figures(secondary_demo):
    groups = {c.id: c for c in school.classes(2026, SECONDARY_TODAY) if c.subject_id is not None}
    members = dict(read(lambda: list(GroupMembership.select(GroupMembership.group, fn.COUNT(GroupMembership.id))
                                     .where(GroupMembership.end.is_null())
                                     .group_by(GroupMembership.group).tuples())))
    assert groups and all(info.pupils == members.get(gid, 0) for gid, info in groups.items())
    assert any(info.pupils >= 20 for info in groups.values())

    logins = read(lambda: [s.username for s in Staff.select(Staff.username)])
    teacher = next(u for u in (identify(login, SECONDARY_TODAY) for login in logins)
                   if u is not None and set(u.class_ids) & set(groups))
    ht = school.half_term(2026, 2)
    mine = [c for c in home.my_classes(teacher, ht, SECONDARY_TODAY) if c.id in groups]
    assert mine
    for group in mine:
        assert group.pupils == groups[group.id].pupils > 0
        # One subject: at most one assessed row a pupil (ten subjects gave ten a pupil);
        # a KS4 group has none (its grades come from the returns).
        assert group.share.assessed <= group.pupils
    assert any(group.share.assessed > 0 for group in mine)
