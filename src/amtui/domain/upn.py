"""Unique Pupil Numbers: 13 characters, a check letter then 12 more.

The DfE's UPN has a check letter, a 3-digit local authority number, a 4-digit
establishment number, 2 digits of the year it was issued and a 3-digit serial; a
temporary UPN has a 2-digit serial and ends in a letter. The check letter is worked out
by ``python-stdnum`` (``stdnum.gb.upn``), the DfE's algorithm as a well-kept library.

Its ``validate()`` is not used as a whole: it also refuses a local authority number
missing from its list of 2011, and authorities made since (North and West
Northamptonshire in 2021, Cumberland, Westmorland and Furness in 2023) issue real UPNs.
"""

from __future__ import annotations

LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
"""The DfE's 23 letters: no I, O or S (they look like 1, 0 and 5)."""


def check_letter(rest: str) -> str:
    """The check letter for the 12 characters after it."""
    from stdnum.gb import upn as dfe  # 70 ms to load: only when a UPN is checked

    return dfe.calc_check_digit(rest)


def with_check_letter(rest: str) -> str:
    """A whole UPN from its 12 characters: 11 digits, then a digit or a letter."""
    if len(rest) != 12 or not rest[:11].isdigit() or rest[11] not in LETTERS + "0123456789":
        raise ValueError(f"{rest!r} is not the 12 characters of a UPN")
    return check_letter(rest) + rest


def is_temporary(upn: str) -> bool:
    """A temporary UPN ends in a letter (its school has asked for a permanent one)."""
    return upn[-1:].isalpha()


def parse_upn(text: str) -> str:
    """A UPN as the MIS writes it (any case, spaces ignored), in upper case; ValueError
    says what is wrong, and for a wrong check letter which letter it should be."""
    upn = "".join(text.split()).upper()  # as stdnum's compact(): spaces dropped
    shape = ("13 characters: a check letter, 11 digits, then a digit (or a letter for a "
             "temporary UPN), e.g. B801200005001")
    if len(upn) != 13:
        raise ValueError(f"'{text}' is not a UPN ({len(upn)} characters; a UPN has {shape})")
    first, digits, last = upn[0], upn[1:12], upn[12]
    if first not in LETTERS or not digits.isascii() or not digits.isdigit() \
            or not (last.isascii() and (last.isdigit() or last in LETTERS)):
        raise ValueError(f"'{text}' is not a UPN (a UPN has {shape})")
    right = check_letter(upn[1:])
    if first != right:
        raise ValueError(f"'{text}' has the wrong check letter: it should be {right} "
                         f"({right}{upn[1:]}); check the UPN in the MIS")
    return upn
