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
"""

from __future__ import annotations

import logging
import sys

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
    import psycopg

    if peewee.psycopg is not None:
        return
    from psycopg.pq import TransactionStatus
    from psycopg.types.json import Json, Jsonb

    adapter = peewee.Psycopg3Adapter
    adapter.txn_idle = TransactionStatus.IDLE
    adapter.txn_inerror = TransactionStatus.INERROR
    adapter.txn_unknown = TransactionStatus.UNKNOWN
    peewee.TransactionStatus, peewee.Json_pg3, peewee.Jsonb_pg3 = TransactionStatus, Json, Jsonb
    peewee.psycopg = psycopg  # last: peewee chooses its driver by this
