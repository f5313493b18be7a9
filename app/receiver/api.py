"""The intake API of docs/api/openapi.yaml as a FastAPI application: what a province's one-stop-shop system
implements to receive dossiers from SoHoa stations, and what tests, benchmarks and the demo upload to."""

from __future__ import annotations

import asyncio
import base64
import binascii
import pathlib
import re
import secrets
import time
from collections.abc import Mapping
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import FastAPI, Header, HTTPException, Path, Request
from fastapi.responses import JSONResponse
from pydantic import AfterValidator, BaseModel, Field, model_validator
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.files import sha256_file
from app.receiver.ownership import DEFAULT_FORMAT, CodeOwnership
from app.receiver.store import PendingCheck, ReceiverStore

TOKEN_LIFETIME = 300
MAX_CHUNK = 16 << 20  # SoHoa sends 1 MiB chunks; a larger body is refused before it is read into memory
MAX_JSON_BODY = 1 << 20  # a submission of 500 files is ~150 KB of JSON
MAX_FILES = 500  # per dossier
MAX_FILE_SIZE = 4 << 30  # per file: a 500-page colour scan is ~450 MB
MAX_DOSSIER_SIZE = 16 << 30  # all files of one dossier
MAX_TEXT = 1000
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
LIMITED_PATHS = ("/api/", "/oauth/")  # the intake API's routes
SUBMISSION_ID = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"


def _plain_text(value: str) -> str:
    """Text shown to people and written to logs and lists: no NUL, newline or other control character."""
    if _CONTROL.search(value):
        raise ValueError("control characters are not allowed")
    return value


def _no_path(value: str) -> str:
    """A dossier code or file name, used in folder and file names: no separator, no ``..``, no leading dot."""
    _plain_text(value)
    if "/" in value or "\\" in value or ".." in value or value.startswith(".") or not value.strip():
        raise ValueError("must not contain '/', '\\', '..' or start with '.'")
    return value


PlainText = Annotated[str, Field(max_length=MAX_TEXT), AfterValidator(_plain_text)]


class FileIn(BaseModel):
    name: Annotated[str, Field(min_length=1, max_length=255), AfterValidator(_no_path)]
    sha256: str = Field(pattern=r"^[0-9a-fA-F]{64}$")
    size: int = Field(ge=0, le=MAX_FILE_SIZE)
    component: PlainText = ""
    media_type: PlainText = "application/pdf"


class AuditHeadIn(BaseModel):
    """The station's audit trail head when it queued the dossier; the receiver keeps every head it has seen."""

    last_id: int = Field(ge=0, le=1 << 62)
    entries: int = Field(ge=0, le=1 << 62)
    last_hash: str = Field(pattern=r"^[0-9a-f]{64}$")


class HeadIn(BaseModel):
    """A station's audit head sent on its own, when no dossier has carried it for a while."""

    station: Annotated[str, Field(min_length=1, max_length=100), AfterValidator(_plain_text)]
    audit_head: AuditHeadIn


class SubmissionIn(BaseModel):
    code: Annotated[str, Field(min_length=1, max_length=100), AfterValidator(_no_path)]
    procedure: PlainText = ""
    procedure_name: PlainText = ""
    applicant_id: PlainText = ""
    applicant_name: PlainText = ""
    station: PlainText = ""
    received_at_counter: PlainText = ""
    files: list[FileIn] = Field(min_length=1, max_length=MAX_FILES)
    audit_head: AuditHeadIn | None = None

    @model_validator(mode="after")
    def _total_size(self) -> SubmissionIn:
        if sum(f.size for f in self.files) > MAX_DOSSIER_SIZE:
            raise ValueError(f"the files of one dossier may total at most {MAX_DOSSIER_SIZE} bytes")
        return self


