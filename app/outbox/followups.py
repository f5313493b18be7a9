"""Signing follow-ups as the outbox's sync worker runs them: a signature made offline (B-B) gets its timestamp and
validation data when the network is back, before the dossier leaves the station.

The outbox records each file's checksum; a follow-up rewrites the file, so the new checksum is recorded in the same
transaction that marks the job done. A dossier with a pending follow-up waits (the worker asks ``blocks``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlite_utils import Database

from app.core.config import Settings
from app.core.storage import Store
from app.outbox.model import OutboxError
from app.outbox.queue import update_file
from app.outbox.worker import FollowupRunner
from app.signing.followup import FollowupJob, due, pending_followups, run_followup
from app.signing.station import demo_trust_roots

log = logging.getLogger(__name__)


class SigningFollowups:
    """The outbox's ``FollowupRunner`` for :mod:`app.signing`."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings

    def _trust_roots(self) -> list[Path]:
        roots = [Path(p) for p in self.settings.signing.trust_roots]
        if self.settings.signing.method == "demo":
            roots += demo_trust_roots(self.settings)
        return roots

    def _record_new_checksum(self, db: Database, job: FollowupJob, sha256: str, size: int) -> None:
        """The outbox's copy of the file's checksum changes with the job. A dossier already queued whose file the
        outbox does not find under the component's path is refused (the job stays pending, the file untouched)
        rather than left to fail its checksum at sending."""
        if job.component_id is None:
            return
        row = db.execute("select dossier_id, pdf_path from components where id = ?", [job.component_id]).fetchone()
        if row is None or not row[1]:
            return
        updated = update_file(db, int(row[0]), str(row[1]), sha256, size)
        queued = db.execute("select count(*) from outbox_entries where dossier_id = ? and state not in "
                            "('sent', 'cancelled')", [int(row[0])]).fetchone()[0]
        if queued and not updated:
            raise OutboxError(str(row[1]), message_vi="Hàng đợi gửi không có tệp này; chưa gia hạn chữ ký.",
                              message_en="The outbox does not hold this file under its path; not extended.")

    def run_pending(self) -> int:
        """Run the jobs that are due (a doubling wait between failed tries). The first one that fails for want
        of the network ends the pass: the others would wait out the same timeout."""
        ran = 0
        tsa = self.settings.signing.tsa_url or None
        for job in pending_followups(self.store):
            if not due(job):
                continue
            try:
                result = run_followup(self.store, job.id, tsa_url=tsa, trust_roots=self._trust_roots(),
                                      on_done=self._record_new_checksum)
            except Exception:  # one job's problem must not keep the others (and the dossiers) waiting
                log.exception("signing follow-up %s", job.id)
                continue
            ran += 1
            if result.status == "pending":
                log.info("signing follow-up %s still pending: %s", job.id, result.last_error)
                break
        return ran

    def blocks(self, dossier_id: int) -> bool:
        row = self.store.db.execute(
            "select count(*) from signing_jobs j join components c on c.id = j.component_id "
            "where c.dossier_id = ? and j.status = 'pending'", [dossier_id]).fetchone()
        return bool(row[0])



class Followups:
    """Several runners as one (signing, reuse verification): each runs in turn; a dossier waits while any of them
    holds it back."""

    def __init__(self, *runners: FollowupRunner) -> None:
        self.runners = runners

    def run_pending(self) -> int:
        return sum(runner.run_pending() for runner in self.runners)

    def blocks(self, dossier_id: int) -> bool:
        return any(runner.blocks(dossier_id) for runner in self.runners)
