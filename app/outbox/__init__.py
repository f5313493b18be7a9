"""The offline outbox: dossiers queued in the same transaction that finishes them, sent by a sync worker to a
destination adapter when the network allows, exactly once, with the receiver's receipt kept.

The names below load with their module on first use (PEP 562): the window labels outbox states
(``app.outbox.model``) before its first paint, and importing the package must not bring in the HTTP client and the
sync worker then."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.outbox.backoff import RetryPolicy
    from app.outbox.heads import HeadSchedule, head_schedule
    from app.outbox.model import (
        STATE_LABELS,
        Entry,
        EntryFile,
        OutboxError,
        OutboxFile,
        PermanentFailure,
        Receipt,
        State,
        TransientFailure,
    )
    from app.outbox.purge import PurgeReport, purge_acknowledged
    from app.outbox.queue import (
        cancel,
        counts,
        enqueue_dossier,
        entries_for_code,
        get_entry,
        list_entries,
        make_due_now,
        retry,
        update_file,
    )
    from app.outbox.worker import FollowupRunner, RunSummary, SyncStatus, SyncWorker

_MODULES = {
    "RetryPolicy": "backoff", "HeadSchedule": "heads", "head_schedule": "heads",
    "PurgeReport": "purge", "purge_acknowledged": "purge",
    "FollowupRunner": "worker", "RunSummary": "worker", "SyncStatus": "worker", "SyncWorker": "worker",
    **dict.fromkeys(("STATE_LABELS", "Entry", "EntryFile", "OutboxError", "OutboxFile", "PermanentFailure", "Receipt",
                     "State", "TransientFailure"), "model"),
    **dict.fromkeys(("cancel", "counts", "enqueue_dossier", "entries_for_code", "get_entry", "list_entries",
                     "make_due_now", "retry", "update_file"), "queue"),
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


__all__ = [
    "STATE_LABELS", "Entry", "EntryFile", "FollowupRunner", "HeadSchedule", "OutboxError", "OutboxFile",
    "PermanentFailure", "PurgeReport", "Receipt", "RetryPolicy", "RunSummary", "State", "SyncStatus", "SyncWorker",
    "TransientFailure",
    "cancel", "counts", "enqueue_dossier", "entries_for_code", "get_entry", "head_schedule", "list_entries",
    "make_due_now", "purge_acknowledged", "retry", "update_file",
]
