"""Intervention effectiveness: steps gained, crosses on aims, the verdict."""

from amtui.domain.interventions import Outcome, effect, steps_gained
from amtui.domain.scale import default_scale

SCALE = default_scale()


def test_steps_gained_from_start_to_end():
    assert steps_gained(SCALE.parse("St 2 Emerging"), SCALE.parse("St 2 Securing")) == 2
    assert steps_gained(SCALE.parse("St 2 Emerging"), SCALE.parse("St 2 Ready")) == -1
    assert steps_gained(None, SCALE.parse("St 2 Ready")) is None


def test_excelled_by_steps_or_by_crossing_every_aim():
    assert Outcome(2, 0, 3).excelled
    assert Outcome(0, 3, 3).excelled
    assert Outcome(None, 2, 2).excelled
    assert not Outcome(1, 2, 3).excelled
    assert not Outcome(-1, 3, 3).excelled  # went backwards: crosses alone do not excuse it
    assert not Outcome(None, 0, 0).excelled
    assert Outcome(2, 1, 3).text == "+2 steps, 1/3 aims crossed"
    assert Outcome(None, 0, 0).text == "no sub-stage to compare"


def test_effect_averages_and_verdicts_from_ended_assignments():
    mixed = effect("Big Maths", [(Outcome(3, 2, 2), False), (Outcome(0, 0, 2), True)])
    assert (mixed.assignments, mixed.running, mixed.measured) == (2, 1, 2)
    assert (mixed.mean_steps, mixed.mean_crosses, mixed.excelled) == (1.5, 1.0, 1)
    assert mixed.ended_steps == 3.0 and mixed.verdict == "effective"  # the running one is not judged
    assert effect("A", [(Outcome(1, 0, 0), False), (Outcome(0, 0, 0), False)]).verdict == "some effect"
    assert effect("B", [(Outcome(0, 0, 0), False), (Outcome(-1, 0, 0), False)]).verdict == "ineffective"
    assert effect("C", [(Outcome(None, 0, 0), True)]).verdict == "too early"
    unused = effect("D", [])
    assert (unused.verdict, unused.mean_steps, unused.mean_crosses) == ("not used", None, None)
