"""How long the frozen bundle takes to build and start, and how big it is (prints figures; no assertions).

Usage: .venv/bin/python bench/package_build.py [--no-build]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "packaging" / "dist" / "sohoa"


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-build", action="store_true", help="only time the start of an existing bundle")
    args = parser.parse_args()
    if not args.no_build:
        started = time.monotonic()
        subprocess.run(["make", "package"], cwd=ROOT, check=True, capture_output=True)
        print(f"make package: {time.monotonic() - started:.1f} s")
    exe = BUNDLE / ("sohoa-cli.exe" if sys.platform == "win32" else "sohoa")
    started = time.monotonic()
    subprocess.run([str(exe), "--version"], check=True, capture_output=True)
    print(f"frozen --version: {time.monotonic() - started:.2f} s")
    started = time.monotonic()
    subprocess.run([str(exe), "selfcheck"], check=False, capture_output=True)
    print(f"frozen selfcheck: {time.monotonic() - started:.2f} s")
    print(f"bundle size: {folder_size(BUNDLE) / 2**20:.0f} MiB in {sum(1 for _ in BUNDLE.rglob('*'))} files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
