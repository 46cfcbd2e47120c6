"""peewee without the PostgreSQL driver, until a server's database is opened.

peewee imports psycopg, when it is installed, as it is itself imported: some 190 modules
and the PostgreSQL client library, 17 MB of every session's memory and most of peewee's
import time, in a school that keeps its database in a file and never uses them. So the
database layer imports peewee with psycopg held back (``peewee_without_server_driver``,
run by ``amtui.db`` before any of its modules imports peewee), and gives peewee the driver
the first time a server's database is made (``server_driver``), as peewee's own import
would have set it up.

Should a peewee release set the driver up differently, peewee is imported again at once,
with its driver, before anything else holds it: more memory, nothing wrong.

psycopg and its compiled part read their own version through ``importlib.metadata``, which
brings the email package, zipfile and csv with it: 1.4 MB of a server session's memory
(a seventh of the driver's 10 MB) for a string. ``server_driver`` gives them their version
modules first, the version read from the name of each one's install record
(``psycopg-3.3.9.dist-info``); a package installed without such a record reads its version
itself, as before.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
import types

log = logging.getLogger(__name__)

HELD_BACK = "psycopg"
_ABSENT = object()


def peewee_without_server_driver() -> None:
    """Import peewee with psycopg held back (nothing happens if peewee is imported already)."""
    if "peewee" in sys.modules:
        return
    before = sys.modules.get(HELD_BACK, _ABSENT)
    if before is _ABSENT:
        sys.modules[HELD_BACK] = None  # type: ignore[assignment]  # "import psycopg" raises ImportError
    try:
        import peewee
    finally:
        if before is _ABSENT:
            del sys.modules[HELD_BACK]
    if before is _ABSENT and not _driver_can_be_given(peewee):
        log.warning("peewee %s sets up its PostgreSQL driver in a way amtui does not know: "
                    "it is imported with the driver", getattr(peewee, "__version__", "?"))
        del sys.modules["peewee"]
        import peewee  # noqa: F401, F811  again, this time with psycopg


def _driver_can_be_given(peewee) -> bool:
    """Whether ``server_driver`` can later set up what peewee's import left undone."""
    adapter = getattr(peewee, "Psycopg3Adapter", None)
    return (getattr(peewee, "psycopg", _ABSENT) is None and adapter is not None
            and all(hasattr(peewee, name) for name in ("Json_pg3", "Jsonb_pg3"))
            and "txn_idle" not in vars(adapter))


def server_driver() -> None:
    """Give peewee psycopg, as its own import does when psycopg is there (ImportError when
    it is not installed)."""
    import peewee

    if peewee.psycopg is not None:
        return
    for package in VERSION_READERS:
        _version_from_install_record(package)
    import psycopg

    for package in VERSION_READERS:  # each package holds its version module, as when imported
        parent, made = sys.modules.get(package), sys.modules.get(f"{package}.version")
        if parent is not None and made is not None and not hasattr(parent, "version"):
            parent.version = made
    from psycopg.pq import TransactionStatus
    from psycopg.types.json import Json, Jsonb

    adapter = peewee.Psycopg3Adapter
    adapter.txn_idle = TransactionStatus.IDLE
    adapter.txn_inerror = TransactionStatus.INERROR
    adapter.txn_unknown = TransactionStatus.UNKNOWN
    peewee.TransactionStatus, peewee.Json_pg3, peewee.Jsonb_pg3 = TransactionStatus, Json, Jsonb
    peewee.psycopg = psycopg  # last: peewee chooses its driver by this


VERSION_READERS = ("psycopg", "psycopg_binary", "psycopg_c")
"""The driver's packages whose ``version`` module reads the version through importlib.metadata."""


def _version_from_install_record(package: str) -> None:
    """Make ``package.version`` from the name of the package's install record beside it,
    unless it is imported already or there is no one such record (then it reads its own)."""
    name = f"{package}.version"
    if package in sys.modules or name in sys.modules:
        return
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return
    if spec is None or not spec.submodule_search_locations:
        return
    site = os.path.dirname(list(spec.submodule_search_locations)[0])
    prefix = f"{package}-"
    try:
        records = [n for n in os.listdir(site) if n.startswith(prefix) and n.endswith(".dist-info")]
    except OSError:
        return
    if len(records) != 1:
        return  # none, or an old one left beside the new: the package reads its own
    module = types.ModuleType(name, f"{package}'s version, from its install record {records[0]}")
    module.__version__ = records[0][len(prefix):-len(".dist-info")]
    sys.modules[name] = module
