"""The person's keys: a keymap in the config file, ``?`` showing the keys in force, and the
palette offering the screen's own actions (Pilot at 80x24, on the small school)."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets import OptionList

from amtui import config
from amtui.db.models import Criterion, CriterionMark
from amtui.db.repo import school as school_repo
from amtui.ui.app import AmtuiApp
from amtui.ui.dialogs.keys import KeysScreen
from amtui.ui.screens.grid.class_grid import ClassGridScreen
from amtui.ui.screens.home.home import HomeScreen
from amtui.ui.screens.pupil.finder import PupilFinderScreen

SIZE = (80, 24)


def keys_from_file(monkeypatch, tmp_path, text: str) -> tuple[dict[str, str], list[str]]:
    conf = tmp_path / "config.toml"
    conf.write_text(text)
    monkeypatch.setenv("AMTUI_CONFIG", str(conf))
    return config.keymap()


def open_grid(school, keymap=({}, [])) -> AmtuiApp:
    keys, problems = keymap
    return AmtuiApp(school.opened, "tester", screen="class_grid", today=school.today,
                    screen_args={"class_name": "4B", "subject": "Reading"},
                    keymap=keys, keymap_problems=problems)


async def grid_ready(pilot, wait_until) -> ClassGridScreen:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ClassGridScreen) and pilot.app.screen.data)
    return pilot.app.screen


def current_code(school, pupil: str, ref: str) -> str | None:
    criterion = Criterion.get(Criterion.ref == ref)
    ht = school_repo.current_half_term(school.today)
    row = (CriterionMark.select().where(CriterionMark.pupil == school.pupils[pupil],
                                        CriterionMark.criterion == criterion,
                                        CriterionMark.half_term == ht.id)
           .order_by(CriterionMark.id.desc()).first())
    return row.code if row else None


async def test_a_keymap_in_the_config_file_moves_a_grid_key_and_help_shows_it(
        school, monkeypatch, tmp_path, wait_until, text_of):
    keymap = keys_from_file(monkeypatch, tmp_path, '[keymap]\n"grid.set_partly" = "k"\n')
    app = open_grid(school, keymap)
    async with app.run_test(size=SIZE) as pilot:
        screen = await grid_ready(pilot, wait_until)
        before = current_code(school, "Adam Ash", "R2/1")
        await pilot.press("full_stop")  # the old key no longer marks
        await screen.db.idle()
        assert current_code(school, "Adam Ash", "R2/1") == before != "."
        await pilot.press("k")
        await screen.db.idle()
        assert current_code(school, "Adam Ash", "R2/1") == "."
        assert screen.grid.cursor == (0, 5)  # one mark, and the cursor moved on once
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, KeysScreen))
        rows = text_of(app.screen.query_one("#keys-table")).splitlines()
        assert "k | Partly | grid.set_partly | " in rows
        assert not any(row.startswith(". | Partly") for row in rows)


async def test_the_find_key_moved_by_an_unquoted_id(school, monkeypatch, tmp_path, wait_until, text_of):
    keys, problems = keys_from_file(monkeypatch, tmp_path, '[keymap]\napp.find = "n"\n')
    assert (keys, problems) == ({"app.find": "n"}, [])
    app = AmtuiApp(school.opened, "tester", today=school.today, keymap=keys)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, PupilFinderScreen))


async def test_an_unknown_id_and_a_clash_are_each_said_once(school, monkeypatch, tmp_path, wait_until,
                                                         notifications):
    keymap = keys_from_file(monkeypatch, tmp_path,
                            '[keymap]\n"grid.set_partyl" = "k"\n"grid.undo" = "x"\n"grid.fill" = 5\n')
    app = open_grid(school, keymap)
    notices = notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await grid_ready(pilot, wait_until)
        await wait_until(pilot, lambda: any("grid.set_partyl" in message for _, message in notices))
        await pilot.press("x", "x")
        await pilot.pause()
        warnings = [message for severity, message in notices if severity == "warning"]
        assert sum("grid.set_partyl" in message for message in warnings) == 1
        assert sum("grid.fill" in message for message in warnings) == 1  # not a key string
        clash = [message for message in warnings if "two things" in message]
        assert len(clash) == 1 and "x: grid.mark, grid.undo" in clash[0]
        assert app.return_code is None


async def test_the_palette_lists_the_screens_actions_and_runs_one(school, wait_until):
    app = open_grid(school)
    async with app.run_test(size=SIZE) as pilot:
        screen = await grid_ready(pilot, wait_until)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        options = app.screen.query_one("CommandList", OptionList)
        await wait_until(pilot, lambda: options.option_count >= 4)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(p.startswith("Undo\n") and "u" in p for p in prompts)  # with its key
        assert not any(p.startswith("Up\n") for p in prompts)  # the grid's arrows are not offered
        await pilot.press(*"partly")
        await wait_until(pilot, lambda: options.option_count >= 1
                         and str(options.get_option_at_index(0).prompt).startswith("Partly"))
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_until(pilot, lambda: not screen.db.busy
                         and current_code(school, "Adam Ash", "R2/1") == ".")


async def test_the_direction_key_is_one_id_and_the_footer_says_the_direction(school, wait_until, notifications):
    app = open_grid(school, ({"grid.direction": "D"}, []))
    notices = notifications(app)

    def footer_says() -> str:
        return " ".join(key.description for key in app.screen.query("FooterKey") if key.key == "D")

    async with app.run_test(size=SIZE) as pilot:
        screen = await grid_ready(pilot, wait_until)
        title = screen.query_one("#grid-title")
        await wait_until(pilot, lambda: footer_says() == "Across→")
        await pilot.press("d")
        await pilot.pause()
        assert "down" not in str(title.render())
        await pilot.press("D")
        await wait_until(pilot, lambda: "down" in str(title.render()) and footer_says() == "Down↓")
        assert screen.grid.direction == "down"
        await pilot.press("D")
        await wait_until(pilot, lambda: "down" not in str(title.render()) and footer_says() == "Across→")
        assert not [message for severity, message in notices if severity == "warning"]
