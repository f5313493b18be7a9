"""Catalog files: JSON (nested), CSV and XLSX (one row a component, procedure columns repeated or left blank under
the first row as merged cells do). Every problem is collected with its place, in Vietnamese, before anything is
stored; headers may be English keys or the Vietnamese column names an agency types."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from app.catalog.model import (
    COMPONENT_CODE,
    EXEMPT_FLAGS,
    NATIONAL_CODE,
    CatalogComponent,
    CatalogError,
    DigitizeClass,
    Procedure,
    ProcedureResult,
    procedure_code_problem,
    validate_catalog,
)
from app.core.files import atomic_write_bytes, sha256_bytes
from app.core.vietnamese import fold_key, nfc

FORMAT = "sohoa.catalog/1"
SAMPLE_CATALOG = Path(__file__).resolve().parents[2] / "resources" / "catalog" / "sample-catalog.json"
PROCEDURE_COLUMNS = ("code", "name", "field", "processing_days", "fee", "fee_note")
COMPONENT_COLUMNS = ("component_code", "component_name", "copies", "digitize_class", "exempt", "expected_pages",
                     "id_card")
PROCEDURE_SETTINGS = ("scan_verification",)  # a procedure's own setting, last so older readers keep their columns
PROCEDURE_KEYS = PROCEDURE_COLUMNS + PROCEDURE_SETTINGS
COLUMNS = PROCEDURE_COLUMNS + COMPONENT_COLUMNS + PROCEDURE_SETTINGS
ALIASES: dict[str, tuple[str, ...]] = {
    "code": ("ma thu tuc", "ma tthc", "ma"),
    "name": ("ten thu tuc", "ten tthc", "thu tuc"),
    "field": ("linh vuc",),
    "processing_days": ("so ngay giai quyet", "thoi han giai quyet", "thoi gian giai quyet", "so ngay"),
    "fee": ("phi le phi", "le phi", "phi"),
    "fee_note": ("ghi chu phi", "ghi chu le phi"),
    "component_code": ("ma thanh phan", "ma giay to", "ma thanh phan ho so"),
    "component_name": ("ten thanh phan", "ten giay to", "thanh phan ho so", "ten thanh phan ho so"),
    "copies": ("so ban", "so luong", "so luong ban"),
    "digitize_class": ("loai so hoa", "nhom so hoa", "bat buoc so hoa"),
    "exempt": ("mien so hoa", "khong so hoa", "mien quet"),
    "expected_pages": ("so trang", "so trang du kien"),
    "id_card": ("ban sao can cuoc", "the can cuoc", "cccd"),
    "scan_verification": ("so hoa ket qua xac minh", "so hoa y kien", "quet ket qua xac minh"),
}
YES_NO = {"1": True, "x": True, "true": True, "co": True, "yes": True, "": False, "0": False, "false": False,
          "khong": False, "no": False}
HEADER_KEYS = {fold_key(alias): column for column, names in ALIASES.items() for alias in (column, *names)}
EXEMPT_ALIASES = {
    **{fold_key(f): f for f in EXEMPT_FLAGS},
    "truc tuyen": "online", "nop truc tuyen": "online", "xuat trinh": "show_only", "chi xuat trinh": "show_only",
    "xac minh": "verification", "y kien": "verification", "mat": "secret", "tai lieu mat": "secret",
}
_DAYS = re.compile(r"(\d+)( ngay( lam viec)?)?")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value)).strip()


def _whole(value: Any, label: str, where: str, problems: list[str], *, low: int, high: int,
           default: int | None = None, required: bool = False, money: bool = False) -> int | None:
    text = _text(value)
    if not text:
        if required:
            problems.append(f"{where}: thiếu {label}")
        return default
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    else:
        cleaned = re.sub(r"[.,\s]|đ$|vnd$", "", text.lower()) if money else fold_key(text)
        match = re.fullmatch(r"\d+", cleaned) if money else _DAYS.fullmatch(cleaned)
        number = int(match.group(0) if money else match.group(1)) if match else None
    if number is None or not low <= number <= high:
        problems.append(f"{where}: {label} '{text}' phải là số nguyên từ {low} đến {high}")
        return default
    return number


def _component(data: Mapping[str, Any], where: str, problems: list[str]) -> CatalogComponent | None:
    before = len(problems)
    code, name = _text(data.get("code")), _text(data.get("name"))
    if not code:
        problems.append(f"{where}: thiếu mã thành phần hồ sơ")
    elif not COMPONENT_CODE.fullmatch(code):
        problems.append(f"{where}: mã thành phần '{code}' chỉ được gồm chữ, số và . _ / - (tối đa 50 ký tự)")
    if not name:
        problems.append(f"{where}: thiếu tên thành phần hồ sơ")
    copies = _whole(data.get("copies"), "số bản", where, problems, low=1, high=50, default=1)
    pages = _whole(data.get("expected_pages"), "số trang", where, problems, low=1, high=5000)
    klass: DigitizeClass | None = None
    raw = _text(data.get("digitize_class"))
    if raw and fold_key(raw) not in ("0", "khong", "none"):
        if raw in ("1", "2", "3"):
            klass = DigitizeClass(int(raw))
        else:
            problems.append(f"{where}: loại số hóa '{raw}' phải là 1 (kết quả TTHC trước đó), 2 (kết quả xử lý "
                            "của cơ quan liên quan), 3 (kết quả giải quyết) hoặc để trống")
    flags = data.get("exempt") or []
    items = re.split(r"[,;|]", flags) if isinstance(flags, str) else flags if isinstance(flags, list) else [flags]
    exempt: list[str] = []
    for item in items:
        key = EXEMPT_ALIASES.get(fold_key(_text(item)))
        if key is None and _text(item):
            problems.append(f"{where}: diện miễn số hóa '{_text(item)}' không hợp lệ (dùng: {', '.join(EXEMPT_FLAGS)})")
        elif key and key not in exempt:
            exempt.append(key)
    raw_card = data.get("id_card")
    id_card = raw_card if isinstance(raw_card, bool) else YES_NO.get(fold_key(_text(raw_card)))
    if id_card is None:
        problems.append(f"{where}: bản sao thẻ căn cước (id_card) '{_text(raw_card)}' phải là có (1) hoặc không (0)")
    if len(problems) > before or id_card is None:
        return None
    return CatalogComponent(code, name, copies or 1, klass, tuple(f for f in EXEMPT_FLAGS if f in exempt), pages,
                            id_card)


def procedure_from_dict(data: Mapping[str, Any], where: str, problems: list[str]) -> Procedure | None:
    """One procedure from a JSON-shaped mapping; problems are appended, None when it is not usable."""
    before = len(problems)
    unknown = sorted(set(data) - {*PROCEDURE_KEYS, "components", "results"})
    if unknown:
        problems.append(f"{where}: trường không hợp lệ {', '.join(unknown)}")
    code, name = _text(data.get("code")), _text(data.get("name"))
    where = f"{where} ({code})" if code else where
    if not code:
        problems.append(f"{where}: thiếu mã thủ tục")
    elif problem := procedure_code_problem(code):
        problems.append(f"{where}: {problem}")
    if not name:
        problems.append(f"{where}: thiếu tên thủ tục")
    days = _whole(data.get("processing_days"), "thời hạn giải quyết (ngày làm việc)", where, problems,
                  low=0, high=365, required=True)
    fee = _whole(data.get("fee"), "lệ phí (đồng)", where, problems, low=0, high=10**9, default=0, money=True)
    raw_components = data.get("components") or []
    if not isinstance(raw_components, list):
        problems.append(f"{where}: 'components' phải là danh sách")
        raw_components = []
    components = []
    for index, item in enumerate(raw_components, start=1):
        if not isinstance(item, Mapping):
            problems.append(f"{where}, thành phần {index}: phải là một đối tượng")
            continue
        extra = sorted(set(item) - {"code", "name", "copies", "digitize_class", "exempt", "expected_pages", "id_card"})
        if extra:
            problems.append(f"{where}, thành phần {index}: trường không hợp lệ {', '.join(extra)}")
        comp = _component(item, f"{where}, thành phần {index}", problems)
        if comp:
            components.append(comp)
    _duplicates([_text(i.get("code")) for i in raw_components if isinstance(i, Mapping)],
                f"{where}: mã thành phần", problems)
    results = _results(data.get("results") or [], where, problems)
    raw_scan = data.get("scan_verification")
    scan = raw_scan if isinstance(raw_scan, bool) else True if not _text(raw_scan) else YES_NO.get(
        fold_key(_text(raw_scan)))
    if scan is None:
        problems.append(f"{where}: số hóa kết quả xác minh (scan_verification) '{_text(raw_scan)}' phải là có (1) "
                        "hoặc không (0)")
    if len(problems) > before or days is None or scan is None:
        return None
    return Procedure(code, name, _text(data.get("field")), days, fee or 0, _text(data.get("fee_note")),
                     tuple(components), results, scan)


def _results(raw: Any, where: str, problems: list[str]) -> tuple[ProcedureResult, ...]:
    """The procedure's result types (``results``: ``[{code, name}]``, the national MaKetQua codes)."""
    if not isinstance(raw, list):
        problems.append(f"{where}: 'results' phải là danh sách")
        return ()
    found = []
    for index, item in enumerate(raw, start=1):
        code = _text(item.get("code")) if isinstance(item, Mapping) else ""
        name = _text(item.get("name")) if isinstance(item, Mapping) else ""
        if not code or not name or set(item) - {"code", "name"}:
            problems.append(f"{where}, kết quả {index}: cần đúng hai trường code và name")
        else:
            found.append(ProcedureResult(code, name))
    return tuple(found)


