"""The audit trail's head travels with each dossier and the receiver keeps it: a trail cut later, even by someone
who holds the station's key and re-signs the anchor, no longer reaches the heads the province holds."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import time_machine

from app.core import audit, keys
from app.core.audit_anchor import Head, committed_head, write_anchor
from app.core.config import Settings
from app.core.storage import Store
from app.outbox.heads import HeadSchedule, head_schedule, head_sends
from app.receiver import start_receiver_process
from tests.outbox.support import make_worker, submit_many


def heads_of(url: str, station: str = "ST01") -> list[dict[str, object]]:
    response = httpx.get(f"{url}/api/v1/audit-heads", params={"station": station}, timeout=10)
    response.raise_for_status()
    found: list[dict[str, object]] = response.json()
    return found


def test_heads_sent_with_dossiers_catch_a_trail_cut_with_the_key(cli, station: Store, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                 receiver, isolated_station: Path) -> None:
    url = receiver()
    submit_many(station, tmp_path, 3, files=1)
    worker = make_worker(station, url)
    try:
        worker.drain(60)
    finally:
        for destination in worker.destinations.values():
            destination.close()
    kept = heads_of(url)
    assert len(kept) == 3 and [h["behind"] for h in kept] == [False] * 3
    assert sorted(int(str(h["entries"])) for h in kept) == [int(str(h["entries"])) for h in kept]
    heads = [Head(int(str(h["last_id"])), int(str(h["entries"])), str(h["last_hash"])) for h in kept]
    assert audit.check(station.db, heads).ok
    heads_file = tmp_path / "heads.json"
    heads_file.write_text(json.dumps(kept), encoding="utf-8")

    # someone holding the key: cut the trail back before the last dossier, fix the head row, re-sign the anchor
    cut = heads[1].last_id
    conn = sqlite3.connect(station.db_path, isolation_level=None)
    conn.execute("delete from audit_log where id > ?", [cut])
    conn.execute("update audit_head set last_id = ?, last_hash = ?, entries = ?",
                 [cut, heads[1].last_hash, heads[1].entries])
    key, _ = keys.audit_key(isolated_station)
    assert key is not None
    write_anchor(isolated_station, key, committed_head(station.db))
    assert audit.check(station.db).ok, "the station alone cannot tell"
    verdict = audit.check(station.db, heads)
    assert not verdict.ok and verdict.broken is not None and "máy chủ tiếp nhận đã nhận" in verdict.broken.reason_vi

    result = cli("audit", "verify", "--heads", str(heads_file))
    assert result.returncode == 1 and "nhật ký đã bị cắt hoặc xóa" in result.stdout, result.stdout + result.stderr
    heads_file.write_text("[{\"last_id\": 1}]", encoding="utf-8")
    refused = cli("audit", "verify", "--heads", str(heads_file))
    assert refused.returncode == 2 and "Tệp đầu chuỗi nhật ký" in refused.stderr and "Traceback" not in refused.stderr


def test_the_receiver_marks_a_head_behind_one_it_saw(receiver) -> None:  # type: ignore[no-untyped-def]
    url = receiver()

    def submit(code: str, entries: int) -> httpx.Response:
        data = code.encode()
        body = {"code": code, "station": "ST09", "files": [{"name": "a.pdf", "sha256": hashlib.sha256(data)
                                                             .hexdigest(), "size": len(data)}],
                "audit_head": {"last_id": entries, "entries": entries, "last_hash": f"{entries:064x}"}}
        return httpx.post(f"{url}/api/v1/submissions", json=body, headers={"Idempotency-Key": str(uuid.uuid4())})

    assert submit("X-1", 40).status_code == 201
    assert submit("X-2", 12).status_code == 201, "a dossier is never refused for its head"
    bad = submit("X-3", -1)
    assert bad.status_code == 422
    assert [(h["entries"], h["behind"]) for h in heads_of(url, "ST09")] == [(12, True), (40, False)]


NOON = datetime(2026, 11, 30, 5, 0, tzinfo=UTC)  # noon in Vietnam


def periodic(url: str, station: str = "ST01") -> list[dict[str, object]]:
    return [h for h in heads_of(url, station) if h["dossier_code"] == ""]


def as_head(kept: dict[str, object]) -> Head:
    return Head(int(str(kept["last_id"])), int(str(kept["entries"])), str(kept["last_hash"]))


def clerk_action(store: Store) -> None:
    """Something the clerk does that moves the trail but queues nothing."""
    audit.record(store.db, audit.Action.CATALOG_IMPORTED, clerk="can-bo", station="ST01")


def test_the_head_goes_on_its_own_when_nothing_is_queued(station: Store, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                         receiver, isolated_station: Path) -> None:
    url = receiver()
    submit_many(station, tmp_path, 1, files=1)
    with time_machine.travel(NOON, tick=False) as clock:
        worker = make_worker(station, url, audit_heads=HeadSchedule("ST01", 3600.0))
        try:
            assert worker.run_once().sent == 1
            first = periodic(url)
            assert [as_head(h) for h in first] == [committed_head(station.db)], "it names the 'sent' entry too"

            clock.shift(timedelta(minutes=10))
            clerk_action(station)
            worker.run_once()
            assert periodic(url) == first, "not before the interval has passed"

            clock.shift(timedelta(minutes=51))
            worker.run_once()
            later = periodic(url)
            assert len(later) == 2 and as_head(later[-1]) == committed_head(station.db)

            clock.shift(timedelta(hours=5))
            worker.run_once()
            worker.run_once()
            assert periodic(url) == later, "the trail has not moved: no new head"
            assert [s.state for s in head_sends(station.db)] == ["sent", "sent"]
        finally:
            for destination in worker.destinations.values():
                destination.close()
    assert audit.check(station.db, [as_head(h) for h in heads_of(url)]).ok


def test_a_head_waits_offline_and_is_moved_forward_not_doubled(station: Store, tmp_path: Path) -> None:
    url, stop = start_receiver_process(tmp_path / "rx", port=0)
    stop()  # the province's server is down: the port refuses connections
    port = int(url.rsplit(":", 1)[1])
    clerk_action(station)
    with time_machine.travel(NOON, tick=False) as clock:
        worker = make_worker(station, url, audit_heads=HeadSchedule("ST01", 3600.0))
        try:
            worker.run_once()
            waiting = head_sends(station.db)
            assert [(s.state, s.head) for s in waiting] == [("queued", committed_head(station.db))]
            assert worker.online is False

            clock.shift(timedelta(minutes=61))
            clerk_action(station)
            worker.run_once()
            moved = head_sends(station.db)
            assert len(moved) == 1 and moved[0].id == waiting[0].id and moved[0].state == "queued"
            assert moved[0].head == committed_head(station.db) != waiting[0].head

            url_again, stop_again = start_receiver_process(tmp_path / "rx", port=port)
            try:
                assert url_again == url
                clock.shift(timedelta(minutes=61))
                worker.run_once()
                worker.run_once()
                kept = heads_of(url)
            finally:
                stop_again()
        finally:
            for destination in worker.destinations.values():
                destination.close()
    assert [as_head(h) for h in kept] == [committed_head(station.db)] and kept[0]["dossier_code"] == ""
    assert [s.state for s in head_sends(station.db)] == ["sent"]


def test_the_receiver_keeps_a_head_sent_on_its_own_once(receiver) -> None:  # type: ignore[no-untyped-def]
    url = receiver(token="static-token-for-heads")
    auth = {"Authorization": "Bearer static-token-for-heads"}
    body = {"station": "ST03", "audit_head": {"last_id": 7, "entries": 7, "last_hash": "ab" * 32}}
    assert httpx.post(f"{url}/api/v1/audit-heads", json=body, timeout=10).status_code == 401
    first = httpx.post(f"{url}/api/v1/audit-heads", json=body, headers=auth, timeout=10)
    again = httpx.post(f"{url}/api/v1/audit-heads", json=body, headers=auth, timeout=10)
    assert (first.status_code, first.json()["new"]) == (201, True)
    assert (again.status_code, again.json()["new"]) == (200, False)
    for bad in ({**body, "station": ""}, {**body, "station": "ST\n03"}, {"station": "ST03"},
                {**body, "audit_head": {"last_id": 7, "entries": 7, "last_hash": "xyz"}}):
        assert httpx.post(f"{url}/api/v1/audit-heads", json=bad, headers=auth, timeout=10).status_code == 422
    kept = httpx.get(f"{url}/api/v1/audit-heads", headers=auth, timeout=10).json()
    assert [(h["station"], h["entries"], h["dossier_code"]) for h in kept] == [("ST03", 7, "")]


@pytest.mark.parametrize(("minutes", "interval"), [(60, 3600.0), (5, 300.0), (0, None)])
def test_the_head_interval_setting(minutes: int, interval: float | None) -> None:
    settings = Settings()
    settings.audit.head_interval_minutes = minutes
    schedule = head_schedule(settings)
    assert (schedule.interval if schedule else None) == interval
    assert Settings().audit.head_interval_minutes == 60


def test_a_bad_head_interval_is_refused_before_anything_is_written(cli, isolated_station: Path,  # type: ignore[no-untyped-def]
                                                                   tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text("[audit]\nhead_interval_minutes = \"hourly\"\n", encoding="utf-8")
    result = cli("outbox", "sync", "--once", "--server", "http://127.0.0.1:9")
    assert result.returncode == 2 and "head_interval_minutes" in result.stderr and "Traceback" not in result.stderr
    assert not isolated_station.exists()
