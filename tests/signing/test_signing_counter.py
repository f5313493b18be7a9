"""The counter signs a whole dossier on the token with one PIN, keeps the token logged in for the next dossier, and
asks again after the clerk locks the station."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.counter.service import CounterService
from app.signing import PinRequest, verify_pdf
from scanner import ScanOptions
from tests.counter_fixtures import APPLICANT, PROCEDURE
from tests.signing.conftest import SoftHsm
from tests.signing.pki import Pki


def checked_dossier(counter: CounterService, feeder: Path, components: int) -> int:
    dossier = counter.new_dossier(PROCEDURE, APPLICANT, [])
    for n in range(components):
        comp = counter.add_component(dossier, f"Giấy tờ {n + 1}", must_digitize=True, declared_pages=1)
        counter.scan_component(comp, f"sim:{feeder}", ScanOptions(dpi=100, max_pages=1))
        counter.dossiers.update_component(comp, status="checked")  # as app.checks leaves it with no finding
    return dossier


@pytest.mark.slow  # OCR builds four PDF/A files
def test_one_pin_signs_every_component_and_the_next_dossier_until_the_station_is_locked(
        counter: CounterService, fast_feeder: Path, softhsm: SoftHsm, pki: Pki) -> None:
    signing = counter.settings.signing
    signing.method, signing.pkcs11_module, signing.token_label = "pkcs11", softhsm.module, softhsm.label
    signing.trust_roots, signing.visible = [str(pki.ca_pem)], False
    asked: list[PinRequest] = []

    def pin(request: PinRequest) -> str:
        asked.append(request)
        return softhsm.pin

    first = list(counter.sign_dossier(checked_dossier(counter, fast_feeder, 2), pin).values())
    assert len(first) == 2 and len(asked) == 1
    assert all(verify_pdf(path, [pki.ca_pem]).valid for path in first)
    assert len(counter.sign_dossier(checked_dossier(counter, fast_feeder, 1), pin)) == 1
    assert len(asked) == 1  # the session stays open for the next citizen
    counter.lock_signing()
    counter.sign_dossier(checked_dossier(counter, fast_feeder, 1), pin)
    assert len(asked) == 2
