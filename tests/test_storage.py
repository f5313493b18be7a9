"""Dossier storage: one transaction per change, files before rows, recovery after a crash mid-scan."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PIL import Image

from app.core.files import write_page_image
from app.core.storage import Store, immediate_transaction
from app.dossiers.model import NewDossier
from app.dossiers.store import DossierStore, ExemptComponentError


def _station(data: Path) -> DossierStore:
    return DossierStore(Store(data), clerk="an", station="ST01")


def _page(value: int = 255) -> Image.Image:
    return Image.new("RGB", (120, 160), (value, value, value))


def test_pages_are_stored_in_order_with_checksums(isolated_station: Path) -> None:
    ds = _station(isolated_station)
    dossier = ds.create("000.00.01.H22-261124-0001", NewDossier("1.000948", "Nguyễn Văn A", "001090000001"))
    comp = ds.add_component(dossier, "Tờ khai", declared_pages=3)
    ds.begin_scan(comp)
    for v in (10, 20, 30):
        ds.add_page(comp, _page(v), 200)
    pages = ds.pages(comp)
    assert [p.seq for p in pages] == [1, 2, 3]
    assert all(ds.page_path(p).is_file() for p in pages)
    ds.move_page(pages[2].id, 0)
    assert [p.seq for p in ds.pages(comp)] == [3, 1, 2]
    ds.remove_page(pages[0].id)
    assert [p.seq for p in ds.pages(comp)] == [3, 2]
    replaced = ds.replace_page(pages[1].id, _page(99), 300)
    assert [p.id for p in ds.pages(comp)] == [pages[2].id, replaced.id]


def test_exempt_component_cannot_be_scanned(isolated_station: Path) -> None:
    ds = _station(isolated_station)
    dossier = ds.create("C-1", NewDossier("1.000948", "B"))
    comp = ds.add_component(dossier, "Tài liệu mật", exempt_reason="secret")
    with pytest.raises(ExemptComponentError):
        ds.begin_scan(comp)


def test_duplicate_dossier_code_is_refused(isolated_station: Path) -> None:
    ds = _station(isolated_station)
    ds.create("C-1", NewDossier("1.000948", "B"))
    with pytest.raises(Exception, match="UNIQUE"):
        ds.create("C-1", NewDossier("1.000948", "C"))


def test_recovery_adopts_pages_written_before_a_crash(isolated_station: Path) -> None:
    ds = _station(isolated_station)
    dossier = ds.create("C-1", NewDossier("1.000948", "B"))
    comp = ds.add_component(dossier, "Tờ khai")
    ds.begin_scan(comp)
    ds.add_page(comp, _page(1), 200)
    folder = ds.page_dir(comp)
    # a crash after the second page's file was renamed into place but before its row was written
    write_page_image(folder / "0002.png", _page(2), 200)
    # and a crash in the middle of writing the third page's file
    (folder / ".0003.png.abc.part").write_bytes(b"half")
    ds.store.close()

    reopened = _station(isolated_station)
    interrupted = reopened.recover()
    assert [c["id"] for c in interrupted] == [comp] and interrupted[0]["pages"] == 2
    assert [p.seq for p in reopened.pages(comp)] == [1, 2]
    assert not list(folder.glob("*.part"))
    assert reopened.component(comp)["status"] == "interrupted"
    next_page = reopened.add_page(comp, _page(3), 200)
    assert next_page.seq == 3


def test_an_immediate_transaction_commits_whole_or_rolls_back_whole(tmp_path: Path) -> None:
    """The one BEGIN IMMEDIATE / COMMIT / ROLLBACK of the code base (the station's store and the reference
    receiver): a failure inside leaves nothing half-written, success is seen by another connection, and the write
    lock is held from the start (a second writer waits, it does not slip in between a read and a write)."""
    path = tmp_path / "t.db"
    conn = sqlite3.connect(path, isolation_level=None)
    other = sqlite3.connect(path, isolation_level=None, timeout=0)
    conn.execute("create table t (n integer)")
    with pytest.raises(RuntimeError), immediate_transaction(conn):
        conn.execute("insert into t values (1)")
        conn.execute("insert into t values (2)")
        raise RuntimeError("failed half-way")
    assert not conn.in_transaction
    assert other.execute("select count(*) from t").fetchone() == (0,)
    with immediate_transaction(conn):
        conn.execute("insert into t values (1)")
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("begin immediate")
        conn.execute("insert into t values (2)")
    assert other.execute("select n from t order by n").fetchall() == [(1,), (2,)]
    conn.close()
    other.close()
