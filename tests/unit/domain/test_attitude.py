from dataclasses import replace

import pytest

from amtui.domain.attitude import ASPECTS, attendance_colour
from amtui.domain.ryg import RYG


def test_aspects():
    assert ASPECTS == ("attendance", "punctuality", "behaviour", "effort", "homework",
                       "uniform")


@pytest.mark.parametrize("percent, colour", [
    (100.0, RYG.GREEN), (96.0, RYG.GREEN), (95.9, RYG.YELLOW), (90.0, RYG.YELLOW),
    (89.9, RYG.RED), (0.0, RYG.RED),
])
def test_attendance_boundaries(settings, percent, colour):
    assert attendance_colour(percent, settings) is colour


def test_attendance_uses_settings(settings):
    assert attendance_colour(95.0, replace(settings, attendance_green_min=95.0)) is \
        RYG.GREEN


@pytest.mark.parametrize("percent", [-0.1, 100.1, float("nan")])
def test_attendance_out_of_range(settings, percent):
    with pytest.raises(ValueError):
        attendance_colour(percent, settings)
