"""The emulated provincial gateway's HTTP side: login, the DVCQG service calls, the file store, and what tests and
demos read back (``/emulator/``). Paths are the defaults of ``[sync.dvcqg]``. Like DVCQG, an answer is HTTP 200 with
``error_code`` 0 on success and non-zero with ``message`` otherwise; an expired session is HTTP 401."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import FastAPI, Header, Request
from fastapi.responses import FileResponse, JSONResponse

from app.receiver.dvcqg_store import FILES_PATH, DvcqgEmulator, answer

MAX_FILE = 256 << 20  # one file in the province's file store
MAX_JSON = 1 << 20  # a login or a service call; a DongBoHoSoMC record of 500 files is ~300 KB


class TooLarge(Exception):
    """The request's body is over its cap: answered 413 before more of it is read."""


async def capped(request: Request, limit: int) -> AsyncIterator[bytes]:
    """The body as it streams in, refused by its declared length or once more than ``limit`` bytes came."""
    declared = request.headers.get("content-length", "")
    if declared and (not declared.isdigit() or int(declared) > limit):
        raise TooLarge
    seen = 0
    async for chunk in request.stream():
        seen += len(chunk)
        if seen > limit:
            raise TooLarge
        yield chunk


def too_large(limit: int) -> JSONResponse:
    """Like DVCQG, ``error_code`` and ``message``; the HTTP status says it too."""
    return JSONResponse(answer(413, f"Nội dung gửi quá lớn, tối đa {limit >> 20} MiB / the body is over "
                                    f"{limit >> 20} MiB", max=limit), status_code=413)


async def _json_body(request: Request) -> dict[str, Any] | None:
    """The JSON object of the body (None when it is not one); :class:`TooLarge` over :data:`MAX_JSON`."""
    data = b"".join([chunk async for chunk in capped(request, MAX_JSON)])
    try:
        body = json.loads(data)
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def add_dvcqg_routes(app: FastAPI, emulator: DvcqgEmulator, *, open_reads: bool, max_file: int = MAX_FILE) -> None:
    """``open_reads``: on loopback the /emulator/ listing and the file URLs need no session. Bodies are capped:
    ``max_file`` for a file, :data:`MAX_JSON` for a call (413 with the gateway's error shape)."""
    not_json = JSONResponse(answer(1, "Nội dung không phải JSON / the body is not a JSON object"))

    @app.exception_handler(TooLarge)
    async def refuse(request: Request, exc: TooLarge) -> JSONResponse:
        return too_large(max_file if request.url.path == FILES_PATH else MAX_JSON)

    def expired(body: dict[str, Any]) -> JSONResponse:
        return JSONResponse(body, status_code=401 if body.get("error_code") == 401 else 200)

    @app.post("/dvcqg/login")
    async def login(request: Request, dstcode: Annotated[str | None, Header()] = None) -> JSONResponse:
        body = await _json_body(request)
        return not_json if body is None else JSONResponse(emulator.login(body, dstcode))

    @app.post("/dvcqg/service")
    async def service(request: Request) -> JSONResponse:
        body = await _json_body(request)
        return not_json if body is None else expired(emulator.call(body))

    @app.post(FILES_PATH)
    async def upload(request: Request, name: str, session: Annotated[str | None, Header()] = None,
                     x_content_sha256: Annotated[str | None, Header()] = None) -> JSONResponse:
        if not emulator.session_ok(session):
            return expired(answer(401, "Phiên đăng nhập hết hạn / the session expired"))
        stored = await emulator.store_file(name, capped(request, max_file), x_content_sha256)
        if stored.get("error_code") == 0:
            stored["url"] = str(request.base_url).rstrip("/") + quote(stored.pop("path"))
        return JSONResponse(stored)

    @app.get(FILES_PATH + "/{sha}/{name}", response_model=None)
    async def download(sha: str, name: str, session: Annotated[str | None, Header()] = None) -> Any:
        if not (open_reads or emulator.session_ok(session)):
            return expired(answer(401, "Phiên đăng nhập hết hạn / the session expired"))
        path = emulator.file_path(sha)
        if path is None:
            return JSONResponse(answer(404, "Không có tệp / no such file"), status_code=404)
        return FileResponse(path, media_type="application/pdf", filename=name)

    @app.get("/emulator/dvcqg/hoso", response_model=None)
    async def hoso(session: Annotated[str | None, Header()] = None) -> Any:
        if not (open_reads or emulator.session_ok(session)):
            return expired(answer(401, "Phiên đăng nhập hết hạn / the session expired"))
        return emulator.hoso()

    @app.get("/emulator/dvcqg/giayto", response_model=None)
    async def giayto(session: Annotated[str | None, Header()] = None) -> Any:
        """The standalone result records stations sent into the citizen's data store, as last sent."""
        if not (open_reads or emulator.session_ok(session)):
            return expired(answer(401, "Phiên đăng nhập hết hạn / the session expired"))
        return emulator.kho.records()

    if open_reads:
        @app.post("/emulator/dvcqg/expire-sessions")
        async def expire() -> dict[str, Any]:
            """For tests: every session ends now, as when the gateway restarts mid-sync."""
            return {"expired": emulator.expire_sessions()}
