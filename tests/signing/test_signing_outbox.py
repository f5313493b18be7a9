"""A dossier signed offline waits in the outbox until its signature has its timestamp, then leaves with the
extended file: the receiver gets exactly the bytes the station holds, and they verify B-LT."""

from __future__ import annotations

from pathlib import Path

from app.config import Settings
from app.dossiers import DossierStore, NewDossier
from app.files import sha256_file
from app.outbox import OutboxFile, enqueue_dossier
from app.receiver.server import start_receiver_process
from app.signing import Appearance, Pkcs12Config, fixed_pin, pending_followups, sign_pdf, verify_pdf
from app.signing_followups import SigningFollowups
from app.storage import Store
from tests.outbox.support import make_worker, remote_dossiers
from tests.signing.pki import PASSWORD, Pki


def test_offline_signature_is_completed_before_sending(pki: Pki, pki_server, pdfa: Path, offline_url: str,  # type: ignore[no-untyped-def]
                                                        isolated_station: Path, tmp_path: Path) -> None:
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
    dossiers.update_component(component, pdf_path=relative, pdf_sha256=sha256_file(signed), status="done")
    with store.atomic() as db:
        enqueue_dossier(db, dossier, [OutboxFile("to-khai.pdf", Path(relative), sha256_file(signed),
                                                 signed.stat().st_size, component="Tờ khai")], "sohoa")

    settings = Settings()
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
        make_worker(store, url, followups=followups).drain(30)
        assert pending_followups(store) == [] and not followups.blocks(dossier)
        (remote,) = remote_dossiers(url)
        assert remote["committed"] and remote["files"][0]["sha256"] == sha256_file(signed)
    finally:
        stop()
    report = verify_pdf(signed, [pki.ca_pem])
    assert report.valid and report.level == "B-LT"
