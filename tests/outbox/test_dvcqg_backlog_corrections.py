"""A backlog record corrected after it was queued: its entry not sent yet takes the corrected record in place (the
same entry and idempotency key, nothing duplicated); once sent, the correction goes as an update of the same record
(the gateway replaces the record kept under the same ``Ma``). The audit trail records it and the report counts the
corrected fields; a record that went as a dossier's result is corrected in the dossier's next update."""

from __future__ import annotations

import json
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from app.core.storage import VN_TZ, Store
from app.outbox import purge_acknowledged
from app.outbox.adapters import destinations_from_settings
from app.outbox.adapters.auth import store_secret
from app.outbox.model import OutboxError
from app.reports.backlog import backlog_figures
from app.results.backlog_queue import AS_RECORD, AS_RESULT, BacklogSender
from app.results.decisions import make_decision
from app.results.review import ReviewQueue
from tests.outbox.test_dvcqg import PASSWORD, dvcqg_settings, hoso, sent_dossier, start, worker_for
from tests.outbox.test_dvcqg_backlog import KIND, OWNER, entries, giayto, write_batch


def outbox(station: Store) -> list[dict[str, Any]]:
    return [{**r, "payload": json.loads(r["payload"])} for r in station.db.query(
        "select id, idempotency_key, state, revision, dossier_code, payload from outbox_entries order by id")]


def corrected_in_report(station: Store) -> dict[str, int]:
    day = datetime.now(VN_TZ).date()
    return backlog_figures(station.db, lambda _stamp: True, day, day).corrected_backlog


def audit_of(station: Store, action: str) -> list[dict[str, Any]]:
    return [json.loads(d) for a, d in station.db.execute("select action, details from audit_log order by id")
            if a == action]


