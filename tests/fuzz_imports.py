"""A seeded mutator over page images, TIFFs, PDFs and scan manifests, run through ``sohoa scan --device file:`` and
``sohoa check`` in this one process (started by tests/test_fuzz_imports.py under a memory limit).

Prints one JSON line: how many inputs ran, their exit codes, and every input that broke a promise (a traceback, an
exit code other than 0/1/2, a refusal without a message, or a refusal that left something written)."""

from __future__ import annotations

import contextlib
import io
import json
import random
import signal
import sys
import traceback
from pathlib import Path
from typing import Any

import pikepdf
from PIL import Image

from app.core.files import sha256_file
from app.imaging.manifest import Manifest, ManifestPage
from cli import main

INTERESTING = [0, 1, 0x7F, 0x80, 0xFF, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF]
JSON_VALUES: list[Any] = [0, -300, 10**9, "abc", None, [], {}, 1.5, True, "../x.png", "/etc/passwd", "\x00", 2**63]
PER_INPUT_SECONDS = 60


def seeds(folder: Path) -> dict[str, bytes]:
    buffers: dict[str, bytes] = {}
    page = Image.new("L", (240, 320), 250)
    for suffix, fmt in ((".png", "PNG"), (".jpg", "JPEG")):
        out = io.BytesIO()
        page.convert("RGB").save(out, fmt, dpi=(150, 150))
        buffers[suffix] = out.getvalue()
    out = io.BytesIO()
    page.save(out, "TIFF", save_all=True, append_images=[page, page], dpi=(150, 150), compression="packbits")
    buffers[".tiff"] = out.getvalue()
    pdf = pikepdf.new()
    for _ in range(2):
        pdf.add_blank_page(page_size=(100, 140))
    out = io.BytesIO()
    pdf.save(out)
    buffers[".pdf"] = out.getvalue()
    return buffers


def mutate(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        choice = rng.randrange(6)
        at = rng.randrange(len(buf)) if buf else 0
        if choice == 0 and buf:  # flip bits
            buf[at] ^= 1 << rng.randrange(8)
        elif choice == 1:  # an interesting 32-bit value (sizes, offsets, counts)
            value = rng.choice(INTERESTING)
            buf[at:at + 4] = value.to_bytes(4, rng.choice(["little", "big"]))
        elif choice == 2:  # cut
            del buf[at:]
        elif choice == 3:  # repeat a chunk
            buf[at:at] = buf[at:at + rng.randint(1, 64)] * rng.randint(1, 8)
        elif choice == 4:  # delete a chunk
            del buf[at:at + rng.randint(1, 64)]
        else:  # random bytes
            buf[at:at + 8] = rng.randbytes(8)
    return bytes(buf)


def manifest_case(folder: Path, rng: random.Random, image: bytes) -> Path:
    folder.mkdir()
    (folder / "page-0001.png").write_bytes(image)
    page = ManifestPage(1, "page-0001.png", 150, sha256_file(folder / "page-0001.png"), 240, 320, "RGB")
    Manifest("file:x", "adf", 150, "color", "2026-01-01T00:00:00", [page]).save(folder)
    raw = json.loads((folder / "manifest.json").read_text())
    target = raw["pages"][0] if rng.random() < 0.7 else raw
    target[rng.choice(sorted(target))] = rng.choice(JSON_VALUES)
    text = json.dumps(raw)
    if rng.random() < 0.3:
        text = mutate(text.encode(), rng).decode("utf-8", "surrogateescape")
    (folder / "manifest.json").write_bytes(text.encode("utf-8", "surrogateescape"))
    return folder


def snapshot(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def _timeout(signum: int, frame: object) -> None:
    raise TimeoutError("input took too long")


def run_one(args: list[str], workdir: Path) -> dict[str, Any]:
    before = snapshot(workdir)
    err = io.StringIO()
    signal.alarm(PER_INPUT_SECONDS)
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(args)
    except BaseException:  # anything escaping main is the finding this harness exists to report
        code, err = -1, io.StringIO(err.getvalue() + traceback.format_exc())
    finally:
        signal.alarm(0)
    text = err.getvalue()
    problem = ""
    if code not in (0, 1, 2) or "Traceback" in text:
        problem = "crash"
    elif code == 2 and "sohoa:" not in text:
        problem = "no message"
    elif code == 2 and snapshot(workdir) != before:
        problem = f"wrote {sorted(snapshot(workdir) - before)[:3]}"
    return {"code": code, "problem": problem, "stderr": text[-600:]}


def run(work: Path, count: int, seed: int) -> dict[str, Any]:
    signal.signal(signal.SIGALRM, _timeout)
    rng = random.Random(seed)
    base = seeds(work)
    codes: dict[str, int] = {}
    failures: list[dict[str, Any]] = []
    kinds = [".png", ".jpg", ".tiff", ".pdf", "manifest"]
    for n in range(count):
        kind = kinds[n % len(kinds)]
        case = work / f"case-{n:03d}"
        case.mkdir()
        if kind == "manifest":
            target = manifest_case(case / "scan", rng, base[".png"])
            args = ["check", str(target), "--no-ocr", "--declared-pages", "1"]
        else:
            target = case / f"input{kind}"
            target.write_bytes(mutate(base[kind], rng))
            args = ["scan", "--device", f"file:{target}", "--out", str(case / "out")]
        result = run_one(args, case)
        codes[str(result["code"])] = codes.get(str(result["code"]), 0) + 1
        if result["problem"]:
            failures.append({"case": n, "kind": kind, "args": args, **result})
    return {"count": count, "codes": codes, "failures": failures}


if __name__ == "__main__":
    print(json.dumps(run(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])), ensure_ascii=False))
