"""Fixtures for the counter: a station service on the isolated data folder and a small fast feeder."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.config import load_settings
from app.counter.service import Applicant, CounterService
from app.counter.station import load_sample_catalog

PROCEDURE = "1.008001"
APPLICANT = Applicant("Nguyễn Thị Lan", "001190012345", "0905123456", "12 Lê Lợi, Huế")


@pytest.fixture(scope="session")
def fast_feeder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four numbered Vietnamese pages at 100 dpi: the simulated feeder's stack when speed matters more than OCR."""
    from app.imaging.samples import write_sample_stack

    folder = tmp_path_factory.mktemp("feeder")
    write_sample_stack(folder, pages=4, dpi=100, seed=11)
    for txt in folder.glob("*.txt"):
        txt.unlink()
    return folder


@pytest.fixture
def counter(isolated_station: Path) -> CounterService:
    service = CounterService(load_settings())
    load_sample_catalog(service.store)
    yield service
    service.close()


def new_dossier_with_component(counter: CounterService, declared: int = 4) -> tuple[int, int]:
    dossier = counter.new_dossier(PROCEDURE, APPLICANT, [])
    comp = counter.add_component(dossier, "Tờ khai đề nghị", category="Đơn", must_digitize=True,
                                 declared_pages=declared)
    return dossier, comp
