"""Signing with a certificate file: valid for pyHanko and for poppler, PDF/A kept, the ND 30/2020 look, the CLI."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pikepdf
import pytest

from app.imaging.pdfa import is_pdfa
from app.signing import Appearance, Pkcs12Config, fixed_pin, sign_pdf, verify_pdf
from app.signing.appearance import text_width
from app.signing.inputs import metadata_agrees
from tests.signing.conftest import pdfsig
from tests.signing.pki import PASSWORD, Pki


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_visible_signature_valid_for_pyhanko_and_pdfsig_and_keeps_pdfa(pki: Pki, pdfa: Path, tmp_path: Path,
                                                                         nssdb: Path) -> None:
    before = sha(pdfa)
    out = tmp_path / "signed.pdf"
    result = sign_pdf(pdfa, out, Pkcs12Config(pki.p12("signer")), fixed_pin(PASSWORD),
                      Appearance(agency="Sở Ngoại vụ tỉnh Quảng Nam"), trust_roots=[pki.ca_pem])
    assert sha(pdfa) == before
    assert result.level == "B-B" and result.signer == "Nguyễn Văn Ký" and result.warnings == []
    assert result.signed_at.utcoffset().total_seconds() == 7 * 3600

    report = verify_pdf(out, [pki.ca_pem])
    assert report.valid and report.intact and report.trusted and not report.modified_after_signing
    assert report.signer == "Nguyễn Văn Ký"
    assert report.signed_at == result.signed_at.isoformat()

    poppler = pdfsig(out, nssdb)
    assert "Signature is Valid" in poppler and "Certificate is Trusted" in poppler
    assert "Total document signed" in poppler and "ETSI.CAdES.detached" in poppler

    assert is_pdfa(out) == "2B"
    assert metadata_agrees(out.read_bytes())  # Info and XMP say the same Producer and date (PDF/A)
    assert out.read_bytes().startswith(pdfa.read_bytes())  # an incremental update of the original bytes
    skewed = tmp_path / "skewed.pdf"
    with pikepdf.open(out) as pdf:
        pdf.docinfo["/ModDate"] = "D:20200101000000Z"
        pdf.save(skewed)
    assert not metadata_agrees(skewed.read_bytes())


def stamp_lines(stream: pikepdf.Stream, unicode_map: bytes) -> list[str]:
    """The text lines an appearance stream draws, decoded from its glyph codes through the font's ToUnicode CMap
    (bfchar, and bfrange with a start or an array); a new line at each move down (Td/TD with dy ≠ 0, T*)."""
    def text(hex_value: bytes) -> str:
        return bytes.fromhex(hex_value.decode()).decode("utf-16-be")

    codes: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", unicode_map, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            codes[int(src, 16)] = text(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", unicode_map, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]+>)", block):
            span = range(int(lo, 16), int(hi, 16) + 1)
            if dst.startswith(b"["):
                codes.update(zip(span, (text(d) for d in re.findall(rb"<([0-9A-Fa-f]+)>", dst)), strict=False))
            else:
                first = text(dst[1:-1])
                codes.update({code: first[:-1] + chr(ord(first[-1]) + n) for n, code in enumerate(span)})
    lines = [""]
    for operands, operator in pikepdf.parse_content_stream(stream):
        name = str(operator)
        if name == "T*" or (name in ("Td", "TD") and float(operands[1]) != 0):
            lines.append("")
        shown = [operands[0]] if name == "Tj" else (
            [o for o in operands[0] if isinstance(o, pikepdf.String)] if name == "TJ" else [])
        for string in shown:
            raw = bytes(string)
            lines[-1] += "".join(codes.get(int.from_bytes(raw[i:i + 2], "big"), "?") for i in range(0, len(raw), 2))
    return [line for line in lines if line]


def test_stamp_follows_nd30_top_right_text_only_embedded_font(pki: Pki, pdfa: Path, tmp_path: Path) -> None:
    out = tmp_path / "signed.pdf"
    appearance = Appearance(agency="Sở Ngoại vụ tỉnh Quảng Nam")
    result = sign_pdf(pdfa, out, Pkcs12Config(pki.p12("signer")), fixed_pin(PASSWORD), appearance)
    with pikepdf.open(out) as pdf:
        page = pdf.pages[0]
        width, height = float(page.mediabox[2]), float(page.mediabox[3])
        widget = next(a for a in page.Annots if a.get("/FT") == "/Sig")
        x0, y0, x1, y1 = (float(v) for v in widget.Rect)
        assert x0 > width / 2 and y0 > height * 0.85 and x1 <= width and y1 <= height  # top right of page 1
        assert int(widget.F) & 4  # printed
        stream = widget.AP.N
        content = stream.read_bytes()
        assert b"/Im" not in content and "/XObject" not in stream.Resources  # text, no image
        assert b"/F1 10 Tf" in content and b"0 0 0 rg" in content  # 10 pt, black
        font = stream.Resources.Font.F1
        descendant = font.DescendantFonts[0]
        assert "LiberationSerif" in str(descendant.BaseFont)
        assert "/FontFile2" in descendant.FontDescriptor  # embedded
        widths = [w for item in descendant.W if isinstance(item, pikepdf.Array) for w in item]
        assert max(float(w) for w in widths) < 1100  # per-mille widths: the glyphs are not letter-spaced
        unicode_map = font.ToUnicode.read_bytes()
        drawn = stamp_lines(stream, unicode_map)
    assert unicode_map
    lines = appearance.text(result.signer, result.signed_at).splitlines()
    assert drawn == lines  # what the stamp shows, read back from the PDF through its ToUnicode map
    assert lines[0] == "Bản số hóa từ bản giấy" and lines[1] == "Sở Ngoại vụ tỉnh Quảng Nam"
    assert lines[2] == "Người ký: Nguyễn Văn Ký"
    assert lines[3].startswith("Thời gian ký: ") and lines[3].endswith(" +07:00")
    assert result.signed_at.strftime("%d/%m/%Y %H:%M:%S") in lines[3]


def test_long_agency_name_wraps_instead_of_shrinking() -> None:
    from app.signing.appearance import plan_stamp

    appearance = Appearance(agency="Trung tâm Phục vụ hành chính công tỉnh Thừa Thiên Huế, Bộ phận tiếp nhận và "
                                   "trả kết quả")
    from datetime import datetime

    from app.core.storage import VN_TZ

    plan = plan_stamp(appearance, appearance.text("Nguyễn Văn Ký", datetime.now(VN_TZ)), (0, 0, 595, 842))
    font = appearance.font()
    assert len(plan.text.splitlines()) > 4
    assert all(text_width(line, font, 10) <= appearance.max_width for line in plan.text.splitlines())
    assert plan.box[2] <= 595 and plan.box[3] <= 842


def test_invisible_signature_and_a_second_signature(pki: Pki, pdfa: Path, tmp_path: Path, nssdb: Path) -> None:
    first, second = tmp_path / "one.pdf", tmp_path / "two.pdf"
    key = Pkcs12Config(pki.p12("signer"))
    sign_pdf(pdfa, first, key, fixed_pin(PASSWORD), Appearance(visible=False), trust_roots=[pki.ca_pem])
    result = sign_pdf(first, second, key, fixed_pin(PASSWORD), Appearance(visible=False))
    assert result.field_name == "SoHoa-2"
    with pikepdf.open(first) as pdf:
        widget = next(a for a in pdf.pages[0].Annots if a.get("/FT") == "/Sig")
        assert [float(v) for v in widget.Rect] == [0, 0, 0, 0]
    report = verify_pdf(second, [pki.ca_pem])
    assert report.valid and len(report.signatures) == 2
    assert not any(s.modified_after_signing for s in report.signatures)  # a later signature is not a change
    assert "Signature is Valid" in pdfsig(first, nssdb)


def test_cli_sign_then_verify_json(cli, pki: Pki, pdfa: Path, tmp_path: Path, nssdb: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "cli.pdf"
    result = cli("sign", str(pdfa), "--out", str(out), "--p12", str(pki.p12("signer")), "--pin-env", "SOHOA_TEST_PIN",
                 "--trust", str(pki.ca_pem), "--visible", env={"SOHOA_TEST_PIN": PASSWORD})
    assert result.returncode == 0, result.stderr
    assert "B-B" in result.stdout and "Nguyễn Văn Ký" in result.stdout
    verified = cli("verify", str(out), "--trust", str(pki.ca_pem), "--json")
    assert verified.returncode == 0, verified.stderr
    data = json.loads(verified.stdout)
    assert data["valid"] is True and data["intact"] is True and data["trusted"] is True
    assert data["signer"] == "Nguyễn Văn Ký" and data["modified_after_signing"] is False
    assert data["signed_at"].endswith("+07:00")
    untrusted = cli("verify", str(out), "--json")
    assert untrusted.returncode == 1
    assert json.loads(untrusted.stdout)["trusted"] is False
    assert "Signature is Valid" in pdfsig(out, nssdb)


def test_cli_without_pin_source_refuses_instead_of_hanging(cli, pki: Pki, pdfa: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "x.pdf"
    result = cli("sign", str(pdfa), "--out", str(out), "--p12", str(pki.p12("signer")))
    assert result.returncode == 5
    assert "PIN" in result.stderr and not out.exists()


@pytest.mark.parametrize("visible", [True, False])
def test_signing_time_in_cms_matches_stamp(pki: Pki, pdfa: Path, tmp_path: Path, visible: bool) -> None:
    out = tmp_path / "t.pdf"
    result = sign_pdf(pdfa, out, Pkcs12Config(pki.p12("signer")), fixed_pin(PASSWORD), Appearance(visible=visible))
    assert verify_pdf(out, [pki.ca_pem]).signed_at == result.signed_at.isoformat()
