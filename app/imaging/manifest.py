"""The scan manifest: ``manifest.json`` beside the page images, rewritten atomically after every page so a crash
mid-scan leaves a manifest that lists exactly the pages whose files are complete."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from app.core.errors import BadInputError
from app.core.files import atomic_write_bytes, sha256_file

MANIFEST = "manifest.json"


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
        data = json.dumps(asdict(self), ensure_ascii=False, indent=2).encode("utf-8")
        atomic_write_bytes(folder / MANIFEST, data)

    @classmethod
    def load(cls, path: Path, verify: bool = True) -> Manifest:
        """Read a manifest (the file or its folder) and check every page file against its checksum."""
        if path.is_dir():
            path = path / MANIFEST
        try:
            raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            pages = [ManifestPage(**p) for p in raw.pop("pages")]
            manifest = cls(**raw, pages=pages)
        except (OSError, ValueError, TypeError, KeyError) as exc:
            raise BadManifest(f"{path}: {exc}") from exc
        if verify:
            for page in manifest.pages:
                file = path.parent / page.file
                if not file.is_file() or sha256_file(file) != page.sha256:
                    raise BadManifest(f"{page.file}: missing or checksum mismatch")
        return manifest

    def page_paths(self, folder: Path) -> list[tuple[Path, int]]:
        return [(folder / p.file, p.dpi) for p in sorted(self.pages, key=lambda p: p.order)]
