"""``sohoa sign``, ``sohoa verify``, ``sohoa certs``: PAdES signing with a certificate file or a USB token,
verification of any signed PDF, and what tokens and certificates this workstation sees."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from app.core.config import Settings, load_settings
from app.core.errors import BadInputError
from app.core.storage import VN_TZ, Store
from app.signing.appearance import Appearance
from app.signing.certs import CertificateInfo, load_trust_roots
from app.signing.config import PRESETS, Pkcs11Config, Pkcs12Config, installed_modules, preset_candidates, resolve_module
from app.signing.demo import ensure_demo_signer
from app.signing.errors import NotSignedError
from app.signing.keys import open_key
from app.signing.pades import SignResult, sign_pdf
from app.signing.pin import cli_pin
from app.signing.station import demo_trust_roots, station_signer
from app.signing.token import list_tokens
from app.signing.verify import verify_pdf


def signer_from_args(args: argparse.Namespace, settings: Settings):  # type: ignore[no-untyped-def]
    """(config, pin provider, trust roots) from the command line, else from the station's settings."""
    roots = [Path(p) for p in settings.signing.trust_roots] + list(args.trust)
    if args.p12:
        return Pkcs12Config(args.p12), cli_pin(args.pin_env), roots
    if args.pkcs11_module:
        if not args.token_label:
            raise BadInputError("--token-label", message_vi="Cần nhãn token (--token-label) khi ký bằng token.",
                                message_en="--token-label is needed with --pkcs11-module.")
        module = resolve_module(args.pkcs11_module, settings)
        return Pkcs11Config(module, args.token_label, args.key_label or ""), cli_pin(args.pin_env), roots
    station = station_signer(settings, extra_trust=list(args.trust))
    return station.config, station.demo_pin or cli_pin(args.pin_env), station.trust_roots


def signer_from_cli(args: argparse.Namespace, settings: Settings, *,
                    open_first: bool = False) -> Callable[[Path, Path], SignResult]:
    """``sign(src, out)`` with the signer, PIN, TSA, stamp and trust of the command line, else the station's.
    A TSA set means a follow-up may be recorded when it is unreachable: that needs the station's database.
    ``open_first``, with the PIN in an environment variable (nobody types it): the key is opened once now, so a
    missing certificate, a token not plugged in or a wrong PIN is refused before the work it would sign."""
    config, pin, roots = signer_from_args(args, settings)
    if open_first and args.pin_env:
        with open_key(config, pin, load_trust_roots(roots)):
            pass
    tsa = args.tsa or settings.signing.tsa_url or None
    appearance = Appearance.from_settings(settings, args.visible)

    def sign(src: Path, out: Path) -> SignResult:
        store = Store(settings.data_path) if tsa else None
        return sign_pdf(src, out, config, pin, appearance, tsa, trust_roots=roots, store=store,
                        ltv=settings.signing.ltv)

    return sign


def cmd_sign(args: argparse.Namespace) -> int:
    result = signer_from_cli(args, load_settings())(args.input, args.out)
    print(f"Đã ký / signed: {result.output}")
    print(f"Người ký / signer: {result.signer}")
    print(f"Thời gian ký / signed at: {result.signed_at.isoformat()}")
    if result.timestamp:
        print(f"Dấu thời gian / timestamp: {result.timestamp.isoformat()}")
    print(f"Mức PAdES / level: {result.level}")
    if result.followup_job is not None:
        print(f"Việc bổ sung khi có mạng / follow-up job #{result.followup_job}: {result.followup}")
    for warning in result.warnings:
        print(f"Cảnh báo / warning: {warning}", file=sys.stderr)
    return 0


def _yes(value: bool) -> str:
    return "CÓ / yes" if value else "KHÔNG / no"


