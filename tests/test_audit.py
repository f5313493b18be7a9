"""The audit trail: entries written with the actions they trace, chained by hash; editing, deleting, inserting or
reordering entries is found by ``verify`` and by ``sohoa audit verify``."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from PIL import Image

from app.core import audit
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


def test_edited_entry_with_its_hash_recomputed_is_detected_at_the_next(trail: Store) -> None:
    row = next(trail.db.query("select * from audit_log where id = 3"))
    row["details"] = json.dumps({**json.loads(row["details"]), "sha256": "0" * 64}, sort_keys=True,
                                separators=(",", ":"))
    forged = audit._digest(row)
    raw(trail).execute("update audit_log set details = ?, hash = ? where id = 3", [row["details"], forged])
    assert broken_id(trail) == 4


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
