"""SLT monitoring sums: status shares, support reasons, ability groups."""

from amtui.domain.monitoring import MentorFigures, ability_groups, shares, support_reasons
from amtui.domain.scale import default_scale
from amtui.domain.targets import Status

SCALE = default_scale()


def test_shares_count_each_status_and_skip_the_unassessed():
    found = shares([Status.ABOVE, Status.ON_TARGET, Status.ON_TARGET, Status.NEARLY, None,
                    Status.NOT_ACHIEVING])
    assert found.counts == (1, 2, 1, 1) and found.total == 5 and found.on_or_above == 3
    assert found.percent(Status.ON_TARGET) == 40
    assert shares([None]).percent(Status.ABOVE) is None


def test_average_meeting_length():
    figures = MentorFigures(1, "A", 3, 2, 1, 0, (15, 20), shares([]))
    assert figures.average_minutes == 18
    assert MentorFigures(1, "A", 3, 0, 1, 0, (), shares([])).average_minutes is None


def test_support_reasons_name_each_cause():
    assert support_reasons([], [], False, []) == []
    assert support_reasons(["Maths", "Writing"], ["homework"], True, ["Big Maths"]) == [
        "below target in Maths, Writing", "red attitude: homework", "missed mentoring meeting",
        "no gain from Big Maths"]


def test_ability_groups_highest_first():
    groups = ability_groups({"Cy": SCALE.parse("2E"), "Al": SCALE.parse("2D"), "Bo": SCALE.parse("2E")})
    assert [(sub.label, names) for sub, names in groups] == [
        ("St 2 Developing", ["Al"]), ("St 2 Emerging", ["Bo", "Cy"])]
