"""Each refusal has its own clear error and leaves the input untouched: wrong password, expired certificate, no
signing key usage, untrusted chain, encrypted input, a non-PDF; verification sees a file changed after signing."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pikepdf
import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from app.core.errors import ExitCode
from app.signing import Appearance, Pkcs12Config, fixed_pin, sign_pdf, verify_pdf
from app.signing.errors import (
    CertificateExpiredError,
    EncryptedPdfError,
    KeyUsageError,
    NotPdfError,
    NotSignedError,
    SameFileError,
    UntrustedChainError,
    WrongPinError,
)
from tests.signing.conftest import pdfsig
from tests.signing.pki import PASSWORD, Pki


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(("p12", "password", "error", "words"), [
    ("signer", "sai-mat-khau", WrongPinError, "Mã PIN không đúng"),
    ("expired", PASSWORD, CertificateExpiredError, "hết hạn"),
    ("nosign", PASSWORD, KeyUsageError, "không có mục đích ký số"),
    ("stranger", PASSWORD, UntrustedChainError, "tổ chức chứng thực tin cậy"),
])
def test_certificate_refusals(pki: Pki, pdfa: Path, tmp_path: Path, p12: str, password: str,
                              error: type[Exception], words: str) -> None:
    before = sha(pdfa)
    out = tmp_path / "out.pdf"
    with pytest.raises(error) as caught:
        sign_pdf(pdfa, out, Pkcs12Config(pki.p12(p12)), fixed_pin(password), trust_roots=[pki.ca_pem])
    assert words in caught.value.user_message()  # type: ignore[attr-defined]
    assert caught.value.exit_code == ExitCode.SIGNING  # type: ignore[attr-defined]
    assert sha(pdfa) == before and not out.exists()


def test_without_trust_roots_signs_but_warns(pki: Pki, pdfa: Path, tmp_path: Path) -> None:
    result = sign_pdf(pdfa, tmp_path / "o.pdf", Pkcs12Config(pki.p12("stranger")), fixed_pin(PASSWORD))
    assert result.warnings and "chưa kiểm tra được chuỗi" in result.warnings[0]


def test_encrypted_inputs_refused_before_the_pin(pki: Pki, pdfa: Path, tmp_path: Path) -> None:
    asked: list[object] = []

    def pin(request: object) -> str:
        asked.append(request)
        return PASSWORD

    for user in ("", "mo-tep"):
        locked = tmp_path / f"locked-{bool(user)}.pdf"
        with pikepdf.open(pdfa) as pdf:
            pdf.save(locked, encryption=pikepdf.Encryption(owner="chu-so-huu", user=user))
        before = sha(locked)
        with pytest.raises(EncryptedPdfError) as caught:
            sign_pdf(locked, tmp_path / "out.pdf", Pkcs12Config(pki.p12("signer")), pin)
        assert "mã hóa" in caught.value.user_message() and caught.value.exit_code == ExitCode.BAD_INPUT
        assert sha(locked) == before
    assert asked == [] and not (tmp_path / "out.pdf").exists()


def test_non_pdf_and_same_file_refused(pki: Pki, pdfa: Path, tmp_path: Path) -> None:
    text = tmp_path / "note.pdf"
    text.write_text("Đây không phải PDF", encoding="utf-8")
    truncated = tmp_path / "cut.pdf"
    truncated.write_bytes(pdfa.read_bytes()[:400])
    for bad in (text, truncated):
        before = sha(bad)
        with pytest.raises(NotPdfError) as caught:
            sign_pdf(bad, tmp_path / "o.pdf", Pkcs12Config(pki.p12("signer")), fixed_pin(PASSWORD))
        assert "không phải là tệp PDF" in caught.value.user_message() and sha(bad) == before
    with pytest.raises(SameFileError):
        sign_pdf(pdfa, pdfa, Pkcs12Config(pki.p12("signer")), fixed_pin(PASSWORD))
    with pytest.raises(NotPdfError):
        verify_pdf(text)


def test_verify_sees_changes_after_signing(pki: Pki, pdfa: Path, tmp_path: Path, nssdb: Path) -> None:
    signed = tmp_path / "signed.pdf"
    sign_pdf(pdfa, signed, Pkcs12Config(pki.p12("signer")), fixed_pin(PASSWORD), Appearance(visible=False))

    edited = tmp_path / "edited.pdf"
    writer = IncrementalPdfFileWriter(io.BytesIO(signed.read_bytes()))
    ink = writer.add_object(generic.StreamObject(stream_data=b"q 1 0 0 rg 100 100 200 50 re f Q"))
    writer.add_stream_to_page(0, ink)
    buffer = io.BytesIO()
    writer.write(buffer)
    edited.write_bytes(buffer.getvalue())
    report = verify_pdf(edited, [pki.ca_pem])
    assert report.modified_after_signing and not report.valid
    assert report.intact and report.trusted  # the signed revision itself is fine
    assert "Not total document signed" in pdfsig(edited, nssdb)

    flipped = tmp_path / "flipped.pdf"
    data = bytearray(signed.read_bytes())
    data[200] ^= 0x01
    flipped.write_bytes(bytes(data))
    report = verify_pdf(flipped, [pki.ca_pem])
    assert not report.intact and not report.valid


def test_verify_unsigned_pdf(cli, pdfa: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotSignedError):
        verify_pdf(pdfa)
    result = cli("verify", str(pdfa))
    assert result.returncode == 1 and "không có chữ ký số" in result.stderr
