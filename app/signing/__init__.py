"""Digital signing (ký số): PAdES signatures with a PKCS#12 file or a PKCS#11 token, in the look ND 30/2020
prescribes for copies, and verification of any signed PDF. The library never prompts: it takes a PIN provider."""

from __future__ import annotations

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

__all__ = [
    "PRESETS", "Appearance", "CertificateInfo", "DemoSigner", "FollowupJob", "KeySource", "OpenKey", "PinProvider",
    "PinRequest", "Pkcs11Config", "Pkcs12Config", "SignResult", "SignatureReport", "SignerConfig", "SigningError",
    "StationSigner", "TokenInfo", "TokenPreset", "VerifyResult", "WrongPinError", "ensure_demo_signer", "env_pin",
    "fixed_pin", "list_certificates", "load_trust_roots", "open_key", "pending_followups", "record_followup",
    "run_followup", "sign_pdf", "sign_with_key", "signer_from_settings", "station_signer", "terminal_pin",
    "verify_pdf",
]
