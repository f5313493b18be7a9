"""The station's self-check: is everything a counter needs present and working on this workstation?

Each check does the real thing on a tiny scale (OCR of one rendered line, a one-page PDF/A, opening the database)
rather than looking for files, so a frozen bundle that lacks a module or a data file fails here, not at the counter.
Every problem comes with one Vietnamese line saying what to do.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from app import __version__
from app.core import keys
from app.core.config import config_path, data_dir, load_settings
from app.core.storage import VN_TZ, Store
from app.imaging.ocr import OcrEngine, TesseractMissing, probe
from app.papers.workdays import station_calendar
from scanner.registry import list_all_devices
from scanner.twain import thirty_two_bit_sources

VIETNAMESE_SAMPLE = "ẠẢẤẦẨẪẬắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđĐơƠưƯ"
FONT_NAMES = ("DejaVuSans.ttf", "LiberationSerif-Regular.ttf", "times.ttf", "arial.ttf")
FONT_FOLDERS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation2",
                "/usr/share/fonts/truetype/liberation", "C:/Windows/Fonts")


@dataclass
class CheckResult:
    name: str
    ok: bool
    detail: str = ""
    problem_vi: str = ""  # the clerk's/admin's line when not ok
    warnings_vi: list[str] = field(default_factory=list)
    seconds: float = 0.0


def font_candidates() -> list[Path]:
    """Fonts with Vietnamese glyphs for the signature stamp and samples: bundled first, then the system's."""
    folders = [os.environ.get("SOHOA_FONTS_DIR", "")]
    frozen_root = getattr(sys, "_MEIPASS", "")
    if frozen_root:
        folders.append(str(Path(frozen_root) / "fonts"))
    folders.extend(FONT_FOLDERS)
    return [Path(folder) / name for folder in folders if folder for name in FONT_NAMES
            if (Path(folder) / name).is_file()]


def covers_vietnamese(path: Path) -> bool:
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        cmap = font.getBestCmap() or {}
    return all(ord(ch) in cmap for ch in VIETNAMESE_SAMPLE)


def check_fonts() -> CheckResult:
    import ocrmypdf

    data = Path(ocrmypdf.__file__).parent / "data"
    missing = [name for name in ("Occulta.ttf", "NotoSans-Regular.ttf", "sRGB.icc") if not (data / name).is_file()]
    if missing:
        return CheckResult("fonts", False, f"missing in {data}: {', '.join(missing)}",
                           "Thiếu phông chữ/hồ sơ màu của bộ tạo PDF (ocrmypdf). Cài đặt lại SoHoa.")
    usable = [p for p in font_candidates() if covers_vietnamese(p)]
    if not usable:
        return CheckResult("fonts", False, "no font with Vietnamese glyphs found",
                           "Không có phông chữ tiếng Việt (DejaVu Sans, Liberation Serif hoặc Times New Roman). "
                           "Cài đặt phông chữ rồi chạy lại.")
    return CheckResult("fonts", True, f"{usable[0]} (+{len(usable) - 1} more); ocrmypdf data in {data}")


def check_tesseract() -> CheckResult:
    info = probe()
    if "error" in info:
        return CheckResult("tesseract", False, str(info["error"]),
                           "Thiếu dữ liệu nhận dạng chữ tiếng Việt/tiếng Anh/hướng trang (vie, eng, osd) của "
                           "Tesseract. Cài đặt lại SoHoa hoặc đặt các tệp .traineddata vào thư mục tessdata.")
    languages = info.get("languages", [])
    return CheckResult("tesseract", True, f"{info['tesserocr']}; {info['tessdata']}; languages {languages}")


def _sample_line(font_path: Path | None) -> Image.Image:
    image = Image.new("L", (900, 110), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(font_path), 44) if font_path else ImageFont.load_default(44)
    draw.text((20, 25), "Số hóa hồ sơ một cửa 2025", fill=0, font=font)
    return image


def check_pdfa() -> CheckResult:
    """OCR one rendered Vietnamese line in-process and build a one-page PDF/A-2b from it."""
    # late: OpenCV and pikepdf load inside this check, so a bundle without them fails here, not the whole self-check
    from app.imaging.pageproc import PageOptions, process_page
    from app.imaging.pdfa import build_pdfa, is_pdfa  # late: as above

    fonts = [p for p in font_candidates() if covers_vietnamese(p)]
    try:
        engine = OcrEngine("vie+eng")
    except TesseractMissing as exc:
        return CheckResult("pdfa", False, str(exc), "Không nhận dạng chữ được vì thiếu dữ liệu Tesseract.")
    try:
        page = process_page(engine, _sample_line(fonts[0] if fonts else None), 300, 0,
                            PageOptions(deskew=False, rotate=False))
    finally:
        engine.close()
    words = [w.text for w in page.ocr.words] if page.ocr else []
    with tempfile.TemporaryDirectory(prefix="sohoa-selfcheck-") as tmp:
        out = build_pdfa([page], Path(tmp) / "selfcheck.pdf")
        part = is_pdfa(out)
    detail = f"OCR read {' '.join(words)!r}; PDF/A {part}"
    if part != "2B" or not any("hóa" in w or "cửa" in w for w in words):
        return CheckResult("pdfa", False, detail,
                           "Bộ tạo PDF/A có lớp chữ không hoạt động đúng. Cài đặt lại SoHoa hoặc báo quản trị viên.")
    return CheckResult("pdfa", True, detail)


