"""``sohoa sign``, ``verify`` and ``certs``. The parser is light; pyHanko and the PKCS#11 binding load when a
command runs."""

from __future__ import annotations

import argparse
from pathlib import Path

ORDER = 40


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("sign", help="ký số tệp PDF (PAdES) / sign a PDF (PAdES)")
    p.add_argument("input", type=Path, help="the PDF/A to sign (never modified)")
    p.add_argument("--out", required=True, type=Path)
    add_signer_options(p)
    p.set_defaults(func=run, run="cmd_sign")

    v = subparsers.add_parser("verify", help="kiểm tra chữ ký số / verify a signed PDF")
    v.add_argument("file", type=Path)
    v.add_argument("--trust", action="append", type=Path, default=[], metavar="CA.pem")
    v.add_argument("--json", action="store_true")
    v.set_defaults(func=run, run="cmd_verify")

    c = subparsers.add_parser("certs", help="liệt kê token và chứng thư số / list tokens and certificates")
    c.add_argument("--pkcs11-module", metavar="LIB")
    c.set_defaults(func=run, run="cmd_certs")


def add_signer_options(p: argparse.ArgumentParser) -> None:
    """The signing options shared by ``sign`` and ``capture``."""
    key = p.add_mutually_exclusive_group()
    key.add_argument("--p12", type=Path, metavar="FILE", help="certificate file .p12/.pfx")
    key.add_argument("--pkcs11-module", metavar="LIB", help="token driver: a path or a preset (safenet, bit4id, …)")
    p.add_argument("--token-label", metavar="L")
    p.add_argument("--key-label", metavar="K")
    p.add_argument("--pin-env", metavar="VAR", help="read the PIN from this environment variable")
    p.add_argument("--tsa", metavar="URL", help="RFC 3161 timestamp server (default: settings.signing.tsa_url)")
    p.add_argument("--visible", dest="visible", action="store_true", default=None, help="text stamp on page 1")
    p.add_argument("--invisible", dest="visible", action="store_false")
    p.add_argument("--trust", action="append", type=Path, default=[], metavar="CA.pem",
                   help="trusted root (adds to settings.signing.trust_roots)")


def run(args: argparse.Namespace) -> int:
    from cli import signing_run  # late: pyHanko (and, to list tokens, the PKCS#11 binding) load only when one runs

    code: int = getattr(signing_run, args.run)(args)
    return code
