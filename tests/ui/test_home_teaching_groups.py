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


async def test_a_tutor_groups_share_shows_whole_in_my_classes_at_80_columns(secondary_demo, wait_until):
    # "71% (212/300" ran off the panel: a tutor group's share is over all its subjects.
    from textual.widgets import DataTable

    from amtui.db.models import ClassStaff, SchoolClass
    from amtui.ui.app import AmtuiApp
    from meeting_pilot import screen_text

    tutor = read(lambda: Staff.select(Staff.username).join(ClassStaff).join(SchoolClass)
                 .where(SchoolClass.name == "9B").scalar())
    app = AmtuiApp(secondary_demo, tutor, today=SECONDARY_TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.screen.query("#classes")
                         and app.screen.query_one("#classes", DataTable).row_count, timeout=15)
        await pilot.pause()
        ht = school.half_term(2026, 2)
        mine = {c.name: c for c in home.my_classes(identify(tutor, SECONDARY_TODAY), ht, SECONDARY_TODAY)}
        shown = screen_text(app).splitlines()
        for name in ("9B", next(n for n in mine if "/" in n)):  # the tutor group, and a teaching group
            share = mine[name].share
            text = share.text if len(share.text) <= 11 else f"{share.percent}%"
            line = next((line for line in shown if line[2:].startswith(f"{name} ")), None)
            inside = line[1:37].rstrip(" ▁▂▃▄▅▆▇█▎▊▋▌▍▏") if line else ""  # the panel, less its scrollbar
            assert inside.endswith(text), (name, "\n".join(shown))
        assert len(mine["9B"].share.text) > 11  # the case this is about