def check_database(data_folder: Path) -> CheckResult:
    store = Store(data_folder)
    try:
        result = store.db.execute("PRAGMA quick_check").fetchone()[0]
        tables = len(store.db.table_names())
    finally:
        store.close()
    if result != "ok":
        return CheckResult("database", False, f"{store.db_path}: {result}",
                           f"Cơ sở dữ liệu bị hỏng ({store.db_path}). Báo quản trị viên để khôi phục từ bản sao lưu.")
    return CheckResult("database", True, f"{store.db_path} ({tables} tables)")


def check_keyring(data_folder: Path) -> CheckResult:
    """The keyring backend in force and where the audit key lives; a key file must be the account's alone (0600)."""
    state = keys.status()
    key, where = keys.audit_key(data_folder)
    key_file = keys.audit_key_file(data_folder)
    shown = where or (f"chưa tạo; sẽ ở {'kho khóa' if state.secure else key_file}")
    detail = f"{state.backend} ({state.kind}); audit key: {shown}"
    if key_file.exists() and (problem := keys.file_mode_problem(key_file)):
        return CheckResult("keyring", False, f"{detail}; {problem}",
                           f"Tệp khóa nhật ký {key_file} có thể bị tài khoản khác đọc. Chạy: chmod 600 {key_file}")
    if key_file.exists() and key is None:
        return CheckResult("keyring", False, detail, f"Tệp khóa nhật ký {key_file} bị hỏng. Báo quản trị viên.")
    warnings = [] if state.secure else [state.describe_vi()]
    return CheckResult("keyring", True, detail, warnings_vi=warnings)


def check_devices() -> CheckResult:
    devices = list_all_devices()
    by_kind: dict[str, int] = {}
    for device in devices:
        by_kind[device.kind] = by_kind.get(device.kind, 0) + 1
    warnings: list[str] = []
    if not any(kind in by_kind for kind in ("sane", "wia", "twain")):
        warnings.append("Chưa thấy máy quét nào được kết nối (chỉ có nhập tệp). "
                        "Kiểm tra cáp, nguồn và trình điều khiển.")
    if sys.platform == "win32":
        old = thirty_two_bit_sources()
        if old:
            warnings.append(f"Có trình điều khiển TWAIN chỉ dành cho 32-bit ({', '.join(old)}): SoHoa 64-bit không "
                            "dùng được. Cài trình điều khiển 64-bit của hãng hoặc dùng máy quét qua WIA.")
    detail = ", ".join(f"{kind}: {count}" for kind, count in sorted(by_kind.items())) or "none"
    return CheckResult("devices", True, detail, warnings_vi=warnings)


def check_calendar() -> CheckResult:
    """The working calendar the receipts count appointments with: the country's public holidays load and the
    year's decided days in settings parse."""
    settings = load_settings()
    today = datetime.now(VN_TZ).date()
    calendar = station_calendar(settings, today)
    upcoming = sorted(d for d in calendar.days_off if d >= today and d.weekday() < 5)
    if settings.station.public_holidays and not upcoming:
        return CheckResult("calendar", False, "no public holiday found ahead",
                           "Không tải được lịch nghỉ lễ; ngày hẹn trả trên giấy tiếp nhận sẽ không trừ ngày lễ.")
    nearest = upcoming[0].isoformat() if upcoming else "none"
    within = sum(1 for d in upcoming if d <= today + timedelta(days=365))
    return CheckResult("calendar", True, f"{settings.station.public_holidays or 'no'} public holidays; next day off "
                       f"{nearest}; {within} weekdays off in the next 12 months")


def run_checks() -> list[CheckResult]:
    """Every check, each isolated: one failing (even with an unexpected exception) does not hide the others."""
    results: list[CheckResult] = []
    try:
        settings = load_settings()
        results.append(CheckResult("settings", True, "embedded defaults" if not _config_exists() else _config()))
        folder = data_dir(settings)
    except Exception as exc:
        results.append(CheckResult("settings", False, str(exc),
                                   "Tệp cấu hình settings.toml bị lỗi. Sửa hoặc xóa tệp rồi chạy lại."))
        folder = data_dir()
    checks: list[tuple[str, Callable[[], CheckResult], str]] = [
        ("tesseract", check_tesseract, "Không kiểm tra được Tesseract."),
        ("fonts", check_fonts, "Không kiểm tra được phông chữ."),
        ("pdfa", check_pdfa, "Không tạo thử được PDF/A."),
        ("database", lambda: check_database(folder), f"Không mở được cơ sở dữ liệu trong {folder}."),
        ("keyring", lambda: check_keyring(folder), "Không kiểm tra được kho khóa."),
        ("devices", check_devices, "Không liệt kê được máy quét."),
        ("calendar", check_calendar, "Không tải được lịch làm việc (ngày lễ) của trạm."),
    ]
    for name, check, problem in checks:
        started = time.monotonic()
        try:
            result = check()
        except Exception as exc:
            said = getattr(exc, "message_vi", "")  # a typed error already says what to fix, in Vietnamese
            result = CheckResult(name, False, f"{type(exc).__name__}: {exc}", f"{problem} {said}".strip())
        result.seconds = round(time.monotonic() - started, 2)
        results.append(result)
    return results


def _config() -> str:
    return str(config_path())


def _config_exists() -> bool:
    return config_path().exists()


def report(results: list[CheckResult]) -> dict[str, object]:
    return {
        "ok": all(r.ok for r in results),
        "version": __version__,
        "frozen": bool(getattr(sys, "frozen", False)),
        "executable": sys.executable,
        "platform": sys.platform,
        "checks": [asdict(r) for r in results],
    }
