"""import staff: logins, roles and their classes; re-import updates."""

from __future__ import annotations

import pytest

from amtui.db.models import ClassStaff, Staff
from amtui.db.repo.staff import identify
from amtui.domain.roles import Role
from amtui.imports import ImportFailed
from imports.builders import import_text, table_counts

HEADER = "Username,Name,Roles,Classes\n"


def test_staff_are_created_with_roles_and_linked_to_their_classes(school):
    result = import_text(school, "staff", HEADER + "lbrown,Lee Brown,Teacher; TA,2B;3c\n")
    assert result.created == 1
    user = identify("lbrown")
    assert user.name == "Lee Brown"
    assert user.roles == frozenset({Role.TEACHER, Role.TA})
    assert len(user.class_ids) == 2
    assert {link.role for link in ClassStaff.select()} == {"teacher"}


def test_a_re_import_updates_names_and_roles_without_duplicates(school):
    import_text(school, "staff", HEADER + "jsmith,Jo Smith,teacher;mentor,2B\n")
    result = import_text(school, "staff", HEADER + "jsmith,Joanne Smith,teacher;hod,2B\n")
    assert (result.created, result.updated) == (0, 1)
    assert Staff.select().where(Staff.username == "jsmith").count() == 1
    assert identify("jsmith").roles == frozenset({Role.TEACHER, Role.HOD})
    assert identify("jsmith").name == "Joanne Smith"
    assert ClassStaff.select().count() == 1


@pytest.mark.parametrize("row, reason", [
    ("lbrown,Lee Brown,teacher,5Z", "there is no class '5Z'"),
    ("lbrown,Lee Brown,wizard,", "roles: 'wizard' is not a role"),
    ("l brown,Lee Brown,teacher,", "username: 'l brown' is not a login name"),
])
def test_bad_rows_are_refused(school, row, reason):
    before = table_counts()
    with pytest.raises(ImportFailed) as caught:
        import_text(school, "staff", HEADER + row + "\n", name="s.csv")
    assert f"{school / 's.csv'}:2: {reason}" in str(caught.value)
    assert table_counts() == before
