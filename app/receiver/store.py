"""The reference receiver's own storage: a SQLite database of submissions and a file store where a file becomes
visible only after its SHA-256 was verified and it was renamed into place on commit."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from app.core.files import sha256_file
from app.core.storage import immediate_transaction

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SCHEMA = """
create table if not exists submissions (
    id text primary key, key text not null unique, code text not null, procedure text not null,
    fingerprint text not null, meta text not null, response text not null, committed integer not null default 0,
    receipt text, created_at text not null, received_at text);
create index if not exists submissions_code on submissions(code);
create table if not exists files (
    submission_id text not null references submissions(id), idx integer not null, name text not null,
    sha256 text not null, size integer not null, received integer not null default 0,
    complete integer not null default 0, primary key (submission_id, idx));
create table if not exists audit_heads (
    station text not null, last_id integer not null, entries integer not null, last_hash text not null,
    dossier_code text not null, seen_at text not null, behind integer not null default 0,
    primary key (station, last_id, last_hash));
"""
Answer = tuple[int, dict[str, Any]]
ABANDON_AFTER = timedelta(hours=72)  # an upload not committed by then is dropped; the station starts it again


def _now() -> str:
    return datetime.now(VN_TZ).isoformat(timespec="seconds")


def _fsync(path: Path) -> None:
    if os.name != "nt":
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def safe_name(name: str) -> str:
    cleaned = re.sub(r"[\x00-\x1f/\\:*?\"<>|]", "_", name).strip(" .")
    return cleaned[:200] or "file"


@dataclass(frozen=True)
class PendingCheck:
    """A file whose last byte is on disk, its SHA-256 not yet checked (hashing a large file must not hold the
    event loop: the server hashes it in a thread, then calls :meth:`ReceiverStore.finish_file`)."""

    sub_id: str
    idx: int
    received: int
    part: Path


def _digest_of(path: Path, idx: int, digests: Mapping[int, str] | None) -> str:
    return digests[idx] if digests is not None and idx in digests else sha256_file(path)


def error(status: int, code: str, vi: str, en: str, **extra: Any) -> Answer:
    return status, {"error": code, "message_vi": vi, "message_en": en, **extra}


class ReceiverStore:
    """Single-threaded by design: the server runs every request on one event loop, so no two change it at once."""

    def __init__(self, root: Path, abandon_after: timedelta = ABANDON_AFTER) -> None:
        self.root = root
        self.abandon_after = abandon_after
        self.checking: set[tuple[str, int]] = set()  # files being hashed, their chunks refused meanwhile
        self.files_dir = root / "files"
        self.files_dir.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(root / "receiver.db", isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("pragma journal_mode = wal")
        self.db.execute("pragma synchronous = full")
        self.db.executescript(SCHEMA)
        self.expire_abandoned()

    def expire_abandoned(self, now: datetime | None = None) -> list[str]:
        """Drop submissions never committed within ``abandon_after`` of their creation, with their partial files and
        their idempotency key: a station that comes back later finds them gone (404) and creates the upload anew."""
        limit = (now or datetime.now(VN_TZ)) - self.abandon_after
        stale = [row["id"] for row in self.db.execute("select id, created_at from submissions where committed = 0")
                 if datetime.fromisoformat(row["created_at"]) < limit]
        for sub_id in stale:
            with immediate_transaction(self.db):
                self.db.execute("delete from files where submission_id = ?", [sub_id])
                self.db.execute("delete from submissions where id = ?", [sub_id])
            shutil.rmtree(self.files_dir / sub_id, ignore_errors=True)
        return stale

    def close(self) -> None:
        self.db.close()

    def _files(self, sub_id: str) -> list[sqlite3.Row]:
        return list(self.db.execute("select * from files where submission_id = ? order by idx", [sub_id]))

    def _row(self, sub_id: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.db.execute("select * from submissions where id = ?", [sub_id]).fetchone()
        return row

    def part_path(self, sub_id: str, idx: int) -> Path:
        return self.files_dir / sub_id / f".{idx}.part"

    def final_path(self, sub_id: str, name: str) -> Path:
        return self.files_dir / sub_id / safe_name(name)

    def status(self, sub_id: str) -> dict[str, Any] | None:
        row = self._row(sub_id)
        if row is None:
            return None
        return {
            "id": row["id"], "code": row["code"], "procedure": row["procedure"], "committed": bool(row["committed"]),
            "received_at": row["received_at"],
            "files": [{"name": f["name"], "sha256": f["sha256"], "size": f["size"], "received": f["received"],
                       "complete": bool(f["complete"])} for f in self._files(sub_id)],
        }

    def create(self, key: str, body: dict[str, Any]) -> tuple[int, dict[str, Any], bool]:
        """New key: 201 and the new submission. Known key with the same content: the original answer, replayed."""
        self.expire_abandoned()
        files = body.get("files") or []
        fingerprint = hashlib.sha256(json.dumps(
            [body.get("code"), body.get("procedure"), [[f["name"], f["sha256"], f["size"]] for f in files]],
            ensure_ascii=False).encode()).hexdigest()
        old = self.db.execute("select * from submissions where key = ?", [key]).fetchone()
        if old is not None:
            if old["fingerprint"] != fingerprint:
                return (*error(422, "key_reused", "Khóa chống trùng đã dùng cho hồ sơ khác.",
                               "The idempotency key was used for another dossier."), False)
            return 201, json.loads(old["response"]), True
        if self.db.execute("select 1 from submissions where code = ?", [body["code"]]).fetchone():
            return (*error(409, "code_taken", "Đã có hồ sơ khác cùng mã.", "Another dossier has this code."), False)
        names = [safe_name(f["name"]) for f in files]
        if len(set(names)) != len(names):
            return (*error(422, "duplicate_file_name", "Tên tệp bị trùng.", "Duplicate file names."), False)
        sub_id = f"TN-{uuid.uuid4().hex[:12].upper()}"
        self.db.execute("pragma synchronous = normal")  # losing a new submission to a power cut is harmless
        try:
            with immediate_transaction(self.db):
                for idx, f in enumerate(files):
                    self.db.execute("insert into files (submission_id, idx, name, sha256, size) values (?, ?, ?, ?, ?)",
                                    [sub_id, idx, f["name"], f["sha256"].lower(), int(f["size"])])
                self.db.execute("insert into submissions (id, key, code, procedure, fingerprint, meta, response, "
                                "created_at) values (?, ?, ?, ?, ?, ?, '{}', ?)",
                                [sub_id, key, body["code"], body.get("procedure") or "", fingerprint,
                                 json.dumps(body, ensure_ascii=False), _now()])
                response = self.status(sub_id)
                self.db.execute("update submissions set response = ? where id = ?", [json.dumps(response), sub_id])
                self._keep_audit_head(body)
        finally:
            self.db.execute("pragma synchronous = full")
        assert response is not None
        return 201, response, False

    def _keep_audit_head(self, body: dict[str, Any]) -> None:
        head = body.get("audit_head")
        if isinstance(head, dict):
            self.keep_audit_head(str(body.get("station") or ""), head, body["code"])

    def keep_audit_head(self, station: str, head: Mapping[str, Any], dossier_code: str = "") -> bool:
        """Keep the station's audit head (with a dossier, or on its own: ``dossier_code`` empty); True when it is
        new. One with fewer entries than a head seen before from the same station is marked ``behind`` (its trail
        was cut, or it was restored from an older copy)."""
        seen = self.db.execute("select max(entries) from audit_heads where station = ?", [station]).fetchone()[0]
        behind = seen is not None and int(head["entries"]) < int(seen)
        cursor = self.db.execute(
            "insert or ignore into audit_heads (station, last_id, entries, last_hash, dossier_code, seen_at, behind) "
            "values (?, ?, ?, ?, ?, ?, ?)", [station, int(head["last_id"]), int(head["entries"]),
                                             str(head["last_hash"]), dossier_code, _now(), int(behind)])
        return cursor.rowcount == 1

    def audit_heads(self, station: str | None = None) -> list[dict[str, Any]]:
        where, params = ("where station = ?", [station]) if station is not None else ("", [])
        return [{"station": r["station"], "last_id": r["last_id"], "entries": r["entries"],
                 "last_hash": r["last_hash"], "dossier_code": r["dossier_code"], "seen_at": r["seen_at"],
                 "behind": bool(r["behind"])}
                for r in self.db.execute(f"select * from audit_heads {where} order by station, entries", params)]

    def put_chunk(self, sub_id: str, idx: int, offset: int, data: bytes) -> Answer | PendingCheck:
        """Append a chunk at ``offset``. At the last byte the file's SHA-256 is still to be checked: a
        :class:`PendingCheck` the caller hashes off the event loop and hands to :meth:`finish_file`."""
        row = self.db.execute("select * from files where submission_id = ? and idx = ?", [sub_id, idx]).fetchone()
        if row is None:
            return error(404, "not_found", "Không có tệp này.", "No such file.")
        if (sub_id, idx) in self.checking:
            return error(503, "checking", "Máy chủ đang kiểm tra tệp này; gửi lại sau.",
                         "The server is checking this file; try again shortly.")
        if row["complete"] or offset != row["received"]:
            return error(409, "offset_mismatch", "Vị trí gửi không khớp.", "Upload offset does not match.",
                         received=row["received"], complete=bool(row["complete"]))
        if offset + len(data) > row["size"]:
            return error(422, "too_large", "Tệp lớn hơn kích thước đã khai.", "The file exceeds its declared size.")
        part = self.part_path(sub_id, idx)
        on_disk = part.stat().st_size if part.exists() else 0
        if on_disk < offset:  # chunks acknowledged but lost with a power cut: ask for them again
            self._set_received(sub_id, idx, on_disk)
            return error(409, "offset_mismatch", "Vị trí gửi không khớp.", "Upload offset does not match.",
                         received=on_disk, complete=False)
        part.parent.mkdir(parents=True, exist_ok=True)
        with open(part, "r+b" if part.exists() else "wb") as handle:
            handle.truncate(offset)  # bytes past the recorded offset are from a request that never finished
            handle.seek(offset)
            handle.write(data)
            if offset + len(data) == row["size"]:
                handle.flush()
                os.fsync(handle.fileno())
        received = offset + len(data)
        if received == row["size"]:
            self.checking.add((sub_id, idx))
            return PendingCheck(sub_id, idx, received, part)
        self._set_received(sub_id, idx, received)
        return 200, {"received": received, "complete": False}

    def finish_file(self, pending: PendingCheck, digest: str) -> Answer:
        """The file's last byte arrived and ``digest`` is its SHA-256: complete, or refused and reset if wrong."""
        self.checking.discard((pending.sub_id, pending.idx))
        row = self.db.execute("select * from files where submission_id = ? and idx = ?",
                              [pending.sub_id, pending.idx]).fetchone()
        if row is None:
            return error(404, "not_found", "Không có tệp này.", "No such file.")
        if digest != row["sha256"]:
            pending.part.unlink(missing_ok=True)
            self._set_received(pending.sub_id, pending.idx, 0)
            return error(422, "checksum_mismatch", "Mã kiểm tra SHA-256 của tệp không khớp; tệp bị từ chối.",
                         "The file's SHA-256 does not match; the file was refused.", name=row["name"])
        self._set_received(pending.sub_id, pending.idx, pending.received, True)
        return 200, {"received": pending.received, "complete": True}

    def _set_received(self, sub_id: str, idx: int, received: int, complete: bool = False) -> None:
        """Chunk progress: WAL without a sync per chunk (a loss only asks the station for the chunk again)."""
        self.db.execute("pragma synchronous = normal")
        self.db.execute("update files set received = ?, complete = ? where submission_id = ? and idx = ?",
                        [received, int(complete), sub_id, idx])
        self.db.execute("pragma synchronous = full")

    def to_recheck(self, sub_id: str) -> dict[int, Path]:
        """Files a commit that did not finish already moved into place: :meth:`commit` checks their SHA-256 again,
        which the server computes off the event loop first."""
        row = self._row(sub_id)
        if row is None or row["committed"]:
            return {}
        found = {}
        for f in self._files(sub_id):
            final = self.final_path(sub_id, f["name"])
            if f["complete"] and not self.part_path(sub_id, f["idx"]).exists() and final.exists():
                found[int(f["idx"])] = final
        return found

    def commit(self, sub_id: str, digests: Mapping[int, str] | None = None) -> tuple[int, dict[str, Any], bool]:
        """Move the verified files into place, then mark the submission received. Returns (status, body, repeat).
        ``digests``: the SHA-256 of the files :meth:`to_recheck` named (computed here when not given)."""
        row = self._row(sub_id)
        if row is None:
            return (*error(404, "not_found", "Không có hồ sơ này.", "No such submission."), False)
        if row["committed"]:
            return 200, json.loads(row["receipt"]), True
        files = self._files(sub_id)
        missing = [f["idx"] for f in files if not f["complete"]]
        if missing:
            return (*error(409, "incomplete", "Hồ sơ chưa nhận đủ tệp.", "Not every file has arrived.",
                           missing=missing), False)
        folder = self.files_dir / sub_id
        folder.mkdir(parents=True, exist_ok=True)
        for f in files:
            part, final = self.part_path(sub_id, f["idx"]), self.final_path(sub_id, f["name"])
            if part.exists():
                part.replace(final)
            elif not final.exists() or _digest_of(final, f["idx"], digests) != f["sha256"]:
                self.db.execute("update files set received = 0, complete = 0 where submission_id = ? and idx = ?",
                                [sub_id, f["idx"]])
                return (*error(409, "incomplete", "Tệp bị mất trên máy chủ; cần gửi lại.",
                               "A file was lost on the server; send it again.", missing=[f["idx"]]), False)
        _fsync(folder)
        receipt = {"id": sub_id, "code": row["code"], "committed": True, "received_at": _now()}
        self.db.execute("update submissions set committed = 1, received_at = ?, receipt = ? where id = ?",
                        [receipt["received_at"], json.dumps(receipt), sub_id])
        return 200, receipt, False

    def dossiers(self) -> list[dict[str, Any]]:
        result = []
        for row in self.db.execute("select * from submissions order by created_at, rowid"):
            result.append({"code": row["code"], "procedure": row["procedure"],
                           "files": [{"name": f["name"], "sha256": f["sha256"], "size": f["size"]}
                                     for f in self._files(row["id"])],
                           "committed": bool(row["committed"])})
        return result
