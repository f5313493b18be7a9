"""``sohoa capture``: scan, check, build and sign one component in a single streaming run.

The signer (pyHanko, the key, the stamp's fonts: about half a second) is opened on a thread while the feeder warms
up and the workers start, not before the scan; with the PIN in an environment variable its key is opened there too.
A signer that cannot be opened (a token without its label; with ``--pin-env``, a wrong PIN or a missing
certificate) stops the feeder at once and ends the command with its own error: on any feeder that is before the
first sheet is out, and a sheet that is already out is kept in the pages folder, which the message names. A PIN
typed on the terminal is still asked when the file is signed, not while the scan prints its progress."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from app.capture.stream import StreamingCapture
from app.checks import load_profile
from app.core.config import Settings, load_settings
from app.core.progress import NullProgress, TextProgress
from app.imaging.pageproc import PageOptions
from app.imaging.pdfa import PdfMetadata
from cli.scanning import device_with_speed, scan_options
from scanner import CancelToken, driver_for

if TYPE_CHECKING:
    from app.signing.pades import SignResult

    Sign = Callable[[Path, Path], SignResult]


def open_signer(args: argparse.Namespace, settings: Settings, cancel: CancelToken) -> Future[Sign]:
    """The command's signer, opened on a thread; when it cannot be opened, ``cancel`` stops the scan."""
    pool = ThreadPoolExecutor(1, thread_name_prefix="sohoa-signer")
    opened = pool.submit(_signer, args, settings)
    pool.shutdown(wait=False)  # the thread ends with its one task
    opened.add_done_callback(lambda done: cancel.cancel() if done.exception() is not None else None)
    return opened


def _signer(args: argparse.Namespace, settings: Settings) -> Sign:
    from cli.signing_run import signer_from_cli  # late: pyHanko loads while the feeder warms up

    return signer_from_cli(args, settings, open_first=True)


def cmd_capture(args: argparse.Namespace) -> int:
    settings = load_settings()
    options = scan_options(args)
    device = device_with_speed(args.device, args.ppm)
    workdir = args.keep_pages or Path(tempfile.mkdtemp(prefix="sohoa-capture-"))
    cancel = CancelToken()
    finisher = None
    built = args.out
    signer = None if args.no_sign else open_signer(args, settings, cancel)
    if signer is not None:
        built = workdir / "unsigned.pdf"

        def finisher(unsigned: Path) -> Path:
            signer.result()(unsigned, Path(args.out))
            unsigned.unlink(missing_ok=True)
            return Path(args.out)

    capture = StreamingCapture(workdir, built, languages=args.lang, workers=args.workers,
                               page_options=PageOptions(), meta=PdfMetadata(), finisher=finisher,
                               profile=load_profile(args.profile or settings.checks.profile),
                               declared_pages=args.declared_pages)
    progress = NullProgress() if args.json else TextProgress()
    result = capture.run(driver_for(device), device, options, cancel, progress)
    if signer is not None and signer.done() and signer.exception() is not None:
        if any(workdir.glob("page-*")):
            print(f"sohoa: Các trang đã quét được giữ tại {workdir}.", file=sys.stderr)
        elif args.keep_pages is None:
            shutil.rmtree(workdir, ignore_errors=True)  # nothing was scanned: nothing is left behind
        raise signer.exception()  # type: ignore[misc]
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
