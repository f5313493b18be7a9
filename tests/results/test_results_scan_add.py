"""``sohoa results add CODE --device DEV`` scans the result instead of taking a file: exactly one source is asked
for; the scan is checked like a component, made PDF/A, its record pre-read, then added like a file; a jam, a cancel
or a finding that blocks adds nothing and leaves no scan folder behind."""

from __future__ import annotations

import json
from pathlib import Path

import pikepdf
import pytest

from app.capture.profiles import profile
from app.core.config import load_settings
from app.core.errors import ExitCode
from app.core.storage import Store
from app.counter.service import CounterService
from app.counter.submit import ComponentFile, submit_dossier
from app.results.decisions import write_decision
from app.results.dossier import ResultRefused
from app.results.model import ResultMeta
from app.results.scan import SCANS
from app.results.scan_add import ScanRefused, ScanRequest, scan_and_add
from scanner import CancelToken
from tests.counter_fixtures import APPLICANT
from tests.results.test_results_seal import pdfa_decision

KIND = "KQ.G15.000101"


def received(counter: CounterService, tmp_path: Path) -> str:
    _, code = submit_dossier(counter.store, counter.settings, "1.008001", APPLICANT,
                             [ComponentFile("Quyết định", pdfa_decision(tmp_path / "to-khai.pdf", 1), "TP02")],
                             counter.settings.sync.targets)
    return code


def scans_left(store: Store) -> list[Path]:
    folder = store.path(SCANS)
    return list(folder.iterdir()) if folder.is_dir() else []


def nothing_added(counter: CounterService, code: str) -> bool:
    dossier = counter.dossiers.by_code(code)
    return counter.results.results(dossier["id"]) == [] and not counter.store.path(
        f"dossiers/{dossier['id']}/results").exists()


def test_add_needs_exactly_one_source(tmp_path: Path, isolated_station: Path, cli) -> None:  # type: ignore[no-untyped-def]
    pdf = pdfa_decision(tmp_path / "kq.pdf", 2)
    neither = cli("results", "add", "H22-1", "--type", KIND)
    assert neither.returncode == 2 and "Cần đúng một nguồn cho kết quả" in neither.stderr
    both = cli("results", "add", "H22-1", "--type", KIND, "--file", str(pdf), "--device", f"file:{pdf}")
    assert both.returncode == 2 and "--file" in both.stderr and "--device" in both.stderr
    bad_dpi = cli("results", "add", "H22-1", "--type", KIND, "--device", f"file:{pdf}", "--dpi", "20")
    assert bad_dpi.returncode == 2 and "dpi" in bad_dpi.stderr
    assert not any(isolated_station.rglob("*.pdf"))


def test_a_jam_a_blocking_finding_or_a_cancel_add_nothing(counter: CounterService, tmp_path: Path) -> None:
    write_decision(tmp_path / "feeder", 8, dpi=200, pages=2)
    code = received(counter, tmp_path)
    options = profile("plain").options()
    meta = ResultMeta(so_ky_hieu="12/QĐ-UBND")
    with pytest.raises(ScanRefused) as jam:
        scan_and_add(counter.results, code, KIND, ScanRequest(f"sim:{tmp_path / 'feeder'}?fault=2:paper_jam",
                                                              options), meta)
    assert jam.value.exit_code == ExitCode.BAD_INPUT and jam.value.detail == "paper_jam"
    assert "kẹt giấy" in jam.value.message_vi.lower() and "chưa thêm gì" in jam.value.message_vi
    assert nothing_added(counter, code) and scans_left(counter.store) == []
    with pytest.raises(ScanRefused) as blocked:  # the paper has three pages, the feeder gave two
        scan_and_add(counter.results, code, KIND, ScanRequest(f"sim:{tmp_path / 'feeder'}", options, declared=3),
                     meta)
    assert blocked.value.detail == "findings" and "chưa thêm gì" in blocked.value.message_vi
    assert nothing_added(counter, code) and scans_left(counter.store) == []
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(ScanRefused) as cancelled:
        scan_and_add(counter.results, code, KIND, ScanRequest(f"sim:{tmp_path / 'feeder'}", options), meta,
                     cancel=cancel)
    assert "hủy" in cancelled.value.message_vi
    assert nothing_added(counter, code) and scans_left(counter.store) == []
    (tmp_path / "empty").mkdir()
    with pytest.raises(ScanRefused):  # the feeder gave no page at all
        scan_and_add(counter.results, code, KIND, ScanRequest(f"sim:{tmp_path / 'empty'}", options), meta)
    assert nothing_added(counter, code) and scans_left(counter.store) == []


