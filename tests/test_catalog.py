"""The procedure catalog: codes validated, JSON/CSV/XLSX imported alike, bad files refused whole with Vietnamese
reasons, nothing half-imported, accent-insensitive type-ahead."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.catalog.files import SAMPLE_CATALOG, parse_csv, read_catalog, write_csv, write_json, write_xlsx
from app.catalog.model import CatalogError, DigitizeClass, check_procedure_code, procedure_code_problem
from app.catalog.store import Catalog
from app.catalog.sync import keep_station_settings
from app.core import audit
from app.core.errors import BadInputError
from app.core.storage import Store


@pytest.fixture
def catalog(isolated_station: Path) -> Catalog:
    return Catalog(Store(isolated_station), clerk="an", station="ST01")


def sample() -> list:
    return read_catalog(SAMPLE_CATALOG)[0]


@pytest.mark.parametrize("code", ["1.000948", "2.001218", "1.000948.000.00.00.H22", "3.123456.000.00.00.H01"])
def test_national_and_local_codes_are_valid(code: str) -> None:
    assert procedure_code_problem(code) is None
    assert check_procedure_code(f" {code} ") == code


@pytest.mark.parametrize("code", ["1.00094", "1-000948", "10.000948", "1.000948.000.00.00", "1.000948.001.00.00.H22",
                                  "1.000948.000.00.00.G22", "1.000948.000.00.00.H2", "", "ABC"])
def test_malformed_codes_are_refused(code: str) -> None:
    assert procedure_code_problem(code)
    with pytest.raises(BadInputError) as info:
        check_procedure_code(code)
    assert info.value.user_message().startswith("Mã thủ tục không hợp lệ: mã thủ tục")


def test_sample_catalog_is_a_realistic_foreign_affairs_catalog(catalog: Catalog) -> None:
    summary = catalog.import_file(SAMPLE_CATALOG)
    assert (summary.procedures, summary.components) == (11, 49)
    procs = {p.code: p for p in catalog.procedures()}
    assert 8 <= len(procs) <= 12 and any(p.is_local for p in procs.values())
    passport = procs["1.008001"]
    assert passport.field == "Lãnh sự" and passport.processing_days == 5 and passport.fee == 200000
    decision = passport.component("TP02")
    assert decision is not None and decision.digitize_class is DigitizeClass.EARLIER_RESULT and decision.must_digitize
    shown = passport.component("TP04")
    assert shown is not None and shown.exempt == ("show_only",) and not shown.must_digitize
    photos = passport.component("TP03")
    assert photos is not None and photos.copies == 2 and photos.expected_pages == 1
    flags = {f for p in procs.values() for c in p.components for f in c.exempt}
    assert flags == {"show_only", "verification", "secret"}
    classes = {c.digitize_class for p in procs.values() for c in p.components}
    assert classes >= {DigitizeClass.EARLIER_RESULT, DigitizeClass.AGENCY_RESULT}
    card_copies = [(p.code, c.code) for p in procs.values() for c in p.components if c.id_card]
    assert card_copies == [("2.000800", "TP04")]  # "Quét CCCD" puts the card cut from the glass there
    national = [replace(p, components=tuple(replace(c, id_card=False) for c in p.components))
                for p in procs.values()]  # the national catalogue knows no such marker: a refresh keeps the station's
    kept = keep_station_settings(national, list(procs.values()))
    assert [(p.code, c.code) for p in kept for c in p.components if c.id_card] == card_copies


def test_csv_and_xlsx_variants_import_the_same_catalog(catalog: Catalog, tmp_path: Path) -> None:
    procedures = sample()
    flat = [replace(p, results=()) for p in procedures]  # result types travel in JSON and from the gateway only
    assert flat != procedures
    for name, writer in (("c.csv", write_csv), ("c.xlsx", write_xlsx), ("c.json", write_json)):
        writer(procedures, tmp_path / name)
        parsed, sha = read_catalog(tmp_path / name)
        assert parsed == (procedures if name.endswith(".json") else flat), name
        assert len(sha) == 64
    catalog.import_file(tmp_path / "c.xlsx", mode="replace")
    assert catalog.procedures() == sorted(flat, key=lambda p: p.code)
    catalog.import_file(tmp_path / "c.json", mode="replace")
    assert catalog.procedures() == sorted(procedures, key=lambda p: p.code)


def test_csv_with_vietnamese_headers_semicolons_and_merged_rows(tmp_path: Path) -> None:
    text = (
        "Mã thủ tục;Tên thủ tục;Lĩnh vực;Số ngày giải quyết;Lệ phí;Mã thành phần;Tên thành phần;Số bản;"
        "Loại số hóa;Miễn số hóa;Số trang\n"
        "1.008010;Cấp công hàm đề nghị cấp thị thực;Lãnh sự;3 ngày làm việc;0;TP01;Văn bản đề nghị;1;;;1\n"
        ";;;;;TP02;Quyết định cử đi công tác;2;1;;\n"
        ";;;;;TP03;Hộ chiếu;1;;Chỉ xuất trình;\n"
        "2.000800;Hợp pháp hóa lãnh sự;Lãnh sự;1;30.000;TP01;Tờ khai;1;3;;\n"
    )
    (tmp_path / "c.csv").write_text(text, encoding="utf-8-sig")
    procs, _ = read_catalog(tmp_path / "c.csv")
    first, second = procs
    assert first.processing_days == 3 and [c.code for c in first.components] == ["TP01", "TP02", "TP03"]
    assert first.components[1].copies == 2 and first.components[1].digitize_class is DigitizeClass.EARLIER_RESULT
    assert first.components[2].exempt == ("show_only",)
    assert second.fee == 30000 and second.components[0].digitize_class is DigitizeClass.FINAL_RESULT


def test_excel_number_codes_are_repaired(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["code", "name", "processing_days", "component_code", "component_name"])
    sheet.append([2.00121, "Thủ tục A", 5, "TP01", "Đơn"])  # Excel turned "2.001210" into a number
    book.save(tmp_path / "n.xlsx")
    procs, _ = read_catalog(tmp_path / "n.xlsx")
    assert procs[0].code == "2.001210"


def problems_of(path: Path) -> list[str]:
    with pytest.raises(CatalogError) as info:
        read_catalog(path)
    assert info.value.user_message().startswith("Tệp danh mục thủ tục không hợp lệ; chưa nhập thủ tục nào.")
    return info.value.problems


def test_bad_json_is_refused_with_every_problem_in_vietnamese(tmp_path: Path) -> None:
    doc = {"format": "sohoa.catalog/1", "procedures": [
        {"code": "1.00948", "name": "A", "processing_days": 5},
        {"code": "1.000948", "name": "", "processing_days": -1, "fee": "nhiều",
         "components": [{"code": "TP 1", "name": "Đơn", "digitize_class": 4, "exempt": ["bí mật quốc gia"]},
                        {"name": "Không mã", "copies": 0}]},
        {"code": "2.000001", "name": "B", "processing_days": 1, "colour": "red",
         "components": [{"code": "TP1", "name": "X"}, {"code": "TP1", "name": "Y"}]},
        {"code": "2.000001", "name": "B lần hai", "processing_days": 1},
    ]}
    (tmp_path / "bad.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    problems = "\n".join(problems_of(tmp_path / "bad.json"))
    for expected in ("mã thủ tục '1.00948' không đúng dạng N.NNNNNN", "thiếu tên thủ tục",
                     "thời hạn giải quyết (ngày làm việc) '-1' phải là số nguyên từ 0 đến 365",
                     "lệ phí (đồng) 'nhiều'", "mã thành phần 'TP 1'", "loại số hóa '4'",
                     "diện miễn số hóa 'bí mật quốc gia' không hợp lệ", "thiếu mã thành phần hồ sơ",
                     "số bản '0'", "trường không hợp lệ colour", "mã thành phần TP1 xuất hiện nhiều lần",
                     "mã thủ tục 2.000001 xuất hiện nhiều lần"):
        assert expected in problems, expected


@pytest.mark.parametrize(("content", "expected"), [
    ("code,name,processing_days,component_name,colour\n1.000948,A,5,Đơn,red\n", "cột không nhận ra: colour"),
    ("code,name,component_name\n1.000948,A,Đơn\n", "thiếu cột processing_days"),
    ("code,name,processing_days,component_code,component_name\n1.000948,A,5,TP1,Đơn\n1.000948,B,5,TP2,Giấy\n",
     "dòng 3: cột name của thủ tục 1.000948 khác với dòng 2"),
    (",,,,\n", "tệp trống"),
    ("code,name,processing_days,component_name,cccd\n1.000948,A,5,Đơn,có lẽ\n", "id_card) 'có lẽ' phải là có"),
])
def test_bad_csv_is_refused(tmp_path: Path, content: str, expected: str) -> None:
    (tmp_path / "bad.csv").write_text(content, encoding="utf-8")
    assert any(expected in p for p in problems_of(tmp_path / "bad.csv"))


def test_unreadable_files_are_refused(tmp_path: Path) -> None:
    (tmp_path / "bad.xlsx").write_bytes(b"not a zip")
    assert problems_of(tmp_path / "bad.xlsx") == ["không đọc được tệp Excel (.xlsx)"]
    (tmp_path / "bad.json").write_text("{\"procedures\": [", encoding="utf-8")
    assert "lỗi cú pháp JSON ở dòng 1" in problems_of(tmp_path / "bad.json")[0]
    (tmp_path / "c.txt").write_text("x")
    assert "chỉ nhận tệp .json, .csv hoặc .xlsx" in problems_of(tmp_path / "c.txt")[0]


TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_cp1258(text: str) -> bytes:
    """How Windows' Vietnamese code page stores text: letters with their vowel marks, then a combining tone."""
    out = b""
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tone = "".join(m for m in parts if m in TONES)
        out += unicodedata.normalize("NFC", "".join(m for m in parts if m not in TONES)).encode("cp1258")
        out += tone.encode("cp1258")
    return out


