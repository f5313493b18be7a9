"""``sohoa demo``: the counter on embedded defaults, driven as a clerk would (loaded when the demo runs)."""

from __future__ import annotations

import argparse
import sys
import time

from app.core.config import load_settings
from app.core.progress import TextProgress
from app.counter.democlerk import run_demo
from app.counter.service import CounterService
from app.counter.station import prepare


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def cmd_demo(args: argparse.Namespace) -> int:
    settings = load_settings()
    service = CounterService(settings)
    say("Chuẩn bị trạm: khay nạp mô phỏng với trang mẫu, danh mục mẫu, chứng thư DEMO, máy nhận mẫu / "
        "preparing the station")
    setup = prepare(settings, service.store, with_sane=False, start_receiver=not args.no_receiver)
    for vi, en in zip(setup.note_texts("vi"), setup.note_texts("en"), strict=True):
        say(f"  {vi} / {en}")
    try:
        result = run_demo(service, setup, say, lambda: TextProgress(sys.stdout))
    finally:
        service.close()
        if setup.stop_receiver is not None:
            setup.stop_receiver()
    say(f"Xong / done: hồ sơ {result.code}, {result.pages} trang quét / pages scanned"
        + (", đã gửi / sent" if result.sent else ""))
    say("Mở giao diện / for the window: sohoa gui (cần màn hình / needs a display)")
    return 0
