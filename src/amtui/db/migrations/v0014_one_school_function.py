"""Version 14: on a trust's server, the first trusts' row-level security functions go.

A trust made before ``amtui_school`` took its ``writing`` argument holds
``amtui_school()`` (no argument), which its read policies call, and
``amtui_school_to_write()``, which the others call. The install after an upgrade's last
step (``amtui.db.trust.install``) makes ``amtui_school(writing boolean DEFAULT false)``
beside the first, and then every policy it makes again, written ``amtui_school()``, names
two functions: the server refuses it ("function amtui_school() is not unique") and the
upgrade stops, leaving the trust at its old version. This step drops both old functions,
and with them (CASCADE) the policies that call them, in the upgrade's transaction; that
install then makes every policy afresh on the one function. A trust made since has
neither: nothing changes.

A SQLite file has no row-level security: nothing changes.
"""

from __future__ import annotations

import peewee

OLD = ("amtui_school()", "amtui_school_to_write()")
"""The functions as the first trusts had them, by their argument lists (none)."""


def run(db: peewee.Database) -> None:
    """Version 14 on a SQLite file: nothing to do."""


def server(db: peewee.Database) -> None:
    """Version 14 on PostgreSQL (inside the upgrade's transaction, as the tables' owner)."""
    for function in OLD:
        db.execute_sql(f"DROP FUNCTION IF EXISTS {function} CASCADE")
