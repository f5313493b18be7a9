"""The one interface every destination implements. The outbox knows only this; a destination knows only its wire."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from app.outbox.model import Entry, Receipt


@dataclass(frozen=True)
class LocalFile:
    """A file to upload, already checked: it exists and its SHA-256 matches the one recorded when queued."""

    name: str
    component: str
    path: Path
    sha256: str
    size: int
    media_type: str


class LeaseLost(Exception):
    """Another worker took this entry over (this one stalled past its lease): stop sending it."""


class SendContext(Protocol):
    def heartbeat(self) -> None:
        """Call between requests: keeps this worker's lease on the entry; raises LeaseLost or stops on shutdown."""

    def remote_id(self, value: str) -> None:
        """Record the receiver's id for the dossier as soon as it is known (shown to the clerk while sending)."""

    def progressed(self) -> None:
        """Say that bytes reached the receiver in this attempt (the next retry then waits the shortest delay)."""


class Destination(Protocol):
    """Where dossiers go: the SoHoa intake API now; a province data hub (LGSP) or the national portal's dossier
    sync later. ``send`` must be idempotent on ``entry.idempotency_key``: the outbox calls it again after any
    failure, crash or restart, and the destination must never keep the dossier twice."""

    name: str

    def probe(self) -> None:
        """Raise TransientFailure when the destination cannot be reached (drives the online indicator)."""

    def send(self, entry: Entry, files: Sequence[LocalFile], context: SendContext) -> Receipt:
        """Deliver the dossier (metadata in ``entry.payload``) and its files; return the receiver's receipt.
        Raise TransientFailure to retry later, PermanentFailure when a person must act."""

    def close(self) -> None:
        """Release connections."""


@runtime_checkable
class HeadDestination(Protocol):
    """A destination that keeps the station's audit heads (:mod:`app.outbox.heads`): the SoHoa intake API. Keeping
    a head it already holds is not an error (a head is sent again after any failure)."""

    name: str

    def send_audit_head(self, station: str, head: dict[str, Any]) -> None:
        """Hand over the head (last_id, entries, last_hash); raise TransientFailure or PermanentFailure."""
