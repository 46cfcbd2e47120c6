"""Opening the class grid from the chooser in a secondary school: the class list offers the
classes and tutor groups and the chosen subject's teaching groups only."""

from __future__ import annotations

from amtui.db.models import SchoolClass
from amtui.ui.app import AmtuiApp
from tests.returns_school import TODAY, seed_returns_school, subject_id


def listed(picker) -> list[str]:
    return [str(picker.get_option_at_index(n).prompt).split(" (")[0] for n in range(picker.option_count)]


async def test_a_history_teacher_is_offered_historys_groups_not_maths(opened, tmp_path, wait_until):
    from amtui.ui.dialogs.class_subject import ClassSubjectChooser
    from amtui.ui.screens.grid.class_grid import ClassGridScreen
    from amtui.ui.widgets.class_picker import ClassPicker

    seed_returns_school(tmp_path)
    app = AmtuiApp(opened, "hist1", screen="class_grid", today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ClassSubjectChooser)
                         and app.screen.query_one("#choose-subject").option_count == 2
                         and app.screen.query_one(ClassPicker).option_count
                         and app.screen.query_one(ClassPicker).subject_id == subject_id("Maths"))
        subjects, picker = app.screen.query_one("#choose-subject"), app.screen.query_one(ClassPicker)
        assert subjects.get_option_at_index(0).id == "Maths"
        assert listed(picker) == ["10A", "10A/Ma1", "11A", "11A/Ma1", "11A/Ma2"]
        await pilot.press("down")  # History
        await wait_until(pilot, lambda: "11A/Hi1" in listed(picker))
        assert listed(picker) == ["11A/Hi1", "10A", "11A"]  # their own group first, no Maths group
        history_groups = {name for (name,) in SchoolClass.select(SchoolClass.name)
                          .where(SchoolClass.subject == subject_id("History")).tuples()}
        assert history_groups == {"11A/Hi1"}
        await pilot.press("enter", "enter")  # History, then 11A/Hi1
        await wait_until(pilot, lambda: isinstance(app.screen, ClassGridScreen) and app.screen.data)
        assert (app.screen.data.school_class.name, app.screen.data.subject.name) == ("11A/Hi1", "History")
