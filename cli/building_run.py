"""``sohoa build``: page images or a scan manifest to one searchable PDF/A-2b."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.capture.pipeline import PageInput, build_component
from app.core.errors import BadInputError
from app.core.progress import TextProgress
from app.imaging.manifest import MANIFEST, Manifest
from app.imaging.pageproc import PageOptions
from app.imaging.pdfa import PdfMetadata
from scanner.file_pages import NoPages, probe_path


def collect_pages(path: Path) -> list[PageInput]:
    """Pages in order from a manifest, a folder (name order) or one file; every file validated whole before any work,
    each page decoded only by the worker that processes it."""
    if path.name == MANIFEST or (path.is_dir() and (path / MANIFEST).exists()):
        folder = path if path.is_dir() else path.parent
        manifest = Manifest.load(path)
        return [PageInput(p, dpi) for p, dpi in manifest.page_paths(folder)]
    if not path.exists():
        raise BadInputError(str(path), message_vi="Không tìm thấy tệp hoặc thư mục.",
                            message_en="No such file or folder.")
    try:
        probed = probe_path(path)
    except NoPages as exc:
        raise BadInputError(str(path), message_vi="Không có trang ảnh nào để tạo PDF.",
                            message_en="No page images to build from.") from exc
    return [PageInput(page.path, page.dpi, page.frame) for page in probed]


def cmd_build(args: argparse.Namespace) -> int:
    pages = collect_pages(args.path)
    options = PageOptions(deskew=not args.no_deskew, rotate=not args.no_rotate)
    build_component(pages, args.out, languages=args.lang, workers=args.workers, options=options,
                    meta=PdfMetadata(title=args.title), progress=TextProgress())
    print(args.out)
    return 0
