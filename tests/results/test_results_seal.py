"""Sealing a result: a way that does not exist, or a station without a signer, is refused before anything is kept."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pikepdf
import pytest

from app.core.config import load_settings
from app.core.errors import BadInputError
from app.core.storage import Store
from app.counter.service import CounterService
from app.counter.submit import ComponentFile, submit_dossier
from app.results.decisions import decision_pdf, make_decision
from app.results.dossier import DossierResults, ResultRefused
from app.results.model import ResultMeta
from app.signing import verify_pdf
from app.signing.station import demo_trust_roots
from tests.counter_fixtures import APPLICANT


def pdfa_decision(path: Path, seed: int) -> Path:
    """A decision that claims PDF/A: kept as it is (no OCR build)."""
    with pikepdf.open(io.BytesIO(decision_pdf(make_decision(seed)))) as pdf:
        with pdf.open_metadata() as meta:
            meta["pdfaid:part"] = "2"
            meta["pdfaid:conformance"] = "B"
        pdf.save(path)
    return path


def test_a_seal_that_cannot_be_made_keeps_nothing(counter: CounterService, tmp_path: Path) -> None:
    _, code = submit_dossier(counter.store, counter.settings, "1.008001", APPLICANT,
                             [ComponentFile("Quyết định", pdfa_decision(tmp_path / "to-khai.pdf", 1), "TP02")],
                             counter.settings.sync.targets)
    result = pdfa_decision(tmp_path / "ket-qua.pdf", 2)
    meta = ResultMeta("12/QĐ-UBND", "2021-05-12", "UBND", "Lê Văn A", "Về việc")
    with pytest.raises(BadInputError):
        counter.results.add(code, "", result, meta, seal="stamp")
    unsigned = DossierResults(counter.store, counter.settings)  # a station without a signature
    with pytest.raises(ResultRefused):
        unsigned.add(code, "", result, meta, seal="copy")
    dossier = counter.dossiers.by_code(code)
    assert counter.results.results(dossier["id"]) == []
    assert not (counter.store.path(f"dossiers/{dossier['id']}/results")).exists()


@pytest.mark.slow
def test_results_add_seals_from_the_command_line(tmp_path: Path, isolated_station: Path, cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("catalog", "import", "--sample").returncode == 0
    submitted = cli("submit", "--procedure", "1.008001", "--applicant-id", "001090000001", "--applicant-name",
                    "Nguyễn Thị Hoa", "--component", f"TP02:Quyết định={pdfa_decision(tmp_path / 'to-khai.pdf', 3)}")
    assert submitted.returncode == 0, submitted.stderr
    code = submitted.stdout.strip()
    result = str(pdfa_decision(tmp_path / "ket-qua.pdf", 4))
    refused = cli("results", "add", code, "--type", "KQ.G15.000101", "--file", result, "--no-ocr", "--seal", "stamp")
    assert refused.returncode == 2
    done = cli("results", "add", code, "--type", "KQ.G15.000101", "--file", result, "--no-ocr", "--so-ky-hieu",
               "12/QĐ-UBND", "--seal", "copy", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["seal"] == "copy"
    settings = load_settings()
    store = Store(settings.data_path)
    [row] = list(store.db.table("results").rows)
    report = verify_pdf(store.path(row["pdf_path"]), demo_trust_roots(settings))
    assert report.valid and report.trusted  # the station's (demo) certificate
    store.close()