def test_a_returned_dossier_is_refused_before_the_feeder_runs(counter: CounterService, tmp_path: Path) -> None:
    code = received(counter, tmp_path)
    counter.results.add(code, KIND, pdfa_decision(tmp_path / "kq.pdf", 4), ResultMeta("1/QĐ-UBND"))
    counter.results.give_back(code)
    with pytest.raises(ResultRefused) as refused:  # the lifecycle's answer, before any scan
        scan_and_add(counter.results, code, KIND, ScanRequest(f"sim:{tmp_path / 'nowhere'}",
                                                              profile("plain").options()), ResultMeta())
    assert refused.value.detail == "returned"
    assert scans_left(counter.store) == []


@pytest.mark.slow
def test_a_result_scanned_through_the_file_import_device(counter: CounterService, tmp_path: Path) -> None:
    decision, _ = write_decision(tmp_path / "pages", 6, dpi=200, pages=2)
    code = received(counter, tmp_path)
    added = scan_and_add(counter.results, code, KIND, ScanRequest(f"file:{tmp_path / 'pages'}",
                                                                  profile("plain").options(), declared=2),
                         ResultMeta(nguoi_ky="Người Ký Thay"))
    assert added.pages == 2 and added.pdfa and added.code == KIND
    assert added.meta.so_ky_hieu == decision.fields()["so_ky_hieu"] and "so_ky_hieu" in added.read_by_ocr
    assert added.meta.nguoi_ky == "Người Ký Thay" and "nguoi_ky" not in added.read_by_ocr  # typed wins
    [row] = counter.results.results(counter.dossiers.by_code(code)["id"])
    assert json.loads(row["ocr_fields"])["so_ky_hieu"] == decision.fields()["so_ky_hieu"]
    assert scans_left(counter.store) == []


@pytest.mark.slow
def test_results_add_scans_from_the_simulated_feeder(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("catalog", "import", "--sample").returncode == 0
    submitted = cli("submit", "--procedure", "1.008001", "--applicant-id", "001090000001", "--applicant-name",
                    "Nguyễn Thị Hoa", "--component", f"TP02:Quyết định={pdfa_decision(tmp_path / 'to-khai.pdf', 3)}")
    assert submitted.returncode == 0, submitted.stderr
    code = submitted.stdout.strip()
    decision, _ = write_decision(tmp_path / "feeder", 5, dpi=200, pages=2)
    jam = cli("results", "add", code, "--type", KIND, "--device", f"sim:{tmp_path / 'feeder'}?fault=2:paper_jam",
              "--dpi", "200")
    assert jam.returncode == 2 and "chưa thêm gì" in jam.stderr
    done = cli("results", "add", code, "--type", KIND, "--device", f"sim:{tmp_path / 'feeder'}", "--dpi", "200",
               "--pages", "2", "--vinh-vien", "--json")
    assert done.returncode == 0, done.stderr
    added = json.loads(done.stdout)
    assert added["pages"] == 2 and added["pdfa"] and added["hidden"]
    assert added["so_ky_hieu"] == decision.fields()["so_ky_hieu"] and "so_ky_hieu" in added["read_by_ocr"]
    settings = load_settings()
    store = Store(settings.data_path)
    [row] = list(store.db.table("results").rows)
    with pikepdf.open(store.path(row["pdf_path"])) as pdf:
        assert len(pdf.pages) == 2
    assert scans_left(store) == []
    store.close()
