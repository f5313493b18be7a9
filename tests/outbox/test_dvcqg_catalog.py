"""``sohoa catalog sync`` against the emulator: procedures with their components (MAGIAYTO) and result types
(MAKETQUA, TENKETQUA), processing time and fees, all or nothing, with a diff of what changed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from app.catalog.model import CatalogError
from app.catalog.store import Catalog
from app.catalog.sync import sync_catalog
from app.core.storage import Store
from app.outbox.adapters import catalog_source
from app.outbox.adapters.auth import store_secret
from app.receiver import DvcqgOptions
from tests.outbox.test_dvcqg import PASSWORD, SAMPLE, USER, dvcqg_settings


def test_catalog_sync_loads_the_emulators_catalog(cli, station: Store, receiver) -> None:  # type: ignore[no-untyped-def]
    url = receiver(dvcqg=DvcqgOptions(USER, PASSWORD))
    store_secret("dvcqg_password", url, PASSWORD)
    settings = dvcqg_settings(url)
    Path(os.environ["SOHOA_CONFIG"]).write_text(
        f'[sync]\ndestinations = ["dvcqg"]\n[sync.dvcqg]\nurl = "{url}"\nusername = "{USER}"\n'
        'madonvi = "000.00.01.H22"\ndstcode = "H22"\n', encoding="utf-8")
    result = cli("catalog", "sync")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n+ ") + result.stdout.startswith("+ ") == 11
    procedures = {p.code: p for p in Catalog(station).procedures()}
    sample = {p["code"]: p for p in json.loads(SAMPLE.read_text(encoding="utf-8"))["procedures"]}
    assert procedures.keys() == sample.keys()
    passport = procedures["1.008001"]
    assert passport.name == sample["1.008001"]["name"] and passport.processing_days == 5 and passport.fee == 200000
    assert [c.code for c in passport.components] == ["TP01", "TP02", "TP03", "TP04", "TP05"]
    assert [(r.code, r.name) for r in passport.results] == [("KQ.G15.000101",
                                                             "Hộ chiếu ngoại giao, hộ chiếu công vụ")]
    again = cli("catalog", "sync")
    assert again.returncode == 0 and "no change" in again.stdout
    changes, _ = sync_catalog(Catalog(station), catalog_source(settings), dry_run=True)
    assert changes.empty


def test_a_changed_catalog_shows_its_diff_and_a_bad_one_changes_nothing(station: Store, receiver,  # type: ignore[no-untyped-def]
                                                                       tmp_path: Path) -> None:
    Catalog(station).import_file(SAMPLE)
    document = json.loads(SAMPLE.read_text(encoding="utf-8"))
    document["procedures"][0]["processing_days"] = 7
    document["procedures"][0]["results"].append({"code": "KQ.G15.000102", "name": "Thông báo"})
    del document["procedures"][1]
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    url = receiver(dvcqg=DvcqgOptions(USER, PASSWORD, str(changed)))
    store_secret("dvcqg_password", url, PASSWORD)
    changes, summary = sync_catalog(Catalog(station), catalog_source(dvcqg_settings(url)))
    assert changes.removed == ("1.008002",) and changes.added == ()
    [(code, what)] = changes.changed
    assert code == "1.008001" and "processing_days: 5 → 7" in what and "kết quả/results +KQ.G15.000102" in what
    assert summary is not None and summary.procedures == 10
    assert Catalog(station).get("1.008001").components[1].digitize_class == 1, "the station's own settings stay"

    document["procedures"][2]["components"][0]["code"] = document["procedures"][2]["components"][1]["code"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    url = receiver(dvcqg=DvcqgOptions(USER, PASSWORD, str(bad)))
    store_secret("dvcqg_password", url, PASSWORD)
    before = Catalog(station).procedures()
    with pytest.raises(CatalogError) as refused:
        sync_catalog(Catalog(station), catalog_source(dvcqg_settings(url)))
    assert any("xuất hiện nhiều lần" in problem for problem in refused.value.problems)
    assert Catalog(station).procedures() == before, "all or nothing"
