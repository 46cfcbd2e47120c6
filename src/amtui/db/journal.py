"""Saves kept for later: what was typed but could not be saved when amtui closed.

When the drive holding the database is away (or full, or read-only) a save is kept on
screen and tried again. If amtui has to close first (the person leaves, the SSH link
drops), each save still waiting is written to a journal on the server's own disk, not
beside the database: that drive may be the thing that is away. The next start replays
the journal before the first screen.

A save that can be kept is a ``KeptSave``: a kind (``mark.set``, ``weekly.score`` ...),
plain parameters and the time it was typed. ``KINDS`` maps each kind to the repository
call that makes it, so the screen's save and the replay are the same call.

The rule on replay: a kept save is applied unless the record it changes was changed
(by anyone) after the time it was typed; those are skipped and reported. Every replayed
save is audited as usual, and once more as ``journal.replay`` with the time it was typed.

The file: ``$XDG_STATE_HOME/amtui/journal/`` (default ``~/.local/state/amtui/journal/``)
of the account amtui runs as; one file per database and person, one JSON object a line,
mode 0600, written with fsync.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from amtui.db import journal_kinds  # noqa: F401  (fills KINDS)
from amtui.db.connection import DatabaseBusy, DatabaseUnavailable, Target, write
from amtui.db.journal_registry import KINDS, Kind
from amtui.db.repo import returns_journal  # noqa: F401  (fills KINDS: progress returns)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class KeptSave:
    """One save as plain data: ``kind`` names the repository call in ``KINDS``."""

    kind: str
    params: dict[str, Any]
    typed_at: str  # ISO, to the second, the server's local time (as rows' recorded_at)
    login: str = ""

    def to_line(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_line(cls, line: str) -> KeptSave:
        data = json.loads(line)
        return cls(data["kind"], dict(data["params"]), data["typed_at"], data.get("login", ""))

    @property
    def typed(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.typed_at)


def kept(what: str, login: str = "", /, **params: Any) -> KeptSave:
    """A save of the kind ``what`` typed now (positional, so that ``kind`` and ``login`` may
    be parameters too)."""
    if what not in KINDS:
        raise KeyError(f"no kept save of kind {what!r}")
    return KeptSave(what, params, dt.datetime.now().replace(microsecond=0).isoformat(), login)


def apply(user: Any, save: KeptSave) -> Any:
    """Make the save now, as the screen does: the repository call for its kind, with what
    it looks up first, in one transaction (so any failure of the drive is a kept one)."""
    return write(lambda: KINDS[save.kind].apply(user, save.params))


# --- the file --------------------------------------------------------------------------


def journal_dir() -> Path:
    """The journal's folder on this server's own disk."""
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "amtui" / "journal"


def journal_path(target: Target, login: str) -> Path:
    """One file per database and person."""
    where = str(target.path.resolve()) if target.path is not None else target.url
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", (target.path.stem if target.path else "server"))[:40]
    who = re.sub(r"[^A-Za-z0-9._-]+", "_", login)[:40] or "unknown"
    digest = hashlib.sha256(where.encode()).hexdigest()[:12]
    return journal_dir() / f"{name}-{digest}--{who}.jsonl"


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold the journal's lock: appending (a session closing) and replaying (a session
    starting) never interleave, so neither loses the other's lines."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path.with_suffix(".lock"), os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def append(path: Path, saves: list[KeptSave]) -> None:
    """Add ``saves`` to the journal at ``path`` and make sure they are on disk."""
    if saves:
        with _locked(path):
            _append(path, saves)


def _append(path: Path, saves: list[KeptSave]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, "".join(s.to_line() + "\n" for s in saves).encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    _fsync_dir(path.parent)


def read(path: Path) -> list[KeptSave]:
    """The saves in the journal (a line cut short by a crash is left out, and logged)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    saves = []
    for line in lines:
        if not line.strip():
            continue
        try:
            saves.append(KeptSave.from_line(line))
        except (ValueError, KeyError, TypeError):
            log.warning("journal %s: a line that cannot be read: %r", path, line[:200])
    return saves


