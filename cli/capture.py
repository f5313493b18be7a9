"""``sohoa capture``: scan, check, PDF/A and sign in one streaming run. The parser is light; the pipeline loads
when the command runs."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.scanning import add_scan_options
from cli.signing import add_signer_options

ORDER = 25


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("capture", help="quét + kiểm tra + PDF/A + ký trong một lượt / scan to signed PDF/A")
    p.add_argument("--device", required=True)
    add_scan_options(p)
    p.add_argument("--declared-pages", type=int, required=True, help="số trang của bản giấy / pages of the paper")
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--lang", default="vie+eng")
    p.add_argument("--workers", type=int, default=None)
    p.add_argument("--keep-pages", type=Path, default=None, help="folder for the page masters and manifest")
    p.add_argument("--profile", default=None, help="checks profile (default: settings.checks.profile)")
    p.add_argument("--no-sign", action="store_true", help="build the PDF/A without signing it")
    add_signer_options(p)
    p.add_argument("--json", action="store_true", help="print the timeline as JSON")
    p.set_defaults(func=cmd_capture)



def cmd_capture(args: argparse.Namespace) -> int:
    from cli.capture_run import cmd_capture as run  # OpenCV, Tesseract, pikepdf, pyHanko: only when it runs

    return run(args)
