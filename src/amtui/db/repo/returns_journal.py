"""A progress return as a save the journal can keep (``returns.enter``): the return screen
saves through it, so a return typed while the database is out of reach is made later."""

from __future__ import annotations

import datetime as dt
from typing import Any

from amtui.db.journal_registry import register
from amtui.db.models import ProgressReturn, Pupil, ReturnWindow

P = dict[str, Any]


def _changed(params: P, typed: dt.datetime, started: dt.datetime) -> bool:
    return ProgressReturn.select().where(
        (ProgressReturn.window == params["window_id"]) & (ProgressReturn.pupil == params["pupil_id"])
        & (ProgressReturn.subject == params["subject_id"]) & (ProgressReturn.entered_at > typed)
        & (ProgressReturn.entered_at < started)).exists()


def _named(params: P) -> str:
    pupil = Pupil.get_or_none(Pupil.id == params["pupil_id"])
    window = ReturnWindow.get_or_none(ReturnWindow.id == params["window_id"])
    value = params.get("aob") or params.get("projected") or params.get("coursework") or "a blank"
    who = f"{pupil.forename} {pupil.surname}" if pupil else f"pupil {params['pupil_id']}"
    return f"return {value} for {who} in {window.name if window else 'a return'}"


@register("returns.enter", _changed, _named)
def save_kept(user, params: P):
    """Params: window_id, pupil_id, subject_id, aob / projected / coursework (as typed, or
    None to leave), today. The pupil's return as saved."""
    from amtui.db.repo.returns import Entry, save_return
    from amtui.db.repo.returns_read import return_of

    entry = Entry(params.get("aob"), params.get("projected"), params.get("coursework"))
    save_return(user, params["window_id"], params["pupil_id"], params["subject_id"], entry,
                dt.date.fromisoformat(params["today"]))
    return return_of(params["window_id"], params["pupil_id"], params["subject_id"])
