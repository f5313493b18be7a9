"""PAdES levels with a real RFC 3161 server and CRL on loopback: B-LT online; offline B-B plus a follow-up job
that the outbox runs later (still pending while offline, done once the TSA answers)."""

from __future__ import annotations

from pathlib import Path

import pikepdf

from app.core.storage import Store
from app.imaging.pdfa import is_pdfa
from app.signing import Appearance, Pkcs12Config, fixed_pin, sign_pdf, verify_pdf
from app.signing.followup import get_followup, pending_followups, run_followup
from app.signing.inputs import metadata_agrees
from tests.signing.conftest import PkiServer, pdfsig
from tests.signing.pki import PASSWORD, Pki


def test_online_signature_is_b_lt(pki: Pki, pki_server: PkiServer, pdfa: Path, tmp_path: Path, nssdb: Path) -> None:
    out = tmp_path / "lt.pdf"
    asked = len(pki_server.requests)
    result = sign_pdf(pdfa, out, Pkcs12Config(pki.p12("signer")), fixed_pin(PASSWORD), Appearance(),
                      pki_server.tsa_url, trust_roots=[pki.ca_pem])
    assert result.level == "B-LT" and result.followup is None and result.timestamp is not None
    requests = pki_server.requests[asked:]
    assert "POST /tsa" in requests and "GET /ca.crl" in requests  # timestamp and revocation data fetched
    report = verify_pdf(out, [pki.ca_pem])
    assert report.valid and report.level == "B-LT"
    assert report.signatures[0].timestamp is not None and report.timestamp == report.signatures[0].timestamp
    assert report.signed_at == result.signed_at.isoformat()
    assert is_pdfa(out) == "2B"
    with pikepdf.open(out) as pdf:
        assert "/DSS" in pdf.Root and pdf.Root.DSS.CRLs
    assert metadata_agrees(out.read_bytes())
    assert "Signature is Valid" in pdfsig(out, nssdb)


def test_offline_signs_b_b_and_follow_up_completes_later(pki: Pki, pki_server: PkiServer, pdfa: Path,
                                                         tmp_path: Path, offline_url: str, nssdb: Path) -> None:
    store = Store(tmp_path / "station")
    out = tmp_path / "offline.pdf"
    result = sign_pdf(pdfa, out, Pkcs12Config(pki.p12("signer")), fixed_pin(PASSWORD), Appearance(), offline_url,
                      trust_roots=[pki.ca_pem], store=store)
    assert result.level == "B-B" and result.followup == "timestamp+ltv" and result.followup_job is not None
    assert any("dấu thời gian" in w for w in result.warnings)
    assert verify_pdf(out, [pki.ca_pem]).valid
    jobs = pending_followups(store)
    assert [j.id for j in jobs] == [result.followup_job] and jobs[0].pdf_path == out.resolve()

    signed_offline = out.read_bytes()
    still_offline = run_followup(store, result.followup_job, trust_roots=[pki.ca_pem])
    assert still_offline.status == "pending" and still_offline.attempts == 1 and still_offline.last_error
    assert out.read_bytes() == signed_offline

    done = run_followup(store, result.followup_job, tsa_url=pki_server.tsa_url, trust_roots=[pki.ca_pem])
    assert done.status == "done" and done.level == "B-LT" and done.done_at
    assert pending_followups(store) == []
    assert run_followup(store, result.followup_job).status == "done"  # running again does nothing

    assert out.read_bytes().startswith(signed_offline)
    report = verify_pdf(out, [pki.ca_pem])
    assert report.valid and report.level == "B-LT", report
    assert [s.kind for s in report.signatures] == ["signature", "document_timestamp"]
    assert report.timestamp is not None and report.signatures[0].timestamp is None  # proven by the document timestamp
    assert is_pdfa(out) == "2B" and metadata_agrees(out.read_bytes())
    poppler = pdfsig(out, nssdb)
    assert "Signature #1" in poppler and "Signature is Valid" in poppler


def test_follow_up_refuses_a_replaced_file(pki: Pki, pdfa: Path, tmp_path: Path, offline_url: str) -> None:
    store = Store(tmp_path / "station")
    out = tmp_path / "offline.pdf"
    result = sign_pdf(pdfa, out, Pkcs12Config(pki.p12("signer")), fixed_pin(PASSWORD), Appearance(visible=False),
                      offline_url, store=store)
    assert result.followup_job is not None
    out.write_bytes(pdfa.read_bytes())
    job = run_followup(store, result.followup_job)
    assert job.status == "failed" and "replaced" in job.last_error
    assert out.read_bytes() == pdfa.read_bytes()
    assert get_followup(store, job.id).status == "failed"
