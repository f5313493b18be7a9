"""The result of checking a set of pages, in the JSON shape ``sohoa check --json`` prints and the GUI reads."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from app.checks.findings import CODES, Finding
from app.checks.page import PageCheck
from app.checks.profiles import Profile
from app.checks.sets import check_set


@dataclass
class CheckReport:
    declared_pages: int | None
    pages: list[PageCheck]
    set_findings: list[Finding] = field(default_factory=list)
    profile: str = "standard"

    @classmethod
    def of(cls, pages: list[PageCheck], declared_pages: int | None, profile: Profile,
           copies: int = 1) -> CheckReport:
        """The page checks and the set checks run over them, against the declared page count and the copies the
        catalog expects."""
        return cls(declared_pages, pages, check_set(pages, declared_pages, profile, copies), profile.name)

    @property
    def findings(self) -> list[Finding]:
        """Every finding, page findings and set findings, by page (set-wide ones first) then by code."""
        every = [x for p in self.pages for x in p.findings] + self.set_findings
        return sorted(every, key=lambda x: (x.page or 0, CODES.index(x.code) if x.code in CODES else 99))

    @property
    def ok(self) -> bool:
        return not any(x.blocks for x in self.findings)

    def page_findings(self, page: int) -> list[Finding]:
        return [x for x in self.findings if x.page == page]

    def to_dict(self) -> dict[str, Any]:
        return {
            "declared_pages": self.declared_pages,
            "pages": [{"page": p.page, "findings": [x.to_dict() for x in self.page_findings(p.page)],
                       "actions": list(p.actions)} for p in self.pages],
            "findings": [x.to_dict() for x in self.findings],
            "ok": self.ok,
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def summary_lines(self, lang: str = "vi") -> list[str]:
        """One line per finding, for the terminal and logs."""
        lines = []
        for x in self.findings:
            where = f"trang {x.page}" if lang == "vi" else f"page {x.page}"
            mark = "CHẶN" if x.blocks and lang == "vi" else "BLOCK" if x.blocks else "LƯU Ý" if lang == "vi" else "WARN"
            text = x.message_vi if lang == "vi" else x.message_en
            lines.append(f"[{mark}] {x.code} ({where if x.page else '-'}): {text}")
        return lines
