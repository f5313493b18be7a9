"""``sohoa capture``: scan, check, build and sign one component in a single streaming run."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from app.capture.stream import StreamingCapture
from app.checks import load_profile
from app.core.config import load_settings
from app.core.progress import NullProgress, TextProgress
from app.imaging.pageproc import PageOptions
from app.imaging.pdfa import PdfMetadata
from cli.scanning import device_with_speed, scan_options
from cli.signing_run import signer_from_cli
from scanner import CancelToken, driver_for


def cmd_capture(args: argparse.Namespace) -> int:
    settings = load_settings()
    options = scan_options(args)
    device = device_with_speed(args.device, args.ppm)
    workdir = args.keep_pages or Path(tempfile.mkdtemp(prefix="sohoa-capture-"))
    finisher = None
    built = args.out
    if not args.no_sign:
        sign = signer_from_cli(args, settings)
        built = workdir / "unsigned.pdf"

        def finisher(unsigned: Path) -> Path:
            sign(unsigned, Path(args.out))
            unsigned.unlink(missing_ok=True)
            return Path(args.out)

    capture = StreamingCapture(workdir, built, languages=args.lang, workers=args.workers,
                               page_options=PageOptions(), meta=PdfMetadata(), finisher=finisher,
                               profile=load_profile(args.profile or settings.checks.profile),
                               declared_pages=args.declared_pages)
    progress = NullProgress() if args.json else TextProgress()
    result = capture.run(driver_for(device), device, options, CancelToken(), progress)
    if args.json:
        print(json.dumps({"pdf": str(result.pdf) if result.pdf else None, "page_count": result.pages,
                          "declared_pages": args.declared_pages, "pages_folder": str(workdir),
                          **result.timeline()}, ensure_ascii=False, indent=2))
    if result.error is not None:
        print(f"sohoa: {result.error.user_message()} Các trang đã quét được giữ tại {workdir}.", file=sys.stderr)
        return 3
    if result.report is not None and not result.report.ok:
        if not args.json:
            print("\n".join(result.report.summary_lines()), file=sys.stderr)
        print(f"sohoa: Có lỗi kiểm tra chặn ký số; xử lý rồi quét lại. Bản chưa ký: {result.pdf}", file=sys.stderr)
        return 1
    if not args.json:
        print(result.pdf)
    return 0
