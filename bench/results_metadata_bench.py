"""Field accuracy of the result metadata pre-read (app.results.metadata) on held-out generated decisions: rendered at
300 dpi from app.results.decisions, given a scanner's look (app.checks.stackgen.scanned: paper tone, noise, blur,
JPEG, a small skew), read by OCR, each field compared exactly with what was printed.

    .venv/bin/python bench/results_metadata_bench.py --count 40            # seeds 1000.. (never used in tuning)
    .venv/bin/python bench/results_metadata_bench.py --count 10 --seed 0   # the tuning seeds
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter

from app.checks.stackgen import scanned
from app.results.decisions import FIELDS, decision_pdf, make_decision, render_pdf
from app.results.metadata import MetadataReader

READ_AS = {"ngay": "ngay_ban_hanh"}  # the decision's field -> the record's


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1000, help="first seed (held out: 1000 and up)")
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--clean", action="store_true", help="no scanner look")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    reader = MetadataReader()
    right: Counter[str] = Counter()
    wrong: list[dict[str, str]] = []
    seconds = []
    for seed in range(args.seed, args.seed + args.count):
        decision = make_decision(seed)
        page = render_pdf(decision_pdf(decision), args.dpi)[0]
        if not args.clean:
            page = scanned(page, random.Random(seed))
        started = time.perf_counter()
        meta = reader.page(page, args.dpi)
        seconds.append(time.perf_counter() - started)
        for name, expected in decision.fields().items():
            got = getattr(meta, READ_AS.get(name, name))
            if got == expected:
                right[name] += 1
            else:
                wrong.append({"seed": str(seed), "field": name, "expected": expected, "read": got})
    reader.close()
    total = args.count * len(FIELDS)
    report = {"decisions": args.count, "fields": total, "exact": sum(right.values()),
              "accuracy": round(sum(right.values()) / total, 4),
              "per_field": {name: round(right[name] / args.count, 3) for name in FIELDS},
              "seconds_per_page": round(sum(seconds) / len(seconds), 2), "wrong": wrong}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(f"{report['exact']}/{total} fields exact ({report['accuracy']:.1%}), "
              f"{report['seconds_per_page']} s a page")
        for name, share in report["per_field"].items():
            print(f"  {name:<11} {share:.1%}")
        for miss in wrong:
            print(f"  seed {miss['seed']} {miss['field']}: {miss['expected']!r} read {miss['read']!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
