"""The interventions bank and its effectiveness across the school."""

from __future__ import annotations

import datetime as dt

import pytest

from amtui.db.connection import write
from amtui.db.models import AuditEntry, Criterion, CriterionMark, HalfTerm, InterventionAssignment, InterventionCriterion
from amtui.db.repo import interventions
from amtui.db.repo import school as school_repo
from amtui.db.repo.staff import identify
from amtui.domain.errors import UserFacingError
from amtui.domain.permissions import NotAllowed


def test_only_slt_and_admin_maintain_the_bank(school):
    with pytest.raises(NotAllowed, match="Only"):
        interventions.save_intervention(identify("tester"), None, "Reading buddies", None, "")
    head = identify("head")
    made = interventions.save_intervention(head, None, "  Reading   buddies ", None, "Paired reading")
    assert [i.name for i in interventions.bank() if i.id == made] == ["Reading buddies"]
    with pytest.raises(UserFacingError, match="already an intervention called 'Big Maths'"):
        interventions.save_intervention(head, None, "big maths", None, "")
    with pytest.raises(UserFacingError, match="name"):
        interventions.save_intervention(head, made, " ", None, "")
    interventions.set_active(head, made, False)
    assert made not in {i.id for i in interventions.bank()}
    assert made in {i.id for i in interventions.bank(include_inactive=True)}
    assert AuditEntry.select().where(AuditEntry.action == "intervention.active").count() == 1


def test_effectiveness_is_steps_and_crosses_gained(school):
    """Big Maths (Zoë, ended yesterday): St 2 Ready -> Maths now 2E, +1 step; its aim M2/1
    was X before it began, so no cross gained. LRC support (any subject: its aims make it
    Reading) for Adam gains a cross on R2/21 and a step, St 2 Developing -> his 2S."""
    adam = school.pupils["Adam Ash"]
    ht3, ht4 = (school_repo.half_term(school.start_year, n) for n in (3, 4))

    def add() -> None:
        made = InterventionAssignment.create(intervention=school.ids["LRC small group support"], pupil=adam,
                                             start=ht3.start + dt.timedelta(days=3),
                                             start_substage="St 2 Developing")
        aim = Criterion.get(Criterion.ref == "R2/21")
        InterventionCriterion.create(assignment=made, criterion=aim)
        CriterionMark.create(pupil=adam, criterion=aim, half_term=HalfTerm.get_by_id(ht4.id), code="X")

    write(add)
    rows = {r.intervention.name: r for r in interventions.effectiveness(school.today)}
    big = rows["Big Maths"].effect
    assert (big.assignments, big.running, big.measured) == (1, 0, 1)
    assert (big.mean_steps, big.mean_crosses, big.excelled, big.verdict) == (1.0, 0.0, 0, "effective")
    lrc = rows["LRC small group support"].effect
    assert (lrc.assignments, lrc.running, lrc.measured) == (1, 1, 1)
    assert (lrc.mean_steps, lrc.mean_crosses, lrc.excelled) == (1.0, 1.0, 1)
    assert lrc.verdict == "too early"  # still running
    assert rows["Grammar Hammer"].effect.assignments == 0
    assert rows["Grammar Hammer"].effect.verdict == "not used"
    adams = interventions.assignments([adam])
    assert adams[0].subject == "Reading" and adams[0].aims[0][1] == "R2/21"


def test_loading_the_shipped_bank_adds_only_what_is_missing(school):
    head = identify("head")
    with pytest.raises(NotAllowed):
        interventions.load_shipped(identify("tester"))
    added = interventions.load_shipped(head)
    names = {i.name for i in interventions.bank()}
    assert {"Big Maths", "Grammar Hammer", "Key word spelling", "LRC small group support",
            "Prompt sheets", "Precision teaching"} <= names
    assert added == len(names) - 5  # the five the fixture had are not added twice
    assert interventions.load_shipped(head) == 0
    homework = next(i for i in interventions.bank() if i.name == "Homework club")
    assert homework.subject == "" and homework.description
