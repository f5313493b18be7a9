"""The DVCQG emulator's bodies are capped: a call's JSON at 1 MiB, a file at the file store's cap, by the declared
length or as the body streams in, answered 413 in the gateway's shape (``error_code``, ``message``), nothing kept."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
from fastapi import FastAPI

from app.receiver.dvcqg_api import MAX_JSON, add_dvcqg_routes
from app.receiver.dvcqg_store import DvcqgEmulator

USER, PASSWORD = "canbo.h22", "mật-khẩu-thử"
FILE_CAP = 1 << 20


async def streamed(total: int) -> AsyncIterator[bytes]:
    """A body without Content-Length (chunked), ``total`` bytes."""
    sent = 0
    while sent < total:
        piece = min(65536, total - sent)
        sent += piece
        yield b" " * piece


def assert_413(response: httpx.Response, cap: int) -> None:
    assert response.status_code == 413, response.text
    body = response.json()
    assert body["error_code"] == 413 and "quá lớn" in body["message"] and body["max"] == cap


def test_bodies_over_their_caps_are_413_in_the_gateways_shape(tmp_path: Path) -> None:
    app = FastAPI()
    emulator = DvcqgEmulator(tmp_path, USER, PASSWORD)
    add_dvcqg_routes(app, emulator, open_reads=True, max_file=FILE_CAP)

    async def run() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway.example") as client:
            big_login = {"username": USER, "password": PASSWORD, "padding": "x" * MAX_JSON}
            assert_413(await client.post("/dvcqg/login", json=big_login, headers={"dstcode": "H22"}), MAX_JSON)
            assert_413(await client.post("/dvcqg/service", content=streamed(MAX_JSON + 1)), MAX_JSON)
            login = await client.post("/dvcqg/login", json={"username": USER, "password": PASSWORD},
                                      headers={"dstcode": "H22"})
            session = {"session": login.json()["session"]}
            assert (await client.post("/dvcqg/service", json={**session, "service": "LayDanhSachTTHC"})).json()[
                "error_code"] in (0, "00")
            over = b"%PDF-1.4 " + b"x" * FILE_CAP
            assert_413(await client.post("/dvcqg/files?name=a.pdf", content=over, headers=session), FILE_CAP)
            assert_413(await client.post("/dvcqg/files?name=a.pdf", content=streamed(FILE_CAP + 1), headers=session),
                       FILE_CAP)
            fits = b"%PDF-1.4 " + b"x" * (FILE_CAP - 9)
            stored = await client.post("/dvcqg/files?name=a.pdf", content=fits,
                                       headers={**session, "x-content-sha256": hashlib.sha256(fits).hexdigest()})
            assert stored.status_code == 200 and stored.json()["error_code"] == 0

    asyncio.run(run())
    emulator.close()
    kept = [p.name for p in emulator.files_dir.iterdir()]
    assert kept == [hashlib.sha256(b"%PDF-1.4 " + b"x" * (FILE_CAP - 9)).hexdigest()], "no part of a refused body"
