"""A pupil's characteristics, as the MIS and the DfE census record them, for the groups
leaders analyse: gender, SEN provision, pupil premium, EAL and looked-after.

Each parser takes a cell as SIMS, Arbor, Bromcom or a spreadsheet writes it and gives
the code amtui stores; a value it does not know is a ValueError naming what it accepts.
"""

from __future__ import annotations

import datetime as dt
import re

from amtui.domain.errors import InputRefused

SEN_NONE, SEN_SUPPORT, SEN_EHC_PLAN = "N", "K", "E"
SEN_LABELS = {SEN_NONE: "No SEN", SEN_SUPPORT: "SEN support", SEN_EHC_PLAN: "EHC plan"}

GENDER_LABELS = {"M": "Male", "F": "Female", "X": "Other", "U": "Not known", "": "Not given"}


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


_YES = {"yes", "y", "1", "true", "t"}
_NO = {"no", "n", "0", "false", "f"}


def parse_yes_no(text: str) -> bool:
    """yes/no, y/n, 1/0, true/false, t/f (SIMS writes T and F)."""
    word = _key(text)
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise InputRefused(f"'{text}' is not yes or no (use yes/no, y/n, 1/0 or true/false)")


_GENDERS = {
    "M": ("m", "male", "boy"), "F": ("f", "female", "girl"),
    "X": ("x", "other", "nonbinary", "indeterminate"),
    "U": ("u", "unknown", "notknown", "notstated", "notspecified", "9", "0"),
}
_GENDER_OF = {word: code for code, words in _GENDERS.items() for word in words}


def parse_gender(text: str) -> str:
    """The code: M, F, X (other), U (not known); a blank cell is "" (not given)."""
    word = _key(text)
    if word == "":
        return ""
    if word in _GENDER_OF:
        return _GENDER_OF[word]
    raise InputRefused(f"'{text}' is not a gender (M or Male, F or Female, X or Other, "
                     "U or Unknown, or blank)")


# The DfE's provision codes since 2014, and the older ones schools' files still hold:
# School Action (A) and Action Plus (P) became SEN support; a statement (S), an EHC plan.
_SEN = {
    SEN_NONE: ("n", "none", "no", "nosen", "nospecialeducationalneed", "nospecialeducationalneeds",
               "false", "0"),
    SEN_SUPPORT: ("k", "sensupport", "support", "schoolaction", "a", "schoolactionplus",
                  "actionplus", "p", "yes", "y", "true", "1", "sen"),
    SEN_EHC_PLAN: ("e", "ehc", "ehcp", "ehcplan", "educationhealthandcareplan", "s",
                   "statement", "statemented", "statementofsen"),
}
_SEN_OF = {word: code for code, words in _SEN.items() for word in words}


def parse_sen(text: str) -> str:
    """N (none), K (SEN support) or E (EHC plan); a blank cell is N. Old yes/no files:
    yes is K. Old codes: A and P (School Action, Action Plus) are K, S (a statement) E."""
    word = _key(text)
    if word == "":
        return SEN_NONE
    if word in _SEN_OF:
        return _SEN_OF[word]
    raise InputRefused(f"'{text}' is not a SEN provision (N or none, K or SEN support, "
                     "E or EHC plan)")


def has_sen(code: str) -> bool:
    """SEN support or an EHC plan."""
    return code in (SEN_SUPPORT, SEN_EHC_PLAN)


# English, and the DfE's codes for English ("ENG", "ENB": believed to be English); the
# language not known or refused is not counted as EAL, as in the school census.
_NOT_EAL = {"english", "eng", "enb", "englishbelievedtobe", "not", "notobtained",
            "informationnotobtained", "ref", "refused", "unknown", "notknown"}


def eal_from_first_language(text: str) -> bool:
    """A first language other than English means EAL (the DfE's own test)."""
    word = _key(text)
    if word == "":
        return False
    return word not in _NOT_EAL


def fsm_ever_6(periods: list[tuple[dt.date | None, dt.date | None]], today: dt.date) -> bool:
    """Pupil premium (disadvantaged) by "FSM Ever 6": eligible for free school meals at
    any time in the last six years. ``periods`` are (start, end) of each eligibility;
    an open one (no end) is current."""
    since = today.replace(year=today.year - 6) if not (today.month == 2 and today.day == 29) \
        else dt.date(today.year - 6, 2, 28)
    return any((start is None or start <= today) and (end is None or end >= since)
               for start, end in periods)
