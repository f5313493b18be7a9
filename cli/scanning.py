"""``sohoa devices`` and ``sohoa scan``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.core.errors import BadInputError, CancelledError
from app.core.files import write_page_image
from app.core.progress import TextProgress
from app.core.storage import now_iso
from app.imaging.manifest import Manifest, ManifestPage
from scanner import CancelToken, ColorMode, ScannedPage, ScanOptions, Source, driver_for, list_all_devices, scan_all
from scanner.errors import BadInput, ScanCancelled
from scanner.faults import FaultRefused, check_fault, parse_fault
from scanner.simulated import parse_sim_device

ORDER = 10


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("devices", help="liệt kê máy quét / list scanners")
    p.add_argument("--json", action="store_true")
    p.add_argument("--sim", action="append", default=[], metavar="FOLDER", help="also list a simulated feeder")
    p.set_defaults(func=cmd_devices)

    p = subparsers.add_parser("scan", help="quét trang ra thư mục / scan pages to a folder")
    p.add_argument("--device", required=True, help="sane:NAME, sim:FOLDER, file:PATH")
    add_scan_options(p)
    p.add_argument("--out", required=True, type=Path)
    p.set_defaults(func=cmd_scan)


def add_scan_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--source", choices=[s.value for s in Source], default=Source.ADF.value)
    p.add_argument("--dpi", type=int, default=300)
    p.add_argument("--mode", choices=[m.value for m in ColorMode], default=ColorMode.COLOR.value)
    p.add_argument("--max-pages", type=int, default=None)
    p.add_argument("--ppm", type=float, default=None, help="simulated feeder speed, pages per minute")
    p.add_argument("--inject-fault", default=None, metavar="N:CODE",
                   help="fail before page N (sim: and the SANE test backend), e.g. 4:paper_jam")


def scan_options(args: argparse.Namespace) -> ScanOptions:
    if not 50 <= args.dpi <= 1200:
        raise BadInputError(f"--dpi {args.dpi}", message_vi="Độ phân giải phải từ 50 đến 1200 dpi.",
                            message_en="dpi must be between 50 and 1200.")
    fault = None
    query_fault = parse_sim_device(args.device)[1].get("fault") if args.device.startswith("sim:") else None
    try:
        for text in filter(None, (args.inject_fault, query_fault)):
            fault = parse_fault(text)
            check_fault(fault, args.device, Source(args.source), max_pages=args.max_pages)
    except FaultRefused as exc:
        raise BadInputError(args.inject_fault or str(query_fault), message_vi=exc.message_vi,
                            message_en=exc.message_en) from None
    return ScanOptions(source=Source(args.source), dpi=args.dpi, mode=ColorMode(args.mode),
                       max_pages=args.max_pages, fault=fault)


def device_with_speed(device: str, ppm: float | None) -> str:
    if ppm and device.startswith("sim:"):
        return f"{device}{'&' if '?' in device else '?'}ppm={ppm}"
    return device


def cmd_devices(args: argparse.Namespace) -> int:
    devices = list_all_devices([Path(f) for f in args.sim])
    if args.json:
        print(json.dumps([d.as_dict() for d in devices], ensure_ascii=False, indent=2))
    else:
        for d in devices:
            print(f"{d.name}\t{d.vendor} {d.model}")
    return 0


def cmd_scan(args: argparse.Namespace) -> int:
    options = scan_options(args)
    device = device_with_speed(args.device, args.ppm)
    out: Path = args.out
    if out.exists() and not out.is_dir():
        raise BadInputError(str(out), message_vi="--out phải là một thư mục.", message_en="--out must be a folder.")
    manifest = Manifest(device=args.device, source=options.source.value, dpi=options.dpi, mode=options.mode.value,
                        started_at=now_iso())
    progress = TextProgress()
    progress.start(options.max_pages, "Đang quét")

    def keep(page: ScannedPage) -> None:
        out.mkdir(parents=True, exist_ok=True)  # nothing is written before the first page is in hand
        name = f"page-{page.sequence:04d}.png"
        sha, _ = write_page_image(out / name, page.image, page.dpi)
        manifest.pages.append(ManifestPage(page.sequence, name, page.dpi, sha, page.image.width, page.image.height,
                                           page.image.mode, page.side.value))
        manifest.save(out)
        progress.advance(1, name)

    cancel = CancelToken()
    try:
        count, error = scan_all(driver_for(device), device, options, cancel, keep)
    except KeyboardInterrupt:
        cancel.cancel()
        raise CancelledError(f"{len(manifest.pages)} pages kept") from None
    if isinstance(error, BadInput) and not manifest.pages:
        raise error  # a refused file leaves no trace: no folder, no manifest
    out.mkdir(parents=True, exist_ok=True)
    manifest.finished_at = now_iso()
    if error is not None:
        manifest.error = {"code": error.code, "native": error.native}
    manifest.save(out)
    progress.finish(str(out))
    if error is not None:
        kept = f" Đã giữ {count} trang đã quét." if count and not isinstance(error, ScanCancelled) else ""
        print(f"sohoa: {error.user_message('vi')}{kept}", file=sys.stderr)
        if isinstance(error, ScanCancelled):
            return 130
        return 2 if isinstance(error, BadInput) else 3
    return 0