def _duplicates(codes: list[str], label: str, problems: list[str]) -> None:
    for dup in sorted({c for c in codes if c and codes.count(c) > 1}):
        problems.append(f"{label} {dup} xuất hiện nhiều lần")


def _finish(procedures: list[Procedure], problems: list[str], source: str) -> list[Procedure]:
    if not problems:
        validate_catalog(procedures, problems)
    if problems:
        raise CatalogError(problems, source)
    return procedures


def parse_json(data: bytes, source: str = "JSON") -> list[Procedure]:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise CatalogError(["tệp không phải văn bản mã UTF-8"], source) from exc
    except json.JSONDecodeError as exc:
        raise CatalogError([f"lỗi cú pháp JSON ở dòng {exc.lineno}, cột {exc.colno}: {exc.msg}"], source) from exc
    if isinstance(document, dict):
        if document.get("format", FORMAT) != FORMAT:
            raise CatalogError([f"định dạng '{document.get('format')}' không được hỗ trợ (cần {FORMAT})"], source)
        items = document.get("procedures")
    else:
        items = document
    if not isinstance(items, list):
        raise CatalogError(["cần danh sách thủ tục ('procedures')"], source)
    problems: list[str] = []
    procedures = []
    _duplicates([_text(i.get("code")) for i in items if isinstance(i, Mapping)], "mã thủ tục", problems)
    for index, item in enumerate(items, start=1):
        if not isinstance(item, Mapping):
            problems.append(f"thủ tục thứ {index}: phải là một đối tượng")
        elif proc := procedure_from_dict(item, f"thủ tục thứ {index}", problems):
            procedures.append(proc)
    return _finish(procedures, problems, source)


