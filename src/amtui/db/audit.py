"""The audit trail: every change says who made it and when, in the same transaction."""

from __future__ import annotations

import json
from typing import Any

from amtui.db.models import AuditEntry


def audit(login: str, action: str, entity: str = "", entity_id: Any = "", **detail: Any) -> None:
    """Record one change. Call it inside the write transaction that makes the change."""
    AuditEntry.create(
        login=login,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        detail=json.dumps(detail, default=str, ensure_ascii=False) if detail else "",
    )
