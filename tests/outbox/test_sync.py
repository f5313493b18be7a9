"""Sending to a real receiver on 127.0.0.1 through every fault it can inject: each dossier arrives exactly once,
with matching checksums; a refused or broken dossier waits for a person instead of being retried forever."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.core.storage import Store
from app.outbox import State, counts, list_entries, retry
from tests.outbox.support import assert_exactly_once, make_worker, submit_many


def drain(store: Store, url: str, **kw: Any) -> None:
    worker = make_worker(store, url, **kw)
    try:
        worker.drain(60)
    finally:
        for destination in worker.destinations.values():
            destination.close()
    left = counts(store.db)
    assert not left[State.QUEUED] and not left[State.SENDING], left


def test_clean_run_stores_receipts(station: Store, tmp_path: Path, receiver) -> None:  # type: ignore[no-untyped-def]
    url = receiver()
    codes = submit_many(station, tmp_path, 3)
    drain(station, url)
    assert_exactly_once(station, url, codes)
    for entry in list_entries(station.db):
        assert entry.state is State.SENT and entry.remote_id and entry.remote_id.startswith("TN-")
        assert entry.remote_received_at and entry.attempts == 1


@pytest.mark.parametrize(("faults", "chunk"), [
    pytest.param({"fail_rate": 0.4, "seed": 1}, 4096, id="5xx"),
    pytest.param({"reset_rate": 0.3, "seed": 2}, 1024, id="resets-mid-upload"),
    pytest.param({"delay_ms": (0, 250), "seed": 3}, 8192, id="timeouts"),
    pytest.param({"delay_ms": 30, "seed": 4}, 1024, id="slow"),
    pytest.param({"duplicates": "conflict", "reset_rate": 0.3, "seed": 5}, 4096, id="409-on-duplicates"),
    pytest.param({"fail_rate": 0.2, "reset_rate": 0.2, "delay_ms": 5, "seed": 6}, 4096, id="everything"),
])
def test_every_dossier_arrives_exactly_once(station: Store, tmp_path: Path, receiver,  # type: ignore[no-untyped-def]
                                            faults: dict[str, Any], chunk: int) -> None:
    url = receiver(**faults)
    codes = submit_many(station, tmp_path, 3)
    timeout = 0.15 if isinstance(faults.get("delay_ms"), tuple) else 10.0
    drain(station, url, timeout=timeout, chunk_size=chunk)
    assert_exactly_once(station, url, codes)
    assert {e.state for e in list_entries(station.db)} == {State.SENT}
    retries = station.db.execute("select count(*) from outbox_events where event = 'retry'").fetchone()[0]
    failing = faults.get("fail_rate") or faults.get("reset_rate") or isinstance(faults.get("delay_ms"), tuple)
    if failing:  # a slow receiver alone fails nothing
        assert retries > 0, "the receiver's faults were injected and survived"


def test_receiver_down_for_a_while(station: Store, tmp_path: Path, receiver) -> None:  # type: ignore[no-untyped-def]
    url = receiver(down_for=1.0)
    codes = submit_many(station, tmp_path, 3)
    seen: list[bool | None] = []
    worker = make_worker(station, url, on_status=lambda s: seen.append(s.online))
    worker.run_once()
    assert seen[-1] is False, "offline is reported to the indicator"
    assert counts(station.db)[State.QUEUED] == 3
    first = list_entries(station.db)
    assert all(e.reason_code == "offline" for e in first[:1])
    worker.drain(30)
    assert seen[-1] is True
    assert_exactly_once(station, url, codes)


def test_missing_and_corrupt_files_need_attention(station: Store, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                  receiver) -> None:
    url = receiver()
    codes = submit_many(station, tmp_path, 3)
    files = {e.dossier_code: e.files for e in list_entries(station.db)}
    (station.data_dir / files[codes[0]][0].path).unlink()
    corrupt = station.data_dir / files[codes[1]][1].path
    original = corrupt.read_bytes()
    corrupt.write_bytes(original[:-5] + b"XXXXX")
    worker = make_worker(station, url)
    for _ in range(3):
        worker.run_once()
    entries = {e.dossier_code: e for e in list_entries(station.db)}
    assert entries[codes[0]].state is State.NEEDS_ATTENTION and entries[codes[0]].reason_code == "missing_file"
    assert entries[codes[1]].state is State.NEEDS_ATTENTION and entries[codes[1]].reason_code == "corrupt_file"
    assert "Tệp" in (entries[codes[1]].reason_vi or "") and entries[codes[1]].reason_en
    assert entries[codes[0]].attempts == 1 and entries[codes[1]].attempts == 1, "not retried forever"
    assert entries[codes[2]].state is State.SENT
    corrupt.write_bytes(original)  # the clerk restores the file and sends again by hand
    retry(station.db, codes[1])
    worker.run_once()
    assert {e.dossier_code: e for e in list_entries(station.db)}[codes[1]].state is State.SENT
    assert_exactly_once(station, url, codes[1:])


def test_a_permanent_refusal_needs_attention(station: Store, tmp_path: Path,  # type: ignore[no-untyped-def]
                                             receiver) -> None:
    url = receiver(token="right-token")
    submit_many(station, tmp_path, 1)
    worker = make_worker(station, url)
    worker.run_once()
    worker.run_once()
    (entry,) = list_entries(station.db)
    assert entry.state is State.NEEDS_ATTENTION and entry.reason_code == "auth" and entry.attempts == 1
