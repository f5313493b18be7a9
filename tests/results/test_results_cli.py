"""``sohoa results add|return`` refuse bad input with the clerk's sentence, exit code 2 and nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.results.decisions import decision_pdf, make_decision


def test_add_refuses_bad_input_and_writes_nothing(tmp_path: Path, isolated_station: Path, cli) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "kq.pdf"
    pdf.write_bytes(decision_pdf(make_decision(1)))
    done = cli("results", "add", "H22-1", "--type", "KQ.G15.000101", "--file", str(tmp_path / "none.pdf"))
    assert done.returncode == 2 and "Không tìm thấy tệp" in done.stderr
    done = cli("results", "add", "H22-1", "--type", "KQ.G15.000101", "--file", str(pdf), "--ngay", "31/02/2021")
    assert done.returncode == 2 and "Ngày không hợp lệ" in done.stderr
    done = cli("results", "add", "H22-1", "--type", "KQ.G15.000101", "--file", str(pdf), "--no-ocr")
    assert done.returncode == 2 and "H22-1" in done.stderr  # no such dossier
    done = cli("results", "return", "H22-1")
    assert done.returncode == 2
    assert not list(isolated_station.rglob("results")) or not any(isolated_station.rglob("*.pdf"))


@pytest.mark.slow
def test_add_pre_reads_the_fields_left_out_then_return(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("catalog", "import", "--sample").returncode == 0
    paper = tmp_path / "to-khai.pdf"
    paper.write_bytes(decision_pdf(make_decision(11)))
    submitted = cli("submit", "--procedure", "1.008001", "--applicant-id", "001090000001", "--applicant-name",
                    "Nguyễn Thị Hoa", "--component", f"TP02:Quyết định={paper}")
    assert submitted.returncode == 0, submitted.stderr
    code = submitted.stdout.strip()
    decision = make_decision(2)
    pdf = tmp_path / "ket-qua.pdf"
    pdf.write_bytes(decision_pdf(decision))
    done = cli("results", "add", code, "--type", "KQ.G15.000101", "--file", str(pdf), "--nguoi-ky",
               "Người Ký Thay", "--vinh-vien", "--json")
    assert done.returncode == 0, done.stderr
    added = json.loads(done.stdout)
    assert added["code"] == "KQ.G15.000101" and added["hidden"] and added["pdfa"]
    assert sorted(added["read_by_ocr"]) == ["co_quan", "ngay_ban_hanh", "so_ky_hieu", "trich_yeu"]
    assert added["so_ky_hieu"] == decision.so_ky_hieu and added["ngay_ban_hanh"] == decision.ngay
    assert added["nguoi_ky"] == "Người Ký Thay" and added["vinh_vien"] is True  # typed wins
    returned = cli("results", "return", code, "--json")
    assert returned.returncode == 0, returned.stderr
    assert json.loads(returned.stdout)["status"] == "returned"
    again = cli("results", "return", code)
    assert again.returncode == 1 and "đã trả kết quả" in again.stderr
