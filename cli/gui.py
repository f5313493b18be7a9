"""``sohoa gui`` (and ``sohoa`` alone): the counter window. The command line sits above ``ui/``; nothing in app/
imports Qt."""

from __future__ import annotations

import argparse
import os
import sys

from app.core.errors import MissingDependencyError

ORDER = 5


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("gui", help="mở cửa sổ quầy tiếp nhận / open the counter window")
    p.add_argument("--screenshots", default=None, metavar="DIR",
                   help="chạy quy trình mẫu, lưu ảnh từng màn hình rồi thoát / run the demo flow, save PNGs, exit")
    p.add_argument("--lang", choices=("vi", "en"), default=None, help="ngôn ngữ giao diện / interface language")
    p.add_argument("--no-sane", action="store_true", help="không dò máy quét SANE / do not probe SANE scanners")
    p.set_defaults(func=cmd_gui)


def cmd_gui(args: argparse.Namespace) -> int:
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")
            or sys.platform in ("win32", "darwin")):
        raise MissingDependencyError(
            "no display",
            message_vi="Không có màn hình. Chạy 'sohoa demo', hoặc dùng xvfb-run / QT_QPA_PLATFORM=offscreen.",
            message_en="No display. Run 'sohoa demo', or use xvfb-run / QT_QPA_PLATFORM=offscreen.")
    from ui.main import main as run_window  # late: Qt loads only when the window opens

    argv = []
    if args.screenshots:
        argv += ["--screenshots", args.screenshots]
    if args.lang:
        argv += ["--lang", args.lang]
    if args.no_sane:
        argv.append("--no-sane")
    result: int = run_window(argv)
    return result
