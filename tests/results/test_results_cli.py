"""``sohoa results add|return`` refuse bad input with the clerk's sentence, exit code 2 and nothing written."""

from __future__ import annotations

from pathlib import Path

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
