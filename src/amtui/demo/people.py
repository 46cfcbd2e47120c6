"""The demo school's calendar, staff, classes, pupils and mentors."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from amtui.db.demo_file import mark_demo
from amtui.db.models import (
    ClassMembership, ClassStaff, HalfTerm, MentorAssignment, Pupil, SchoolClass, Staff,
)
from amtui.db.repo.school import ensure_year, store_setting
from amtui.demo import names
from amtui.demo.common import ClassPlan, Demo, PupilPlan, bulk, day_in
from amtui.domain.characteristics import SEN_EHC_PLAN, SEN_NONE, SEN_SUPPORT
from amtui.domain.upn import with_check_letter

SCHOOL_NAME = "Hope Primary School (demo)"
PUPILS_PER_CLASS = (26, 30)
# UPN parts: a local authority code and a DfE establishment number (invented).
LA_CODE = "820"
ESTABLISHMENT = "2417"
# Characteristics, near a typical English primary's: SEN support ~15%, an EHC plan ~2%,
# a few looked-after children (pupil premium ~25% and EAL ~15% are drawn with the pupils).
EHC_PLAN_SHARE = 0.02
LOOKED_AFTER = 3


def username(name: str) -> str:
    """'Claire O'Brien' -> 'cobrien': first initial and surname, plain letters."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    first, *_, last = plain.split()
    return re.sub(r"[^a-z]", "", first[0] + last)


def build_school(demo: Demo) -> None:
    """Settings, the two academic years with their half-terms, and the demo label."""
    store_setting("school_name", SCHOOL_NAME)
    mark_demo()
    year = ensure_year(demo.start_year)
    last = ensure_year(demo.start_year - 1)
    demo.year_id = year.id
    demo.terms = list(HalfTerm.select().where(HalfTerm.year == year).order_by(HalfTerm.number))
    demo.last_terms = list(HalfTerm.select().where(HalfTerm.year == last).order_by(HalfTerm.number))


def _staff_list(login: str) -> list[tuple[str, str, str, str]]:
    """(key, username, name, roles) for everyone, the person running the demo last."""
    people = [("head", *names.HEAD[:2]), ("deputy", *names.DEPUTY[:2]),
              ("admin", *names.ADMIN[:2]), ("senco", *names.SENCO[:2])]
    for i, name in enumerate(names.CLASS_TEACHERS):
        # Year 5's teacher leads maths; Year 6's heads upper Key Stage 2.
        extra = {5: ";hod", 6: ";hoy"}.get(i, "")
        people.append((f"teacher{i}", name, "teacher;mentor" + extra))
    people += [(f"ta{i}", name, "ta") for i, name in enumerate(names.TEACHING_ASSISTANTS)]
    rows = [(key, username(name), name, roles) for key, name, roles in people]
    mine = next((row for row in rows if row[1] == login), None)
    if mine is None:
        rows.append(("you", login, names.YOU_NAME, names.YOU_ROLES))
    else:
        # The login is one of the invented staff: give that person the demo's powers.
        merged = sorted(set(mine[3].split(";")) | set(names.YOU_ROLES.split(";")))
        rows[rows.index(mine)] = (mine[0], mine[1], mine[2], ";".join(merged))
    return rows


def build_staff_and_classes(demo: Demo) -> None:
    people = _staff_list(demo.login)
    ids = bulk(Staff, [{"username": u, "name": n, "roles": r} for _, u, n, r in people])
    demo.staff = {key: staff_id for (key, *_), staff_id in zip(people, ids)}
    you = demo.staff.get("you") or ids[[p[1] for p in people].index(demo.login)]
    demo.staff["you"] = you
    class_ids = bulk(SchoolClass, [
        {"name": name, "year_group": yg, "academic_year": demo.year_id}
        for yg, name in enumerate(names.CLASS_NAMES)])
    # Five TAs for seven classes: the youngest get most help.
    ta_classes = {0: [0, 4], 1: [1], 2: [2], 3: [2], 4: [3], 5: [3], 6: [4]}
    for yg, (class_id, name) in enumerate(zip(class_ids, names.CLASS_NAMES)):
        tas = [demo.staff[f"ta{i}"] for i in ta_classes[yg]]
        demo.classes.append(ClassPlan(class_id, name, yg, demo.staff[f"teacher{yg}"], tas))
    links = set()
    for plan in demo.classes:
        links.add((plan.id, plan.teacher, "teacher"))
        links.update((plan.id, ta, "ta") for ta in plan.tas)
    links.add((demo.classes[4].id, you, "teacher"))  # the demo's user teaches Year 4
    unique = {(c, s): r for c, s, r in sorted(links, key=lambda l: l[2] == "teacher")}
    bulk(ClassStaff, [{"school_class": c, "staff": s, "role": r}
                      for (c, s), r in sorted(unique.items())])


