"""Page quality and completeness checks against the paper original (TT 01/2023/TT-VPCP Art. 8(2)).

``check_page`` runs on each page as it arrives, ``check_set`` on the whole set at the end; ``check_path`` does both
for a folder of page images, a scan manifest or a PDF.

The names below load on first use (PEP 562): the window imports ``app.checks.findings`` before its first paint, and
must not pull in OpenCV, Tesseract and the PDF stack that the runner needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.lazy import lazy_exports

if TYPE_CHECKING:
    from app.checks.findings import BLOCK, CODES, WARN, Finding
    from app.checks.page import PageCheck, PageFeatures, check_page
    from app.checks.profiles import BUILTIN, Profile, load_profile
    from app.checks.report import CheckReport
    from app.checks.runner import check_image, check_pages, check_path, page_sources
    from app.checks.sets import check_set

_WHERE = {
    "BLOCK": "findings", "CODES": "findings", "WARN": "findings", "Finding": "findings",
    "PageCheck": "page", "PageFeatures": "page", "check_page": "page",
    "BUILTIN": "profiles", "Profile": "profiles", "load_profile": "profiles",
    "CheckReport": "report",
    "check_image": "runner", "check_pages": "runner", "check_path": "runner", "page_sources": "runner",
    "check_set": "sets",
}

__all__ = ["BLOCK", "BUILTIN", "CODES", "WARN", "CheckReport", "Finding", "PageCheck", "PageFeatures", "Profile",
           "check_image", "check_page", "check_pages", "check_path", "check_set", "load_profile", "page_sources"]


__getattr__, __dir__ = lazy_exports(__name__, _WHERE)
