"""The sync worker: takes due entries one at a time under a lease, checks the local files, hands them to their
destination and records the outcome. Runs on its own thread or process, never on the GUI thread."""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from app.core.files import sha256_file
from app.core.storage import Store
from app.outbox import heads, queue
from app.outbox.adapters.base import Destination, HeadDestination, LeaseLost, LocalFile
from app.outbox.backoff import RetryPolicy
from app.outbox.model import Entry, PermanentFailure, SendFailure, State, TransientFailure
from app.outbox.purge import purge_acknowledged

log = logging.getLogger("sohoa.outbox")


class FollowupRunner(Protocol):
    """Jobs recorded by signing that need the network (add a timestamp, LTV data). The integrator wires the
    signing package's runner here; the outbox only calls it."""

    def run_pending(self) -> int:
        """Run the follow-ups that are due; return how many ran. Exceptions are logged, never fatal."""

    def blocks(self, dossier_id: int) -> bool:
        """True while the dossier's files still wait for a follow-up and must not be sent yet."""


class Stopping(Exception):
    """The worker was asked to stop in the middle of a send."""


@dataclass(frozen=True)
class SyncStatus:
    """What the online/offline indicator shows. ``online`` is None until the destination has been tried."""

    online: bool | None
    counts: dict[State, int]
    message_vi: str = ""
    message_en: str = ""
    last_sent_at: str | None = None


@dataclass
class RunSummary:
    sent: int = 0
    retried: int = 0
    attention: int = 0
    offline: bool = False
    codes_sent: list[str] = field(default_factory=list)


def pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # type: ignore[attr-defined]
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))  # type: ignore[attr-defined]
        ctypes.windll.kernel32.CloseHandle(handle)  # type: ignore[attr-defined]
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class _Context:
    def __init__(self, worker: SyncWorker, entry: Entry) -> None:
        self.worker = worker
        self.entry = entry
        self.made_progress = False
        self.renewed = worker.clock()

    def heartbeat(self) -> None:
        if self.worker._stop is not None and self.worker._stop.is_set():
            raise Stopping()
        now = self.worker.clock()
        if now - self.renewed < self.worker.policy.lease / 4:
            return  # a write per chunk would cost an fsync each; renewing at a quarter of the lease is enough
        lease = now + self.worker.policy.lease
        if not queue.renew_lease(self.worker.store.db, self.entry.id, self.worker.owner, lease):
            raise LeaseLost()
        self.renewed = now

    def remote_id(self, value: str) -> None:
        if value != self.entry.remote_id:
            queue.record_remote_id(self.worker.store.db, self.entry.id, value)
            self.entry.remote_id = value

    def progressed(self) -> None:
        self.made_progress = True


