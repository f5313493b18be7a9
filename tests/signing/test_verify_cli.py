"""`sohoa verify` on a file signed by a certificate the station does not trust: one clear line saying so, no
traceback and no library WARNING on stderr."""

from __future__ import annotations

from pathlib import Path

from app.signing import Appearance, Pkcs12Config, fixed_pin, sign_pdf
from tests.signing.pki import PASSWORD, Pki


def test_untrusted_certificate_is_one_clear_line(cli, pki: Pki, pdfa: Path,  # type: ignore[no-untyped-def]
                                                 tmp_path: Path) -> None:
    out = tmp_path / "signed.pdf"
    sign_pdf(pdfa, out, Pkcs12Config(pki.p12("signer")), fixed_pin(PASSWORD), Appearance(visible=False))
    result = cli("verify", str(out))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "WARNING" not in result.stderr, result.stderr
    assert "Tin cậy / trusted: KHÔNG / no" in result.stdout
    assert "chứng thư" in result.stdout.lower() and "tin cậy" in result.stdout.lower()
