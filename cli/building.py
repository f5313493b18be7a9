"""``sohoa build``: a folder of page images, a manifest or a file into one searchable PDF/A. The parser is light;
the build (pikepdf, OpenCV, Tesseract) loads when the command runs."""

from __future__ import annotations

import argparse
from pathlib import Path

ORDER = 20


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("build", help="tạo PDF/A có lớp chữ / build a searchable PDF/A")
    p.add_argument("path", type=Path, help="folder of page images, a manifest.json, or an image/PDF file")
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--lang", default="vie+eng")
    p.add_argument("--title", default="")
    p.add_argument("--no-deskew", action="store_true")
    p.add_argument("--no-rotate", action="store_true")
    p.add_argument("--workers", type=int, default=None)
    p.set_defaults(func=cmd_build)



def cmd_build(args: argparse.Namespace) -> int:
    from cli.building_run import cmd_build as run  # pikepdf, OpenCV and Tesseract load only when a build runs

    return run(args)
