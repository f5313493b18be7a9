"""The audit trail's anchor outside the database: the latest head (last entry's id, the number of entries, its
hash) in a 0600 file next to the database, with an HMAC under the audit key, which is kept outside the database
too (:mod:`app.core.keys`). Whoever can write the database but not the key cannot rewrite, truncate or wipe the
trail without ``verify`` seeing it: the entries are HMACs chained to each other and the anchor says where the
chain ended.

The anchor is moved forward only after a commit (never for a transaction that rolls back) and only when the
entries since the anchor follow it under the key, so a trail tampered with is never anchored over.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.files import atomic_write_bytes
from app.core.storage import now_iso

if TYPE_CHECKING:  # the window imports the audit actions before its first paint; sqlite-utils loads NumPy
    from sqlite_utils import Database

ANCHOR_FILE = "audit-anchor.json"
GENESIS = "0" * 64
SCHEME_SHA256 = 0  # entries written before the trail was anchored: a plain SHA-256 chain
SCHEME_HMAC = 1


class AnchorUnreadable(ValueError):
    """The anchor file exists but is not an anchor (cut, edited by hand)."""


@dataclass(frozen=True)
class Head:
    last_id: int
    entries: int
    last_hash: str

    def as_dict(self) -> dict[str, Any]:
        return {"last_id": self.last_id, "entries": self.entries, "last_hash": self.last_hash}


@dataclass(frozen=True)
class Anchor:
    head: Head
    at: str
    mac: str


def canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _hmac(key: bytes, value: Any) -> str:
    return hmac.new(key, canonical(value).encode("utf-8"), hashlib.sha256).hexdigest()


def entry_fields(row: dict[str, Any]) -> list[Any]:
    return [row["id"], row["at"], row["action"], row["clerk"], row["station"], row["dossier_code"], row["details"],
            row["prev_hash"]]


def entry_hash(row: dict[str, Any], key: bytes | None) -> str:
    """An entry's hash: an HMAC under the audit key (scheme 1), or the SHA-256 of entries from before (scheme 0)."""
    if (row.get("scheme") or SCHEME_SHA256) == SCHEME_HMAC:
        if key is None:
            raise KeyError("audit key")
        return _hmac(key, ["sohoa-audit-entry-1", *entry_fields(row)])
    return hashlib.sha256(canonical(entry_fields(row)).encode("utf-8")).hexdigest()


def head_mac(key: bytes, head: Head) -> str:
    return _hmac(key, ["sohoa-audit-head-1", head.last_id, head.entries, head.last_hash])


def data_folder(db: Database) -> Path | None:
    """The folder of the database file (the station's data folder); None for a database in memory."""
    for _seq, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return Path(file).parent if file else None
    return None


def anchor_path(folder: Path) -> Path:
    return folder / ANCHOR_FILE


def read_anchor(folder: Path) -> Anchor | None:
    """The anchor, or None when there is none; :class:`AnchorUnreadable` when the file is not one."""
    path = anchor_path(folder)
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_bytes())
        head = Head(int(data["last_id"]), int(data["entries"]), str(data["last_hash"]))
        return Anchor(head, str(data.get("at", "")), str(data["mac"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise AnchorUnreadable(str(path)) from exc


def anchor_valid(anchor: Anchor, key: bytes) -> bool:
    return hmac.compare_digest(anchor.mac, head_mac(key, anchor.head))


def write_anchor(folder: Path, key: bytes, head: Head) -> None:
    body = {**head.as_dict(), "at": now_iso(), "mac": head_mac(key, head)}
    atomic_write_bytes(anchor_path(folder), canonical(body).encode("utf-8"))


def committed_head(db: Database) -> Head:
    """The chain's last entry as the database holds it (the genesis when it is empty)."""
    row = db.execute("select id, hash from audit_log order by id desc limit 1").fetchone()
    if row is None:
        return Head(0, 0, GENESIS)
    count = db.execute("select count(*) from audit_log").fetchone()[0]
    return Head(int(row[0]), int(count), str(row[1]))


def follows(db: Database, anchor: Anchor, key: bytes) -> Head | None:
    """The head the database's trail reaches from ``anchor`` when every entry after it is chained and signed under
    ``key``; None when the trail does not follow the anchor (rewritten, truncated or forged)."""
    start = anchor.head
    rows = list(db.query("select * from audit_log where id >= ? order by id", [start.last_id]))
    if start.last_id > 0:
        if not rows or rows[0]["id"] != start.last_id or rows[0]["hash"] != start.last_hash:
            return None
        rows = rows[1:]
    prev, head = start.last_hash, start
    for row in rows:
        if row["prev_hash"] != prev or row.get("scheme") != SCHEME_HMAC:
            return None
        if not hmac.compare_digest(row["hash"], entry_hash(row, key)):
            return None
        prev = row["hash"]
        head = Head(int(row["id"]), head.entries + 1, prev)
    return head
