"""The digits typed into a box of an entry grid before they are saved."""

from __future__ import annotations

from amtui.ui.typed_digits import TypedDigits


def test_a_digit_that_could_go_on_waits_in_its_box():
    typing = TypedDigits()
    typed = typing.type(3, "2", 25)
    assert (typed.complete, typed.error) == (False, "")
    assert typing.at(3) == "2" and typing.at(4) == "" and typing


def test_a_complete_score_leaves_the_box_empty_for_the_screen_to_save():
    typing = TypedDigits()
    typing.type(3, "2", 25)
    typed = typing.type(3, "3", 25)
    assert (typed.value, typed.complete) == (23, True)
    assert typing.at(3) == "" and not typing


def test_a_refused_digit_empties_the_box_and_says_why():
    typing = TypedDigits()
    typing.type((0, 1), "3", 30)
    typed = typing.type((0, 1), "5", 30)
    assert typed.error == "35 is more than 30, the most for this"
    assert not typing


def test_typing_in_another_box_starts_afresh():
    typing = TypedDigits()
    typing.type(1, "1", 25)
    typing.type(2, "2", 25)
    assert typing.at(1) == "" and typing.at(2) == "2"


def test_backspace_takes_back_one_character_of_this_box_only():
    typing = TypedDigits()
    typing.add(5, "9", 5)
    typing.add(5, "7", 5)
    assert not typing.backspace(4)
    assert typing.backspace(5) and typing.at(5) == "9"
    assert typing.backspace(5) and not typing
    assert not typing.backspace(5)


def test_a_figure_stops_growing_at_its_longest():
    typing = TypedDigits()
    for character in "97.55":
        typing.add(0, character, 4)
    assert typing.at(0) == "97.5"


def test_take_hands_over_the_text_and_empties_the_box():
    typing = TypedDigits()
    typing.add(0, "8", 5)
    assert typing.take(1) == "" and typing.at(0) == "8"
    assert typing.take(0) == "8" and not typing


def test_moving_away_drops_what_was_typed_and_says_where():
    typing = TypedDigits()
    typing.type(2, "1", 25)
    assert typing.drop(keep=2) is None and typing.at(2) == "1"
    assert typing.drop(keep=3) == (2, "1") and not typing
    assert typing.drop() is None


def test_forget_empties_only_its_own_box():
    typing = TypedDigits()
    typing.type(2, "1", 25)
    typing.forget(1)
    assert typing.at(2) == "1"
    typing.forget(2)
    assert not typing
