"""Drain a queue of 1,000 small dossiers to the reference receiver on loopback; print dossiers/s and memory.

    .venv/bin/python bench/outbox_bench.py [--dossiers 1000] [--size 4096] [--memory-disk]

Every receipt is durable on both sides (fsync), so on a real disk the rate is bounded by the disk's sync latency;
``--memory-disk`` shows the rate without it.
Memory is sampled while draining (RSS after each tenth of the queue) to show that it stays flat.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core.config import Settings
from app.core.storage import Store
from app.dossiers.model import NewDossier
from app.dossiers.store import DossierStore
from app.outbox import OutboxFile, RetryPolicy, State, SyncWorker, counts, enqueue_dossier
from app.outbox.adapters import destination_from_settings
from app.receiver import start_receiver_process


def rss_mib() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def fill(store: Store, count: int, size: int) -> None:
    dossiers = DossierStore(store, clerk="bench", station="ST01")
    with store.atomic() as db:
        for n in range(count):
            dossier_id = dossiers.create(f"000.00.01.H22-261124-{n + 1:04d}", NewDossier("1.000948", f"Công dân {n}"))
            relative = f"dossiers/{dossier_id}/1/to-khai.pdf"
            data = b"%PDF-1.4\n" + os.urandom(size)
            path = store.path(relative)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            files = [OutboxFile("to-khai.pdf", Path(relative), hashlib.sha256(data).hexdigest(), len(data), "Tờ khai")]
            enqueue_dossier(db, dossier_id, files, "sohoa")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=1000)
    parser.add_argument("--size", type=int, default=4096)
    parser.add_argument("--memory-disk", action="store_true",
                        help="put both databases on /dev/shm: the figure without the disk's fsync latency")
    args = parser.parse_args()
    where = "/dev/shm" if args.memory_disk else None
    with tempfile.TemporaryDirectory(prefix="sohoa-bench-", dir=where) as tmp:
        root = Path(tmp)
        store = Store(root / "station")
        t0 = time.perf_counter()
        fill(store, args.dossiers, args.size)
        print(f"queued {args.dossiers} dossiers of {args.size} bytes in {time.perf_counter() - t0:.1f} s")
        url, stop = start_receiver_process(root / "receiver")
        destination = destination_from_settings(Settings(), url)
        worker = SyncWorker(store, {"sohoa": destination}, policy=RetryPolicy(base=0.05, cap=1.0))
        samples: list[tuple[int, float]] = []
        done = threading.Event()
        thread = threading.Thread(target=lambda: (worker.drain(600), done.set()))
        start = time.perf_counter()
        thread.start()
        step = max(1, args.dossiers // 10)
        while not done.wait(0.05):
            sent = counts(store.db)[State.SENT]
            if sent >= (len(samples) + 1) * step:
                samples.append((sent, rss_mib()))
        thread.join()
        elapsed = time.perf_counter() - start
        sent = counts(store.db)[State.SENT]
        destination.close()
        stop()
    print(f"sent {sent}/{args.dossiers} dossiers in {elapsed:.1f} s: {sent / elapsed:.0f} dossiers/s")
    print("RSS while draining (sent: MiB): " + ", ".join(f"{n}: {m:.0f}" for n, m in samples))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the station process: {peak:.0f} MiB")
    return 0 if sent == args.dossiers else 1


if __name__ == "__main__":
    raise SystemExit(main())