def test_cp1258_csv_from_excel_is_read(tmp_path: Path) -> None:
    text = "code,name,processing_days,component_code,component_name\n1.000948,Cấp hộ chiếu,5,TP1,Tờ khai\n"
    procs = parse_csv(to_cp1258(text))
    assert procs[0].name == "Cấp hộ chiếu" and procs[0].components[0].name == "Tờ khai"


def test_a_refused_file_leaves_the_catalog_untouched(catalog: Catalog, tmp_path: Path) -> None:
    catalog.import_file(SAMPLE_CATALOG)
    before = catalog.procedures()
    (tmp_path / "bad.csv").write_text("code,name,processing_days,component_name\n9.9,A,5,Đơn\n", encoding="utf-8")
    with pytest.raises(CatalogError):
        catalog.import_file(tmp_path / "bad.csv", mode="replace")
    assert catalog.procedures() == before


def test_an_import_failing_midway_rolls_back_entirely(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    procs = sample()
    catalog.import_procedures(procs[:2], source="first")

    def crash(*args: object, **kwargs: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(audit, "record", crash)
    with pytest.raises(RuntimeError):
        catalog.import_procedures(procs, source="second", mode="replace")
    assert [p.code for p in catalog.procedures()] == sorted(p.code for p in procs[:2])
    assert catalog.store.db.execute("select count(*) from catalog_imports").fetchone()[0] == 1


def test_merge_keeps_other_procedures_and_replace_does_not(catalog: Catalog) -> None:
    procs = sample()
    catalog.import_procedures(procs, source="all")
    catalog.import_procedures(procs[:1], source="one")
    assert catalog.count() == len(procs)
    catalog.import_procedures(procs[:1], source="one", mode="replace")
    assert catalog.count() == 1


def test_type_ahead_is_accent_insensitive(catalog: Catalog) -> None:
    catalog.import_file(SAMPLE_CATALOG)
    assert [p.code for p in catalog.search("ho chieu")] == ["1.008001", "1.008002"]
    assert [p.code for p in catalog.search("HỘI THẢO")] == ["2.001100"]
    assert [p.code for p in catalog.search("phi chinh phu")] == ["2.000900.000.00.00.H22"]
    assert [p.code for p in catalog.search("1.0080")] == ["1.008001", "1.008002", "1.008010", "1.008050"]
    assert [p.code for p in catalog.search("H22")] == ["1.009001.000.00.00.H22", "2.000900.000.00.00.H22",
                                                       "2.001101.000.00.00.H22"]
    assert catalog.search("ABTC")[0].components  # hits come with their components
    assert catalog.search("  ") == [] and catalog.search("khong co thu tuc nay") == []


def test_cli_imports_lists_and_refuses(cli, tmp_path: Path) -> None:
    result = cli("catalog", "import", str(SAMPLE_CATALOG))
    assert result.returncode == 0, result.stderr
    assert "Đã nhập 11 thủ tục, 49 thành phần hồ sơ" in result.stdout
    listed = json.loads(cli("catalog", "list", "--json").stdout)
    assert len(listed) == 11 and listed[0]["components"][0]["code"] == "TP01"
    (tmp_path / "bad.json").write_text('[{"code": "1.0009", "name": "X", "processing_days": 1}]', encoding="utf-8")
    bad = cli("catalog", "import", str(tmp_path / "bad.json"))
    assert bad.returncode == 2
    assert "Tệp danh mục thủ tục không hợp lệ" in bad.stderr and "'1.0009' không đúng dạng" in bad.stderr
    assert len(json.loads(cli("catalog", "list", "--json").stdout)) == 11
