"""The provincial side the reference receiver emulates: a DVCQG-style gateway (session login, ``DongBoHoSoMC``
checked against docs/api/dvcqg-dongbohosomc.schema.json, ``LayDanhSachTTHC`` / ``LayThuTuc`` from a catalog file)
and the province's file store (content-addressed: the URL serves exactly the bytes uploaded)."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import sqlite3
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import jsonschema

from app.core.storage import immediate_transaction
from app.receiver.dvcqg_catalog import CatalogFile
from app.receiver.dvcqg_kho import RECORD_SERVICE, KhoRecords
from app.receiver.store import VN_TZ, safe_name

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "api" / "dvcqg-dongbohosomc.schema.json"
DATE_FIELDS = ("NgayTiepNhan", "NgayHenTra")
FILES_PATH = "/dvcqg/files"
SCHEMA = """
create table if not exists hoso (ma_hoso text primary key, data text not null, received_at text not null,
    updated_at text not null, updates integer not null default 0);
create table if not exists stored_files (sha256 text primary key, name text not null, size integer not null,
    stored_at text not null);
"""


def _now() -> str:
    return datetime.now(VN_TZ).isoformat(timespec="seconds")


def answer(code: int | str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error_code": code, "message": message, **extra}


class _Exists(Exception):
    """A dossier already held with other data, sent without ``isUpdating``: the whole sync is refused."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class DvcqgEmulator:
    """Single-threaded like :class:`ReceiverStore`: the server runs every request on one event loop."""

    def __init__(self, root: Path, username: str, password: str, catalog: Path | None = None,
                 session_seconds: float = 1800.0, lookups: Mapping[str, Callable[[dict[str, Any]], dict[str, Any]]]
                 | None = None) -> None:
        self.username = username
        self.password = password
        self.session_seconds = session_seconds
        self.sessions: dict[str, float] = {}
        self.files_dir = root / "dvcqg-files"
        self.files_dir.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(root / "dvcqg.db", isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("pragma journal_mode = wal")
        self.db.execute("pragma synchronous = full")
        self.db.executescript(SCHEMA)
        self.validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
        self.catalog = CatalogFile(catalog)
        self.lookups = dict(lookups or {})  # the data store's and identity source's calls (lookup_seeds)
        self.kho = KhoRecords(self.db, lambda sha: self.file_path(sha) is not None, FILES_PATH)

    def close(self) -> None:
        self.db.close()

    # -- sessions -------------------------------------------------------------------------------------------
    def login(self, body: dict[str, Any], dstcode: str | None) -> dict[str, Any]:
        if not dstcode:
            return answer(1, "Thiếu mã dstcode / the dstcode header is missing")
        if not (secrets.compare_digest(str(body.get("username", "")).encode(), self.username.encode())
                and secrets.compare_digest(str(body.get("password", "")).encode(), self.password.encode())):
            return answer(1, "Sai tên đăng nhập hoặc mật khẩu / wrong username or password")
        session = secrets.token_urlsafe(24)
        self.sessions[session] = time.monotonic() + self.session_seconds
        return answer(0, "OK", session=session)

    def session_ok(self, session: str | None) -> bool:
        return bool(session) and self.sessions.get(str(session), 0.0) > time.monotonic()

    def expire_sessions(self) -> int:
        count = len(self.sessions)
        self.sessions.clear()
        return count

    # -- the file store -------------------------------------------------------------------------------------
    async def store_file(self, name: str, chunks: AsyncIterator[bytes], declared: str | None) -> dict[str, Any]:
        """Store the body under its SHA-256 (temp file, fsync, rename); refuse it if it does not match
        ``declared``. Storing the same bytes again changes nothing."""
        digest = hashlib.sha256()
        size = 0
        fd, temp = tempfile.mkstemp(dir=self.files_dir, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as handle:
                async for chunk in chunks:
                    digest.update(chunk)
                    size += len(chunk)
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            sha = digest.hexdigest()
            if declared and declared.lower() != sha:
                return answer("checksum_mismatch", "Mã kiểm tra SHA-256 không khớp / the SHA-256 does not match")
            Path(temp).replace(self.files_dir / sha)
        finally:
            Path(temp).unlink(missing_ok=True)
        self.db.execute("insert or ignore into stored_files (sha256, name, size, stored_at) values (?, ?, ?, ?)",
                        [sha, safe_name(name), size, _now()])
        return answer(0, "OK", id=sha, path=f"{FILES_PATH}/{sha}/{safe_name(name)}", size=size)

    def file_path(self, sha: str) -> Path | None:
        path = self.files_dir / sha
        return path if len(sha) == 64 and path.is_file() else None

    # -- DVCQG calls ----------------------------------------------------------------------------------------
    def call(self, body: dict[str, Any]) -> dict[str, Any]:
        service = str(body.get("service", ""))
        if not self.session_ok(body.get("session")):
            return answer(401, "Phiên đăng nhập hết hạn / the session expired")
        if service == "DongBoHoSoMC":
            return self.sync(body)
        if service == "LayDanhSachTTHC":
            return answer(0, "OK", result=self.catalog.listing())
        if service == "LayThuTuc":
            found = self.catalog.procedure(str(body.get("maTTHC") or body.get("MATTHC") or ""))
            return answer(0, "OK", result=[found]) if found else answer(1, "Không có thủ tục / no such procedure")
        if service == RECORD_SERVICE:
            return self.kho.store(body)
        if service == "GetKetQuaGiayTo":
            return self._kho_lookup(body)
        if service in self.lookups:
            return self.lookups[service](body)
        if service == "TraCuuHoSo":
            row = self.db.execute("select data from hoso where ma_hoso = ?", [str(body.get("MaHoSo"))]).fetchone()
            return answer(0, "OK", result=[json.loads(row["data"])] if row else [])
        return answer(1, f"Dịch vụ không được hỗ trợ / unsupported service: {service}")

    def _kho_lookup(self, body: dict[str, Any]) -> dict[str, Any]:
        """The seeded papers (when a seed is loaded) and the records stations sent for this owner."""
        seeded = self.lookups.get("GetKetQuaGiayTo")
        found = seeded(body) if seeded is not None else answer(0, "OK", signature="",
                                                               result={"DanhSachGiayToKetQua": []})
        owner = str(body.get("SoDinhDanhChuSoHuu") or "")
        if str(found.get("error_code")) in ("0", "00") and owner:
            found["result"]["DanhSachGiayToKetQua"] += self.kho.of_owner(owner)
        return found

    def problems(self, body: dict[str, Any]) -> list[str]:
        found = [f"{'/'.join(str(p) for p in e.absolute_path) or '(body)'}: {e.message}"
                 for e in sorted(self.validator.iter_errors(body), key=lambda e: list(e.absolute_path))]
        if found:
            return found
        for n, item in enumerate(body["data"]):
            for field in DATE_FIELDS:
                try:
                    datetime.strptime(item[field], "%Y%m%d%H%M%S")
                except ValueError:
                    found.append(f"data/{n}/{field}: ngày không hợp lệ / not a date: {item[field]}")
            files = [(f"TaiLieuNop/{k}", str(doc["DuongDanTaiTepTin"])) for k, doc in enumerate(item["TaiLieuNop"])]
            files += [(f"DanhSachGiayToKetQua/{k}", str(doc["DuongDanTepTinKetQua"]))
                      for k, doc in enumerate(item.get("DanhSachGiayToKetQua") or [])]
            for where, url in files:
                if FILES_PATH + "/" in url and self.file_path(url.split(FILES_PATH + "/", 1)[1][:64]) is None:
                    found.append(f"data/{n}/{where}: tệp không có trong kho / file not in the store")
        return found

    def sync(self, body: dict[str, Any]) -> dict[str, Any]:
        """All items or none; an item for a known MaHoSo replaces it when ``isUpdating`` (or when identical)."""
        problems = self.problems(body)
        if problems:
            return answer(1, "Dữ liệu không hợp lệ / invalid data: " + "; ".join(problems[:10]))
        now = _now()
        try:
            with immediate_transaction(self.db):
                for item in body["data"]:
                    text = json.dumps(item, ensure_ascii=False, sort_keys=True)
                    row = self.db.execute("select data from hoso where ma_hoso = ?", [item["MaHoSo"]]).fetchone()
                    if row is None:
                        self.db.execute("insert into hoso (ma_hoso, data, received_at, updated_at) "
                                        "values (?, ?, ?, ?)", [item["MaHoSo"], text, now, now])
                    elif row["data"] != text:
                        if not body["isUpdating"]:
                            raise _Exists(item["MaHoSo"])  # rolls back the items before it too
                        self.db.execute("update hoso set data = ?, updated_at = ?, updates = updates + 1 "
                                        "where ma_hoso = ?", [text, now, item["MaHoSo"]])
        except _Exists as exists:
            return answer(409, f"Hồ sơ {exists.code} đã tồn tại; gửi với isUpdating / "
                               "the dossier exists; send it with isUpdating")
        first = body["data"][0]["MaHoSo"]
        received = self.db.execute("select received_at from hoso where ma_hoso = ?", [first]).fetchone()[0]
        return answer(0, "OK", id=first, received_at=received)

    def hoso(self) -> list[dict[str, Any]]:
        """The latest data item per MaHoSo, in the order they first arrived."""
        return [json.loads(row["data"]) for row in self.db.execute("select data from hoso order by rowid")]