def cmd_verify(args: argparse.Namespace) -> int:
    settings = load_settings()
    roots = list(args.trust) + [Path(p) for p in settings.signing.trust_roots]
    if settings.signing.method == "demo":
        roots += demo_trust_roots(settings)
    try:
        result = verify_pdf(args.file, roots)
    except NotSignedError as err:
        if not args.json:
            raise
        print(json.dumps({"path": str(args.file), "valid": False, "intact": False, "trusted": False, "signer": None,
                          "signed_at": None, "modified_after_signing": False, "level": None, "timestamp": None,
                          "signatures": [],
                          "error": err.user_message()}, ensure_ascii=False, indent=2))
        return int(err.exit_code)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        print(f"Tệp / file: {result.path}")
        print(f"Hợp lệ / valid: {_yes(result.valid)}")
        print(f"Toàn vẹn / intact: {_yes(result.intact)}")
        print(f"Tin cậy / trusted: {_yes(result.trusted)}")
        if result.intact and not result.trusted:
            print("  Chứng thư của người ký không dẫn về chứng thư gốc tin cậy nào của trạm (thêm bằng --trust hoặc "
                  "[signing] trust_roots) / the signer's certificate chains to no root this station trusts")
        print(f"Người ký / signer: {result.signer}")
        print(f"Thời gian ký / signed at: {result.signed_at}")
        if result.timestamp:
            print(f"Dấu thời gian / timestamp: {result.timestamp}")
        print(f"Sửa sau khi ký / modified after signing: {_yes(result.modified_after_signing)}")
        print(f"Mức PAdES / level: {result.level}")
        for sig in result.signatures:
            extra = f"; {', '.join(sig.problems)}" if sig.problems else ""
            print(f"  - {sig.field_name} ({sig.kind}): {sig.signer} ← {sig.issuer}, {sig.signed_at}, "
                  f"toàn vẹn={sig.intact}, tin cậy={sig.trusted}, sửa sau={sig.modified_after_signing}{extra}")
    return 0 if result.valid else 1


def _cert_line(label: str, info: CertificateInfo) -> str:
    now = datetime.now(VN_TZ)
    use = "ký được / can sign" if info.can_sign() else "không dùng để ký / not for signing"
    return (f"    [{label}] {info.subject} — cấp bởi / issuer {info.issuer} — "
            f"{info.not_before:%d/%m/%Y} → {info.not_after:%d/%m/%Y} ({info.state_at(now)}) — {use}")


def cmd_certs(args: argparse.Namespace) -> int:
    settings = load_settings()
    if args.pkcs11_module:
        modules = [(args.pkcs11_module, Path(resolve_module(args.pkcs11_module, settings)))]
    else:
        modules = installed_modules(settings)
        if settings.signing.pkcs11_module:
            configured = Path(resolve_module(settings.signing.pkcs11_module, settings))
            if configured not in [m for _, m in modules]:
                modules.insert(0, ("settings.signing.pkcs11_module", configured))
    for name, module in modules:
        print(f"Trình điều khiển / module: {name} — {module}")
        found = list_tokens(str(module))
        if not found:
            print("  (không có token nào được cắm / no token plugged in)")
        for token in found:
            print(f"  Token '{token.label}' — {token.manufacturer} {token.model}, số sê-ri {token.serial}, "
                  f"PIN: {token.pin_state}")
            for cert in token.certificates:
                print(_cert_line(cert.label, cert.info))
            if not token.certificates:
                print("    (không có chứng thư số / no certificate)")
    if not modules:
        print("Không tìm thấy trình điều khiển token nào trên máy / no token driver found. Các mẫu có sẵn / presets:")
        for preset in PRESETS:
            mark = "" if preset.confirmed else " (chưa xác nhận / unconfirmed)"
            paths = ", ".join(str(p) for p in preset_candidates(preset)) or "-"
            print(f"  {preset.key}: {preset.name}{mark}: {paths}")
    if settings.signing.method == "demo" and not args.pkcs11_module:
        from asn1crypto import x509 as asn1_x509
        from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

        demo = ensure_demo_signer(settings)
        _, demo_cert, _ = pkcs12.load_key_and_certificates(demo.config.path.read_bytes(), demo.password.encode())
        if demo_cert is not None:
            der = demo_cert.public_bytes(Encoding.DER)
            print(f"Chứng thư DEMO của trạm / station demo certificate: {demo.config.path}")
            print(_cert_line("demo", CertificateInfo.of(asn1_x509.Certificate.load(der))))
    return 0
