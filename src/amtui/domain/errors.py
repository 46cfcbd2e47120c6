"""The one kind of error a person is meant to read.

A refusal by the rules (a locked half-term, a class that is not yours, a title left
empty, a mark out of range) raises :class:`UserFacingError` or a subclass: its ``str()``
is a whole sentence for the person at the keyboard, and nothing was changed. Screens,
the command line and the journal show it as it is. Anything else that escapes is a bug
and is reported as one, never dressed up as a refusal.
"""

from __future__ import annotations


class UserFacingError(Exception):
    """A refusal a person should read; ``str()`` says why, and nothing was changed."""


class EntryRefused(UserFacingError):
    """A score, mark or level the rules refuse; the message says why. Nothing was saved."""


class InputRefused(UserFacingError, ValueError):
    """Something typed or imported that cannot be read as what it should be (a date, a
    percentage, a code, a rating); a ValueError too, as any parser's failure is, so an
    import that reads a column with it reports the file, line and reason."""
