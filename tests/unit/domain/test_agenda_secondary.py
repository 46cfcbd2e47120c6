"""A secondary pupil's preparation list: their subjects' latest returns against target, the
concerns, attitude only where the school records it; no primary item."""

from amtui.db.repo.concerns import LatestReturn
from amtui.domain import agenda
from amtui.domain.agenda import PreparationFacts

PRIMARY_ONLY = {"latest_assessments", "criteria_updated", "substage_assigned", "tracking_updated",
                "progress_coloured", "records_up_to_date", "liaised_with_tas"}


def year11(*returns, attitude=True, attendance=False, unreviewed=()) -> PreparationFacts:
    return PreparationFacts("HT2", (), attendance, tuple(unreviewed), secondary=True,
                            returns=tuple(returns), records_attitude=attitude)


def test_a_secondary_pupils_list_has_no_primary_item_and_asks_attendance_only_where_recorded():
    keys = [r.item.key for r in agenda.preparation(year11(LatestReturn("Maths", "5", "6", True)), {})]
    assert keys == ["returns_in", "grades_targeted", "concerns_discussed", "interventions_reviewed",
                    "liaised_with_staff", "rewards_up_to_date", "attendance_figures"]
    unrecorded = agenda.preparation(year11(LatestReturn("Maths", "5", "6", True), attitude=False), {})
    assert "attendance_figures" not in {r.item.key for r in unrecorded}
    assert not PRIMARY_ONLY & {r.item.key for r in unrecorded}


def test_the_returns_tick_the_secondary_checks_and_say_what_is_missing():
    complete = agenda.auto_checks(year11(LatestReturn("Maths", "5", "6", True),
                                         LatestReturn("Art", "6", "6", False), attendance=True))
    assert all(c.done for c in complete.values())
    gaps = agenda.auto_checks(year11(LatestReturn("Maths", "5", "", False), LatestReturn("PE", "B", "", True),
                                     unreviewed=["Maths catch-up (ended 20 Nov)"]))
    assert gaps["returns_in"].done
    assert gaps["grades_targeted"].missing == "Maths, PE: no target"
    assert gaps["interventions_reviewed"].missing.startswith("Maths catch-up")
    assert gaps["attendance_figures"].missing == "no attendance percentage for HT2"
    none = agenda.auto_checks(year11())
    assert none["returns_in"].missing == none["grades_targeted"].missing == "no progress return yet"


def test_a_primary_pupils_list_is_unchanged_and_every_item_can_be_saved():
    primary = PreparationFacts("HT2", (), True, ())
    assert [r.item for r in agenda.preparation(primary, {})] == list(agenda.CHECKS)
    assert set(agenda.CHECK_ITEMS) == {c.key for c in agenda.CHECKS + agenda.SECONDARY_CHECKS}
    assert all(agenda.CHECK_ITEMS[c.key] is c for c in agenda.SECONDARY_CHECKS)
