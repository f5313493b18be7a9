"""The audit trail: entries written with the actions they trace, chained by hash; editing, deleting, inserting or
reordering entries is found by ``verify`` and by ``sohoa audit verify``."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import stat
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from PIL import Image

from app.core import audit
from app.core.audit_anchor import canonical, committed_head, entry_fields, read_anchor
from app.core.storage import Store
from app.dossiers.model import NewDossier
from app.dossiers.store import DossierStore


def page(value: int) -> Image.Image:
    return Image.new("RGB", (60, 80), (value, value, value))


@pytest.fixture
def trail(isolated_station: Path) -> Store:
    """A dossier created, three pages scanned, one removed, one replaced: six entries."""
    ds = DossierStore(Store(isolated_station), clerk="an", station="ST01")
    dossier = ds.create("000.00.01.H22-261124-0001", NewDossier("1.008001", "Nguyễn Văn A", "001090000001"))
    comp = ds.add_component(dossier, "Tờ khai")
    ds.begin_scan(comp)
    pages = [ds.add_page(comp, page(v), 200) for v in (10, 20, 30)]
    ds.remove_page(pages[0].id)
    ds.replace_page(pages[1].id, page(99), 200)
    return ds.store


def test_dossier_actions_are_recorded_and_chained(trail: Store) -> None:
    found = list(reversed(audit.entries(trail.db)))
    assert [e.action for e in found] == ["dossier_created", "page_scanned", "page_scanned", "page_scanned",
                                         "page_removed", "page_scanned", "page_replaced"]
    assert {(e.clerk, e.station, e.dossier_code) for e in found} == {("an", "ST01", "000.00.01.H22-261124-0001")}
    replaced = found[-1].details
    assert replaced["page_id"] == found[2].details["page_id"] and replaced["new_page_id"] == found[5].details["page_id"]
    assert found[1].details["sha256"] and "Nguyễn" not in json.dumps([e.details for e in found], ensure_ascii=False)
    assert audit.verify(trail.db) == (True, None)


def test_an_entry_is_rolled_back_with_its_action(trail: Store) -> None:
    before = len(audit.entries(trail.db))
    with pytest.raises(RuntimeError), trail.atomic() as db:
        audit.record(db, audit.Action.SIGNED, clerk="an", station="ST01", details={"component_id": 1})
        raise RuntimeError("signing failed after the entry was written")
    assert len(audit.entries(trail.db)) == before and audit.verify(trail.db)[0]


def test_unknown_actions_are_refused(trail: Store) -> None:
    with pytest.raises(Exception, match="audit action"):
        audit.record(trail.db, "coffee_break", clerk="an", station="ST01")


def raw(store: Store) -> sqlite3.Connection:
    """What someone with the database file could do, outside the application."""
    return sqlite3.connect(store.db_path, isolation_level=None)


def broken_id(store: Store) -> int | None:
    ok, broken = audit.verify(store.db)
    assert not ok and broken is not None
    return broken.id


def test_edited_entry_is_detected(trail: Store) -> None:
    raw(trail).execute("update audit_log set clerk = 'someone else' where id = 3")
    assert broken_id(trail) == 3


def test_edited_entry_with_its_hash_recomputed_is_detected(trail: Store) -> None:
    """Without the key kept outside the database, a recomputed hash is a plain SHA-256, not the entry's HMAC."""
    row = next(trail.db.query("select * from audit_log where id = 3"))
    row["details"] = json.dumps({**json.loads(row["details"]), "sha256": "0" * 64}, sort_keys=True,
                                separators=(",", ":"))
    forged = hashlib.sha256(canonical(entry_fields(row)).encode()).hexdigest()
    raw(trail).execute("update audit_log set details = ?, hash = ? where id = 3", [row["details"], forged])
    assert broken_id(trail) == 3


def test_deleted_entry_is_detected(trail: Store) -> None:
    raw(trail).execute("delete from audit_log where id = 4")
    assert broken_id(trail) == 5


def test_deleted_last_entries_are_detected(trail: Store) -> None:
    raw(trail).execute("delete from audit_log where id >= 6")
    ok, broken = audit.verify(trail.db)
    assert not ok and broken is not None and broken.id == 5 and "cuối nhật ký" in broken.reason_vi


def test_reordered_entries_are_detected(trail: Store) -> None:
    conn = raw(trail)
    conn.execute("update audit_log set id = -2 where id = 2")
    conn.execute("update audit_log set id = 2 where id = 3")
    conn.execute("update audit_log set id = 3 where id = -2")
    assert broken_id(trail) == 2


