"""The one table of pupil-list headers as MIS exports write them, and ``--map`` files.

SIMS, Arbor and Bromcom each name the same columns their own way ("Legal Surname",
"Student UPN", "Registration Form", "Tutor Group"); a header is matched ignoring case,
spaces, underscores and hyphens (``reader.column_key``). A school's other headers are
mapped with ``--map FILE``: a two-column CSV, their header then our field (or
``ignore``).

Which name wins: a non-empty preferred forename (or surname) is the name amtui shows,
since teachers, pupils and parents use it; the legal name is used where there is none.

Standard library only, like ``base``: ``amtui --help`` may read it.
"""

from __future__ import annotations

import re

IGNORE = "ignore"
"""A ``--map`` target that drops a column (when two columns would give one field)."""

MIS_HEADERS: dict[str, tuple[str, ...]] = {
    "upn": ("UPN", "Student UPN", "Pupil UPN", "Unique Pupil Number"),
    "surname": ("Surname", "Legal Surname", "Last Name", "Legal Last Name", "Family Name",
                "Student Surname", "Pupil Surname"),
    "forename": ("Forename", "Legal Forename", "First Name", "Legal First Name", "Given Name",
                 "Student Forename", "Pupil Forename"),
    "preferred_surname": ("Preferred Surname", "Preferred Last Name"),
    "preferred_forename": ("Preferred Forename", "Preferred First Name", "Preferred Name",
                           "Known As", "Chosen Name"),
    "dob": ("DOB", "Date of Birth", "Birth Date", "Birthdate"),
    "year": ("Year", "Year Group", "NC Year", "NC Year Actual", "Curriculum Year",
             "National Curriculum Year", "Year Taught In"),
    "class": ("Class", "Reg", "Reg Group", "Registration Group", "Registration Form", "Form",
              "Form Group", "Tutor Group", "Class Name"),
    "gender": ("Gender", "Sex", "Legal Sex"),
    "sen": ("SEN", "SEN Status", "SEN Provision", "SEN Stage", "Special Educational Needs"),
    "pp": ("PP", "Pupil Premium", "Pupil Premium Indicator", "Pupil Premium Eligible",
           "FSM Ever 6", "Ever 6 FSM", "Ever 6", "Disadvantaged"),
    "eal": ("EAL", "English as an Additional Language", "EAL Status"),
    "first_language": ("First Language", "Home Language", "Main Language"),
    "looked_after": ("Looked After", "In Care", "CLA", "LAC", "Child Looked After",
                     "Looked After Child", "CLA Status"),
    "mentor": ("Mentor",),
}
"""Our field -> the headers SIMS, Arbor, Bromcom and spreadsheets give it."""

IMPORTANT = re.compile(r"upn|name|birth|dob|year|yr|sen|special|gender|sex|class|form|reg|"
                       r"tutor|premium|fsm|eal|language|care|cla|looked|mentor")
"""An unused header that matches this looks like a pupil's detail: the summary names it."""


def looks_important(key: str) -> bool:
    """Whether an unused header (as ``column_key`` made it) should be named to the user."""
    return IMPORTANT.search(key) is not None
