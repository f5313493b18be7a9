"""The offline outbox: dossiers queued in the same transaction that finishes them, sent by a sync worker to a
destination adapter when the network allows, exactly once, with the receiver's receipt kept."""

from __future__ import annotations

from app.outbox.backoff import RetryPolicy
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

__all__ = [
    "STATE_LABELS", "Entry", "EntryFile", "FollowupRunner", "OutboxError", "OutboxFile", "PermanentFailure",
    "PurgeReport", "Receipt", "RetryPolicy", "RunSummary", "State", "SyncStatus", "SyncWorker", "TransientFailure",
    "cancel", "counts", "enqueue_dossier", "entries_for_code", "get_entry", "list_entries", "make_due_now",
    "purge_acknowledged", "retry", "update_file",
]
