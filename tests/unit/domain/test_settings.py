from dataclasses import FrozenInstanceError, fields

import pytest

from amtui.domain.settings import SETTING_SPECS, Settings


def test_defaults():
    s = Settings()
    assert (s.target_steps, s.weekly_max, s.weekly_green_min, s.weekly_yellow_min) == \
        (3, 25, 21, 15)
    assert (s.weekly_tests_per_level, s.promotion_greens, s.promotion_consecutive) == \
        (15, 4, True)
    assert (s.attendance_green_min, s.attendance_yellow_min) == (96.0, 90.0)
    assert (s.meeting_every_half_terms, s.backup_keep, s.poll_seconds) == (1, 14, 1.0)


def test_frozen():
    with pytest.raises(FrozenInstanceError):
        Settings().weekly_max = 30  # type: ignore[misc]


def test_specs_cover_every_field_with_type_and_description():
    assert [spec.key for spec in SETTING_SPECS] == [f.name for f in fields(Settings)]
    by_key = {spec.key: spec for spec in SETTING_SPECS}
    assert by_key["promotion_consecutive"].type is bool
    assert by_key["attendance_green_min"].type is float
    assert by_key["weekly_max"].type is int and by_key["weekly_max"].default == 25
    assert all(spec.description for spec in SETTING_SPECS)


def test_round_trip():
    s = Settings(weekly_green_min=20, promotion_consecutive=False, poll_seconds=2.5)
    assert Settings.from_mapping(s.to_mapping()) == s
    assert s.to_mapping()["promotion_consecutive"] == "no"


def test_from_mapping_parses_text():
    s = Settings.from_mapping({"target_steps": " 4 ", "promotion_consecutive": "False",
                               "attendance_green_min": "97.5", "school_name": "ignored"})
    assert (s.target_steps, s.promotion_consecutive, s.attendance_green_min) == \
        (4, False, 97.5)
    assert Settings.from_mapping({"promotion_consecutive": "1"}).promotion_consecutive
    assert Settings.from_mapping({}) == Settings()


@pytest.mark.parametrize("key, value", [
    ("weekly_max", "twenty"), ("promotion_consecutive", "maybe"),
    ("attendance_green_min", "nan"), ("target_steps", "3.5"),
])
def test_from_mapping_names_the_bad_key_and_value(key, value):
    with pytest.raises(ValueError, match=f"{key}: '{value}'"):
        Settings.from_mapping({key: value})


def test_validate():
    Settings().validate()
    with pytest.raises(ValueError, match="weekly"):
        Settings(weekly_yellow_min=21).validate()
    with pytest.raises(ValueError, match="weekly"):
        Settings(weekly_green_min=26).validate()
    with pytest.raises(ValueError, match="attendance"):
        Settings(attendance_yellow_min=97.0).validate()
    with pytest.raises(ValueError, match="attendance"):
        Settings(attendance_green_min=101.0).validate()
    with pytest.raises(ValueError, match="promotion_greens"):
        Settings(promotion_greens=0).validate()
    with pytest.raises(ValueError):
        Settings.from_mapping({"weekly_yellow_min": "22"})


def test_the_print_queue_is_empty_by_default_and_read_as_a_name():
    assert Settings().print_queue == ""  # no queue: prints are files
    assert Settings.from_mapping({"print_queue": " Office-Printer "}).print_queue == "Office-Printer"
    assert Settings.from_mapping({"print_queue": ""}).print_queue == ""
    assert Settings(print_queue="Room_4.Laser@main").to_mapping()["print_queue"] == "Room_4.Laser@main"


@pytest.mark.parametrize("name", ["Office Printer", "office/laser", "a#b", "it's", "-d", "x" * 128, "tab\there"])
def test_a_print_queue_cups_could_not_have_is_refused_with_the_rule(name):
    with pytest.raises(ValueError, match=r"print_queue must be a CUPS queue name: at most 127 characters, "
                                         r"no spaces, slashes, quotes or #"):
        Settings.from_mapping({"print_queue": name})
