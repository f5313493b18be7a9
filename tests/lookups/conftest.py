"""A station configured for the emulated province gateway, with the citizen's data store and the identity source
answered from seed files (the reference receiver's ``--kho-seed`` / ``--identity-seed``)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.catalog.store import Catalog
from app.core.config import DvcqgSettings, Settings, SyncSettings, save_settings
from app.core.storage import Store
from app.outbox.adapters.auth import store_secret
from app.receiver import DvcqgOptions, start_receiver_process
from tests.outbox.support import make_pdf

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "catalog" / "sample-catalog.json"
USER, PASSWORD = "canbo.h22", "mật-khẩu-thử"
OWNER = "001090000001"  # the applicant whose store holds papers
NOBODY = "001090000009"
DECISION = {"MaKetQua": "KQ.G15.000034", "TenGiayTo": "Quyết định cử hoặc cho phép đi công tác nước ngoài",
            "SoKyHieu": "123/QĐ-UBND", "CoQuanChuQuan": "UBND tỉnh Hà Nam", "NgayBanHanh": "2026-03-02",
            "HieuLucDen": None, "file": "quyet-dinh.pdf"}
EXPIRED = {"MaKetQua": "KQ.G15.000099", "TenGiayTo": "Ảnh chân dung cỡ 4 x 6 cm", "SoKyHieu": "A-1",
           "CoQuanChuQuan": "Công an tỉnh", "NgayBanHanh": "2019-01-01", "HieuLucDen": "2020-01-01"}
OTHER = {"MaKetQua": "KQ.G01.000001", "TenGiayTo": "Giấy phép lái xe", "SoKyHieu": "GPLX-9",
         "CoQuanChuQuan": "Sở Giao thông", "NgayBanHanh": "2020-01-01", "HieuLucDen": "2040-01-01"}
PEOPLE = {OWNER: {"HoVaTen": "Nguyễn Thị Hoa", "NgayThangNamSinh": "1990-05-17", "vneid": True, "IAL": 2},
          "001090000002": {"HoVaTen": "Trần Văn Bình", "NgayThangNamSinh": "1985-01-02", "vneid": False}}


@dataclass
class Gateway:
    url: str
    settings: Settings
    stored_pdf: Path


def write_seeds(folder: Path) -> tuple[Path, Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    pdf = make_pdf(folder / "quyet-dinh.pdf", 3000, 7)
    kho = folder / "kho.json"
    kho.write_text(json.dumps({OWNER: [DECISION, EXPIRED, OTHER]}, ensure_ascii=False), encoding="utf-8")
    people = folder / "identity.json"
    people.write_text(json.dumps(PEOPLE, ensure_ascii=False), encoding="utf-8")
    return kho, people, pdf


def gateway_settings(url: str) -> Settings:
    return Settings(sync=SyncSettings(destinations=["dvcqg"], dvcqg=DvcqgSettings(
        url=url, username=USER, madonvi="000.00.01.H22", dstcode="H22", file_store_url=url)))


@pytest.fixture
def station(isolated_station: Path) -> Store:
    store = Store(isolated_station)
    Catalog(store).import_file(SAMPLE)
    return store


@pytest.fixture
def gateway(station: Store, tmp_path: Path) -> Iterator[Gateway]:
    """The emulated gateway on 127.0.0.1 with both seeds; the station's settings file points at it."""
    kho, people, pdf = write_seeds(tmp_path / "seeds")
    url, stop = start_receiver_process(tmp_path / "receiver", dvcqg=DvcqgOptions(
        USER, PASSWORD, kho_seed=str(kho), identity_seed=str(people)))
    settings = gateway_settings(url)
    save_settings(settings)
    store_secret("dvcqg_password", url, PASSWORD)
    try:
        yield Gateway(url, settings, pdf)
    finally:
        stop()


@pytest.fixture
def run() -> Callable[..., int]:
    """The ``sohoa`` command in this process (the settings and data folder come from the environment)."""
    from cli import main

    return main
