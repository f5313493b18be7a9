"""Digital signing (ký số): PAdES signatures with a PKCS#12 file or a PKCS#11 token, in the look ND 30/2020
prescribes for copies, and verification of any signed PDF. The library never prompts: it takes a PIN provider.

The names below load on first use (PEP 562): the window imports ``app.signing.state`` before its first paint,
and must not pull in pyHanko and the PKCS#11 stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.lazy import lazy_exports

if TYPE_CHECKING:
    from app.signing.appearance import Appearance
    from app.signing.certs import CertificateInfo, load_trust_roots
    from app.signing.config import PRESETS, Pkcs11Config, Pkcs12Config, SignerConfig, TokenPreset, signer_from_settings
    from app.signing.demo import DemoSigner, ensure_demo_signer
    from app.signing.errors import SigningError, WrongPinError
    from app.signing.followup import FollowupJob, pending_followups, record_followup, run_followup
    from app.signing.keys import open_key
    from app.signing.pades import SignResult, sign_pdf, sign_with_key
    from app.signing.pin import PinProvider, PinRequest, env_pin, fixed_pin, terminal_pin
    from app.signing.source import KeySource, OpenKey
    from app.signing.station import StationSigner, station_signer
    from app.signing.token import TokenInfo, list_certificates
    from app.signing.verify import SignatureReport, VerifyResult, verify_pdf

_WHERE = {
    "Appearance": "appearance", "CertificateInfo": "certs", "load_trust_roots": "certs", "PRESETS": "config",
    "Pkcs11Config": "config", "Pkcs12Config": "config", "SignerConfig": "config", "TokenPreset": "config",
    "signer_from_settings": "config", "DemoSigner": "demo", "ensure_demo_signer": "demo", "SigningError": "errors",
    "WrongPinError": "errors", "FollowupJob": "followup", "pending_followups": "followup",
    "record_followup": "followup", "run_followup": "followup", "open_key": "keys", "SignResult": "pades",
    "sign_pdf": "pades", "sign_with_key": "pades", "PinProvider": "pin", "PinRequest": "pin", "env_pin": "pin",
    "fixed_pin": "pin", "terminal_pin": "pin", "KeySource": "source", "OpenKey": "source",
    "StationSigner": "station", "station_signer": "station", "TokenInfo": "token", "list_certificates": "token",
    "SignatureReport": "verify", "VerifyResult": "verify", "verify_pdf": "verify",
}

__all__ = [
    "PRESETS", "Appearance", "CertificateInfo", "DemoSigner", "FollowupJob", "KeySource", "OpenKey", "PinProvider",
    "PinRequest", "Pkcs11Config", "Pkcs12Config", "SignResult", "SignatureReport", "SignerConfig", "SigningError",
    "StationSigner", "TokenInfo", "TokenPreset", "VerifyResult", "WrongPinError", "ensure_demo_signer", "env_pin",
    "fixed_pin", "list_certificates", "load_trust_roots", "open_key", "pending_followups", "record_followup",
    "run_followup", "sign_pdf", "sign_with_key", "signer_from_settings", "station_signer", "terminal_pin",
    "verify_pdf",
]


__getattr__, __dir__ = lazy_exports(__name__, _WHERE)
