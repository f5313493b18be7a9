"""The emulated provincial gateway's HTTP side: login, the DVCQG service calls, the file store, and what tests and
demos read back (``/emulator/``). Paths are the defaults of ``[sync.dvcqg]``. Like DVCQG, an answer is HTTP 200 with
``error_code`` 0 on success and non-zero with ``message`` otherwise; an expired session is HTTP 401."""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import FastAPI, Header, Request
from fastapi.responses import FileResponse, JSONResponse

from app.receiver.dvcqg_store import FILES_PATH, DvcqgEmulator, answer

MAX_FILE = 256 << 20


async def _json_body(request: Request) -> dict[str, Any] | None:
    try:
        body = json.loads(await request.body())
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def add_dvcqg_routes(app: FastAPI, emulator: DvcqgEmulator, *, open_reads: bool) -> None:
    """``open_reads``: on loopback the /emulator/ listing and the file URLs need no session."""
    not_json = JSONResponse(answer(1, "Nội dung không phải JSON / the body is not a JSON object"))

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
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_FILE:
            return JSONResponse(answer(1, "Tệp quá lớn / the file is too large"))
        stored = await emulator.store_file(name, request.stream(), x_content_sha256)
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

    if open_reads:
        @app.post("/emulator/dvcqg/expire-sessions")
        async def expire() -> dict[str, Any]:
            """For tests: every session ends now, as when the gateway restarts mid-sync."""
            return {"expired": emulator.expire_sessions()}
