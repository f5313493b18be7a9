"""The longest event-loop stall of the counter window while a 20-page feeder runs (aim: ≤ 100 ms).

A 5 ms timer on the GUI thread records the gaps between its ticks while the simulated feeder delivers 20 pages of
300 dpi colour (thumbnails and the large view updating as pages arrive). Prints the longest gap, the 99th
percentile and how many gaps exceeded 100 ms.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui_stall.py [--pages 20] [--ppm 60]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--ppm", type=float, default=60.0, help="feeder speed; 0 = as fast as the machine goes")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    work = Path(tempfile.mkdtemp(prefix="sohoa-stall-"))
    os.environ["SOHOA_DATA_DIR"] = str(work / "data")
    os.environ["SOHOA_CONFIG"] = str(work / "settings.toml")

    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from app.core.config import load_settings
    from app.counter.service import Applicant, CounterService
    from app.counter.station import StationSetup, load_sample_catalog
    from app.imaging.samples import write_sample_stack
    from ui.context import AppContext
    from ui.i18n import Translations
    from ui.main_window import MainWindow
    from ui.style import STYLESHEET

    feeder = work / "feeder"
    started = time.perf_counter()
    unique = write_sample_stack(work / "unique", pages=min(4, args.pages), dpi=300, seed=5)
    feeder.mkdir()
    for number in range(args.pages):  # four rendered pages fed in turn: the GUI's cost does not depend on the text
        (feeder / f"page-{number + 1:03d}.png").write_bytes(unique[number % len(unique)].read_bytes())
    print(f"feeder: {args.pages} pages at 300 dpi written in {time.perf_counter() - started:.1f} s")

    app = QApplication(sys.argv[:1])
    app.setStyleSheet(STYLESHEET)
    translations = Translations(app)
    translations.use("vi")
    service = CounterService(load_settings())
    load_sample_catalog(service.store)
    window = MainWindow(AppContext(service.settings, service, translations))
    window.workspace.check_after_scan = False  # the stall while the feeder runs; the checks start after it
    device = f"sim:{feeder}" + (f"?ppm={args.ppm}" if args.ppm else "")
    window.start(StationSetup(device=device, devices=[(device, "feeder")]))
    window.show()
    dossier = service.new_dossier("1.008001", Applicant("Nguyễn Văn An", "001190012345"), [])
    service.add_component(dossier, "Quyết định cử đi công tác", must_digitize=True, declared_pages=args.pages)
    window.open_dossier(dossier)
    panel = window.workspace.scan_panel

    def settle_until(predicate, timeout_s: float = 600) -> None:  # type: ignore[no-untyped-def]
        end = time.monotonic() + timeout_s
        while not predicate() and time.monotonic() < end:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)

    settle_until(lambda: panel.component is not None)
    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]

    def tick() -> None:
        now = clock.nsecsElapsed()
        gaps.append((now - last[0]) / 1e6)
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()
    done: list[object] = []
    panel.scan_done.connect(done.append)
    began = time.perf_counter()
    panel.start_scan()
    loop = QEventLoop()
    panel.scan_done.connect(loop.quit)
    QTimer.singleShot(600_000, loop.quit)
    loop.exec()
    scan_seconds = time.perf_counter() - began
    settle_until(lambda: panel.strip.count() == args.pages, 30)
    timer.stop()
    window.close()
    service.store.close()

    stalls = sorted(g - 5 for g in gaps)
    worst = stalls[-1] if stalls else 0.0
    p99 = stalls[int(len(stalls) * 0.99)] if stalls else 0.0
    over = sum(1 for g in stalls if g > 100)
    pages = len(getattr(done[0], "pages", [])) if done else 0
    print(f"scanned {pages} pages in {scan_seconds:.1f} s ({args.ppm or 'max'} ppm feeder), {len(gaps)} ticks")
    print(f"longest event-loop stall: {worst:.1f} ms; p99 {p99:.1f} ms; stalls over 100 ms: {over}")
    return 0 if worst <= 100 else 1


if __name__ == "__main__":
    raise SystemExit(main())
