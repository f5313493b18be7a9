"""The sync worker on its own thread: status for the online indicator, woken by new work, stopped cleanly, and
the follow-up jobs of signing run before the dossiers they hold back."""

from __future__ import annotations

import queue
import threading
from pathlib import Path

import pytest

from app.core.storage import Store
from app.outbox import State, SyncStatus, counts, list_entries
from tests.outbox.support import assert_exactly_once, make_worker, submit_many


class Followups:
    """What the signing package will provide: one pending timestamp that holds dossier 1 back until it ran."""

    def __init__(self) -> None:
        self.pending = {1}
        self.runs = 0

    def run_pending(self) -> int:
        self.runs += 1
        if self.runs < 3:
            return 0  # the timestamp authority is still unreachable
        done = len(self.pending)
        self.pending.clear()
        return done

    def blocks(self, dossier_id: int) -> bool:
        return dossier_id in self.pending


def test_worker_thread_sends_reports_and_stops(station: Store, tmp_path: Path,  # type: ignore[no-untyped-def]
                                               receiver) -> None:
    url = receiver()
    statuses: queue.Queue[SyncStatus] = queue.Queue()
    followups = Followups()
    codes = submit_many(station, tmp_path, 2)
    # a poll far longer than the waits below: only wake() can make the worker see the new dossier in time
    worker = make_worker(station, url, on_status=statuses.put, followups=followups, poll_seconds=120.0)
    stop = threading.Event()
    thread = threading.Thread(target=worker.run_forever, args=(stop,), name="sohoa-sync")
    thread.start()
    try:
        for _ in range(200):  # bounded: each status comes after a pass
            status = statuses.get(timeout=10)
            if status.counts[State.SENT] == 2:
                break
        else:
            pytest.fail("the first two dossiers were not sent")
        assert status.online is True and status.counts[State.QUEUED] == 0
        (tmp_path / "more").mkdir()
        more = submit_many(station, tmp_path / "more", 1)
        worker.wake()
        for _ in range(200):
            if statuses.get(timeout=10).counts[State.SENT] == 3:  # queue.Empty after 10 s: wake() was not heard
                break
        else:
            pytest.fail("the dossier queued after wake() was not sent")
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()
    assert followups.runs >= 3
    first = next(e for e in list_entries(station.db) if e.dossier_id == 1)
    assert first.state is State.SENT and first.attempts >= 2, "held back until the follow-up ran"
    assert_exactly_once(station, url, codes + more)
    assert counts(station.db)[State.SENT] == 3


def test_embedded_receiver_for_a_fresh_station(station: Store, tmp_path: Path) -> None:
    from app.core.config import load_settings
    from app.outbox.embedded import embedded_receiver

    settings = load_settings()
    assert settings.sync.server == ""
    url, stop = embedded_receiver(settings)
    try:
        codes = submit_many(station, tmp_path, 1)
        worker = make_worker(station, url)
        worker.drain(20)
        worker.destinations["sohoa"].close()
        assert_exactly_once(station, url, codes)
        assert (settings.data_path / "demo" / "receiver" / "receiver.db").exists()
    finally:
        stop()
