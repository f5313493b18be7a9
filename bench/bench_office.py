"""Figures for the office side: codes issued per second, receipt rendering, catalog search and the report.

Run: .venv/bin/python bench/bench_office.py  (prints timings; asserts nothing)."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.catalog.files import SAMPLE_CATALOG
from app.catalog.store import Catalog
from app.core.config import Settings
from app.core.storage import Store
from app.dossiers.codes import DossierCodes
from app.dossiers.intake import open_dossier
from app.dossiers.model import Applicant
from app.papers.receipts import issue_receipt, render
from app.reports.export import write_charts, write_xlsx
from app.reports.figures import Period, build_report


def timed(label: str, count: int, work) -> None:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    for _ in range(count):
        work()
    elapsed = time.perf_counter() - start
    print(f"{label:<38} {elapsed / count * 1000:8.2f} ms each ({count} runs)")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        store, settings = Store(Path(folder)), Settings()
        timed("catalog import (sample, 11 procedures)", 5, lambda: Catalog(store).import_file(SAMPLE_CATALOG))
        codes = DossierCodes(store, settings)
        timed("next dossier code", 150, codes.next_code)
        timed("type-ahead search 'ho chieu'", 200, lambda: Catalog(store).search("ho chieu"))
        opened = [open_dossier(store, settings, "1.008050", Applicant("Nguyễn Văn A", "001090000001"))
                  for _ in range(40)]
        out = Path(folder) / "r.pdf"
        timed("issue + render Mẫu 01 (A5)", 10, lambda: render(issue_receipt(store, settings, opened[0].code), out))
        period = Period.parse(year=time.strftime("%Y"))
        timed("build report (40 dossiers)", 10, lambda: build_report(store.db, period))
        report = build_report(store.db, period)
        timed("write XLSX with charts", 5, lambda: write_xlsx(report, Path(folder) / "r.xlsx"))
        timed("write 2 PNG charts", 3, lambda: write_charts(report, Path(folder), "r"))


if __name__ == "__main__":
    main()
