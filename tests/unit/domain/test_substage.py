import pytest

from amtui.domain.substage import Placement, cutoffs, move_due, place


def test_seed_cutoffs_for_30():
    assert cutoffs(30) == (8, 16, 24)


def test_scaled_cutoffs_for_20_and_24():
    assert cutoffs(20) == (5, 11, 16)   # 5.33, 10.67, 16
    assert cutoffs(24) == (6, 13, 19)   # 6.4, 12.8, 19.2


def test_override_wins_and_is_checked():
    assert cutoffs(30, (10, 18, 26)) == (10, 18, 26)
    with pytest.raises(ValueError):
        cutoffs(30, (10, 9, 26))
    with pytest.raises(ValueError):
        cutoffs(30, (10, 18, 31))
    with pytest.raises(ValueError):
        cutoffs(0)


def test_seed_example_14_crosses(scale):
    p = place(14, 2, 30, scale)
    assert p == Placement(scale.parse("St 2 Developing"), "mid", 14, 30, 3)
    assert place(17, 2, 30, scale).substage.label == "St 2 Securing"
    assert place(17, 2, 30, scale).position == "low"


@pytest.mark.parametrize("crosses, label, position, to_next", [
    (0, "St 2 Ready", None, 1),
    (1, "St 2 Emerging", "low", 8),
    (3, "St 2 Emerging", "low", 6),
    (4, "St 2 Emerging", "mid", 5),
    (6, "St 2 Emerging", "mid", 3),
    (7, "St 2 Emerging", "high", 2),
    (8, "St 2 Emerging", "high", 1),
    (9, "St 2 Developing", "low", 8),
    (16, "St 2 Developing", "high", 1),
    (17, "St 2 Securing", "low", 8),
    (24, "St 2 Securing", "high", 1),
    (25, "St 3 Ready", None, None),
    (30, "St 3 Ready", None, None),
])
def test_30_bank_boundaries(scale, crosses, label, position, to_next):
    p = place(crosses, 2, 30, scale)
    assert (p.substage.label, p.position, p.crosses_to_next) == (label, position, to_next)


def test_20_bank_uses_scaled_cutoffs(scale):
    assert place(5, 1, 20, scale).substage.label == "St 1 Emerging"
    assert place(6, 1, 20, scale).substage.label == "St 1 Developing"
    assert place(16, 1, 20, scale).substage.label == "St 1 Securing"
    assert place(17, 1, 20, scale).substage.label == "St 2 Ready"


def test_override_moves_the_boundaries(scale):
    p = place(9, 2, 30, scale, override=(10, 18, 26))
    assert p.substage.label == "St 2 Emerging"
    assert place(26, 2, 30, scale, override=(10, 18, 26)).substage.label == \
        "St 2 Securing"


def test_tiny_bank_skips_empty_bands_and_full_bank_moves_on(scale):
    p = place(0, 4, 1, scale)
    assert (p.substage.label, p.crosses_to_next) == ("St 4 Ready", 1)
    assert place(1, 4, 1, scale).substage.label == "St 5 Ready"
    assert place(2, 4, 2, scale).substage.label == "St 5 Ready"
    assert place(30, 2, 30, scale, override=(10, 18, 30)).substage.label == "St 3 Ready"


def test_stage_7_bank_reaches_st_8_ready(scale):
    assert place(30, 7, 30, scale).substage.label == "St 8 Ready"


def test_bad_counts_are_refused(scale):
    with pytest.raises(ValueError):
        place(31, 2, 30, scale)
    with pytest.raises(ValueError):
        place(-1, 2, 30, scale)
    with pytest.raises(ValueError):
        place(0, 8, 30, scale)


def test_move_due(scale):
    assert move_due(place(25, 2, 30, scale), 2)
    assert not move_due(place(24, 2, 30, scale), 2)
    assert not move_due(place(0, 2, 30, scale), 2)


def test_thirds_boundaries_in_a_band_of_six(scale):
    # 24-bank Emerging is 1-6 (s=6): i=0,1 low; i=2,3 mid; i=4,5 high.
    got = [place(c, 2, 24, scale).position for c in range(1, 7)]
    assert got == ["low", "low", "mid", "mid", "high", "high"]
    assert place(7, 2, 24, scale).substage.label == "St 2 Developing"