def parse_rows(rows: Iterator[tuple[int, Sequence[Any]]], source: str) -> list[Procedure]:
    """Rows of a sheet (line number, cells), the first non-empty one the header."""
    problems: list[str] = []
    header: list[str | None] = []
    for line, cells in rows:
        if any(_text(c) for c in cells):
            header = [HEADER_KEYS.get(fold_key(_text(c))) if _text(c) else None for c in cells]
            unknown = [_text(c) for c, key in zip(cells, header, strict=True) if _text(c) and key is None]
            if unknown:
                problems.append(f"dòng {line}: cột không nhận ra: {', '.join(unknown)} (các cột: {', '.join(COLUMNS)})")
            missing = [c for c in ("code", "name", "processing_days", "component_name") if c not in header]
            if missing:
                problems.append(f"dòng {line}: thiếu cột {', '.join(missing)}")
            break
    else:
        raise CatalogError(["tệp trống"], source)
    if problems:
        raise CatalogError(problems, source)
    groups: dict[str, tuple[int, dict[str, Any], list[dict[str, Any]]]] = {}
    current: str | None = None
    for line, cells in rows:
        values = {key: cell for key, cell in zip(header, cells, strict=False) if key}
        if not any(_text(v) for v in values.values()):
            continue
        code = _text(values.get("code"))
        if code:
            current = code
            groups.setdefault(code, (line, {k: values.get(k) for k in PROCEDURE_KEYS}, []))
        elif current is None:
            problems.append(f"dòng {line}: thiếu mã thủ tục")
            continue
        first, head, components = groups[current]
        for key in PROCEDURE_KEYS:
            if _text(values.get(key)) and _text(values.get(key)) != _text(head.get(key)):
                problems.append(f"dòng {line}: cột {key} của thủ tục {current} khác với dòng {first}")
        if any(_text(values.get(k)) for k in COMPONENT_COLUMNS):
            components.append({"line": line, **{k.removeprefix("component_"): values.get(k)
                                                for k in COMPONENT_COLUMNS}})
    procedures: list[Procedure] = []
    for line, proc_values, components in groups.values():
        proc = procedure_from_dict({**proc_values, "components": []}, f"dòng {line}", problems)
        parsed = [_component(c, f"dòng {c['line']}", problems) for c in components]
        _duplicates([_text(c.get("code")) for c in components], f"thủ tục {proc_values['code']}: mã thành phần",
                    problems)
        if proc:
            procedures.append(replace(proc, components=tuple(c for c in parsed if c)))
    return _finish(procedures, problems, source)


