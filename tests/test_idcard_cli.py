"""``sohoa idcard read``: the card's fields from a scan of the glass (image or PDF), exit 0, 1 or 2."""

from __future__ import annotations

import json
from pathlib import Path

from tests.idcard_fixtures import card_image, card_on_glass, flatbed


def test_the_card_on_a_scan_of_the_glass_is_read_as_json(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    scan = card_on_glass(tmp_path / "glass.png", angle=17.0)
    out = cli("idcard", "read", str(scan), "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {"id": "001099012345", "old_id": "123456789", "name": "Nguyễn Văn An",
                                      "dob": "1999-03-02", "sex": "nam",
                                      "address": "Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội", "issued": "2021-08-15"}


def test_a_pdf_of_the_glass_and_the_clerks_text(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "glass.pdf"
    flatbed([(card_image(), -17.0, (120, 220))]).save(pdf, resolution=300)
    out = cli("idcard", "read", str(pdf))
    assert out.returncode == 0, out.stderr
    assert "Họ và tên: Nguyễn Văn An" in out.stdout and "Ngày sinh: 1999-03-02" in out.stdout
    assert "Giới tính: Nam" in out.stdout


def test_no_card_qr_is_exit_1_and_a_bad_file_exit_2(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    empty = card_on_glass(tmp_path / "no-qr.png", text=None)
    out = cli("idcard", "read", str(empty), "--json")
    assert (out.returncode, out.stdout) == (1, "")
    assert "Không tìm thấy mã QR của thẻ căn cước" in out.stderr
    bad = tmp_path / "card.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 not really a JPEG")
    out = cli("idcard", "read", str(bad), "--json")
    assert (out.returncode, out.stdout) == (2, "")
    assert "đã bị từ chối" in out.stderr
    out = cli("idcard", "read", str(tmp_path / "missing.png"))
    assert out.returncode == 2
