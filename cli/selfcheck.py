"""``sohoa selfcheck [--json]``: Tesseract and its languages, fonts, a one-page PDF/A, the database, the scanners.

Exit 0 when everything works; 1 with one Vietnamese line per problem otherwise (for admins, installers and CI).
"""

from __future__ import annotations

import argparse
import json
import sys

from app.core.errors import ExitCode
from app.counter.selfcheck import report, run_checks

ORDER = 90


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("selfcheck", help="tự kiểm tra máy trạm / check this workstation")
    p.add_argument("--json", action="store_true", help="machine-readable report")
    p.set_defaults(func=cmd_selfcheck)


def cmd_selfcheck(args: argparse.Namespace) -> int:
    results = run_checks()
    summary = report(results)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        for result in results:
            mark = "OK " if result.ok else "LỖI"
            print(f"[{mark}] {result.name}: {result.detail} ({result.seconds:.2f} s)")
            for warning in result.warnings_vi:
                print(f"      ! {warning}")
    for result in results:
        if not result.ok:
            print(f"sohoa selfcheck: {result.problem_vi}", file=sys.stderr)
    return ExitCode.OK if summary["ok"] else ExitCode.BLOCKED