def _birthday(rng, start_year: int, year_group: int) -> dt.date:
    # Children in Year y of the year starting 1 Sept Y were born Sept Y-5-y to Aug Y-4-y.
    first = dt.date(start_year - 5 - year_group, 9, 1)
    return first + dt.timedelta(days=rng.randrange(365))


def build_pupils(demo: Demo) -> None:
    rng = demo.rng("pupils")
    used_names: set[tuple[str, str]] = set()
    rows, plans = [], []
    for index, plan in enumerate(demo.classes):
        serials = rng.sample(range(1, 1000), PUPILS_PER_CLASS[1])
        joined = (demo.start_year - plan.year_group) % 100
        for n in range(rng.randint(*PUPILS_PER_CLASS)):
            while True:
                pair = (rng.choice(names.FORENAMES), rng.choice(names.SURNAMES))
                if pair not in used_names:
                    used_names.add(pair)
                    break
            ability = rng.gauss(0, 1)
            sen = rng.random() < (0.55 if ability < -1.0 else 0.06)
            rows.append({
                "upn": with_check_letter(f"{LA_CODE}{ESTABLISHMENT}{joined:02d}{serials[n]:03d}"),
                "forename": pair[0], "surname": pair[1],
                "dob": _birthday(rng, demo.start_year, plan.year_group),
                "year_group": plan.year_group, "school_class": plan.id,
                "sen_status": SEN_SUPPORT if sen else SEN_NONE,
                "gender": "F" if pair[0] in names.GIRLS else "M", "looked_after": False,
                "pupil_premium": rng.random() < 0.25, "eal": rng.random() < 0.15,
                "extra_meetings": rng.random() < (0.25 if sen else 0.01),
                "left_on": None,
            })
            plans.append(PupilPlan(
                id=0, class_index=index, year_group=plan.year_group, ability=ability,
                progress=rng.gauss(0, 1), attitude=0.5 * ability + rng.gauss(0, 0.85),
                sen=sen, extra_meetings=rows[-1]["extra_meetings"], mentors=[]))
    _characteristics(demo, rows)
    for plan, pupil_id in zip(plans, bulk(Pupil, rows)):
        plan.id = pupil_id
    bulk(ClassMembership, [{"pupil": plan.id, "academic_year": demo.year_id, "school_class": row["school_class"],
                            "year_group": row["year_group"]} for plan, row in zip(plans, rows)])
    demo.pupils = plans
    _assign_mentors(demo, rng)


def _characteristics(demo: Demo, rows: list[dict]) -> None:
    """Some pupils with SEN have an EHC plan, a few are looked after: drawn apart from the
    pupils' own draws, so the demo's pupils, marks and meetings stay as they were."""
    rng = demo.rng("characteristics")
    with_sen = [row for row in rows if row["sen_status"] == SEN_SUPPORT]
    for row in rng.sample(with_sen, min(len(with_sen), round(EHC_PLAN_SHARE * len(rows)))):
        row["sen_status"] = SEN_EHC_PLAN
    for row in rng.sample(rows, min(len(rows), LOOKED_AFTER)):
        row["looked_after"] = row["pupil_premium"] = True  # looked after: pupil premium plus


def _assign_mentors(demo: Demo, rng) -> None:
    """Class teachers mentor their class (Year 4 shares with the demo's user);
    two pupils changed mentor this year, so the history shows."""
    start = demo.terms[0].start
    for n, pupil in enumerate(p for p in demo.pupils if p.year_group == 4):
        if n % 2 == 0:
            pupil.mentors.append((demo.staff["you"], start))
    for pupil in demo.pupils:
        if not pupil.mentors:
            pupil.mentors.append((demo.class_of(pupil).teacher, start))
    # Mid-year: early in HT2, or late in HT1 while HT2 has not begun.
    if demo.today >= demo.terms[1].start:
        changed_on = day_in(demo.terms[1], 0.05, 0.2, demo.today, rng)
    else:
        changed_on = day_in(demo.terms[0], 0.6, 0.8, demo.today, rng)
    for year_group, new in ((5, "deputy"), (6, "senco")):
        pupil = rng.choice([p for p in demo.pupils if p.year_group == year_group])
        pupil.mentors.append((demo.staff[new], changed_on))
    rows = []
    for pupil in demo.pupils:
        for i, (mentor, since) in enumerate(pupil.mentors):
            until = pupil.mentors[i + 1][1] if i + 1 < len(pupil.mentors) else None
            rows.append({"pupil": pupil.id, "mentor": mentor, "start": since, "end": until,
                         "reason": names.MENTOR_CHANGE_REASON if i else ""})
    bulk(MentorAssignment, rows)
