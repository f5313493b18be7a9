"""The counter flow as the window runs it (CounterService, no Qt): scan a component from a paced feeder, check it,
build and sign. Prints how long the clerk waits after the last sheet, with the pages checked while the feeder runs
(`checks.while_scanning`, the default) and without (check only when the scan has ended).

    .venv/bin/python bench/counter_bench.py [--pages 20] [--ppm 30]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import stack

from app.core.config import Settings
from app.counter.service import Applicant, CounterService
from app.counter.station import load_sample_catalog
from scanner import ScanOptions


def run(pages_dir: Path, work: Path, pages: int, ppm: float, while_scanning: bool) -> dict[str, float]:
    settings = Settings(data_dir=str(work))
    settings.checks.while_scanning = while_scanning
    service = CounterService(settings)
    try:
        load_sample_catalog(service.store)
        dossier = service.new_dossier("1.008001", Applicant("Nguyễn Thị Lan", "001190012345", "0905123456", "Huế"),
                                      [])
        comp = service.add_component(dossier, "Tờ khai", must_digitize=True, declared_pages=pages)
        t0 = time.perf_counter()
        outcome = service.scan_component(comp, f"sim:{pages_dir}?ppm={ppm:g}", ScanOptions(dpi=300))
        scanned = time.perf_counter()
        assert len(outcome.pages) == pages, outcome.error
        findings = service.run_checks(comp)
        checked = time.perf_counter()
        for finding in findings:
            if finding.open and finding.severity == "block":
                service.resolve_finding(finding.id, "accept", "đo thời gian")
        service.build_pdf(comp)
        service.sign_component(comp, lambda *a, **k: None)
        signed = time.perf_counter()
    finally:
        service.close()
    return {"scan_s": scanned - t0, "check_after_scan_s": checked - scanned, "signed_after_scan_s": signed - scanned}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--ppm", type=float, default=30.0)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sohoa-counter-bench-"))
    pages_dir = work / "stack"
    stack(pages_dir, args.pages)
    print(f"{args.pages} pages, 300 dpi colour, {args.ppm:g}-ppm simulated feeder, standard profile, DEMO signature")
    figures = {}
    for label, flag in (("checked while scanning", True), ("checked after the scan", False)):
        figures[label] = run(pages_dir, work / label.replace(" ", "-"), args.pages, args.ppm, flag)
        f = figures[label]
        print(f"{label:24s} scan {f['scan_s']:5.1f} s; after the last sheet: checks done "
              f"{f['check_after_scan_s']:5.1f} s, signed {f['signed_after_scan_s']:5.1f} s")
    on = figures["checked while scanning"]["signed_after_scan_s"]
    off = figures["checked after the scan"]["signed_after_scan_s"]
    print(f"wait after the last sheet until signed: {on:.1f} s vs {off:.1f} s ({off / max(on, 1e-9):.1f}x)")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
