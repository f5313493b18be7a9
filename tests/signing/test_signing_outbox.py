"""A dossier signed offline waits in the outbox until its signature has its timestamp, then leaves with the
extended file: the receiver gets exactly the bytes the station holds, and they verify B-LT."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.core.config import Settings
from app.core.files import sha256_file
from app.core.storage import Store
from app.counter.wiring import Collaborators
from app.dossiers.lifecycle import ComponentStatus
from app.dossiers.model import NewDossier
from app.dossiers.store import DossierStore
from app.outbox import OutboxFile, enqueue_dossier
from app.outbox.followups import SigningFollowups
from app.outbox.model import OutboxError
from app.receiver.server import start_receiver_process
from app.signing import Appearance, Pkcs12Config, fixed_pin, followup, pending_followups, sign_pdf, verify_pdf
from tests.outbox.support import make_worker, remote_dossiers
from tests.signing.pki import PASSWORD, Pki


def test_offline_signature_is_completed_before_sending(pki: Pki, pki_server, pdfa: Path, offline_url: str,  # type: ignore[no-untyped-def]
                                                        isolated_station: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(isolated_station)
    dossiers = DossierStore(store, clerk="an", station="ST01")
    dossier = dossiers.create("000.00.01.H22-261125-0001", NewDossier("1.000948", "Phạm Văn D", "001090000004"))
    component = dossiers.add_component(dossier, "Tờ khai", must_digitize=True)
    relative = f"dossiers/{dossier}/{component}/to-khai.pdf"
    signed = store.path(relative)
    signed.parent.mkdir(parents=True)
    result = sign_pdf(pdfa, signed, Pkcs12Config(pki.p12("signer")), fixed_pin(PASSWORD), Appearance(), offline_url,
                      trust_roots=[pki.ca_pem], store=store, component_id=component)
    assert result.level == "B-B" and result.followup_job is not None
    dossiers.update_component(component, pdf_path=relative, pdf_sha256=sha256_file(signed),
                              status=ComponentStatus.IMPORTED)
    settings = Settings()
    with store.atomic():  # queued as the counter queues it (its absolute path in hand)
        Collaborators(settings, store).enqueue(dossiers.get(dossier), [(dossiers.component(component), signed)])

    settings.signing.method = "p12"
    settings.signing.trust_roots = [str(pki.ca_pem)]
    followups = SigningFollowups(store, settings)
    assert followups.blocks(dossier)

    url, stop = start_receiver_process(tmp_path / "receiver", port=0)
    try:
        offline_worker = make_worker(store, url, followups=followups)  # the TSA still unreachable
        offline_worker.run_once()
        assert remote_dossiers(url) == [] and followups.blocks(dossier)

        settings.signing.tsa_url = pki_server.tsa_url  # the network is back
        monkeypatch.setattr(followup, "RETRY_FIRST_S", 0.0)  # and the wait after the failed try is over
        make_worker(store, url, followups=followups).drain(30)
        assert pending_followups(store) == [] and not followups.blocks(dossier)
        (remote,) = remote_dossiers(url)
        assert remote["committed"] and remote["files"][0]["sha256"] == sha256_file(signed)
    finally:
        stop()
    report = verify_pdf(signed, [pki.ca_pem])
    assert report.valid and report.level == "B-LT"


def test_an_offline_follow_up_waits_longer_after_each_failed_try() -> None:
    now = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)

    def job(attempts: int, seconds_ago: float) -> followup.FollowupJob:
        return followup.FollowupJob(
            id=1, kind="timestamp+ltv", pdf_path=Path("x.pdf"), component_id=None, tsa_url="", status="pending",
            attempts=attempts, last_error="", sha256="", size=0, level="B-B", created_at=now.isoformat(),
            updated_at=(now - timedelta(seconds=seconds_ago)).isoformat(), done_at="")

    assert followup.due(job(0, 0), now)
    assert not followup.due(job(1, 29), now) and followup.due(job(1, 31), now)
    assert not followup.due(job(4, 239), now) and followup.due(job(4, 241), now)  # 30 s × 2³
    assert not followup.due(job(20, 1799), now) and followup.due(job(20, 1801), now)  # at most 30 min


def test_a_follow_up_does_not_touch_a_file_the_outbox_cannot_match(isolated_station: Path, tmp_path: Path) -> None:
    """The outbox holds the dossier's file under another path: the follow-up is refused, nothing changes."""
    store = Store(isolated_station)
    dossiers = DossierStore(store, clerk="an", station="ST01")
    dossier = dossiers.create("000.00.01.H22-261125-0002", NewDossier("1.000948", "Phạm Văn E", "001090000005"))
    component = dossiers.add_component(dossier, "Tờ khai", must_digitize=True)
    dossiers.update_component(component, pdf_path=f"dossiers/{dossier}/{component}/to-khai.pdf")
    elsewhere = tmp_path / "to-khai.pdf"
    elsewhere.write_bytes(b"%PDF-1.7 signed")
    with store.atomic() as db:
        enqueue_dossier(db, dossier, [OutboxFile("to-khai.pdf", elsewhere, sha256_file(elsewhere),
                                                 elsewhere.stat().st_size, component="Tờ khai")], "sohoa")
    job = followup.FollowupJob(
        id=1, kind="timestamp+ltv", pdf_path=elsewhere, component_id=component, tsa_url="", status="pending",
        attempts=0, last_error="", sha256="", size=0, level="B-B", created_at="", updated_at="", done_at="")
    with pytest.raises(OutboxError), store.atomic() as db:
        SigningFollowups(store, Settings())._record_new_checksum(db, job, "0" * 64, 99)
    assert store.db.execute("select sha256 from outbox_files").fetchone()[0] == sha256_file(elsewhere)
