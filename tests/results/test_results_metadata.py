"""The record of a result pre-read from its pages: lines rebuilt from word boxes (the two header columns apart), the
number's symbol as ND 30/2020 spells it, and every field read back exactly from generated decisions."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from app.checks.stackgen import scanned
from app.imaging.ocr import Word
from app.results.decisions import decision_pdf, make_decision, render_pdf
from app.results.metadata import Line, MetadataReader, _symbol, agency_lines, lines_of, signer_line, summary_lines
from app.results.model import ResultMeta, corrected, meta_from_input
from app.results.separator import Separator
from tests.results.stack import write_stack


def word(text: str, left: int, top: int, width: int = 80, height: int = 40) -> Word:
    return Word(text, 95.0, (left, top, left + width, top + height))


def test_header_columns_on_one_row_stay_apart() -> None:
    words = [word("UBND", 200, 100), word("TỈNH", 290, 102), word("CỘNG", 1100, 98), word("HÒA", 1190, 100)]
    assert [ln.text for ln in lines_of(words)] == ["UBND TỈNH", "CỘNG HÒA"]


def test_symbol_spelling_and_fields_from_lines() -> None:
    assert _symbol("1835 / QD-SNgV.") == "1835/QĐ-SNgV" and _symbol("12/ND-CP") == "12/NĐ-CP"
    lines = [Line("UBND TỈNH NGHỆ AN", 200, 100, 700, 140), Line("SỞ XÂY DỰNG", 250, 150, 650, 190),
             Line("Số: 603/QĐ-SXD", 250, 230, 650, 270), Line("QUYẾT ĐỊNH", 1000, 600, 1480, 650),
             Line("Về việc thành lập hội đồng", 700, 660, 1700, 700), Line("GIÁM ĐỐC", 1050, 780, 1400, 820),
             Line("Nơi nhận:", 300, 2600, 500, 2640), Line("GIÁM ĐỐC", 1500, 2600, 1800, 2640),
             Line("Võ Quốc Lan", 1500, 2900, 1800, 2940)]
    width, height = 2480, 3508
    assert [ln.text for ln in agency_lines(lines, width, lines[2], height)] == ["SỞ XÂY DỰNG"]
    assert [ln.text for ln in summary_lines(lines, width)] == ["Về việc thành lập hội đồng"]
    found = signer_line(lines, width, height)
    assert found is not None and found.text == "Võ Quốc Lan"


def test_what_the_clerk_typed_wins_and_corrections_are_counted() -> None:
    read = ResultMeta("1/QĐ-UBND", "2021-05-12", "SỞ TƯ PHÁP", "Lê Văn Hưng", "Về việc")
    typed = meta_from_input(so_ky_hieu="1/QĐ-UBND", ngay="13/05/2021", nguoi_ky=None)
    final = typed.merged(read)
    assert final.ngay_ban_hanh == "2021-05-13" and final.nguoi_ky == "Lê Văn Hưng" and final.co_quan == "SỞ TƯ PHÁP"
    assert corrected(read, final) == ["ngay_ban_hanh"]


@pytest.mark.slow
@pytest.mark.parametrize("seed", [2, 5, 9])
def test_every_field_reads_back_from_a_scanned_decision(seed: int) -> None:
    decision = make_decision(seed)
    page = scanned(render_pdf(decision_pdf(decision), 300)[0], random.Random(seed))
    reader = MetadataReader()
    try:
        meta = reader.page(page, 300)
    finally:
        reader.close()
    expected = decision.fields()
    assert {"so_ky_hieu": meta.so_ky_hieu, "ngay": meta.ngay_ban_hanh, "co_quan": meta.co_quan,
            "nguoi_ky": meta.nguoi_ky, "trich_yeu": meta.trich_yeu} == expected


@pytest.mark.slow
def test_a_two_page_decision_gives_its_signer_from_the_last_page(tmp_path: Path) -> None:
    decision = make_decision(4)
    pdf = tmp_path / "qd.pdf"
    pdf.write_bytes(decision_pdf(decision, pages=2))
    reader = MetadataReader()
    try:
        meta = reader.pdf(pdf)
    finally:
        reader.close()
    assert meta.nguoi_ky == decision.nguoi_ky and meta.so_ky_hieu == decision.so_ky_hieu


@pytest.mark.slow
def test_split_prints_each_documents_metadata(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    stack = write_stack(tmp_path / "run", [1, Separator("KQ.G15.000034"), 1], seed=3)
    done = cli("results", "split", str(stack.folder), "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert [d["pages"] for d in data] == [[1], [3]]
    assert [d["metadata"]["so_ky_hieu"] for d in data] == [d.so_ky_hieu for d in stack.decisions]
