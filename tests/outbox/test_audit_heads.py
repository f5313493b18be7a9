"""The audit trail's head travels with each dossier and the receiver keeps it: a trail cut later, even by someone
who holds the station's key and re-signs the anchor, no longer reaches the heads the province holds."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from pathlib import Path

import httpx

from app.core import audit, keys
from app.core.audit_anchor import Head, committed_head, write_anchor
from app.core.storage import Store
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
