"""Confirmed backlog records reach the citizen's data store (the reference receiver's DVCQG emulator) exactly once:
a standalone result record with its file, or a result of the dossier its separator sheet named; confirming again,
a crash between confirming and queuing, a batch resumed, or a destination configured later never queue it twice; the
station's copy of the paper is purged once acknowledged long enough."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.core.config import Settings
from app.core.errors import BadInputError
from app.core.storage import Store
from app.outbox import State, counts, purge_acknowledged
from app.outbox.adapters import destinations_from_settings
from app.outbox.adapters.auth import store_secret
from app.results.backlog_queue import AS_RECORD, AS_RESULT, WAITING, BacklogSender
from app.results.decisions import decision_pdf, make_decision
from app.results.review import ReviewQueue
from app.signing import verify_pdf
from app.signing.station import demo_trust_roots
from tests.outbox.test_dvcqg import (
    PASSWORD,
    USER,
    dvcqg_settings,
    hoso,
    sent_dossier,
    start,
    worker_for,
)

OWNER = "001090000001"
KIND = "KQ.G15.000101"


def write_batch(folder: Path, seeds: list[int], separators: dict[int, dict[str, Any]] | None = None) -> Path:
    """A batch as ``sohoa results backlog`` leaves it: each document's PDF, then its record pre-read by OCR (here
    the generated decision's own fields, one signer without its diacritics as OCR often reads a bold line)."""
    docs = folder / "documents"
    docs.mkdir(parents=True)
    for n, seed in enumerate(seeds, start=1):
        decision = make_decision(seed)
        (docs / f"{n:03d}.pdf").write_bytes(decision_pdf(decision))
        read = {"so_ky_hieu": decision.so_ky_hieu, "ngay_ban_hanh": decision.ngay, "co_quan": decision.co_quan,
                "nguoi_ky": "Tran Van A" if n == 1 else decision.nguoi_ky, "trich_yeu": decision.trich_yeu,
                "hieu_luc_den": "", "vinh_vien": False}
        record = {"pages": [n], "separator": (separators or {}).get(n), "metadata": read, "pdf": f"{n:03d}.pdf",
                  "state": "to_review"}
        (docs / f"{n:03d}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return folder


def giayto(url: str) -> list[dict[str, Any]]:
    response = httpx.get(f"{url}/emulator/dvcqg/giayto", timeout=10)
    response.raise_for_status()
    result: list[dict[str, Any]] = response.json()
    return result


def entries(station: Store) -> int:
    return int(station.db.execute("select count(*) from outbox_entries").fetchone()[0])


def test_a_confirmed_record_reaches_the_data_store_once(station: Store, receiver, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = start(receiver)
    settings = dvcqg_settings(url)
    store_secret("dvcqg_password", url, PASSWORD)
    batch = write_batch(tmp_path / "batch", [3, 4])
    sender = BacklogSender(station, settings, ReviewQueue(batch))
    record, queued = sender.confirm(1, {"nguoi_ky": "Trần Văn An", "hieu_luc_den": "31/12/2030"}, result_type=KIND,
                                    owner_id=OWNER)
    assert record["corrected"] == ["nguoi_ky"] and [q.how for q in queued] == [AS_RECORD]
    key = queued[0].key
    assert entries(station) == 1
    # confirmed again as it is, the review run again, the batch opened again: nothing queued twice
    again, more = sender.confirm(1, {"nguoi_ky": "Trần Văn An", "hieu_luc_den": "2030-12-31"}, result_type=KIND,
                                 owner_id=OWNER)
    assert more == [] and again["metadata"]["nguoi_ky"] == "Trần Văn An"
    assert BacklogSender(station, settings, ReviewQueue(batch)).queue_confirmed() == []
    assert entries(station) == 1

    worker = worker_for(station, destinations_from_settings(settings)["dvcqg"])
    assert worker.drain(30).sent == 1
    assert worker.drain(5).sent == 0
    [sent] = giayto(url)
    decision = make_decision(3)
    assert sent["Ma"] == key and sent["MaKetQua"] == KIND and sent["SoDinhDanhChuSoHuu"] == OWNER
    assert sent["SoKyHieu"] == decision.so_ky_hieu and sent["NguoiKy"] == "Trần Văn An"
    assert sent["NgayBanHanh"] == decision.ngay.replace("-", "") + "000000"
    assert sent["CoQuanBanHanh"] == decision.co_quan and sent["TrichYeuNoiDung"] == decision.trich_yeu
    assert sent["ThoiHanHieuLuc"] == "20301231000000" and sent["ThoiHanVinhVien"] == 0
    assert sent["TrangThaiSoHoa"] == 1 and sent["AnGiayTo"] == 0 and sent["MaHoSo"] == ""
    assert json.loads(sent["JsonOcr"])["nguoi_ky"] == "Tran Van A"  # what OCR read, beside what was confirmed
    [file] = sent["DanhSachTepDinhKem"]
    served = httpx.get(file["DuongDan"], timeout=10)
    kept = station.db.execute("select pdf_path, pdf_sha256 from backlog_records").fetchone()
    assert hashlib.sha256(served.content).hexdigest() == kept[1]  # the batch's PDF stamped as a copy
    assert kept[0].endswith("001-signed.pdf")
    # the citizen's data store now answers the owner's lookup with it
    session = httpx.post(f"{url}/dvcqg/login", json={"username": USER, "password": PASSWORD},
                         headers={"dstcode": "H22"}).json()["session"]
    found = httpx.post(f"{url}/dvcqg/service", json={"session": session, "madonvi": "000.00.01.H22",
                                                     "service": "GetKetQuaGiayTo",
                                                     "SoDinhDanhChuSoHuu": OWNER}).json()
    assert [p["SoKyHieu"] for p in found["result"]["DanhSachGiayToKetQua"]] == [decision.so_ky_hieu]
    row = station.db.execute("select entry_id, corrected, result_type from backlog_records").fetchone()
    assert row[0] and json.loads(row[1]) == ["nguoi_ky"] and row[2] == KIND
    actions = [r[0] for r in station.db.execute("select action from audit_log order by id")]
    assert actions.count("backlog_confirmed") == 1 and "queued" in actions
    # the station's copy of the citizen's paper goes once acknowledged long enough; the record's row stays
    local = station.path(station.db.execute("select pdf_path from backlog_records").fetchone()[0])
    assert purge_acknowledged(station, 30, time.time() + 29 * 86400).dossiers == [] and local.is_file()
    assert purge_acknowledged(station, 30, time.time() + 31 * 86400).dossiers == [key] and not local.exists()
    assert purge_acknowledged(station, 30, time.time() + 32 * 86400).dossiers == []


def test_a_crash_before_queuing_and_a_destination_set_later_queue_once(station: Store, tmp_path: Path) -> None:
    batch = write_batch(tmp_path / "batch", [5, 6])
    ReviewQueue(batch).confirm(1, {}, result_type=KIND)  # confirmed, then the station stopped before queuing
    without = BacklogSender(station, Settings(), ReviewQueue(batch))  # the SoHoa intake takes no such record
    _, queued = without.confirm(2, {}, result_type=KIND)
    assert sorted(q.how for q in queued) == [WAITING, WAITING] and entries(station) == 0
    settings = dvcqg_settings("http://127.0.0.1:9")
    later = BacklogSender(station, settings, ReviewQueue(batch))
    assert sorted(q.document for q in later.queue_confirmed()) == [1, 2]
    assert later.queue_confirmed() == [] and entries(station) == 2
    assert counts(station.db)[State.QUEUED] == 2
    assert station.db.execute("select count(*) from backlog_records where entry_id is not null").fetchone()[0] == 2


def test_no_result_type_or_a_bad_owner_is_refused_with_nothing_written(station: Store, tmp_path: Path) -> None:
    batch = write_batch(tmp_path / "batch", [7])
    before = (batch / "documents" / "001.json").read_bytes()
    sender = BacklogSender(station, dvcqg_settings("http://127.0.0.1:9"), ReviewQueue(batch))
    with pytest.raises(BadInputError) as untyped:
        sender.confirm(1, {})
    assert "mã loại kết quả" in untyped.value.message_vi
    with pytest.raises(BadInputError) as owner:
        sender.confirm(1, {}, result_type=KIND, owner_id="12345")
    assert "12 (hoặc 9) chữ số" in owner.value.message_vi
    assert (batch / "documents" / "001.json").read_bytes() == before
    assert entries(station) == 0 and station.db.execute("select count(*) from backlog_records").fetchone()[0] == 0


@pytest.mark.slow
def test_a_record_for_a_dossier_of_this_station_goes_as_its_result(station: Store, receiver,  # type: ignore[no-untyped-def]
                                                                     tmp_path: Path) -> None:
    url, settings, code, worker = sent_dossier(station, receiver, tmp_path)
    batch = write_batch(tmp_path / "batch", [8], {1: {"kind": "qr", "result_type": KIND, "dossier": code}})
    sender = BacklogSender(station, settings, ReviewQueue(batch))
    _, queued = sender.confirm(1, {"nguoi_ky": "Lê Thị Mai"}, vinh_vien=True)
    assert [(q.how, q.dossier_code, q.destinations) for q in queued] == [(AS_RESULT, code, ["dvcqg"])]
    assert sender.confirm(1, {"nguoi_ky": "Lê Thị Mai"}, vinh_vien=True)[1] == []
    assert sender.queue_confirmed() == []
    assert station.db.execute("select count(*) from results").fetchone()[0] == 1
    assert worker.drain(60).sent == 1
    [record] = hoso(url)
    [result] = record["DanhSachGiayToKetQua"]
    assert result["MaGiayToKetQua"] == KIND and result["SoKyHieu"] == make_decision(8).so_ky_hieu
    assert result["NguoiKy"] == "Lê Thị Mai" and result["ThoiHanVinhVien"] == 1 and result["AnGiayTo"] == 1
    assert giayto(url) == []  # not also a standalone record
    assert station.db.execute("select result_id from backlog_records").fetchone()[0]
    sealed = station.path(station.db.execute("select pdf_path from results").fetchone()[0])
    report = verify_pdf(sealed, demo_trust_roots(settings))  # stamped as a copy, like a standalone record
    assert report.valid and report.trusted and sealed.name.endswith("-signed.pdf")
