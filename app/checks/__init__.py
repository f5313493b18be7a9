"""Page quality and completeness checks against the paper original (TT 01/2023/TT-VPCP Art. 8(2)).

``check_page`` runs on each page as it arrives, ``check_set`` on the whole set at the end; ``check_path`` does both
for a folder of page images, a scan manifest or a PDF.
"""

from __future__ import annotations

from app.checks.findings import BLOCK, CODES, WARN, Finding
from app.checks.page import PageCheck, PageFeatures, check_page
from app.checks.profiles import BUILTIN, Profile, load_profile
from app.checks.report import CheckReport
from app.checks.runner import check_image, check_pages, check_path, page_sources
from app.checks.sets import check_set

__all__ = ["BLOCK", "BUILTIN", "CODES", "WARN", "CheckReport", "Finding", "PageCheck", "PageFeatures", "Profile",
           "check_image", "check_page", "check_pages", "check_path", "check_set", "load_profile", "page_sources"]
