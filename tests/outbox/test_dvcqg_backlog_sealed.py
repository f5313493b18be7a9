"""A backlog record queued for the citizen's data store carries its PDF stamped as a copy from paper to electronic
(ND 30/2020: "SAO Y", the agency and the time at the top right of page 1) and signed with the station's certificate;
a stamp that cannot be made keeps the record confirmed but unqueued, and never queues the unsigned file."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

import httpx
import pikepdf
import pytest

from app.core.config import SigningSettings
from app.core.errors import ExitCode
from app.core.storage import Store
from app.outbox.adapters import destinations_from_settings
from app.outbox.adapters.auth import store_secret
from app.results.backlog_queue import AS_RECORD, BacklogSender
from app.results.backlog_seal import NotSealed
from app.results.review import CONFIRMED, ReviewQueue
from app.signing import verify_pdf
from app.signing.station import demo_trust_roots
from tests.outbox.test_dvcqg import PASSWORD, dvcqg_settings, start, worker_for
from tests.outbox.test_dvcqg_backlog import KIND, OWNER, entries, giayto, write_batch
from tests.signing.pki import PASSWORD as P12_PASSWORD


def stamp_rect(path: Path) -> tuple[list[float], float, float]:
    """The signature field's rectangle on page 1, and the page's size."""
    with pikepdf.open(path) as pdf:
        [field] = [f for f in pdf.Root.AcroForm.Fields if f.get("/FT") == pikepdf.Name.Sig]
        box = [float(v) for v in pdf.pages[0].mediabox]
        return [float(v) for v in field.Rect], box[2] - box[0], box[3] - box[1]


def test_a_queued_record_is_stamped_as_a_copy(station: Store, receiver, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = start(receiver)
    settings = dvcqg_settings(url)
    store_secret("dvcqg_password", url, PASSWORD)
    batch = write_batch(tmp_path / "batch", [3])
    _, queued = BacklogSender(station, settings, ReviewQueue(batch)).confirm(1, {}, result_type=KIND,
                                                                            owner_id=OWNER)
    assert [q.how for q in queued] == [AS_RECORD]
    kept_path, kept_sha = station.db.execute("select pdf_path, pdf_sha256 from backlog_records").fetchone()
    kept = station.path(kept_path)
    assert kept.name == "001-signed.pdf" and not kept.with_name("001.pdf").exists()  # only the stamped copy stays
    [(queued_path, queued_sha)] = station.db.execute("select path, sha256 from outbox_files").fetchall()
    assert queued_path == kept_path and queued_sha == kept_sha == hashlib.sha256(kept.read_bytes()).hexdigest()
    audit = [json.loads(d) for a, d in station.db.execute("select action, details from audit_log order by id")
             if a == "queued"]
    assert audit[-1]["seal"] == "copy"

    worker = worker_for(station, destinations_from_settings(settings)["dvcqg"])
    assert worker.drain(30).sent == 1
    [sent] = giayto(url)
    served = tmp_path / "served.pdf"
    served.write_bytes(httpx.get(sent["DanhSachTepDinhKem"][0]["DuongDan"], timeout=10).content)
    assert served.read_bytes() == kept.read_bytes()
    report = verify_pdf(served, demo_trust_roots(settings))  # pyHanko: the station's (demo) certificate
    assert report.valid and report.intact and report.trusted and not report.modified_after_signing
    (x0, y0, x1, _), width, height = stamp_rect(served)
    assert x1 > x0 and x0 > width / 2 and y0 > height / 2  # the ND 30/2020 stamp at the top right of page 1


def test_a_stamp_that_cannot_be_made_keeps_the_record_unqueued(station: Store, pki, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = replace(dvcqg_settings("http://127.0.0.1:9"), signing=SigningSettings(
        method="p12", p12_path=str(pki.folder / "signer.p12"), trust_roots=[str(pki.ca_pem)], ltv=False))
    batch = write_batch(tmp_path / "batch", [5])
    with pytest.raises(NotSealed) as wrong:  # a wrong PIN
        BacklogSender(station, settings, ReviewQueue(batch), pin=lambda _request: "0000").confirm(
            1, {}, result_type=KIND)
    assert wrong.value.exit_code == ExitCode.SIGNING
    assert "Không ký số được bản sao y của tài liệu 001" in wrong.value.message_vi
    assert "chưa đưa vào hàng đợi gửi" in wrong.value.message_vi
    assert entries(station) == 0
    assert station.db.execute("select entry_id, queued_at, pdf_path from backlog_records").fetchone() == (
        None, "", f"backlog/{ReviewQueue(batch).batch_id()}/001.pdf")
    assert dict(ReviewQueue(batch).records())[1]["state"] == CONFIRMED  # the clerk's confirmation stays
    assert not list(station.data_dir.rglob("*-signed.pdf"))
    with pytest.raises(NotSealed) as no_pin:  # a real key and no one to ask the PIN of
        BacklogSender(station, settings, ReviewQueue(batch)).queue_confirmed()
    assert "Cần mã PIN" in no_pin.value.message_vi and entries(station) == 0

    queued = BacklogSender(station, settings, ReviewQueue(batch), pin=lambda _request: P12_PASSWORD).queue_confirmed()
    assert [q.how for q in queued] == [AS_RECORD] and entries(station) == 1
    [(path,)] = station.db.execute("select path from outbox_files").fetchall()
    report = verify_pdf(station.path(path), [pki.ca_pem])
    assert report.valid and report.trusted and report.signer and "Nguyễn Văn Ký" in report.signer