def test_a_record_not_sent_yet_is_corrected_in_its_entry(station: Store, receiver, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = start(receiver)
    settings = dvcqg_settings(url)
    store_secret("dvcqg_password", url, PASSWORD)
    batch = write_batch(tmp_path / "batch", [3, 4])
    sender = BacklogSender(station, settings, ReviewQueue(batch))
    _, queued = sender.confirm(1, {"nguoi_ky": "Trần Văn An"}, result_type=KIND, owner_id=OWNER)
    [before] = outbox(station)
    assert corrected_in_report(station)["co_quan"] == 0
    record, fixed = sender.confirm(1, {"nguoi_ky": "Trần Văn An", "co_quan": "SỞ TƯ PHÁP TỈNH QUẢNG NAM"},
                                   result_type=KIND, owner_id=OWNER)
    assert [(q.how, q.correction, q.destinations) for q in fixed] == [(AS_RECORD, "replaced", ["dvcqg"])]
    [after] = outbox(station)  # the same entry, the same idempotency key: nothing duplicated
    assert (after["id"], after["idempotency_key"], after["revision"]) == (before["id"], before["idempotency_key"], 0)
    assert after["payload"]["record"]["co_quan"] == "SỞ TƯ PHÁP TỈNH QUẢNG NAM"
    assert after["payload"]["record"]["nguoi_ky"] == "Trần Văn An"
    assert record["corrected"] == ["co_quan", "nguoi_ky"]
    assert json.loads((batch / "documents" / "001.json").read_text(encoding="utf-8"))["metadata"]["co_quan"] == \
        "SỞ TƯ PHÁP TỈNH QUẢNG NAM"
    [trail] = audit_of(station, "backlog_corrected")
    assert trail["record"] == queued[0].key and trail["changed"] == ["co_quan"]
    assert trail["entries"] == [{"destination": "dvcqg", "entry": before["id"], "how": "replaced"}]
    assert corrected_in_report(station)["co_quan"] == 1 and corrected_in_report(station)["nguoi_ky"] == 1
    # confirmed again as corrected: nothing more
    assert sender.confirm(1, {"nguoi_ky": "Trần Văn An", "co_quan": "SỞ TƯ PHÁP TỈNH QUẢNG NAM"},
                          result_type=KIND, owner_id=OWNER)[1] == []
    assert len(audit_of(station, "backlog_corrected")) == 1

    worker = worker_for(station, destinations_from_settings(settings)["dvcqg"])
    assert worker.drain(30).sent == 1 and entries(station) == 1
    [sent] = giayto(url)
    assert sent["CoQuanBanHanh"] == "SỞ TƯ PHÁP TỈNH QUẢNG NAM" and sent["NguoiKy"] == "Trần Văn An"


def test_a_record_already_sent_is_corrected_by_an_update(station: Store, receiver, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = start(receiver)
    settings = dvcqg_settings(url)
    store_secret("dvcqg_password", url, PASSWORD)
    batch = write_batch(tmp_path / "batch", [3])
    sender = BacklogSender(station, settings, ReviewQueue(batch))
    _, [queued] = sender.confirm(1, {"nguoi_ky": "Trần Văn An"}, result_type=KIND, owner_id=OWNER)
    worker = worker_for(station, destinations_from_settings(settings)["dvcqg"])
    assert worker.drain(30).sent == 1
    [first] = giayto(url)
    _, fixed = sender.confirm(1, {"nguoi_ky": "Trần Văn An", "trich_yeu": "Về việc cấp lại giấy phép"},
                              result_type=KIND, owner_id=OWNER)
    assert [(q.how, q.correction) for q in fixed] == [(AS_RECORD, "update")]
    sent_entry, update = outbox(station)
    assert sent_entry["state"] == "sent" and update["state"] == "queued"
    assert update["revision"] == 1 and update["dossier_code"] == queued.key and update["payload"]["is_update"]
    assert update["idempotency_key"] != sent_entry["idempotency_key"]
    assert update["payload"]["record"]["trich_yeu"] == "Về việc cấp lại giấy phép"
    assert purge_acknowledged(station, 30, time.time() + 31 * 86400).dossiers == []  # the update needs the file
    assert corrected_in_report(station)["trich_yeu"] == 1
    assert worker.drain(30).sent == 1 and worker.drain(5).sent == 0
    [now] = giayto(url)  # the same record (same Ma), replaced: not a second one
    assert now["Ma"] == first["Ma"] == queued.key and now["TrichYeuNoiDung"] == "Về việc cấp lại giấy phép"
    assert now["DanhSachTepDinhKem"] == first["DanhSachTepDinhKem"]
    [trail] = audit_of(station, "backlog_corrected")
    assert trail["entries"] == [{"destination": "dvcqg", "entry": update["id"], "how": "update"}]

    # confirmed again in the window's review (the batch's file only): the next review sends the correction
    ReviewQueue(batch).confirm(1, {"nguoi_ky": "Trần Văn Ân", "trich_yeu": "Về việc cấp lại giấy phép"},
                               result_type=KIND, owner_id=OWNER)
    [later] = BacklogSender(station, settings, ReviewQueue(batch)).queue_confirmed()
    assert (later.correction, entries(station)) == ("update", 3)
    assert worker.drain(30).sent == 1
    assert [r["NguoiKy"] for r in giayto(url)] == ["Trần Văn Ân"]
    # once the station's copy is purged, a correction cannot be sent from here: refused, nothing written
    assert purge_acknowledged(station, 30, time.time() + 31 * 86400).dossiers == [queued.key] * 3
    with pytest.raises(OutboxError) as purged:
        sender.confirm(1, {"nguoi_ky": "Trần Văn An"}, result_type=KIND, owner_id=OWNER)
    assert "đã được xóa" in purged.value.message_vi and entries(station) == 3
    assert json.loads((batch / "documents" / "001.json").read_text(encoding="utf-8"))["metadata"]["nguoi_ky"] == \
        "Trần Văn Ân"


@pytest.mark.slow
def test_a_record_sent_as_a_dossier_result_is_corrected_in_the_dossier(station: Store, receiver,  # type: ignore[no-untyped-def]
                                                                      tmp_path: Path) -> None:
    url, settings, code, worker = sent_dossier(station, receiver, tmp_path)
    batch = write_batch(tmp_path / "batch", [8], {1: {"kind": "qr", "result_type": KIND, "dossier": code}})
    sender = BacklogSender(station, settings, ReviewQueue(batch))
    _, [queued] = sender.confirm(1, {"nguoi_ky": "Lê Thị Mai"}, vinh_vien=True)
    assert queued.how == AS_RESULT
    # not sent yet: the dossier's update takes the corrected result in place
    _, [fixed] = sender.confirm(1, {"nguoi_ky": "Lê Thị Mai", "so_ky_hieu": "99/QĐ-UBND"}, vinh_vien=True)
    assert (fixed.how, fixed.correction) == (AS_RESULT, "replaced")
    rows = outbox(station)
    assert len(rows) == 2 and rows[1]["payload"]["results"][0]["so_ky_hieu"] == "99/QĐ-UBND"
    assert worker.drain(60).sent == 1
    [record] = hoso(url)
    assert [r["SoKyHieu"] for r in record["DanhSachGiayToKetQua"]] == ["99/QĐ-UBND"]
    # sent: a new update of the dossier
    _, [again] = sender.confirm(1, {"nguoi_ky": "Lê Thị Mai Anh", "so_ky_hieu": "99/QĐ-UBND"}, vinh_vien=True)
    assert again.correction == "update" and len(outbox(station)) == 3
    assert worker.drain(60).sent == 1
    [record] = hoso(url)
    [result] = record["DanhSachGiayToKetQua"]
    assert result["NguoiKy"] == "Lê Thị Mai Anh" and result["SoKyHieu"] == "99/QĐ-UBND" and result["AnGiayTo"] == 1
    assert station.db.execute("select nguoi_ky from results").fetchone()[0] == "Lê Thị Mai Anh"
    assert make_decision(8).so_ky_hieu != "99/QĐ-UBND"
    assert corrected_in_report(station)["so_ky_hieu"] == 1
