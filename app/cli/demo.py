"""``sohoa demo``: the headless counter flow on embedded defaults (what `make run` does without a display)."""

from __future__ import annotations

import argparse
import sys
import time

from app.config import load_settings
from app.demo import ensure_sample_feeder
from app.manifest import Manifest, ManifestPage
from app.pipeline import PageInput, build_component
from app.progress import TextProgress
from app.storage import now_iso
from scanner import CancelToken, ScanOptions, Source, driver_for, scan_all
from scanner.model import ScannedPage

ORDER = 90


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("demo", help="chạy quy trình mẫu không giao diện / run the headless demo flow")
    p.add_argument("--pages", type=int, default=4)
    p.set_defaults(func=cmd_demo)


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def cmd_demo(args: argparse.Namespace) -> int:
    from app.files import write_page_image

    settings = load_settings()
    say("Chuẩn bị khay nạp mô phỏng với các trang mẫu tiếng Việt / preparing the simulated feeder")
    feeder = ensure_sample_feeder(settings, args.pages)
    device = f"sim:{feeder}?ppm=60"
    out = settings.data_path / "demo" / "scan"
    for old in out.glob("page-*.png"):
        old.unlink()
    manifest = Manifest(device=device, source="adf", dpi=300, mode="color", started_at=now_iso())
    progress = TextProgress(sys.stdout)
    progress.start(args.pages, "Quét / scanning")

    def keep(page: ScannedPage) -> None:
        name = f"page-{page.sequence:04d}.png"
        sha, _ = write_page_image(out / name, page.image, page.dpi)
        manifest.pages.append(ManifestPage(page.sequence, name, page.dpi, sha, page.image.width,
                                           page.image.height, page.image.mode))
        manifest.save(out)
        progress.advance()

    count, error = scan_all(driver_for(device), device, ScanOptions(source=Source.ADF, dpi=300), CancelToken(), keep)
    progress.finish()
    if error is not None:
        say(f"Lỗi máy quét: {error.user_message()}")
        return 3
    pdf = settings.data_path / "demo" / "thanh-phan-1.pdf"
    build_component([PageInput(p, dpi) for p, dpi in manifest.page_paths(out)], pdf, progress=TextProgress(sys.stdout))
    say(f"Đã tạo PDF/A-2b có lớp chữ / searchable PDF/A built: {pdf}")
    say(f"{count} trang. Mở giao diện / for the window: sohoa gui (cần màn hình / needs a display)")
    return 0