class BodyLimit:
    """Refuse a request body over its limit (16 MiB for a file chunk, 1 MiB of JSON otherwise) before it is held in
    memory: by its Content-Length when declared, else as it streams in."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(LIMITED_PATHS):
            await self.app(scope, receive, send)  # other routes (the DVCQG emulator's) bound their own bodies
            return
        limit = MAX_CHUNK if scope["method"] == "PUT" else MAX_JSON_BODY
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > limit:
            await _too_large(limit)(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise HTTPException(413, "body too large")
            return message

        await self.app(scope, limited, send)


def _too_large(limit: int) -> JSONResponse:
    return _json(413, {"error": "chunk_too_large" if limit == MAX_CHUNK else "body_too_large",
                       "message_vi": f"Mỗi lần gửi tối đa {limit >> 20} MiB.",
                       "message_en": f"A request may carry at most {limit >> 20} MiB.", "max": limit})


def _json(status: int, body: Any, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse(body, status_code=status, headers=dict(headers or {}))


def _hash_all(paths: Mapping[int, pathlib.Path]) -> dict[int, str]:
    return {idx: sha256_file(path) for idx, path in paths.items()}


class Access:
    """Bearer auth, optional: a shared static token, static tokens bound to stations (``tokens``: token -> station
    id), and/or OAuth2 client credentials issuing short-lived tokens."""

    def __init__(self, token: str | None, clients: Mapping[str, str], tokens: Mapping[str, str] | None = None) -> None:
        self.token = token
        self.clients = dict(clients)
        self.tokens = {t.encode(): station for t, station in (tokens or {}).items()}
        self.issued: dict[str, tuple[float, str]] = {}  # token: (expiry, client id)

    @property
    def required(self) -> bool:
        return bool(self.token or self.clients or self.tokens)

    @property
    def identities(self) -> list[str]:
        """Every station identity configured: the OAuth2 clients and the stations of the bound tokens."""
        return [*self.clients, *self.tokens.values()]

    @staticmethod
    def _given(header: str | None) -> bytes | None:
        if not header or not header.startswith("Bearer "):
            return None
        # bytes: compare_digest refuses str with non-ASCII characters (a malformed header is a 401, not a 500)
        return header[7:].strip().encode("utf-8", "surrogateescape")

    def _bound_station(self, given: bytes) -> str | None:
        found = None
        for token, station in self.tokens.items():  # every token compared: the time taken says nothing
            if secrets.compare_digest(given, token):
                found = station
        return found

    def allows(self, header: str | None) -> bool:
        if not self.required:
            return True
        given = self._given(header)
        if given is None:
            return False
        if self.token and secrets.compare_digest(given, self.token.encode()):
            return True
        if self._bound_station(given) is not None:
            return True
        return self.issued.get(given.decode("utf-8", "surrogateescape"), (0.0, ""))[0] > time.monotonic()

    def identity(self, header: str | None) -> str | None:
        """The station a valid bearer token speaks for: the OAuth2 client it was issued to, or the station its static
        token is bound to (None: the shared token, or no auth at all)."""
        given = self._given(header)
        if given is None:
            return None
        bound = self._bound_station(given)
        if bound is not None:
            return bound
        expiry, client_id = self.issued.get(given.decode("utf-8", "surrogateescape"), (0.0, ""))
        return client_id if expiry > time.monotonic() else None

    def issue(self, client_id: str, secret: str) -> str | None:
        expected = self.clients.get(client_id)
        if expected is None or not secrets.compare_digest(expected.encode(), secret.encode("utf-8", "surrogateescape")):
            return None
        token = secrets.token_urlsafe(24)
        self.issued[token] = (time.monotonic() + TOKEN_LIFETIME, client_id)
        return token


def create_app(store: ReceiverStore, *, token: str | None = None, clients: Mapping[str, str] | None = None,
               duplicates: str = "replay", code_format: str = DEFAULT_FORMAT,
               tokens: Mapping[str, str] | None = None) -> FastAPI:
    """``duplicates``: "replay" answers a repeated create or commit with the original answer, "conflict" with 409.
    ``code_format``: the agency's dossier code format, to tell which station's offline slot a code is in.
    ``tokens``: static bearer tokens bound to stations (token -> station id), besides the shared ``token``."""
    access = Access(token, clients or {}, tokens)
    ownership = CodeOwnership(code_format, identities=access.identities)
    app = FastAPI(title="SoHoa intake API", version="1.0", docs_url=None, redoc_url=None,
                  openapi_url=None)  # the contract is docs/api/openapi.yaml
    app.add_middleware(BodyLimit)
    unauthorized = _json(401, {"error": "unauthorized", "message_vi": "Cần mã truy cập hợp lệ.",
                               "message_en": "A valid access token is required."}, {"WWW-Authenticate": "Bearer"})
    too_large = _too_large(MAX_CHUNK)

    @app.get("/api/v1/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/oauth/token")
    async def oauth_token(request: Request) -> JSONResponse:
        form = {k: v[0] for k, v in parse_qs((await request.body()).decode("utf-8", "replace")).items()}
        client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        basic = request.headers.get("authorization", "")
        if basic.startswith("Basic "):
            try:
                client_id, _, secret = base64.b64decode(basic[6:], validate=True).decode("utf-8").partition(":")
            except (binascii.Error, ValueError):
                return _json(401, {"error": "invalid_client"})
        if form.get("grant_type") != "client_credentials":
            return _json(400, {"error": "unsupported_grant_type"})
        issued = access.issue(client_id, secret)
        if issued is None:
            return _json(401, {"error": "invalid_client"})
        return _json(200, {"access_token": issued, "token_type": "Bearer", "expires_in": TOKEN_LIFETIME})

    @app.get("/api/v1/dossiers", response_model=None)
    async def dossiers(authorization: Annotated[str | None, Header()] = None) -> Any:
        if not access.allows(authorization):
            return unauthorized
        return store.dossiers()

    @app.post("/api/v1/submissions", response_model=None)
    async def create(body: SubmissionIn, idempotency_key: Annotated[str, Header(min_length=8, max_length=200)],
                     authorization: Annotated[str | None, Header()] = None) -> JSONResponse:
        if not access.allows(authorization):
            return unauthorized
        identity = access.identity(authorization)
        owner = ownership.refuses(body.code, identity)
        if owner is not None:
            return _json(403, {"error": "code_not_yours", "owner_station": owner,
                               "message_vi": f"Mã hồ sơ {body.code} thuộc dải số của trạm số {owner}; chỉ trạm đó, "
                                             "với mã truy cập của riêng trạm, được dùng mã này.",
                               "message_en": f"Dossier code {body.code} is in station {owner}'s numbers; only that "
                                             "station, with its own credentials, may claim it."})
        fields = body.model_dump()
        if ownership.refuses_station(body.station, identity):
            fields["audit_head"] = None  # another station's head is not kept; the dossier is never refused for it
        status, answer, replayed = store.create(idempotency_key, fields)
        if replayed and duplicates == "conflict":
            return _json(409, {"error": "duplicate_key", "id": answer["id"], "message_vi": "Hồ sơ đã được tạo.",
                               "message_en": "This key already created a submission."})
        return _json(status, answer, {"Idempotent-Replayed": "true"} if replayed else None)

    @app.get("/api/v1/audit-heads", response_model=None)
    async def audit_heads(station: str | None = None, authorization: Annotated[str | None, Header()] = None) -> Any:
        """The audit heads each station sent: ``sohoa audit verify --heads`` holds its trail against them."""
        if not access.allows(authorization):
            return unauthorized
        return store.audit_heads(station)

    @app.post("/api/v1/audit-heads", response_model=None)
    async def keep_head(body: HeadIn, authorization: Annotated[str | None, Header()] = None) -> JSONResponse:
        """A station's head on its own: kept once (201), a head already kept answers 200."""
        if not access.allows(authorization):
            return unauthorized
        if ownership.refuses_station(body.station, access.identity(authorization)):
            return _json(403, {"error": "station_not_yours", "station": body.station,
                               "message_vi": f"Mã truy cập này không được gửi đầu chuỗi nhật ký của trạm "
                                             f"{body.station}.",
                               "message_en": f"These credentials may not send station {body.station}'s audit head."})
        new = store.keep_audit_head(body.station, body.audit_head.model_dump())
        return _json(201 if new else 200, {"station": body.station, **body.audit_head.model_dump(), "new": new})

    @app.get("/api/v1/submissions/{id}", response_model=None)
    async def status(sub_id: Annotated[str, Path(alias="id", pattern=SUBMISSION_ID)],
                     authorization: Annotated[str | None, Header()] = None) -> JSONResponse:
        if not access.allows(authorization):
            return unauthorized
        found = store.status(sub_id)
        return _json(200, found) if found else _json(404, {"error": "not_found"})

    @app.put("/api/v1/submissions/{id}/files/{index}", response_model=None)
    async def upload(sub_id: Annotated[str, Path(alias="id", pattern=SUBMISSION_ID)],
                     idx: Annotated[int, Path(alias="index", ge=0, lt=MAX_FILES)],
                     request: Request, upload_offset: Annotated[int, Header(ge=0, le=MAX_FILE_SIZE)],
                     authorization: Annotated[str | None, Header()] = None) -> JSONResponse:
        if not access.allows(authorization):
            return unauthorized
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_CHUNK:
            return too_large
        body = bytearray()
        async for part in request.stream():
            body += part
            if len(body) > MAX_CHUNK:
                return too_large
        result = store.put_chunk(sub_id, idx, upload_offset, bytes(body))
        if isinstance(result, PendingCheck):  # the last byte: hash the whole file in a thread, not on the loop
            result = store.finish_file(result, await asyncio.to_thread(sha256_file, result.part))
        status, answer = result
        return _json(status, answer)

    @app.post("/api/v1/submissions/{id}/commit", response_model=None)
    async def commit(sub_id: Annotated[str, Path(alias="id", pattern=SUBMISSION_ID)],
                     authorization: Annotated[str | None, Header()] = None) -> JSONResponse:
        if not access.allows(authorization):
            return unauthorized
        recheck = store.to_recheck(sub_id)  # files a commit cut short already moved: hashed again, off the loop
        digests = await asyncio.to_thread(_hash_all, recheck) if recheck else {}
        status, answer, repeat = store.commit(sub_id, digests)
        if repeat and duplicates == "conflict":
            return _json(409, {**answer, "error": "already_committed"})
        return _json(status, answer)

    return app