class SyncWorker:
    def __init__(self, store: Store, destinations: Mapping[str, Destination], *, policy: RetryPolicy | None = None,
                 followups: FollowupRunner | None = None, on_status: Callable[[SyncStatus], None] | None = None,
                 purge_after_days: int | None = None, poll_seconds: float = 30.0,
                 clock: Callable[[], float] = time.time, audit_heads: heads.HeadSchedule | None = None) -> None:
        """``audit_heads``: send the audit trail's head on its own on this schedule too (:mod:`app.outbox.heads`)."""
        self.store = store
        self.destinations = dict(destinations)
        self.policy = policy or RetryPolicy()
        self.followups = followups
        self.on_status = on_status
        self.purge_after_days = purge_after_days
        self.poll_seconds = poll_seconds
        self.clock = clock
        self.audit_heads = audit_heads
        self.owner = queue.lease_owner()
        self.online: bool | None = None
        self.message = ("", "")
        self._wake = threading.Event()
        self._stop: threading.Event | None = None
        self._last_purge = 0.0

    def wake(self) -> None:
        """Something was queued or retried: look at the queue now instead of at the next poll."""
        self._wake.set()

    def status(self) -> SyncStatus:
        db = self.store.db
        last = db.execute("select max(sent_at) from outbox_entries").fetchone()[0]
        return SyncStatus(self.online, queue.counts(db), self.message[0], self.message[1], last)

    def _emit(self) -> None:
        if self.on_status is not None:
            try:
                self.on_status(self.status())
            except Exception:
                log.exception("status callback failed")

    def _set_online(self, online: bool, failure: SendFailure | None = None) -> None:
        self.online = online
        self.message = (failure.message_vi, failure.message_en) if failure else ("", "")

    def run_once(self) -> RunSummary:
        """One pass: follow-ups, then every due entry once; returns what happened."""
        summary = RunSummary()
        db = self.store.db
        queue.release_dead_leases(db, pid_alive)
        if self.followups is not None:
            try:
                self.followups.run_pending()
            except Exception:
                log.exception("follow-up jobs failed")
        offline: set[str] = set()
        started = self.clock()
        while self._stop is None or not self._stop.is_set():
            names = [n for n in self.destinations if n not in offline]
            entry = queue.claim_next(db, self.owner, self.clock(), self.policy.lease, names, due_before=started)
            if entry is None:
                break
            self._send(entry, summary, offline)
        self._send_heads(offline)
        summary.offline = bool(offline)
        self._maybe_purge()
        self._emit()
        return summary

    def _send_heads(self, offline: set[str]) -> None:
        """Queue the audit head when it is due and send the heads waiting, to the destinations that keep them."""
        if self.audit_heads is None:
            return
        keepers = {n: d for n, d in self.destinations.items() if isinstance(d, HeadDestination)}
        try:
            heads.queue_due(self.store.db, keepers, self.audit_heads, self.clock())
            failures = heads.send_due(self.store.db, keepers, self.policy, self.clock(), offline)
        except Exception:  # the heads must never stop the dossiers
            log.exception("sending the audit head failed")
            return
        offline_failure = next((f for f in failures if getattr(f, "offline", False)), None)
        if offline_failure is not None:
            self._set_online(False, offline_failure)

    def _local_files(self, entry: Entry) -> list[LocalFile]:
        found = []
        for f in entry.files:
            path = Path(f.path) if Path(f.path).is_absolute() else self.store.data_dir / f.path
            if not path.is_file():
                raise PermanentFailure("missing_file", f"Không tìm thấy tệp {f.name} trên máy trạm.",
                                       f"File {f.name} is missing on this workstation.", str(path))
            if path.stat().st_size != f.size or sha256_file(path) != f.sha256:
                raise PermanentFailure("corrupt_file", f"Tệp {f.name} đã bị thay đổi hoặc hỏng (sai mã kiểm tra).",
                                       f"File {f.name} was changed or is corrupt (checksum mismatch).", str(path))
            found.append(LocalFile(f.name, f.component, path, f.sha256, f.size, f.media_type))
        return found

    def _send(self, entry: Entry, summary: RunSummary, offline: set[str]) -> None:
        db = self.store.db
        destination = self.destinations[entry.destination]
        context = _Context(self, entry)
        try:
            if self.followups is not None and entry.dossier_id is not None \
                    and self.followups.blocks(entry.dossier_id):
                raise TransientFailure("waiting_followup", "Đang chờ hoàn tất chữ ký số (dấu thời gian).",
                                       "Waiting for the signature follow-up (timestamp).")
            receipt = destination.send(entry, self._local_files(entry), context)
        except LeaseLost:
            log.warning("lease on %s lost to another worker", entry.dossier_code)
            return
        except Stopping:
            queue.mark_retry(db, entry.id, self.owner, TransientFailure("stopped", "Đã dừng đồng bộ.",
                             "Sync stopped."), entry.failures, 0.0)
            return
        except PermanentFailure as failure:
            log.warning("%s needs attention: %s", entry.dossier_code, failure)
            queue.mark_attention(db, entry.id, self.owner, failure)
            summary.attention += 1
            if failure.reason not in ("missing_file", "corrupt_file"):
                self._set_online(True, failure)  # the destination answered: it is reachable
            return
        except TransientFailure as failure:
            self._retry_later(entry, failure, context.made_progress, summary, offline)
            return
        except Exception as exc:
            log.exception("sending %s failed", entry.dossier_code)
            internal = TransientFailure("internal", "Lỗi nội bộ khi gửi; sẽ thử lại.",
                                        "Internal error while sending; will try again.", repr(exc))
            self._retry_later(entry, internal, False, summary, offline)
            return
        queue.mark_sent(db, entry.id, receipt, self.clock())
        self._set_online(True)
        summary.sent += 1
        summary.codes_sent.append(entry.dossier_code)

    def _retry_later(self, entry: Entry, failure: TransientFailure, progressed: bool, summary: RunSummary,
                     offline: set[str]) -> None:
        failures = 1 if progressed else entry.failures + 1
        at = self.clock() + self.policy.delay(failures, failure.retry_after)
        log.info("%s: %s; retry in %.1fs", entry.dossier_code, failure, at - self.clock())
        queue.mark_retry(self.store.db, entry.id, self.owner, failure, failures, at)
        summary.retried += 1
        if failure.offline:
            offline.add(entry.destination)
            queue.defer_destination(self.store.db, entry.destination, at)
            self._set_online(False, failure)
        elif failure.reason != "waiting_followup":
            self._set_online(True, failure)

    def _maybe_purge(self) -> None:
        if self.purge_after_days is None or self.clock() - self._last_purge < 3600:
            return
        self._last_purge = self.clock()
        try:
            purge_acknowledged(self.store, self.purge_after_days, self.clock())
        except OSError:
            log.exception("purge failed")

    def probe(self) -> None:
        """Refresh the online indicator when nothing is queued."""
        for destination in self.destinations.values():
            try:
                destination.probe()
            except SendFailure as failure:
                self._set_online(not getattr(failure, "offline", False), failure)
                return
        self._set_online(True)

    def drain(self, timeout: float) -> RunSummary:
        """Send until nothing due remains queued or ``timeout`` seconds pass (``sohoa outbox sync --once``)."""
        total = RunSummary()
        end = time.monotonic() + timeout
        while True:
            summary = self.run_once()
            total.sent += summary.sent
            total.retried += summary.retried
            total.attention += summary.attention
            total.codes_sent += summary.codes_sent
            due = queue.next_due(self.store.db)
            left = end - time.monotonic()
            if due is None or left <= 0:
                total.offline = summary.offline
                return total
            time.sleep(max(0.0, min(due - self.clock(), left)))

    def run_forever(self, stop: threading.Event) -> None:
        """Keep the queue moving until ``stop`` is set; wakes early on :meth:`wake`."""
        self._stop = stop
        try:
            while not stop.is_set():
                self._wake.clear()
                try:
                    self.run_once()
                    due = queue.next_due(self.store.db)
                    if due is None:
                        self.probe()
                        self._emit()
                except Exception:  # e.g. the disk or the database failed for a moment: the loop must not die
                    log.exception("sync pass failed; trying again in %s s", self.poll_seconds)
                    due = None
                wait = self.poll_seconds if due is None else min(self.poll_seconds, max(0.0, due - self.clock()))
                end = time.monotonic() + wait
                while not stop.is_set() and not self._wake.is_set() and (left := end - time.monotonic()) > 0:
                    stop.wait(min(0.2, left))
        finally:
            self._stop = None
            for destination in self.destinations.values():
                destination.close()
            self.store.close()
