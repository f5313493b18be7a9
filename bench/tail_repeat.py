"""The paced run of `bench/pipeline_bench.py` several times in a row, to show the spread of the tail on this machine.

    PYTHONPATH=. .venv/bin/python bench/tail_repeat.py [--runs 3] [--pages 20] [--ppm 30]

Each run is `sohoa capture`'s streaming flow on the bench's stack with a simulated feeder at ``--ppm`` (workers
started with the run), the standard checks and the DEMO signature, as pipeline_bench.py's first figure. Prints, per
run, when the last three sheets left the feeder and when each was processed, and the signed file's moment less the
feeder's own time (the aim's measure: start-up counted).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine, stack
from pipeline_bench import run_sohoa, sign_step

from app.checks import load_profile


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--ppm", type=float, default=30.0)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="sohoa-tail-"))
    pages = stack(root / "stack", args.pages)
    feeder_s = args.pages * 60 / args.ppm
    load = os.getloadavg()
    print(machine())
    print(f"{args.pages} pages at {args.ppm:g} ppm, {args.runs} runs; load average at start "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    for run in range(args.runs):
        work = root / f"run-{run}"
        work.mkdir()
        timeline, _ = run_sohoa(pages[0].parent, work, args.ppm, sign_step(work), load_profile("standard"),
                                args.pages)
        last = "; ".join(f"page {p['page']} out {p['arrived_s']:.2f} s, done {p['done_s']:.2f} s"
                         for p in timeline["pages"][-3:])
        print(f"run {run + 1}: {last}; PDF/A {timeline['pdf_ready_s']:.2f} s; signed {timeline['signed_s']:.2f} s "
              f"→ {timeline['signed_s'] - feeder_s:.2f} s after the feeder's own {feeder_s:.0f} s", flush=True)
        shutil.rmtree(work)
    shutil.rmtree(root)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
