"""Which key signs: a PKCS#12 file or a PKCS#11 token, and the token drivers a station is likely to meet.

Presets name the PKCS#11 modules of the tokens used in Vietnam. Only the SafeNet and Bit4id names come from the
vendors' own documentation; the others were seen in public integration code and are marked unconfirmed. An admin
adds or overrides presets in ``settings.signing.pkcs11_presets`` (name = module path).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from app.core.config import Settings
from app.signing.errors import TokenModuleError


@dataclass(frozen=True)
class Pkcs12Config:
    """A certificate file (.p12/.pfx) protected by a password (asked through the PIN provider)."""

    path: Path

    def describe(self) -> str:
        return f"tệp {self.path.name}"


@dataclass(frozen=True)
class Pkcs11Config:
    """A USB token through its PKCS#11 module; selected by token label (slot numbers change between plug-ins)."""

    module: str
    token_label: str
    key_label: str = ""
    cert_label: str = ""

    def describe(self) -> str:
        return f"token {self.token_label!r}"


SignerConfig = Pkcs12Config | Pkcs11Config


@dataclass(frozen=True)
class TokenPreset:
    key: str
    name: str
    windows: tuple[str, ...]  # bare names are looked up in System32 (and SysWOW64)
    linux: tuple[str, ...]
    confirmed: bool
    note: str = ""


PRESETS: tuple[TokenPreset, ...] = (
    TokenPreset("safenet", "SafeNet eToken (SafeNet Authentication Client) — token Ban Cơ yếu, nhiều CA",
                ("eTPKCS11.dll",), ("/usr/lib/libeTPkcs11.so", "/usr/lib64/libeTPkcs11.so"), True),
    TokenPreset("bit4id", "Bit4id (PKI Token Ban Cơ yếu)",
                ("bit4xpki.dll",), ("/usr/lib/libbit4xpki.so", "/usr/lib/bit4id/libbit4xpki.so",
                                    "/usr/local/lib/libbit4xpki.so"), True,
                "Tên tệp theo tài liệu Bit4id; thư mục trên Linux tùy bản cài."),
    TokenPreset("vnpt", "VNPT-CA", ("vnpt-ca_csp11.dll", "vnptca_p11_v8.dll", "vnptca_p11_v6.dll", "VNPT-CA_v34.dll"),
                (), False, "Tên thấy trong mã tích hợp công khai; chưa có tài liệu của nhà cung cấp."),
    TokenPreset("viettel", "Viettel-CA", ("viettel-ca_v6.dll", "viettel-ca_v5.dll", "viettel-ca_v4.dll"),
                (), False, "Tên thấy trong mã tích hợp công khai; chưa có tài liệu của nhà cung cấp."),
    TokenPreset("fpt", "FPT-CA", ("fpt-ca.dll", "fptca_v3.dll"), (), False,
                "Tên thấy trong mã tích hợp công khai; chưa có tài liệu của nhà cung cấp."),
    TokenPreset("bkav", "BkavCA", ("BkavCA.dll",), (), False, "Tên thấy trong mã tích hợp công khai."),
    TokenPreset("epass2003", "Feitian ePass2003 (token của một số CA)", ("eps2003csp11.dll",),
                ("/usr/lib/libeps2003csp11.so",), False, "Tên thấy trong mã tích hợp công khai."),
    TokenPreset("opensc", "OpenSC (thẻ/token chuẩn, dùng chung)",
                ("C:/Program Files/OpenSC Project/OpenSC/pkcs11/opensc-pkcs11.dll",),
                ("/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so", "/usr/lib/opensc-pkcs11.so",
                 "/usr/lib64/opensc-pkcs11.so"), True),
    TokenPreset("softhsm", "SoftHSM2 (token phần mềm để thử nghiệm)",
                ("C:/SoftHSM2/lib/softhsm2-x64.dll",), ("/usr/lib/softhsm/libsofthsm2.so",
                                                       "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"), True),
)


def _windows_dirs() -> list[Path]:
    root = Path(os.environ.get("SystemRoot", r"C:\Windows"))
    return [root / "System32", root / "SysWOW64"]


def preset_candidates(preset: TokenPreset) -> list[Path]:
    """Where this preset's module may be on this platform, in order of preference."""
    if sys.platform == "win32":
        found: list[Path] = []
        for name in preset.windows:
            if Path(name).is_absolute() or "/" in name:
                found.append(Path(name))
            else:
                found.extend(folder / name for folder in _windows_dirs())
        return found
    return [Path(p) for p in preset.linux]


def admin_presets(settings: Settings) -> dict[str, str]:
    return dict(settings.signing.pkcs11_presets)


def installed_modules(settings: Settings | None = None) -> list[tuple[str, Path]]:
    """(preset name, module path) for every preset whose module exists here; admin entries first."""
    result: list[tuple[str, Path]] = []
    seen: set[Path] = set()
    for name, value in (admin_presets(settings) if settings else {}).items():
        if Path(value).exists() and Path(value) not in seen:
            result.append((name, Path(value)))
            seen.add(Path(value))
    for preset in PRESETS:
        for path in preset_candidates(preset):
            if path.exists() and path not in seen:
                result.append((preset.name, path))
                seen.add(path)
                break
    return result


def resolve_module(value: str, settings: Settings | None = None) -> str:
    """A module path from a path, an admin preset name or a built-in preset key."""
    if not value:
        raise TokenModuleError("no module", message_vi="Chưa chọn trình điều khiển PKCS#11 của token.",
                               message_en="No PKCS#11 token driver chosen.")
    admin = admin_presets(settings) if settings else {}
    if value in admin:
        return admin[value]
    for preset in PRESETS:
        if value.lower() == preset.key:
            for path in preset_candidates(preset):
                if path.exists():
                    return str(path)
            raise TokenModuleError(f"{preset.name}: {', '.join(str(p) for p in preset_candidates(preset)) or '-'}",
                                   message_vi=f"Chưa cài trình điều khiển token {preset.name} trên máy trạm.",
                                   message_en=f"The {preset.name} token driver is not installed here.")
    return value


def signer_from_settings(settings: Settings) -> SignerConfig | None:
    """The signer the admin configured; None for the demo certificate (see :mod:`app.signing.demo`)."""
    s = settings.signing
    if s.method == "p12":
        return Pkcs12Config(Path(s.p12_path))
    if s.method == "pkcs11":
        return Pkcs11Config(resolve_module(s.pkcs11_module, settings), s.token_label, s.key_label, s.cert_label)
    return None