def test_inserted_entry_is_detected(trail: Store) -> None:
    conn = raw(trail)
    conn.execute("insert into audit_log (id, at, action, clerk, station, dossier_code, details, prev_hash, hash) "
                 "select 100, at, 'purged', clerk, station, dossier_code, '{}', hash, 'x' from audit_log "
                 "order by id desc limit 1")
    assert broken_id(trail) == 100


def test_wiped_log_is_detected(trail: Store) -> None:
    raw(trail).execute("delete from audit_log")
    ok, broken = audit.verify(trail.db)
    assert not ok and broken is not None and broken.id is None


def test_cli_verify_reports_whole_and_broken(cli, trail: Store) -> None:
    whole = cli("audit", "verify")
    assert whole.returncode == 0, whole.stderr
    assert "Nhật ký thao tác nguyên vẹn: 7 mục" in whole.stdout
    raw(trail).execute("update audit_log set action = 'page_scanned' where id = 5")
    broken = cli("audit", "verify")
    assert broken.returncode == 1
    assert "mục #5 (page_scanned" in broken.stdout and "nội dung mục này đã bị sửa" in broken.stdout
    listed = cli("audit", "list", "--dossier", "000.00.01.H22-261124-0001")
    assert "Tạo hồ sơ" in listed.stdout and "Quét lại trang" in listed.stdout


# The trail anchored outside the database: the key and the head live where the database's writer cannot reach them.

def rewrite_without_key(store: Store, edit: dict[str, str] | None = None, upto: int | None = None) -> None:
    """What a writer of the database can do without the key: rewrite the whole chain as plain SHA-256 (with an
    edit, or cut after ``upto``) and fix the head row, so the chain in the database is consistent again."""
    conn = raw(store)
    if upto is not None:
        conn.execute("delete from audit_log where id > ?", [upto])
    prev = "0" * 64
    rows = list(store.db.query("select * from audit_log order by id"))
    for row in rows:
        row.update({k: v for k, v in (edit or {}).items() if row["id"] == 3}, prev_hash=prev)
        row["hash"] = hashlib.sha256(canonical(entry_fields(row)).encode()).hexdigest()
        conn.execute("update audit_log set clerk = ?, prev_hash = ?, hash = ?, scheme = 0 where id = ?",
                     [row["clerk"], row["prev_hash"], row["hash"], row["id"]])
        prev = row["hash"]
    conn.execute("update audit_head set last_id = ?, last_hash = ?, entries = ?", [rows[-1]["id"], prev, len(rows)])


def test_the_anchor_follows_each_commit_and_not_a_rollback(trail: Store, isolated_station: Path) -> None:
    anchor = read_anchor(isolated_station)
    assert anchor is not None and anchor.head == committed_head(trail.db) and anchor.head.entries == 7
    with pytest.raises(RuntimeError), trail.atomic() as db:
        audit.record(db, audit.Action.SIGNED, clerk="an", station="ST01")
        raise RuntimeError("rolled back")
    assert read_anchor(isolated_station) == anchor
    audit.record(trail.db, audit.Action.SIGNED, clerk="an", station="ST01")
    moved = read_anchor(isolated_station)
    assert moved is not None and moved.head.entries == 8 and moved.head == committed_head(trail.db)
    for private in (isolated_station / "audit-anchor.json", isolated_station / "audit.key"):
        assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert audit.check(trail.db).anchored_at == moved.head.last_id


def test_a_chain_rewritten_without_the_key_is_detected(trail: Store) -> None:
    rewrite_without_key(trail, {"clerk": "someone else"})
    ok, broken = audit.verify(trail.db)
    assert not ok and broken is not None and broken.id == 7 and "viết lại" in broken.reason_vi


def test_a_truncated_tail_with_its_head_row_fixed_is_detected(trail: Store) -> None:
    conn = raw(trail)
    last = conn.execute("select id, hash from audit_log where id = 5").fetchone()
    conn.execute("delete from audit_log where id > 5")
    conn.execute("update audit_head set last_id = 5, last_hash = ?, entries = 5", [last[1]])
    ok, broken = audit.verify(trail.db)
    assert not ok and broken is not None and broken.id == 5 and "bị cắt" in broken.reason_vi


def test_a_wiped_trail_with_its_head_row_is_detected(cli, trail: Store) -> None:
    raw(trail).executescript("delete from audit_log; delete from audit_head;")
    ok, broken = audit.verify(trail.db)
    assert not ok and broken is not None and "mục #7" in broken.reason_vi
    result = cli("audit", "verify")
    assert result.returncode == 1 and "nhật ký đã bị cắt hoặc xóa" in result.stdout and "Traceback" not in result.stderr


