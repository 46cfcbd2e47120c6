"""Nothing on a grid line runs together: a name that fills its column before a figure
is cut with "…" and a space; a header spanning blank columns is left whole."""

from __future__ import annotations

from amtui.ui.widgets.grid_cells import fitted


def test_a_name_filling_its_column_before_a_figure_is_cut_with_a_gap():
    line = "".join(fitted(["Kacper Fox-Pitt", "10 ", "3Dl "], [15, 3, 4]))
    assert line == "Kacper Fox-Pi… 10 3Dl "
    assert "Pitt10" not in line


def test_a_name_longer_than_its_column_always_ends_with_an_ellipsis():
    # Before a right-aligned figure (which starts with a space) it was cut unsaid.
    assert fitted(["Marie-Éléonore Ackroyd-Wiśniewska", " 96.3 G"], [22, 9]) == \
        ["Marie-Éléonore Ackro… ", " 96.3 G  "]


def test_a_text_before_a_blank_column_or_a_space_is_left_whole():
    assert fitted(["Last 3", "", "Newest"], [6, 6, 7]) == ["Last 3", "      ", "Newest "]
    assert fitted(["Zoë Éclair", " 9 "], [12, 3]) == ["Zoë Éclair  ", " 9 "]
    assert fitted(["Ana", "B"], [3, 1]) == ["Ana", "B"]  # too narrow to cut: as it was


def test_the_class_grid_gives_the_longest_name_its_space_first():
    from types import SimpleNamespace

    from amtui.ui.screens.grid.view import columns

    data = SimpleNamespace(pupils=[SimpleNamespace(name="Ava Li"), SimpleNamespace(name="Kacper Fox-Pitt")],
                           criteria=[])
    assert columns(data)[0].width == len("Kacper Fox-Pitt") + 1
    data.pupils.append(SimpleNamespace(name="Maximilian Featherstonehaugh"))
    assert columns(data)[0].width == 20  # the longest ends "…" rather than crowd the marks out
