"""Mẫu 03 (refusal, with its reasons) and Mẫu 06 (processing control slip, the papers handed over and the hand-over
rows): every field read back with pdftotext, the QR at the top left decoded with zxing-cpp, the refused state and its
audit entry, and ``sohoa receipt --form 03/06`` with its exit codes (bad input writes nothing)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from app.core.config import Settings
from app.core.errors import BadInputError
from app.core.storage import VN_TZ, Store
from app.counter.model import NotReady, todays_dossiers
from app.counter.papers import CounterPapers
from app.dossiers import lifecycle
from app.dossiers.lifecycle import DossierStatus
from app.papers.receipts import issue_receipt, render
from cli import main
from tests.test_receipts import FRIDAY, qr_of, received_on_friday, station, text_of

__all__ = ["station"]  # the fixture, shared with the receipt tests
REASONS = ["Hồ sơ không thuộc thẩm quyền giải quyết của Sở Ngoại vụ", "Thiếu tờ khai có chữ ký của người đề nghị"]
AT = datetime(2026, 11, 27, 10, 5, tzinfo=VN_TZ)


def dossier(store: Store, code: str) -> dict[str, object]:
    return next(store.db.query("select * from dossiers where code = ?", [code]))


def actions(store: Store, code: str) -> list[tuple[str, dict[str, object]]]:
    return [(a, json.loads(d)) for a, d in store.db.execute(
        "select action, details from audit_log where dossier_code = ? order by id", [code])]


def test_form_03_states_the_reasons_and_refuses_the_dossier(station: tuple[Store, Settings], tmp_path: Path) -> None:
    store, settings = station
    code = received_on_friday(store, settings)
    refusal = CounterPapers(settings, store).refuse(code, [REASONS[0], "  ", REASONS[1]], now=AT)
    pdf = render(refusal, tmp_path / "03.pdf")
    text = text_of(pdf)
    for expected in ("SỞ NGOẠI VỤ TỈNH THANH HÓA", "BỘ PHẬN MỘT CỬA", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
                     f"Mã hồ sơ: {code}", "Ông/Bà: Nguyễn Văn Đức", "Địa chỉ: Số 12 đường Lê Lợi, phường Hạc Thành",
                     "(mã thủ tục 1.008050)", "Thời gian nhận hồ sơ: 09 giờ 40 phút, ngày 27/11/2026",
                     "Bộ phận Một cửa không tiếp nhận, giải quyết hồ sơ này vì lý do:", f"1. {REASONS[0]}",
                     f"2. {REASONS[1]}", "Số phiếu: 1, Quyển số: TC-2026-ST02", "NGƯỜI TIẾP NHẬN HỒ SƠ",
                     "Trần Thị Bình"):
        assert expected in text, expected
    qr, where, (width, height) = qr_of(pdf, tmp_path)
    assert qr.splitlines() == [
        f"MaHoSo: {code}", "MaTTHC: 1.008050", "SoGiayToTuyThan: 001090012345",
        "TenGiayTo: Phiếu từ chối tiếp nhận giải quyết hồ sơ", "HeThong: SoHoa 0.1.0 - Sở Ngoại vụ tỉnh Thanh Hóa",
        "ThoiGian: 2026-11-27T10:05:00+07:00"]
    assert where.top_left.x < width / 4 and where.top_left.y < height / 8
    row = dossier(store, code)
    assert (row["status"], row["finished_at"]) == (DossierStatus.REFUSED, "2026-11-27T10:05:00+07:00")
    assert ("dossier_refused", {"form": "03", "book": "TC-2026-ST02", "number": 1, "reasons": REASONS}) \
        in actions(store, code)
    summary = next(s for s in todays_dossiers(store.db, now=FRIDAY) if s.code == code)
    assert summary.ended_at == row["finished_at"] and summary.seconds == 25 * 60  # the citizen left at 10:05


def test_a_refused_dossier_is_closed_and_its_slip_reprints_as_issued(station: tuple[Store, Settings]) -> None:
    store, settings = station
    code = received_on_friday(store, settings)
    papers = CounterPapers(settings, store)
    first = papers.refuse(code, REASONS, now=AT)
    again = papers.refuse(code, ["something else"], now=datetime(2026, 11, 27, 11, 0, tzinfo=VN_TZ))
    assert (again.reasons, again.register_number, again.issued_at) == (tuple(REASONS), 1, first.issued_at)
    assert actions(store, code)[-1] == ("form_issued", {"form": "03", "book": "TC-2026-ST02", "number": 1,
                                                        "reprint": True})
    row = dossier(store, code)
    assert lifecycle.can_finish(row, []).reason == "refused"
    assert lifecycle.can_change_pages(row).reason == "refused"
    assert lifecycle.can_hand_over(row).reason == "refused"
    with pytest.raises(BadInputError) as info:
        issue_receipt(store, settings, code)
    assert "đã bị từ chối tiếp nhận" in info.value.user_message()
    with pytest.raises(lifecycle.LifecycleError):
        lifecycle.dossier_move(DossierStatus.REFUSED, DossierStatus.QUEUED)


def test_a_received_dossier_is_not_refused_and_nothing_is_written(station: tuple[Store, Settings]) -> None:
    store, settings = station
    papers = CounterPapers(settings, store)
    code = received_on_friday(store, settings)
    with pytest.raises(BadInputError):  # no reason
        papers.refuse(code, [" ", ""])
    issue_receipt(store, settings, code)
    with pytest.raises(NotReady) as info:
        papers.refuse(code, REASONS)
    assert "đã được tiếp nhận" in info.value.user_message()
    assert dossier(store, code)["status"] == DossierStatus.DRAFT
    assert [a for a, _ in actions(store, code)] == ["dossier_created", "receipt_issued"]
    assert store.db.execute("select count(*) from receipt_register where form = '03'").fetchone()[0] == 0


def test_form_06_lists_the_papers_handed_over_and_the_hand_over_rows(station: tuple[Store, Settings],
                                                                     tmp_path: Path) -> None:
    store, settings = station
    code = received_on_friday(store, settings)
    papers = CounterPapers(settings, store)
    with pytest.raises(NotReady) as info:  # the slip goes with a received dossier
        papers.control_slip(code)
    assert "chưa được cấp giấy tiếp nhận" in info.value.user_message()
    issue_receipt(store, settings, code, now=datetime(2026, 11, 27, 9, 52, tzinfo=VN_TZ))
    first = store.db.execute("select id from components where dossier_id = ? and exempt_reason is null "
                             "order by position", [dossier(store, code)["id"]]).fetchone()[0]
    store.db.execute("update components set status = 'signed' where id = ?", [first])
    slip = papers.control_slip(code, now=AT)
    pdf = render(slip, tmp_path / "06.pdf", "A4")
    text = text_of(pdf)
    for expected in ("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", f"Mã hồ sơ: {code}",
                     "(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả số 1, quyển số 2026-ST02)",
                     "Người nộp hồ sơ: Nguyễn Văn Đức",
                     "Cơ quan (bộ phận) giải quyết hồ sơ: Sở Ngoại vụ tỉnh Thanh Hóa",
                     "thời gian hẹn trả kết quả: 09 giờ 40 phút, ngày 11/12/2026",
                     "Thành phần hồ sơ bản giấy chuyển kèm", "Giấy chứng nhận đăng ký doanh nghiệp",
                     "Văn bản đề nghị cho phép sử dụng thẻ ABTC của doanh nghiệp",
                     "TÊN CƠ QUAN", "THỜI GIAN GIAO, NHẬN HỒ SƠ", "KẾT QUẢ GIẢI QUYẾT",
                     "1. Giao: Bộ phận Một cửa", "Người giao", "Người nhận", "Nhận: Bộ phận Một cửa",
                     "Số phiếu: 1, Quyển số: KS-2026-ST02"):
        assert expected in text, expected
    assert "Hộ chiếu phổ thông" not in text  # only shown at the counter and handed back: not handed over
    assert (text.count("đã số hóa"), text.count("bản giấy, chưa số hóa")) == (1, 4)  # one of five was digitized
    qr, where, (width, _height) = qr_of(pdf, tmp_path)
    assert f"MaHoSo: {code}" in qr.splitlines()
    assert "TenGiayTo: Phiếu kiểm soát quá trình giải quyết hồ sơ" in qr.splitlines()
    assert where.top_left.x < width / 4
    again = papers.control_slip(code)
    assert (again.register_number, again.issued_at) == (1, slip.issued_at)
    assert [d.get("reprint") for a, d in actions(store, code) if a == "form_issued"] == [False, True]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out.strip(), err


def test_cli_forms_03_and_06(capsys: pytest.CaptureFixture[str], tmp_path: Path, isolated_station: Path) -> None:
    assert run(capsys, "catalog", "import", "--sample")[0] == 0
    _, code, _ = run(capsys, "intake", "--procedure", "1.008001", "--name", "Lê Thị Hoa", "--id", "038190001234")
    out = tmp_path / "03.pdf"
    status, _, err = run(capsys, "receipt", code, "--form", "03", "--out", str(out))
    assert status == 2 and "Cần ghi lý do từ chối tiếp nhận hồ sơ" in err and not out.exists()
    status, _, err = run(capsys, "receipt", code, "--form", "05", "--reason", "x", "--out", str(out))
    assert status == 2 and "Mẫu phải là 01" in err and not out.exists()
    status, _, err = run(capsys, "receipt", "000.00.01.H22-261124-9999", "--form", "03", "--reason", "x",
                         "--out", str(out))
    assert status == 2 and "Không tìm thấy hồ sơ 000.00.01.H22-261124-9999" in err and not out.exists()
    status, _, err = run(capsys, "receipt", code, "--form", "06", "--out", str(tmp_path / "06.pdf"))
    assert status == 1 and "chưa được cấp giấy tiếp nhận" in err and not (tmp_path / "06.pdf").exists()
    store = Store(isolated_station)
    assert dossier(store, code)["status"] == DossierStatus.DRAFT
    assert [a for a, _ in actions(store, code)] == ["dossier_created"]

    status, printed, _ = run(capsys, "receipt", code, "--form", "03", "--reason", "Không đủ điều kiện",
                             "--reason", "Giấy tờ hết hạn", "--out", str(out))
    assert status == 0 and printed == str(out)
    assert "1. Không đủ điều kiện" in text_of(out) and "2. Giấy tờ hết hạn" in text_of(out)
    assert dossier(store, code)["status"] == DossierStatus.REFUSED
    status, _, err = run(capsys, "receipt", code, "--out", str(tmp_path / "01.pdf"))
    assert status == 2 and "đã bị từ chối tiếp nhận" in err

    _, other, _ = run(capsys, "intake", "--procedure", "1.008001", "--name", "Lê Văn Nam", "--id", "038190004321")
    assert run(capsys, "receipt", other, "--out", str(tmp_path / "01.pdf"))[0] == 0
    status, printed, _ = run(capsys, "receipt", other, "--form", "06", "--out", str(tmp_path / "06.pdf"))
    assert status == 0 and "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text_of(tmp_path / "06.pdf")
