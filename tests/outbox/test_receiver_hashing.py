"""The reference receiver hashes a finished file in a thread: while a large upload's SHA-256 is computed, the event
loop still answers other requests, and a chunk for the file being checked is told to come back later."""

from __future__ import annotations

import asyncio
import hashlib
import threading
import uuid
from pathlib import Path

import httpx
import pytest

from app.receiver import api
from app.receiver.api import create_app
from app.receiver.store import ReceiverStore

DATA = b"%PDF-1.7 " + bytes(range(256)) * 64


def test_a_file_is_hashed_off_the_event_loop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = ReceiverStore(tmp_path)
    app = create_app(store)
    hashing, release = threading.Event(), threading.Event()
    order: list[str] = []
    real = api.sha256_file

    def slow_hash(path: Path) -> str:
        hashing.set()
        release.wait(30)  # on the event loop this would hold every other request until it returns
        order.append("hashed")
        return real(path)

    monkeypatch.setattr(api, "sha256_file", slow_hash)

    async def run() -> tuple[httpx.Response, httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://receiver.test") as client:
            body = {"code": "000.00.01.H22-261124-0001", "files": [
                {"name": "a.pdf", "sha256": hashlib.sha256(DATA).hexdigest(), "size": len(DATA)}]}
            created = await client.post("/api/v1/submissions", json=body,
                                        headers={"Idempotency-Key": str(uuid.uuid4())})
            put = f"/api/v1/submissions/{created.json()['id']}/files/0"
            upload = asyncio.create_task(client.put(put, content=DATA, headers={"Upload-Offset": "0"}))
            await asyncio.to_thread(hashing.wait, 30)
            health = await client.get("/api/v1/health")
            order.append("health")
            again = await client.put(put, content=DATA, headers={"Upload-Offset": "0"})
            release.set()
            done = await upload
            assert health.json() == {"status": "ok"}
            return again, done

    again, done = asyncio.run(run())
    store.close()
    assert order == ["health", "hashed"], "another request was answered while the file was hashed"
    assert again.status_code == 503 and again.json()["error"] == "checking"
    assert done.status_code == 200 and done.json() == {"received": len(DATA), "complete": True}


def test_a_wrong_checksum_found_in_the_thread_still_resets_the_file(tmp_path: Path) -> None:
    store = ReceiverStore(tmp_path)
    app = create_app(store)

    async def run() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://receiver.test") as client:
            body = {"code": "X-1", "files": [{"name": "a.pdf", "sha256": "0" * 64, "size": len(DATA)}]}
            created = await client.post("/api/v1/submissions", json=body,
                                        headers={"Idempotency-Key": str(uuid.uuid4())})
            sub = created.json()["id"]
            put = f"/api/v1/submissions/{sub}/files/0"
            return [await client.put(put, content=DATA, headers={"Upload-Offset": "0"}),
                    await client.get(f"/api/v1/submissions/{sub}")]

    refused, status = asyncio.run(run())
    store.close()
    assert refused.status_code == 422 and refused.json()["error"] == "checksum_mismatch"
    assert status.json()["files"][0]["received"] == 0 and not list((tmp_path / "files").rglob("*.part"))


def test_a_commit_cut_short_rechecks_its_files_off_the_event_loop(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A commit that moved the files into place but did not record itself (the process died) is asked again: the
    files are hashed again, in a thread."""
    store = ReceiverStore(tmp_path)
    app = create_app(store)
    hashing, release = threading.Event(), threading.Event()
    order: list[str] = []
    real = api.sha256_file

    async def run() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://receiver.test") as client:
            body = {"code": "X-2", "files": [{"name": "a.pdf", "sha256": hashlib.sha256(DATA).hexdigest(),
                                              "size": len(DATA)}]}
            created = await client.post("/api/v1/submissions", json=body,
                                        headers={"Idempotency-Key": str(uuid.uuid4())})
            sub = created.json()["id"]
            await client.put(f"/api/v1/submissions/{sub}/files/0", content=DATA, headers={"Upload-Offset": "0"})
            store.part_path(sub, 0).replace(store.final_path(sub, "a.pdf"))  # moved, then the process died

            def slow_hash(path: Path) -> str:
                hashing.set()
                release.wait(30)
                order.append("hashed")
                return real(path)

            monkeypatch.setattr(api, "sha256_file", slow_hash)
            commit = asyncio.create_task(client.post(f"/api/v1/submissions/{sub}/commit"))
            await asyncio.to_thread(hashing.wait, 30)
            await client.get("/api/v1/health")
            order.append("health")
            release.set()
            return await commit

    receipt = asyncio.run(run())
    store.close()
    assert order == ["health", "hashed"]
    assert receipt.status_code == 200 and receipt.json()["committed"] is True