def test_a_dropped_audit_table_is_a_clear_failure(cli, trail: Store) -> None:
    trail.close()
    raw(trail).executescript("drop table audit_log; drop table audit_head;")
    result = cli("audit", "verify")
    assert result.returncode == 1, result.stderr
    assert "bảng nhật ký thao tác không còn trong cơ sở dữ liệu" in result.stdout and "Traceback" not in result.stderr


@pytest.mark.parametrize("damage", ["delete", "edit", "cut"])
def test_a_damaged_anchor_is_detected(trail: Store, isolated_station: Path, damage: str) -> None:
    path = isolated_station / "audit-anchor.json"
    if damage == "delete":
        path.unlink()
    elif damage == "edit":  # moved back to hide the last two entries, without the key to sign it
        path.write_text(path.read_text().replace('"entries":7', '"entries":5'))
    else:
        path.write_bytes(path.read_bytes()[:20])
    ok, broken = audit.verify(trail.db)
    assert not ok and broken is not None and broken.id is None and "mốc neo" in broken.reason_vi


def test_a_lost_key_is_detected(trail: Store, isolated_station: Path) -> None:
    (isolated_station / "audit.key").unlink()
    ok, broken = audit.verify(trail.db)
    assert not ok and broken is not None and "khóa nhật ký" in broken.reason_vi


def test_an_older_trail_is_anchored_as_it_stands_then_protected(trail: Store, isolated_station: Path) -> None:
    """A station from before the anchor: a SHA-256 chain, no key, no anchor. It verifies as it is; its next entry
    creates the key and the anchor, and from then on cutting the older entries is caught too."""
    rewrite_without_key(trail)
    (isolated_station / "audit.key").unlink()
    (isolated_station / "audit-anchor.json").unlink()
    audit._KEYS.clear()
    assert audit.verify(trail.db) == (True, None)
    audit.record(trail.db, audit.Action.SIGNED, clerk="an", station="ST01")
    verdict = audit.check(trail.db)
    assert verdict.ok and verdict.anchored_at == 8 and verdict.key_where == str(isolated_station / "audit.key")
    rewrite_without_key(trail, upto=6)
    ok, broken = audit.verify(trail.db)
    assert not ok and broken is not None and "bị cắt" in broken.reason_vi


class MemoryKeyring(KeyringBackend):
    """An operating-system keyring as far as the station can tell (not keyrings.alt, not the fail backend)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.values.pop((service, username), None)


def test_with_an_os_keyring_the_key_lives_there(isolated_station: Path) -> None:
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    try:
        store = Store(isolated_station)
        audit.record(store.db, audit.Action.CATALOG_IMPORTED, clerk="an", station="ST01")
        assert not (isolated_station / "audit.key").exists()
        assert [s for s, _ in memory.values] == ["SoHoa"]
        verdict = audit.check(store.db)
        assert verdict.ok and verdict.key_where.startswith("keyring:SoHoa/")
        memory.values.clear()
        assert not audit.verify(store.db)[0]
    finally:
        keyring.set_keyring(previous)


def test_an_unsigned_entry_after_an_anchor_on_the_empty_trail_is_detected(isolated_station: Path) -> None:
    store = Store(isolated_station)
    with pytest.raises(RuntimeError), store.atomic() as db:  # the key and the anchor (on the empty trail) remain
        audit.record(db, audit.Action.CATALOG_IMPORTED, clerk="an", station="ST01")
        raise RuntimeError("rolled back")
    anchor = read_anchor(isolated_station)
    assert anchor is not None and anchor.head.entries == 0 and audit.verify(store.db) == (True, None)
    row = {"id": 1, "at": "2026-11-24T09:00:00+07:00", "action": "purged", "clerk": "x", "station": "ST01",
           "dossier_code": None, "details": "{}", "prev_hash": "0" * 64}
    digest = hashlib.sha256(canonical(entry_fields(row)).encode()).hexdigest()
    conn = raw(store)
    conn.execute("insert into audit_log (id, at, action, clerk, station, dossier_code, details, prev_hash, hash, "
                 "scheme) values (1, ?, 'purged', 'x', 'ST01', null, '{}', ?, ?, 0)", [row["at"], "0" * 64, digest])
    conn.execute("insert into audit_head (id, last_id, last_hash, entries) values (1, 1, ?, 1)", [digest])
    ok, broken = audit.verify(store.db)
    assert not ok and broken is not None and broken.id == 1 and "không được ký" in broken.reason_vi
