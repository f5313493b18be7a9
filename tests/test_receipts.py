"""Mẫu 01 and Mẫu 02: every field the form asks for (read back with pdftotext), the appointment in working days, the
register number kept on reprint, and a QR code at the top left that any reader decodes (zxing-cpp)."""

from __future__ import annotations

import re
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from app.catalog.files import SAMPLE_CATALOG
from app.catalog.store import Catalog
from app.core.config import Settings, StationSettings
from app.core.errors import BadInputError
from app.core.storage import VN_TZ, Store
from app.dossiers.intake import open_dossier
from app.dossiers.model import Applicant
from app.papers.receipts import issue_receipt, issue_supplement_request, render
from app.papers.workdays import add_working_days

FRIDAY = datetime(2026, 11, 27, 9, 40, tzinfo=VN_TZ)
APPLICANT = Applicant("Nguyễn Văn Đức", "001090012345", "0912 345 678", "Số 12 đường Lê Lợi, phường Hạc Thành",
                      "duc.nv@example.vn")


@pytest.mark.parametrize(("start", "days", "expected"), [
    (FRIDAY, 5, datetime(2026, 12, 4, 9, 40, tzinfo=VN_TZ)),
    (FRIDAY, 1, datetime(2026, 11, 30, 9, 40, tzinfo=VN_TZ)),
    (FRIDAY, 0, FRIDAY),
    (datetime(2026, 11, 28, 10, 0, tzinfo=VN_TZ), 1, datetime(2026, 12, 1, 8, 0, tzinfo=VN_TZ)),  # a Saturday
    (datetime(2026, 11, 29, 10, 0, tzinfo=VN_TZ), 0, datetime(2026, 11, 30, 8, 0, tzinfo=VN_TZ)),  # a Sunday
    (datetime(2026, 11, 27, 17, 30, tzinfo=VN_TZ), 1, datetime(2026, 12, 1, 8, 0, tzinfo=VN_TZ)),  # after closing
    (datetime(2026, 11, 30, 7, 15, tzinfo=VN_TZ), 2, datetime(2026, 12, 2, 8, 0, tzinfo=VN_TZ)),  # before opening
])
def test_appointment_counts_working_days(start: datetime, days: int, expected: datetime) -> None:
    assert add_working_days(start, days) == expected


def test_holidays_are_skipped_too() -> None:
    assert add_working_days(FRIDAY, 1, holidays={date(2026, 11, 30)}) == datetime(2026, 12, 1, 9, 40, tzinfo=VN_TZ)


@pytest.fixture
def station(isolated_station: Path) -> tuple[Store, Settings]:
    settings = Settings(station=StationSettings(agency_name="Sở Ngoại vụ tỉnh Thanh Hóa",
                                                receiving_unit="Bộ phận Một cửa", station_id="ST02",
                                                clerk="Trần Thị Bình"))
    store = Store(isolated_station)
    Catalog(store).import_file(SAMPLE_CATALOG)
    return store, settings


def received_on_friday(store: Store, settings: Settings, procedure: str = "1.008050") -> str:
    opened = open_dossier(store, settings, procedure, APPLICANT)
    store.db.execute("update dossiers set created_at = ? where code = ?", [FRIDAY.isoformat(), opened.code])
    return opened.code


def text_of(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def qr_of(pdf: Path, tmp_path: Path) -> tuple[str, zxingcpp.Position, tuple[int, int]]:
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)
    image = Image.open(tmp_path / "page.png")
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(found) == 1
    return found[0].text, found[0].position, image.size


def test_receipt_holds_every_field_of_form_01(station: tuple[Store, Settings], tmp_path: Path) -> None:
    store, settings = station
    code = received_on_friday(store, settings)
    receipt = issue_receipt(store, settings, code, now=datetime(2026, 11, 27, 9, 52, tzinfo=VN_TZ))
    assert receipt.appointment_at == datetime(2026, 12, 11, 9, 40, tzinfo=VN_TZ)  # 10 working days
    pdf = render(receipt, tmp_path / "r.pdf")
    text = text_of(pdf)
    for expected in (
        "SỞ NGOẠI VỤ TỈNH THANH HÓA", "BỘ PHẬN MỘT CỬA", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "Ngày 27 tháng 11 năm 2026", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        f"Mã hồ sơ: {code}", "Ông/Bà: Nguyễn Văn Đức", "Địa chỉ: Số 12 đường Lê Lợi, phường Hạc Thành",
        "Số điện thoại: 0912 345 678; thư điện tử: duc.nv@example.vn",
        "Cho phép doanh nhân sử dụng thẻ đi lại của doanh nhân APEC (thẻ ABTC)", "(mã thủ tục 1.008050)",
        "Giấy chứng nhận đăng ký doanh nghiệp 01", "Hộ chiếu phổ thông còn giá trị của doanh nhân (xuất trình bản "
        "chính để đối chiếu) 01", "Số lượng hồ sơ: 01 (bộ)",
        "Thời gian giải quyết hồ sơ theo quy định là: 10 ngày làm việc",
        "Thời gian nhận hồ sơ: 09 giờ 40 phút, ngày 27/11/2026",
        "Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 40 phút, ngày 11/12/2026",
        "Đăng ký nhận kết quả tại: Bộ phận Một cửa, Sở Ngoại vụ tỉnh Thanh Hóa",
        "Vào Sổ theo dõi hồ sơ, Quyển số: 2026-ST02, Số thứ tự: 1", "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "(Ký và ghi rõ họ tên)", "Trần Thị Bình",
    ):
        assert expected in text, expected
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"LiberationSerif\s+TrueType\s+\S+\s+yes", fonts) or "DejaVuSerif" in fonts


