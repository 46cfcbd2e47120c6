import pytest

from amtui.domain.codes import Code
from amtui.domain.ryg import MARKING_KEY, RYG, parse_ryg


@pytest.mark.parametrize("text, rating", [
    ("r", RYG.RED), ("Y", RYG.YELLOW), ("g", RYG.GREEN), ("Red", RYG.RED),
    (" yellow ", RYG.YELLOW), ("GREEN", RYG.GREEN),
])
def test_parse_ryg(text, rating):
    assert parse_ryg(text) is rating


def test_parse_ryg_refuses():
    with pytest.raises(ValueError):
        parse_ryg("amber")


def test_ryg_is_dot_line_cross():
    assert [r.to_code() for r in RYG] == [Code.DOT, Code.LINE, Code.CROSS]
    assert [r.colour for r in RYG] == ["red", "yellow", "green"]
    assert [r.label for r in RYG] == ["Red", "Yellow", "Green"]


def test_marking_key():
    assert [row.rating for row in MARKING_KEY] == [RYG.RED, RYG.YELLOW, RYG.GREEN]
    rating, grades, descriptors = MARKING_KEY[2]
    assert grades == ("very good", "excellent")
    assert "go!" in descriptors
    assert "stop and get help" in MARKING_KEY[0].descriptors
