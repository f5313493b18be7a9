"""The "verification" exemption is a per-procedure setting: a class-2 paper of another agency (a verification or an
opinion) that arrives on paper is digitized by default — a normal component the counter scans, must-digitize by
its class — and stays exempt (never scanned) in a procedure that keeps the TT 03/2025 exemption. The other
exemptions block scanning either way. The setting survives import, the station's store, export and a refresh."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from app.catalog.files import read_catalog, write_csv, write_json
from app.catalog.model import CatalogError, DigitizeClass
from app.catalog.store import Catalog
from app.catalog.sync import keep_station_settings
from app.core.config import Settings
from app.core.storage import Store
from app.dossiers.intake import open_dossier
from app.dossiers.lifecycle import can_scan
from app.dossiers.model import Applicant
from app.dossiers.store import DossierStore


def procedure(code: str, **setting: Any) -> dict[str, Any]:
    return {"code": code, "name": f"Thủ tục {code}", "field": "Đối ngoại", "processing_days": 5, **setting,
            "components": [
                {"code": "TP01", "name": "Văn bản đề nghị", "exempt": []},
                {"code": "TP02", "name": "Ý kiến bằng văn bản của Công an tỉnh", "digitize_class": 2,
                 "exempt": ["verification"]},
                {"code": "TP03", "name": "Thẻ căn cước", "exempt": ["show_only"]}]}


@pytest.fixture
def catalog_file(tmp_path: Path) -> Path:
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps({"format": "sohoa.catalog/1", "procedures": [
        procedure("1.009100"), procedure("1.009101", scan_verification=False)]}, ensure_ascii=False),
        encoding="utf-8")
    return path


def test_a_verification_on_paper_is_scanned_unless_the_procedure_keeps_the_exemption(
        isolated_station: Path, catalog_file: Path) -> None:
    store = Store(isolated_station)
    Catalog(store).import_file(catalog_file)
    procs = {p.code: p for p in Catalog(store).procedures()}
    scanned, kept = procs["1.009100"].component("TP02"), procs["1.009101"].component("TP02")
    assert scanned is not None and kept is not None
    assert scanned.exempt == kept.exempt == ("verification",)  # what the catalog marks stays
    assert scanned.exempt_reason is None and scanned.must_digitize and scanned.digitize_class is DigitizeClass(2)
    assert kept.exempt_reason == "verification" and not kept.must_digitize
    for code in procs:
        assert procs[code].component("TP03").exempt_reason == "show_only"  # type: ignore[union-attr]

    dossiers = DossierStore(store)
    verdicts = {}
    for code in procs:
        opened = open_dossier(store, Settings(), code, Applicant("Nguyễn Văn An", "001090000001"))
        dossier = dossiers.get(opened.id)
        verdicts[code] = {c["code"]: (c["status"], c["exempt_reason"], c["must_digitize"], can_scan(c, dossier))
                          for c in dossiers.components(opened.id)}
    status, reason, must, verdict = verdicts["1.009100"]["TP02"]
    assert (status, reason, must, bool(verdict)) == ("empty", None, 1, True)  # digitized like any class-2 paper
    status, reason, must, verdict = verdicts["1.009101"]["TP02"]
    assert (status, reason, must, bool(verdict), verdict.reason) == ("exempt", "verification", 0, False, "exempt")
    assert not verdicts["1.009100"]["TP03"][3] and not verdicts["1.009101"]["TP03"][3]  # show_only always blocks


def test_the_setting_survives_export_a_refresh_and_is_checked(isolated_station: Path, catalog_file: Path,
                                                              tmp_path: Path) -> None:
    procedures, _ = read_catalog(catalog_file)
    assert [p.scan_verification for p in procedures] == [True, False]
    write_json(procedures, tmp_path / "out.json")
    exported = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["procedures"]
    assert [p["scan_verification"] for p in exported] == [True, False]
    assert all("scan_verification" not in c for p in exported for c in p["components"])
    write_csv(procedures, tmp_path / "out.csv")
    again, _ = read_catalog(tmp_path / "out.csv")
    assert [(p.code, p.scan_verification, p.component("TP02").exempt_reason) for p in again] == [  # type: ignore[union-attr]
        ("1.009100", True, None), ("1.009101", False, "verification")]
    national = [replace(p, scan_verification=True) for p in procedures]  # the national catalogue has no such setting
    assert [p.scan_verification for p in keep_station_settings(national, procedures)] == [True, False]

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "sohoa.catalog/1", "procedures": [
        procedure("1.009102", scan_verification="có lẽ")]}, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CatalogError) as refused:
        read_catalog(bad)
    assert any("scan_verification" in p for p in refused.value.problems)