def test_qr_at_the_top_left_decodes_to_the_required_data(station: tuple[Store, Settings], tmp_path: Path) -> None:
    store, settings = station
    code = received_on_friday(store, settings)
    pdf = render(issue_receipt(store, settings, code, now=datetime(2026, 11, 27, 9, 52, tzinfo=VN_TZ)),
                 tmp_path / "r.pdf")
    text, where, (width, height) = qr_of(pdf, tmp_path)
    assert text.splitlines() == [
        f"MaHoSo: {code}", "MaTTHC: 1.008050", "SoGiayToTuyThan: 001090012345",
        "TenGiayTo: Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "HeThong: SoHoa 0.1.0 - Sở Ngoại vụ tỉnh Thanh Hóa",
        "ThoiGian: 2026-11-27T09:52:00+07:00", "NgayHenTra: 2026-12-11T09:40:00+07:00"]
    assert where.top_left.x < width / 4 and where.top_left.y < height / 8


def test_reprint_keeps_the_number_and_the_counter_time(station: tuple[Store, Settings], tmp_path: Path) -> None:
    store, settings = station
    code = received_on_friday(store, settings)
    first = issue_receipt(store, settings, code, now=datetime(2026, 11, 27, 9, 52, tzinfo=VN_TZ))
    again = issue_receipt(store, settings, code, now=datetime(2026, 11, 27, 11, 0, tzinfo=VN_TZ))
    assert (again.register_number, again.issued_at, again.appointment_at) == \
           (first.register_number, first.issued_at, first.appointment_at)
    row = next(store.db.query("select receipt_printed_at, appointment_at from dossiers where code = ?", [code]))
    assert row == {"receipt_printed_at": "2026-11-27T09:52:00+07:00", "appointment_at": "2026-12-11T09:40:00+07:00"}
    other = received_on_friday(store, settings, "2.000800")
    assert issue_receipt(store, settings, other).register_number == 2
    reprints = [json for (json,) in store.db.execute("select details from audit_log where action = 'receipt_issued'")]
    assert len(reprints) == 3 and '"reprint":true' in reprints[1]


def test_a4_and_a5(station: tuple[Store, Settings], tmp_path: Path) -> None:
    store, settings = station
    receipt = issue_receipt(store, settings, received_on_friday(store, settings))
    for size, points in (("A5", "419.528 x 595.276"), ("A4", "595.276 x 841.89")):
        info = subprocess.run(["pdfinfo", str(render(receipt, tmp_path / f"{size}.pdf", size))], capture_output=True,
                              text=True, check=True).stdout
        assert f"Page size:       {points} pts" in info and "Pages:           1" in info
    with pytest.raises(BadInputError):
        render(receipt, tmp_path / "x.pdf", "Letter")


def test_form_02_request_to_supplement(station: tuple[Store, Settings], tmp_path: Path) -> None:
    store, settings = station
    code = received_on_friday(store, settings)
    request = issue_supplement_request(
        store, settings, code, ["Bản dịch tiếng Việt của hợp đồng thương mại", "  ", "Xác nhận nghĩa vụ thuế 2025"],
        reason="Thành phần hồ sơ chưa đầy đủ", contact="0237 3852 111")
    pdf = render(request, tmp_path / "bs.pdf")
    text = text_of(pdf)
    for expected in ("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", f"Mã hồ sơ: {code}", "Ông/Bà: Nguyễn Văn Đức",
                     "1. Bản dịch tiếng Việt của hợp đồng thương mại", "2. Xác nhận nghĩa vụ thuế 2025",
                     "Lý do: Thành phần hồ sơ chưa đầy đủ", "liên hệ với Trần Thị Bình, số điện thoại 0237 3852 111",
                     "Số phiếu: 1, Quyển số: BS-2026-ST02", "NGƯỜI HƯỚNG DẪN"):
        assert expected in text, expected
    qr, _, _ = qr_of(pdf, tmp_path)
    assert "TenGiayTo: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ" in qr and "NgayHenTra" not in qr
    with pytest.raises(BadInputError):
        issue_supplement_request(store, settings, code, [" "])


def test_unknown_procedure_without_appointment_is_explained(station: tuple[Store, Settings]) -> None:
    store, settings = station
    code = received_on_friday(store, settings)
    store.db.execute("delete from procedure_components")
    store.db.execute("delete from procedure_results")
    store.db.execute("delete from procedures")
    with pytest.raises(BadInputError) as info:
        issue_receipt(store, settings, code)
    assert "chưa có trong danh mục" in info.value.user_message()
    assert store.db.execute("select count(*) from receipt_register").fetchone()[0] == 0


@pytest.mark.slow
def test_cli_receipt_round_trip(cli, tmp_path: Path) -> None:
    assert cli("catalog", "import", "--sample").returncode == 0
    intake = cli("intake", "--procedure", "1.008001", "--name", "Lê Thị Hoa", "--id", "038190001234")
    assert intake.returncode == 0, intake.stderr
    code = intake.stdout.strip()
    result = cli("receipt", code, "--out", str(tmp_path / "receipt.pdf"))
    assert result.returncode == 0, result.stderr
    text, _, _ = qr_of(tmp_path / "receipt.pdf", tmp_path)
    assert code in text and "1.008001" in text and "038190001234" in text
    missing = cli("receipt", "000.00.01.H22-261124-9999", "--out", str(tmp_path / "x.pdf"))
    assert missing.returncode == 2 and "Không tìm thấy hồ sơ 000.00.01.H22-261124-9999" in missing.stderr
