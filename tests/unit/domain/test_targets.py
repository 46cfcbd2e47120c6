import pytest

from amtui.domain.roles import Role
from amtui.domain.targets import (Status, TargetChangeRefused, check_target_change,
                                  default_target, expected, status)


def test_default_target_is_baseline_plus_steps(scale):
    baseline = scale.parse("St 2 Emerging")
    assert default_target(baseline, None, scale, 3).label == "St 3 Ready"
    assert default_target(baseline, scale.parse("St 2 Securing"), scale, 3).label == \
        "St 3 Ready"


def test_default_target_takes_fft_when_higher(scale):
    baseline = scale.parse("St 2 Emerging")
    assert default_target(baseline, scale.parse("St 3 Emerging"), scale, 3).label == \
        "St 3 Emerging"
    assert default_target(baseline, None, scale, 4).label == "St 3 Emerging"


def test_expected_position_floors(scale):
    baseline, target = scale.parse("St 2 Ready"), scale.parse("St 2 Securing")  # 3 apart
    got = [expected(baseline, target, h, scale).label for h in range(1, 7)]
    # floor(3h/6): 0, 1, 1, 2, 2, 3
    assert got == ["St 2 Ready", "St 2 Emerging", "St 2 Emerging", "St 2 Developing",
                   "St 2 Developing", "St 2 Securing"]


def test_expected_floors_toward_minus_infinity_below_baseline(scale):
    baseline, target = scale.parse("St 3 Ready"), scale.parse("St 2 Securing")
    assert expected(baseline, target, 1, scale).label == "St 2 Securing"  # floor(-1/6)
    assert expected(baseline, baseline, 6, scale) == baseline


def test_expected_half_term_range(scale):
    with pytest.raises(ValueError):
        expected(scale.at(5), scale.at(8), 7, scale)
    with pytest.raises(ValueError):
        expected(scale.at(5), scale.at(8), 0, scale)


@pytest.mark.parametrize("offset, want", [
    (2, Status.ABOVE), (1, Status.ABOVE), (0, Status.ON_TARGET), (-1, Status.NEARLY),
    (-2, Status.NOT_ACHIEVING), (-5, Status.NOT_ACHIEVING),
])
def test_status_boundaries(scale, offset, want):
    exp = scale.parse("St 3 Developing")
    assert status(scale.plus(exp, offset), exp) is want


def test_status_labels_letters_colours():
    assert [s.label for s in Status] == ["Above", "On target", "Nearly there",
                                         "Not achieving"]
    assert [s.letter for s in Status] == ["A", "O", "N", "B"]
    assert [s.colour for s in Status] == ["green", "yellow", "red", "red"]


TEACHER = frozenset({Role.TEACHER})
SLT = frozenset({Role.SLT})


def test_teacher_may_raise(scale):
    check_target_change(scale.at(10), scale.at(12), None, TEACHER, "")


def test_ta_may_not_raise(scale):
    with pytest.raises(TargetChangeRefused):
        check_target_change(scale.at(10), scale.at(12), None, {Role.TA}, "")


def test_teacher_may_not_lower(scale):
    with pytest.raises(TargetChangeRefused, match="Only Senior leadership may lower a long-term target"):
        check_target_change(scale.at(12), scale.at(10), None, TEACHER, "moved sets")


def test_slt_may_lower_with_a_reason(scale):
    check_target_change(scale.at(12), scale.at(10), scale.at(10), SLT, "long absence")
    with pytest.raises(TargetChangeRefused, match="reason"):
        check_target_change(scale.at(12), scale.at(10), None, SLT, "   ")


def test_nobody_lowers_below_fft(scale):
    fft = scale.parse("St 3 Emerging")
    with pytest.raises(TargetChangeRefused, match=r"below the FFT Aspire estimate "
                                                  r"\(St 3 Emerging\)"):
        check_target_change(scale.parse("St 3 Securing"), scale.parse("St 3 Ready"),
                            fft, {Role.SLT, Role.ADMIN}, "reason")


def test_same_value_is_refused(scale):
    with pytest.raises(TargetChangeRefused, match="no change"):
        check_target_change(scale.at(10), scale.at(10), None, SLT, "x")


def test_one_rule_for_a_long_term_target(scale):
    from amtui.domain.targets import check_long_term_target

    p = scale.parse
    slt, admin = frozenset({Role.SLT}), frozenset({Role.ADMIN})
    base = p("St 2 Securing")
    for at_or_below in ("St 2 Securing", "St 2 Ready"):
        with pytest.raises(TargetChangeRefused, match=r"must be above the baseline \(St 2 Securing\)"):
            check_long_term_target(p(at_or_below), old=p("St 3 Developing"), baseline=base, fft=None,
                                   roles=slt, reason="absence", steps=3)
    with pytest.raises(TargetChangeRefused, match="Only Senior leadership may lower"):
        check_long_term_target(p("St 3 Emerging"), old=p("St 3 Developing"), baseline=base, fft=None,
                               roles=admin, reason="import", steps=3)
    with pytest.raises(TargetChangeRefused, match="below the FFT"):
        check_long_term_target(p("St 3 Emerging"), old=None, baseline=base, fft=p("St 3 Developing"),
                               roles=admin, reason="", steps=3)
    assert check_long_term_target(p("St 3 Developing"), old=p("St 3 Securing"), baseline=base, fft=None,
                                  roles=slt, reason="absence", steps=3) == ""  # 3 steps: no warning
    assert check_long_term_target(p("St 3 Emerging"), old=p("St 3 Developing"), baseline=base, fft=None,
                                  roles=slt, reason="absence", steps=3).startswith("St 3 Emerging is 2 steps")
    warning = check_long_term_target(p("St 3 Ready"), old=None, baseline=base, fft=None, roles=admin,
                                     reason="", steps=3)
    assert warning.startswith("St 3 Ready is 1 step above the baseline St 2 Securing, fewer than the 3")
