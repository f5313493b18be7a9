"""Every lookup in the audit trail: who asked, when, about which ID, and what came back (identity data is
sensitive personal data: Law 91/2025, ND 356/2025)."""

from __future__ import annotations

from typing import Any

from app.core import audit
from app.core.storage import Store


def record_lookup(store: Store, action: audit.Action, *, clerk: str, station: str, personal_id: str,
                  answer: dict[str, Any], dossier_code: str | None = None, **details: Any) -> None:
    audit.record(store, action, clerk=clerk, station=station, dossier_code=dossier_code,
                 details={"personal_id": personal_id, "answer": answer, **details})
