"""The outbox in the station's database: queued in the same transaction as the dossier's state, a state machine
that never loses or resurrects an entry, retry and cancel by hand, follow-up file updates, purge after receipt."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.storage import Store
from app.dossiers.model import NewDossier
from app.dossiers.store import DossierStore
from app.outbox import (
    OutboxError,
    OutboxFile,
    Receipt,
    RetryPolicy,
    State,
    TransientFailure,
    cancel,
    enqueue_dossier,
    get_entry,
    list_entries,
    purge_acknowledged,
    retry,
    update_file,
)
from app.outbox import queue as q
from app.outbox.model import TRANSITIONS, PermanentFailure
from tests.outbox.support import make_pdf, submit_many


def _dossier(store: Store, code: str = "C-1") -> int:
    return DossierStore(store).create(code, NewDossier("1.000948", "Phạm Thị D", "0123"))


def _file(name: str = "a.pdf") -> OutboxFile:
    return OutboxFile(name, Path(f"dossiers/1/1/{name}"), "0" * 64, 10, component="Tờ khai")


def test_finishing_and_queuing_are_one_transaction(station: Store) -> None:
    dossier = _dossier(station)
    with pytest.raises(RuntimeError), station.atomic() as db:
        db.table("dossiers").update(dossier, {"status": "finished"})
        enqueue_dossier(db, dossier, [_file()], "sohoa")
        raise RuntimeError("power cut before commit")
    assert station.db.table("dossiers").get(dossier)["status"] == "draft"
    assert list_entries(station.db) == []
    with station.atomic() as db:
        db.table("dossiers").update(dossier, {"status": "finished"})
        entry_id = enqueue_dossier(db, dossier, [_file(), _file()], "sohoa")
    entry = get_entry(station.db, entry_id)
    assert entry.state is State.QUEUED and [f.name for f in entry.files] == ["a.pdf", "a-2.pdf"]
    assert entry.payload["applicant_name"] == "Phạm Thị D"


def test_enqueue_outside_a_transaction_or_twice_is_refused(station: Store) -> None:
    dossier = _dossier(station)
    with pytest.raises(OutboxError):
        enqueue_dossier(station.db, dossier, [_file()], "sohoa")
    with station.atomic() as db:
        enqueue_dossier(db, dossier, [_file()], "sohoa")
    with pytest.raises(OutboxError, match="already"), station.atomic() as db:
        enqueue_dossier(db, dossier, [_file()], "sohoa")


def test_retry_and_cancel_by_hand(station: Store) -> None:
    with station.atomic() as db:
        entry_id = enqueue_dossier(db, _dossier(station), [_file()], "sohoa")
    key = get_entry(station.db, entry_id).idempotency_key
    cancel(station.db, "C-1")
    assert get_entry(station.db, entry_id).state is State.CANCELLED
    retry(station.db, "C-1")
    owner = q.lease_owner()
    claimed = q.claim_next(station.db, owner, 0.0, 60, ["sohoa"])
    assert claimed is not None and claimed.state is State.SENDING
    with pytest.raises(OutboxError):
        cancel(station.db, "C-1")
    failure = PermanentFailure("http_422", "Máy chủ từ chối.", "Refused.")
    assert q.mark_attention(station.db, entry_id, owner, failure)
    assert get_entry(station.db, entry_id).reason_vi == "Máy chủ từ chối."
    retry(station.db, "C-1")
    entry = get_entry(station.db, entry_id)
    assert entry.state is State.QUEUED and entry.idempotency_key == key, "the key is stable across retries"


def test_follow_up_may_update_a_file_only_before_sending(station: Store) -> None:
    with station.atomic() as db:
        entry_id = enqueue_dossier(db, _dossier(station), [_file()], "sohoa")
    with station.atomic() as db:
        assert update_file(db, 1, "dossiers/1/1/a.pdf", "1" * 64, 20) == 1
    assert get_entry(station.db, entry_id).files[0].sha256 == "1" * 64
    q.claim_next(station.db, q.lease_owner(), 0.0, 60, ["sohoa"])  # claimed, nothing told to the receiver yet
    with station.atomic() as db:
        assert update_file(db, 1, "dossiers/1/1/a.pdf", "3" * 64, 25) == 1
    q.record_remote_id(station.db, entry_id, "R-1")  # the receiver opened a submission with the old checksum
    with pytest.raises(OutboxError), station.atomic() as db:
        update_file(db, 1, "dossiers/1/1/a.pdf", "2" * 64, 30)
    assert get_entry(station.db, entry_id).files[0].sha256 == "3" * 64


def test_dead_workers_lease_is_released(station: Store) -> None:
    with station.atomic() as db:
        entry_id = enqueue_dossier(db, _dossier(station), [_file()], "sohoa")
    dead_owner = f"{q.socket.gethostname()}:999999:abcd"
    q.claim_next(station.db, dead_owner, 0.0, 3600, ["sohoa"])
    assert q.claim_next(station.db, q.lease_owner(), 1.0, 60, ["sohoa"]) is None, "a live lease is respected"
    assert q.release_dead_leases(station.db, lambda pid: pid != 999999) == 1
    assert get_entry(station.db, entry_id).state is State.QUEUED


def test_purge_after_receipt_keeps_metadata(station: Store, tmp_path: Path) -> None:
    (code,) = submit_many(station, tmp_path, 1)
    entry = list_entries(station.db)[0]
    folder = station.data_dir / "dossiers" / str(entry.dossier_id)
    assert folder.is_dir()
    owner = q.lease_owner()
    q.claim_next(station.db, owner, 0.0, 60, ["sohoa"])
    q.mark_sent(station.db, entry.id, Receipt("TN-1", "2026-11-24T10:00:00+07:00"), now=1000.0)
    assert purge_acknowledged(station, 30, now=1000.0 + 29 * 86400).dossiers == []
    report = purge_acknowledged(station, 30, now=1000.0 + 31 * 86400)
    assert report.dossiers == [code] and report.files == 2
    assert not folder.exists()
    after = get_entry(station.db, entry.id)
    assert after.purged_at and all(f.purged_at and len(f.sha256) == 64 for f in after.files)
    assert station.db.table("components").count == 2, "the database keeps the metadata"
    assert purge_acknowledged(station, 30, now=1000.0 + 40 * 86400).dossiers == []


def test_purge_never_touches_files_outside_the_data_folder(station: Store, tmp_path: Path) -> None:
    outside = make_pdf(tmp_path / "clerk-documents.pdf", 100, 1)
    with station.atomic() as db:
        entry_id = enqueue_dossier(db, _dossier(station), [OutboxFile("x.pdf", outside, "0" * 64, 1)], "sohoa")
    owner = q.lease_owner()
    q.claim_next(station.db, owner, 0.0, 60, ["sohoa"])
    q.mark_sent(station.db, entry_id, Receipt("TN-2", "t"), now=0.0)
    purge_acknowledged(station, 0, now=1.0)
    assert outside.exists()


OPS = st.lists(st.sampled_from(["claim", "ok", "transient", "permanent", "retry", "cancel", "crash"]), max_size=30)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_state_machine_never_leaves_its_transitions(station: Store, ops: list[str]) -> None:
    station.db.execute("delete from outbox_events")
    station.db.execute("delete from outbox_files")
    station.db.execute("delete from outbox_entries")
    station.db.execute("delete from dossiers")
    with station.atomic() as db:
        entry_id = enqueue_dossier(db, _dossier(station), [_file()], "sohoa")
    key = get_entry(station.db, entry_id).idempotency_key
    owner, clock, policy = q.lease_owner(), 0.0, RetryPolicy(rng=random.Random(0))
    previous = State.QUEUED
    for op in ops:
        clock += 1000.0
        try:
            if op == "claim":
                q.claim_next(station.db, owner, clock, 60, ["sohoa"])
            elif op == "ok":
                q.mark_sent(station.db, entry_id, Receipt("TN-x", "t"), clock)
            elif op == "transient":
                q.mark_retry(station.db, entry_id, owner, TransientFailure("x", "v", "e"), 1, clock + policy.delay(1))
            elif op == "permanent":
                q.mark_attention(station.db, entry_id, owner, PermanentFailure("x", "v", "e"))
            elif op == "retry":
                retry(station.db, "C-1")
            elif op == "cancel":
                cancel(station.db, "C-1")
            elif op == "crash":
                q.release_dead_leases(station.db, lambda pid: False)
        except OutboxError:
            pass
        entry = get_entry(station.db, entry_id)
        assert entry.state == previous or entry.state in TRANSITIONS[previous], (previous, op, entry.state)
        assert entry.idempotency_key == key
        previous = entry.state
    assert len(list_entries(station.db)) == 1


@given(failures=st.integers(min_value=1, max_value=200), seed=st.integers(0, 10), after=st.none() | st.floats(0, 50))
def test_backoff_grows_with_jitter_and_a_cap(failures: int, seed: int, after: float | None) -> None:
    policy = RetryPolicy(base=2.0, cap=600.0, jitter=0.5, rng=random.Random(seed))
    delay = policy.delay(failures, after)
    nominal = min(600.0, 2.0 * 2 ** min(failures - 1, 30))
    assert nominal * 0.5 <= delay <= nominal or (after is not None and delay == after)
    assert delay <= 600.0


def test_workers_claiming_at_once_never_collide(station: Store, tmp_path: Path) -> None:
    """Several workers (each its own connection, as two processes would be) claim side by side: each entry goes to
    exactly one of them and none fails with "database is locked" (the claim takes the write lock first)."""
    import threading

    codes = submit_many(station, tmp_path, 24, files=1, size=200)
    claims: list[tuple[str, str]] = []
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def work() -> None:
        mine = Store(station.data_dir)
        owner = q.lease_owner()
        start.wait()
        try:
            while (entry := q.claim_next(mine.db, owner, 0.0, 600, ["sohoa"])) is not None:
                claims.append((entry.dossier_code, owner))
        except BaseException as exc:
            errors.append(exc)
        finally:
            mine.close()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sorted(code for code, _ in claims) == sorted(codes)  # every entry once, none twice
