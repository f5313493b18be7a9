"""Recall and false-alarm rate of every check code on generated, labelled stacks (app.checks.stackgen), and the
seconds per 300-dpi page the checks take without OCR.

    .venv/bin/python bench/checks_eval.py --per-defect 10 --clean 10          # OCR on, as the station runs
    .venv/bin/python bench/checks_eval.py --no-ocr --codes blank_page,cut_off  # image checks only
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

import cv2
from PIL import Image

from app.checks import CODES, PageCheck, Profile, check_page, check_set, load_profile
from app.checks.runner import PageSource, check_source, page_sources
from app.checks.stackgen import PAGE_DEFECTS, SET_DEFECTS, StackLabels, read_labels, write_suite
from app.imaging.pool import worker_pool

NEEDS_OCR = {"low_ocr_confidence", "missing_page", "out_of_order"}


def eval_profile(name: str) -> Profile:
    """The chosen profile with colour required, so that not_color is exercised."""
    return replace(load_profile(name), require_color=True)


def run_checks(stacks: list[Path], profile_name: str, ocr: bool, workers: int | None) -> dict[Path, list[PageCheck]]:
    profile = eval_profile(profile_name)
    jobs: list[tuple[Path, int, PageSource]] = []
    for folder in stacks:
        jobs += [(folder, n, src) for n, src in enumerate(page_sources(folder), start=1)]
    results: dict[Path, list[PageCheck]] = defaultdict(list)
    started = time.monotonic()
    with worker_pool(workers=workers, ocr=ocr) as pool:
        futures = [(folder, pool.submit(check_source, src, n, profile)) for folder, n, src in jobs]
        for i, (folder, future) in enumerate(futures, start=1):
            results[folder].append(future.result())
            if i % 40 == 0:
                print(f"  {i}/{len(futures)} pages, {time.monotonic() - started:.0f} s", file=sys.stderr)
    return results


def fixed(code: str, actions: list[dict[str, object]]) -> bool:
    """A turned page that Tesseract's OSD was sure of is rotated automatically: handled, as the issue asks."""
    turns = {a.get("degrees") for a in actions if a.get("action") == "rotate"}
    return (code == "upside_down" and 180 in turns) or (code == "sideways" and bool(turns & {90, 270}))


def score(stacks: list[Path], results: dict[Path, list[PageCheck]], profile_name: str) -> None:
    profile = eval_profile(profile_name)
    planted: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    auto: Counter[str] = Counter()
    false_pages: Counter[str] = Counter()
    clean_pages = 0
    clean_with_any = 0
    set_false: Counter[str] = Counter()
    misses: list[str] = []
    for folder in stacks:
        labels: StackLabels = read_labels(folder)
        pages = results[folder]
        found = [x for p in pages for x in p.findings] + check_set(pages, labels.declared_pages, profile)
        expected_codes = {e.code for e in labels.expected}
        for e in labels.expected:
            planted[e.code] += 1
            if any(x.code == e.code and (None in e.pages or x.page in e.pages) for x in found):
                caught[e.code] += 1
            elif any(p.page in e.pages and fixed(e.code, p.actions) for p in pages):
                caught[e.code] += 1
                auto[e.code] += 1
            else:
                misses.append(f"{folder.name}: {e.code} on {e.pages}; got "
                              f"{[(x.code, x.page, x.value) for x in found]}")
        for p in pages:
            if p.page in labels.defect_pages:
                continue
            clean_pages += 1
            codes = {x.code for x in found if x.page == p.page and x.code not in expected_codes}
            clean_with_any += bool(codes)
            for code in codes:
                false_pages[code] += 1
        for x in found:
            if x.page is None and x.code not in expected_codes:
                set_false[x.code] += 1
    print(f"\n{'code':22s} {'planted':>7s} {'recall':>8s} {'auto-fixed':>10s} {'false alarms (of clean pages)':>30s}")
    for code in CODES:
        recall = f"{100 * caught[code] / planted[code]:.1f} %" if planted[code] else "-"
        fa = false_pages[code] + set_false[code]
        print(f"{code:22s} {planted[code]:7d} {recall:>8s} {auto[code]:10d} {fa:>9d} = "
              f"{100 * fa / max(clean_pages, 1):5.2f} %")
    total_planted, total_caught = sum(planted.values()), sum(caught.values())
    print(f"{'overall':22s} {total_planted:7d} {100 * total_caught / max(total_planted, 1):6.1f} % "
          f"{clean_with_any:9d} = {100 * clean_with_any / max(clean_pages, 1):5.2f} % of {clean_pages} clean pages "
          f"with any finding; set-level false findings: {sum(set_false.values())} in {len(stacks)} stacks")
    for line in misses[:40]:
        print("  missed", line)


def checks_speed(stacks: list[Path], profile_name: str, pages: int = 12) -> None:
    """CPU seconds per page of check_page without OCR, on 300-dpi pages already decoded, one thread."""
    cv2.setNumThreads(1)
    profile = eval_profile(profile_name)
    timings = []
    for folder in stacks:
        for n, src in enumerate(page_sources(folder), start=1):
            if src.dpi < 300 or len(timings) >= pages:
                continue
            image: Image.Image = src.load()
            started = time.process_time()
            check_page(image, src.dpi, n, profile)
            timings.append(time.process_time() - started)
    if timings:
        print(f"\nchecks without OCR: {statistics.median(timings):.3f} s/page median, {max(timings):.3f} s max "
              f"({len(timings)} pages at 300 dpi, one core)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=Path("/tmp/sohoa-checks-eval"))
    parser.add_argument("--per-defect", type=int, default=8)
    parser.add_argument("--clean", type=int, default=8)
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", default="standard")
    parser.add_argument("--no-ocr", action="store_true")
    parser.add_argument("--codes", default="", help="only stacks of these codes (comma-separated) and clean ones")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--rescore", action="store_true", help="reuse the page checks saved by an earlier run")
    args = parser.parse_args()
    started = time.monotonic()
    wanted = set(args.codes.split(",")) - {""} if args.codes else set(PAGE_DEFECTS + SET_DEFECTS)
    if args.no_ocr:
        wanted -= NEEDS_OCR
    stacks = write_suite(args.root / f"{args.dpi}dpi-seed{args.seed}", args.per_defect, args.clean, dpi=args.dpi,
                         seed=args.seed, workers=args.workers, codes=wanted)
    print(f"{len(stacks)} stacks generated in {time.monotonic() - started:.0f} s", file=sys.stderr)
    mode = "image" if args.no_ocr else "ocr"
    cache = args.root / f"{args.dpi}dpi-seed{args.seed}" / f"results-{args.profile}-{mode}.pkl"
    saved: dict[str, list[PageCheck]] = pickle.loads(cache.read_bytes()) if args.rescore and cache.is_file() else {}
    todo = [s for s in stacks if s.name not in saved]
    results = {s: saved[s.name] for s in stacks if s.name in saved}
    results.update(run_checks(todo, args.profile, not args.no_ocr, args.workers) if todo else {})
    cache.write_bytes(pickle.dumps({**saved, **{s.name: r for s, r in results.items()}}))
    score(stacks, results, args.profile)
    checks_speed(stacks, args.profile)
    print(f"total {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
