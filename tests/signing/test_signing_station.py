"""The station's signing set-up: the demo certificate, settings (presets, stamp text and box), PIN providers."""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

from app.core.config import load_settings, save_settings
from app.core.errors import BadInputError
from app.core.storage import VN_TZ
from app.signing import Appearance, PinRequest, Pkcs11Config, env_pin, sign_pdf, verify_pdf
from app.signing.appearance import plan_stamp
from app.signing.config import installed_modules, resolve_module
from app.signing.demo import DEMO_LABEL, KEYRING_SERVICE, KEYRING_USER, ensure_demo_signer
from app.signing.errors import PinRequiredError, TokenModuleError
from app.signing.pin import terminal_pin
from app.signing.station import station_signer


def test_demo_certificate_made_once_labelled_and_pin_in_keyring(pdfa: Path, tmp_path: Path) -> None:
    settings = load_settings()
    demo = ensure_demo_signer(settings)
    assert keyring.get_password(KEYRING_SERVICE, KEYRING_USER) == demo.password
    _, cert, _ = pkcs12.load_key_and_certificates(demo.config.path.read_bytes(), demo.password.encode())
    assert cert is not None
    subject = asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER)).subject.native
    assert subject["common_name"] == DEMO_LABEL and subject["organizational_unit_name"] == DEMO_LABEL
    made = demo.config.path.stat().st_mtime_ns
    again = ensure_demo_signer(settings)
    assert again.password == demo.password and again.config.path.stat().st_mtime_ns == made

    station = station_signer(settings)
    assert station.demo_pin is not None and demo.ca_path in station.trust_roots
    out = tmp_path / "demo.pdf"
    result = sign_pdf(pdfa, out, station.config, station.demo_pin, station.appearance,
                      trust_roots=station.trust_roots)
    assert result.signer == DEMO_LABEL and result.warnings == []
    assert verify_pdf(out, station.trust_roots).valid


def test_demo_without_keyring_keeps_pin_in_private_file() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        demo = ensure_demo_signer(load_settings())
        pin_file = demo.config.path.parent / "demo-signer.pin"
        assert pin_file.read_text() == demo.password
        if os.name != "nt":
            assert stat.S_IMODE(pin_file.stat().st_mode) == 0o600
        assert ensure_demo_signer(load_settings()).password == demo.password
    finally:
        keyring.set_keyring(previous)


def test_cli_signs_with_the_demo_certificate_by_default(cli, pdfa: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "demo-cli.pdf"
    result = cli("sign", str(pdfa), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert DEMO_LABEL in result.stdout
    verified = cli("verify", str(out), "--json")
    assert verified.returncode == 0 and json.loads(verified.stdout)["signer"] == DEMO_LABEL


def test_presets_and_admin_entries_resolve(tmp_path: Path) -> None:
    settings = load_settings()
    module = tmp_path / "libvendor.so"
    module.write_bytes(b"")
    settings.signing.pkcs11_presets = {"Token của Sở": str(module)}
    settings.signing.method = "pkcs11"
    settings.signing.pkcs11_module = "Token của Sở"
    settings.signing.token_label = "SO-NGOAI-VU"
    save_settings(settings)
    loaded = load_settings()
    assert resolve_module("Token của Sở", loaded) == str(module)
    assert ("Token của Sở", module) in installed_modules(loaded)
    signer = station_signer(loaded).config
    assert signer == Pkcs11Config(str(module), "SO-NGOAI-VU")
    assert resolve_module("/opt/x/libp11.so") == "/opt/x/libp11.so"
    assert resolve_module("softhsm").endswith("libsofthsm2.so")
    with pytest.raises(TokenModuleError) as caught:
        resolve_module("viettel")
    assert "Viettel-CA" in caught.value.user_message()


def test_stamp_template_and_box_from_settings() -> None:
    settings = load_settings()
    settings.signing.stamp_template = "{copy_kind} — {agency}\n{signer}\n{iso}"
    settings.signing.stamp_box = [300, 700, 580, 830]
    settings.signing.copy_kind = "Bản sao điện tử"
    appearance = Appearance.from_settings(settings)
    when = datetime(2025, 6, 1, 14, 3, 22, tzinfo=VN_TZ)
    text = appearance.text("Trần Thị B", when)
    assert text.splitlines() == [f"Bản sao điện tử — {settings.station.agency_name}", "Trần Thị B",
                                 "2025-06-01T14:03:22+07:00"]
    assert plan_stamp(appearance, text, (0, 0, 595, 842)).box == (300, 700, 580, 830)
    settings.signing.stamp_template = "{ten_can_bo}"
    with pytest.raises(BadInputError):
        Appearance.from_settings(settings)
    settings.signing.stamp_template = ""
    assert Appearance.from_settings(settings, visible=False).visible is False


def test_pin_providers_never_prompt_without_a_source(monkeypatch: pytest.MonkeyPatch) -> None:
    request = PinRequest("token", "ETOKEN", count_low=True, final_try=True)
    assert "chỉ còn 1 lần thử" in request.prompt_vi()
    monkeypatch.setenv("MY_PIN", "2468")
    assert env_pin("MY_PIN")(request) == "2468"
    monkeypatch.delenv("MY_PIN")
    with pytest.raises(PinRequiredError):
        env_pin("MY_PIN")(request)
    with pytest.raises(PinRequiredError):
        terminal_pin()(request)  # pytest's stdin is not a terminal
