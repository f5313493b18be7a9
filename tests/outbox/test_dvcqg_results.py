"""A dossier's result reaches the province's gateway (the reference receiver's DVCQG emulator) as an update of the
dossier, hidden from the citizen, and is released when the result is returned (TrangThaiHoSo 10); the lifecycle
refuses results before the dossier is received and after its result is returned."""

from __future__ import annotations

import hashlib
from pathlib import Path

import httpx
import pytest

from app.catalog.store import Catalog
from app.core.errors import BadInputError
from app.core.storage import Store
from app.dossiers.lifecycle import DossierStatus
from app.dossiers.model import NewDossier
from app.dossiers.store import DossierStore
from app.results.decisions import decision_pdf, make_decision
from app.results.dossier import DossierResults, ResultRefused
from app.results.model import ResultMeta
from tests.outbox.test_dvcqg import SAMPLE, dvcqg_settings, hoso, sent_dossier

META = ResultMeta("1835/QĐ-SNgV", "2026-11-20", "SỞ NGOẠI VỤ", "Võ Minh Thảo", "Về việc cấp hộ chiếu công vụ",
                  vinh_vien=False, hieu_luc_den="2031-11-20")


@pytest.mark.slow
def test_a_result_goes_as_a_hidden_update_and_is_released_on_return(station: Store, receiver,  # type: ignore[no-untyped-def]
                                                                      tmp_path: Path) -> None:
    url, settings, code, worker = sent_dossier(station, receiver, tmp_path)
    pdf = tmp_path / "quyet-dinh-ket-qua.pdf"
    pdf.write_bytes(decision_pdf(make_decision(7)))
    results = DossierResults(station, settings)
    added = results.add(code, "", pdf, META)  # the procedure's only result type is taken
    assert added.code == "KQ.G15.000101" and added.pdfa and added.queued == ["dvcqg"] and added.pages == 1
    assert worker.drain(60).sent == 1
    [record] = hoso(url)
    assert record["MaHoSo"] == code and record["TrangThaiHoSo"] == 1
    assert record["TaiLieuNop"][0]["DuocSoHoa"] == 1  # the components stay as first sent
    [result] = record["DanhSachGiayToKetQua"]
    assert result["MaGiayToKetQua"] == "KQ.G15.000101" and result["AnGiayTo"] == 1
    assert result["SoKyHieu"] == "1835/QĐ-SNgV" and result["NgayBanHanh"] == "20261120000000"
    assert result["CoQuanBanHanh"] == "SỞ NGOẠI VỤ" and result["NguoiKy"] == "Võ Minh Thảo"
    assert result["ThoiHanHieuLuc"] == "20311120000000" and result["ThoiHanVinhVien"] == 0
    row = station.db.execute("select pdf_path, pdf_sha256 from results").fetchone()
    served = httpx.get(result["DuongDanTepTinKetQua"], timeout=10)
    assert hashlib.sha256(served.content).hexdigest() == row[1] == hashlib.sha256(
        station.path(row[0]).read_bytes()).hexdigest()

    returned = results.give_back(code)
    assert returned["status"] == "returned" and returned["queued"] == ["dvcqg"]
    assert worker.drain(60).sent == 1
    [record] = hoso(url)
    assert record["TrangThaiHoSo"] == 10 and record["DanhSachGiayToKetQua"][0]["AnGiayTo"] == 0
    dossier = DossierStore(station).by_code(code)
    assert dossier["status"] == DossierStatus.RETURNED and dossier["appointment_at"]  # form 01's appointment kept
    actions = [r[0] for r in station.db.execute("select action from audit_log where dossier_code = ? order by id",
                                                [code])]
    assert actions.index("result_added") < actions.index("result_returned")
    with pytest.raises(ResultRefused) as late:
        results.add(code, "", pdf, META)
    assert late.value.detail == "returned"
    with pytest.raises(ResultRefused):
        results.give_back(code)


def test_results_wait_for_the_dossier_to_be_received_and_take_only_its_result_types(
        station: Store, settings_for_results, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    Catalog(station).import_file(SAMPLE)
    dossiers = DossierStore(station)
    draft = dossiers.create("H22-DRAFT", NewDossier("1.008001", "Nguyễn Văn A"))
    pdf = tmp_path / "kq.pdf"
    pdf.write_bytes(decision_pdf(make_decision(3)))
    results = DossierResults(station, settings_for_results)
    with pytest.raises(ResultRefused) as early:
        results.add("H22-DRAFT", "", pdf, META)
    assert early.value.detail == "not_received"
    with pytest.raises(ResultRefused) as nothing:
        results.give_back("H22-DRAFT")
    assert nothing.value.detail == "not_received"
    dossiers.set_status(draft, DossierStatus.QUEUED, finished_at="2026-11-29T10:00:00+07:00")
    with pytest.raises(ResultRefused) as none_yet:
        results.give_back("H22-DRAFT")
    assert none_yet.value.detail == "no_result"
    with pytest.raises(BadInputError, match=r"KQ\.G15\.000110"):
        results.add("H22-DRAFT", "KQ.G15.000110", pdf, META)  # another procedure's result type
    assert station.db.execute("select count(*) from results").fetchone()[0] == 0


@pytest.fixture
def settings_for_results():  # type: ignore[no-untyped-def]
    return dvcqg_settings("http://127.0.0.1:9")
