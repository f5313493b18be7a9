"""The reference receiver as a contract: the documented paths, checksums verified, idempotent on the key, the
exact shape of ``GET /api/v1/dossiers``."""

from __future__ import annotations

import hashlib
import re
import uuid
from pathlib import Path

import httpx

from tests.conftest import ROOT

API = "/api/v1"


def _create(client: httpx.Client, url: str, key: str, data: bytes, code: str = "000.00.01.H22-261124-0001",
            **extra: str) -> httpx.Response:
    body = {"code": code, "procedure": "1.000948", "applicant_name": "Võ Văn E",
            "files": [{"name": "tờ khai.pdf", "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}],
            **extra}
    return client.post(f"{url}{API}/submissions", json=body, headers={"Idempotency-Key": key})


def test_checksum_is_verified_and_duplicates_replay(receiver) -> None:  # type: ignore[no-untyped-def]
    url = receiver()
    data = b"%PDF-1.7 " + bytes(range(256)) * 8
    with httpx.Client() as client:
        key = str(uuid.uuid4())
        created = _create(client, url, key, data)
        assert created.status_code == 201
        sub = created.json()["id"]
        replay = _create(client, url, key, data)
        assert replay.status_code == 201 and replay.json() == created.json()
        assert replay.headers["idempotent-replayed"] == "true"
        assert _create(client, url, key, data + b"x").status_code == 422, "a key cannot name another dossier"
        assert _create(client, url, str(uuid.uuid4()), data).json()["error"] == "code_taken"

        put = f"{url}{API}/submissions/{sub}/files/0"
        bad = client.put(put, content=data[:-1] + b"!", headers={"Upload-Offset": "0"})
        assert bad.status_code == 422 and bad.json()["error"] == "checksum_mismatch"
        assert client.post(f"{url}{API}/submissions/{sub}/commit").json()["error"] == "incomplete"
        first = client.put(put, content=data[:1000], headers={"Upload-Offset": "0"})
        assert first.json() == {"received": 1000, "complete": False}
        again = client.put(put, content=data[:1000], headers={"Upload-Offset": "0"})
        assert again.status_code == 409 and again.json()["received"] == 1000
        rest = client.put(put, content=data[1000:], headers={"Upload-Offset": "1000"})
        assert rest.json() == {"received": len(data), "complete": True}
        receipt = client.post(f"{url}{API}/submissions/{sub}/commit").json()
        assert receipt["committed"] is True and receipt["id"] == sub and receipt["received_at"]
        assert client.post(f"{url}{API}/submissions/{sub}/commit").json() == receipt
        listed = client.get(f"{url}{API}/dossiers").json()
    assert listed == [{"code": "000.00.01.H22-261124-0001", "procedure": "1.000948",
                       "files": [{"name": "tờ khai.pdf", "sha256": hashlib.sha256(data).hexdigest(),
                                  "size": len(data)}], "committed": True}]


def test_conflict_mode_answers_409_on_duplicates(receiver) -> None:  # type: ignore[no-untyped-def]
    url = receiver(duplicates="conflict")
    data = b"%PDF-1.4 small"
    with httpx.Client() as client:
        key = str(uuid.uuid4())
        sub = _create(client, url, key, data).json()["id"]
        duplicate = _create(client, url, key, data)
        assert duplicate.status_code == 409 and duplicate.json() == {**duplicate.json(), "error": "duplicate_key",
                                                                     "id": sub}
        client.put(f"{url}{API}/submissions/{sub}/files/0", content=data, headers={"Upload-Offset": "0"})
        assert client.post(f"{url}{API}/submissions/{sub}/commit").status_code == 200
        again = client.post(f"{url}{API}/submissions/{sub}/commit")
        assert again.status_code == 409 and again.json()["error"] == "already_committed"
        assert again.json()["committed"] is True


def test_bearer_auth_is_enforced_when_configured(receiver) -> None:  # type: ignore[no-untyped-def]
    url = receiver(token="abc")
    assert httpx.get(f"{url}{API}/dossiers").status_code == 401
    assert httpx.get(f"{url}{API}/dossiers", headers={"Authorization": "Bearer abc"}).json() == []
    assert httpx.get(f"{url}{API}/health").status_code == 200


def test_openapi_document_matches_the_receiver(tmp_path: Path) -> None:
    from app.receiver.api import create_app
    from app.receiver.store import ReceiverStore

    text = (ROOT / "docs" / "api" / "openapi.yaml").read_text(encoding="utf-8")
    documented: set[tuple[str, str]] = set()
    path = ""
    for line in text.splitlines():
        if m := re.match(r"^  (/\S+):\s*$", line):
            path = m.group(1)
        elif (m := re.match(r"^    (get|post|put|patch|delete):\s*$", line)) and path:
            documented.add((m.group(1).upper(), path))
    store = ReceiverStore(tmp_path)
    served = {(method, route.path) for route in create_app(store).routes
              for method in getattr(route, "methods", set()) if method != "HEAD"}
    store.close()
    assert documented == served


def test_abandoned_uploads_expire_and_the_station_starts_again(station, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                               receiver) -> None:
    """An upload never committed within ``abandon_after`` is dropped with its partial file and its key; the station
    that comes back creates it anew and the dossier still arrives exactly once."""
    from datetime import timedelta

    from app.outbox import State, list_entries
    from app.receiver.store import ReceiverStore
    from tests.outbox.support import assert_exactly_once, local_checksums, make_worker, submit_many

    url = receiver()
    codes = submit_many(station, tmp_path, 1, files=1)
    entry = list_entries(station.db)[0]
    (name, sha, size), = local_checksums(station, codes)[codes[0]]
    body = {"code": codes[0], "procedure": entry.payload.get("procedure_code") or "",
            "files": [{"name": name, "sha256": sha, "size": size}]}
    with httpx.Client() as client:  # the station's first attempt: created, one chunk sent, then the line went down
        first = client.post(f"{url}{API}/submissions", json=body,
                            headers={"Idempotency-Key": entry.idempotency_key}).json()["id"]
        data = (station.data_dir / station.db.execute("select path from outbox_files").fetchone()[0]).read_bytes()
        assert client.put(f"{url}{API}/submissions/{first}/files/0", content=data[:500],
                          headers={"Upload-Offset": "0"}).json() == {"received": 500, "complete": False}
        assert (tmp_path / "receiver-0" / "files" / first / ".0.part").is_file()

        kept = ReceiverStore(tmp_path / "receiver-0")  # a second look at the same database: nothing is old yet
        assert kept.expire_abandoned() == []
        expired = ReceiverStore(tmp_path / "receiver-0", abandon_after=timedelta(0))  # as if 72 hours had passed
        assert [r["id"] for r in expired.db.execute("select id from submissions")] == []
        kept.close()
        expired.close()
        assert not (tmp_path / "receiver-0" / "files" / first).exists()
        assert client.get(f"{url}{API}/submissions/{first}").status_code == 404

    worker = make_worker(station, url)
    try:
        worker.drain(30)
    finally:
        for destination in worker.destinations.values():
            destination.close()
    assert_exactly_once(station, url, codes)
    sent = list_entries(station.db)[0]
    assert sent.state is State.SENT and sent.remote_id != first


def test_a_chunk_larger_than_the_cap_is_refused_unread(receiver) -> None:  # type: ignore[no-untyped-def]
    from app.receiver.api import MAX_CHUNK

    url = receiver()
    data = b"%PDF-1.7 " + bytes(MAX_CHUNK + 10)
    with httpx.Client(timeout=30) as client:
        sub = _create(client, url, str(uuid.uuid4()), data).json()["id"]
        refused = client.put(f"{url}{API}/submissions/{sub}/files/0", content=data, headers={"Upload-Offset": "0"})
        assert refused.status_code == 413 and refused.json()["error"] == "chunk_too_large"
        assert client.get(f"{url}{API}/submissions/{sub}").json()["files"][0]["received"] == 0
        ok = client.put(f"{url}{API}/submissions/{sub}/files/0", content=data[:MAX_CHUNK],
                        headers={"Upload-Offset": "0"})
        assert ok.json() == {"received": MAX_CHUNK, "complete": False}
