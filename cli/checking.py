"""``sohoa check``: page quality and completeness of a folder of page images, a scan manifest or a PDF."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from app.core.config import load_settings
from app.core.errors import BadInputError, ExitCode
from app.core.progress import NullProgress, TextProgress

ORDER = 25


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 1:
        raise argparse.ArgumentTypeError("số trang phải là số nguyên dương / must be a positive whole number")
    return value


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("check", help="kiểm tra trang so với bản giấy / check pages against the paper original")
    p.add_argument("path", type=Path, help="folder of page images (name order), a manifest.json, or a PDF")
    p.add_argument("--declared-pages", type=_count, required=True, metavar="N",
                   help="number of pages of the paper original")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--profile", default=None, metavar="NAME",
                   help="check profile: standard, strict, a name from the profiles folder, or a .toml file")
    p.add_argument("--no-ocr", action="store_true", help="image checks only (no page numbers, no OCR confidence)")
    p.add_argument("--lang", default=None, help="OCR languages, e.g. vie+eng")
    p.add_argument("--workers", type=int, default=None)
    p.set_defaults(func=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    from app.checks import check_path, load_profile  # late: OpenCV and Tesseract load only when a check runs
    settings = load_settings()
    profile = load_profile(args.profile or settings.checks.profile)
    if args.workers is not None and args.workers < 1:
        raise BadInputError(f"--workers {args.workers}")
    progress = NullProgress() if args.json else TextProgress()
    report = check_path(args.path, args.declared_pages, profile, ocr=not args.no_ocr, progress=progress,
                        languages=args.lang or settings.ocr.languages, tessdata=settings.ocr.tessdata,
                        workers=args.workers or settings.ocr.workers or None)
    if args.json:
        print(report.to_json())
    else:
        lang = os.environ.get("SOHOA_LANG", "vi")
        for line in report.summary_lines(lang):
            print(line)
        kept = len(report.pages)
        if lang == "vi":
            verdict = "ĐẠT" if report.ok else "CHƯA ĐẠT (có lỗi chặn)"
            print(f"{kept} trang, khai báo {args.declared_pages}: {verdict}")
        else:
            print(f"{kept} pages, {args.declared_pages} declared: " + ("OK" if report.ok else "BLOCKED"))
    return int(ExitCode.OK if report.ok else ExitCode.BLOCKED)