def _rewrite(path: Path, saves: list[KeptSave]) -> None:
    if not saves:
        path.unlink(missing_ok=True)
        _fsync_dir(path.parent)
        return
    spare = path.with_suffix(".tmp")
    spare.unlink(missing_ok=True)
    _append(spare, saves)
    os.replace(spare, path)
    _fsync_dir(path.parent)


# --- replaying ------------------------------------------------------------------------------


@dataclass
class Replayed:
    """What a replay did, for the person: saved, skipped (someone changed it since), refused
    by the rules, and still waiting (the drive is still away)."""

    saved: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    waiting: int = 0
    problem: str = ""

    @property
    def anything(self) -> bool:
        return bool(self.saved or self.skipped or self.refused or self.waiting)

    def lines(self) -> list[str]:
        said = []
        if self.saved:
            said.append(f"Saved {len(self.saved)} entr{'y' if len(self.saved) == 1 else 'ies'} kept from "
                        "your last session: " + "; ".join(self.saved[:5])
                        + (f" and {len(self.saved) - 5} more" if len(self.saved) > 5 else "") + ".")
        if self.skipped:
            said.append(f"Not applied, because someone changed the same record after you typed it "
                        f"({len(self.skipped)}): " + "; ".join(self.skipped) + ".")
        if self.refused:
            said.append(f"Not applied, refused by the rules ({len(self.refused)}): "
                        + "; ".join(self.refused) + ".")
        if self.waiting:
            said.append(f"{self.waiting} entr{'y is' if self.waiting == 1 else 'ies are'} still kept "
                        f"and not saved: {self.problem} They are tried again at the next start.")
        return said


def replay_one(user: Any, save: KeptSave, started: dt.datetime) -> bool:
    """Apply ``save`` unless its record changed after it was typed (and before this replay
    ``started``); True when applied."""
    from amtui.db.audit import audit

    kind = KINDS[save.kind]

    def transaction() -> bool:
        if kind.changed_after(save.params, save.typed, started):
            return False
        kind.apply(user, save.params)
        audit(user.login, "journal.replay", save.kind, "", typed_at=save.typed_at, params=save.params)
        return True

    return write(transaction)


def replay(target: Target, login: str) -> Replayed:
    """Replay this person's journal for this database; what is left stays in it."""
    path = journal_path(target, login)
    done = Replayed()
    if not path.exists():  # nearly every start: nothing more is read or imported
        return done
    from amtui.db.repo.staff import identify
    from amtui.domain.errors import UserFacingError

    with _locked(path):  # another session of this person may be closing, and adding to it
        saves = read(path)
        user = identify(login)
        started = dt.datetime.now().replace(microsecond=0)
        not_applied: list[KeptSave] = []
        for index, save in enumerate(saves):
            kind = KINDS.get(save.kind)
            if kind is None:  # written by a newer amtui: kept aside, never dropped
                done.refused.append(f"an entry of a kind this amtui does not know ({save.kind})")
                not_applied.append(save)
                continue
            what = f"{_described(kind, save)} (typed {save.typed:%d %b %H:%M})"
            try:
                if replay_one(user, save, started):
                    done.saved.append(what)
                else:
                    done.skipped.append(what)
                    not_applied.append(save)
            except (DatabaseUnavailable, DatabaseBusy) as error:
                done.waiting, done.problem = len(saves) - index, str(error)
                _rewrite(path, saves[index:])
                break
            except UserFacingError as error:  # refused by the rules now: kept aside, said
                done.refused.append(f"{what}: {error}")
                not_applied.append(save)
        else:
            _rewrite(path, [])
        if not_applied:  # kept for the record, beside the journal
            _append(path.with_suffix(".not-applied.jsonl"), not_applied)
    return done


def _described(kind: Kind, save: KeptSave) -> str:
    try:
        return kind.describe(save.params)
    except Exception:  # naming it must not stop it being saved
        return save.kind


def replay_said(target: Target, login: str) -> list[str]:
    """Replay the person's journal at start-up; what to tell them (nothing when it is empty)."""
    try:
        return replay(target, login).lines()
    except Exception as error:  # a journal must never stop amtui from starting
        log.exception("replaying the journal %s", journal_path(target, login))
        return [f"Your journal of unsaved entries ({journal_path(target, login)}) could not be "
                f"replayed ({error}); it is kept as it was. Tell your amtui admin."]
