"""The outbox as the window shows it: each dossier's sending, newest first, and the clerk's retry and cancel."""

from __future__ import annotations

from typing import Any

from app import outbox
from app.core.storage import Store


class OutboxView:
    def __init__(self, store: Store) -> None:
        self.store = store

    def entries(self) -> list[dict[str, Any]]:
        """Newest first: code, state, attempts, last error (Vietnamese and English), queued and sent times."""
        rows = []
        for entry in outbox.list_entries(self.store.db):
            rows.append({"id": entry.id, "code": entry.dossier_code, "state": str(entry.state.value),
                         "attempts": entry.attempts, "last_error_vi": entry.reason_vi or "",
                         "last_error_en": entry.reason_en or "", "created_at": entry.created_at,
                         "sent_at": entry.sent_at or "", "remote_id": entry.remote_id or ""})
        return sorted(rows, key=lambda r: r["id"], reverse=True)

    def counts(self) -> dict[str, int]:
        return {str(state.value if hasattr(state, "value") else state): n
                for state, n in outbox.counts(self.store.db).items()}

    def retry(self, code: str) -> None:
        outbox.retry(self.store.db, code)

    def cancel(self, code: str) -> None:
        outbox.cancel(self.store.db, code)
