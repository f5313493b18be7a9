"""The scan manifest: ``manifest.json`` beside the page images, rewritten atomically after every page so a crash
mid-scan leaves a manifest that lists exactly the pages whose files are complete."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from app.core.errors import BadInputError
from app.core.files import atomic_write_bytes, sha256_file
from scanner.errors import BadInput
from scanner.file_pages import DPI_RANGE, MAX_PAGES, probe_file

MANIFEST = "manifest.json"
MAX_MANIFEST_PAGES = MAX_PAGES
MAX_MANIFEST_BYTES = 4 << 20  # 500 pages take ~150 KB


class BadManifest(BadInputError):
    message_vi = "Tệp manifest.json không hợp lệ hoặc không khớp với các tệp ảnh."
    message_en = "manifest.json is invalid or does not match the image files."


@dataclass
class ManifestPage:
    order: int
    file: str
    dpi: int
    sha256: str
    width: int
    height: int
    mode: str
    side: str = "front"


@dataclass
class Manifest:
    device: str
    source: str
    dpi: int
    mode: str
    started_at: str
    pages: list[ManifestPage] = field(default_factory=list)
    finished_at: str = ""
    error: dict[str, str] | None = None

    def save(self, folder: Path) -> None:
        # a device path that is not UTF-8 (surrogate escapes) is kept as a JSON \\uXXXX escape rather than failing
        data = json.dumps(asdict(self), ensure_ascii=False, indent=2).encode("utf-8", "backslashreplace")
        atomic_write_bytes(folder / MANIFEST, data)

    @classmethod
    def load(cls, path: Path, verify: bool = True) -> Manifest:
        """Read a manifest (the file or its folder), a hostile input like any other: every field typed and in range,
        every page a file inside its folder that matches its checksum and passes the import's size and format checks."""
        if path.is_dir():
            path = path / MANIFEST
        try:
            if path.stat().st_size > MAX_MANIFEST_BYTES:
                raise BadManifest(f"larger than {MAX_MANIFEST_BYTES >> 20} MiB")
            raw = json.loads(path.read_bytes().decode("utf-8"))
            manifest = _parse(raw)
        except BadManifest as exc:
            raise BadManifest(f"{path.name}: {exc.detail}") from exc
        except (OSError, ValueError, RecursionError) as exc:
            raise BadManifest(f"{path.name}: {exc}") from exc
        if verify:
            for page in manifest.pages:
                file = path.parent / page.file
                if not file.resolve().is_relative_to(path.parent.resolve()):  # a link out of the folder
                    raise BadManifest(f"{page.file}: outside the manifest's folder")
                if not file.is_file() or sha256_file(file) != page.sha256:
                    raise BadManifest(f"{page.file}: missing or checksum mismatch")
                try:
                    probed = probe_file(file)
                except BadInput as exc:
                    raise BadInputError(exc.native, message_vi=exc.message_vi, message_en=exc.message_en) from exc
                if len(probed) != 1:
                    raise BadManifest(f"{page.file}: {len(probed)} pages in one page file")
        return manifest

    def page_paths(self, folder: Path) -> list[tuple[Path, int]]:
        return [(folder / p.file, p.dpi) for p in sorted(self.pages, key=lambda p: p.order)]


def _field(raw: dict[str, Any], name: str, kind: type, default: Any = None) -> Any:
    value = raw.get(name, default)
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise BadManifest(f"{name}: {value!r} is not a whole number")
    if kind is not int and not isinstance(value, kind):
        raise BadManifest(f"{name}: {value!r} is not {kind.__name__}")
    return value


def _page_file(name: str) -> str:
    """A page file name inside the manifest's folder: relative, no ``..``, no control characters."""
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if (not name or any(ord(c) < 32 for c in name) or PurePosixPath(name).is_absolute() or PureWindowsPath(name).drive
            or ".." in parts or name.startswith(("/", "\\"))):
        raise BadManifest(f"file {name!r} is outside the manifest's folder")
    return name


def _parse(raw: object) -> Manifest:
    if not isinstance(raw, dict):
        raise BadManifest("not a JSON object")
    pages_raw = _field(raw, "pages", list)
    if len(pages_raw) > MAX_MANIFEST_PAGES:
        raise BadManifest(f"{len(pages_raw)} pages")
    pages = []
    for item in pages_raw:
        if not isinstance(item, dict):
            raise BadManifest("a page is not a JSON object")
        dpi = _field(item, "dpi", int)
        if not DPI_RANGE[0] <= dpi <= DPI_RANGE[1]:
            raise BadManifest(f"dpi {dpi} outside {DPI_RANGE[0]}-{DPI_RANGE[1]}")
        pages.append(ManifestPage(_field(item, "order", int), _page_file(_field(item, "file", str)), dpi,
                                  _field(item, "sha256", str), _field(item, "width", int),
                                  _field(item, "height", int), _field(item, "mode", str),
                                  _field(item, "side", str, "front")))
    error = raw.get("error")
    if error is not None and not (isinstance(error, dict) and all(isinstance(v, str) for v in error.values())):
        raise BadManifest("error is not a table of text")
    dpi = _field(raw, "dpi", int)
    if not DPI_RANGE[0] <= dpi <= DPI_RANGE[1]:
        raise BadManifest(f"dpi {dpi} outside {DPI_RANGE[0]}-{DPI_RANGE[1]}")
    return Manifest(_field(raw, "device", str), _field(raw, "source", str), dpi, _field(raw, "mode", str),
                    _field(raw, "started_at", str), pages, _field(raw, "finished_at", str, ""), error)