def parse_csv(data: bytes, source: str = "CSV") -> list[Procedure]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = nfc(data.decode("cp1258", errors="replace"))  # Excel's "CSV" on a Vietnamese Windows
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return parse_rows(((reader.line_num, row) for row in reader), source)


def parse_xlsx(data: bytes, source: str = "XLSX") -> list[Procedure]:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise CatalogError(["không đọc được tệp Excel (.xlsx)"], source) from exc
    try:
        names = {fold_key(n): n for n in book.sheetnames}
        sheet = book[names.get("catalog") or names.get("danh muc") or book.sheetnames[0]]
        rows = []
        for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            values = list(cells)
            if values and isinstance(values[0], float):
                values[0] = _excel_code(values[0])  # Excel turned 2.001210 into the number 2.00121
            rows.append((line, values))
    finally:
        book.close()
    return parse_rows(iter(rows), source)


def _excel_code(value: float) -> str:
    text = f"{value:.6f}"
    return text if NATIONAL_CODE.fullmatch(text) else str(value)


def read_catalog(path: Path) -> tuple[list[Procedure], str]:
    """Parse and validate a catalog file by its extension; returns the procedures and the file's SHA-256."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError([f"không đọc được tệp: {exc.strerror}"], path.name) from exc
    parsers = {".json": parse_json, ".csv": parse_csv, ".xlsx": parse_xlsx}
    parser = parsers.get(path.suffix.lower())
    if parser is None:
        raise CatalogError([f"chỉ nhận tệp .json, .csv hoặc .xlsx (không nhận '{path.suffix}')"], path.name)
    return parser(data, path.name), sha256_bytes(data)


def flat_rows(procedures: Sequence[Procedure]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for p in procedures:
        head = [p.code, p.name, p.field, p.processing_days, p.fee, p.fee_note]
        for c in p.components or (None,):
            rows.append(head + (["", "", "", "", "", "", ""] if c is None else
                                [c.code, c.name, c.copies, int(c.digitize_class) if c.digitize_class else "",
                                 ",".join(c.exempt), c.expected_pages or "", 1 if c.id_card else ""])
                        + [int(p.scan_verification)])
    return rows


def write_json(procedures: Sequence[Procedure], path: Path, **about: Any) -> None:
    document = {"format": FORMAT, **about, "procedures": [p.to_dict() for p in procedures]}
    atomic_write_bytes(path, (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


def write_csv(procedures: Sequence[Procedure], path: Path) -> None:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(flat_rows(procedures))
    atomic_write_bytes(path, out.getvalue().encode("utf-8-sig"))


def write_xlsx(procedures: Sequence[Procedure], path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "catalog"
    sheet.append(list(COLUMNS))
    for row in flat_rows(procedures):
        sheet.append(row)
    for cell in sheet["A"][1:]:
        cell.number_format = "@"
    out = io.BytesIO()
    book.save(out)
    atomic_write_bytes(path, out.getvalue())
