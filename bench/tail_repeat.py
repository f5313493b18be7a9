"""The paced run of `bench/pipeline_bench.py` several times in a row, to show the spread of the tail on this machine.

    PYTHONPATH=. .venv/bin/python bench/tail_repeat.py [--runs 3] [--pages 20] [--ppm 30] [--cli]

Each run is `sohoa capture`'s streaming flow on the bench's stack with a simulated feeder at ``--ppm`` (workers
started with the run), the standard checks and the DEMO signature, as pipeline_bench.py's first figure. Prints, per
run, when the last three sheets left the feeder and when each was processed, and the signed file's moment less the
feeder's own time (the aim's measure: start-up counted).

``--cli`` runs the command itself, ``python -m cli capture``, in a new process each time, and times it from the
moment it is started to the moment its signed file appears: the interpreter, the imports and the settings are
counted too, as a clerk or a script starting `sohoa capture` sees it (the command opens its signer while the feeder
warms up). The station's data folder (with its DEMO certificate, made once before the runs, as on a station in use)
is a fresh one for the bench.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine, stack
from pipeline_bench import run_sohoa, sign_step

from app.checks import load_profile
from app.core.config import Settings
from app.signing.station import station_signer

ROOT = Path(__file__).resolve().parent.parent


def run_cli(folder: Path, work: Path, ppm: float, pages: int, data: Path) -> tuple[float, dict[str, Any]]:
    """``sohoa capture`` in a new process: seconds from starting it to its signed file, and its timeline (whose
    moments count from the run's start, inside the process)."""
    out = work / "signed.pdf"
    cmd = [sys.executable, "-m", "cli", "capture", "--device", f"sim:{folder}", "--ppm", f"{ppm:g}",
           "--declared-pages", str(pages), "--out", str(out), "--keep-pages", str(work / "pages"), "--json"]
    env = {**os.environ, "SOHOA_DATA_DIR": str(data), "SOHOA_CONFIG": str(data / "settings.toml"),
           "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    while process.poll() is None and not out.exists():  # written whole under a temporary name, then renamed
        time.sleep(0.01)
    signed = time.perf_counter() - start
    stdout, stderr = process.communicate()
    if process.returncode != 0 or not out.exists():
        raise SystemExit(f"sohoa capture failed ({process.returncode}): {stderr[-2000:]}")
    return signed, json.loads(stdout)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--ppm", type=float, default=30.0)
    parser.add_argument("--cli", action="store_true", help="run `python -m cli capture` itself, timed from its start")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="sohoa-tail-"))
    pages = stack(root / "stack", args.pages)
    feeder_s = args.pages * 60 / args.ppm
    load = os.getloadavg()
    print(machine())
    print(f"{args.pages} pages at {args.ppm:g} ppm, {args.runs} runs{', the command itself' if args.cli else ''}; "
          f"load average at start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    data = root / "station"
    if args.cli:
        station_signer(Settings(data_dir=str(data)))  # the station's DEMO certificate, made before the runs
    for run in range(args.runs):
        work = root / f"run-{run}"
        work.mkdir()
        if args.cli:
            signed, timeline = run_cli(pages[0].parent, work, args.ppm, args.pages, data)
            before = signed - timeline["signed_s"]
            print(f"run {run + 1}: signed file {signed:.2f} s after `sohoa capture` was started → "
                  f"{signed - feeder_s:.2f} s after the feeder's own {feeder_s:.0f} s (the run started "
                  f"{before:.2f} s after the command: the interpreter, the imports, the settings; in the run the last "
                  f"sheet left the feeder at {timeline['pages'][-1]['arrived_s']:.2f} s)", flush=True)
            shutil.rmtree(work)
            continue
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
